"""Shared by the fault suite (test_faults, test_kill, test_fuzz): patient people, members made
in storage, a report dialog a member plays through, and checks on what the bot stored and said.
"""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.domain.form import load_form
from bot.doubles.telegram import BotApiDouble, StoredMessage
from storage import members
from storage.db import Database
from tests.conftest import TOKEN, Person

SOAK = bool(os.environ.get("CNS_SOAK"))
soak_only = pytest.mark.skipif(not SOAK, reason="soak: set CNS_SOAK=1")

# The error handler's apology: an unhandled exception shows as this in the chat.
GENERIC_ERROR = "Xin lỗi, bot vừa gặp sự cố"
SAVED = "Đã lưu báo cáo"

FORM = load_form()
SINGLE = next(c for c in FORM.active_categories() if len(c.indicators) == 1)
PAYMENTS = next(c for c in FORM.active_categories() if "payment_accounts" in c.indicators)


def question(category, position: int = 0) -> str:
    """The words of the question for the category's indicator at `position`."""
    return FORM.indicators[category.indicators[position]].vi


class Patient(Person):
    """A person who waits longer, and for the answer they expect rather than the next message.

    Faults and restarts slow the bot down, and a retried call whose first try did arrive shows
    a message twice (late), so "the next message" could be an echo of the previous step. The
    wait ends at the expected answer or at the bot's apology, which fails the step.
    """

    timeout = 30.0

    def __init__(self, double: BotApiDouble, user: dict) -> None:
        super().__init__(double, user)
        self.steps = 0  # inputs that each call for exactly one new bot message

    async def _next(self, seen: int) -> StoredMessage:
        return await self.double.wait_for_bot_message(self.id, after=seen, timeout=self.timeout)

    def send(self, step: Step) -> int:
        """Type or tap as the step says, without waiting; return what to wait after."""
        self.double.think_time.pause()
        seen = len(self.double.bot_messages(self.id))
        if step.kind == "say":
            self.double.send_text(self.id, step.arg)
        else:
            self.double.press_button(self.id, step.arg)
        self.steps += 1
        return seen

    async def answer(self, seen: int, wanted: str) -> StoredMessage:
        """Wait for the bot's answer containing `wanted` (or its apology, which fails)."""

        def found(message: StoredMessage) -> bool:
            # An answer may have been edited already (a broadcast's "queued" into progress).
            texts = [text_of(message), *(edit or "" for edit in message.edits)]
            return any(wanted in text or GENERIC_ERROR in text for text in texts)

        message = await self.double.wait_for_bot_message(
            self.id, after=seen, timeout=self.timeout, predicate=found
        )
        if GENERIC_ERROR in text_of(message):
            return expect(message, wanted, self)
        return message

    async def play(self, step: Step) -> StoredMessage:
        return await self.answer(self.send(step), step.wanted)

    async def say_for(self, text: str, wanted: str) -> StoredMessage:
        """Type `text` and wait for the answer containing `wanted`."""
        return await self.play(Step("say", text, wanted))

    async def tap_for(self, label: str, wanted: str) -> StoredMessage:
        """Tap the latest button labelled `label` and wait for the answer containing `wanted`."""
        return await self.play(Step("tap", label, wanted))

    def apologies(self) -> list[StoredMessage]:
        return [m for m in self.double.bot_messages(self.id) if GENERIC_ERROR in text_of(m)]


def text_of(message: StoredMessage) -> str:
    return message.plain_text or message.plain_caption or ""


def patient(double: BotApiDouble, **user: object) -> Patient:
    return Patient(double, double.add_user(**user))


async def enrol(
    db: Database, double: BotApiDouble, team_id: int, count: int, *, prefix: str = "Người"
) -> list[Patient]:
    """Active members of a team, made in storage, each with a chat the bot may write to.

    Joining through the dialog costs five round trips a member; the join dialog has its own
    tests. The chat is marked as written to directly, as if each had sent /start long ago.
    """
    people = []
    async with db.transaction() as conn:
        for n in range(count):
            person = patient(double, first_name=f"{prefix} {n}")
            double.chats[person.id].has_written = True
            await members.create(
                conn,
                chat_id=person.id,
                full_name=f"{prefix} {n}",
                phone=None,
                team_id=team_id,
                role="member",
                language="vi",
                now="2026-11-01T00:00:00Z",
                consent_at="2026-11-01T00:00:00Z",
            )
            people.append(person)
    return people


def expect(message: StoredMessage, wanted: str, person: Person) -> StoredMessage:
    """Fail with the person's whole chat when the bot's answer is not the expected one."""
    assert wanted in text_of(message), (
        f"expected {wanted!r} in the answer to user {person.id}; chat:\n"
        + person.double.describe_transcript(person.id)
    )
    return message


@dataclass(frozen=True)
class Step:
    """One input of a dialog: type (`say`) or tap a button (`tap`), and the answer's words."""

    kind: str
    arg: str
    wanted: str


def say(text: str, wanted: str) -> Step:
    return Step("say", text, wanted)


def tap(label: str, wanted: str) -> Step:
    return Step("tap", label, wanted)


def value_line(category, position: int, value: int) -> str:
    return f"{question(category, position)}: {value}"


