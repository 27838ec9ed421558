"""The machinery of the hostile-input test (test_hostile): one bot for the whole module, people
walked to a dialog step, the inputs Telegram can deliver there, and what must hold after each.

Waiting is on conditions only: every update the bot takes is recorded when the application has
finished with it (handlers, error handler, dialog state saved), tasks it started are awaited,
and the outbox worker is waited for while rows are due. So a silent bot is seen at once, not
after a timeout, and whatever a case set going is over before the next case looks at storage.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import Update

from bot.app.settings import Settings
from bot.core.clock import FrozenClock, iso_utc
from bot.doubles.telegram import BotApiDouble, RateLimits, StoredMessage
from bot.doubles.telegram.keyboards import inline_buttons, reply_buttons
from bot.doubles.telegram.updates import ChangeSignal
from bot.transports.ratelimit import harmless_refusal
from bot.ui.callbacks import VERSION, Action
from storage import areas, members, reports, teams
from storage.db import Database
from tests.conftest import BOT_USERNAME, START, TOKEN, RunningBot, ThinkTime

NOW = iso_utc(START)
WAIT = 15.0  # seconds before a bot that never finishes an update fails the case (a hang)
LONG_INT = 2**63  # one past SQLite's (and int64's) largest integer


def _png(width: int, height: int) -> bytes:
    """A valid, all-white RGB PNG: what a phone camera sends, in small."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PHOTO = _png(64, 48)
XLSX = b"PK\x03\x04" + b"\x00" * 60  # the start of a zip: what a spreadsheet looks like
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the world: one double, one bot, one roster ----------------------------------------------


@dataclass
class Places:
    """The roster: teams A (a village) and B (its commune), and a commune of its own for
    broadcasts, whose only member is `recipient` (so a broadcast let through by mistake reaches
    nobody whose chat a case reads)."""

    team_a: teams.Team
    team_b: teams.Team
    commune: areas.Area
    village: areas.Area
    far_commune: areas.Area
    far_team: teams.Team


async def seed(db_path: Path) -> Places:
    async with Database(db_path) as db, db.transaction() as conn:
        province, _ = await areas.upsert(
            conn, code="lc", name="Lào Cai", level="province", parent=None, now=NOW
        )
        commune, _ = await areas.upsert(
            conn, code="lc/bao-yen", name="Xã Bảo Yên", level="commune", parent=province, now=NOW
        )
        village, _ = await areas.upsert(
            conn,
            code="lc/bao-yen/na-phung",
            name="Thôn Nà Phung",
            level="village",
            parent=commune,
            now=NOW,
        )
        far, _ = await areas.upsert(
            conn,
            code="lc/phuc-khanh",
            name="Xã Phúc Khánh",
            level="commune",
            parent=province,
            now=NOW,
        )
        made = []
        for code, name, area in (
            ("T001", "Tổ CNS Nà Phung", village),
            ("T002", "Tổ CNS Bảo Yên", commune),
            ("T009", "Tổ CNS Phúc Khánh", far),
        ):
            made.append(
                await teams.create(
                    conn,
                    code=code,
                    name=name,
                    area_id=area.id,
                    leader_name=None,
                    leader_phone=None,
                    now=NOW,
                )
            )
    team_a, team_b, far_team = made
    return Places(team_a, team_b, commune, village, far, far_team)


