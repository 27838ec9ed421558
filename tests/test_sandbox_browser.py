"""The sandbox page in headless Chromium, driven over the Chrome DevTools Protocol.

A newcomer joins from an invite link and files a report by tapping; the commune coordinator
then sees it in /summary. The Zalo demo user joins and reports by typing numbers, then gets the
daily summary's chart as a picture. Screenshots are left in test-artifacts/sandbox.png and
test-artifacts/sandbox-zalo.png.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app.settings import Settings
from bot.core.clock import FrozenClock, iso_utc
from bot.domain.summary import build_summary
from bot.sandbox import Sandbox
from bot.sandbox.seed import COORDINATOR_SCOPE, FEATURED, PROVINCE_CODE, ZALO_NEWCOMER, ZALO_PEOPLE
from storage import areas, members
from storage import zalo as zalo_store
from tests.test_sandbox_api import START

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
)
WAIT_MS = 10_000
HOA = next(person.telegram_id for person in FEATURED if person.role == "coordinator")
HUONG = ZALO_NEWCOMER.zalo_id
THAO = ZALO_PEOPLE[0].zalo_id  # a member on Zalo: the page opens on her
TYPED = 7

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); "
    "the sandbox's browser test needs it",
)

# Resolves when `condition()` turns truthy, re-checked on every DOM change; rejects on timeout.
WAIT_FOR = """(condition, ms) => new Promise((resolve, reject) => {
  let observer;
  const timer = setTimeout(() => { observer.disconnect(); reject(new Error("timed out")); }, ms);
  const check = () => {
    let value;
    try { value = condition(); } catch (error) { value = null; }
    if (value) { observer.disconnect(); clearTimeout(timer); resolve(value); }
  };
  observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true,
                               attributes: true });
  check();
})"""
# The last element matching a selector whose text contains a given string.
LAST = (
    "(selector, text) => [...document.querySelectorAll(selector)].reverse()"
    ".find((node) => node.textContent.includes(text))"
)


class Page:
    """One browser tab over CDP: evaluate, wait for the DOM, click, type, screenshot."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.session: str | None = None
        self.errors: list[str] = []
        self._next = 0
        self._pending: dict[int, asyncio.Future] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for frame in self.ws:
            message = json.loads(frame.data)
            if "id" in message:
                future = self._pending.pop(message["id"])
                if "error" in message:
                    future.set_exception(RuntimeError(message["error"]))
                else:
                    future.set_result(message.get("result", {}))
            elif message.get("method") == "Runtime.exceptionThrown":
                self.errors.append(json.dumps(message["params"]["exceptionDetails"])[:500])

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        future = asyncio.get_running_loop().create_future()
        self._pending[self._next] = future
        command = {"id": self._next, "method": method, "params": params}
        if self.session is not None and not method.startswith("Target."):
            command["sessionId"] = self.session
        await self.ws.send_json(command)
        async with asyncio.timeout(20):
            return await future

    async def evaluate(self, expression: str) -> Any:
        result = await self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression[:200]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait(self, condition: str) -> Any:
        """Wait until the JS `condition` holds in the page; return its value."""
        try:
            return await self.evaluate(f"({WAIT_FOR})(() => ({condition}), {WAIT_MS})")
        except AssertionError:
            shown = await self.evaluate("document.getElementById('phone').innerText")
            raise AssertionError(f"never true: {condition}\npage:\n{shown[-1500:]}") from None

    async def tap(self, selector: str, text: str = "") -> None:
        """Wait for the last `selector` element containing `text`, then click it."""
        found = f"({LAST})({json.dumps(selector)}, {json.dumps(text)})"
        await self.wait(f"{found} && !{found}.disabled")
        await self.evaluate(f"{found}.click()")

    async def type(self, text: str) -> None:
        await self.evaluate("document.getElementById('input').focus()")
        await self.call("Input.insertText", text=text)
        await self.tap("#send")

    def bot_said(self, text: str) -> str:
        return f"({LAST})('.msg.bot .text', {json.dumps(text)})"

    async def answer(self, text: str, then: str) -> None:
        """Type `text` and wait until the bot says `then`."""
        await self.type(text)
        await self.wait(self.bot_said(then))

    async def screenshot(self, name: str) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))


@pytest.fixture
async def sandbox(tmp_path):
    settings = Settings(_env_file=None, database_path=tmp_path / "bot.sqlite3")
    # A test taps faster than any person; Telegram's per-chat flood limit would slow it down.
    started = Sandbox(
        settings, port=0, reset=True, rate_limits=None, real_clock=FrozenClock(START)
    )
    await started.start()
    yield started
    await started.stop()


