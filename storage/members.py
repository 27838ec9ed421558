"""Members: volunteers, team leaders, coordinators and admins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import aiosqlite

from storage.areas import subtree_bounds

ROLES = ("member", "leader", "coordinator", "admin")


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    chat_id: int | None
    full_name: str
    phone: str | None
    team_id: int | None
    role: str
    scope_area_id: int | None
    language: str
    status: str
    joined_at: str


def columns(alias: str) -> str:
    """Return a member's columns, in the order of its fields, for a query that joins members."""
    return ", ".join(f"{alias}.{field.name}" for field in fields(Member))


def from_columns(values: Sequence) -> Member | None:
    """Build a member from the values of `columns()`; None if the join found no member."""
    return Member(*values) if values[0] is not None else None


_COLUMNS = columns("members")


async def get(conn: aiosqlite.Connection, member_id: int) -> Member | None:
    """Return one member by id."""
    rows = await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM members WHERE id = ?", (member_id,)
    )
    return from_columns(rows[0]) if rows else None


async def get_by_chat_id(conn: aiosqlite.Connection, chat_id: int) -> Member | None:
    """Return the member whose messages go to this chat (Telegram or Zalo), if any."""
    rows = await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM members WHERE chat_id = ?", (chat_id,)
    )
    return from_columns(rows[0]) if rows else None


async def create(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    full_name: str,
    phone: str | None,
    team_id: int | None,
    role: str,
    language: str,
    now: str,
    consent_at: str | None,
) -> Member:
    """Register a new member."""
    cursor = await conn.execute(
        "INSERT INTO members (chat_id, full_name, phone, team_id, role, language,"
        " joined_at, consent_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (chat_id, full_name, phone, team_id, role, language, now, consent_at, now),
    )
    member = await get(conn, cursor.lastrowid)
    assert member is not None
    return member


async def rejoin(
    conn: aiosqlite.Connection,
    member_id: int,
    *,
    full_name: str,
    phone: str | None,
    team_id: int,
    now: str,
    consent_at: str,
) -> Member:
    """Put a known member (who left or moves) into a team with fresh details."""
    await conn.execute(
        "UPDATE members SET full_name = ?, phone = ?, team_id = ?, status = 'active',"
        " consent_at = ?, joined_at = ?, updated_at = ? WHERE id = ?",
        (full_name, phone, team_id, consent_at, now, now, member_id),
    )
    member = await get(conn, member_id)
    assert member is not None
    return member


async def set_language(
    conn: aiosqlite.Connection, member_id: int, language: str, now: str
) -> None:
    """Remember the member's interface language."""
    await conn.execute(
        "UPDATE members SET language = ?, updated_at = ? WHERE id = ?",
        (language, now, member_id),
    )


async def make_admin(conn: aiosqlite.Connection, member_id: int, now: str) -> None:
    """Give a member the admin role (for ids listed in ADMIN_TELEGRAM_IDS)."""
    await conn.execute(
        "UPDATE members SET role = 'admin', status = 'active', updated_at = ? WHERE id = ?",
        (now, member_id),
    )


async def move_to_team(conn: aiosqlite.Connection, member_id: int, team_id: int, now: str) -> None:
    """Move an active member to another team, keeping their details."""
    await conn.execute(
        "UPDATE members SET team_id = ?, updated_at = ? WHERE id = ?", (team_id, now, member_id)
    )


@dataclass(frozen=True, slots=True)
class MemberListing:
    full_name: str
    phone: str | None
    role: str
    status: str
    joined_at: str
    team_code: str | None
    team_name: str | None
    area_id: int | None  # the team's area, else the coordinator's scope
    chat_id: int | None  # where messages go now
    linked: int  # chats linked on another messenger (member_chats)


async def listing(
    conn: aiosqlite.Connection, within: tuple[str, str] | None = None
) -> list[MemberListing]:
    """Return members with their team; `within` keeps those in or scoped to an area subtree."""
    sql = (
        "SELECT m.full_name, m.phone, m.role, m.status, m.joined_at, t.code, t.name,"
        " COALESCE(ta.id, sa.id), m.chat_id,"
        " (SELECT count(*) FROM member_chats c WHERE c.member_id = m.id) FROM members m"
        " LEFT JOIN teams t ON t.id = m.team_id"
        " LEFT JOIN areas ta ON ta.id = t.area_id"
        " LEFT JOIN areas sa ON sa.id = m.scope_area_id"
    )
    params: tuple[str, ...] = ()
    if within is not None:
        sql += " WHERE (ta.path >= ? AND ta.path < ?) OR (sa.path >= ? AND sa.path < ?)"
        params = within * 2
    async with conn.execute(sql + " ORDER BY m.id", params) as cursor:
        return [MemberListing(*row) async for row in cursor]


@dataclass(frozen=True, slots=True)
class Watcher:
    """Someone who hears about a missed deadline: a team leader or a coordinator."""

    id: int
    chat_id: int
    role: str
    team_id: int | None
    scope_path: str
    language: str