class Tracker:
    """What the running application has finished: updates, the tasks it started, the outbox."""

    def __init__(self, bot: RunningBot) -> None:
        self.bot = bot
        self.signal = ChangeSignal()
        self.handled: set[int] = set()
        self.tasks: set[asyncio.Task] = set()
        self.outcomes = 0
        app = bot.app
        process_update, create_task = app.process_update, app.create_task

        async def processed(update: object) -> None:
            try:
                await process_update(update)
            finally:
                if isinstance(update, Update):
                    self.handled.add(update.update_id)
                self.signal.notify()

        def started(*args: Any, **kwargs: Any) -> asyncio.Task:
            task = create_task(*args, **kwargs)
            self.tasks.add(task)
            task.add_done_callback(self._task_done)
            return task

        async def settled(message: object, status: str) -> None:
            self.outcomes += 1
            self.signal.notify()

        # The polling loop and PTB look these up on the instance, so the wrappers see all.
        app.process_update = processed
        app.create_task = started
        app.delivery.on_outcome = settled

    def _task_done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        self.signal.notify()

    async def until_handled(self, update_id: int) -> None:
        try:
            await self.signal.wait_within(lambda: update_id in self.handled, WAIT)
        except TimeoutError:
            raise AssertionError(
                f"the bot did not finish update {update_id} in {WAIT} s"
            ) from None

    async def settle(self) -> None:
        """Wait for the tasks handlers started, then for the outbox rows that are due."""
        await self.signal.wait_within(lambda: not self.tasks, WAIT)
        reader, now = self.bot.db.reader, iso_utc(self.bot.clock.now())
        while True:
            outcomes = self.outcomes
            async with reader.execute(
                "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
                " AND not_before <= ?",
                (now,),
            ) as cursor:
                (due,) = await cursor.fetchone()
            if not due:
                return
            await self.signal.wait_within(lambda seen=outcomes: self.outcomes > seen, WAIT)


@dataclass
class World:
    double: BotApiDouble
    bot: RunningBot
    places: Places
    tracker: Tracker
    bystander: dict[str, Any]  # a Telegram user whose contact card people share
    counter: int = 0

    @property
    def db(self) -> Database:
        return self.bot.db

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    def stranger(self) -> Actor:
        number = self.next_number()
        return Actor(self, self.double.add_user(first_name="Lan", last_name=f"Khách {number}"))

    async def member(self, role: str = "member", **options: Any) -> Actor:
        """A person already in a team (made in storage), with a chat the bot may write to."""
        number = self.next_number()
        name = options.get("name") or f"Người {role} {number:04d}"
        user = self.double.add_user(first_name=name)
        self.double.chats[user["id"]].has_written = True
        team = options.get("team", self.places.team_a)
        async with self.db.transaction() as conn:
            member = await members.create(
                conn,
                chat_id=user["id"],
                full_name=name,
                phone=options.get("phone"),
                team_id=team.id if team else None,
                role="member",
                language="vi",
                now=NOW,
                consent_at=NOW,
            )
            if role != "member":
                scope = options.get("scope")
                await members.set_role(conn, member.id, role, scope.id if scope else None, NOW)
        actor = Actor(self, user)
        actor.member_id = member.id
        return actor

    async def add_reports(self, actor: Actor, count: int) -> list[int]:
        """Reports of the actor's, the newest first as /myreports lists them."""
        made = []
        team = self.places.team_a
        async with self.db.transaction() as conn:
            for back in range(count):
                report, _ = await reports.create(
                    conn,
                    member_id=actor.member_id,
                    team_id=team.id,
                    area_id=team.area_id,
                    report_date=START.date() - timedelta(days=back),
                    category="khac",
                    values={"residents_helped": 5 + back},
                    note=None,
                    source=f"hostile:{actor.id}:{back}",
                    now=NOW,
                )
                made.append(report.id)
        return made


async def open_world(tmp: Path) -> tuple[World, Callable[[], Awaitable[None]]]:
    """Start the double and the bot on a fresh file; return the world and how to close it."""
    think = ThinkTime()
    double = BotApiDouble(
        token=TOKEN, bot_username=BOT_USERNAME, rate_limits=RateLimits(clock=think)
    )
    await double.start()
    double.think_time = think
    db_path = tmp / "bot.sqlite3"
    places = await seed(db_path)
    settings = Settings(
        _env_file=None,
        bot_token=TOKEN,
        telegram_api_url=double.base_url,
        database_path=db_path,
        backup_dir=tmp / "backups",
        admin_telegram_ids="",
        default_language="vi",
        # The bot caps its calls at max(30, SEND_RATE) a second; the cases make thousands, a
        # few milliseconds apart, and are not about pacing: at 30/s they would mostly wait.
        send_rate=1000,
    )
    bot = RunningBot(settings, FrozenClock(START))
    await bot.start()
    world = World(double, bot, places, Tracker(bot), double.add_user(first_name="Hoa"))
    # The far commune's one member, who gets whatever broadcast gets through.
    await world.member(name="Người nhận Phúc Khánh", team=places.far_team)

    async def close() -> None:
        await bot.stop()
        await double.stop()

    return world, close


