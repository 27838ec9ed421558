"""The bot on Zalo, through the Zalo double: joining, reporting, jobs, both messengers at once."""

from __future__ import annotations

import asyncio
import base64
import signal
from datetime import datetime
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from schedules.broadcasts import report_progress
from storage import members, outbox, reports
from storage.chat_ids import ZALO_ID_BASE
from storage.db import Database
from tests.conftest import TOKEN, polled, start_bot_process
from tests.zalo_helpers import ZALO_TOKEN, Deployment, ZaloPerson, free_port

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 27, hour, minute, tzinfo=TZ)


async def join(person: ZaloPerson, invite_code: str, phone: str | None = None) -> None:
    """Join by typing: the code, 1 (consent), the phone or Bỏ qua, 1 (the Zalo name is used)."""
    consent = await person.say(invite_code)
    assert "1. " in consent.text and "Trả lời 1 hoặc 2." in consent.text
    await person.say("1")  # agree
    confirm = await person.say(phone or "bỏ qua")
    assert "Trả lời" in confirm.text
    await person.say("1", expect="")  # confirm


async def test_volunteer_joins_on_zalo_by_typing(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    consent = await lan.say(roster.team_a.invite_code)
    assert "<" not in consent.text  # HTML reduced to text
    assert "1. " in consent.text and "2. " in consent.text
    phone_question = await lan.say("1")  # consent; the Zalo display name is the name
    assert "Họ tên: Nguyễn Thị Lan" in phone_question.text
    assert "Gõ số điện thoại" in phone_question.text
    assert "Bấm" not in phone_question.text  # Zalo's own wording: there is nothing to tap
    confirm = await lan.say("0912 345 678")
    assert "0912 345 678" in confirm.text
    await lan.say("1")
    internal = await lan.internal_id(bot.db)
    member = await members.get_by_chat_id(bot.db.reader, internal)
    assert internal > ZALO_ID_BASE
    assert (member.full_name, member.phone, member.team_id) == (
        "Nguyễn Thị Lan",
        "+84912345678",
        roster.team_a.id,
    )
    assert lan.sent == 4  # code, consent, phone, confirm


async def test_report_on_zalo_with_typed_numbers(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    lan.sent = 0
    card = await lan.say("1")  # 📝 Báo cáo in the main menu
    assert "1. 🪪 VNeID" in card.text
    first_question = await lan.say("1")  # VNeID: two numbers
    assert "câu 1/2" in first_question.text and "1. " not in first_question.text
    second_question = await lan.say("1")  # one resident helped
    # The second number may be skipped: typed "1" must still be a value, and Skip a word.
    assert "«Bỏ qua»" in second_question.text and "1. " not in second_question.text
    assert "bấm" not in second_question.text
    confirm = await lan.say("1", expect="Trả lời")  # one account activated, not Skip
    assert "Gửi" in confirm.text
    stale = await lan.say("9")  # the confirmation card has four options
    assert "Không có lựa chọn số 9" in stale.text and "1, 2, 3 hoặc 4" in stale.text
    saved = await lan.say("1", expect="Đã lưu")  # ✅ Gửi
    assert saved is not None
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    stored = await reports.for_member(bot.db.reader, member.id, limit=10)
    assert [(r.category, r.values) for r in stored] == [
        ("vneid", {"residents_helped": 1, "vneid_activated": 1})
    ]
    assert lan.sent == 6  # menu, activity, two numbers, the stale 9, send


async def test_reminder_on_zalo_and_report_now_by_number(zalo, deploy, roster, clock):
    bot = await deploy()
    minh = ZaloPerson(zalo, "Lê Văn Minh")
    await join(minh, roster.team_a.invite_code)
    seen = minh.seen()
    clock.set(at(16, 2))
    assert (await bot.tick())["reminder:daily"]["reminded"] == 1
    reminder = await zalo.wait_for_bot_message(
        minh.zalo_id, contains="chưa gửi báo cáo", after=seen
    )
    assert "1. 📝 Báo cáo ngay" in reminder.text and "Trả lời 1, 2 hoặc 3." in reminder.text
    assert "trả lời 1 để báo cáo ngay" in reminder.text  # Zalo's wording: nothing to tap
    card = await minh.say("1")
    assert "Chọn một hoạt động" in card.text


async def make_coordinator(bot: Deployment, person: ZaloPerson, roster) -> None:
    async with bot.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, await person.internal_id(bot.db))
        await members.set_role(
            conn, member.id, "coordinator", roster.commune.id, "2026-11-27T00:00:00Z"
        )


async def test_daily_summary_on_zalo_sends_the_chart_by_signed_link(zalo, deploy, roster, clock):
    bot = await deploy(public_url=f"http://127.0.0.1:{free_port()}")
    phoi = ZaloPerson(zalo, "Trần Điều Phối")
    await join(phoi, roster.team_b.invite_code)
    await make_coordinator(bot, phoi, roster)
    clock.set(at(17, 31))
    assert (await bot.tick())["summary"]["coordinators"] == 1
    photo = await zalo.wait_for_bot_message(phoi.zalo_id, predicate=lambda m: m.kind == "photo")
    assert photo.photo_fetch.ok and photo.photo_fetch.content_type == "image/png"
    assert photo.photo_url.startswith(bot.settings.public_url + "/zalo/files/")
    summary = await zalo.wait_for_bot_message(phoi.zalo_id, contains="Tổ có báo cáo")
    assert "Xã Bảo Yên" in (summary.text or summary.caption)
    # A link with its signature changed, or past its time, shows nothing.
    async with aiohttp.ClientSession() as session:
        forged = photo.photo_url[:-4] + (
            "0000" if not photo.photo_url.endswith("0000") else "1111"
        )
        async with session.get(forged) as response:
            assert response.status == 404
        clock.set(at(17, 31).replace(day=29))
        async with session.get(photo.photo_url) as response:
            assert response.status == 404


async def test_without_a_public_url_the_chart_is_explained_not_lost(zalo, deploy, roster, clock):
    bot = await deploy()
    phoi = ZaloPerson(zalo, "Trần Điều Phối")
    await join(phoi, roster.team_b.invite_code)
    await make_coordinator(bot, phoi, roster)
    clock.set(at(17, 31))
    await bot.tick()
    note = await zalo.wait_for_bot_message(phoi.zalo_id, contains="Biểu đồ không gửi được")
    assert "Xã Bảo Yên" in note.text  # the chart's caption, then where to see the chart
    await zalo.wait_for_bot_message(phoi.zalo_id, contains="Tổ có báo cáo")  # the text itself
    assert not [m for m in zalo.bot_messages(phoi.zalo_id) if m.kind == "photo"]
    counts = await outbox.counts(bot.db.reader, "summary", None)
    assert "failed" not in counts and "blocked" not in counts


async def test_images_stickers_and_unsupported_messages_get_a_friendly_answer(zalo, deploy):
    await deploy()
    an = ZaloPerson(zalo, "An")
    # Images, stickers and voice notes reach the handlers (tests/zalo_conformance.md Z17-Z19),
    # which name what they got; what Zalo can't describe is answered by the transport (Z20).
    for send, named in (
        (an.send_image, "ảnh"),
        (an.send_sticker, "nhãn dán"),
        (an.send_voice, "tin nhắn thoại"),
        (an.send_unsupported, "gõ chữ"),
    ):
        answer = await send()
        assert named in answer.text


async def test_webhook_refuses_a_wrong_secret_and_handles_the_right_one(zalo, deploy, roster):
    port = free_port()
    bot = await deploy(
        public_url=f"http://127.0.0.1:{port}",
        zalo_webhook_url=f"http://127.0.0.1:{port}/zalo/webhook",
        zalo_webhook_secret="right-secret-123",
    )
    url = bot.settings.zalo_webhook_url
    an = ZaloPerson(zalo, "An")
    update = zalo.send_text(an.zalo_id, "/help")
    async with aiohttp.ClientSession() as session:
        for secret in ("", "wrong-secret-123"):
            async with session.post(
                url, json=update, headers={"X-Bot-Api-Secret-Token": secret}
            ) as response:
                assert response.status == 403
        assert an.seen() == 0
        headers = {"X-Bot-Api-Secret-Token": "right-secret-123"}
        for _ in range(2):  # Zalo retrying the same update: handled once
            async with session.post(url, json=update, headers=headers) as response:
                assert response.status == 200
    assert an.seen() == 1  # /help answered once, though delivered twice


@pytest.fixture
async def both(zalo, double, deploy):
    """One deployment serving Telegram (through its double) and Zalo, over one database."""
    return await deploy(bot_token=TOKEN, telegram_api_url=double.base_url)


async def test_one_team_on_both_messengers(zalo, double, both, roster, people, clock):
    tuan = people(first_name="Tuấn")  # on Telegram
    await tuan.join(roster.team_a.invite_code)
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")  # on Zalo
    await join(lan, roster.team_a.invite_code)
    await tuan.say("/report")
    await tuan.tap("Thanh toán số")
    await tuan.say("12")  # new payment accounts
    await tuan.tap("Bỏ qua")  # transactions
    await tuan.tap("Bỏ qua")  # residents helped
    await tuan.tap("Gửi")
    await lan.say("/report")
    await lan.say("3")  # 💳 Thanh toán số
    await lan.say("5")
    await lan.say("bo qua")  # typed without diacritics
    await lan.say("Bỏ qua")
    await lan.say("1", expect="Đã lưu")
    boss = people(first_name="Điều", last_name="Phối")
    await boss.join(roster.team_b.invite_code)
    async with both.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, boss.id)
        await members.set_role(conn, member.id, "coordinator", roster.commune.id, "2026-11-27")
    await boss.say("/summary")
    summary = await boss.tap("Hôm nay")
    assert "thành viên: 2/2" in summary.plain_text  # Tuấn on Telegram, Lan on Zalo
    assert "Số tài khoản thanh toán số mở mới: hôm nay 17" in summary.plain_text
    # Both pictures, progress then the trend, before the next command.
    await double.wait_for_bot_message(
        boss.id, predicate=lambda m: m.photo and "14 ngày" in (m.plain_caption or "")
    )

    # A broadcast to the commune reaches each of them once, on their own messenger.
    await boss.say("/broadcast")
    await boss.say("Họp tổ lúc 8h sáng mai")
    await boss.tap("Xã Bảo Yên")
    await boss.tap("Thành viên và tổ trưởng")
    await boss.tap("Mọi người")  # the announcement as it will look, then when to send it
    await double.wait_for_bot_message(
        boss.id, predicate=lambda m: "Gửi lúc nào" in (m.plain_text or "")
    )
    settled: list[str] = []
    done = asyncio.Event()

    async def seen(message, status):
        settled.append(status)
        if len(settled) == 2:
            done.set()

    for app in both.apps:  # each messenger's own worker
        app.delivery.on_outcome = seen
    await boss.tap("Gửi ngay")
    await asyncio.wait_for(done.wait(), timeout=20)
    assert settled == ["sent", "sent"]
    telegram_copies = [
        m for m in double.bot_messages(tuan.id) if "Họp tổ lúc 8h" in (m.plain_text or "")
    ]
    zalo_copies = [m for m in zalo.bot_messages(lan.zalo_id) if "Họp tổ lúc 8h" in m.text]
    assert (len(telegram_copies), len(zalo_copies)) == (1, 1)
    deps = both.apps[0].deps
    shown: dict = {}
    finished = await report_progress(deps.db, deps.bot_for, deps.texts, deps.clock, shown)
    assert finished["finished"] == 1
    report = await double.wait_for_bot_message(
        boss.id, predicate=lambda m: "Đã gửi xong" in (m.plain_text or "")
    )
    assert "Đã nhận: 2" in report.plain_text
    assert "qua Telegram: 1 · qua Zalo: 1" in report.plain_text


