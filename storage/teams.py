"""Teams: each belongs to an area and has an unguessable invite code."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, fields

import aiosqlite

# Crockford-style alphabet: no I, L, O or U, so a code read aloud or typed is unambiguous.
INVITE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
INVITE_LENGTH = 10  # 50 bits: guessing one of 25,000 teams takes ~10^10 tries


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    code: str
    name: str
    area_id: int
    invite_code: str
    leader_name: str | None
    leader_phone: str | None
    active: bool


def columns(alias: str) -> str:
    """Return a team's columns, in the order of its fields, for a query that joins teams."""
    return ", ".join(f"{alias}.{field.name}" for field in fields(Team))


def from_columns(values: Sequence) -> Team | None:
    """Build a team from the values of `columns()`; None if the join found no team."""
    if values[0] is None:
        return None
    *rest, active = values
    return Team(*rest, bool(active))


_COLUMNS = columns("teams")


def new_invite_code() -> str:
    """Return a fresh random invite code (also a valid /start payload)."""
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))


def normalize_invite_code(text: str) -> str:
    """Turn what a user typed ("k7m2 qx-9p...") into the stored form of an invite code."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


async def get(conn: aiosqlite.Connection, team_id: int) -> Team | None:
    """Return one team by id."""
    rows = await conn.execute_fetchall(f"SELECT {_COLUMNS} FROM teams WHERE id = ?", (team_id,))
    return from_columns(rows[0]) if rows else None


async def get_by_code(conn: aiosqlite.Connection, code: str) -> Team | None:
    """Return one team by its roster code."""
    rows = await conn.execute_fetchall(f"SELECT {_COLUMNS} FROM teams WHERE code = ?", (code,))
    return from_columns(rows[0]) if rows else None


async def get_by_invite(conn: aiosqlite.Connection, invite_code: str) -> Team | None:
    """Return the active team with this invite code, whatever the user's typing habits."""
    code = normalize_invite_code(invite_code)
    if len(code) != INVITE_LENGTH:
        return None
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM teams WHERE invite_code = ? AND active = 1", (code,)
    ) as cursor:
        row = await cursor.fetchone()
    return from_columns(row) if row else None


async def all_teams(conn: aiosqlite.Connection) -> list[Team]:
    """Return every team, active or not, in insertion order."""
    async with conn.execute(f"SELECT {_COLUMNS} FROM teams ORDER BY id") as cursor:
        return [from_columns(row) async for row in cursor]


async def create(
    conn: aiosqlite.Connection,
    *,
    code: str,
    name: str,
    area_id: int,
    leader_name: str | None,
    leader_phone: str | None,
    now: str,
) -> Team:
    """Add an active team with a fresh invite code."""
    invite_code = new_invite_code()
    cursor = await conn.execute(
        "INSERT INTO teams (code, name, area_id, invite_code, leader_name, leader_phone,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (code, name, area_id, invite_code, leader_name, leader_phone, now, now),
    )
    team_id = cursor.lastrowid
    return Team(team_id, code, name, area_id, invite_code, leader_name, leader_phone, True)


async def update_details(
    conn: aiosqlite.Connection,
    team_id: int,
    *,
    name: str,
    area_id: int,
    leader_name: str | None,
    leader_phone: str | None,
    now: str,
) -> None:
    """Rename a team, move it or change its leader; its invite code stays."""
    await conn.execute(
        "UPDATE teams SET name = ?, area_id = ?, leader_name = ?, leader_phone = ?,"
        " updated_at = ? WHERE id = ?",
        (name, area_id, leader_name, leader_phone, now, team_id),
    )
