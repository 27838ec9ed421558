"""Photos and voice notes end to end on Telegram: a photo sent while reporting becomes the
report's evidence, shown in /myreports and linked (signed, expiring) in a coordinator's export;
voice notes and stray photos get a kind answer, in every step and outside dialogs."""

from __future__ import annotations

import base64
import io
from datetime import timedelta

import aiohttp
import openpyxl
import pytest
from aiohttp import web

from bot.core.clock import iso_utc
from bot.domain.form import load_form
from bot.domain.workbook import HEADER_ROW
from bot.transports.evidence import add_evidence_route
from bot.transports.health import add_health_route
from handlers.report.evidence import links_for
from storage import audit, members, reports
from tests.zalo_helpers import free_port

FORM = load_form()
SINGLE = next(c for c in FORM.active_categories() if len(c.indicators) == 1)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
KEPT = "📷 Đã nhận ảnh minh chứng cho báo cáo này."
NO_VOICE = "🎤 Bot chưa nghe được tin nhắn thoại"


class Server:
    """The bot's web server on the port PUBLIC_URL names, as `python -m bot run` serves it."""

    def __init__(self, runner: web.AppRunner, origin: str) -> None:
        self.runner, self.origin = runner, origin

    async def get(self, url: str) -> tuple[int, bytes, str]:
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            return response.status, await response.read(), response.content_type


@pytest.fixture
async def bot(start_bot):
    port = free_port()
    started = await start_bot(public_url=f"http://127.0.0.1:{port}")
    app = web.Application()
    add_health_route(app, started.app)
    assert add_evidence_route(app, started.app)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    started.web = Server(runner, f"http://127.0.0.1:{port}")
    yield started
    await runner.cleanup()


@pytest.fixture
async def lan(bot, roster, people):
    person = people(first_name="Lan")
    await person.join(roster.team_a.invite_code)
    return person


async def send_photo(double, person, data=PNG):
    """Send a photo; return the update (for a replay) and the bot's answer."""
    double.think_time.pause()
    seen = len(double.bot_messages(person.id))
    update = double.send_photo(person.id, data)
    return update, await double.wait_for_bot_message(person.id, after=seen)


async def send_voice(double, person):
    double.think_time.pause()
    seen = len(double.bot_messages(person.id))
    double.send_voice(person.id)
    return await double.wait_for_bot_message(person.id, after=seen)


async def count(bot, table):
    async with bot.db.reader.execute(f"SELECT count(*) FROM {table}") as cursor:
        return (await cursor.fetchone())[0]


async def make_coordinator(bot, person, area):
    now = iso_utc(bot.clock.now())
    async with bot.db.transaction() as conn:
        member = await members.create(
            conn, chat_id=person.id, full_name=person.user["first_name"], phone=None,
            team_id=None, role="coordinator", language="vi", now=now, consent_at=now,
        )  # fmt: skip
        await members.set_role(conn, member.id, "coordinator", area.id, now)


async def export_rows(double, person):
    """Export this month's reports of the coordinator's whole scope; return the sheet's rows."""
    await person.say("/export")
    double.think_time.pause()
    card = person.last
    double.press_button(person.id, "Tháng này")
    await double.wait_for_edit(person.id, card.message_id)
    sent = await person.tap("(toàn bộ)")
    book = openpyxl.load_workbook(io.BytesIO(sent.document_bytes))
    sheet = book["Báo cáo"]
    header = [cell.value for cell in sheet[HEADER_ROW]]
    column = header.index("Ảnh minh chứng") + 1
    # The rows under the header, without the totals row that ends the sheet.
    return [sheet.cell(row, column) for row in range(HEADER_ROW + 1, sheet.max_row)]


