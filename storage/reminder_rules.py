"""Reminder rules (when reminders go out), and the members a reminder is for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import aiosqlite


@dataclass(frozen=True, slots=True)
class ReminderRule:
    id: int
    name: str
    scope: str  # "day": no report today; "week": no report this week
    at_time: str  # HH:MM local
    days: tuple[int, ...]  # ISO weekdays, 1 = Monday
    active: bool


def _rule(row: aiosqlite.Row) -> ReminderRule:
    days = tuple(int(d) for d in row["days"].split(",") if d)
    return ReminderRule(
        row["id"], row["name"], row["scope"], row["at_time"], days, bool(row["active"])
    )


async def rules(conn: aiosqlite.Connection) -> list[ReminderRule]:
    """Return every reminder rule."""
    async with conn.execute("SELECT * FROM reminder_rules ORDER BY id") as cursor:
        return [_rule(row) async for row in cursor]


async def set_rule(
    conn: aiosqlite.Connection,
    *,
    name: str,
    scope: str,
    at_time: str,
    days: tuple[int, ...],
    active: bool,
    now: str,
) -> None:
    """Create or change a reminder rule by name."""
    await conn.execute(
        "INSERT INTO reminder_rules (name, scope, at_time, days, active, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET scope = excluded.scope,"
        " at_time = excluded.at_time, days = excluded.days, active = excluded.active,"
        " updated_at = excluded.updated_at",
        (name, scope, at_time, ",".join(str(d) for d in days), int(active), now),
    )


# Members a reminder is for: active reporters of active teams, not away, in one language.
_REPORTERS = (
    "FROM members m JOIN teams t ON t.id = m.team_id"
    " WHERE m.status = 'active' AND m.role IN ('member', 'leader') AND t.active = 1"
    " AND m.chat_id IS NOT NULL"
)
_REPORTED = (
    "EXISTS (SELECT 1 FROM reports r WHERE r.member_id = m.id AND r.deleted_at IS NULL"
    " AND r.report_date BETWEEN ? AND ?)"
)


def unreported_members(first: date, last: date, today: date, language: str) -> tuple[str, tuple]:
    """SQL selecting (member id, chat id) of reporters with no report in [first, last]."""
    sql = (
        f"SELECT m.id, m.chat_id {_REPORTERS} AND m.language = ?"
        " AND (m.away_until IS NULL OR m.away_until < ?)"
        f" AND NOT {_REPORTED}"
    )
    return sql, (language, today.isoformat(), first.isoformat(), last.isoformat())


async def reporter_counts(
    conn: aiosqlite.Connection, first: date, last: date, today: date
) -> dict[str, int]:
    """Count reporters: all, who reported in [first, last], who are away today."""
    async with conn.execute(
        f"SELECT count(*), coalesce(sum({_REPORTED}), 0),"
        " coalesce(sum(m.away_until IS NOT NULL AND m.away_until >= ?), 0)"
        f" {_REPORTERS}",
        (first.isoformat(), last.isoformat(), today.isoformat()),
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None  # an aggregate always answers one row
    everyone, reported, away = row
    return {"reporters": everyone, "reported": reported, "away": away}


async def has_reported(
    conn: aiosqlite.Connection, member_id: int, first: date, last: date
) -> bool:
    """Tell whether a member has a report dated in [first, last]."""
    async with conn.execute(
        "SELECT 1 FROM reports WHERE member_id = ? AND deleted_at IS NULL"
        " AND report_date BETWEEN ? AND ? LIMIT 1",
        (member_id, first.isoformat(), last.isoformat()),
    ) as cursor:
        return await cursor.fetchone() is not None