async def test_a_member_links_zalo_and_is_reached_where_they_wrote_last(
    zalo, double, both, roster, people, clock
):
    tuan = people(first_name="Tuấn")
    await tuan.join(roster.team_a.invite_code)
    offered = await tuan.say("/link")
    code = offered.plain_text.split(": ", 1)[1].split()[0]
    assert "Zalo" in offered.plain_text and len(code) == 8
    on_zalo = ZaloPerson(zalo, "Tuấn Zalo")
    linked = await on_zalo.say(code.lower())  # typed in lower case: still the code
    assert "Đã liên kết, Tuấn" in linked.text
    again = await ZaloPerson(zalo, "Someone else").say(code)  # used up
    assert "Đã liên kết" not in again.text
    member = await members.get_by_chat_id(both.db.reader, await on_zalo.internal_id(both.db))
    assert member.full_name == "Tuấn"
    listed = {m.full_name: m for m in await members.listing(both.db.reader)}
    assert (listed["Tuấn"].chat_id > ZALO_ID_BASE, listed["Tuấn"].linked) == (True, 2)

    clock.set(at(16, 2))
    telegram_before = len(double.bot_messages(tuan.id))
    await both.tick()
    await zalo.wait_for_bot_message(on_zalo.zalo_id, contains="chưa gửi báo cáo")
    await tuan.say("/help")  # back on Telegram: messages follow
    assert len(double.bot_messages(tuan.id)) == telegram_before + 1  # /help's answer only
    member = await members.get_by_chat_id(both.db.reader, tuan.id)
    assert member.full_name == "Tuấn"


