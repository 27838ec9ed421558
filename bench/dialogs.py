"""dialogs: members completing report dialogs at once, the bot against a minimal PTB echo bot.

Each bot runs as its own process (`python -m bot run`, `python -m bench.minimal_bot`) polling
the Bot API double over HTTP; the double and the simulated members share this process. Every
member plays its dialogs one step after another, all members in parallel. A step's latency
runs from the double receiving the member's action to the bot's next new message arriving.

The goal is read with the bot's cap on messages raised (the echo bot has none); the row with
the bot as configured, under Telegram's 30 messages/s, is measured and shown too. To play only
some rows: BENCH_DIALOGS_ROWS=echo,raised (of echo, raised, telegram-cap, one-cpu).
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
from bot.app.settings import Settings
from bot.domain.form import load_form
from bot.doubles.telegram import BotApiDouble, StoredMessage

NAME = "dialogs"
MEMBERS = 200
DIALOGS = 2  # per member
ALONE_DIALOGS = 5  # played by one member with nobody else, for the latency without load
STEP_TIMEOUT = 120.0
# The cap the bot's request layer puts on messages per second is max(30, SEND_RATE).
TELEGRAM_CAP = 30
# Raised out of the way (the most SEND_RATE allows): at 300 the cap let this play reach at
# most ~228 updates/s, which the bot now does, so that row would measure the cap, not the bot.
RAISED_SEND_RATE = 1000
ROWS_VARIABLE = "BENCH_DIALOGS_ROWS"

Step = tuple[str, str]  # ("say", text) or ("tap", button label)


def report_steps() -> list[Step]:
    """A one-number report: /report, the activity, the number, ✅ Gửi (four updates)."""
    single = next(c for c in load_form().active_categories() if len(c.indicators) == 1)
    return [("say", "/report"), ("tap", single.short("vi")), ("say", "12"), ("tap", "Gửi")]


ECHO_STEPS: list[Step] = [("say", "/report"), ("tap", BUTTON), ("say", "12"), ("tap", BUTTON)]


@dataclass(frozen=True)
class Row:
    """One bot process to play against, as a row of the table."""

    key: str  # as BENCH_DIALOGS_ROWS names it
    label: str
    cap: int | None  # the bot's overall cap on messages per second; None: no cap
    send_rate: int | None = None  # SEND_RATE; None: the bot's default
    one_cpu: bool = False


ECHO = Row("echo", "minimal PTB echo bot", None)
RAISED = Row("raised", f"bot, SEND_RATE={RAISED_SEND_RATE}", RAISED_SEND_RATE, RAISED_SEND_RATE)
# As configured: the cap no bot may exceed on Telegram, unless the default SEND_RATE is above.
DEFAULT_CAP = round(max(TELEGRAM_CAP, Settings.model_fields["send_rate"].default))
TELEGRAM = Row("telegram-cap", "bot, SEND_RATE default", DEFAULT_CAP)
ONE_CPU = Row(
    "one-cpu",
    f"bot, SEND_RATE={RAISED_SEND_RATE}, on one CPU",
    RAISED_SEND_RATE,
    RAISED_SEND_RATE,
    one_cpu=True,
)
# The goal's row right after the baseline, so that the two are measured closest in time.
ROWS = (ECHO, RAISED, TELEGRAM, ONE_CPU)


def chosen_rows() -> tuple[Row, ...]:
    """Return the rows BENCH_DIALOGS_ROWS names (the echo bot always), else every row."""
    named = os.environ.get(ROWS_VARIABLE, "").replace(" ", "")
    if not named:
        return ROWS
    keys = set(named.split(","))
    unknown = keys - {row.key for row in ROWS}
    if unknown:
        raise ValueError(f"{ROWS_VARIABLE}: no row {', '.join(sorted(unknown))}")
    return tuple(row for row in ROWS if row is ECHO or row.key in keys)


@dataclass(frozen=True)
class Played:
    """What one bot did with the members' dialogs."""

    row: Row
    updates: int
    seconds: float
    latencies: list[float] = field(repr=False)
    alone: list[float] = field(repr=False)  # latencies of one member playing alone
    bot_cpu_seconds: float
    double_cpu_seconds: float  # this process: the double and the members
    rejected: int  # calls the double answered with an error
    calls: int  # Bot API calls during the timed play, getUpdates aside
    capped_calls: int  # those of them the cap counts: the ones for a chat

    @property
    def label(self) -> str:
        """Return the row's label."""
        return self.row.label

    @property
    def per_second(self) -> float:
        """Return updates handled per second."""
        return self.updates / self.seconds

    @property
    def cpu_ms(self) -> float:
        """Return the bot's CPU milliseconds per update."""
        return self.bot_cpu_seconds / self.updates * 1000

    @property
    def ceiling(self) -> float | None:
        """Return the updates per second the bot's cap allowed at most in this play, if any.

        The cap is a leaky bucket holding one second's worth of calls (AIORateLimiter's
        AsyncLimiter), so C calls take at least (C - cap) / cap seconds.
        """
        cap = self.row.cap
        if cap is None or self.capped_calls <= cap:
            return None
        return self.updates / ((self.capped_calls - cap) / cap)

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
    row: Row,
    module: str,
    steps: list[Step],
    user_ids: Sequence[int],
    dialogs: int,
    directory: Path,
    db_path: Path | None = None,
) -> Played:
    """Start a bot process against a fresh double and let every member play."""
    settings = {} if row.send_rate is None else {"send_rate": row.send_rate}
    cpus = {max(os.sched_getaffinity(0))} if row.one_cpu else None
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
            first_call = len(double.calls)
            updates, seconds, latencies = await play(double, user_ids, steps, dialogs)
            bot_cpu = cpu_seconds(child.pid) - bot_cpu
            own_cpu = time.process_time() - own_cpu
            made = [(m, p) for m, p in double.calls[first_call:] if m != "getUpdates"]
            child.check_alive()
        finally:
            await child.stop()
        rejected = len(double.errors)
    capped = sum(1 for _, params in made if params.get("chat_id") is not None)
    return Played(
        row, updates, seconds, latencies, alone, bot_cpu, own_cpu, rejected, len(made), capped
    )


