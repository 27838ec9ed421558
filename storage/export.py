"""Export queries: reports, area totals and members of an area subtree, streamed from a cursor.

A province-year holds millions of report rows, so nothing here reads a period into a list:
reports and members come row by row from one cursor each, and only per-area aggregates (a few
thousand areas) are held in memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import aiosqlite

from storage.areas import Area, subtree_bounds
from storage.db import BUSY_TIMEOUT_MS
from storage.reports import HELD

FETCH_ROWS = 1000  # rows per trip to the database thread
_AREAS_IN = "SELECT id FROM areas WHERE path >= ? AND path < ?"
_LIVE = "r.deleted_at IS NULL AND r.report_date BETWEEN ? AND ?"
_HELD = "r.review IN (" + ", ".join(f"'{state}'" for state in HELD) + ")"
# Members of the subtree's teams and coordinators scoped inside it (the bounds twice).
_MEMBERS_WITHIN = (
    "LEFT JOIN teams t ON t.id = m.team_id"
    " LEFT JOIN areas ta ON ta.id = t.area_id LEFT JOIN areas sa ON sa.id = m.scope_area_id"
    " WHERE (ta.path >= ? AND ta.path < ?) OR (sa.path >= ? AND sa.path < ?)"
)


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: int
    report_date: str  # YYYY-MM-DD, local
    area_id: int
    team_code: str
    team_name: str
    member_name: str
    member_status: str
    category: str
    note: str | None
    created_at: str  # UTC
    updated_at: str
    review: str = "accepted"  # storage.review.STATES
    flags: str | None = None  # JSON, as stored: why it was held
    values: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AreaTotals:
    """What the reports dated in a period say about each area, directly (not below).

    `values` are what counts (accepted or confirmed reports); what waits for review is in
    `held_values`, so that values + held_values is everything filed.
    """

    reports: dict[int, int]  # area id → number of reports filed (held ones included)
    values: dict[int, dict[str, int]]  # area id → indicator → sum of the counted reports
    longest_note: int = 0  # characters, for the note column's width
    held_reports: dict[int, int] = field(default_factory=dict)  # area id → reports held
    held_values: dict[int, dict[str, int]] = field(default_factory=dict)

    def indicators(self) -> set[str]:
        """Return every indicator id that has a value in the period, counted or held."""
        return {
            indicator
            for by_area in (self.values, self.held_values)
            for by_indicator in by_area.values()
            for indicator in by_indicator
        }


@dataclass(frozen=True, slots=True)
class MemberRow:
    area_id: int | None  # the team's area, else the coordinator's scope
    team_code: str | None
    team_name: str | None
    full_name: str
    role: str
    status: str
    phone: str | None
    last_report: str | None  # YYYY-MM-DD


@asynccontextmanager
async def snapshot(path: Path) -> AsyncIterator[aiosqlite.Connection]:
    """Open a connection of its own that reads one consistent snapshot until closed.

    Every sheet of an export then agrees with the others, and a long export holds no read
    transaction on the bot's shared reader (which would hide newer commits from handlers).
    """
    conn = await aiosqlite.connect(path, isolation_level=None, iter_chunk_size=FETCH_ROWS)
    conn.row_factory = aiosqlite.Row  # as on the bot's own connections, for storage.areas
    try:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA query_only = ON")
        await conn.execute("BEGIN")
        yield conn
    finally:
        await conn.close()


def _period(area_path: str, first: date, last: date) -> tuple[str, ...]:
    return (*subtree_bounds(area_path), first.isoformat(), last.isoformat())


async def count_reports(
    conn: aiosqlite.Connection, area_path: str, first: date, last: date
) -> int:
    """Count the live reports dated first..last (inclusive) in the subtree."""
    async with conn.execute(
        f"SELECT count(*) FROM reports r WHERE r.area_id IN ({_AREAS_IN}) AND {_LIVE}",
        _period(area_path, first, last),
    ) as cursor:
        return (await cursor.fetchone())[0]


async def reports(
    conn: aiosqlite.Connection, area_path: str, first: date, last: date
) -> AsyncIterator[ReportRow]:
    """Yield the live reports of the subtree dated first..last, by date then id, with values.

    One query joins each report to its values; rows of one report arrive together and are
    folded into one ReportRow, so memory holds one report at a time.
    """
    current: ReportRow | None = None
    async with conn.execute(
        "SELECT r.id, r.report_date, r.area_id, t.code, t.name, m.full_name, m.status,"
        " r.category, r.note, r.created_at, r.updated_at, r.review, r.flags, v.indicator,"
        " v.value"
        " FROM reports r JOIN teams t ON t.id = r.team_id JOIN members m ON m.id = r.member_id"
        " LEFT JOIN report_values v ON v.report_id = r.id"
        f" WHERE r.area_id IN ({_AREAS_IN}) AND {_LIVE} ORDER BY r.report_date, r.id",
        _period(area_path, first, last),
    ) as cursor:
        async for row in cursor:
            if current is None or current.id != row[0]:
                if current is not None:
                    yield current
                current = ReportRow(*row[:13])
            if row[13] is not None:
                current.values[row[13]] = row[14]
    if current is not None:
        yield current


async def areas_within(conn: aiosqlite.Connection, area_path: str) -> list[Area]:
    """Return every area of the subtree, the top one included."""
    async with conn.execute(
        "SELECT id, code, name, parent_id, level, path FROM areas WHERE path >= ? AND path < ?",
        subtree_bounds(area_path),
    ) as cursor:
        return [Area(*row) async for row in cursor]


async def team_counts(conn: aiosqlite.Connection, area_path: str) -> dict[int, tuple[int, int]]:
    """Return area id → (active teams, all teams) right in that area, for the subtree."""
    async with conn.execute(
        f"SELECT area_id, sum(active), count(*) FROM teams WHERE area_id IN ({_AREAS_IN})"
        " GROUP BY area_id",
        subtree_bounds(area_path),
    ) as cursor:
        return {area_id: (active, total) async for area_id, active, total in cursor}


async def area_totals(
    conn: aiosqlite.Connection, area_path: str, first: date, last: date
) -> AreaTotals:
    """Count reports and sum values per area (not rolled up) over first..last."""
    params = _period(area_path, first, last)
    where = f"r.area_id IN ({_AREAS_IN}) AND {_LIVE}"
    counts: dict[int, int] = {}
    held: dict[int, int] = {}
    longest = 0
    async with conn.execute(
        f"SELECT r.area_id, count(*), total({_HELD}), max(length(r.note)) FROM reports r"
        f" WHERE {where} GROUP BY r.area_id",
        params,
    ) as cursor:
        async for area_id, count, held_count, note in cursor:
            counts[area_id] = count
            if held_count:
                held[area_id] = int(held_count)
            longest = max(longest, note or 0)
    values: dict[int, dict[str, int]] = {}
    held_values: dict[int, dict[str, int]] = {}
    async with conn.execute(
        f"SELECT r.area_id, {_HELD}, v.indicator, sum(v.value) FROM reports r"
        f" JOIN report_values v ON v.report_id = r.id WHERE {where}"
        f" GROUP BY r.area_id, {_HELD}, v.indicator",
        params,
    ) as cursor:
        async for area_id, is_held, indicator, total in cursor:
            into = held_values if is_held else values
            into.setdefault(area_id, {})[indicator] = total
    return AreaTotals(counts, values, longest, held, held_values)


@dataclass(frozen=True, slots=True)
class NameLengths:
    """The longest team code, team name and member name of a subtree, in characters."""

    team_code: int
    team: int
    member: int


async def name_lengths(conn: aiosqlite.Connection, area_path: str) -> NameLengths:
    """Measure the subtree's names, so that columns can be as wide as their content."""
    bounds = subtree_bounds(area_path)
    async with conn.execute(
        f"SELECT max(length(code)), max(length(name)) FROM teams WHERE area_id IN ({_AREAS_IN})",
        bounds,
    ) as cursor:
        code, team = await cursor.fetchone()
    async with conn.execute(
        f"SELECT max(length(m.full_name)) FROM members m {_MEMBERS_WITHIN}", bounds * 2
    ) as cursor:
        (member,) = await cursor.fetchone()
    return NameLengths(code or 0, team or 0, member or 0)