async def test_quota_and_server_errors_lose_nothing(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    zalo.fault_rate(0.1, statuses=(429, 500, 502), seed=7)
    await lan.say("/report")
    await lan.say("5")  # 🏥 Y tế số: one number
    await lan.say("7", expect="Trả lời")
    await lan.say("1", expect="Đã lưu")
    zalo.fault_rate(0.0)
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    stored = await reports.for_member(bot.db.reader, member.id, limit=10)
    assert [(r.category, r.values) for r in stored] == [("yte", {"residents_helped": 7})]
    # The faults were met and retried: Zalo refused some calls, yet every answer came.
    assert {e.status for e in zalo.errors} & {429, 500, 502}
    zalo.errors.clear()


async def test_one_process_serves_telegram_and_zalo(
    zalo, double, roster, people, db_path, tmp_path
):
    """`python -m bot run` with both tokens: one process, one database, both messengers."""
    process = await start_bot_process(
        tmp_path,
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=double.base_url,
        ZALO_BOT_TOKEN=ZALO_TOKEN,
        ZALO_API_URL=zalo.base_url,
        DATABASE_PATH=str(db_path),
    )
    try:
        await polled(double, zalo)
        tuan = people(first_name="Tuấn")
        await tuan.join(roster.team_a.invite_code)
        lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
        await join(lan, roster.team_a.invite_code)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()
    async with Database(db_path) as db:
        joined = [
            await members.get_by_chat_id(db.reader, tuan.id),
            await members.get_by_chat_id(db.reader, await lan.internal_id(db)),
        ]
    assert [m.team_id for m in joined] == [roster.team_a.id, roster.team_a.id]


HOSTILE = [
    "😀" * 50,
    "x" * 5000,
    "\u200b\u200c\u200d",
    "\u202eabc\u202c 12",
    "<b>đậm</b> &amp; <script>alert(1)</script>",
    "'; DROP TABLE reports; --",
    "-5",
    "99999999999999999999",
    "0",
    "1.5",
]


async def test_hostile_text_on_zalo_is_answered_within_zalos_limits(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    await lan.say("/report")
    await lan.say("5")  # 🏥 Y tế số: one number asked
    for text in HOSTILE:
        answer = await lan.say(text)
        assert answer.text and len(answer.text) <= 2000
    await lan.say("/cancel")
    async with bot.db.reader.execute("PRAGMA integrity_check") as cursor:
        assert (await cursor.fetchone())[0] == "ok"


async def test_an_excel_export_reaches_a_zalo_coordinator_by_link(zalo, deploy, roster):
    bot = await deploy(public_url=f"http://127.0.0.1:{free_port()}")
    phoi = ZaloPerson(zalo, "Trần Điều Phối")
    await join(phoi, roster.team_b.invite_code)
    await make_coordinator(bot, phoi, roster)
    card = await phoi.say("/export")
    while "Đang tạo file Excel" not in card.text:  # every question: its first option
        assert "Trả lời" in card.text, card.text
        card = await phoi.say("1")
    link = await zalo.wait_for_bot_message(phoi.zalo_id, contains="📎", timeout=30)
    url = link.text.split("📎", 1)[1].split(": ", 1)[1].split()[0]
    assert url.startswith(bot.settings.public_url + "/zalo/files/")
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.content_type.endswith("spreadsheetml.sheet")
        assert (await response.read()).startswith(b"PK")  # an .xlsx is a zip


async def test_a_photo_broadcast_from_telegram_reaches_zalo_as_a_photo(
    zalo, double, deploy, roster, people
):
    both = await deploy(
        bot_token=TOKEN,
        telegram_api_url=double.base_url,
        public_url=f"http://127.0.0.1:{free_port()}",
    )
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    boss = people(first_name="Điều", last_name="Phối")
    await boss.join(roster.team_b.invite_code)
    async with both.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, boss.id)
        await members.set_role(conn, member.id, "coordinator", roster.commune.id, "2026-11-27")
    await boss.say("/broadcast")
    picture = PNG_1X1
    seen = len(double.bot_messages(boss.id))
    double.send_photo(boss.id, picture, caption="Lịch tập huấn")
    await double.wait_for_bot_message(boss.id, after=seen)
    await boss.tap("Xã Bảo Yên")
    await boss.tap("Thành viên và tổ trưởng")
    await boss.tap("Mọi người")
    await double.wait_for_bot_message(
        boss.id, predicate=lambda m: "Gửi lúc nào" in (m.plain_text or "")
    )
    await boss.tap("Gửi ngay")
    photo = await zalo.wait_for_bot_message(lan.zalo_id, predicate=lambda m: m.kind == "photo")
    assert photo.caption == "Lịch tập huấn\n\n— Điều Phối, cán bộ điều phối Xã Bảo Yên"  # signed
    assert photo.photo_fetch.ok and photo.photo_fetch.size == len(picture)


async def test_reminder_rules_on_zalo_are_numbered_vietnamese_sentences(zalo, deploy, roster):
    bot = await deploy()
    tuan = ZaloPerson(zalo, "Trần Văn Tuấn")
    await join(tuan, roster.team_a.invite_code)
    member = await members.get_by_chat_id(bot.db.reader, await tuan.internal_id(bot.db))
    async with bot.db.transaction() as conn:
        await members.make_admin(conn, member.id, "2026-11-27T02:00:00Z")
    card = await tuan.say("/reminders")
    assert "Nhắc hằng ngày: 16:00" in card.text and "daily" not in card.text
    assert "Gõ số bên dưới" in card.text and "Bấm" not in card.text
    assert "1. ⏸ Tắt Nhắc hằng ngày\n2. ⏪ Nhắc hằng ngày lúc 15:00" in card.text
    assert "6. ⏩ Nhắc hằng tuần lúc 10:00" in card.text and "Trả lời 1–6." in card.text
    moved = await tuan.say("3", expect="Nhắc hằng ngày: 17:00")
    assert "3. ⏩ Nhắc hằng ngày lúc 18:00" in moved.text
