"""A member's absence: no reminders to them until a day ("I'm away until ...")."""

from __future__ import annotations

from datetime import date

import aiosqlite


async def set_away(conn: aiosqlite.Connection, member_id: int, until: date | None, now: str):
    """Pause reminders to a member up to and including `until` (None resumes them)."""
    await conn.execute(
        "UPDATE members SET away_until = ?, updated_at = ? WHERE id = ?",
        (until.isoformat() if until else None, now, member_id),
    )
