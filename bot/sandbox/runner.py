"""The sandbox: the Bot API and Zalo doubles, the real bot on both, and the web chat page.

One application per messenger over one database, as a deployment with both tokens runs: the
Telegram one (primary: it runs the jobs) and the Zalo one. Everything listens on 127.0.0.1
only. The bot keeps its own database file (next to the configured one, `sandbox.sqlite3`),
seeded with the demo province on first start; a small state file next to it keeps the clock's
lead and the people who joined from the page, and the Bot API double keeps its own beside
them: the last update and message ids it issued, which a restarted double goes on after (the
bot skips ids it has seen).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import socket
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import SecretStr

from bot.app.application import CnsApplication, build_application
from bot.app.settings import Settings
from bot.core.clock import Clock
from bot.doubles.telegram import DEFAULT_RATE_LIMITS, BotApiDouble, RateLimits, StoredMessage
from bot.doubles.zalo import StoredZaloMessage, ZaloDouble
from bot.sandbox import seed
from bot.sandbox.clock import SEARCH_DAYS, SandboxClock
from bot.sandbox.server import reserve, start_page
from bot.transports.telegram import ALLOWED_UPDATES
from bot.transports.telegram.polling import poll
from bot.transports.zalo.links import FileLinks
from schedules.tick import tick
from storage import holidays, reminder_rules

logger = logging.getLogger(__name__)

# Loopback only: the sandbox has no accounts and must never be reachable from the network.
HOST = "127.0.0.1"
TOKEN = "700000001:SANDBOX-LOCAL-ONLY"
BOT_USERNAME = "cns_sandbox_bot"
ZALO_TOKEN = "800000001:SANDBOX-ZALO-LOCAL"
ZALO_ACCOUNT = "bot.cns_sandbox"
DATABASE_NAME = "sandbox.sqlite3"
STATE_NAME = "sandbox.state.json"
ID_FILE_NAME = "sandbox.telegram-ids.json"  # the Bot API double's own, see IssuedIds
BACKUP_FOLDER = "sandbox-backups"
MORNING = time(8, 0)
# Long enough that polling is cheap, short enough that a stop is never held up by it.
POLL_TIMEOUT = 10
# The demo province's own names (settings BOT_NAME, DATA_CONTROLLER, DATA_CONTACT), used where
# the visitor's settings leave them unset.
DEMO_BOT_NAME = "Trợ lý CNSCĐ tỉnh Demo"
DEMO_DATA_CONTROLLER = "Sở Khoa học và Công nghệ tỉnh Demo"
DEMO_DATA_CONTACT = "0200 3800 000 · cns@demo.example.vn · Số 1 đường Demo, tỉnh Demo"
NEWCOMER_NAMES = (
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Giang",
    "Vũ Thị Hạnh",
    "Đỗ Văn Khánh",
    "Bùi Thị Loan",
)


@dataclass(frozen=True, slots=True)
class SandboxUser:
    """Someone the visitor can be: a featured demo user or a newcomer from the page."""

    id: int
    name: str
    phone: str
    kind: str  # member, leader, coordinator, admin, or "new"
    opener: str | None = None  # what the page sends first when the chat is still empty


class Sandbox:
    """Starts and stops the doubles, the bot on both, polling and the page; acts for visitors."""

    def __init__(
        self,
        settings: Settings,
        *,
        port: int = 8080,
        reset: bool = False,
        rate_limits: RateLimits | None = DEFAULT_RATE_LIMITS,
        real_clock: Clock | None = None,
    ) -> None:
        self.port, self.reset = port, reset
        self._real_clock = real_clock
        self.database_path = settings.database_path.parent / DATABASE_NAME
        self.state_path = settings.database_path.parent / STATE_NAME
        self.id_path = settings.database_path.parent / ID_FILE_NAME
        self.clock = SandboxClock(settings.tz, real=real_clock)
        bot_name = settings.bot_name or DEMO_BOT_NAME
        self.double = BotApiDouble(
            token=TOKEN,
            bot_username=BOT_USERNAME,
            rate_limits=rate_limits,
            bot_name=bot_name,
            # The bot database keeps the ids it has seen: new ones must follow them.
            id_file=self.id_path,
        )
        self.zalo = ZaloDouble(
            token=ZALO_TOKEN,
            account_name=ZALO_ACCOUNT,
            # Dated by the sandbox clock, so Zalo messages show the bot's time as Telegram's do.
            clock=lambda: self.clock.now().timestamp(),
            # Message ids new in every run: the bot drops a Zalo message id it has seen before.
            seed=secrets.randbits(63),
        )
        self.zalo_people = {person.zalo_id: person for person in seed.ZALO_PEOPLE}
        self.settings = settings.model_copy(
            update={
                "bot_token": SecretStr(TOKEN),
                "bot_username": BOT_USERNAME,
                "database_path": self.database_path,
                "backup_dir": settings.database_path.parent / BACKUP_FOLDER,
                "admin_telegram_ids": settings.admin_telegram_ids | seed.ADMIN_IDS,
                "bot_name": bot_name,
                "data_controller": settings.data_controller or DEMO_DATA_CONTROLLER,
                "data_contact": settings.data_contact or DEMO_DATA_CONTACT,
            }
        )
        self.users: dict[int, SandboxUser] = {}
        # When each message happened on the sandbox clock (the double stamps real time).
        self.stamps: dict[tuple[int, int], float] = {}
        self.app: CnsApplication | None = None  # Telegram's: primary, runs the jobs
        self.zalo_app: CnsApplication | None = None
        self.web: web.AppRunner | None = None
        self._page_socket: socket.socket | None = None
        self._stop_polling = asyncio.Event()
        self._polling: list[asyncio.Task] = []

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def zalo_links(self) -> FileLinks | None:
        """The bot's signed links to what it sends on Zalo, which the page serves."""
        return self.zalo_app.zalo.links if self.zalo_app and self.zalo_app.zalo else None

    async def start(self) -> None:
        """Start the doubles, the bot and its polling, then the page; on failure undo, raise."""
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> None:
        self.database_path.parent.mkdir(parents=True, exist_ok=True)
        if self.reset:
            for path in (self.database_path, self.state_path, self.id_path):
                for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                    leftover.unlink(missing_ok=True)
        state = self._load_state()
        offset = timedelta(seconds=state.get("offset", 0))
        self.clock = SandboxClock(self.settings.tz, offset, self._real_clock)
        self.double.add_listener(self._stamp)
        await self.double.start()
        await self.zalo.start()
        for person in self.zalo_people.values():
            self.zalo.add_user(person.full_name, person.zalo_id)
            # Zalo lets a bot write only to people who wrote first: if she joined, she did.
            self.zalo.users[person.zalo_id].has_written = True
        self._page_socket = reserve(HOST, self.port)
        self.port = self._page_socket.getsockname()[1]
        self.settings = self.settings.model_copy(
            update={
                "telegram_api_url": self.double.base_url,
                "zalo_bot_token": SecretStr(ZALO_TOKEN),
                "zalo_api_url": self.zalo.base_url,
                # Zalo takes photos by URL: the page serves the bot's file links itself.
                "public_url": self.url.rstrip("/"),
            }
        )
        self.app = build_application(self.settings, clock=self.clock)
        deps = self.app.deps
        self.zalo_app = build_application(
            self.settings, clock=self.clock, channel="zalo", deps=deps
        )
        for app in (self.app, self.zalo_app):
            await app.initialize()
        if await seed.seed(deps.db, deps.form, self.clock, self.settings.tz):
            logger.info("Seeded the demo province into %s", self.database_path)
        for person in seed.PEOPLE:
            if person.featured:
                # A coordinator is in no team, so /start would ask them for an invite code.
                opener = "/help" if person.role == "coordinator" else "/start"
                self.users[person.telegram_id] = SandboxUser(
                    person.telegram_id, person.short_name, person.phone, person.role, opener
                )
            self._known_user(person.telegram_id, person.full_name, person.phone)
        for saved in state.get("newcomers", []):
            self._newcomer(SandboxUser(**saved))
        for app in (self.app, self.zalo_app):
            await app.start()
        self._stop_polling = asyncio.Event()
        self._polling = [
            asyncio.create_task(
                poll(
                    app,
                    self._stop_polling,
                    poll_timeout=POLL_TIMEOUT,
                    allowed_updates=allowed,
                )
            )
            for app, allowed in ((self.app, ALLOWED_UPDATES), (self.zalo_app, None))
        ]
        self.web = await start_page(self, self._page_socket)
        self._page_socket = None  # the page's server owns it now

    async def stop(self) -> None:
        """Close the page, stop polling, stop the bot, then the doubles; keep the state."""
        if self.web is not None:
            await self.web.cleanup()
            self.web = None
        if self._page_socket is not None:
            self._page_socket.close()
            self._page_socket = None
        self._stop_polling.set()
        for task in self._polling:
            await task
        self._polling = []
        # Zalo's first: the primary (Telegram's) application closes the database last.
        apps = [app for app in (self.zalo_app, self.app) if app is not None]
        for app in apps:
            if app.running:
                await app.stop()
        for app in apps:
            await app.shutdown()
        self.app = self.zalo_app = None
        await self.double.stop()
        await self.zalo.stop()

    def _known_user(self, user_id: int, full_name: str, phone: str) -> None:
        self.double.add_user(user_id, first_name=full_name, language_code="vi", phone_number=phone)
        # The demo roster talked to the bot before, so reminders and summaries can reach them.
        self.double.chats[user_id].has_written = True

    def _newcomer(self, user: SandboxUser) -> None:
        self.double.add_user(user.id, first_name=user.name, language_code="vi")
        self.users[user.id] = user

    def _load_state(self) -> dict[str, Any]:
        try:
            return json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except ValueError:
            logger.warning("Ignoring an unreadable %s", self.state_path)
            return {}

    def _save_state(self) -> None:
        newcomers = [asdict(user) for user in self.users.values() if user.kind == "new"]
        state = {"offset": self.clock.offset.total_seconds(), "newcomers": newcomers}
        self.state_path.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")

    def _stamp(self, message: StoredMessage) -> None:
        self.stamps.setdefault((message.chat_id, message.message_id), self.clock.now().timestamp())

    def _acted(self, update: dict[str, Any]) -> StoredMessage:
        """Stamp and return the message the user just sent."""
        message = update["message"]
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        self.stamps[(chat_id, message_id)] = self.clock.now().timestamp()
        return next(
            m
            for m in reversed(self.double.transcript(chat_id))
            if m.message_id == message_id and not m.is_press
        )

    def add_newcomer(self, invite_code: str | None) -> tuple[SandboxUser, StoredMessage]:
        """Create a new person who opens the bot, through an invite link if given."""
        user_id = max([10000, *self.double.chats]) + 1
        name = NEWCOMER_NAMES[(user_id - 10001) % len(NEWCOMER_NAMES)]
        user = SandboxUser(user_id, name, f"0909{user_id % 1_000_000:06d}", "new")
        self._newcomer(user)
        self._save_state()
        return user, self.say(user_id, f"/start {invite_code}" if invite_code else "/start")

    def say(self, user_id: int, text: str) -> StoredMessage:
        """The user types and sends `text`."""
        return self._acted(self.double.send_text(self._user(user_id).id, text))

    def zalo_say(self, zalo_id: str, text: str) -> tuple[int, StoredZaloMessage]:
        """The Zalo user types and sends `text`; return its place in the chat and it."""
        self.zalo.send_text(zalo_id, text)
        return self._zalo_sent(zalo_id)

    def zalo_image(self, zalo_id: str) -> tuple[int, StoredZaloMessage]:
        """The Zalo user sends a picture, which the bot can't read."""
        self.zalo.send_image(zalo_id)
        return self._zalo_sent(zalo_id)

    def _zalo_sent(self, zalo_id: str) -> tuple[int, StoredZaloMessage]:
        entries = self.zalo.transcript(zalo_id)
        return len(entries) - 1, entries[-1]

    def share_contact(self, user_id: int) -> StoredMessage:
        """The user taps the share-contact button: their own number goes to the bot."""
        user = self._user(user_id)
        return self._acted(self.double.share_contact(user.id, user.phone))

    async def press(
        self, user_id: int, message_id: int, callback_data: str
    ) -> tuple[str | None, bool]:
        """Tap an inline button; return the bot's answer to it (a toast or an alert)."""
        update = self.double.press(self._user(user_id).id, message_id, callback_data)
        query_id = update["callback_query"]["id"]

        def answer() -> tuple[str, str | None, bool] | None:
            return next((a for a in self.double.answered_callbacks if a[0] == query_id), None)

        try:
            _, text, alert = await self.double.wait_until(answer, timeout=10)
        except TimeoutError:
            return None, False
        return text, alert

    def _user(self, user_id: int) -> SandboxUser:
        user = self.users.get(user_id)
        if user is None:
            raise KeyError(user_id)
        return user

    async def reminder_time(self) -> time:
        """The time of the daily reminder rule (16:00 unless an admin changed it)."""
        rule = await self._daily_rule()
        return _parse_time(rule.at_time) if rule else time(16, 0)

    async def _daily_rule(self) -> reminder_rules.ReminderRule | None:
        found = await reminder_rules.rules(self.app.deps.db.reader)
        return next((r for r in found if r.active and r.scope == "day"), None)

    async def jump(self, target: str) -> dict[str, dict[str, int]]:
        """Jump the clock to the next reminder time, summary time or tomorrow morning; tick."""
        if target == "reminders":
            moment = self.clock.next_at(await self.reminder_time(), suits=await self._workdays())
        elif target == "summary":
            moment = self.clock.next_at(self.settings.summary_at)
        elif target == "morning":
            moment = self.clock.tomorrow_at(MORNING)
        else:
            raise ValueError(f"unknown jump {target!r}")
        self.clock.jump_to(moment)
        self._save_state()
        done = await tick(self.app.deps)
        self.app.deps.wake_delivery()
        logger.info("Clock jumped to %s: %s", self.clock.local_now(), done)
        return done

    async def _workdays(self) -> Callable[[date], bool]:
        """Days on which the daily reminder goes: its weekdays, not holidays."""
        rule = await self._daily_rule()
        reader = self.app.deps.db.reader
        today = self.clock.local_now().date()
        days = [today + timedelta(days=n) for n in range(SEARCH_DAYS)]
        off = {day for day in days if await holidays.name_of(reader, day)}
        weekdays = rule.days if rule else (1, 2, 3, 4, 5, 6)
        return lambda day: day.isoweekday() in weekdays and day not in off


def _parse_time(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(hours, minutes)


async def run_sandbox(
    settings: Settings,
    *,
    stop: asyncio.Event,
    port: int = 8080,
    reset: bool = False,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Run the sandbox on 127.0.0.1 until `stop` is set, then shut everything down."""
    sandbox = Sandbox(settings, port=port, reset=reset)
    await sandbox.start()
    try:
        if on_ready is not None:
            on_ready(sandbox.url)
        await stop.wait()
    finally:
        await sandbox.stop()
