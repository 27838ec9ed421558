"""The official registry on top of areas: official codes, unit kinds, and other names."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.areas import Area


@dataclass(frozen=True, slots=True)
class OfficialArea:
    """An area with its National Statistics Office code and kind ("xã", "tỉnh", ...)."""

    area: Area
    official_code: str
    kind: str | None


@dataclass(frozen=True, slots=True)
class AreaName:
    """Another name an area is known by (a pre-2025 commune merged into it, an alias)."""

    area_id: int
    name: str
    folded: str
    kind: str  # "old" or "alias"
    old_code: str | None
    district: str | None
    province: str | None


_AREA = "a.id, a.code, a.name, a.parent_id, a.level, a.path, a.official_code, a.kind"


def _official(row: aiosqlite.Row) -> OfficialArea:
    return OfficialArea(Area(*tuple(row)[:6]), row[6], row[7])


async def by_official_code(conn: aiosqlite.Connection, official_code: str) -> OfficialArea | None:
    """Return the area carrying this official code."""
    async with conn.execute(
        f"SELECT {_AREA} FROM areas a WHERE a.official_code = ?", (official_code,)
    ) as cursor:
        row = await cursor.fetchone()
    return _official(row) if row else None


async def official_areas(conn: aiosqlite.Connection) -> list[OfficialArea]:
    """Return every area with an official code, parents first."""
    async with conn.execute(
        f"SELECT {_AREA} FROM areas a WHERE a.official_code IS NOT NULL ORDER BY a.id"
    ) as cursor:
        return [_official(row) async for row in cursor]


async def official_code_of(
    conn: aiosqlite.Connection, area_id: int
) -> tuple[str | None, str | None]:
    """Return (official_code, kind) of one area."""
    async with conn.execute(
        "SELECT official_code, kind FROM areas WHERE id = ?", (area_id,)
    ) as cursor:
        row = await cursor.fetchone()
    return (row[0], row[1]) if row else (None, None)


async def set_official(
    conn: aiosqlite.Connection,
    area_id: int,
    *,
    official_code: str | None,
    kind: str | None,
    now: str,
) -> bool:
    """Give an area its official code and kind; return whether anything changed."""
    cursor = await conn.execute(
        "UPDATE areas SET official_code = ?, kind = ?, updated_at = ?"
        " WHERE id = ? AND (official_code IS NOT ? OR kind IS NOT ?)",
        (official_code, kind, now, area_id, official_code, kind),
    )
    return cursor.rowcount > 0


async def add_name(conn: aiosqlite.Connection, name: AreaName, *, now: str) -> bool:
    """Record another name of an area unless it is already there; return whether added."""
    cursor = await conn.execute(
        "INSERT OR IGNORE INTO area_names"
        " (area_id, name, folded, kind, old_code, district, province, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            name.area_id,
            name.name,
            name.folded,
            name.kind,
            name.old_code,
            name.district,
            name.province,
            now,
        ),
    )
    return cursor.rowcount > 0


async def names(conn: aiosqlite.Connection, area_ids: list[int] | None = None) -> list[AreaName]:
    """Return the other names of the given areas (of every area without a list)."""
    sql = "SELECT area_id, name, folded, kind, old_code, district, province FROM area_names"
    params: tuple[int, ...] = ()
    if area_ids is not None:
        if not area_ids:
            return []
        sql += f" WHERE area_id IN ({','.join('?' * len(area_ids))})"
        params = tuple(area_ids)
    async with conn.execute(sql + " ORDER BY id", params) as cursor:
        return [AreaName(*row) async for row in cursor]


# --- the registry across changes of the map (migration 0015) ------------------------------


@dataclass(frozen=True, slots=True)
class RegistryArea:
    """A province or commune the registry knows, with its dates (YYYY-MM-DD or None)."""

    area: Area
    official_code: str | None
    kind: str | None
    valid_from: str | None
    retired_on: str | None


async def registry_areas(conn: aiosqlite.Connection) -> list[RegistryArea]:
    """Every province and commune with an official code, made by a change of the map, or
    carrying on another area after one; retired ones included, parents first."""
    async with conn.execute(
        f"SELECT {_AREA}, a.valid_from, a.retired_on FROM areas a"
        " WHERE a.level IN ('province', 'commune') AND (a.official_code IS NOT NULL"
        " OR a.valid_from IS NOT NULL"
        " OR a.id IN (SELECT successor_id FROM area_change_links)) ORDER BY a.id"
    ) as cursor:
        return [
            RegistryArea(Area(*tuple(row)[:6]), row[6], row[7], row[8], row[9])
            async for row in cursor
        ]


async def retiring_links(conn: aiosqlite.Connection) -> list[tuple[int, int, str, str]]:
    """(predecessor, successor, change kind, date) of the merges and splits that retired an
    area: the links of the change dated the day it was retired, other than to itself."""
    async with conn.execute(
        "SELECT l.predecessor_id, l.successor_id, c.kind, c.effective_on"
        " FROM area_change_links l JOIN area_changes c ON c.id = l.change_id"
        " JOIN areas a ON a.id = l.predecessor_id"
        " WHERE a.retired_on IS NOT NULL AND c.effective_on = a.retired_on"
        " AND c.kind IN ('merge', 'split') AND l.successor_id != l.predecessor_id"
        " ORDER BY c.id, l.successor_id"
    ) as cursor:
        return [(p, s, kind, on) async for p, s, kind, on in cursor]


async def former_names(conn: aiosqlite.Connection) -> list[tuple[int, str, str]]:
    """(area id, name, last day) of every name an area had before a rename."""
    async with conn.execute(
        "SELECT area_id, name, valid_until FROM area_name_history ORDER BY valid_until"
    ) as cursor:
        return [(area_id, name, until) async for area_id, name, until in cursor]


async def retired_on(conn: aiosqlite.Connection, area_id: int) -> str | None:
    """The first day an area no longer exists (None: live)."""
    async with conn.execute("SELECT retired_on FROM areas WHERE id = ?", (area_id,)) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else None


async def retired_areas(conn: aiosqlite.Connection) -> dict[int, tuple[str, str]]:
    """Area id → (the kind of change that retired it, "merge" or "split", and its day), for
    every retired area."""
    async with conn.execute(
        "SELECT a.id, coalesce(max(c.kind), 'merge'), a.retired_on FROM areas a"
        " LEFT JOIN area_change_links l ON l.predecessor_id = a.id"
        " LEFT JOIN area_changes c ON c.id = l.change_id AND c.effective_on = a.retired_on"
        " AND c.kind IN ('merge', 'split')"
        " WHERE a.retired_on IS NOT NULL GROUP BY a.id"
    ) as cursor:
        return {area_id: (kind, on) async for area_id, kind, on in cursor}