# --- a person, and what one action of theirs led to ------------------------------------------


@dataclass
class Outcome:
    """What the bot did about one user action, once it had finished with it."""

    update: dict[str, Any]
    messages: list[StoredMessage]  # new bot messages in the person's chat
    answers: list[tuple[str, str | None, bool]]  # answerCallbackQuery calls for this press

    @property
    def text(self) -> str:
        return "\n".join(text_of(m) for m in self.messages)


class WalkError(AssertionError):
    """The way to a dialog step did not go as it always does: the test itself is broken."""


class Actor:
    """A Telegram user in the world; each action waits until the bot has finished with it."""

    def __init__(self, world: World, user: dict[str, Any]) -> None:
        self.world = world
        self.double = world.double
        self.id: int = user["id"]
        self.user = user
        self.member_id: int | None = None
        self.extra: dict[str, Any] = {}

    async def act(self, push: Callable[[], dict[str, Any]]) -> Outcome:
        self.double.think_time.pause()
        seen = len(self.double.bot_messages(self.id))
        answered = len(self.double.answered_callbacks)
        update = push()
        await self.world.tracker.until_handled(update["update_id"])
        await self.world.tracker.settle()
        query = update.get("callback_query", {}).get("id")
        answers = [a for a in self.double.answered_callbacks[answered:] if a[0] == query]
        return Outcome(update, self.double.bot_messages(self.id)[seen:], answers)

    def card(self, label: str) -> StoredMessage:
        """The latest bot message with an inline button whose label contains `label`."""
        for message in reversed(self.double.bot_messages(self.id)):
            if not message.deleted and button_data(message, label) is not None:
                return message
        raise LookupError(f"no card with a [{label}] button in chat {self.id}")

    # The way to a step: each must give its usual answer, or the walk is broken.
    async def say(self, text: str, expect: str) -> Outcome:
        return self._walked(await self.act(lambda: self.double.send_text(self.id, text)), expect)

    async def tap(self, label: str, expect: str, *, edited: bool = False) -> Outcome:
        card = self.card(label)
        data = button_data(card, label)
        outcome = await self.act(lambda: self.double.press(self.id, card.message_id, data))
        if edited:  # the answer is the card itself, edited
            outcome.messages = [card]
        return self._walked(outcome, expect)

    async def keyboard(self, label: str, expect: str) -> Outcome:
        outcome = await self.act(lambda: self.double.reply_keyboard_press(self.id, label))
        return self._walked(outcome, expect)

    def _walked(self, outcome: Outcome, expect: str) -> Outcome:
        if expect not in outcome.text:
            raise WalkError(
                f"expected {expect!r} on the way to the step; chat:\n{self.transcript()}"
            )
        return outcome

    def transcript(self, last: int = 12) -> str:
        """The chat's last entries, one line each, for failure messages."""
        entries = self.double.transcript(self.id)[-last:]
        lines = (" ⏎ ".join(entry.describe().splitlines()) for entry in entries)
        return "\n".join(f"    {line[:150]}" for line in lines)


def text_of(message: StoredMessage) -> str:
    return message.plain_text or message.plain_caption or ""


def button_data(message: StoredMessage, label: str) -> str | None:
    for button in inline_buttons(message.reply_markup):
        if label in button["text"] and "callback_data" in button:
            return button["callback_data"]
    return None


def button_labels(message: StoredMessage) -> list[str]:
    """Every button the message shows: inline, or of the reply keyboard it sets."""
    markup = message.reply_markup or {}
    labels = [b["text"] for b in inline_buttons(markup)]
    if "keyboard" in markup:
        labels += [b["text"] for b in reply_buttons(markup)]
    return labels


# --- the inputs ------------------------------------------------------------------------------

MessageInput = Callable[[Actor], dict[str, Any]]

