"""Group chats the bot posts in: one-time link codes, the linked groups, and who may be named.

A group is linked either to an area (by a coordinator) or to a team (by its leader). The bot
posts there the daily summary and the reminder's list of who has not reported yet, naming only
members who agreed to be named (members.named_in_groups).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import aiosqlite

from storage.areas import subtree_bounds
from storage.teams import INVITE_ALPHABET

GROUP_CODE_LENGTH = 7  # link codes have 8, invite codes 10: the three never look alike


@dataclass(frozen=True, slots=True)
class GroupLink:
    """A linked group: its chat, and the area or the team it belongs to (with its name)."""

    chat_id: int
    area_id: int | None
    team_id: int | None
    scope_name: str
    linked_by: int
    area_path: str | None  # the area's, for an area's group


def normalize_code(typed: str) -> str | None:
    """The group code a text is, if it has the shape of one (spaces and dashes ignored)."""
    code = "".join(ch for ch in typed.upper() if ch not in " -")
    if len(code) != GROUP_CODE_LENGTH or any(ch not in INVITE_ALPHABET for ch in code):
        return None
    return code


async def offer(
    conn: aiosqlite.Connection,
    member_id: int,
    *,
    area_id: int | None,
    team_id: int | None,
    expires_at: str,
) -> str:
    """Give a member a code that links a group to this area or team; older codes stop working."""
    await conn.execute("DELETE FROM group_codes WHERE member_id = ?", (member_id,))
    code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(GROUP_CODE_LENGTH))
    await conn.execute(
        "INSERT INTO group_codes (code, member_id, area_id, team_id, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (code, member_id, area_id, team_id, expires_at),
    )
    return code


async def take_code(
    conn: aiosqlite.Connection, code: str, now: str
) -> tuple[int, int | None, int | None] | None:
    """Use up a live code: return (member id, area id, team id), or None (nothing changes)."""
    async with conn.execute(
        "DELETE FROM group_codes WHERE code = ? AND expires_at > ?"
        " RETURNING member_id, area_id, team_id",
        (code, now),
    ) as cursor:
        row = await cursor.fetchone()
    return (row[0], row[1], row[2]) if row else None


async def link(
    conn: aiosqlite.Connection,
    chat_id: int,
    *,
    area_id: int | None,
    team_id: int | None,
    member_id: int,
    now: str,
) -> None:
    """Link a group chat to an area or a team (a group linked before is linked anew)."""
    await conn.execute(
        "INSERT INTO group_links (chat_id, area_id, team_id, linked_by, linked_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET area_id = excluded.area_id,"
        " team_id = excluded.team_id, linked_by = excluded.linked_by,"
        " linked_at = excluded.linked_at",
        (chat_id, area_id, team_id, member_id, now),
    )


_LINKS = (
    "SELECT g.chat_id, g.area_id, g.team_id, coalesce(t.name, a.name, ''), g.linked_by,"
    " a.path FROM group_links g LEFT JOIN areas a ON a.id = g.area_id"
    " LEFT JOIN teams t ON t.id = g.team_id"
)


async def get(conn: aiosqlite.Connection, chat_id: int) -> GroupLink | None:
    """Return one linked group."""
    async with conn.execute(f"{_LINKS} WHERE g.chat_id = ?", (chat_id,)) as cursor:
        row = await cursor.fetchone()
    return GroupLink(*row) if row else None


async def linked(conn: aiosqlite.Connection) -> list[GroupLink]:
    """Every linked group whose area exists or whose team is active, in the order linked."""
    async with conn.execute(
        f"{_LINKS} WHERE a.id IS NOT NULL OR t.active = 1 ORDER BY g.linked_at, g.chat_id"
    ) as cursor:
        return [GroupLink(*row) async for row in cursor]


async def set_named(conn: aiosqlite.Connection, member_id: int, named: bool, now: str) -> None:
    """Record whether a member agrees to be named in a group's reminder."""
    await conn.execute(
        "UPDATE members SET named_in_groups = ?, updated_at = ? WHERE id = ?",
        (int(named), now, member_id),
    )


async def is_named(conn: aiosqlite.Connection, member_id: int) -> bool:
    """Tell whether a member agreed to be named in groups."""
    async with conn.execute(
        "SELECT named_in_groups FROM members WHERE id = ?", (member_id,)
    ) as cursor:
        row = await cursor.fetchone()
    return bool(row and row[0])


async def unreported(
    conn: aiosqlite.Connection,
    group: GroupLink,
    first: date,
    last: date,
    today: date,
) -> tuple[list[str], int]:
    """Who in a group's area or team has no report in [first, last]: the names of those who
    agreed to be named (A-Z), and how many have not reported in all.

    Reporters are counted as reminders count them: active members and leaders of active
    teams, with a chat, not away today.
    """
    params: tuple[object, ...]
    if group.team_id is not None:
        where, params = "t.id = ?", (group.team_id,)
    else:
        assert group.area_path is not None
        where = "t.area_id IN (SELECT id FROM areas WHERE path >= ? AND path < ?)"
        params = subtree_bounds(group.area_path)
    async with conn.execute(
        "SELECT m.full_name, m.named_in_groups FROM members m JOIN teams t ON t.id = m.team_id"
        " WHERE m.status = 'active' AND m.role IN ('member', 'leader') AND t.active = 1"
        f" AND m.chat_id IS NOT NULL AND {where}"
        " AND (m.away_until IS NULL OR m.away_until < ?)"
        " AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.member_id = m.id"
        " AND r.deleted_at IS NULL AND r.report_date BETWEEN ? AND ?)"
        " ORDER BY m.full_name, m.id",
        (*params, today.isoformat(), first.isoformat(), last.isoformat()),
    ) as cursor:
        rows = list(await cursor.fetchall())
    return [name for name, named in rows if named], len(rows)
