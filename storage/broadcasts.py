"""Broadcasts: the message, its audience, and where its progress is shown."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import aiosqlite

from storage.areas import subtree_bounds


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    sender_id: int
    area_id: int
    roles: tuple[str, ...]
    only_unreported: bool
    content: dict
    recipients: int
    status: str
    scheduled_at: str
    progress_chat: int | None
    progress_message: int | None


def _broadcast(row: aiosqlite.Row) -> Broadcast:
    return Broadcast(
        row["id"],
        row["sender_id"],
        row["area_id"],
        tuple(r for r in row["roles"].split(",") if r),
        bool(row["only_unreported"]),
        json.loads(row["content"]),
        row["recipients"],
        row["status"],
        row["scheduled_at"],
        row["progress_chat"],
        row["progress_message"],
    )


def audience(
    area_path: str,
    roles: tuple[str, ...],
    only_unreported_since: date | None,
    language: str | None = None,
) -> tuple[str, tuple]:
    """SQL selecting (member id, chat id) of everyone a broadcast is for (in one language)."""
    low, high = subtree_bounds(area_path)
    marks = ",".join("?" * len(roles))
    # Members belong to an area through their team; coordinators through their scope area.
    sql = (
        "SELECT m.id, m.chat_id FROM members m"
        " LEFT JOIN teams t ON t.id = m.team_id LEFT JOIN areas ta ON ta.id = t.area_id"
        " LEFT JOIN areas sa ON sa.id = m.scope_area_id"
        " WHERE m.status = 'active' AND m.chat_id IS NOT NULL"
        f" AND m.role IN ({marks})"
        " AND ((ta.path >= ? AND ta.path < ? AND t.active = 1) OR (sa.path >= ? AND sa.path < ?))"
    )
    params: tuple = (*roles, low, high, low, high)
    if language is not None:
        sql += " AND m.language = ?"
        params += (language,)
    if only_unreported_since is not None:
        sql += (
            " AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.member_id = m.id"
            " AND r.deleted_at IS NULL AND r.report_date >= ?)"
        )
        params += (only_unreported_since.isoformat(),)
    return sql, params


async def count_audience(conn: aiosqlite.Connection, sql: str, params: tuple) -> int:
    """Count the recipients an audience query selects."""
    async with conn.execute(f"SELECT count(*) FROM ({sql})", params) as cursor:
        return (await cursor.fetchone())[0]


async def create(
    conn: aiosqlite.Connection,
    *,
    sender_id: int,
    area_id: int,
    roles: tuple[str, ...],
    only_unreported: bool,
    content: dict,
    scheduled_at: str,
    progress_chat: int,
    now: str,
) -> int:
    """Store a broadcast; return its id."""
    cursor = await conn.execute(
        "INSERT INTO broadcasts (sender_id, area_id, roles, only_unreported, content,"
        " scheduled_at, progress_chat, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sender_id,
            area_id,
            ",".join(roles),
            int(only_unreported),
            json.dumps(content, ensure_ascii=False),
            scheduled_at,
            progress_chat,
            now,
        ),
    )
    return cursor.lastrowid


async def set_recipients(conn: aiosqlite.Connection, broadcast_id: int, count: int) -> None:
    """Record how many recipients were queued."""
    await conn.execute(
        "UPDATE broadcasts SET recipients = ?, status = 'sending' WHERE id = ?",
        (count, broadcast_id),
    )


async def set_progress_message(
    conn: aiosqlite.Connection, broadcast_id: int, message_id: int
) -> None:
    """Remember the sender's progress message, to edit it as delivery goes."""
    await conn.execute(
        "UPDATE broadcasts SET progress_message = ? WHERE id = ?", (message_id, broadcast_id)
    )


async def get(conn: aiosqlite.Connection, broadcast_id: int) -> Broadcast | None:
    """Return one broadcast."""
    async with conn.execute("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,)) as c:
        row = await c.fetchone()
    return _broadcast(row) if row else None


async def in_progress(conn: aiosqlite.Connection) -> list[Broadcast]:
    """Return broadcasts still being delivered."""
    async with conn.execute(
        "SELECT * FROM broadcasts WHERE status = 'sending' ORDER BY id"
    ) as cursor:
        return [_broadcast(row) async for row in cursor]


async def finish(conn: aiosqlite.Connection, broadcast_id: int, status: str, now: str) -> bool:
    """Mark a broadcast done or cancelled; False if it already was."""
    cursor = await conn.execute(
        "UPDATE broadcasts SET status = ?, finished_at = ? WHERE id = ? AND status = 'sending'",
        (status, now, broadcast_id),
    )
    return cursor.rowcount > 0
