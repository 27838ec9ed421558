"""The sandbox page's API over real HTTP on 127.0.0.1: state, chat, buttons, clock, files,
and the Zalo demo user, who types where Telegram users tap."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
from datetime import UTC, datetime, time
from pathlib import Path

import aiohttp
import pytest

from bot.app.settings import Settings
from bot.core.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.sandbox.clock import SandboxClock
from bot.sandbox.seed import FEATURED, ZALO_NEWCOMER, ZALO_PEOPLE, seed
from storage import members, reports
from storage import zalo as zalo_store

# 10:30 in Hà Nội on a Wednesday: no reminder, alert or summary is due yet.
START = datetime(2026, 11, 25, 3, 30, tzinfo=UTC)
LAN, HUNG, HOA, TUAN = (person.telegram_id for person in FEATURED)
HUONG = ZALO_NEWCOMER.zalo_id
ELSEWHERE = re.compile(r"https?://(?!127\.0\.0\.1[:/])")


def make_sandbox(tmp_path: Path, *, reset: bool = True) -> Sandbox:
    settings = Settings(_env_file=None, database_path=tmp_path / "bot.sqlite3")
    return Sandbox(settings, port=0, reset=reset, real_clock=FrozenClock(START))


@pytest.fixture
async def sandbox(tmp_path):
    started = make_sandbox(tmp_path)
    await started.start()
    yield started
    await started.stop()


@pytest.fixture
async def http(sandbox):
    async with aiohttp.ClientSession(base_url=sandbox.url) as session:
        yield session


@pytest.fixture
async def live(http):
    """The page's WebSocket, watching Lan's chat."""
    async with http.ws_connect("/ws") as ws:
        await ws.send_json({"watch": LAN})
        yield ws


async def pushed(ws, predicate) -> dict:
    """Return the first pushed payload that matches `predicate`, within five seconds."""
    async with asyncio.timeout(5):
        while True:
            payload = await ws.receive_json()
            if predicate(payload):
                return payload


def bot_says(text: str):
    def match(payload: dict) -> bool:
        message = payload.get("message") or {}
        return message.get("from_bot") and text in (message.get("html") or "")

    return match


async def post(http, path: str, body: dict, status: int = 200) -> dict:
    async with http.post(path, json=body) as response:
        assert response.status == status, await response.text()
        return await response.json()


async def test_page_loads_with_nothing_from_elsewhere(http):
    for path, kind in [
        ("/", "text/html"),
        ("/static/app.js", "text/javascript"),
        ("/static/style.css", "text/css"),
    ]:
        async with http.get(path) as response:
            assert response.status == 200, path
            assert response.content_type == kind
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
            body = await response.text()
        assert ELSEWHERE.findall(body) == [], path
    async with http.get("/static/../runner.py") as response:
        assert response.status == 404


async def test_state_lists_every_role_and_the_invite_codes(http):
    async with http.get("/api/state") as response:
        state = await response.json()
    assert state["province"] == "Tỉnh Demo"
    roles = {user["name"]: user["role"] for user in state["users"]}
    assert roles == {"Lan": "member", "Hùng": "leader", "Hoa": "coordinator", "Tuấn": "admin"}
    assert len(state["teams"]) == 8
    assert all(re.fullmatch(r"[0-9A-Z]{10}", team["code"]) for team in state["teams"])
    assert "Thôn Đông, Xã Hòa An" in {team["place"] for team in state["teams"]}
    assert state["clock"]["reminder_time"] == "16:00"
    assert state["clock"]["now"] == START.timestamp()


async def test_the_demo_province_names_its_bot_and_its_data_controller(http, live):
    async with http.get("/api/state") as response:
        state = await response.json()
    assert state["bot"]["name"] == "Trợ lý CNSCĐ tỉnh Demo"
    await post(http, f"/api/users/{LAN}/text", {"text": "/privacy"})
    shown = await pushed(live, bot_says("Sở Khoa học và Công nghệ tỉnh Demo"))
    assert "cns@demo.example.vn" in shown["message"]["html"]


async def test_text_reaches_the_bot_and_the_reply_comes_over_the_websocket(http, live):
    sent = await post(http, f"/api/users/{LAN}/text", {"text": "/start"})
    assert (sent["from_bot"], sent["text"]) == (False, "/start")
    reply = await pushed(live, bot_says("Tổ CNSCĐ Thôn Đông"))
    assert reply["user_id"] == LAN
    keys = [button["text"] for row in reply["message"]["keyboard"] for button in row]
    assert "📝 Báo cáo" in keys
    async with http.get(f"/api/users/{LAN}/messages") as response:
        chat = await response.json()
    assert [m["from_bot"] for m in chat] == [False, True]


async def test_other_chats_show_up_as_activity_only(http, live):
    await post(http, f"/api/users/{HUNG}/text", {"text": "/help"})
    activity = await pushed(live, lambda payload: payload["type"] != "clock")
    assert activity == {"type": "activity", "user_id": HUNG}


async def test_pressing_an_inline_button(http, live):
    await post(http, f"/api/users/{LAN}/text", {"text": "/report"})
    card = (await pushed(live, bot_says("hôm nay")))["message"]
    buttons = [b for row in card["inline_keyboard"] for b in row]
    shopping = next(b for b in buttons if "Thương mại điện tử" in b["text"])
    press = {"message_id": card["id"], "callback_data": shopping["callback_data"]}
    answer = await post(http, f"/api/users/{LAN}/press", press)
    assert answer == {"answer": None, "alert": False}
    await pushed(live, bot_says("Số người dân được hỗ trợ"))
    wrong = {"message_id": card["id"], "callback_data": "no-such-button"}
    assert "no button" in (await post(http, f"/api/users/{LAN}/press", wrong, 400))["error"]


async def test_jumping_to_16_00_reminds_who_has_not_reported(sandbox, http, live):
    jumped = await post(http, "/api/clock", {"to": "reminders"})
    moment = datetime.fromtimestamp(jumped["clock"]["now"], sandbox.settings.tz)
    assert (moment.date().isoformat(), f"{moment:%H:%M}") == ("2026-11-25", "16:00")
    assert jumped["done"]["reminder:daily"]["reminded"] >= 1
    reminder = (await pushed(live, bot_says("bạn chưa gửi báo cáo")))["message"]
    labels = [b["text"] for row in reminder["inline_keyboard"] for b in row]
    assert "📝 Báo cáo ngay" in labels
    assert datetime.fromtimestamp(reminder["time"], sandbox.settings.tz).hour == 16
    summary = await post(http, "/api/clock", {"to": "summary"})
    assert summary["done"]["summary"]["coordinators"] == 1
    morning = await post(http, "/api/clock", {"to": "morning"})
    moment = datetime.fromtimestamp(morning["clock"]["now"], sandbox.settings.tz)
    assert f"{moment:%d %H:%M}" == "26 08:00"
    await post(http, "/api/clock", {"to": "yesterday"}, 400)


async def test_chart_photo_and_document_are_served(sandbox, http):
    async with http.ws_connect("/ws") as ws:
        await ws.send_json({"watch": HOA})
        await post(http, f"/api/users/{HOA}/text", {"text": "/summary"})
        card = (await pushed(ws, bot_says("Tổng hợp cho")))["message"]
        today = next(b for row in card["inline_keyboard"] for b in row if b["text"] == "Hôm nay")
        body = {"message_id": card["id"], "callback_data": today["callback_data"]}
        await post(http, f"/api/users/{HOA}/press", body)
        chart = await pushed(ws, lambda payload: (payload.get("message") or {}).get("photo"))
    async with http.get(chart["message"]["photo"]) as response:
        assert response.content_type == "image/png"
        assert (await response.read()).startswith(b"\x89PNG")
    xlsx = b"PK\x03\x04 demo workbook"
    sent = await sandbox.app.bot.send_document(HOA, xlsx, filename="Báo cáo.xlsx")
    async with http.get(f"/api/users/{HOA}/messages") as response:
        document = next(m for m in await response.json() if m["id"] == sent.message_id)
    assert document["document"]["name"] == "Báo cáo.xlsx"
    async with http.get(document["document"]["url"]) as response:
        assert await response.read() == xlsx
        assert (
            "filename*=UTF-8''B%C3%A1o%20c%C3%A1o.xlsx" in response.headers["Content-Disposition"]
        )
    async with http.get(f"/api/users/{HOA}/messages/{card['id']}/photo") as response:
        assert response.status == 404


async def test_a_newcomer_joins_from_an_invite_and_is_kept_across_a_restart(tmp_path):
    first = make_sandbox(tmp_path)
    await first.start()
    async with aiohttp.ClientSession(base_url=first.url) as http:
        async with http.get("/api/state") as response:
            code = (await response.json())["teams"][0]["code"]
        created = await post(http, "/api/users", {"invite_code": code}, 201)
        newcomer = created["user"]["id"]
        assert created["message"]["text"] == f"/start {code}"
        welcome = await first.double.wait_for_bot_message(newcomer)
        assert "Tôi đồng ý" in str(welcome.reply_markup)
        await post(http, "/api/clock", {"to": "reminders"})
    offset = first.clock.offset
    await first.stop()

    again = make_sandbox(tmp_path, reset=False)
    await again.start()
    try:
        assert again.clock.offset == offset
        assert newcomer in again.users
        deps = again.app.deps
        assert not await seed(deps.db, deps.form, again.clock, again.settings.tz)
        async with (
            aiohttp.ClientSession(base_url=again.url) as http,
            http.get("/api/state") as response,
        ):
            assert (await response.json())["teams"][0]["code"] == code
    finally:
        await again.stop()
    fresh = make_sandbox(tmp_path, reset=True)
    await fresh.start()
    try:
        assert fresh.clock.offset.total_seconds() == 0
        assert newcomer not in fresh.users
    finally:
        await fresh.stop()


async def lan_reports_residents_helped(http, helped: int) -> None:
    """Lan reports 🏥 Y tế số (one number) for today through the page, buttons and all."""
    async with http.ws_connect("/ws") as ws:
        await ws.send_json({"watch": LAN})
        await post(http, f"/api/users/{LAN}/text", {"text": "/report"})

        async def tap(card: dict, label: str, then: str) -> dict:
            buttons = [b for row in card["inline_keyboard"] for b in row]
            button = next(b for b in buttons if label in b["text"])
            body = {"message_id": card["id"], "callback_data": button["callback_data"]}
            await post(http, f"/api/users/{LAN}/press", body)
            return (await pushed(ws, bot_says(then)))["message"]

        card = (await pushed(ws, bot_says("hôm nay")))["message"]
        await tap(card, "Y tế số", "câu 1/1")
        await post(http, f"/api/users/{LAN}/text", {"text": str(helped)})
        check = (await pushed(ws, bot_says("Kiểm tra báo cáo")))["message"]
        await tap(check, "Gửi", "Đã lưu báo cáo")


async def lan_reports(sandbox: Sandbox) -> list[tuple[str, dict]]:
    reader = sandbox.app.deps.db.reader
    lan = await members.get_by_chat_id(reader, LAN)
    return [(r.category, r.values) for r in await reports.for_member(reader, lan.id, limit=20)]


async def test_telegram_users_are_heard_after_a_restart_without_reset(tmp_path):
    first = make_sandbox(tmp_path)
    await first.start()
    try:
        before = await lan_reports(first)
        async with aiohttp.ClientSession(base_url=first.url) as http:
            await lan_reports_residents_helped(http, 7)
        assert await lan_reports(first) == [("yte", {"residents_helped": 7}), *before]
        issued = first.double.updates.last_id
        assert issued >= 4  # /report, two presses and the number
    finally:
        await first.stop()

    again = make_sandbox(tmp_path, reset=False)
    await again.start()
    try:
        # The bot keeps the ids it handled; the double goes on after the last one it gave out.
        assert again.double.updates.last_id == issued
        async with aiohttp.ClientSession(base_url=again.url) as http:
            await lan_reports_residents_helped(http, 9)
        # Stored, not taken for a second tap on the first run's card: this card's id is new.
        stored = await lan_reports(again)
        assert stored == [("yte", {"residents_helped": n}) for n in (9, 7)] + before
        assert again.double.updates.last_id >= 2 * issued
    finally:
        await again.stop()
    fresh = make_sandbox(tmp_path, reset=True)
    await fresh.start()
    try:
        assert fresh.double.updates.last_id == 0  # --reset forgets them with the database
    finally:
        await fresh.stop()


async def test_requests_from_elsewhere_are_refused(http):
    async with http.post(f"/api/users/{LAN}/text", data="text=hi") as response:
        assert response.status == 415
    async with http.get("/api/state", headers={"Host": "evil.example:8080"}) as response:
        assert response.status == 403
    async with http.get("/api/users/424242/messages") as response:
        assert response.status == 404
    await post(http, f"/api/users/{LAN}/text", {"text": "   "}, 400)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_run_without_a_token_starts_the_sandbox_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = _free_port()
    env = {**os.environ, "BOT_TOKEN": "", "DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    # What `make run` does on a fresh machine: `python -m bot run` with no token.
    env["SANDBOX_PORT"] = str(port)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with asyncio.timeout(20):
            first = (await process.stdout.readline()).decode()
            ready = (await process.stdout.readline()).decode()
        assert first.startswith("No BOT_TOKEN is set, so the local sandbox is starting")
        assert f"http://127.0.0.1:{port}/" in first and f"http://127.0.0.1:{port}/" in ready
        process.send_signal(2)
        async with asyncio.timeout(10):
            rest = (await process.stdout.read()).decode()
            assert await process.wait() == 0
        assert "Sandbox stopped" in rest
        assert (tmp_path / "sandbox.sqlite3").exists()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def test_the_clock_skips_days_without_reminders_and_never_goes_back():
    tz = Settings(_env_file=None).tz
    # 17:00 on a Saturday: today's 16:00 has passed and Sunday has no reminders.
    clock = SandboxClock(tz, real=FrozenClock(datetime(2026, 11, 28, 10, 0, tzinfo=UTC)))
    weekdays = clock.next_at(time(16, 0), suits=lambda day: day.isoweekday() != 7)
    assert f"{weekdays:%a %d %H:%M}" == "Mon 30 16:00"
    assert f"{clock.next_at(time(17, 30)):%a %d %H:%M}" == "Sat 28 17:30"
    assert f"{clock.jump_to(clock.tomorrow_at(time(8, 0))):%a %d %H:%M}" == "Sun 29 08:00"
    ahead = clock.offset
    assert clock.jump_to(datetime(2026, 11, 28, 12, 0, tzinfo=tz)) == clock.local_now()
    assert clock.offset == ahead


# ---- The Zalo demo user -------------------------------------------------------------------


@pytest.fixture
async def zalo_live(http):
    """The page's WebSocket, watching Hương's Zalo chat."""
    async with http.ws_connect("/ws") as ws:
        await ws.send_json({"watch": HUONG})
        yield ws


def zalo_says(text: str):
    def match(payload: dict) -> bool:
        message = payload.get("message") or {}
        return (
            payload.get("user_id") == HUONG
            and message.get("from_bot")
            and text in (message.get("text") or "")
        )

    return match


async def type_on_zalo(http, ws, text: str, expect: str) -> dict:
    """Hương types `text`; return the bot's next Zalo message containing `expect`."""
    sent = await post(http, f"/api/zalo/{HUONG}/text", {"text": text})
    assert (sent["from_bot"], sent["kind"], sent["text"]) == (False, "text", text)
    return (await pushed(ws, zalo_says(expect)))["message"]


