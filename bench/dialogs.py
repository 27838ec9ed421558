"""dialogs: members completing report dialogs at once, the bot against a minimal PTB echo bot.

Each bot runs as its own process (`python -m bot run`, `python -m bench.minimal_bot`) polling
the Bot API double over HTTP; the double and the simulated members share this process. Every
member plays its dialogs one step after another, all members in parallel. A step's latency
runs from the double receiving the member's action to the bot's next new message arriving.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import (
    TELEGRAM_BASE,
    TOKEN,
    Child,
    Figure,
    add_chats,
    bot_env,
    cpu_seconds,
    percentile,
    silence_timed_jobs,
    table,
    workdir,
)
from bench.generate import Scale, generate_db
from bench.minimal_bot import BUTTON
from bot.double import BotApiDouble, StoredMessage
from bot.form import load_form

NAME = "dialogs"
MEMBERS = 200
DIALOGS = 2  # per member
ALONE_DIALOGS = 5  # played by one member with nobody else, for the latency without load
STEP_TIMEOUT = 120.0
# The cap the bot's request layer puts on messages per second is max(30, SEND_RATE).
RAISED_SEND_RATE = 300

Step = tuple[str, str]  # ("say", text) or ("tap", button label)


def report_steps() -> list[Step]:
    """A one-number report: /report, the activity, the number, ✅ Gửi (four updates)."""
    single = next(c for c in load_form().active_categories() if len(c.indicators) == 1)
    return [("say", "/report"), ("tap", single.short("vi")), ("say", "12"), ("tap", "Gửi")]


ECHO_STEPS: list[Step] = [("say", "/report"), ("tap", BUTTON), ("say", "12"), ("tap", BUTTON)]


@dataclass(frozen=True)
class Played:
    """What one bot did with the members' dialogs."""

    label: str
    updates: int
    seconds: float
    latencies: list[float] = field(repr=False)
    alone: list[float] = field(repr=False)  # latencies of one member playing alone
    bot_cpu_seconds: float
    double_cpu_seconds: float  # this process: the double and the members
    rejected: int  # calls the double answered with an error

    @property
    def per_second(self) -> float:
        """Return updates handled per second."""
        return self.updates / self.seconds

    def latency_ms(self, share: float, *, alone: bool = False) -> float:
        """Return a percentile of the step latencies in milliseconds."""
        return percentile(self.alone if alone else self.latencies, share) * 1000


async def play(
    double: BotApiDouble, user_ids: Sequence[int], steps: list[Step], dialogs: int
) -> tuple[int, float, list[float]]:
    """Play `dialogs` dialogs per member, all at once; return updates, seconds, latencies."""
    waiting: dict[int, asyncio.Future[float]] = {}
    latencies: list[float] = []
    loop = asyncio.get_running_loop()

    def heard(message: StoredMessage) -> None:
        if message.edits or message.deleted:
            return  # only a new message answers a step
        future = waiting.get(message.chat_id)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    async def member(user_id: int) -> None:
        for _ in range(dialogs):
            for kind, value in steps:
                waiting[user_id] = future = loop.create_future()
                acted = time.perf_counter()
                if kind == "say":
                    double.send_text(user_id, value)
                else:
                    double.press_button(user_id, value)
                latencies.append(await asyncio.wait_for(future, STEP_TIMEOUT) - acted)

    double.add_listener(heard)
    try:
        began = time.perf_counter()
        await asyncio.gather(*(member(user_id) for user_id in user_ids))
        seconds = time.perf_counter() - began
    finally:
        double.remove_listener(heard)
    return len(user_ids) * dialogs * len(steps), seconds, latencies


async def play_against(
    label: str,
    module: str,
    steps: list[Step],
    user_ids: Sequence[int],
    dialogs: int,
    directory: Path,
    db_path: Path | None = None,
    cpus: set[int] | None = None,
    **settings: object,
) -> Played:
    """Start a bot process against a fresh double and let every member play."""
    async with BotApiDouble(token=TOKEN, rate_limits=None) as double:
        add_chats(double, user_ids)
        env = bot_env(double.base_url, db_path, **settings)
        child = Child(module, env, directory, cpus)
        await child.start()
        try:
            await child.first_call(double, "getUpdates")
            await play(double, user_ids[:1], steps, 1)  # warm-up: first calls import lazily
            _, _, alone = await play(double, user_ids[:1], steps, ALONE_DIALOGS)
            bot_cpu, own_cpu = cpu_seconds(child.pid), time.process_time()
            updates, seconds, latencies = await play(double, user_ids, steps, dialogs)
            bot_cpu = cpu_seconds(child.pid) - bot_cpu
            own_cpu = time.process_time() - own_cpu
            child.check_alive()
        finally:
            await child.stop()
        rejected = len(double.errors)
    return Played(label, updates, seconds, latencies, alone, bot_cpu, own_cpu, rejected)


