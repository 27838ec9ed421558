"""The sandbox page in headless Chromium, driven over the Chrome DevTools Protocol.

A newcomer joins from an invite link and files a report by tapping; the commune coordinator
then sees it in /summary. A screenshot is left in test-artifacts/sandbox.png.
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

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.sandbox.seed import COORDINATOR_SCOPE, FEATURED, PROVINCE_CODE
from bot.settings import Settings
from bot.summary import build_summary
from storage import areas
from tests.test_sandbox_api import START

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACT = Path(__file__).resolve().parent.parent / "test-artifacts" / "sandbox.png"
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
    helped = next((t.period for t in built.totals if t.indicator.id == "residents_helped"), 0)
    return helped, built.members_reported, built.members_active


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
    summary = await page.wait(f"{page.bot_said('Xã Hòa An')}?.textContent")
    await page.wait("[...document.querySelectorAll('img.photo')].some(i => i.naturalWidth > 0)")
    assert f"Số người dân được hỗ trợ: {helped + TYPED}" in summary
    assert f"thành viên: {reported + 1}/{active + 1}" in summary
    assert re.search(r"Tổ đã báo cáo: \d+/\d+", summary)

    shot = await page.call("Page.captureScreenshot", format="png")
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_bytes(base64.b64decode(shot["data"]))
    assert page.errors == []
    assert [e for e in sandbox.double.errors if e[1] == 400] == []