async def invite_code(http, place: str) -> str:
    async with http.get("/api/state") as response:
        found = (await response.json())["teams"]
    return next(team["code"] for team in found if team["place"].startswith(place))


async def zalo_join(http, ws) -> None:
    """Hương joins Thôn Bắc's team by typing: the code, 1, her number, 1 (her Zalo name)."""
    consent = await type_on_zalo(
        http, ws, await invite_code(http, "Thôn Bắc"), "Trả lời 1 hoặc 2."
    )
    assert "Tổ CNSCĐ Thôn Bắc" in consent["text"] and "\n1. " in consent["text"]
    phone = await type_on_zalo(http, ws, "1", "Gõ số điện thoại của bạn")
    assert "Họ tên: Đào Thị Hương" in phone["text"]
    confirm = await type_on_zalo(http, ws, "0912 555 777", "Kiểm tra lại thông tin")
    assert "1. ✅ Xác nhận" in confirm["text"] and "Trả lời 1, 2, 3 hoặc 4." in confirm["text"]
    await type_on_zalo(http, ws, "1", "Xong rồi!")


async def zalo_member(sandbox: Sandbox) -> members.Member:
    reader = sandbox.app.deps.db.reader
    return await members.get_by_chat_id(reader, await zalo_store.known_id(reader, HUONG))


