"""Which Telegram updates have been handled already."""

from __future__ import annotations

import aiosqlite


async def seen(conn: aiosqlite.Connection, update_id: int) -> bool:
    """Tell whether an update was already handled."""
    async with conn.execute(
        "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
    ) as cursor:
        return await cursor.fetchone() is not None


async def mark(conn: aiosqlite.Connection, update_id: int, now: str) -> None:
    """Record an update as handled."""
    await conn.execute(
        "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
        (update_id, now),
    )


async def forget_before(conn: aiosqlite.Connection, moment: str) -> int:
    """Drop records older than Telegram keeps updates; return how many."""
    cursor = await conn.execute("DELETE FROM processed_updates WHERE processed_at < ?", (moment,))
    return cursor.rowcount