async def report_with_photo(bot, lan, double):
    """Report one number with a photo sent at the question; the photo is delivered twice."""
    await lan.say("/report")
    await lan.tap(SINGLE.short("vi"))
    update, answer = await send_photo(double, lan)
    assert answer.plain_text.startswith(KEPT)
    assert "Bạn gõ một số" in answer.plain_text  # and what the question still wants
    seen = len(double.bot_messages(lan.id))
    double.redeliver(update)  # the same update again (a replay, a webhook retry)
    _, again = await send_photo(double, lan)  # and the same picture sent once more
    assert again.plain_text.startswith(KEPT)
    assert len(double.bot_messages(lan.id)) == seen + 1  # the replay was not answered
    card = await lan.say("12")  # the dialog went on where it was
    assert "Gửi" in str(card.reply_markup)
    saved = await lan.tap("Gửi")
    assert "Đã lưu" in saved.plain_text


async def test_a_photo_while_reporting_is_the_reports_evidence_once(bot, lan, double, roster):
    await report_with_photo(bot, lan, double)
    member = await members.get_by_chat_id(bot.db.reader, lan.id)
    [report] = await reports.for_member(bot.db.reader, member.id, limit=10)
    assert await count(bot, "evidence_photos") == 1
    async with bot.db.reader.execute("SELECT report_id, photo_id FROM report_evidence") as c:
        assert [tuple(row) for row in await c.fetchall()] == [(report.id, 1)]
    async with bot.db.reader.execute("SELECT content FROM evidence_photos") as c:
        assert (await c.fetchone())[0] == PNG  # fetched through getFile and kept
    assert len(await audit.entries(bot.db.reader, "evidence.received")) == 1

    listing = await lan.say("/myreports")
    [line] = [line for line in listing.plain_text.splitlines() if line.startswith("1.")]
    assert line.endswith("📷")


async def test_the_coordinators_export_links_the_photo_and_only_a_signed_link_opens_it(
    bot, lan, double, roster, people, clock
):
    await report_with_photo(bot, lan, double)
    ha = people(first_name="Hà")
    await make_coordinator(bot, ha, roster.commune)
    [cell] = await export_rows(double, ha)
    url = cell.value
    assert url.startswith(f"{bot.settings.public_url}/evidence/")
    assert cell.hyperlink.target == url  # a click opens it
    status, body, kind = await bot.web.get(url)
    assert (status, body, kind) == (200, PNG, "image/png")

    photo, expires, signature = url.rsplit("/", 3)[1:]
    forged = [
        f"{bot.web.origin}/evidence/{photo}/{expires}/{'0' * 32}",  # a guessed signature
        f"{bot.web.origin}/evidence/{int(photo) + 1}/{expires}/{signature}",  # another photo
        f"{bot.web.origin}/evidence/{photo}/{int(expires) + 86400}/{signature}",  # stretched
    ]
    for wrong in forged:
        status, body, _ = await bot.web.get(wrong)
        assert status == 404 and "không đúng hoặc đã hết hạn" in body.decode()
    clock.advance(timedelta(hours=bot.settings.file_link_hours, seconds=1))
    status, _, _ = await bot.web.get(url)
    assert status == 404  # expired


async def test_a_member_cannot_reach_someone_elses_evidence(bot, lan, double, roster, people):
    await report_with_photo(bot, lan, double)
    minh = people(first_name="Minh")
    await minh.join(roster.team_a.invite_code)
    refused = await minh.say("/export")  # the only place links are written
    assert "Xuất báo cáo Excel" not in refused.plain_text
    listing = await minh.say("/myreports")
    assert "📷" not in listing.plain_text
    # A photo still waiting for its report is not served, even by a link signed here.
    await minh.say("/report")
    await minh.tap(SINGLE.short("vi"))
    await send_photo(double, minh, PNG + b"minh")
    links = links_for(bot.settings)
    status, _, _ = await bot.web.get(links.url(2, bot.clock.now()))
    assert status == 404
    # Once Lan's report is deleted, her photo's links stop working.
    member = await members.get_by_chat_id(bot.db.reader, lan.id)
    [report] = await reports.for_member(bot.db.reader, member.id, limit=10)
    status, _, _ = await bot.web.get(links.url(1, bot.clock.now()))
    assert status == 200
    async with bot.db.transaction() as conn:
        await reports.delete(conn, report.id, iso_utc(bot.clock.now()))
    status, _, _ = await bot.web.get(links.url(1, bot.clock.now()))
    assert status == 404