async def test_the_zalo_user_joins_and_reports_by_typing_numbers(sandbox, http, zalo_live):
    async with http.get("/api/state") as response:
        before = (await response.json())["zalo_users"]
    # Zalo's people come first: a member who reports on Zalo, then a newcomer.
    assert before == [
        {
            "id": ZALO_PEOPLE[0].zalo_id,
            "name": "Thảo",
            "full_name": "Lý Thị Thảo",
            "role": "member",
            "team": "Tổ CNSCĐ Thôn Đông",
        },
        {"id": HUONG, "name": "Hương", "full_name": "Đào Thị Hương", "role": None, "team": None},
    ]
    await zalo_join(http, zalo_live)
    async with http.get("/api/state") as response:
        joined = (await response.json())["zalo_users"][1]
    assert (joined["role"], joined["team"]) == ("member", "Tổ CNSCĐ Thôn Bắc")

    # 📝 Báo cáo is option 1 of the main menu; 🏥 Y tế số asks one number.
    card = await type_on_zalo(http, zalo_live, "1", "Chọn một hoạt động")
    assert "5. 🏥 Y tế số" in card["text"]
    await type_on_zalo(http, zalo_live, "5", "câu 1/1")
    check = await type_on_zalo(http, zalo_live, "7", "Kiểm tra báo cáo")
    assert "1. ✅ Gửi" in check["text"] and "Trả lời 1, 2, 3 hoặc 4." in check["text"]
    await type_on_zalo(http, zalo_live, "1", "Đã lưu báo cáo")
    member = await zalo_member(sandbox)
    stored = await reports.for_member(sandbox.app.deps.db.reader, member.id, limit=5)
    assert [(r.category, r.values) for r in stored] == [("yte", {"residents_helped": 7})]

    # The chat as the page draws it: plain text both ways, on the sandbox clock.
    async with http.get(f"/api/zalo/{HUONG}/messages") as response:
        chat = await response.json()
    assert [m["from_bot"] for m in chat[:2]] == [False, True]
    assert len(chat) == 16 and [m["id"] for m in chat] == list(range(16))  # 8 each way
    assert all("<" not in m["text"] and m["photo"] is None for m in chat)
    assert {m["time"] for m in chat} == {START.timestamp()}
    assert sandbox.zalo.errors == [] and sandbox.zalo.raw_markup_messages() == []