async def measure(members: int = MEMBERS, dialogs: int = DIALOGS) -> list[Played]:
    """The echo bot; the bot by default, with the cap raised, and so on one CPU."""
    user_ids = [TELEGRAM_BASE + n for n in range(1, members + 1)]
    scale = Scale(1, 2, max(1, members // 8), members, 0, 0.0, inactive_teams=0, english=0)
    played = []
    with workdir() as directory:
        played.append(
            await play_against(
                "minimal PTB echo bot",
                "bench.minimal_bot",
                ECHO_STEPS,
                user_ids,
                dialogs,
                directory,
            )
        )
        raised = {"send_rate": RAISED_SEND_RATE}
        one_cpu = {max(os.sched_getaffinity(0))}
        for label, cpus, settings in (
            ("bot, SEND_RATE default (cap 30/s)", None, {}),
            (f"bot, SEND_RATE={RAISED_SEND_RATE}", None, raised),
            (f"bot, SEND_RATE={RAISED_SEND_RATE}, on one CPU", one_cpu, raised),
        ):
            db_path = directory / f"dialogs-{len(played)}.sqlite3"
            await generate_db(scale, db_path)
            await silence_timed_jobs(db_path)
            played.append(
                await play_against(
                    label,
                    "bot run",
                    report_steps(),
                    user_ids,
                    dialogs,
                    directory,
                    db_path,
                    cpus,
                    **settings,
                )
            )
    return played


def report(played: list[Played], members: int = MEMBERS, dialogs: int = DIALOGS) -> list[Figure]:
    """Print the table; return the figures."""
    print(
        table(
            f"{members} members × {dialogs} dialogs × 4 updates, all members at once, "
            "rate limits of the double off",
            (
                "bot",
                "updates",
                "s",
                "updates/s",
                "p50 ms",
                "p95 ms",
                "alone p50 ms",
                "bot CPU ms/update",
                "double CPU %",
                "errors",
            ),
            [
                (
                    p.label,
                    p.updates,
                    p.seconds,
                    p.per_second,
                    p.latency_ms(0.5),
                    p.latency_ms(0.95),
                    p.latency_ms(0.5, alone=True),
                    p.bot_cpu_seconds / p.updates * 1000,
                    f"{p.double_cpu_seconds / p.seconds * 100:.0f}",
                    p.rejected,
                )
                for p in played
            ],
        )
    )
    echo, default, raised, pinned = played

    def cpu_ms(p: Played) -> float:
        return p.bot_cpu_seconds / p.updates * 1000

    return [
        Figure("dialogs_updates_per_s", default.per_second, "updates/s", echo.per_second, "≥ 0.7"),
        Figure(
            "dialogs_updates_per_s_raised_cap",
            raised.per_second,
            "updates/s",
            echo.per_second,
            "≥ 0.7",
        ),
        Figure(
            "dialogs_updates_per_s_raised_cap_one_cpu",
            pinned.per_second,
            "updates/s",
            echo.per_second,
            "≥ 0.7",
        ),
        Figure("dialogs_p50_latency", default.latency_ms(0.5), "ms", echo.latency_ms(0.5)),
        Figure("dialogs_p95_latency", default.latency_ms(0.95), "ms", echo.latency_ms(0.95)),
        Figure(
            "dialogs_p95_latency_raised_cap", raised.latency_ms(0.95), "ms", echo.latency_ms(0.95)
        ),
        Figure(
            "dialogs_p50_latency_alone",
            default.latency_ms(0.5, alone=True),
            "ms",
            echo.latency_ms(0.5, alone=True),
        ),
        Figure("dialogs_bot_cpu_per_update", cpu_ms(raised), "ms", cpu_ms(echo)),
    ]


async def run() -> list[Figure]:
    """Run the benchmark at full size."""
    return report(await measure())
