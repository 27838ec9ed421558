"""Aggregates for summaries: one or a few indexed queries each, over an area subtree or a team.

A scope is an area subtree, given by its materialised path ("/1/7/42/"), or one team. Reports
are found through `reports_area_date`, `reports_team_date` or `reports_member_date`, always
bounded by a date range, so a summary costs what the period holds, not what the history holds.
An area's totals over whole months (the year to date of a yearly target) come from the monthly
roll-up `area_month_totals` instead, so they cost what months × areas hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import aiosqlite

from storage.areas import subtree_bounds
from storage.reports import COUNTED_SQL, HELD

# Filed: a live (not deleted) report dated in the range, whatever its review. Counted: one
# whose values count in totals (not held for review; storage.reports.COUNTED_SQL).
_LIVE = "r.deleted_at IS NULL AND r.report_date BETWEEN ? AND ?"
_COUNTED = f"{COUNTED_SQL} AND r.report_date BETWEEN ? AND ?"
_AREAS_IN = "SELECT id FROM areas WHERE path >= ? AND path < ?"
_HELD_SQL = "r.review IN (" + ", ".join(f"'{state}'" for state in HELD) + ")"


@dataclass(frozen=True, slots=True)
class SilentTeam:
    code: str
    name: str
    area_name: str
    leader_name: str | None
    leader_phone: str | None
    last_report: date | None  # None: the team never reported


def _teams_in(area_path: str, team_id: int | None) -> tuple[str, tuple]:
    """Return a condition on `t` keeping the scope's teams, and its parameters."""
    if team_id is not None:
        return "t.id = ?", (team_id,)
    return f"t.area_id IN ({_AREAS_IN})", subtree_bounds(area_path)


def _range(first: date, last: date) -> tuple[str, str]:
    return first.isoformat(), last.isoformat()