async def watchers(conn: aiosqlite.Connection, area_path: str) -> list[Watcher]:
    """Return leaders of teams in the area, and coordinators whose scope overlaps it."""
    low, high = subtree_bounds(area_path)
    async with conn.execute(
        "SELECT m.id, m.chat_id, m.role, m.team_id, coalesce(s.path, ''), m.language"
        " FROM members m LEFT JOIN teams t ON t.id = m.team_id"
        " LEFT JOIN areas ta ON ta.id = t.area_id LEFT JOIN areas s ON s.id = m.scope_area_id"
        " WHERE m.status = 'active' AND m.chat_id IS NOT NULL AND ("
        " (m.role = 'leader' AND ta.path >= ? AND ta.path < ?)"
        " OR (m.role = 'coordinator' AND (s.path >= ? AND s.path < ? OR ? LIKE s.path || '%')))",
        (low, high, low, high, area_path),
    ) as cursor:
        return [Watcher(*row) async for row in cursor]


async def set_role(
    conn: aiosqlite.Connection, member_id: int, role: str, scope_area_id: int | None, now: str
) -> None:
    """Change a member's role; coordinators get a scope area, others lose theirs."""
    await conn.execute(
        "UPDATE members SET role = ?, scope_area_id = ?, updated_at = ? WHERE id = ?",
        (role, scope_area_id if role == "coordinator" else None, now, member_id),
    )


ERASED_NAME = "—"


async def erase(conn: aiosqlite.Connection, member_id: int, now: str) -> None:
    """Remove a member's personal data; their reports stay in totals, no longer theirs by name."""
    await conn.execute(
        "UPDATE members SET full_name = ?, phone = NULL, chat_id = NULL, status = 'erased',"
        " scope_area_id = NULL, away_until = NULL, updated_at = ? WHERE id = ?",
        (ERASED_NAME, now, member_id),
    )
    # Chats on another messenger are personal data too.
    await conn.execute("DELETE FROM member_chats WHERE member_id = ?", (member_id,))
    await conn.execute("DELETE FROM link_codes WHERE member_id = ?", (member_id,))


async def search(conn: aiosqlite.Connection, text: str, *, limit: int = 8) -> list[Member]:
    """Find active members by a part of their name or phone, or by chat id."""
    digits = "".join(ch for ch in text if ch.isdigit())
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM members WHERE status = 'active' AND (full_name LIKE ? OR"
        " (? != '' AND (phone LIKE ? OR CAST(chat_id AS TEXT) = ?)))"
        " ORDER BY full_name LIMIT ?",
        (f"%{text.strip()}%", digits, f"%{digits[-9:]}", digits, limit),
    ) as cursor:
        return [from_columns(row) async for row in cursor]


async def active_ids_named(
    conn: aiosqlite.Connection, matches: Callable[[str], bool], *, limit: int
) -> list[int]:
    """Return ids of active members whose name `matches`, by name, at most `limit`.

    The test runs here in Python, row by row: SQLite's LIKE cannot fold Vietnamese
    diacritics ("huong" for "Hương"), and a province's 25,000 names are read in well under
    a second.
    """
    rows = await conn.execute_fetchall(  # one hop to SQLite's thread, not one per row
        "SELECT id, full_name FROM members WHERE status = 'active' ORDER BY full_name, id"
    )
    found: list[int] = []
    for member_id, name in rows:
        if matches(name):
            found.append(member_id)
            if len(found) == limit:
                break
    return found


async def consent_at(conn: aiosqlite.Connection, member_id: int) -> str | None:
    """Return when the member agreed to the privacy notice."""
    async with conn.execute("SELECT consent_at FROM members WHERE id = ?", (member_id,)) as c:
        row = await c.fetchone()
    return row[0] if row else None


@dataclass(frozen=True, slots=True)
class Recipient:
    """Someone who gets the daily summary: a coordinator (area) or a team leader (team)."""

    id: int
    chat_id: int
    role: str
    scope_area_id: int | None
    team_id: int | None
    language: str


async def summary_recipients(conn: aiosqlite.Connection) -> list[Recipient]:
    """Return active coordinators with a scope, and active leaders of active teams."""
    async with conn.execute(
        "SELECT m.id, m.chat_id, m.role, m.scope_area_id,"
        " CASE WHEN m.role = 'leader' THEN m.team_id END, m.language"
        " FROM members m LEFT JOIN teams t ON t.id = m.team_id"
        " WHERE m.status = 'active' AND m.chat_id IS NOT NULL AND ("
        " (m.role = 'coordinator' AND m.scope_area_id IS NOT NULL)"
        " OR (m.role = 'leader' AND t.active = 1)) ORDER BY m.id"
    ) as cursor:
        return [Recipient(*row) async for row in cursor]


async def names_and_teams(
    conn: aiosqlite.Connection, member_ids: list[int]
) -> dict[int, tuple[str, str]]:
    """Return (full name, team name) for some members."""
    if not member_ids:
        return {}
    marks = ",".join("?" * len(member_ids))
    async with conn.execute(
        "SELECT m.id, m.full_name, coalesce(t.name, '') FROM members m"
        f" LEFT JOIN teams t ON t.id = m.team_id WHERE m.id IN ({marks})",
        member_ids,
    ) as cursor:
        return {row[0]: (row[1], row[2]) async for row in cursor}
