"""Broadcasts are signed: sender's name, role and area, on Telegram and on Zalo, in budget."""

from __future__ import annotations

import base64

import pytest

from storage import members
from tests.conftest import TOKEN
from tests.test_zalo_e2e import join
from tests.zalo_helpers import ZaloPerson, free_port

PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# The sender's name is user-supplied: markup in it must arrive as typed, escaped.
NAME = "Trần Thị <b>&amp;"
SIGNED = "— Trần Thị <b>&amp;, cán bộ điều phối Xã Bảo Yên"  # as shown
SIGNED_HTML = "<i>— Trần Thị &lt;b&gt;&amp;amp;, cán bộ điều phối Xã Bảo Yên</i>"


async def make_coordinator(bot, roster, person):
    await person.join(roster.team_b.invite_code)
    async with bot.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, person.id)
        await members.set_role(
            conn, member.id, "coordinator", roster.commune.id, "2026-11-27T00:00:00Z"
        )
    return person


async def choose_audience(boss):
    """Area, audience, filter; return the preview of the announcement (before the card)."""
    await boss.tap("Xã Bảo Yên")
    await boss.tap("Thành viên và tổ trưởng")
    seen = len(boss.double.bot_messages(boss.id))
    await boss.tap("Mọi người")
    await boss.double.wait_for_bot_message(
        boss.id, predicate=lambda m: "Gửi lúc nào" in (m.plain_text or "")
    )
    return boss.double.bot_messages(boss.id)[seen]


async def test_a_broadcast_arrives_signed_and_the_preview_shows_it(
    running, roster, people, double
):
    boss = await make_coordinator(running, roster, people(first_name=NAME))
    lan = people(first_name="Lan")
    await lan.join(roster.team_a.invite_code)
    await boss.say("/broadcast")
    await boss.say("Họp tổ lúc 8h sáng mai")
    preview = await choose_audience(boss)
    assert preview.plain_text == f"Họp tổ lúc 8h sáng mai\n\n{SIGNED}"
    assert preview.text.endswith(SIGNED_HTML)
    await boss.tap("Gửi ngay")
    received = await double.wait_for_bot_message(
        lan.id, predicate=lambda m: "Họp tổ" in (m.plain_text or "")
    )
    assert received.text == f"Họp tổ lúc 8h sáng mai\n\n{SIGNED_HTML}"
    assert received.plain_text.endswith(SIGNED)


async def test_a_text_too_long_with_the_signature_is_refused_and_the_dialog_goes_on(
    running, roster, people, double
):
    boss = await make_coordinator(running, roster, people(first_name=NAME))
    await people(first_name="Lan").join(roster.team_a.invite_code)
    await boss.say("/broadcast")
    room = 4096 - 2 - len(SIGNED)  # the English signature is shorter
    refused = await boss.say("a" * (room + 1))

    def vi(number: int) -> str:
        return f"{number:,}".replace(",", ".")

    assert refused.plain_text == (
        f"Thông báo dài {vi(room + 1)} ký tự. Kèm chữ ký người gửi, thông báo chỉ được tối đa"
        f" {vi(room)} ký tự. Bạn rút gọn rồi gửi lại nhé, hoặc gõ /cancel để thôi."
    )
    picker = await boss.say("a" * room)  # exactly the room left: accepted
    assert "Gửi đến khu vực nào?" in picker.plain_text
    preview = await choose_audience(boss)
    assert len(preview.plain_text) == 4096  # Telegram's limit, signature included


async def test_a_photo_caption_leaves_room_for_the_signature(running, roster, people, double):
    boss = await make_coordinator(running, roster, people(first_name=NAME))
    await people(first_name="Lan").join(roster.team_a.invite_code)
    await boss.say("/broadcast")
    room = 1024 - 2 - len(SIGNED)
    seen = len(double.bot_messages(boss.id))
    double.send_photo(boss.id, PNG_1X1, caption="b" * (room + 1))
    refused = await double.wait_for_bot_message(boss.id, after=seen)
    assert f"tối đa {room:,} ký tự".replace(",", ".") in refused.plain_text
    seen = len(double.bot_messages(boss.id))
    double.send_photo(boss.id, PNG_1X1)  # no caption: the signature is the caption
    await double.wait_for_bot_message(boss.id, after=seen)
    preview = await choose_audience(boss)
    assert preview.photo and preview.plain_caption == SIGNED


# --- Zalo ------------------------------------------------------------------------------------
# The Zalo double flags any tag-like text as markup shown raw, a name like NAME included.
ZALO_NAME = "Trần Thị Hoa & Co"
ZALO_SIGNED = "— Trần Thị Hoa & Co, cán bộ điều phối Xã Bảo Yên"


@pytest.fixture
async def both(double, deploy, roster):
    """One deployment serving Telegram (through its double) and Zalo, over one database."""
    return await deploy(
        bot_token=TOKEN,
        telegram_api_url=double.base_url,
        public_url=f"http://127.0.0.1:{free_port()}",
    )


async def test_zalo_receives_the_signature_as_plain_text_within_its_limit(
    zalo, double, both, roster, people
):
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    boss = await make_coordinator(both, roster, people(first_name=ZALO_NAME))
    await boss.say("/broadcast")
    body = " ".join(["Họp tổ lúc 8h sáng mai."] * 120)  # 2,879 characters: two Zalo messages
    await boss.say(body)
    await choose_audience(boss)
    await boss.tap("Gửi ngay")
    await zalo.wait_until(
        lambda: any(ZALO_SIGNED in m.text for m in zalo.bot_messages(lan.zalo_id)), timeout=20
    )
    pieces = [
        m.text
        for m in zalo.bot_messages(lan.zalo_id)
        if "Họp tổ" in m.text or ZALO_SIGNED in m.text
    ]
    assert all(len(piece) <= 2000 for piece in pieces)
    assert pieces[-1].endswith(f"\n\n{ZALO_SIGNED}")  # whole, at the end of the last piece
    assert " ".join(pieces).replace("\n\n" + ZALO_SIGNED, "").split() == body.split()


async def test_a_photo_broadcast_reaches_zalo_with_the_signed_caption(
    zalo, double, both, roster, people
):
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    boss = await make_coordinator(both, roster, people(first_name=ZALO_NAME))
    await boss.say("/broadcast")
    seen = len(double.bot_messages(boss.id))
    double.send_photo(boss.id, PNG_1X1, caption="Lịch tập huấn")
    await double.wait_for_bot_message(boss.id, after=seen)
    await choose_audience(boss)
    await boss.tap("Gửi ngay")
    photo = await zalo.wait_for_bot_message(lan.zalo_id, predicate=lambda m: m.kind == "photo")
    assert photo.caption == f"Lịch tập huấn\n\n{ZALO_SIGNED}"