def _whole_months(first: date, last: date) -> tuple[date, date] | None:
    """Return the first and last day of the whole months within first..last, if any."""
    start = first if first.day == 1 else (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    end = last if (last + timedelta(days=1)).day == 1 else last.replace(day=1) - timedelta(days=1)
    return (start, end) if start <= end else None


async def totals(
    conn: aiosqlite.Connection,
    area_path: str,
    first: date,
    last: date,
    *,
    team_id: int | None = None,
) -> dict[str, int]:
    """Sum every indicator over the scope's reports dated first..last (inclusive).

    For an area, the whole months in the range are read from the monthly roll-up and only the
    days before and after them from the reports. A team's range is read from the reports: a
    leader's summary never spans more than a month.
    """
    if team_id is not None:
        scope, params = "r.team_id = ?", (team_id,)
    else:
        scope, params = f"r.area_id IN ({_AREAS_IN})", subtree_bounds(area_path)
    raw = (
        "SELECT v.indicator, sum(v.value) AS total FROM reports r"
        " JOIN report_values v ON v.report_id = r.id"
        f" WHERE {scope} AND {_COUNTED} GROUP BY v.indicator"
    )
    whole = _whole_months(first, last) if team_id is None else None
    if whole is None:
        parts = [(raw, (*params, *_range(first, last)))]
    else:
        start, end = whole
        parts = [
            (
                "SELECT indicator, sum(total) AS total FROM area_month_totals"
                f" WHERE area_id IN ({_AREAS_IN}) AND month BETWEEN ? AND ? GROUP BY indicator",
                (*params, f"{start:%Y-%m}", f"{end:%Y-%m}"),
            )
        ]
        if first < start:
            parts.append((raw, (*params, *_range(first, start - timedelta(days=1)))))
        if end < last:
            parts.append((raw, (*params, *_range(end + timedelta(days=1), last))))
    sql = " UNION ALL ".join(part for part, _ in parts)
    if len(parts) > 1:
        sql = f"SELECT indicator, sum(total) FROM ({sql}) GROUP BY indicator"
    async with conn.execute(sql, [value for _, values in parts for value in values]) as cursor:
        return {indicator: total async for indicator, total in cursor}


async def teams_reporting(
    conn: aiosqlite.Connection,
    area_path: str,
    day: date,
    *,
    team_id: int | None = None,
    since: date | None = None,
) -> tuple[int, int]:
    """Return (active teams with a report dated since..day, active teams in the scope)."""
    scope, params = _teams_in(area_path, team_id)
    async with conn.execute(
        "SELECT total(EXISTS (SELECT 1 FROM reports r WHERE r.team_id = t.id AND"
        f" {_LIVE})), count(*) FROM teams t WHERE t.active = 1 AND {scope}",
        (*_range(since or day, day), *params),
    ) as cursor:
        reported, active = await cursor.fetchone()
    return int(reported), active


async def members_reporting(
    conn: aiosqlite.Connection,
    area_path: str,
    day: date,
    *,
    team_id: int | None = None,
    since: date | None = None,
) -> tuple[int, int]:
    """Return (active reporting members with a report dated since..day, all of them)."""
    scope, params = _teams_in(area_path, team_id)
    async with conn.execute(
        "SELECT total(EXISTS (SELECT 1 FROM reports r WHERE r.member_id = m.id AND"
        f" {_LIVE})), count(*) FROM teams t JOIN members m ON m.team_id = t.id"
        " AND m.status = 'active' AND m.role IN ('member', 'leader')"
        f" WHERE t.active = 1 AND {scope}",
        (*_range(since or day, day), *params),
    ) as cursor:
        reported, active = await cursor.fetchone()
    return int(reported), active


_SILENT = (
    "WITH silent AS (SELECT t.code, t.name, a.name AS area_name, t.leader_name AS roster,"
    " t.leader_phone AS roster_phone,"
    " (SELECT m.full_name FROM members m WHERE m.team_id = t.id AND m.status = 'active'"
    "  AND m.role = 'leader' ORDER BY m.id) AS member,"
    " (SELECT m.phone FROM members m WHERE m.team_id = t.id AND m.status = 'active'"
    "  AND m.role = 'leader' ORDER BY m.id) AS member_phone,"
    " (SELECT r.report_date FROM reports r WHERE r.team_id = t.id AND r.report_date < ?"
    "  AND r.deleted_at IS NULL ORDER BY r.report_date DESC LIMIT 1) AS last_report"
    " FROM areas a JOIN teams t ON t.area_id = a.id"
    " WHERE a.path >= ? AND a.path < ? AND t.active = 1 AND date(t.created_at) {created} ?"
    " AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.team_id = t.id"
    "  AND r.report_date BETWEEN ? AND ? AND r.deleted_at IS NULL))"
    " SELECT code, name, area_name, coalesce(roster, member),"
    " CASE WHEN roster IS NULL THEN member_phone ELSE roster_phone END,"
    " last_report, count(*) OVER () FROM silent"
    " ORDER BY last_report IS NOT NULL, last_report, code LIMIT ?"
)


async def _quiet_teams(
    conn: aiosqlite.Connection, area_path: str, today: date, days: int, limit: int, new: bool
) -> tuple[list[SilentTeam], int]:
    first = (today - timedelta(days=days - 1)).isoformat()
    async with conn.execute(
        _SILENT.format(created=">" if new else "<="),
        (first, *subtree_bounds(area_path), first, first, today.isoformat(), limit),
    ) as cursor:
        rows = await cursor.fetchall()
    found = [SilentTeam(*row[:5], date.fromisoformat(row[5]) if row[5] else None) for row in rows]
    return found, rows[0][6] if rows else 0


async def silent_teams(
    conn: aiosqlite.Connection, area_path: str, today: date, days: int = 3, *, limit: int = 8
) -> tuple[list[SilentTeam], int]:
    """Return the longest-silent active teams (no report in the last `days` days) and a count.

    A team that never reported is silent once it has existed for the whole window. The leader
    is the roster's, else the member who holds the leader role.
    """
    return await _quiet_teams(conn, area_path, today, days, limit, new=False)


async def new_teams(
    conn: aiosqlite.Connection, area_path: str, today: date, days: int = 3, *, limit: int = 8
) -> tuple[list[SilentTeam], int]:
    """Return the active teams younger than the window with no report yet, and a count."""
    return await _quiet_teams(conn, area_path, today, days, limit, new=True)


async def members_without_report(
    conn: aiosqlite.Connection, team_id: int, first: date, last: date
) -> list[str]:
    """Return the names of a team's active reporting members with no report dated first..last."""
    async with conn.execute(
        "SELECT m.full_name FROM members m WHERE m.team_id = ? AND m.status = 'active'"
        " AND m.role IN ('member', 'leader') AND NOT EXISTS (SELECT 1 FROM reports r"
        f"  WHERE r.member_id = m.id AND r.team_id = m.team_id AND {_LIVE})"
        " ORDER BY m.full_name, m.id",
        (team_id, *_range(first, last)),
    ) as cursor:
        return [name async for (name,) in cursor]


async def daily_totals(
    conn: aiosqlite.Connection,
    area_path: str,
    first: date,
    last: date,
    *,
    team_id: int | None = None,
) -> dict[date, dict[str, int]]:
    """Return day → indicator → sum over the scope's reports dated first..last (days with any)."""
    if team_id is not None:
        scope, params = "r.team_id = ?", (team_id,)
    else:
        scope, params = f"r.area_id IN ({_AREAS_IN})", subtree_bounds(area_path)
    found: dict[date, dict[str, int]] = {}
    async with conn.execute(
        "SELECT r.report_date, v.indicator, sum(v.value) FROM reports r"
        " JOIN report_values v ON v.report_id = r.id"
        f" WHERE {scope} AND {_COUNTED} GROUP BY r.report_date, v.indicator",
        (*params, *_range(first, last)),
    ) as cursor:
        async for day, indicator, total in cursor:
            found.setdefault(date.fromisoformat(day), {})[indicator] = total
    return found


@dataclass(frozen=True, slots=True)
class Child:
    """A sub-area of a scope (an area with active teams), or a team right in the scope's area."""

    area_id: int | None  # None for a team
    team_id: int | None  # None for an area
    name: str
    level: str  # the area's level, or "team"


# Each area in the subtree of a child of ? (the child's id first).
_CHILDREN = (
    "SELECT c.id AS child, d.id AS area FROM areas c JOIN areas d ON d.path >= c.path"
    " AND d.path < substr(c.path, 1, length(c.path) - 1) || '0' WHERE c.parent_id = ?"
)


async def children(conn: aiosqlite.Connection, area_id: int) -> list[Child]:
    """Return the child areas that hold active teams, then the active teams right in the area."""
    async with conn.execute(
        "SELECT c.id, c.name, c.level FROM areas c WHERE c.parent_id = ?"
        " AND c.retired_on IS NULL AND EXISTS"
        " (SELECT 1 FROM areas d JOIN teams t ON t.area_id = d.id WHERE d.path >= c.path"
        "  AND d.path < substr(c.path, 1, length(c.path) - 1) || '0' AND t.active = 1)"
        " ORDER BY c.name, c.id",
        (area_id,),
    ) as cursor:
        found = [Child(child, None, name, level) async for child, name, level in cursor]
    async with conn.execute(
        "SELECT t.id, t.name FROM teams t WHERE t.area_id = ? AND t.active = 1"
        " ORDER BY t.name, t.id",
        (area_id,),
    ) as cursor:
        found += [Child(None, team, name, "team") async for team, name in cursor]
    return found


async def child_totals(
    conn: aiosqlite.Connection, area_id: int, first: date, last: date
) -> dict[int, dict[str, int]]:
    """Return child area id → indicator → sum over its subtree's reports dated first..last.

    Whole months come from the monthly roll-up, like `totals`.
    """
    raw = (
        # CROSS JOIN keeps the areas as the outer loop: each one's reports by reports_area_date.
        "SELECT k.child, v.indicator, sum(v.value) AS total FROM (" + _CHILDREN + ") k"
        " CROSS JOIN reports r CROSS JOIN report_values v"
        f" WHERE r.area_id = k.area AND v.report_id = r.id AND {_COUNTED}"
        " GROUP BY k.child, v.indicator"
    )
    whole = _whole_months(first, last)
    if whole is None:
        parts = [(raw, (area_id, *_range(first, last)))]
    else:
        start, end = whole
        parts = [
            (
                "SELECT k.child, m.indicator, sum(m.total) AS total FROM (" + _CHILDREN + ") k"
                " CROSS JOIN area_month_totals m"
                " WHERE m.area_id = k.area AND m.month BETWEEN ? AND ?"
                " GROUP BY k.child, m.indicator",
                (area_id, f"{start:%Y-%m}", f"{end:%Y-%m}"),
            )
        ]
        if first < start:
            parts.append((raw, (area_id, *_range(first, start - timedelta(days=1)))))
        if end < last:
            parts.append((raw, (area_id, *_range(end + timedelta(days=1), last))))
    found: dict[int, dict[str, int]] = {}
    for sql, params in parts:
        async with conn.execute(sql, params) as cursor:
            async for child, indicator, total in cursor:
                into = found.setdefault(child, {})
                into[indicator] = into.get(indicator, 0) + total
    return found


async def team_totals(
    conn: aiosqlite.Connection, area_id: int, first: date, last: date
) -> dict[int, dict[str, int]]:
    """Return team id → indicator → sum, for the active teams right in an area (not below).

    A team's reports count where it is, and in the retired areas below it: a commune merged
    into this one, whose teams came here (0015_area_changes).
    """
    found: dict[int, dict[str, int]] = {}
    async with conn.execute(
        "SELECT t.id, v.indicator, sum(v.value) FROM teams t"
        " JOIN areas ta ON ta.id = t.area_id"
        " JOIN reports r ON r.team_id = t.id JOIN areas ra ON ra.id = r.area_id"
        " AND (ra.id = ta.id OR (ra.retired_on IS NOT NULL AND ra.path >= ta.path"
        "  AND ra.path < substr(ta.path, 1, length(ta.path) - 1) || '0'))"
        " JOIN report_values v ON v.report_id = r.id"
        f" WHERE t.area_id = ? AND t.active = 1 AND {_COUNTED} GROUP BY t.id, v.indicator",
        (area_id, *_range(first, last)),
    ) as cursor:
        async for team, indicator, total in cursor:
            found.setdefault(team, {})[indicator] = total
    return found


async def child_targets(
    conn: aiosqlite.Connection, area_id: int, periods: list[str]
) -> dict[int, dict[str, tuple[int, str]]]:
    """Return child area id → indicator → (target, period), the first of `periods` winning."""
    marks = ",".join("?" * len(periods))
    async with conn.execute(
        "SELECT g.area_id, g.indicator, g.period, g.value FROM areas c"
        " JOIN targets g ON g.area_id = c.id"
        f" WHERE c.parent_id = ? AND g.period IN ({marks})",
        (area_id, *periods),
    ) as cursor:
        rows = await cursor.fetchall()
    found: dict[int, dict[str, tuple[int, str]]] = {}
    for child, indicator, period, value in sorted(rows, key=lambda row: periods.index(row[2])):
        found.setdefault(child, {}).setdefault(indicator, (value, period))
    return found


def _measure(indicator: str | None) -> tuple[str, str, tuple]:
    """Return the value expression, the join it needs and the join's parameters."""
    if indicator is None:
        return "count(*)", "", ()
    join = " JOIN report_values v ON v.report_id = r.id AND v.indicator = ?"
    return "coalesce(sum(v.value), 0)", join, (indicator,)


async def by_member(
    conn: aiosqlite.Connection,
    team_id: int,
    first: date,
    last: date,
    *,
    indicator: str | None = None,
) -> list[tuple[str, int]]:
    """Return (name, value) per active reporting member of a team, like `by_subarea`."""
    value, join, join_params = _measure(indicator)
    # Reports filed are counted whatever their review; values only where they count.
    live = _LIVE if indicator is None else _COUNTED
    async with conn.execute(
        f"SELECT m.full_name, (SELECT {value} FROM reports r{join}"
        f"  WHERE r.member_id = m.id AND r.team_id = m.team_id AND {live})"
        " FROM members m WHERE m.team_id = ? AND m.status = 'active'"
        " AND m.role IN ('member', 'leader') ORDER BY 2 DESC, 1",
        (*join_params, *_range(first, last), team_id),
    ) as cursor:
        return [(name, total) async for name, total in cursor]


@dataclass(frozen=True, slots=True)
class Held:
    """Reports of a scope and period held for review: how many, and what they would add."""

    reports: int
    totals: dict[str, int]


async def held(
    conn: aiosqlite.Connection,
    area_path: str,
    first: date,
    last: date,
    *,
    team_id: int | None = None,
) -> Held:
    """Count the scope's live reports dated first..last that wait for a review, and sum them.

    They are kept out of `totals` until confirmed, and shown beside them, so that nothing
    leaves a total without a word.
    """
    if team_id is not None:
        scope, params = "r.team_id = ?", (team_id,)
    else:
        scope, params = f"r.area_id IN ({_AREAS_IN})", subtree_bounds(area_path)
    # The states written out, not bound: only then may SQLite read the partial index
    # reports_held, whose size is what waits now, instead of every report of the period.
    where = f"{scope} AND {_LIVE} AND {_HELD_SQL}"
    values = (*params, *_range(first, last))
    async with conn.execute(f"SELECT count(*) FROM reports r WHERE {where}", values) as cursor:
        (count,) = await cursor.fetchone()
    if not count:
        return Held(0, {})
    async with conn.execute(
        "SELECT v.indicator, sum(v.value) FROM reports r"
        f" JOIN report_values v ON v.report_id = r.id WHERE {where} GROUP BY v.indicator",
        values,
    ) as cursor:
        return Held(count, {indicator: total async for indicator, total in cursor})