async def measure(
    members: int = MEMBERS, dialogs: int = DIALOGS, rows: Sequence[Row] = ROWS
) -> list[Played]:
    """The echo bot, then each bot row, in the order of `rows`."""
    user_ids = [TELEGRAM_BASE + n for n in range(1, members + 1)]
    scale = Scale(1, 2, max(1, members // 8), members, 0, 0.0, inactive_teams=0, english=0)
    played = []
    with workdir() as directory:
        for row in rows:
            if row is ECHO:
                played.append(
                    await play_against(
                        row, "bench.minimal_bot", ECHO_STEPS, user_ids, dialogs, directory
                    )
                )
                continue
            db_path = directory / f"dialogs-{len(played)}.sqlite3"
            await generate_db(scale, db_path)
            await silence_timed_jobs(db_path)
            played.append(
                await play_against(
                    row, "bot run", report_steps(), user_ids, dialogs, directory, db_path
                )
            )
    return played


def _notes(by_key: dict[str, Played]) -> list[str]:
    """Say how to read the table: which row the goal is read on, and what caps the others."""
    notes = [
        "vs echo: updates/s over the echo bot's. calls/update: Bot API calls besides getUpdates"
        " (the echo bot mirrors the bot's: a reply to a text; for a button, the answer, its"
        " keyboard removed and a new message).",
        f"The goal (≥ 0.7 of the echo bot) is read on the SEND_RATE={RAISED_SEND_RATE} row: the"
        " echo bot sends without any cap, so the bot's is raised to compare like with like.",
    ]
    capped = by_key.get(TELEGRAM.key)
    if capped is not None and capped.ceiling is not None:
        notes.append(
            f"SEND_RATE default: the bot caps its messages at {capped.row.cap}/s overall"
            f" (AIORateLimiter), as Telegram's limit of {TELEGRAM_CAP}/s, which no bot may"
            " exceed, asks: the bot as it runs. Each update makes"
            f" {capped.capped_calls / capped.updates:.2f} calls the cap counts (those for a chat:"
            " sendMessage, editMessageReplyMarkup; not answerCallbackQuery), so this row can't"
            f" pass {capped.ceiling:.0f} updates/s: it measures the limit, not the bot."
        )
    notes.append(
        "ceiling/s: the most updates/s the row's cap allowed for the calls it counted (a bucket"
        " of one second's worth, then cap/s); a figure near its ceiling is held by the cap."
    )
    return notes


def report(played: list[Played], members: int = MEMBERS, dialogs: int = DIALOGS) -> list[Figure]:
    """Print the table and how to read it; return the figures, the goal's first."""
    by_key = {p.row.key: p for p in played}
    echo = by_key[ECHO.key]
    print(
        table(
            f"{members} members × {dialogs} dialogs × 4 updates, all members at once, "
            "rate limits of the double off",
            (
                "bot",
                "cap msg/s",
                "updates",
                "s",
                "updates/s",
                "vs echo",
                "ceiling/s",
                "p50 ms",
                "p95 ms",
                "alone p50 ms",
                "bot CPU ms/update",
                "calls/update",
                "double CPU %",
                "errors",
            ),
            [
                (
                    p.label,
                    "none" if p.row.cap is None else str(p.row.cap),
                    p.updates,
                    p.seconds,
                    p.per_second,
                    f"{p.per_second / echo.per_second:.2f}",
                    "—" if p.ceiling is None else p.ceiling,
                    p.latency_ms(0.5),
                    p.latency_ms(0.95),
                    p.latency_ms(0.5, alone=True),
                    p.cpu_ms,
                    f"{p.calls / p.updates:.2f}",
                    f"{p.double_cpu_seconds / p.seconds * 100:.0f}",
                    p.rejected,
                )
                for p in played
            ],
        )
    )
    for note in _notes(by_key):
        print(f"- {note}")
    figures = []
    raised = by_key.get(RAISED.key)
    if raised is not None:
        figures += [
            Figure(
                "dialogs_updates_per_s",
                raised.per_second,
                "updates/s",
                echo.per_second,
                "≥ 0.7",
                f"SEND_RATE={RAISED_SEND_RATE}: the cap raised, as the echo bot has none",
            ),
            Figure("dialogs_p50_latency", raised.latency_ms(0.5), "ms", echo.latency_ms(0.5)),
            Figure("dialogs_p95_latency", raised.latency_ms(0.95), "ms", echo.latency_ms(0.95)),
            Figure(
                "dialogs_p50_latency_alone",
                raised.latency_ms(0.5, alone=True),
                "ms",
                echo.latency_ms(0.5, alone=True),
            ),
            Figure("dialogs_bot_cpu_per_update", raised.cpu_ms, "ms", echo.cpu_ms),
        ]
    capped = by_key.get(TELEGRAM.key)
    if capped is not None:
        ceiling = "" if capped.ceiling is None else f", at most {capped.ceiling:.0f} updates/s"
        figures += [
            Figure(
                "dialogs_updates_per_s_telegram_cap",
                capped.per_second,
                "updates/s",
                echo.per_second,
                note=f"SEND_RATE default: capped at {capped.row.cap} msg/s{ceiling}",
            ),
            Figure(
                "dialogs_p50_latency_telegram_cap",
                capped.latency_ms(0.5),
                "ms",
                echo.latency_ms(0.5),
            ),
            Figure(
                "dialogs_p95_latency_telegram_cap",
                capped.latency_ms(0.95),
                "ms",
                echo.latency_ms(0.95),
            ),
        ]
    pinned = by_key.get(ONE_CPU.key)
    if pinned is not None:
        figures.append(
            Figure(
                "dialogs_updates_per_s_one_cpu",
                pinned.per_second,
                "updates/s",
                echo.per_second,
                note=f"SEND_RATE={RAISED_SEND_RATE}, the bot's process on one CPU",
            )
        )
    return figures


async def run() -> list[Figure]:
    """Run the benchmark at full size (the rows BENCH_DIALOGS_ROWS names, else all)."""
    return report(await measure(rows=chosen_rows()))
