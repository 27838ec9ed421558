"""Targets: a number to reach per indicator, area and period ("2026-11" a month, "2026" a year)."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite


@dataclass(frozen=True, slots=True)
class Target:
    indicator: str
    area_code: str
    area_name: str
    period: str
    value: int
    updated_at: str


async def upsert(
    conn: aiosqlite.Connection, *, indicator: str, area_id: int, period: str, value: int, now: str
) -> str:
    """Set one target; return "added", "updated" or "unchanged"."""
    async with conn.execute(
        "SELECT value FROM targets WHERE indicator = ? AND area_id = ? AND period = ?",
        (indicator, area_id, period),
    ) as cursor:
        row = await cursor.fetchone()
    if row is not None and row[0] == value:
        return "unchanged"
    await conn.execute(
        "INSERT INTO targets (indicator, area_id, period, value, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (indicator, area_id, period)"
        " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (indicator, area_id, period, value, now),
    )
    return "added" if row is None else "updated"


async def for_area(conn: aiosqlite.Connection, area_id: int, periods: list[str]) -> dict[str, int]:
    """Return indicator → target for the area, from the first of `periods` that sets one."""
    marks = ",".join("?" * len(periods))
    async with conn.execute(
        f"SELECT indicator, period, value FROM targets WHERE area_id = ? AND period IN ({marks})",
        (area_id, *periods),
    ) as cursor:
        rows = await cursor.fetchall()
    found: dict[str, int] = {}
    for indicator, _, value in sorted(rows, key=lambda row: periods.index(row[1])):
        found.setdefault(indicator, value)
    return found


async def all_targets(conn: aiosqlite.Connection) -> list[Target]:
    """Return every target with its area, ordered by area code, period and indicator."""
    async with conn.execute(
        "SELECT t.indicator, a.code, a.name, t.period, t.value, t.updated_at FROM targets t"
        " JOIN areas a ON a.id = t.area_id ORDER BY a.code, t.period, t.indicator"
    ) as cursor:
        return [Target(*row) async for row in cursor]
