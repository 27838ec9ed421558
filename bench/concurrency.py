"""concurrency: answer latency of members whose calls are fine, while other calls hang.

The real Application (build_application) runs in this process with its own polling loop
against the Bot API double over HTTP, with Telegram's timings: PTB's 5 s read timeout and the
request layer's retries after 0.5, 1 and 2 s. Members play report dialogs by buttons and
typed numbers, all at once, each step waiting for its expected answer and then THINK seconds
(1 to 3, seeded), as people do; a step's latency runs from the double receiving the action
to that answer arriving. The thinking matters: polling holds at most 100 updates behind one
still being handled (bot.polling.MAX_WINDOW, Telegram's getUpdates limit), and members who
answer in no time fill that within one hung call.

Three ways a call can go wrong, one run each:

- calm: nothing hangs;
- one hanging user: every other call for one more member's chat is answered HANG seconds late,
  after it took effect (a timeout, then a retry that gets through); that member plays too,
  and only the others' latencies count;
- 5% of calls hang: any call but getUpdates is answered HANG seconds late with 5% chance.

Each is played with three update processors, in the same process: PTB's serial one (what the
bot had, `concurrent_updates(False)`: the baseline), the bot's (bot.concurrency: each user in
order, a slow update overtaken after OVERTAKE_AFTER) and the same with every user at once.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from telegram.ext import BaseUpdateProcessor, SimpleUpdateProcessor

from bench.common import (
    TELEGRAM_BASE,
    TOKEN,
    Figure,
    add_chats,
    copy_db,
    percentile,
    silence_timed_jobs,
    table,
    workdir,
)
from bench.generate import Scale, generate_db
from bot.app.application import build_application
from bot.app.settings import Settings
from bot.core.clock import SystemClock
from bot.domain.form import load_form
from bot.doubles.telegram import BotApiDouble, StoredMessage
from bot.transports.concurrency import OVERTAKE_AFTER, PerUserProcessor
from bot.transports.ratelimit import RETRY_DELAYS
from bot.transports.telegram.polling import poll

NAME = "concurrency"
MEMBERS = 20
DIALOGS = 2  # per member
READ_TIMEOUT = 5.0  # PTB's default
HANG = READ_TIMEOUT + 1.0  # a hung call's answer comes this late: after the client gave up
HANG_RATE = 0.05
STEP_TIMEOUT = 180.0
THINK = (1.0, 3.0)  # seconds between an answer and the member's next step

Step = tuple[str, str, str]  # ("say" | "tap", text or button label, words of the answer)


def report_steps() -> list[Step]:
    """A one-number report: /report, the activity, the number, ✅ Gửi (four updates)."""
    form = load_form()
    single = next(c for c in form.active_categories() if len(c.indicators) == 1)
    return [
        ("say", "/report", "Bạn đã làm gì"),
        ("tap", single.short("vi"), form.indicators[single.indicators[0]].vi),
        ("say", "12", "Kiểm tra báo cáo"),
        ("tap", "Gửi", "Đã lưu báo cáo"),
    ]


@dataclass(frozen=True)
class Processor:
    key: str
    label: str
    make: Callable[[], BaseUpdateProcessor]


SERIAL = Processor("serial", "serial (PTB, before)", lambda: SimpleUpdateProcessor(1))
PER_USER = Processor("per-user", f"per user, overtaken after {OVERTAKE_AFTER} s", PerUserProcessor)
AT_ONCE = Processor("at-once", "per user, all at once", lambda: PerUserProcessor(overtake_after=0))
PROCESSORS = (SERIAL, PER_USER, AT_ONCE)
SCENARIOS = ("calm", "one hanging user", f"{HANG_RATE:.0%} of calls hang")


@dataclass(frozen=True)
class Played:
    processor: Processor
    scenario: str
    seconds: float
    latencies: list[float] = field(repr=False)  # of the members whose calls are fine
    overtaken: int

    def ms(self, share: float) -> float:
        return percentile(self.latencies, share) * 1000


async def play_member(
    double: BotApiDouble,
    user_id: int,
    steps: Sequence[Step],
    dialogs: int,
    latencies: list[float] | None,
    done: asyncio.Event | None = None,
    think: tuple[float, float] = THINK,
) -> None:
    """Play `dialogs` dialogs (or, given `done`, until it is set and the dialog is over);
    record each step's latency."""
    pause = random.Random(user_id)
    played = 0
    while (done is None and played < dialogs) or (done is not None and not done.is_set()):
        for kind, value, wanted in steps:
            seen = len(double.bot_messages(user_id))
            acted = time.perf_counter()
            if kind == "say":
                double.send_text(user_id, value)
            else:
                double.press_button(user_id, value)

            def answered(message: StoredMessage, wanted: str = wanted) -> bool:
                return wanted in (message.plain_text or "")

            await double.wait_for_bot_message(
                user_id, after=seen, predicate=answered, timeout=STEP_TIMEOUT
            )
            if latencies is not None:
                latencies.append(time.perf_counter() - acted)
            if think[1] > 0:
                await asyncio.sleep(pause.uniform(*think))  # a person reading and typing
        played += 1


