"""Whole-roster reads: every area at once, and every active team with its area."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.areas import Area


@dataclass(frozen=True, slots=True)
class RosterEntry:
    team_code: str
    team_name: str
    invite_code: str
    area_id: int


async def all_areas(conn: aiosqlite.Connection) -> list[Area]:
    """Return every area; a parent always comes before its children."""
    async with conn.execute(
        "SELECT id, code, name, parent_id, level, path FROM areas ORDER BY id"
    ) as cursor:
        return [Area(*row) async for row in cursor]


async def active_teams(conn: aiosqlite.Connection) -> list[RosterEntry]:
    """Return every active team (label areas from one `all_areas` load, not per team)."""
    async with conn.execute(
        "SELECT code, name, invite_code, area_id FROM teams WHERE active = 1"
    ) as cursor:
        return [RosterEntry(*row) async for row in cursor]