async def targets_within(
    conn: aiosqlite.Connection, area_path: str, period: str
) -> dict[int, dict[str, int]]:
    """Return area id → indicator → target for one period ("2026-11" or "2026")."""
    found: dict[int, dict[str, int]] = {}
    async with conn.execute(
        f"SELECT area_id, indicator, value FROM targets WHERE area_id IN ({_AREAS_IN})"
        " AND period = ?",
        (*subtree_bounds(area_path), period),
    ) as cursor:
        async for area_id, indicator, value in cursor:
            found.setdefault(area_id, {})[indicator] = value
    return found


async def members(conn: aiosqlite.Connection, area_path: str) -> AsyncIterator[MemberRow]:
    """Yield members of the subtree's teams and coordinators scoped inside it, by team."""
    async with conn.execute(
        "SELECT coalesce(ta.id, sa.id), t.code, t.name, m.full_name, m.role, m.status, m.phone,"
        " (SELECT max(r.report_date) FROM reports r"
        "  WHERE r.member_id = m.id AND r.deleted_at IS NULL)"
        f" FROM members m {_MEMBERS_WITHIN}"
        " ORDER BY t.code IS NOT NULL, t.code, m.full_name, m.id",
        subtree_bounds(area_path) * 2,
    ) as cursor:
        async for row in cursor:
            yield MemberRow(*row)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One audit entry of a report: who did what to it, when (UTC), and the entry's detail."""

    report_id: int
    report_date: str  # YYYY-MM-DD, local
    at: str
    action: str  # "report.created", "report.updated", …
    detail: str  # JSON, as audited
    actor_name: str | None  # None: the bot itself (an escalation)
    actor_status: str | None
    named_name: str | None  # the member the entry names (the reviewer it went to), if any
    named_status: str | None


