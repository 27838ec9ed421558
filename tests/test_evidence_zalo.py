"""Evidence photos on Zalo: a Zalo image (as the transport hands it to the handlers: a photo
whose file_id is "zalo:<image url>") is kept while reporting, fetched by URL, and served to
coordinators by the Zalo web server's signed links."""

from __future__ import annotations

import io

import aiohttp
import openpyxl
import pytest
from aiohttp import web
from telegram import Update

from bot.domain.workbook import HEADER_ROW
from bot.doubles.zalo.users import PLACEHOLDER_PNG
from handlers.report.evidence import links_for
from storage import members, reports
from storage.chat_ids import ZALO_ID_BASE
from tests.test_zalo_e2e import join, make_coordinator
from tests.zalo_helpers import ZaloPerson, free_port

KEPT = "📷 Đã nhận ảnh minh chứng cho báo cáo này."


@pytest.fixture
async def images():
    """Where Zalo keeps the images users send: a URL per image."""
    app = web.Application()

    async def image(request: web.Request) -> web.Response:
        return web.Response(body=PLACEHOLDER_PNG, content_type="image/png")

    app.router.add_get("/img/{name}", image)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}/img"
    await runner.cleanup()


async def as_translated(bot, person: ZaloPerson, url: str, number: int) -> None:
    """Hand the Zalo application an image the way inbound translation does (task "conform")."""
    app = bot.app("zalo")
    user_id = await person.internal_id(bot.db)
    user = {"id": user_id, "is_bot": False, "first_name": "Lan"}
    body = {
        "update_id": ZALO_ID_BASE + 10**9 + number,
        "message": {
            "message_id": 10**6 + number,
            "date": int(bot.clock.now().timestamp()),
            "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
            "from": user,
            "photo": [{"file_id": f"zalo:{url}", "file_unique_id": url, "width": 1, "height": 1}],
        },
    }
    await app.process_update(Update.de_json(body, app.bot))


async def test_a_zalo_photo_while_reporting_is_kept_and_served_by_a_signed_link(
    zalo, deploy, roster, images
):
    bot = await deploy(public_url=f"http://127.0.0.1:{free_port()}")
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    await lan.say("1")  # 📝 Báo cáo
    await lan.say("1")  # VNeID: the first number is asked
    seen = lan.seen()
    await as_translated(bot, lan, f"{images}/a.jpg", 1)
    await as_translated(bot, lan, f"{images}/a.jpg", 1)  # delivered twice
    answer = await zalo.wait_for_bot_message(lan.zalo_id, contains=KEPT, after=seen)
    assert "Bạn gõ một số" in answer.text  # and what the question expects
    await lan.say("3")
    await lan.say("2", expect="Trả lời")
    await lan.say("1", expect="Đã lưu")  # ✅ Gửi
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    [report] = await reports.for_member(bot.db.reader, member.id, limit=10)
    async with bot.db.reader.execute(
        "SELECT p.id, p.file_ref, p.content FROM evidence_photos p"
        " JOIN report_evidence e ON e.photo_id = p.id WHERE e.report_id = ?",
        (report.id,),
    ) as cursor:
        [(photo_id, ref, content)] = await cursor.fetchall()
    assert (ref, content) == (f"zalo:{images}/a.jpg", PLACEHOLDER_PNG)
    link = links_for(bot.settings).url(photo_id, bot.clock.now())
    async with aiohttp.ClientSession() as session, session.get(link) as response:
        assert response.status == 200 and await response.read() == PLACEHOLDER_PNG
        assert response.content_type == "image/png"
    forged = link.rsplit("/", 1)[0] + "/" + "0" * 32
    async with aiohttp.ClientSession() as session, session.get(forged) as response:
        assert response.status == 404  # a wrong signature


async def test_a_zalo_image_sent_while_reporting_reaches_the_coordinators_export(
    zalo, deploy, roster
):
    bot = await deploy(public_url=f"http://127.0.0.1:{free_port()}")
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    await lan.say("1")  # 📝 Báo cáo
    await lan.say("1")  # VNeID
    seen = lan.seen()
    zalo.send_image(lan.zalo_id)  # served by the double as its placeholder PNG
    answer = await zalo.wait_for_bot_message(lan.zalo_id, contains=KEPT, after=seen)
    assert "gõ" in answer.text.lower()
    await lan.say("3")
    await lan.say("2", expect="Trả lời")
    await lan.say("1", expect="Đã lưu")
    listing = await lan.say("/myreports")
    assert "📷" in listing.text
    phoi = ZaloPerson(zalo, "Trần Điều Phối")
    await join(phoi, roster.team_b.invite_code)
    await make_coordinator(bot, phoi, roster)
    card = await phoi.say("/export")
    while "Đang tạo file Excel" not in card.text:
        card = await phoi.say("1")
    sent = await zalo.wait_for_bot_message(phoi.zalo_id, contains="📎", timeout=30)
    url = sent.text.split("📎", 1)[1].split(": ", 1)[1].split()[0]
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            book = openpyxl.load_workbook(io.BytesIO(await response.read()))
        sheet = book["Báo cáo"]
        header = [cell.value for cell in sheet[HEADER_ROW]]
        link = sheet.cell(HEADER_ROW + 1, header.index("Ảnh minh chứng") + 1).value
        async with session.get(link) as response:
            assert response.status == 200 and await response.read() == PLACEHOLDER_PNG
