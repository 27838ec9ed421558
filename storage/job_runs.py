"""The record of once-only job runs (a day's summary, a night's backup), for catching up."""

from __future__ import annotations

import json

import aiosqlite


async def ran(conn: aiosqlite.Connection, job: str, run_key: str) -> bool:
    """Tell whether a once-only run already happened."""
    async with conn.execute(
        "SELECT 1 FROM job_runs WHERE job = ? AND run_key = ?", (job, run_key)
    ) as cursor:
        return await cursor.fetchone() is not None


async def record_run(
    conn: aiosqlite.Connection, job: str, run_key: str, counts: dict[str, int], now: str
) -> bool:
    """Record a once-only run; False if it was recorded before (another run won)."""
    cursor = await conn.execute(
        "INSERT INTO job_runs (job, run_key, done_at, counts) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (job, run_key, now, json.dumps(counts)),
    )
    return cursor.rowcount > 0
