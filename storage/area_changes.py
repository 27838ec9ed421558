"""Changes of the map with a date: merges, splits and renames, and the history they leave.

The writes here are the pieces a change is made of (bot/domain/area_changes.py puts them
together in one transaction); the reads give the history back: an area's changes and old
names, and the tree "as it was on a day" for exports. See migration 0015.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import aiosqlite

from storage.areas import Area, subtree_bounds


@dataclass(frozen=True, slots=True)
class LiveArea:
    """An area with its dates: `valid_from` None existed from the start, `retired_on` None is
    live; both are the first day of a map (the area exists on valid_from..retired_on - 1)."""

    area: Area
    valid_from: date | None
    retired_on: date | None


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    kind: str  # "merge", "split" or "rename"
    effective_on: date
    predecessors: tuple[str, ...]  # area codes
    successors: tuple[str, ...]
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Merged:
    """How a successor came to be: `count` units merged on `on` (the latest such change)."""

    count: int
    on: date
    level: str
    wards: int = 0  # of the merged units, how many were phường (the rest xã, đặc khu)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def period_end(period: str) -> date:
    """Return the last day of a target's period ("2026-11" or "2026")."""
    if len(period) == 4:
        return date(int(period), 12, 31)
    year, month = int(period[:4]), int(period[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


# --- reads -----------------------------------------------------------------------------------


async def dated(conn: aiosqlite.Connection, code: str) -> LiveArea | None:
    """Return an area by code with its validity."""
    async with conn.execute(
        "SELECT id, code, name, parent_id, level, path, valid_from, retired_on FROM areas"
        " WHERE code = ?",
        (code,),
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    return LiveArea(Area(*row[:6]), _day(row[6]), _day(row[7]))


async def live_children(conn: aiosqlite.Connection, area_id: int) -> list[Area]:
    """Return an area's children that are not retired, by code."""
    async with conn.execute(
        "SELECT id, code, name, parent_id, level, path FROM areas"
        " WHERE parent_id = ? AND retired_on IS NULL ORDER BY code",
        (area_id,),
    ) as cursor:
        return [Area(*row) async for row in cursor]


async def last_change_on(conn: aiosqlite.Connection, area_ids: list[int]) -> date | None:
    """Return the date of the latest change any of these areas took part in."""
    marks = ",".join("?" * len(area_ids))
    async with conn.execute(
        "SELECT max(c.effective_on) FROM area_changes c JOIN area_change_links l"
        f" ON l.change_id = c.id WHERE l.predecessor_id IN ({marks})"
        f" OR l.successor_id IN ({marks})",
        (*area_ids, *area_ids),
    ) as cursor:
        row = await cursor.fetchone()
    return _day(row[0]) if row else None


@dataclass(frozen=True, slots=True)
class TeamRow:
    id: int
    code: str
    name: str
    active: bool


async def teams_at(conn: aiosqlite.Connection, area_id: int) -> list[TeamRow]:
    """Return every team right in an area (active or not), by code."""
    async with conn.execute(
        "SELECT id, code, name, active FROM teams WHERE area_id = ? ORDER BY code", (area_id,)
    ) as cursor:
        return [TeamRow(i, code, name, bool(active)) async for i, code, name, active in cursor]


async def coordinators_at(conn: aiosqlite.Connection, area_id: int) -> list[tuple[int, str]]:
    """Return (member id, name) of the coordinators scoped right at an area."""
    async with conn.execute(
        "SELECT id, full_name FROM members WHERE scope_area_id = ? AND status != 'erased'"
        " ORDER BY id",
        (area_id,),
    ) as cursor:
        return [(member_id, name) async for member_id, name in cursor]


async def targets_from(
    conn: aiosqlite.Connection, area_id: int, on: date
) -> list[tuple[str, str, int]]:
    """Return (indicator, period, value) of the targets whose period ends on `on` or later."""
    async with conn.execute(
        "SELECT indicator, period, value FROM targets WHERE area_id = ?"
        " ORDER BY period, indicator",
        (area_id,),
    ) as cursor:
        rows = [(indicator, period, value) async for indicator, period, value in cursor]
    return [row for row in rows if period_end(row[1]) >= on]


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    id: int
    title: str
    due_at: str
    period_end: str


async def deadlines_from(conn: aiosqlite.Connection, area_id: int, on: date) -> list[DeadlineRow]:
    """Return an area's deadlines not cancelled whose period ends on or after `on`."""
    async with conn.execute(
        "SELECT id, title, due_at, period_end FROM deadlines WHERE area_id = ?"
        " AND cancelled_at IS NULL AND period_end >= ? ORDER BY due_at, id",
        (area_id, on.isoformat()),
    ) as cursor:
        return [DeadlineRow(*row) async for row in cursor]


async def group_links_at(conn: aiosqlite.Connection, area_id: int) -> list[int]:
    """Return the chat ids of the group chats linked to an area."""
    async with conn.execute(
        "SELECT chat_id FROM group_links WHERE area_id = ? ORDER BY chat_id", (area_id,)
    ) as cursor:
        return [chat_id async for (chat_id,) in cursor]


async def changes_of(conn: aiosqlite.Connection, area_id: int) -> list[Change]:
    """Return every change an area took part in (either side), oldest first."""
    async with conn.execute(
        "SELECT DISTINCT c.id, c.kind, c.effective_on, c.detail FROM area_changes c"
        " JOIN area_change_links l ON l.change_id = c.id"
        " WHERE l.predecessor_id = ? OR l.successor_id = ? ORDER BY c.effective_on, c.id",
        (area_id, area_id),
    ) as cursor:
        rows = await cursor.fetchall()
    found = []
    for change_id, kind, on, detail in rows:
        async with conn.execute(
            "SELECT p.code, s.code FROM area_change_links l"
            " JOIN areas p ON p.id = l.predecessor_id JOIN areas s ON s.id = l.successor_id"
            " WHERE l.change_id = ? ORDER BY p.code, s.code",
            (change_id,),
        ) as cursor:
            links = await cursor.fetchall()
        predecessors = tuple(dict.fromkeys(p for p, _ in links))
        successors = tuple(dict.fromkeys(s for _, s in links))
        found.append(
            Change(change_id, kind, date.fromisoformat(on), predecessors, successors,
                   json.loads(detail))
        )  # fmt: skip
    return found


async def names_of(conn: aiosqlite.Connection, area_id: int) -> list[tuple[str, date]]:
    """Return an area's old names with the last day of each, oldest first."""
    async with conn.execute(
        "SELECT name, valid_until FROM area_name_history WHERE area_id = ? ORDER BY valid_until",
        (area_id,),
    ) as cursor:
        return [(name, date.fromisoformat(until)) async for name, until in cursor]


_MERGED = (
    "SELECT l.successor_id, c.effective_on, count(*), a.level,"
    " total(coalesce(p.kind, '') = 'phường' OR p.name LIKE 'Phường %') FROM area_changes c"
    " JOIN area_change_links l ON l.change_id = c.id JOIN areas a ON a.id = l.successor_id"
    " JOIN areas p ON p.id = l.predecessor_id"
    " WHERE c.kind = 'merge' AND {where} GROUP BY c.id ORDER BY c.effective_on, c.id"
)


async def merged(conn: aiosqlite.Connection, area_ids: list[int]) -> dict[int, Merged]:
    """Return, for each of these areas that is the successor of a merge, its latest merge."""
    if not area_ids:
        return {}
    marks = ",".join("?" * len(area_ids))
    return await _merged(conn, f"l.successor_id IN ({marks})", area_ids)


async def merged_within(conn: aiosqlite.Connection, area_path: str) -> dict[int, Merged]:
    """Return, for each successor of a merge in the subtree, its latest merge."""
    return await _merged(conn, "a.path >= ? AND a.path < ?", subtree_bounds(area_path))


async def _merged(
    conn: aiosqlite.Connection, where: str, params: Sequence[object]
) -> dict[int, Merged]:
    async with conn.execute(_MERGED.format(where=where), params) as cursor:
        return {
            area_id: Merged(count, date.fromisoformat(on), level, int(wards))
            async for area_id, on, count, level, wards in cursor
        }


@dataclass(frozen=True, slots=True)
class MapOn:
    """What changed after a day, to draw the map as it was that day (see bot/domain/export)."""

    existed: dict[int, bool]  # area id → whether it existed on the day (every area listed)
    names: dict[int, str]  # area id → its name on the day, where it differs from today's
    parents: dict[int, int | None]  # area id → its parent on the day, where it differs
    team_areas: dict[int, int]  # team id → its area on the day, where it differs


async def map_on(conn: aiosqlite.Connection, area_path: str, day: date) -> MapOn:
    """Read how the subtree at `area_path` differed on `day` from today's map."""
    bounds = subtree_bounds(area_path)
    text = day.isoformat()
    existed: dict[int, bool] = {}
    async with conn.execute(
        "SELECT id, valid_from, retired_on FROM areas WHERE path >= ? AND path < ?", bounds
    ) as cursor:
        async for area_id, valid_from, retired_on in cursor:
            existed[area_id] = (valid_from is None or valid_from <= text) and (
                retired_on is None or retired_on > text
            )
    # The name on the day is the first old name still valid then (none: today's name).
    async with conn.execute(
        "SELECT n.area_id, n.name FROM area_name_history n JOIN areas a ON a.id = n.area_id"
        " WHERE a.path >= ? AND a.path < ? AND n.valid_until >= ? ORDER BY n.valid_until DESC",
        (*bounds, text),
    ) as cursor:
        names = {area_id: name async for area_id, name in cursor}
    # Undo the moves made on later days, the latest first: the earliest one's origin wins.
    async with conn.execute(
        "SELECT m.area_id, m.from_parent_id FROM area_moves m"
        " JOIN area_changes c ON c.id = m.change_id JOIN areas a ON a.id = m.area_id"
        " WHERE a.path >= ? AND a.path < ? AND c.effective_on > ?"
        " ORDER BY c.effective_on DESC, c.id DESC",
        (*bounds, text),
    ) as cursor:
        parents: dict[int, int | None] = {area_id: parent async for area_id, parent in cursor}
    async with conn.execute(
        "SELECT m.team_id, m.from_area_id FROM area_change_teams m"
        " JOIN area_changes c ON c.id = m.change_id WHERE c.effective_on > ?"
        " ORDER BY c.effective_on DESC, c.id DESC",
        (text,),
    ) as cursor:
        team_areas = {team_id: area_id async for team_id, area_id in cursor}
    return MapOn(existed, names, parents, team_areas)


# --- writes ----------------------------------------------------------------------------------


async def record_change(
    conn: aiosqlite.Connection, *, kind: str, on: date, detail: dict[str, Any], now: str
) -> int:
    """Store one change; return its id."""
    cursor = await conn.execute(
        "INSERT INTO area_changes (kind, effective_on, detail, created_at) VALUES (?, ?, ?, ?)",
        (kind, on.isoformat(), json.dumps(detail, ensure_ascii=False, sort_keys=True), now),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def set_detail(conn: aiosqlite.Connection, change_id: int, detail: dict[str, Any]) -> None:
    """Store what a change moved, once it is known."""
    await conn.execute(
        "UPDATE area_changes SET detail = ? WHERE id = ?",
        (json.dumps(detail, ensure_ascii=False, sort_keys=True), change_id),
    )


async def link(
    conn: aiosqlite.Connection, change_id: int, predecessor_id: int, successor_id: int
) -> None:
    """Record that `successor_id` carries on `predecessor_id` after a change."""
    await conn.execute(
        "INSERT OR IGNORE INTO area_change_links (change_id, predecessor_id, successor_id)"
        " VALUES (?, ?, ?)",
        (change_id, predecessor_id, successor_id),
    )


async def create_area(
    conn: aiosqlite.Connection,
    *,
    code: str,
    name: str,
    level: str,
    parent: Area,
    valid_from: date,
    now: str,
) -> Area:
    """Add a new area under `parent`, existing from `valid_from`."""
    cursor = await conn.execute(
        "INSERT INTO areas (code, name, parent_id, level, path, valid_from, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)",
        (code, name, parent.id, level, valid_from.isoformat(), now, now),
    )
    area_id = cursor.lastrowid
    assert area_id is not None
    path = f"{parent.path}{area_id}/"
    await conn.execute("UPDATE areas SET path = ? WHERE id = ?", (path, area_id))
    return Area(area_id, code, name, parent.id, level, path)


async def move_subtree(
    conn: aiosqlite.Connection, change_id: int, area: Area, parent: Area, now: str
) -> Area:
    """Put an area (and everything below it) under `parent`, rewriting the subtree's paths."""
    new_path = f"{parent.path}{area.id}/"
    await conn.execute(
        "UPDATE areas SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?",
        (new_path, len(area.path) + 1, *subtree_bounds(area.path)),
    )
    await conn.execute(
        "UPDATE areas SET parent_id = ?, updated_at = ? WHERE id = ?", (parent.id, now, area.id)
    )
    await conn.execute(
        "INSERT INTO area_moves (change_id, area_id, from_parent_id, to_parent_id)"
        " VALUES (?, ?, ?, ?)",
        (change_id, area.id, area.parent_id, parent.id),
    )
    return Area(area.id, area.code, area.name, parent.id, area.level, new_path)


async def rename(
    conn: aiosqlite.Connection, change_id: int, area: Area, name: str, on: date, now: str
) -> None:
    """Give an area a new name from `on`, keeping the old one up to the day before."""
    until = date.fromordinal(on.toordinal() - 1).isoformat()
    await conn.execute(
        "INSERT INTO area_name_history (area_id, valid_until, name, change_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (area_id, valid_until) DO NOTHING",  # renamed twice a day: the first name
        (area.id, until, area.name, change_id),
    )
    await conn.execute(
        "UPDATE areas SET name = ?, updated_at = ? WHERE id = ?", (name, now, area.id)
    )


async def is_empty(conn: aiosqlite.Connection, area: Area) -> bool:
    """Whether nothing is in an area yet: no sub-area, team or report, no change of the map."""
    bounds = subtree_bounds(area.path)
    async with conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM areas WHERE path > ? AND path < ?)"
        " AND NOT EXISTS (SELECT 1 FROM teams t JOIN areas a ON a.id = t.area_id"
        "  WHERE a.path >= ? AND a.path < ?)"
        " AND NOT EXISTS (SELECT 1 FROM reports r JOIN areas a ON a.id = r.area_id"
        "  WHERE a.path >= ? AND a.path < ?)"
        " AND NOT EXISTS (SELECT 1 FROM area_change_links"
        "  WHERE predecessor_id = ? OR successor_id = ?)",
        (*bounds, *bounds, *bounds, area.id, area.id),
    ) as cursor:
        row = await cursor.fetchone()
    return bool(row and row[0])


async def set_valid_from(conn: aiosqlite.Connection, area_id: int, on: date, now: str) -> None:
    """Record the first day an area exists."""
    await conn.execute(
        "UPDATE areas SET valid_from = ?, updated_at = ? WHERE id = ?",
        (on.isoformat(), now, area_id),
    )


async def retire(conn: aiosqlite.Connection, area_id: int, on: date, now: str) -> None:
    """Mark an area as no longer existing from `on`."""
    await conn.execute(
        "UPDATE areas SET retired_on = ?, updated_at = ? WHERE id = ?",
        (on.isoformat(), now, area_id),
    )


async def move_team(
    conn: aiosqlite.Connection, change_id: int, team_id: int, from_id: int, to_id: int, now: str
) -> None:
    """Move a team to another area with a change; its reports keep the area they were filed in."""
    await conn.execute(
        "UPDATE teams SET area_id = ?, updated_at = ? WHERE id = ?", (to_id, now, team_id)
    )
    await conn.execute(
        "INSERT INTO area_change_teams (change_id, team_id, from_area_id, to_area_id)"
        " VALUES (?, ?, ?, ?)",
        (change_id, team_id, from_id, to_id),
    )


async def move_scopes(conn: aiosqlite.Connection, from_id: int, to_id: int, now: str) -> None:
    """Give the coordinators scoped at one area the other area as scope."""
    await conn.execute(
        "UPDATE members SET scope_area_id = ?, updated_at = ? WHERE scope_area_id = ?",
        (to_id, now, from_id),
    )


async def add_target(
    conn: aiosqlite.Connection, indicator: str, area_id: int, period: str, value: int, now: str
) -> None:
    """Add `value` to a target (creating it if the area has none for the period)."""
    await conn.execute(
        "INSERT INTO targets (indicator, area_id, period, value, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (indicator, area_id, period)"
        " DO UPDATE SET value = value + excluded.value, updated_at = excluded.updated_at",
        (indicator, area_id, period, value, now),
    )


async def delete_target(
    conn: aiosqlite.Connection, indicator: str, area_id: int, period: str
) -> None:
    """Remove one target."""
    await conn.execute(
        "DELETE FROM targets WHERE indicator = ? AND area_id = ? AND period = ?",
        (indicator, area_id, period),
    )


async def move_deadline(conn: aiosqlite.Connection, deadline_id: int, to_id: int) -> None:
    """Point a deadline at another area."""
    await conn.execute("UPDATE deadlines SET area_id = ? WHERE id = ?", (to_id, deadline_id))


async def copy_deadline(conn: aiosqlite.Connection, deadline_id: int, to_id: int, now: str) -> int:
    """Copy a deadline to another area; return the copy's id."""
    cursor = await conn.execute(
        "INSERT INTO deadlines (title, due_at, area_id, roles, categories, period_start,"
        " period_end, created_by, created_at) SELECT title, due_at, ?, roles, categories,"
        " period_start, period_end, created_by, ? FROM deadlines WHERE id = ?",
        (to_id, now, deadline_id),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def cancel_deadline(conn: aiosqlite.Connection, deadline_id: int, now: str) -> None:
    """Cancel a deadline (its copies carry it on)."""
    await conn.execute("UPDATE deadlines SET cancelled_at = ? WHERE id = ?", (now, deadline_id))


async def move_group_links(conn: aiosqlite.Connection, from_id: int, to_id: int) -> None:
    """Link the group chats of one area to another."""
    await conn.execute("UPDATE group_links SET area_id = ? WHERE area_id = ?", (to_id, from_id))


# --- the map an export draws -----------------------------------------------------------------


async def retired_within(
    conn: aiosqlite.Connection, area_path: str
) -> dict[int, tuple[str, date]]:
    """Return area id → (the kind of change that retired it, its date) for the subtree."""
    async with conn.execute(
        "SELECT DISTINCT a.id, c.kind, a.retired_on FROM areas a"
        " JOIN area_change_links l ON l.predecessor_id = a.id"
        " JOIN area_changes c ON c.id = l.change_id AND c.effective_on = a.retired_on"
        " AND c.kind IN ('merge', 'split')"
        " WHERE a.retired_on IS NOT NULL AND a.path >= ? AND a.path < ?",
        subtree_bounds(area_path),
    ) as cursor:
        return {area_id: (kind, date.fromisoformat(on)) async for area_id, kind, on in cursor}


async def teams_within(
    conn: aiosqlite.Connection, area_path: str
) -> list[tuple[int, str, int, bool]]:
    """Return (team id, code, area id, active) of every team in the subtree."""
    async with conn.execute(
        "SELECT t.id, t.code, t.area_id, t.active FROM teams t JOIN areas a ON a.id = t.area_id"
        " WHERE a.path >= ? AND a.path < ?",
        subtree_bounds(area_path),
    ) as cursor:
        return [(i, code, area_id, bool(active)) async for i, code, area_id, active in cursor]


async def changes_after(conn: aiosqlite.Connection, day: date, kind: str) -> list[dict[str, Any]]:
    """Return the details of the changes of a kind that took effect after `day`, latest first."""
    async with conn.execute(
        "SELECT detail FROM area_changes WHERE kind = ? AND effective_on > ?"
        " ORDER BY effective_on DESC, id DESC",
        (kind, day.isoformat()),
    ) as cursor:
        return [json.loads(detail) async for (detail,) in cursor]