async def test_another_communes_coordinator_gets_no_link(bot, lan, double, roster, people):
    await report_with_photo(bot, lan, double)
    other = people(first_name="Khánh")
    await make_coordinator(bot, other, roster.village)  # in scope: the report's own village
    assert len(await export_rows(double, other)) == 1
    elsewhere = people(first_name="Phúc")
    now = iso_utc(bot.clock.now())
    async with bot.db.transaction() as conn:
        from storage import areas

        province = await areas.get_by_code(conn, "lc")
        commune, _ = await areas.upsert(
            conn, code="lc/phuc-khanh", name="Xã Phúc Khánh", level="commune", parent=province,
            now=now,
        )  # fmt: skip
    await make_coordinator(bot, elsewhere, commune)
    assert await export_rows(double, elsewhere) == []  # none of Bảo Yên's reports, no links


async def test_without_a_public_url_the_export_says_there_is_a_photo(
    start_bot, roster, people, double
):
    bot = await start_bot()
    lan = people(first_name="Lan")
    await lan.join(roster.team_a.invite_code)
    await report_with_photo(bot, lan, double)
    ha = people(first_name="Hà")
    await make_coordinator(bot, ha, roster.commune)
    [cell] = await export_rows(double, ha)
    assert cell.value == "📷 có ảnh" and cell.hyperlink is None


async def test_a_voice_note_is_answered_at_every_step_and_the_dialog_goes_on(bot, lan, double):
    await lan.say("/report")
    steps = [
        ("category card", None, "Bạn chọn một nút trên thẻ ở trên"),
        ("question", SINGLE.short("vi"), "Bạn gõ một số"),
        ("confirmation card", "12", "Bạn chọn một nút trên thẻ ở trên"),
        ("note", "📝 Ghi chú", "Bạn gõ ghi chú bằng chữ"),
    ]
    for step, action, expects in steps:
        if action == "12":
            await lan.say(action)
        elif action is not None:
            await lan.tap(action)
        answer = await send_voice(double, lan)
        assert answer.plain_text.startswith(NO_VOICE), step
        assert expects in answer.plain_text, step
    card = await lan.say("Ở nhà văn hóa thôn")  # the note step still takes the note
    assert "Ở nhà văn hóa thôn" in card.plain_text
    photo_at_note = (await send_photo(double, lan))[1]
    assert photo_at_note.plain_text.startswith(KEPT)
    assert "Bạn chọn một nút" in photo_at_note.plain_text  # back on the card


async def test_outside_a_dialog_photos_and_voice_get_the_way_to_report(bot, lan, double):
    _, photo = await send_photo(double, lan)
    assert "chưa làm báo cáo nào" in photo.plain_text and "vneid 12" in photo.plain_text
    [[button]] = photo.reply_markup["inline_keyboard"]
    assert button["text"] == "📝 Báo cáo"
    assert await count(bot, "evidence_photos") == 0  # nothing to attach it to: not kept
    voice = await send_voice(double, lan)
    assert voice.plain_text.startswith(NO_VOICE)
    assert "vneid 12, dvc 5" in voice.plain_text
    categories = await lan.tap("📝 Báo cáo")  # the button starts a report
    assert SINGLE.short("vi") in str(categories.reply_markup)


async def test_someone_who_has_not_joined_is_told_to_join(bot, people, double):
    stranger = people(first_name="Lạ")
    _, answer = await send_photo(double, stranger)
    assert "🖼" in answer.plain_text and answer.reply_markup is None
    voice = await send_voice(double, stranger)
    assert "🎤" in voice.plain_text
