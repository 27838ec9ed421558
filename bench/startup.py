"""startup: from process start to the first getUpdates the double receives.

`python -m bot run` on a copy of the national database, on an empty database, and a minimal
PTB bot, each started a few times; the median counts. The clock starts just before the process
is spawned, so interpreter start-up and imports are included.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from statistics import median

from bench.common import (
    CACHE_DIR,
    TOKEN,
    Child,
    Figure,
    bot_env,
    copy_db,
    silence_timed_jobs,
    table,
    workdir,
)
from bench.generate import NATIONAL, Scale, cached_db
from bot.doubles.telegram import BotApiDouble

NAME = "startup"
STARTS = 3


@dataclass(frozen=True)
class Started:
    """The start-up times of one kind of process."""

    label: str
    seconds: list[float]

    @property
    def median(self) -> float:
        """Return the median start-up time."""
        return median(self.seconds)


async def time_start(module: str, directory: Path, db_path: Path | None) -> float:
    """Start the process, wait for its first getUpdates, stop it; return the seconds taken."""
    async with BotApiDouble(token=TOKEN) as double:
        child = Child(module, bot_env(double.base_url, db_path), directory)
        await child.start()
        try:
            polled = await child.first_call(double, "getUpdates", within=120)
            child.check_alive()
        finally:
            await child.stop()
    return polled - child.started


async def measure(
    scale: Scale = NATIONAL, starts: int = STARTS, cache: Path = CACHE_DIR
) -> list[Started]:
    """Start each kind of process `starts` times."""
    generated = await cached_db(scale, "national", cache)
    with workdir() as directory:
        national = copy_db(generated.path, directory / "national.sqlite3")
        empty = directory / "empty.sqlite3"
        for path in (national, empty):
            await silence_timed_jobs(path)  # also creates the empty one: no migrations timed
        kinds = [
            ("minimal PTB echo bot", "bench.minimal_bot", None),
            ("bot, empty database", "bot run", empty),
            ("bot, national database", "bot run", national),
        ]
        return [
            Started(label, [await time_start(module, directory, db) for _ in range(starts)])
            for label, module, db in kinds
        ]


def report(started: list[Started]) -> list[Figure]:
    """Print the table; return the figures."""
    print(
        table(
            "Seconds from process start to the first getUpdates",
            ("process", "median s", "each start s"),
            [(s.label, s.median, " ".join(f"{t:.2f}" for t in s.seconds)) for s in started],
        )
    )
    baseline, empty, national = started
    return [
        Figure("startup_national_db", national.median, "s", baseline.median),
        Figure("startup_empty_db", empty.median, "s", baseline.median),
    ]


async def run() -> list[Figure]:
    """Run the benchmark at full size."""
    return report(await measure())
