"""Deadlines: what must be reported by when, by whom, and who has not done it yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.areas import subtree_bounds


@dataclass(frozen=True, slots=True)
class Deadline:
    id: int
    title: str
    due_at: datetime  # aware UTC
    area_id: int
    area_path: str
    roles: tuple[str, ...]
    categories: tuple[str, ...]  # empty: any activity counts
    period_start: date
    period_end: date


@dataclass(frozen=True, slots=True)
class Missing:
    member_id: int
    full_name: str
    team_name: str
    team_id: int
    area_path: str


_SELECT = (
    "SELECT d.id, d.title, d.due_at, d.area_id, a.path, d.roles, d.categories, d.period_start,"
    " d.period_end FROM deadlines d JOIN areas a ON a.id = d.area_id"
)


def _deadline(row: aiosqlite.Row) -> Deadline:
    return Deadline(
        row[0],
        row[1],
        datetime.fromisoformat(row[2]),
        row[3],
        row[4],
        tuple(r for r in row[5].split(",") if r),
        tuple(c for c in row[6].split(",") if c),
        date.fromisoformat(row[7]),
        date.fromisoformat(row[8]),
    )


async def create(
    conn: aiosqlite.Connection,
    *,
    title: str,
    due_at: str,
    area_id: int,
    roles: tuple[str, ...],
    categories: tuple[str, ...],
    period_start: date,
    period_end: date,
    created_by: int | None,
    now: str,
) -> int:
    """Store a deadline; return its id."""
    cursor = await conn.execute(
        "INSERT INTO deadlines (title, due_at, area_id, roles, categories, period_start,"
        " period_end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            title,
            due_at,
            area_id,
            ",".join(roles),
            ",".join(categories),
            period_start.isoformat(),
            period_end.isoformat(),
            created_by,
            now,
        ),
    )
    return cursor.lastrowid


async def active(conn: aiosqlite.Connection, due_after: str) -> list[Deadline]:
    """Return deadlines not cancelled and due after a moment, soonest first."""
    async with conn.execute(
        f"{_SELECT} WHERE d.cancelled_at IS NULL AND d.due_at > ? ORDER BY d.due_at",
        (due_after,),
    ) as cursor:
        return [_deadline(row) async for row in cursor]


async def for_area_path(
    conn: aiosqlite.Connection, area_path: str, role: str, due_after: str
) -> list[Deadline]:
    """Return the deadlines for someone of `role` whose team's area is at `area_path`."""
    found = await active(conn, due_after)
    return [d for d in found if area_path.startswith(d.area_path) and role in d.roles]


def _not_done(deadline: Deadline) -> tuple[str, tuple]:
    low, high = subtree_bounds(deadline.area_path)
    marks = ",".join("?" * len(deadline.roles))
    done = (
        "EXISTS (SELECT 1 FROM reports r WHERE r.member_id = m.id AND r.deleted_at IS NULL"
        " AND r.report_date BETWEEN ? AND ?"
    )
    params: list = [deadline.period_start.isoformat(), deadline.period_end.isoformat()]
    if deadline.categories:
        done += f" AND r.category IN ({','.join('?' * len(deadline.categories))})"
        params += list(deadline.categories)
    done += ")"
    sql = (
        "FROM members m JOIN teams t ON t.id = m.team_id JOIN areas a ON a.id = t.area_id"
        " WHERE m.status = 'active' AND t.active = 1 AND m.chat_id IS NOT NULL"
        f" AND a.path >= ? AND a.path < ? AND m.role IN ({marks}) AND NOT {done}"
    )
    return sql, (low, high, *deadline.roles, *params)


def not_done_members(deadline: Deadline, language: str) -> tuple[str, tuple]:
    """SQL selecting (member id, chat id) of the audience in one language who are not done."""
    sql, params = _not_done(deadline)
    return f"SELECT m.id, m.chat_id {sql} AND m.language = ?", (*params, language)


async def missing(conn: aiosqlite.Connection, deadline: Deadline) -> list[Missing]:
    """Return who has not done a deadline, by area and team."""
    sql, params = _not_done(deadline)
    async with conn.execute(
        f"SELECT m.id, m.full_name, t.name, t.id, a.path {sql}"
        " ORDER BY a.path, t.name, m.full_name",
        params,
    ) as cursor:
        return [Missing(*row) async for row in cursor]


async def is_done(conn: aiosqlite.Connection, deadline: Deadline, member_id: int) -> bool:
    """Tell whether one member has done a deadline."""
    sql, params = _not_done(deadline)
    async with conn.execute(f"SELECT 1 {sql} AND m.id = ?", (*params, member_id)) as cursor:
        return await cursor.fetchone() is None
