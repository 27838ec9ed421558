"""Shared fixtures: the Bot API double, the real Application against it, a seeded roster."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.application import CnsApplication, build_application
from bot.app.settings import Settings
from bot.core.clock import FrozenClock, iso_utc
from bot.doubles.base import DoubleServer
from bot.doubles.telegram import BotApiDouble, RateLimits, StoredMessage
from bot.transports.ratelimit import harmless_refusal
from bot.transports.telegram import ALLOWED_UPDATES
from bot.transports.telegram.polling import poll
from schedules.broadcasts import report_progress
from schedules.tick import tick
from storage import areas, members, teams
from storage.db import Database

pytest_plugins = ["tests.zalo_fixtures", "tests.cli_fixtures"]

TOKEN = "123456:TEST-TOKEN"
BOT_USERNAME = "cns_test_bot"
# 09:00 in Hà Nội on a Friday.
START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


class ThinkTime:
    """The double's rate-limit clock: real time plus the time people take between actions.

    Tests act in microseconds where a person needs seconds; without this, Telegram's
    per-chat limit would answer 429 to a dialog no human could type that fast.
    """

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def pause(self, seconds: float = 3.0) -> None:
        self.offset += seconds


@pytest.fixture
def think_time() -> ThinkTime:
    return ThinkTime()


@pytest.fixture
async def double(think_time):
    """A Bot API double on 127.0.0.1; the test fails if the bot sent anything Telegram rejects."""
    limits = RateLimits(clock=think_time)
    async with BotApiDouble(token=TOKEN, bot_username=BOT_USERNAME, rate_limits=limits) as server:
        server.think_time = think_time
        yield server
        # A call refused only because it was done already (a button answered twice, buttons
        # taken off twice: a replay after a crash, a retry after a timeout) changes nothing.
        rejected = [
            error
            for error in server.errors
            if error[1] == 400 and not harmless_refusal(error[0], error[2])
        ]
        assert rejected == [], f"Telegram would have rejected: {rejected}"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def make_settings(double, db_path):
    """Build settings pointing at the double; keyword arguments override."""

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "bot_token": TOKEN,
            "telegram_api_url": double.base_url,
            "database_path": db_path,
            "backup_dir": db_path.parent / "backups",
            "admin_telegram_ids": "",
            "default_language": "vi",
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return make


async def start_bot_process(
    cwd: Path, *, quiet: bool = False, args: tuple[str, ...] = (), **env: str
) -> asyncio.subprocess.Process:
    """Start `python -m bot run` as production does, with these settings over the environment.

    Its output is kept for `communicate()` unless `quiet` (a process that will be killed).
    """
    output = asyncio.subprocess.DEVNULL if quiet else asyncio.subprocess.PIPE
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        *args,
        env={**os.environ, "LOG_LEVEL": "WARNING", **env},
        cwd=cwd,
        stdout=output,
        stderr=output,
    )


async def polled(*doubles: DoubleServer, timeout: float = 60.0) -> None:  # noqa: ASYNC109
    """Wait until a started bot process polls every double: it is up and answering. A cold
    process imports the whole bot first, which takes seconds on a loaded machine; after this
    the usual short waits apply."""
    for server in doubles:
        await server.wait_until(
            lambda server=server: any(
                (call[0] if isinstance(call, tuple) else call) == "getUpdates"
                for call in server.calls
            ),
            timeout=timeout,
        )


class RunningBot:
    """The production Application, polling the double; can be restarted on the same file."""

    def __init__(self, settings: Settings, clock: FrozenClock) -> None:
        self.settings = settings
        self.clock = clock
        self.app: CnsApplication | None = None
        self._stop = asyncio.Event()
        self._polling: asyncio.Task | None = None

    async def start(self) -> None:
        self.app = build_application(self.settings, clock=self.clock)
        await self.app.initialize()
        await self.app.start()
        # Tests run the timed jobs themselves (`await bot.tick()`), at the clock they set.
        for name in ("tick", "broadcast_progress"):
            for job in self.app.job_queue.get_jobs_by_name(name):
                job.schedule_removal()
        self._stop = asyncio.Event()
        self._polling = asyncio.create_task(
            poll(self.app, self._stop, poll_timeout=1, allowed_updates=ALLOWED_UPDATES)
        )

    async def stop(self) -> None:
        if self.app is None:
            return
        self._stop.set()
        await self._polling
        await self.app.stop()
        await self.app.shutdown()
        self.app = None

    async def tick(self) -> dict:
        """Run the minute tick now, and let the delivery worker send what it queued."""
        done = await tick(self.app.deps)
        self.app.delivery.wake()
        return done

    async def progress(self) -> dict:
        """Update broadcast progress messages now, as the 3-second job does."""
        shown = self.app.bot_data.setdefault("broadcast_progress", {})
        deps = self.app.deps
        return await report_progress(deps.db, deps.bot_for, deps.texts, deps.clock, shown)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def db(self) -> Database:
        return self.app.deps.db


@pytest.fixture
async def running(make_settings, clock):
    """Start a bot with default settings; tests that need other settings use `start_bot`."""
    bot = RunningBot(make_settings(), clock)
    await bot.start()
    yield bot
    await bot.stop()


@pytest.fixture
async def start_bot(make_settings, clock):
    """Start a bot with given settings overrides."""
    started: list[RunningBot] = []

    async def start(**overrides: object) -> RunningBot:
        bot = RunningBot(make_settings(**overrides), clock)
        await bot.start()
        started.append(bot)
        return bot

    yield start
    for bot in started:
        await bot.stop()


@dataclass
class Roster:
    """Two teams in one commune of a demo province, as a roster import would leave them."""

    team_a: teams.Team
    team_b: teams.Team
    commune: areas.Area
    village: areas.Area


@pytest.fixture
async def roster(db_path) -> Roster:
    now = iso_utc(START)
    async with Database(db_path) as db, db.transaction() as conn:
        province, _ = await areas.upsert(
            conn, code="lc", name="Lào Cai", level="province", parent=None, now=now
        )
        commune, _ = await areas.upsert(
            conn, code="lc/bao-yen", name="Xã Bảo Yên", level="commune", parent=province, now=now
        )
        village, _ = await areas.upsert(
            conn,
            code="lc/bao-yen/na-phung",
            name="Thôn Nà Phung",
            level="village",
            parent=commune,
            now=now,
        )
        team_a = await teams.create(
            conn,
            code="T001",
            name="Tổ CNS Nà Phung",
            area_id=village.id,
            leader_name=None,
            leader_phone=None,
            now=now,
        )
        team_b = await teams.create(
            conn,
            code="T002",
            name="Tổ CNS Bảo Yên",
            area_id=commune.id,
            leader_name=None,
            leader_phone=None,
            now=now,
        )
    return Roster(team_a, team_b, commune, village)


async def add_member(
    db: Database,
    team_id: int | None,
    *,
    now: str,
    chat_id: int = 501,
    full_name: str = "Lò Thị Lan",
    phone: str | None = None,
    role: str = "member",
) -> int:
    """Store a consenting member straight away (no dialog); return their id."""
    async with db.transaction() as conn:
        member = await members.create(
            conn,
            chat_id=chat_id,
            full_name=full_name,
            phone=phone,
            team_id=team_id,
            role=role,
            language="vi",
            now=now,
            consent_at=now,
        )
    return member.id


@pytest.fixture
async def db(db_path, roster):
    """The roster's SQLite file, opened: for calling storage and domain functions directly."""
    async with Database(db_path) as opened:
        yield opened


