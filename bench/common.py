"""What the benchmarks share: figures and tables, child processes, the bot's database."""

from __future__ import annotations

import asyncio
import os
import platform
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from storage import areas, broadcasts, job_runs, outbox, reminder_rules
from storage.db import Database

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "bench" / ".cache"
PYTHON = sys.executable
TOKEN = "123456:BENCH-TOKEN"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Telegram ids of generated members: TELEGRAM_BASE + members.id.
TELEGRAM_BASE = 50_000_000
# The last day of generated history: a Saturday, the 7th, so month-to-date is one week.
BENCH_DAY = date(2026, 11, 7)
GENERATOR_VERSION = 2
# The bot's once-a-day jobs, as recorded in job_runs.
DAILY_JOBS = ("summary", "backup")
STOP_TIMEOUT = 30.0


# --- figures and tables --------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One measured figure, compared with a baseline where there is one."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    goal: str = ""
    note: str = ""  # what the figure is bound by, or how to read it

    @property
    def ratio(self) -> float | None:
        """Return value over baseline, if there is a baseline."""
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    def line(self) -> str:
        """Render as `name: value (baseline …, ratio …)`."""
        parts = []
        if self.baseline is not None:
            parts.append(f"baseline {number(self.baseline)} {self.unit}")
        if self.ratio is not None:
            parts.append(f"ratio {self.ratio:.2f}")
        if self.goal:
            parts.append(f"goal {self.goal}")
        if self.note:
            parts.append(self.note)
        extra = f" ({', '.join(parts)})" if parts else ""
        return f"{self.name}: {number(self.value)} {self.unit}{extra}"


def number(value: float) -> str:
    """Show a figure with sensible precision."""
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as a plain-text table under a title."""
    cells = [[str(h) for h in headers]] + [
        [number(c) if isinstance(c, float) else str(c) for c in row] for row in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(cells[0], widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(line.rstrip() for line in lines)


def percentile(values: Sequence[float], share: float) -> float:
    """Return the nearest-rank percentile of `values` (share 0.5 = median)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def machine() -> dict[str, str]:
    """Describe the machine: CPU model, cores, RAM and Python version."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as file:
        for line in file:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as file:
        total_kb = int(file.readline().split()[1])
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": f"{total_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


# --- child processes -----------------------------------------------------------------------


def proc_status_mb(pid: int, field: str) -> float:
    """Read a memory field of /proc/<pid>/status (e.g. VmHWM, VmRSS) in MB."""
    with open(f"/proc/{pid}/status", encoding="utf-8") as file:
        for line in file:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise LookupError(f"{field} not in /proc/{pid}/status")


def cpu_seconds(pid: int) -> float:
    """Return the user and system CPU time a process used so far."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bot_env(api_url: str, db_path: Path | None = None, **settings: object) -> dict[str, str]:
    """The environment of a bot process: token, Bot API URL, database, quiet logs."""
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_url,
        "LOG_LEVEL": "WARNING",
        # bench.minimal_bot is not installed; the bot package is.
        "PYTHONPATH": str(ROOT),
    }
    if db_path is not None:
        env["DATABASE_PATH"] = str(db_path)
    env.update({key.upper(): str(value) for key, value in settings.items()})
    return env


class Child:
    """A process the benchmark starts (`python -m ...`), stopped with SIGINT like Ctrl-C."""

    def __init__(
        self, module: str, env: dict[str, str], workdir: Path, cpus: set[int] | None = None
    ) -> None:
        self.module = module
        self.env = env
        self.workdir = workdir
        self.cpus = cpus  # the CPUs the process may run on; None: any
        self.log_path = workdir / f"{module.split(maxsplit=1)[0].replace('.', '_')}.log"
        self.process: asyncio.subprocess.Process | None = None
        self.started = 0.0

    @property
    def pid(self) -> int:
        """Return the process id."""
        assert self.process is not None
        return self.process.pid

    async def start(self) -> None:
        """Start the process; `started` is the perf_counter just before."""
        with _log_file(self.log_path) as log:
            self.started = time.perf_counter()
            self.process = await asyncio.create_subprocess_exec(
                PYTHON,
                "-m",
                *self.module.split(),
                env=self.env,
                cwd=self.workdir,
                stdout=log,
                stderr=log,
            )
        if self.cpus is not None:
            # Python starts no threads of its own, so its later ones (aiosqlite's) inherit this.
            os.sched_setaffinity(self.process.pid, self.cpus)

    async def stop(self) -> None:
        """Ask the process to stop, as Ctrl-C does; kill it if it does not."""
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(self.process.wait(), timeout=STOP_TIMEOUT)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    async def first_call(self, double, method: str, within: float = 60.0) -> float:
        """Wait for the process's first `method` call to the double; return when it came.

        Fails with the process's log if the process exits first or the call does not come.
        """
        assert self.process is not None

        def called() -> bool:
            return any(name == method for name, _ in double.calls)

        waiting = asyncio.ensure_future(double.wait_until(called, timeout=within))
        exited = asyncio.ensure_future(self.process.wait())
        done, _ = await asyncio.wait({waiting, exited}, return_when=asyncio.FIRST_COMPLETED)
        exited.cancel()
        if waiting not in done:
            waiting.cancel()
            raise RuntimeError(f"{self.module} exited before any {method}:\n{self._log_tail()}")
        if waiting.exception() is not None:
            raise RuntimeError(
                f"{self.module} made no {method} in {within} s:\n{self._log_tail()}"
            )
        return time.perf_counter()

    def check_alive(self) -> None:
        """Fail with the process's log if it has exited."""
        if self.process is not None and self.process.returncode is not None:
            raise RuntimeError(
                f"{self.module} exited with {self.process.returncode}:\n{self._log_tail()}"
            )

    def _log_tail(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]