async def play(
    processor: Processor,
    scenario: str,
    db_path: Path,
    user_ids: Sequence[int],
    dialogs: int,
    *,
    read_timeout: float,
    retry_delays: tuple[float, ...],
    hang: float,
    think: tuple[float, float],
) -> Played:
    """Start the bot with this processor against a fresh double and play the scenario."""
    hanging = user_ids[-1] if scenario == SCENARIOS[1] else None
    players = [u for u in user_ids if u != hanging]
    async with BotApiDouble(token=TOKEN, rate_limits=None) as double:
        add_chats(double, user_ids)
        settings = Settings(
            _env_file=None,
            bot_token=TOKEN,
            telegram_api_url=double.base_url,
            database_path=db_path,
            backup_dir=db_path.parent / "backups",
            send_rate=1000,  # the cap out of the way: this measures waiting, not the limit
            default_language="vi",
        )
        app = build_application(
            settings,
            clock=SystemClock(),
            processor=processor.make(),
            read_timeout=read_timeout,
            retry_delays=retry_delays,
        )
        await app.initialize()
        await app.start()
        for name in ("tick", "broadcast_progress"):
            for job in app.job_queue.get_jobs_by_name(name):
                job.schedule_removal()
        stop = asyncio.Event()
        polling = asyncio.create_task(poll(app, stop, poll_timeout=10))
        try:
            steps = report_steps()
            await play_member(double, players[0], steps, 1, None, think=(0, 0))  # warm-up
            if scenario == SCENARIOS[2]:
                double.fault_rate(HANG_RATE, statuses=(None,), seed=1, delay=hang)
            done = asyncio.Event()
            background = []
            if hanging is not None:
                double.lag_chat(hanging, hang, every=2)
                background.append(
                    asyncio.create_task(play_member(double, hanging, steps, 0, None, done, think))
                )
            latencies: list[float] = []
            began = time.perf_counter()
            await asyncio.gather(
                *(play_member(double, u, steps, dialogs, latencies, think=think) for u in players)
            )
            seconds = time.perf_counter() - began
            done.set()
            double.fault_rate(0.0)
            if hanging is not None:
                double.lag_chat(hanging, 0)
            await asyncio.gather(*background)
        finally:
            stop.set()
            await polling
            await app.stop()
            await app.shutdown()
    overtaken = getattr(app.update_processor, "overtaken", 0)
    return Played(processor, scenario, seconds, latencies, overtaken)


async def measure(
    members: int = MEMBERS,
    dialogs: int = DIALOGS,
    *,
    read_timeout: float = READ_TIMEOUT,
    retry_delays: tuple[float, ...] = RETRY_DELAYS,
    hang: float = HANG,
    processors: Sequence[Processor] = PROCESSORS,
    scenarios: Sequence[str] = SCENARIOS,
    think: tuple[float, float] = THINK,
) -> list[Played]:
    """Every scenario with every processor, each on a fresh copy of one generated database."""
    user_ids = [TELEGRAM_BASE + n for n in range(1, members + 2)]  # one more: the hanging one
    teams = max(1, len(user_ids) // 8)
    scale = Scale(1, 2, teams, len(user_ids), 0, 0.0, inactive_teams=0, english=0)
    played = []
    # A retry's WARNING line per hung call would drown the figures.
    quiet = logging.getLogger("bot.transports.ratelimit")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with workdir() as directory:
            source = directory / "source.sqlite3"
            await generate_db(scale, source)
            await silence_timed_jobs(source)
            for scenario, processor in ((s, p) for s in scenarios for p in processors):
                db_path = copy_db(source, directory / f"run-{len(played)}.sqlite3")
                ids = user_ids if scenario == SCENARIOS[1] else user_ids[:-1]
                result = await play(
                    processor,
                    scenario,
                    db_path,
                    ids,
                    dialogs,
                    read_timeout=read_timeout,
                    retry_delays=retry_delays,
                    hang=hang,
                    think=think,
                )
                print(
                    f"{scenario}, {processor.label}: p50 {result.ms(0.5):.0f} ms,"
                    f" p95 {result.ms(0.95):.0f} ms ({result.seconds:.1f} s)",
                    flush=True,
                )
                played.append(result)
    finally:
        quiet.setLevel(level)
    return played


def report(played: list[Played], members: int = MEMBERS, dialogs: int = DIALOGS) -> list[Figure]:
    """Print the table; return p50 and p95 per scenario, the bot's against the serial one."""
    print(
        table(
            f"{members} members × {dialogs} report dialogs × 4 steps, all at once, {THINK[0]:.0f}"
            f"–{THINK[1]:.0f} s between steps; latency of the members whose calls are fine; a"
            f" hung call answers {HANG:.0f} s late",
            ("scenario", "processor", "p50 ms", "p95 ms", "max ms", "s", "overtaken"),
            [
                (
                    p.scenario,
                    p.processor.label,
                    p.ms(0.5),
                    p.ms(0.95),
                    max(p.latencies) * 1000,
                    p.seconds,
                    p.overtaken,
                )
                for p in played
            ],
        )
    )
    by = {(p.scenario, p.processor.key): p for p in played}
    figures = []
    for scenario, tag in zip(SCENARIOS, ("calm", "one_hanging_user", "hang_rate"), strict=True):
        serial = by.get((scenario, SERIAL.key))
        for processor, suffix in ((PER_USER, ""), (AT_ONCE, "_at_once")):
            mine = by.get((scenario, processor.key))
            if mine is None:
                continue
            for share, name in ((0.5, "p50"), (0.95, "p95")):
                figures.append(
                    Figure(
                        f"concurrency_{tag}_{name}{suffix}",
                        mine.ms(share),
                        "ms",
                        serial.ms(share) if serial else None,
                        note=f"{scenario}; {processor.label}; baseline: serial",
                    )
                )
    return figures


async def run() -> list[Figure]:
    """Run the benchmark at full size."""
    started = datetime.now(UTC)
    print(f"started {started:%H:%M:%S} UTC", flush=True)
    return report(await measure())
