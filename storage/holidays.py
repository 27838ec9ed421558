"""Holidays: days with no reminders."""

from __future__ import annotations

from datetime import date

import aiosqlite


async def name_of(conn: aiosqlite.Connection, day: date) -> str | None:
    """Return the holiday's name if `day` is one."""
    async with conn.execute("SELECT name FROM holidays WHERE day = ?", (day.isoformat(),)) as c:
        row = await c.fetchone()
    return row[0] if row else None


async def listing(conn: aiosqlite.Connection, year: int | None = None) -> list[tuple[date, str]]:
    """Return holidays, of one year or all."""
    sql = "SELECT day, name FROM holidays"
    params: tuple[str, ...] = ()
    if year is not None:
        sql, params = sql + " WHERE day LIKE ?", (f"{year}-%",)
    async with conn.execute(sql + " ORDER BY day", params) as cursor:
        return [(date.fromisoformat(d), n) async for d, n in cursor]


async def add(conn: aiosqlite.Connection, day: date, name: str) -> None:
    """Add or rename a holiday."""
    await conn.execute(
        "INSERT INTO holidays (day, name) VALUES (?, ?)"
        " ON CONFLICT (day) DO UPDATE SET name = excluded.name",
        (day.isoformat(), name),
    )


async def remove(conn: aiosqlite.Connection, day: date) -> bool:
    """Remove a holiday; tell whether there was one."""
    cursor = await conn.execute("DELETE FROM holidays WHERE day = ?", (day.isoformat(),))
    return cursor.rowcount > 0


async def between(conn: aiosqlite.Connection, first: date, last: date) -> set[date]:
    """Return the holidays dated first..last."""
    async with conn.execute(
        "SELECT day FROM holidays WHERE day BETWEEN ? AND ?", (first.isoformat(), last.isoformat())
    ) as cursor:
        return {date.fromisoformat(day) async for (day,) in cursor}