async def test_a_picture_from_the_zalo_user_gets_a_kind_answer(http, zalo_live):
    sent = await post(http, f"/api/zalo/{HUONG}/image", {})
    assert (sent["from_bot"], sent["kind"], sent["photo"]) == (False, "image", None)
    answer = await pushed(zalo_live, zalo_says("Mình chưa đọc được ảnh"))
    assert answer["message"]["id"] == sent["id"] + 1


async def test_a_zalo_coordinator_gets_the_daily_chart_by_link(sandbox, http, zalo_live):
    await zalo_join(http, zalo_live)

    # Tuấn, the admin on Telegram, makes Hương coordinator of Xã Hòa An.
    async def tuan_taps(label: str, then: str) -> None:
        card = sandbox.double.bot_messages(TUAN)[-1]
        button = next(
            b for row in card.reply_markup["inline_keyboard"] for b in row if label in b["text"]
        )
        seen = len(sandbox.double.bot_messages(TUAN))
        body = {"message_id": card.message_id, "callback_data": button["callback_data"]}
        await post(http, f"/api/users/{TUAN}/press", body)
        await sandbox.double.wait_for_bot_message(
            TUAN, after=seen, predicate=lambda m: then in (m.plain_text or "")
        )

    await post(http, f"/api/users/{TUAN}/text", {"text": "/promote"})
    await sandbox.double.wait_for_bot_message(TUAN, predicate=lambda m: "Gõ tên" in m.plain_text)
    await post(http, f"/api/users/{TUAN}/text", {"text": "Hương"})
    await sandbox.double.wait_for_bot_message(
        TUAN, predicate=lambda m: "Chọn người" in m.plain_text
    )
    await tuan_taps("Đào Thị Hương", "Chọn vai trò")
    await tuan_taps("điều phối viên", "Chọn khu vực")
    await tuan_taps("Xã Hòa An", "Đã đặt Đào Thị Hương làm điều phối viên")

    jumped = await post(http, "/api/clock", {"to": "summary"})
    assert jumped["done"]["summary"]["coordinators"] == 2  # Hoa on Telegram, Hương on Zalo
    chart = (await pushed(zalo_live, lambda p: (p.get("message") or {}).get("photo")))["message"]
    assert chart["photo"].startswith("/zalo/files/") and "Xã Hòa An" in chart["text"]
    async with http.get(chart["photo"]) as response:
        assert response.content_type == "image/png"
        assert (await response.read()).startswith(b"\x89PNG")
    fetched = next(m for m in sandbox.zalo.bot_messages(HUONG) if m.kind == "photo")
    assert fetched.photo_fetch.ok  # Zalo got the picture from the link, as it would
    await sandbox.zalo.wait_for_bot_message(HUONG, contains="Tổ có báo cáo")  # the text, first
    forged = chart["photo"][:-4] + ("1111" if chart["photo"].endswith("0000") else "0000")
    async with http.get(forged) as response:
        assert response.status == 404