MESSAGES: dict[str, MessageInput] = {
    "document+caption": lambda a: a.double.send_document(
        a.id, "bao-cao-thang-11.xlsx", XLSX, XLSX_MIME, caption="Báo cáo tháng 11 của tổ"
    ),
    "document": lambda a: a.double.send_document(a.id, "danh-sach.xlsx", XLSX, XLSX_MIME),
    "photo": lambda a: a.double.send_photo(a.id, PHOTO),
    "sticker": lambda a: a.double.send_sticker(a.id, "👍", set_name="cns_stickers"),
    "location": lambda a: a.double.send_location(a.id, 22.3364, 104.1478),
    "voice": lambda a: a.double.send_voice(a.id, b"OggS\x00\x02voice", duration=3),
    "contact-of-other": lambda a: a.double.share_contact(
        a.id,
        "0987654321",
        own=False,
        first_name="Hoa",
        contact_user_id=a.world.bystander["id"],
    ),
}


@dataclass(frozen=True)
class Card:
    """The live card of a step, and where its callback data keeps what a forgery changes.

    `label` picks the button whose real data is forged; `op` and `id` are positions in the
    data split at ":" (0 is "<version><action>"): the operation, and a numeric id (None: the
    data has none, so the big number goes where the operation is). `other` is the action
    whose prefix replaces the card's. `args` is False for data without arguments.
    """

    label: str
    other: Action
    op: int = 1
    id: int | None = None
    args: bool = True


def _replace(data: str, position: int, value: str) -> str:
    parts = data.split(":")
    if position < len(parts):
        parts[position] = value
    else:
        parts.append(value)
    return ":".join(parts)


FORGERIES: dict[str, Callable[[str, Card], str]] = {
    "cb-truncated": lambda data, card: data[: max(2, len(data) - 3)],
    "cb-unknown-op": lambda data, card: _replace(data, card.op, "zz"),
    "cb-id-over-int64": lambda data, card: _replace(
        data, card.op if card.id is None else card.id, str(LONG_INT)
    ),
    "cb-missing-arg": lambda data, card: data.rsplit(":", 1)[0],
    "cb-extra-arg": lambda data, card: f"{data}:1",
    "cb-other-prefix": lambda data, card: _replace(data, 0, VERSION + card.other.value),
    "cb-old-version": lambda data, card: str(int(VERSION) - 1) + data[len(VERSION) :],
}


def forgeries_for(card: Card) -> list[str]:
    return [kind for kind in FORGERIES if card.args or kind != "cb-missing-arg"]


# --- storage before and after ----------------------------------------------------------------

# Everything a person's input could change that matters; not the bookkeeping of updates and
# dialog state (processed_updates, ptb_*), which changes on every update by design.
TABLES = (
    "areas",
    "teams",
    "members",
    "reports",
    "report_values",
    "area_month_totals",
    "audit_log",
    "broadcasts",
    "outbox",
    "deadlines",
    "targets",
    "reminder_rules",
    "holidays",
    "member_chats",
    "link_codes",
    "evidence_photos",
    "report_evidence",
)

# Primary key columns of the tables keyed by more than their first column.
KEY_COLUMNS = {"report_values": 2, "area_month_totals": 3, "targets": 3, "report_evidence": 2}

Snapshot = dict[str, tuple[list[str], list[tuple]]]  # table: its columns, its rows