async def history(
    conn: aiosqlite.Connection, area_path: str, first: date, last: date
) -> AsyncIterator[HistoryRow]:
    """Yield the audit entries of the subtree's reports dated first..last, deleted ones too,
    that have a history beyond being filed, by report date, report and entry.

    A report only filed was never corrected, held nor reviewed: its row says it all, and it
    is skipped without touching the audit log. The others find their entries by the index
    audit_log_report, so the cost is the period's reports plus their entries.
    """
    async with conn.execute(
        "SELECT r.id, r.report_date, l.at, l.action, l.detail, a.full_name, a.status,"
        # CROSS JOIN keeps the period's reports as the outer loop: the audit log, which holds
        # every year, is only searched by report (audit_log_report), never scanned. "+r.id"
        # drops the column's integer affinity, which would otherwise keep that index unused.
        " n.full_name, n.status FROM reports r"
        " CROSS JOIN audit_log l ON json_extract(l.detail, '$.report') = +r.id"
        " LEFT JOIN members a ON a.id = l.actor_id"
        " LEFT JOIN members n ON n.id = coalesce(json_extract(l.detail, '$.to'),"
        "  json_extract(l.detail, '$.reviewer'))"
        f" WHERE r.area_id IN ({_AREAS_IN}) AND r.report_date BETWEEN ? AND ?"
        " AND (r.review != 'accepted' OR r.updated_at != r.created_at"
        "  OR r.deleted_at IS NOT NULL) AND l.action LIKE 'report.%'"
        " ORDER BY r.report_date, r.id, l.id",
        _period(area_path, first, last),
    ) as cursor:
        async for row in cursor:
            yield HistoryRow(*row)