def report_plan(person_id: int, variant: int) -> tuple[list[Step], dict[str, object]]:
    """A complete report dialog with buttons, and the report it should store.

    Variants cover the dialog's steps: 0 one number; 1 three numbers (two typed, one above
    its soft maximum and confirmed at the question, one skipped) and a note; 2 yesterday's
    date, a number, then that number corrected via Edit.
    """
    steps = [say("/report", "Bạn đã làm gì")]
    if variant % 3 == 0:
        steps += [
            tap(SINGLE.short("vi"), question(SINGLE)),
            say("12 người", value_line(SINGLE, 0, 12)),
        ]
        expected = {"category": SINGLE.id, "values": {SINGLE.indicators[0]: 12}, "note": None}
    elif variant % 3 == 1:
        note = f"Họp thôn <b>&amp; #{person_id}"
        steps += [
            tap(PAYMENTS.short("vi"), question(PAYMENTS)),
            say("3", question(PAYMENTS, 1)),
            say("1.234", "Bạn nhập 1.234 giao dịch — đúng không?"),
            tap("✅ Đúng", question(PAYMENTS, 2)),
            tap("Bỏ qua", "Kiểm tra báo cáo"),
            tap("Ghi chú", "Gõ ghi chú"),
            say(note, f"Ghi chú: {note}"),
        ]
        expected = {
            "category": PAYMENTS.id,
            "values": {PAYMENTS.indicators[0]: 3, PAYMENTS.indicators[1]: 1234},
            "note": note,
        }
    else:
        steps += [
            tap("Ngày khác", "ngày nào"),
            tap("Hôm qua", "(hôm qua). Bạn đã làm gì"),
            tap(SINGLE.short("vi"), question(SINGLE)),
            say("5", value_line(SINGLE, 0, 5)),
            tap("Sửa", "sửa mục nào"),
            tap(question(SINGLE)[:20], question(SINGLE)),
            say("7", value_line(SINGLE, 0, 7)),
        ]
        expected = {"category": SINGLE.id, "values": {SINGLE.indicators[0]: 7}, "note": None}
    steps.append(tap("Gửi", SAVED))
    return steps, expected


def typed_plan(person_id: int, variant: int) -> tuple[list[Step], dict[str, object]]:
    """A complete report dialog typed only, every choice by its number (no button pressed)."""
    category = SINGLE if variant % 2 == 0 else PAYMENTS
    position = FORM.active_categories().index(category) + 1
    steps = [say("/report", "Bạn đã làm gì"), say(str(position), question(category))]
    values = {}
    for index, indicator in enumerate(category.indicators):
        value = 10 * (index + 1) + variant
        last = index + 1 == len(category.indicators)
        wanted = "Kiểm tra báo cáo" if last else question(category, index + 1)
        steps.append(say(str(value), wanted))
        values[indicator] = value
    steps.append(say("1", SAVED))  # Send is the card's first option
    return steps, {"category": category.id, "values": values, "note": None}


async def report_dialog(person: Patient, variant: int) -> dict[str, object]:
    """Play one complete report dialog with buttons; return the report it should store."""
    steps, expected = report_plan(person.id, variant)
    for step in steps:
        await person.play(step)
    return expected


async def stored_reports(conn) -> dict[int, list[dict]]:
    """Every stored report by the reporter's Telegram id, with its values."""
    found: dict[int, list[dict]] = {}
    async with conn.execute(
        "SELECT r.id, m.chat_id, r.category, r.note, r.report_date FROM reports r"
        " JOIN members m ON m.id = r.member_id WHERE r.deleted_at IS NULL ORDER BY r.id"
    ) as cursor:
        rows = await cursor.fetchall()
    for report_id, chat_id, category, note, day in rows:
        async with conn.execute(
            "SELECT indicator, value FROM report_values WHERE report_id = ?", (report_id,)
        ) as cursor:
            values = {indicator: value async for indicator, value in cursor}
        found.setdefault(chat_id, []).append(
            {"category": category, "values": values, "note": note, "day": day}
        )
    return found


async def integrity(conn) -> str:
    async with conn.execute("PRAGMA integrity_check") as cursor:
        return (await cursor.fetchone())[0]


def errors_with(double: BotApiDouble, *statuses: int) -> list[tuple[str, int, str]]:
    return [error for error in double.errors if error[1] in statuses]


def forgive_not_modified(double: BotApiDouble) -> int:
    """Drop "message is not modified" answers from the double's error list; return how many.

    A call that reached Telegram but whose answer was lost (a timeout, a kill) is made again:
    taking the buttons off a card that has none is answered "not modified", which the bot
    expects (handlers.report_flow.retire_card). Any other 400 still fails the test.
    """
    benign = [e for e in double.errors if e[1] == 400 and "message is not modified" in e[2]]
    double.errors[:] = [e for e in double.errors if e not in benign]
    return len(benign)


def bot_env(double: BotApiDouble, db_path: Path, **extra: str) -> dict[str, str]:
    """The environment `python -m bot run` gets in the subprocess tests."""
    return {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": double.base_url,
        "DATABASE_PATH": str(db_path),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


async def start_process(env: dict[str, str], cwd: Path, log: Path) -> asyncio.subprocess.Process:
    """Start `python -m bot run`; its stderr goes to `log` (appended) for failure messages."""
    with log.open("ab") as stderr:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            cwd=cwd,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )


async def compose_and_send(boss: Patient, text: str, queued: str = "Đã xếp hàng") -> None:
    """A coordinator of Xã Bảo Yên sends `text` now to its members and leaders, via /broadcast."""
    await boss.say_for("/broadcast", "Gửi nội dung thông báo")
    await boss.say_for(text, "khu vực nào")
    await boss.tap_for("Xã Bảo Yên", "Gửi cho ai")
    await boss.tap_for("Thành viên và tổ trưởng", "hay chỉ những ai")
    await boss.tap_for("Mọi người", "Gửi lúc nào")  # after the announcement as it will look
    await boss.tap_for("Gửi ngay", queued)
