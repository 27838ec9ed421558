"""Areas: a tree of any depth (province, commune, village; legacy districts) with stable codes."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

LEVELS = ("province", "district", "commune", "village")


@dataclass(frozen=True, slots=True)
class Area:
    id: int
    code: str
    name: str
    parent_id: int | None
    level: str
    path: str


def _area(row: aiosqlite.Row) -> Area:
    return Area(row["id"], row["code"], row["name"], row["parent_id"], row["level"], row["path"])


def subtree_bounds(path: str) -> tuple[str, str]:
    """Return the [low, high) range of `path` values inside the subtree at `path`."""
    # Paths are digits and "/", and "0" sorts right after "/".
    return path, path[:-1] + "0"


async def get(conn: aiosqlite.Connection, area_id: int) -> Area | None:
    """Return one area by id."""
    async with conn.execute("SELECT * FROM areas WHERE id = ?", (area_id,)) as cursor:
        row = await cursor.fetchone()
    return _area(row) if row else None


async def get_by_code(conn: aiosqlite.Connection, code: str) -> Area | None:
    """Return one area by its stable code."""
    async with conn.execute("SELECT * FROM areas WHERE code = ?", (code,)) as cursor:
        row = await cursor.fetchone()
    return _area(row) if row else None


async def ancestors(conn: aiosqlite.Connection, area: Area) -> list[Area]:
    """Return the area's ancestors and the area itself, root first."""
    ids = [int(part) for part in area.path.strip("/").split("/")]
    marks = ",".join("?" * len(ids))
    async with conn.execute(f"SELECT * FROM areas WHERE id IN ({marks})", ids) as cursor:
        by_id = {row["id"]: _area(row) async for row in cursor}
    return [by_id[i] for i in ids]


async def upsert(
    conn: aiosqlite.Connection,
    *,
    code: str,
    name: str,
    level: str,
    parent: Area | None,
    now: str,
) -> tuple[Area, str]:
    """Insert or rename an area by code; return it and "added", "updated" or "unchanged"."""
    existing = await get_by_code(conn, code)
    parent_id = parent.id if parent else None
    if existing is None:
        cursor = await conn.execute(
            "INSERT INTO areas (code, name, parent_id, level, path, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, '', ?, ?)",
            (code, name, parent_id, level, now, now),
        )
        area_id = cursor.lastrowid
        path = f"{parent.path if parent else '/'}{area_id}/"
        await conn.execute("UPDATE areas SET path = ? WHERE id = ?", (path, area_id))
        return Area(area_id, code, name, parent_id, level, path), "added"
    if (existing.name, existing.parent_id, existing.level) == (name, parent_id, level):
        return existing, "unchanged"
    if existing.parent_id != parent_id:
        raise ValueError(f"area {code} cannot move to another parent")
    await conn.execute(
        "UPDATE areas SET name = ?, level = ?, updated_at = ? WHERE id = ?",
        (name, level, now, existing.id),
    )
    return Area(existing.id, code, name, parent_id, level, existing.path), "updated"


async def root(conn: aiosqlite.Connection) -> Area | None:
    """Return the top of the tree (the province); the first one if several were imported."""
    async with conn.execute(
        "SELECT * FROM areas WHERE parent_id IS NULL ORDER BY id LIMIT 1"
    ) as cursor:
        row = await cursor.fetchone()
    return _area(row) if row else None


async def children(conn: aiosqlite.Connection, area_id: int) -> list[Area]:
    """Return an area's direct children that are not retired (see 0015_area_changes), by name."""
    async with conn.execute(
        "SELECT * FROM areas WHERE parent_id = ? AND retired_on IS NULL ORDER BY name", (area_id,)
    ) as cursor:
        return [_area(row) async for row in cursor]
