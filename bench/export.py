"""export: `python -m bot export` on a generated province, a week, a month and a year of it.

Each export runs as its own process (the operator's command, as an admin types it) on a copy
of the province-year database; its peak memory is the kernel's high-water mark for that
process (ru_maxrss from wait4). Flat memory means the year's peak stays near the week's,
although the year has fifty times the rows: rows are streamed from a cursor into openpyxl's
write-only workbook.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from dataclasses import astuple, dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.common import BENCH_DAY, CACHE_DIR, PYTHON, ROOT, Figure, copy_db, table, workdir
from bench.generate import PROVINCE_YEAR, Scale, cached_db

NAME = "export"


@dataclass(frozen=True)
class Run:
    """One export: what it wrote, how long it took and its peak memory."""

    label: str
    rows: int
    seconds: float
    cpu_seconds: float  # user and system: what the export costs, whatever else the machine runs
    peak_mb: float
    file_mb: float


def _periods(last: date) -> list[tuple[str, date, date]]:
    return [
        ("a week, xlsx", last - timedelta(days=6), last),
        ("a month, xlsx", last - timedelta(days=29), last),
        ("a year, xlsx", last - timedelta(days=364), last),
        ("a year, csv", last - timedelta(days=364), last),
    ]


def export_once(db_path: Path, out: Path, first: date, last: date) -> Run:
    """Run the export command in a child process; measure it."""
    env = {**os.environ, "DATABASE_PATH": str(db_path), "PYTHONPATH": str(ROOT)}
    argv = [PYTHON, "-m", "bot", "export", "--from", first.isoformat(), "--to", last.isoformat()]
    began = time.perf_counter()
    process = subprocess.Popen(
        [*argv, "--out", str(out)],
        env=env,
        cwd=out.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    output = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        errors = process.stderr.read() if process.stderr else ""
        raise RuntimeError(f"export failed:\n{errors[-3000:]}")
    rows = int(output.split()[1].replace(",", ""))  # "Wrote 12,345 reports of …"
    cpu = usage.ru_utime + usage.ru_stime
    return Run("", rows, seconds, cpu, usage.ru_maxrss / 1024, out.stat().st_size / 1e6)


async def measure(scale: Scale = PROVINCE_YEAR, cache: Path = CACHE_DIR) -> list[Run]:
    """Export each period once from a copy of the province-year database."""
    generated = await cached_db(scale, "province-year", cache)
    runs = []
    with workdir() as directory:
        db_path = copy_db(generated.path, directory / "province.sqlite3")
        for label, first, last in _periods(BENCH_DAY):
            suffix = label.rsplit(", ", 1)[1]
            out = directory / f"export-{len(runs)}.{suffix}"
            run = await asyncio.to_thread(export_once, db_path, out, first, last)
            runs.append(Run(label, *astuple(run)[1:]))
            out.unlink()
    return runs


def report(runs: list[Run]) -> list[Figure]:
    """Print the table; return the figures (the week is the memory baseline)."""
    print(
        table(
            "python -m bot export on the generated province (one process per export)",
            ("period", "rows", "seconds", "CPU s", "rows per CPU s", "peak MB", "file MB"),
            [
                (
                    r.label,
                    f"{r.rows:,}",
                    r.seconds,
                    r.cpu_seconds,
                    r.rows / r.cpu_seconds,
                    r.peak_mb,
                    r.file_mb,
                )
                for r in runs
            ],
        )
    )
    week, month, year, csv = runs
    note = "peak RSS of the export process; baseline: a week"
    return [
        Figure("export_year_xlsx_peak", year.peak_mb, "MB", week.peak_mb, note=note),
        Figure("export_month_xlsx_peak", month.peak_mb, "MB", week.peak_mb, note=note),
        Figure("export_year_csv_peak", csv.peak_mb, "MB", week.peak_mb, note=note),
        Figure("export_year_xlsx_rate", year.rows / year.cpu_seconds, "rows per CPU s"),
        Figure("export_year_xlsx_cpu", year.cpu_seconds, "s", note=f"{year.rows:,} rows"),
        Figure("export_year_xlsx_seconds", year.seconds, "s", note=f"{year.rows:,} rows"),
    ]


async def run() -> list[Figure]:
    """Run the benchmark at full size."""
    return report(await measure())