async def test_the_zalo_user_is_still_a_member_after_a_restart(tmp_path):
    first = make_sandbox(tmp_path)
    await first.start()
    async with aiohttp.ClientSession(base_url=first.url) as http, http.ws_connect("/ws") as ws:
        await ws.send_json({"watch": HUONG})
        await zalo_join(http, ws)
    await first.stop()

    again = make_sandbox(tmp_path, reset=False)
    await again.start()
    try:
        async with aiohttp.ClientSession(base_url=again.url) as http:
            async with http.get("/api/state") as response:
                huong = next(u for u in (await response.json())["zalo_users"] if u["id"] == HUONG)
            assert (huong["role"], huong["team"]) == ("member", "Tổ CNSCĐ Thôn Bắc")
            async with http.ws_connect("/ws") as ws:
                await ws.send_json({"watch": HUONG})
                await type_on_zalo(http, ws, "/report", "Chọn một hoạt động")
    finally:
        await again.stop()


async def test_zalo_requests_are_checked(http):
    async with http.get(f"/api/zalo/{'0' * 20}/messages") as response:
        assert response.status == 404
    async with http.get("/api/zalo/not-a-zalo-id/messages") as response:
        assert response.status == 404
    await post(http, f"/api/zalo/{HUONG}/text", {"text": "  "}, 400)
    async with http.post(f"/api/zalo/{HUONG}/text", data="text=hi") as response:
        assert response.status == 415
    async with http.get(
        f"/api/zalo/{HUONG}/messages", headers={"Host": "evil.example"}
    ) as response:
        assert response.status == 403