async def snapshot(db: Database) -> Snapshot:
    taken: Snapshot = {}
    for table in TABLES:
        async with db.reader.execute(f"SELECT * FROM {table} ORDER BY 1, 2") as cursor:
            columns = [column[0] for column in cursor.description]
            taken[table] = (columns, [tuple(row) for row in await cursor.fetchall()])
    return taken


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Say, table by table, which rows came, went, or changed (and in which columns)."""
    said = []
    for table in TABLES:
        columns, old_rows = before[table]
        new_rows = after[table][1]
        old, new = set(old_rows), set(new_rows)
        if old == new:
            continue
        size = KEY_COLUMNS.get(table, 1)
        gone = {row[:size]: row for row in old_rows if row not in new}
        parts = []
        for row in (row for row in new_rows if row not in old):
            was = gone.pop(row[:size], None)
            if was is None:
                parts.append(f"+ {_short(columns, row)}")
                continue
            changed = ", ".join(
                f"{column} {_value(a)} → {_value(b)}"
                for column, a, b in zip(columns, was, row, strict=True)
                if a != b
            )
            parts.append(f"{_key(columns, row, size)}: {changed}")
        parts += [f"- {_short(columns, row)}" for row in gone.values()]
        more = f" (and {len(parts) - 3} more)" if len(parts) > 3 else ""
        said.append(f"{table} " + "; ".join(parts[:3]) + more)
    return said


def _value(value: object) -> str:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _key(columns: list[str], row: tuple, size: int) -> str:
    return ", ".join(f"{c}={_value(v)}" for c, v in zip(columns[:size], row, strict=False))


def _short(columns: list[str], row: tuple) -> str:
    text = "(" + ", ".join(f"{c}={_value(v)}" for c, v in zip(columns, row, strict=True)) + ")"
    return text if len(text) <= 200 else text[:197] + "..."


# --- logs and Telegram's refusals ------------------------------------------------------------


def log_problems(records: list[logging.LogRecord]) -> list[str]:
    """Errors and tracebacks the bot logged."""
    found = []
    for record in records:
        if record.levelno < logging.ERROR and not record.exc_info:
            continue
        line = f"{record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line += f" [{type(error).__name__}: {str(error)[:120]}]"
        found.append(line)
    return found


def refusals(double: BotApiDouble, since: int) -> list[str]:
    """Calls Telegram would have rejected (as the `double` fixture checks), since an index."""
    return [
        f"Telegram would reject {method}: {status} {description}"
        for method, status, description in double.errors[since:]
        if status == 400 and not harmless_refusal(method, description)
    ]


# --- the steps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Next:
    """The correct input at a step and the words of its answer: proof the step still holds.

    `how` is "say" (type), "tap" (an inline button), "keyboard" (a reply-keyboard button);
    `arg` is what to type or the button's label, or makes it for the person (their invite);
    `where` is "message" (a new message says it), "edit" (the tapped card now says it) or
    "document" (a file arrives).
    """

    how: str
    arg: str | Callable[[Actor], str]
    expect: str
    where: str = "message"

    def text(self, actor: Actor) -> str:
        return self.arg if isinstance(self.arg, str) else self.arg(actor)


@dataclass(frozen=True)
class Step:
    """A dialog step: who is there, how they got there, its card, and its correct input.

    `accepts` names inputs that are a correct answer at this step, with the answer's words.
    """

    name: str
    who: Callable[[World], Awaitable[Actor]]
    walk: Callable[[Actor], Awaitable[None]]
    next: Next
    card: Card | None = None
    accepts: dict[str, str] = field(default_factory=dict)

    def inputs(self) -> list[str]:
        forged = forgeries_for(self.card) if self.card else []
        return [*MESSAGES, *forged]


async def go_on(actor: Actor, step: Step) -> str | None:
    """Make the step's correct input; return what went wrong, or None."""
    proceed, double = step.next, actor.double
    arg = proceed.text(actor)
    if proceed.how == "say":
        outcome = await actor.act(lambda: double.send_text(actor.id, arg))
    elif proceed.how == "keyboard":
        try:
            outcome = await actor.act(lambda: double.reply_keyboard_press(actor.id, arg))
        except ValueError:
            return f"the reply keyboard has no [{arg}] button any more"
    else:
        try:
            card = actor.card(arg)
        except LookupError:
            return f"no card shows the [{arg}] button any more"
        data = button_data(card, arg)
        outcome = await actor.act(lambda: double.press(actor.id, card.message_id, data))
        if proceed.where == "edit":
            outcome.messages = [card, *outcome.messages]
    said = f"said {outcome.text[:200]!r}" if outcome.messages else "said nothing"
    if proceed.where == "document":
        if any(m.document for m in outcome.messages):
            return None
        return f"{proceed.how} [{arg}] then sent no file; the bot {said}"
    if proceed.expect in outcome.text:
        return None
    return f"{proceed.how} [{arg}] should give {proceed.expect!r}, but the bot {said}"
