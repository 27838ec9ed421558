"""memory: peak RSS of the bot process on the national database with a broadcast to everyone.

The broadcast (one outbox row per member and leader of all provinces) is queued in a copy of
the national database before `python -m bot run` starts; the bot then sends from it for a
while through the double. Peak RSS is the kernel's high-water mark (VmHWM in
/proc/<pid>/status), read the same way for a minimal PTB bot and for the bot on an empty
database. The timed jobs are switched off in the copy so the hour of the run changes nothing;
the daily summary's own memory is estimated in the summary benchmark.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    CACHE_DIR,
    TELEGRAM_BASE,
    TOKEN,
    Child,
    Figure,
    add_chats,
    bot_env,
    copy_db,
    proc_status_mb,
    queue_broadcast,
    silence_timed_jobs,
    table,
    workdir,
)
from bench.generate import NATIONAL, Scale, cached_db
from bot.doubles.telegram import BotApiDouble

NAME = "memory"
HOLD_SECONDS = 15.0
REACHABLE = 2000  # recipients with a chat in the double: more than the hold can send to
TEXT = "Thông báo toàn quốc: cập nhật ứng dụng VNeID"


@dataclass(frozen=True)
class Peak:
    """One process's memory."""

    label: str
    peak_mb: float  # VmHWM
    last_mb: float  # VmRSS at the end of the hold
    sent: int  # broadcast messages that reached the double during the hold


async def hold(
    label: str, module: str, directory: Path, db_path: Path | None, seconds: float
) -> Peak:
    """Run a bot process against a double for `seconds` after its first getUpdates."""
    async with BotApiDouble(token=TOKEN) as double:
        add_chats(double, [TELEGRAM_BASE + n for n in range(1, REACHABLE + 1)])
        child = Child(module, bot_env(double.base_url, db_path), directory)
        await child.start()
        try:
            await child.first_call(double, "getUpdates", within=120)
            await asyncio.sleep(seconds)
            child.check_alive()
            peak, last = proc_status_mb(child.pid, "VmHWM"), proc_status_mb(child.pid, "VmRSS")
        finally:
            await child.stop()
        sent = sum(1 for name, _ in double.calls if name == "sendMessage")
    return Peak(label, peak, last, sent)


async def measure(
    scale: Scale = NATIONAL, seconds: float = HOLD_SECONDS, cache: Path = CACHE_DIR
) -> tuple[list[Peak], int]:
    """The minimal PTB bot, the bot on an empty database, the bot on `scale` with a broadcast."""
    generated = await cached_db(scale, "national", cache)
    with workdir() as directory:
        peaks = [
            await hold("minimal PTB echo bot", "bench.minimal_bot", directory, None, seconds),
            await hold("bot, empty database", "bot run", directory, directory / "e.db", seconds),
        ]
        db_path = copy_db(generated.path, directory / "national.sqlite3")
        await silence_timed_jobs(db_path)
        _, recipients = await queue_broadcast(db_path, range(1, scale.provinces + 1), TEXT)
        label = f"bot, national database, {recipients:,} recipients queued"
        peaks.append(await hold(label, "bot run", directory, db_path, seconds))
    return peaks, recipients


def report(peaks: list[Peak], recipients: int, seconds: float = HOLD_SECONDS) -> list[Figure]:
    """Print the table; return the figures."""
    print(
        table(
            f"Peak RSS of the process, {seconds:.0f} s after its first getUpdates",
            ("process", "peak MB (VmHWM)", "RSS at end MB", "broadcast messages sent"),
            [(p.label, p.peak_mb, p.last_mb, p.sent) for p in peaks],
        )
    )
    baseline, empty, national = peaks
    return [
        Figure("memory_peak_rss", national.peak_mb, "MB", baseline.peak_mb, goal="≤ 150 MB"),
        Figure("memory_peak_rss_empty_db", empty.peak_mb, "MB", baseline.peak_mb),
    ]


async def run() -> list[Figure]:
    """Run the benchmark at full size."""
    return report(*await measure())