async def heard(http, live, user: int, text: str) -> dict:
    """The bot's message to another chat than the one shown (pushed as activity only)."""
    async with asyncio.timeout(5):
        while True:
            async with http.get(f"/api/users/{user}/messages") as response:
                chat = await response.json()
            found = [m for m in chat if m["from_bot"] and text in (m.get("html") or "")]
            if found:
                return found[-1]
            await live.receive_json()  # the next activity, then look again


async def test_hung_has_a_report_to_review_in_the_sandbox(http, live):
    """The demo holds Mai's unusual report of yesterday for her leader: /review shows it and
    its card opens with the reason and the two answers."""
    await post(http, f"/api/users/{HUNG}/text", {"text": "/review"})
    listing = await heard(http, live, HUNG, "Báo cáo chờ xác nhận")
    assert "Vũ Thị Mai" in listing["html"]
    [[opener]] = listing["inline_keyboard"]
    press = {"message_id": listing["id"], "callback_data": opener["callback_data"]}
    await post(http, f"/api/users/{HUNG}/press", press)
    card = await heard(http, live, HUNG, "Báo cáo cần xác nhận")
    assert "250 người" in card["html"] and "vượt mức hợp lý (150 người/ngày)" in card["html"]
    labels = [b["text"] for row in card["inline_keyboard"] for b in row]
    assert labels == ["✅ Xác nhận", "↩️ Trả lại"]
