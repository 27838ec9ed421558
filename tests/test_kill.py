"""SIGKILL at seeded moments: `python -m bot run` in a subprocess, killed and started again.

A kill lands at an exact point: the test holds the bot's k-th call of a round in the double
(`KillSwitch`), either before Telegram acted on it or after (the bot never hears back), and
kills the process while it waits. Members act in rounds (all of them type or tap, then all
wait), so the bot's calls come in the same order on every run and a seed picks the same
moments every time. After the restart the unconfirmed updates come again: none may be lost
or stored twice, every dialog goes on where it was (the question in flight may be asked
twice), and a queued broadcast finishes with every member reached.

Quick variants: 2-3 kills. CNS_SOAK=1 adds runs with many more kills and members.
"""

from __future__ import annotations

import asyncio
import random
import signal
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.core.clock import iso_utc
from bot.doubles.telegram import BotApiDouble, RateLimits, StoredMessage
from bot.doubles.telegram.faults import Fault
from bot.transports.ratelimit import harmless_refusal
from storage import members, outbox
from storage.db import Database
from tests.conftest import BOT_USERNAME, TOKEN
from tests.faults_helpers import (
    SINGLE,
    Patient,
    Step,
    bot_env,
    compose_and_send,
    enrol,
    patient,
    question,
    report_plan,
    soak_only,
    start_process,
    stored_reports,
    text_of,
    typed_plan,
)

SEED = 20261127
HOLD = 60.0  # how long the double keeps a held call unanswered; the kill comes long before
SEND_RATE = 50
# Sends awaiting an answer at once (SEND_IN_FLIGHT, default 1): what a kill may repeat.
IN_FLIGHT = 1
BROADCAST_TEXT = "📣 Lịch tập huấn VNeID mức 2: 8h thứ Hai, nhà văn hóa thôn"


@pytest.fixture
async def double(think_time):
    """The double as in conftest, with Telegram's 30/s overall limit raised for SEND_RATE=50.

    After a kill the update in flight is handled again: its button press is answered a
    second time ("query is too old") and its card's buttons are taken off again ("message is
    not modified"); both change nothing for the member and are forgiven, as in conftest.
    Any other 400 fails the test.
    """
    limits = RateLimits(global_per_second=200.0, global_burst=200, clock=think_time)
    async with BotApiDouble(token=TOKEN, bot_username=BOT_USERNAME, rate_limits=limits) as server:
        server.think_time = think_time
        yield server
        rejected = [
            error
            for error in server.errors
            if error[1] == 400 and not harmless_refusal(error[0], error[2])
        ]
        assert rejected == [], f"Telegram would have rejected: {rejected}"


class KillSwitch:
    """Holds the bot's k-th call (getUpdates aside) from when it is armed, and says so.

    `applied=True` lets Telegram act on the call first (the message is sent, the query
    answered) and then withholds the answer; `applied=False` withholds it before anything
    happened. Either way the bot waits for an answer that only comes after HOLD seconds.
    """

    def __init__(self, double: BotApiDouble) -> None:
        self._take = double.faults.take
        double.faults.take = self._take_or_hold  # the double asks this for every call
        self._countdown: int | None = None
        self._applied = True
        self.held = asyncio.Event()
        self.held_call: str | None = None

    def arm(self, calls: int, *, applied: bool) -> None:
        self._countdown, self._applied = calls, applied
        self.held.clear()

    def _take_or_hold(self, method: str) -> Fault | None:
        if self._countdown is not None and method != "getUpdates":
            self._countdown -= 1
            if self._countdown == 0:
                self._countdown = None
                self.held_call = f"{method} ({'after' if self._applied else 'before'} effect)"
                self.held.set()
                return Fault(None if self._applied else 500, None, 1, None, None, HOLD)
        return self._take(method)