@pytest.fixture
async def page(tmp_path):
    process = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={tmp_path / 'chromium'}",
        "about:blank",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(20):
            while not (line := (await process.stderr.readline()).decode()).startswith(
                "DevTools listening on "
            ):
                assert line, "Chromium exited before opening its DevTools port"
        endpoint = line.removeprefix("DevTools listening on ").strip()
        async with aiohttp.ClientSession() as http, http.ws_connect(endpoint) as ws:
            tab = Page(ws)
            target = await tab.call("Target.createTarget", url="about:blank")
            attached = await tab.call(
                "Target.attachToTarget", targetId=target["targetId"], flatten=True
            )
            tab.session = attached["sessionId"]
            await tab.call("Runtime.enable")
            await tab.call(
                "Emulation.setDeviceMetricsOverride",
                width=412,
                height=915,
                deviceScaleFactor=1,
                mobile=True,
            )
            yield tab
            tab._reader.cancel()
    finally:
        process.terminate()
        try:
            async with asyncio.timeout(10):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()


async def coordinator_totals(sandbox: Sandbox) -> tuple[int, int, int]:
    """Residents helped today, members who reported and active members in Hoa's commune."""
    deps = sandbox.app.deps
    commune = await areas.get_by_code(deps.db.reader, f"{PROVINCE_CODE}/{COORDINATOR_SCOPE}")
    today = sandbox.clock.local_now().date()
    built = await build_summary(deps.db, deps.form, area_id=commune.id, team_id=None, day=today)
    helped = next((t.today for t in built.totals if t.indicator.id == "residents_helped"), 0)
    return helped, built.members_reported, built.members_active


async def test_the_page_opens_on_a_zalo_volunteer_beside_the_telegram_people(sandbox, page):
    await page.call("Page.enable")
    await page.call("Page.navigate", url=sandbox.url)
    await page.wait(f"document.querySelector(\".person.active[data-user='{THAO}']\")")
    await page.wait("document.getElementById('phone').classList.contains('zalo')")
    # Two groups, Zalo's left of Telegram's on one row, each with its own people.
    groups = await page.evaluate(
        "[...document.querySelectorAll('.people-group')].map((g) => ({"
        " channel: g.dataset.channel, title: g.querySelector('.people-title').textContent,"
        " left: g.getBoundingClientRect().left, top: g.getBoundingClientRect().top,"
        " people: [...g.querySelectorAll('.person .name')].map((n) => n.textContent) }))"
    )
    assert [g["channel"] for g in groups] == ["zalo", "telegram"]
    assert [g["title"] for g in groups] == ["Zalo", "Telegram"]
    assert groups[0]["left"] < groups[1]["left"] and groups[0]["top"] == groups[1]["top"]
    assert groups[0]["people"] == ["Thảo", "Hương"]
    assert {"Lan", "Hùng", "Hoa", "Tuấn"} <= set(groups[1]["people"])
    # Thảo is a member already: the guide says how to answer on Zalo, no code to type.
    hint = await page.evaluate("document.getElementById('hint').textContent")
    assert "Thảo" in hint and "Zalo" in hint
    assert await page.evaluate("document.querySelectorAll('.suggestion.code').length") == 0

    # She reports as most volunteers will: "1 12" (VNeID, twelve people), then "1" to send.
    await page.tap(".suggestion", "1 12")
    await page.wait(page.bot_said("Trả lời 1, 2, 3 hoặc 4."))
    await page.answer("1", "Đã lưu báo cáo")
    await page.screenshot("sandbox-start.png")
    assert page.errors == []
    assert sandbox.zalo.errors == [] and sandbox.zalo.raw_markup_messages() == []