def _log_file(path: Path) -> IO[bytes]:
    return open(path, "wb")


def add_chats(double, telegram_ids: Sequence[int]) -> None:
    """Create the users in the double, each having written once so the bot may write back."""
    for telegram_id in telegram_ids:
        double.add_user(user_id=telegram_id, first_name=f"U{telegram_id}")
        double.send_text(telegram_id, "/start")
    double.updates.drop_all()  # those first messages were before the bot's time


async def silence_timed_jobs(path: Path) -> None:
    """Switch reminders off and mark today's once-a-day jobs done (the summary, the backup).

    Otherwise the hour of the run would decide whether a bot process starts by sending
    reminders to everyone, summarising every commune or copying the whole database.
    """
    now = datetime.now(TZ)
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    async with Database(path) as db, db.transaction() as conn:
        for rule in await reminder_rules.rules(conn):
            await reminder_rules.set_rule(
                conn,
                name=rule.name,
                scope=rule.scope,
                at_time=rule.at_time,
                days=rule.days,
                active=False,
                now=stamp,
            )
        for day in (now.date(), now.date() + timedelta(days=1)):
            for job in DAILY_JOBS:
                await job_runs.record_run(conn, job, day.isoformat(), {}, stamp)


async def queue_broadcast(path: Path, area_ids: Sequence[int], text: str) -> tuple[int, int]:
    """Queue one broadcast to every member and leader of some areas, as the broadcast dialog
    does; return its id and the number of recipients.
    """
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    roles = ("member", "leader")
    content = {"text": text}
    async with Database(path) as db, db.transaction() as conn:
        # Sent by the first member; no progress message, so the progress job leaves it be.
        broadcast_id = await broadcasts.create(
            conn,
            sender_id=1,
            area_id=area_ids[0],
            roles=roles,
            only_unreported=False,
            content=content,
            scheduled_at=now,
            progress_chat=TELEGRAM_BASE + 1,
            now=now,
        )
        count = 0
        for area_id in area_ids:
            area = await areas.get(conn, area_id)
            sql, params = broadcasts.audience(area.path, roles, None)
            count += await outbox.enqueue_for_members(
                conn,
                kind="broadcast",
                ref_id=broadcast_id,
                member_ids_sql=sql,
                params=params,
                payload=content,
                dedupe_prefix=f"broadcast:{broadcast_id}:",
                now=now,
            )
        await broadcasts.set_recipients(conn, broadcast_id, count)
    return broadcast_id, count


@contextmanager
def one_cpu() -> Iterator[None]:
    """Keep this thread and the threads it starts (aiosqlite's) on one CPU, then let go.

    On this VM a query's hops between threads cost several times more across CPUs than on
    one, and where the scheduler puts aiosqlite's thread varies from run to run; on one CPU
    every database pays the same for them.
    """
    every = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(every)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, every)


@contextmanager
def workdir() -> Iterator[Path]:
    """A temporary directory for copies of databases and child processes' logs."""
    with tempfile.TemporaryDirectory(prefix="cns-bench-") as path:
        yield Path(path)


def copy_db(source: Path, target: Path) -> Path:
    """Copy a database file (checkpointed, so the file alone is the whole database)."""
    shutil.copyfile(source, target)
    return target


# --- generated databases -------------------------------------------------------------------