class BotProcess:
    """`python -m bot run` against the double; killed with SIGKILL and started again.

    `start` returns once the bot asks for updates, so its start-up calls never count as
    calls of a round.
    """

    def __init__(self, double: BotApiDouble, env: dict[str, str], tmp_path) -> None:
        self.double = double
        self.env = env
        self.cwd = tmp_path
        self.log = tmp_path / "bot-stderr.log"
        self.process: asyncio.subprocess.Process | None = None
        self.kills = 0

    async def start(self) -> None:
        polls = self._polls()
        self.process = await start_process(self.env, self.cwd, self.log)
        await self.double.wait_until(lambda: self._polls() > polls, timeout=30)

    def _polls(self) -> int:
        return sum(1 for method, _ in self.double.calls if method == "getUpdates")

    async def kill_and_restart(self) -> None:
        self.process.kill()  # SIGKILL: no shutdown, no flush, no goodbye
        await self.process.wait()
        self.kills += 1
        await self.start()

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(self.process.wait(), timeout=30)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise

    def stderr(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
async def bot_process(double, db_path, tmp_path):
    """Factory: start `python -m bot run` with extra settings; stopped (SIGINT) at the end."""
    started: list[BotProcess] = []

    async def start(**settings: str) -> BotProcess:
        process = BotProcess(double, bot_env(double, db_path, **settings), tmp_path)
        await process.start()
        started.append(process)
        return process

    yield start
    for process in started:
        await process.stop()


@dataclass(frozen=True)
class Kill:
    round: int
    call: int  # the k-th call of that round, counted from 1; capped at the round's updates
    applied: bool


def seeded_kills(seed: int, rounds: int, count: int) -> list[Kill]:
    """`count` kills in distinct rounds, each at a seeded call, before or after its effect."""
    chance = random.Random(seed)
    chosen = sorted(chance.sample(range(rounds), count))
    return [Kill(r, chance.randint(1, 8), chance.random() < 0.5) for r in chosen]


async def play_in_rounds(
    plans: dict[Patient, list[Step]], bot: BotProcess, switch: KillSwitch, kills: list[Kill]
) -> list[str]:
    """Everyone takes their next step at once, then waits; kill in the chosen rounds.

    Every update makes at least one call, so capping k at the round's number of updates
    makes sure the held call comes. A round ends when every answer arrived and the bot
    confirmed every update (so a replay's late calls never count in the next round).
    Returns where each kill landed.
    """
    landed = []
    by_round = {kill.round: kill for kill in kills}
    position = dict.fromkeys(plans, 0)
    round_number = 0
    while active := [p for p in plans if position[p] < len(plans[p])]:
        kill = by_round.get(round_number)
        if kill is not None:
            switch.arm(min(kill.call, len(active)), applied=kill.applied)
        waits = []
        for person in active:
            step = plans[person][position[person]]
            waits.append((person, person.send(step), step.wanted))
            position[person] += 1
        if kill is not None:
            await asyncio.wait_for(switch.held.wait(), timeout=20)
            landed.append(f"round {round_number}: {switch.held_call}")
            await bot.kill_and_restart()
        try:
            await asyncio.gather(*(person.answer(seen, wanted) for person, seen, wanted in waits))
            await bot.double.wait_until(lambda: not bot.double.updates.pending, timeout=30)
        except (AssertionError, TimeoutError) as error:
            raise AssertionError(
                f"{error}\nkills so far: {landed}\nbot stderr:\n{bot.stderr()[-3000:]}"
            ) from None
        round_number += 1
    return landed


async def check_reports(db_path, expected: dict[Patient, dict]) -> None:
    async with Database(db_path) as db:
        stored = await stored_reports(db.reader)
    for person, wanted in expected.items():
        got = stored.get(person.id, [])
        assert len(got) == 1, f"user {person.id} has {len(got)} reports: {got}"
        assert {k: got[0][k] for k in ("category", "values", "note")} == wanted


async def members_of_team_a(roster, db_path, double, count: int) -> list[Patient]:
    async with Database(db_path) as db:
        return await enrol(db, double, roster.team_a.id, count)


async def run_report_kills(
    roster, double, db_path, bot_process, *, members, plan, kills, seed=SEED
):
    crowd = await members_of_team_a(roster, db_path, double, members)
    planned = {person: plan(person.id, n) for n, person in enumerate(crowd)}
    plans = {person: steps for person, (steps, _) in planned.items()}
    switch = KillSwitch(double)
    bot = await bot_process()
    rounds = max(len(steps) for steps in plans.values())
    landed = await play_in_rounds(plans, bot, switch, seeded_kills(seed, rounds, kills))
    assert bot.kills == kills
    await check_reports(db_path, {p: wanted for p, (_, wanted) in planned.items()})
    # The update in flight at a kill is handled again: at most one repeated message each.
    repeated = sum(len(double.bot_messages(p.id)) - p.steps for p in crowd)
    assert 0 <= repeated <= kills, landed
    assert all(p.apologies() == [] for p in crowd)
    print(f"{members} members, kills: {landed}; repeated messages: {repeated}")
    return landed


# --- report dialogs --------------------------------------------------------------------------


async def test_kills_during_typed_report_dialogs_lose_nothing_and_resume(
    roster, double, db_path, bot_process
):
    """Five members answer every question by typing (choices by number); three kills."""
    await run_report_kills(
        roster, double, db_path, bot_process, members=5, plan=typed_plan, kills=3
    )


async def test_kills_during_report_dialogs_with_buttons(roster, double, db_path, bot_process):
    """Four members through dates, activities, numbers, skip, note, edit and send; 3 kills."""
    await run_report_kills(
        roster, double, db_path, bot_process, members=4, plan=report_plan, kills=3
    )


async def test_kill_right_after_a_button_was_answered(roster, double, db_path, bot_process):
    """The smallest case: Telegram got the answer to the press, the bot died before it knew."""
    [lan] = await members_of_team_a(roster, db_path, double, 1)
    switch = KillSwitch(double)
    bot = await bot_process()
    await lan.say_for("/report", "Bạn đã làm gì")
    switch.arm(1, applied=True)  # the press's first call: answerCallbackQuery
    seen = lan.send(Step("tap", SINGLE.short("vi"), question(SINGLE)))
    await asyncio.wait_for(switch.held.wait(), timeout=20)
    assert switch.held_call.startswith("answerCallbackQuery")
    await bot.kill_and_restart()
    await lan.answer(seen, question(SINGLE))


async def test_kill_after_a_join_button_took_its_buttons_off(roster, double, db_path, bot_process):
    """Joining: Telegram answered the consent press and took the card's buttons off, then the
    bot died. Replayed, the press must still lead to the name question."""
    lan = patient(double, first_name="Lan")
    switch = KillSwitch(double)
    bot = await bot_process()
    await lan.say_for(f"/start {roster.team_a.invite_code}", "Trước khi tham gia")
    switch.arm(2, applied=True)  # answerCallbackQuery, then editMessageReplyMarkup
    seen = lan.send(Step("tap", "Tôi đồng ý", "Họ và tên của bạn"))
    await asyncio.wait_for(switch.held.wait(), timeout=20)
    assert switch.held_call.startswith("editMessageReplyMarkup")
    await bot.kill_and_restart()
    await lan.answer(seen, "Họ và tên của bạn")
    await lan.tap_for("Dùng tên", "Chia sẻ số điện thoại")
    await lan.keyboard("Bỏ qua")
    await lan.tap_for("Xác nhận", "Xong rồi")
    assert lan.apologies() == []


SOAK_SEEDS = range(1, 9)


@soak_only
@pytest.mark.parametrize("seed", SOAK_SEEDS)
async def test_soak_many_kills_during_report_dialogs(roster, double, db_path, bot_process, seed):
    """Nine members, eight kills in ten rounds, for each of eight seeds."""
    await run_report_kills(
        roster, double, db_path, bot_process, members=9, plan=report_plan, kills=8, seed=seed
    )


@soak_only
@pytest.mark.parametrize("seed", SOAK_SEEDS)
async def test_soak_many_kills_during_typed_report_dialogs(
    roster, double, db_path, bot_process, seed
):
    """Twelve members, five kills in six rounds, for each of eight seeds."""
    await run_report_kills(
        roster, double, db_path, bot_process, members=12, plan=typed_plan, kills=5, seed=seed
    )


# --- a broadcast -----------------------------------------------------------------------------


async def coordinator_of_the_commune(db_path, roster, double) -> Patient:
    boss = patient(double, first_name="Điều", last_name="Phối")
    double.chats[boss.id].has_written = True
    now = iso_utc(datetime.now(UTC))
    async with Database(db_path) as db, db.transaction() as conn:
        member = await members.create(
            conn,
            chat_id=boss.id,
            full_name="Điều Phối",
            phone=None,
            team_id=roster.team_b.id,
            role="member",
            language="vi",
            now=now,
            consent_at=now,
        )
        await members.set_role(conn, member.id, "coordinator", roster.commune.id, now)
    return boss


async def run_broadcast_kills(roster, double, db_path, bot_process, *, members, kills):
    """Queue a broadcast through /broadcast, kill the bot at seeded counts of copies sent,
    and wait for the coordinator's final report ("Đã gửi xong"), which the bot sends once
    no row of the broadcast is open. Returns the copies each member got, and the moments."""
    crowd = await members_of_team_a(roster, db_path, double, members)
    boss = await coordinator_of_the_commune(db_path, roster, double)
    delivered: set[tuple[int, int]] = set()

    def count(message: StoredMessage) -> None:
        if BROADCAST_TEXT in text_of(message):
            delivered.add((message.chat_id, message.message_id))

    double.add_listener(count)
    bot = await bot_process(SEND_RATE=str(SEND_RATE))
    await compose_and_send(boss, BROADCAST_TEXT)
    moments = sorted(random.Random(SEED).sample(range(5, members - 5), kills))
    for moment in moments:
        await double.wait_until(lambda m=moment: len(delivered) >= m, timeout=30)
        await bot.kill_and_restart()
    await double.wait_for_bot_message(
        boss.id, predicate=lambda m: "Đã gửi xong" in text_of(m), timeout=60
    )
    async with Database(db_path) as db:
        counts = await outbox.counts(db.reader, "broadcast", 1)
    assert counts == {"sent": members}, counts
    received = [
        sum(BROADCAST_TEXT in text_of(m) for m in double.bot_messages(p.id)) for p in crowd
    ]
    return received, moments


async def test_kills_during_a_broadcast_reach_everyone(roster, double, db_path, bot_process):
    kills = 3
    received, moments = await run_broadcast_kills(
        roster, double, db_path, bot_process, members=200, kills=kills
    )
    assert min(received) == 1, "someone was skipped"
    duplicates = sum(received) - len(received)
    # Only the send in flight at a kill goes again: at most one duplicate per kill.
    assert duplicates <= kills * IN_FLIGHT, (duplicates, moments)
    print(f"broadcast to 200, kills after {moments} copies: {duplicates} duplicates")


@soak_only
async def test_soak_many_kills_during_a_big_broadcast(roster, double, db_path, bot_process):
    kills = 10
    received, moments = await run_broadcast_kills(
        roster, double, db_path, bot_process, members=1000, kills=kills
    )
    assert min(received) == 1, "someone was skipped"
    duplicates = sum(received) - len(received)
    assert duplicates <= kills * IN_FLIGHT, (duplicates, moments)
    print(f"broadcast to 1000, kills after {moments} copies: {duplicates} duplicates")
