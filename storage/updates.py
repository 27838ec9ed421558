"""Which Telegram updates have been handled already, and who sent the one arriving."""

from __future__ import annotations

from dataclasses import dataclass, fields

import aiosqlite

from storage import members, teams
from storage.db import Batch
from storage.members import Member
from storage.teams import Team

_ARRIVAL = (
    "SELECT EXISTS (SELECT 1 FROM processed_updates WHERE update_id = ?),"
    f" {members.columns('m')}, {teams.columns('t')}"
    " FROM (SELECT 1) LEFT JOIN members m ON m.chat_id = ?"
    " LEFT JOIN teams t ON t.id = m.team_id"
)
_MEMBER_END = 1 + len(fields(Member))  # the row: seen, the member's columns, the team's


@dataclass(frozen=True, slots=True)
class Arrival:
    """What the application knows of an update before handling it."""

    seen: bool  # handled before: a replay
    member: Member | None  # the sender's membership, if any
    team: Team | None  # the member's team, if any


async def arrival(conn: aiosqlite.Connection, update_id: int, chat_id: int | None) -> Arrival:
    """Tell whether an update was handled before, and who sent it, in one read."""
    (row,) = await conn.execute_fetchall(_ARRIVAL, (update_id, chat_id))
    return Arrival(
        bool(row[0]),
        members.from_columns(row[1:_MEMBER_END]),
        teams.from_columns(row[_MEMBER_END:]),
    )


async def seen(conn: aiosqlite.Connection, update_id: int) -> bool:
    """Tell whether an update was already handled."""
    async with conn.execute(
        "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
    ) as cursor:
        return await cursor.fetchone() is not None


async def mark(conn: aiosqlite.Connection | Batch, update_id: int, now: str) -> None:
    """Record an update as handled."""
    await conn.execute(
        "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
        (update_id, now),
    )


async def forget_before(conn: aiosqlite.Connection, moment: str) -> int:
    """Drop records older than Telegram keeps updates; return how many."""
    cursor = await conn.execute("DELETE FROM processed_updates WHERE processed_at < ?", (moment,))
    return cursor.rowcount