class Person:
    """A Telegram user talking to the bot through the double, the way a volunteer would."""

    def __init__(self, double: BotApiDouble, user: dict) -> None:
        self.double = double
        self.id = user["id"]
        self.user = user

    def _seen(self) -> int:
        self.double.think_time.pause()
        return len(self.double.bot_messages(self.id))

    async def _next(self, seen: int) -> StoredMessage:
        return await self.double.wait_for_bot_message(self.id, after=seen)

    async def say(self, text: str) -> StoredMessage:
        """Type a message; return the bot's next message."""
        seen = self._seen()
        self.double.send_text(self.id, text)
        return await self._next(seen)

    async def tap(self, label: str) -> StoredMessage:
        """Tap the inline button with this label on the latest card; return the next message."""
        seen = self._seen()
        self.double.press_button(self.id, label)
        return await self._next(seen)

    async def tap_alert(self, label: str) -> tuple[str, str | None, bool]:
        """Tap a button that is answered by a pop-up only; return that answer."""
        self.double.think_time.pause()
        answered = len(self.double.answered_callbacks)
        self.double.press_button(self.id, label)
        await self.double.wait_until(lambda: len(self.double.answered_callbacks) > answered)
        return self.double.answered_callbacks[answered]

    async def keyboard(self, label: str) -> StoredMessage:
        """Press a reply-keyboard button (sharing the contact if it asks for it)."""
        seen = self._seen()
        self.double.reply_keyboard_press(self.id, label)
        return await self._next(seen)

    async def share(self, phone_number: str, *, own: bool = True) -> StoredMessage:
        """Share a contact card."""
        seen = self._seen()
        self.double.share_contact(self.id, phone_number, own=own)
        return await self._next(seen)

    async def join(self, invite_code: str) -> StoredMessage:
        """Join a team the quickest way: consent, profile name, no phone, confirm."""
        await self.say(f"/start {invite_code}")
        await self.tap("Tôi đồng ý")
        await self.tap("Dùng tên")
        await self.keyboard("Bỏ qua")
        return await self.tap("Xác nhận")

    @property
    def last(self) -> StoredMessage:
        return self.double.bot_messages(self.id)[-1]


@pytest.fixture
def people(double):
    """Create people: `people(first_name="Lan", phone_number="0912345678")`."""

    def make(**kwargs: object) -> Person:
        return Person(double, double.add_user(**kwargs))

    return make
