"""broadcast: a broadcast to every member of a province, paced at the Bot API's raised limit.

The broadcast is queued in the outbox (`outbox.enqueue_for_members`, as the broadcast dialog
does) before the bot process starts, since only the bot's own process can wake its worker; the
time runs from the first message reaching the double to the last outbox row being settled.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    TELEGRAM_BASE,
    TOKEN,
    Child,
    Figure,
    add_chats,
    bot_env,
    cpu_seconds,
    queue_broadcast,
    silence_timed_jobs,
    table,
    workdir,
)
from bench.generate import Scale, generate_db
from bot.doubles.telegram import BotApiDouble, RateLimits, StoredMessage
from storage import outbox
from storage.db import Database

NAME = "broadcast"
RECIPIENTS = 5000
RATE = 300
TEXT = "Họp tổ lúc 8h sáng mai tại nhà văn hoá thôn"
SETTLE_TIMEOUT = 600.0
FINAL = ("sent", "blocked", "failed", "skipped", "cancelled")


@dataclass(frozen=True)
class Delivered:
    """How a broadcast went."""

    recipients: int
    rate: float
    seconds: float  # first message at the double .. last row settled
    statuses: dict[str, int]
    reached: int  # chats that got the message at least once
    duplicated: int  # copies beyond the first
    throttled: int  # 429 answers from the double
    steady_rate: float  # messages per second between the 10th and the 90th percent
    bot_cpu: float  # share of one CPU the bot process used

    @property
    def ideal(self) -> float:
        """Return the shortest possible time: recipients over the rate."""
        return self.recipients / self.rate

    @property
    def lost(self) -> int:
        """Return recipients who got nothing."""
        return self.recipients - self.reached


async def _settled(path: Path, broadcast_id: int, count: int) -> dict[str, int]:
    """Wait until every row of the broadcast has a final status; return the counts."""
    async with Database(path) as db, asyncio.timeout(SETTLE_TIMEOUT):
        while True:
            counts = await outbox.counts(db.reader, "broadcast", broadcast_id)
            if sum(counts.get(status, 0) for status in FINAL) >= count:
                return counts
            await asyncio.sleep(0.02)


async def measure(recipients: int = RECIPIENTS, rate: float = RATE) -> Delivered:
    """Queue the broadcast, start the bot paced at `rate`, count what reaches the double."""
    scale = Scale(1, 10, max(1, recipients // 4), recipients, 0, 0.0, inactive_teams=0)
    limits = RateLimits(
        global_per_second=rate, global_burst=int(rate), per_chat_per_second=1, per_chat_burst=1
    )
    with workdir() as directory:
        db_path = directory / "broadcast.sqlite3"
        await generate_db(scale, db_path)
        await silence_timed_jobs(db_path)
        broadcast_id, count = await queue_broadcast(db_path, [1], TEXT)
        async with BotApiDouble(token=TOKEN, rate_limits=limits) as double:
            add_chats(double, [TELEGRAM_BASE + n for n in range(1, recipients + 1)])
            copies: Counter[int] = Counter()
            arrivals: list[float] = []
            first = asyncio.get_running_loop().create_future()

            def heard(message: StoredMessage) -> None:
                if message.plain_text == TEXT and not message.edits:
                    copies[message.chat_id] += 1
                    arrivals.append(time.perf_counter())
                    if not first.done():
                        first.set_result(arrivals[0])

            double.add_listener(heard)
            child = Child("bot run", bot_env(double.base_url, db_path, send_rate=rate), directory)
            await child.start()
            try:
                await child.first_call(double, "sendMessage")
                began, cpu = await first, cpu_seconds(child.pid)
                statuses = await _settled(db_path, broadcast_id, count)
                seconds = time.perf_counter() - began
                cpu = (cpu_seconds(child.pid) - cpu) / seconds
                child.check_alive()
            finally:
                await child.stop()
            throttled = sum(1 for error in double.errors if error[1] == 429)
    duplicated = sum(n - 1 for n in copies.values())
    low, high = arrivals[len(arrivals) // 10], arrivals[len(arrivals) * 9 // 10]
    steady = (len(arrivals) * 8 // 10) / (high - low) if high > low else 0.0
    return Delivered(
        count, rate, seconds, statuses, len(copies), duplicated, throttled, steady, cpu
    )


def report(delivered: Delivered) -> list[Figure]:
    """Print the table; return the figures."""
    d = delivered
    print(
        table(
            f"Broadcast through the double limited to {d.rate:.0f}/s overall, 1/s per chat",
            (
                "recipients",
                "rate/s",
                "ideal s",
                "wall s",
                "wall/ideal",
                "steady rate/s",
                "bot CPU %",
                "lost",
                "duplicated",
                "429s",
                "outbox",
            ),
            [
                (
                    d.recipients,
                    d.rate,
                    d.ideal,
                    d.seconds,
                    f"{d.seconds / d.ideal:.3f}",
                    d.steady_rate,
                    f"{d.bot_cpu * 100:.0f}",
                    d.lost,
                    d.duplicated,
                    d.throttled,
                    " ".join(f"{k}={v}" for k, v in sorted(d.statuses.items())),
                )
            ],
        )
    )
    return [
        Figure("broadcast_wall_time", d.seconds, "s", baseline=d.ideal, goal="≤ 1.1 of N/rate"),
        Figure("broadcast_lost", d.lost, "messages", goal="0"),
        Figure("broadcast_duplicated", d.duplicated, "messages", goal="0"),
    ]


async def run() -> list[Figure]:
    """Run the benchmark at full size."""
    return report(await measure())
