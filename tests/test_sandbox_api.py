"""The sandbox page's API over real HTTP on 127.0.0.1: state, chat, buttons, clock, files."""

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

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.sandbox.clock import SandboxClock
from bot.sandbox.seed import FEATURED, seed
from bot.settings import Settings

# 10:30 in Hà Nội on a Wednesday: no reminder, alert or summary is due yet.
START = datetime(2026, 11, 25, 3, 30, tzinfo=UTC)
LAN, HUNG, HOA, TUAN = (person.telegram_id for person in FEATURED)
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
        async with aiohttp.ClientSession(base_url=again.url) as http:
            async with http.get("/api/state") as response:
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