async def test_a_newcomer_reports_by_tapping_and_the_coordinator_sees_it(sandbox, page):
    helped, reported, active = await coordinator_totals(sandbox)
    await page.call("Page.enable")
    await page.call("Page.navigate", url=sandbox.url)
    await page.wait("document.querySelectorAll('.person').length >= 5")

    # A newcomer opens the invite link of the village team that has been silent for days.
    await page.tap("#add-newcomer")
    await page.tap(".invite", "Thôn Bắc")
    await page.tap(".inline-button", "Tôi đồng ý")
    await page.tap(".inline-button", "Dùng tên")
    await page.tap(".kb-button", "Chia sẻ số điện thoại")
    await page.tap(".inline-button", "Xác nhận")
    await page.wait(page.bot_said("Tổ CNSCĐ Thôn Bắc"))

    # A report: the menu button, the activity, the number, ✅ Gửi.
    await page.tap(".kb-button", "📝 Báo cáo")
    await page.tap(".inline-button", "Thương mại điện tử")
    await page.wait(page.bot_said("Số người dân được hỗ trợ"))
    await page.type(str(TYPED))
    await page.tap(".inline-button", "Gửi")
    await page.wait(page.bot_said("Đã lưu báo cáo"))

    # The commune coordinator asks for today's summary, which counts the new report.
    await page.tap(f".person[data-user='{HOA}']")
    await page.wait(page.bot_said("/summary"))
    await page.tap(".suggestion", "/summary")
    await page.tap(".inline-button", "Hôm nay")
    summary = await page.wait(f"{page.bot_said('Tổ có báo cáo hôm nay')}?.textContent")
    await page.wait("[...document.querySelectorAll('img.photo')].some(i => i.naturalWidth > 0)")
    today = re.search(r"Số người dân được hỗ trợ[:\s]*[Hh]ôm nay ([\d.]+)", summary)
    assert today and int(today[1].replace(".", "")) == helped + TYPED
    assert f"thành viên: {reported + 1}/{active + 1}" in summary
    assert re.search(r"Tổ có báo cáo hôm nay: \d+/\d+", summary)

    await page.screenshot("sandbox.png")
    assert page.errors == []
    assert [e for e in sandbox.double.errors if e[1] == 400] == []


async def make_coordinator(sandbox: Sandbox, zalo_id: str) -> None:
    """What an admin's /promote does (the API test goes through it): coordinator of Hòa An."""
    deps = sandbox.app.deps
    commune = await areas.get_by_code(deps.db.reader, f"{PROVINCE_CODE}/{COORDINATOR_SCOPE}")
    async with deps.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, await zalo_store.known_id(conn, zalo_id))
        now = iso_utc(sandbox.clock.now())
        await members.set_role(conn, member.id, "coordinator", commune.id, now)


async def test_the_zalo_user_types_numbers_and_sees_the_chart(sandbox, page):
    await page.call("Page.enable")
    await page.call("Page.navigate", url=sandbox.url)
    await page.tap(f".person[data-user='{HUONG}']")
    await page.wait("document.getElementById('phone').classList.contains('zalo')")
    assert await page.evaluate("document.getElementById('keyboard').hidden")

    # No invite link to tap on Zalo: a code chip puts Thôn Bắc's code in the box to send.
    await page.tap(".suggestion.code", "Thôn Bắc")
    assert len(await page.evaluate("document.getElementById('input').value")) == 10
    await page.tap("#send")
    await page.wait(page.bot_said("Trả lời 1 hoặc 2."))
    await page.answer("1", "Họ tên: Đào Thị Hương")  # her Zalo name, with the phone question
    await page.answer("0912 555 777", "Kiểm tra lại thông tin")
    await page.answer("1", "Xong rồi!")

    # A report of one number, answered by typing: 📝 Báo cáo, 🏥 Y tế số, 7, ✅ Gửi.
    await page.answer("1", "Chọn một hoạt động")
    await page.answer("5", "câu 1/1")
    await page.answer("7", "1. ✅ Gửi")
    await page.answer("1", "Đã lưu báo cáo")
    await page.screenshot("sandbox-zalo.png")
    await page.tap("#zalo-image")
    await page.wait(page.bot_said("bạn chưa làm báo cáo nào để gắn ảnh vào"))
    # Plain text only: no formatting, no buttons, no keyboard.
    shown = "#chat b, #chat i, #chat code, #chat .inline, #chat .inline-button"
    assert await page.evaluate(f"document.querySelectorAll('{shown}').length") == 0

    # As coordinator, the 17:30 summary brings the chart, a picture from the bot's own link.
    await make_coordinator(sandbox, HUONG)
    await page.tap("#jump-summary")
    await page.wait(page.bot_said("Tổ có báo cáo"))
    await page.wait("[...document.querySelectorAll('img.photo')].some(i => i.naturalWidth > 0)")
    src = await page.evaluate("document.querySelector('img.photo').getAttribute('src')")
    assert src.startswith("/zalo/files/")
    await page.wait(
        f"document.querySelector(\".person[data-user='{HUONG}']\")"
        ".textContent.includes('Điều phối xã')"
    )

    assert page.errors == []
    assert sandbox.zalo.errors == [] and sandbox.zalo.raw_markup_messages() == []
