"""The Zalo transport's tables: user ids, the update inbox, sent messages and served files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.chat_ids import ZALO_ID_BASE


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the bot sent on Zalo, as the transport remembers it."""

    message_id: int
    chat_id: int
    text: str
    options: list[dict[str, Any]] | None


async def internal_id(conn: aiosqlite.Connection, zalo_id: str, name: str | None, now: str) -> int:
    """Return the stable internal id of a Zalo user, giving the user one on first sight."""
    await conn.execute(
        "INSERT INTO zalo_users (zalo_id, display_name, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (zalo_id) DO NOTHING",
        (zalo_id, name, now),
    )
    async with conn.execute("SELECT n FROM zalo_users WHERE zalo_id = ?", (zalo_id,)) as cursor:
        (n,) = await cursor.fetchone()
    return ZALO_ID_BASE + n


async def known_id(conn: aiosqlite.Connection, zalo_id: str) -> int | None:
    """Return the internal id of a Zalo user who wrote before, without giving one."""
    async with conn.execute("SELECT n FROM zalo_users WHERE zalo_id = ?", (zalo_id,)) as cursor:
        row = await cursor.fetchone()
    return ZALO_ID_BASE + row[0] if row else None


async def recipient(conn: aiosqlite.Connection, chat_id: int) -> tuple[str, str | None] | None:
    """Return Zalo's id for an internal chat id (if that user ever wrote) and, if the chat is
    a member's, their language."""
    async with conn.execute(
        "SELECT u.zalo_id, m.language FROM zalo_users u"
        " LEFT JOIN members m ON m.chat_id = ? WHERE u.n = ?",
        (chat_id, chat_id - ZALO_ID_BASE),
    ) as cursor:
        row = await cursor.fetchone()
    return (row[0], row[1]) if row else None


async def seen(conn: aiosqlite.Connection, zalo_message_id: str) -> bool:
    """Whether a Zalo message was taken in before."""
    async with conn.execute(
        "SELECT 1 FROM zalo_seen WHERE zalo_message_id = ?", (zalo_message_id,)
    ) as cursor:
        return await cursor.fetchone() is not None


async def mark_seen(conn: aiosqlite.Connection, zalo_message_id: str, now: str) -> bool:
    """Record a Zalo message as taken in; False if it already was."""
    cursor = await conn.execute(
        "INSERT OR IGNORE INTO zalo_seen (zalo_message_id, seen_at) VALUES (?, ?)",
        (zalo_message_id, now),
    )
    return cursor.rowcount == 1


async def add_to_inbox(conn: aiosqlite.Connection, update: dict[str, Any], now: str) -> int:
    """Keep a translated update until it is confirmed; return its update id (set in it too)."""
    cursor = await conn.execute(
        "INSERT INTO zalo_inbox (body, received_at) VALUES ('', ?)", (now,)
    )
    update["update_id"] = ZALO_ID_BASE + cursor.lastrowid
    await conn.execute(
        "UPDATE zalo_inbox SET body = ? WHERE n = ?", (json.dumps(update), cursor.lastrowid)
    )
    return update["update_id"]


async def keep_translation(conn: aiosqlite.Connection, update: dict[str, Any]) -> None:
    """Put a kept update's translation in its place (a replay then means the same)."""
    await conn.execute(
        "UPDATE zalo_inbox SET body = ? WHERE n = ?",
        (json.dumps(update), update["update_id"] - ZALO_ID_BASE),
    )


async def confirm_inbox(conn: aiosqlite.Connection, below_update_id: int) -> None:
    """Forget the updates before `below_update_id`: they were handled."""
    await conn.execute("DELETE FROM zalo_inbox WHERE n < ?", (below_update_id - ZALO_ID_BASE,))


async def drop_from_inbox(conn: aiosqlite.Connection, update_id: int) -> None:
    """Forget one update: it was handled (others before it may still be handled)."""
    await conn.execute("DELETE FROM zalo_inbox WHERE n = ?", (update_id - ZALO_ID_BASE,))


async def inbox(
    conn: aiosqlite.Connection, limit: int = 100, *, after: int | None = None
) -> list[dict[str, Any]]:
    """Return the updates taken and not yet confirmed (after update id `after`), oldest first."""
    start = 0 if after is None else after - ZALO_ID_BASE
    async with conn.execute(
        "SELECT body FROM zalo_inbox WHERE n > ? ORDER BY n LIMIT ?", (start, limit)
    ) as cursor:
        return [json.loads(body) async for (body,) in cursor]


async def new_message(
    conn: aiosqlite.Connection,
    chat_id: int,
    text: str,
    options: list[dict[str, Any]] | None,
    now: str,
) -> int:
    """Give a message the bot is about to send its Telegram-style id."""
    cursor = await conn.execute(
        "INSERT INTO zalo_messages (chat_id, text, options, sent_at) VALUES (?, ?, ?, ?)",
        (chat_id, text, json.dumps(options) if options else None, now),
    )
    return cursor.lastrowid


async def user_message(conn: aiosqlite.Connection, chat_id: int, now: str) -> int:
    """Give a member's message its Telegram-style id, from the same sequence as the bot's."""
    cursor = await conn.execute(
        "INSERT INTO zalo_messages (chat_id, from_user, sent_at) VALUES (?, 1, ?)", (chat_id, now)
    )
    return cursor.lastrowid


async def update_message(
    conn: aiosqlite.Connection,
    message_id: int,
    *,
    text: str | None = None,
    options: list[dict[str, Any]] | None = None,
) -> None:
    """Record what became of a sent message: its new text, its options."""
    await conn.execute(
        "UPDATE zalo_messages SET text = coalesce(?, text), options = ? WHERE message_id = ?",
        (text, json.dumps(options) if options else None, message_id),
    )


async def message(conn: aiosqlite.Connection, message_id: int) -> SentMessage | None:
    """Return one sent message."""
    async with conn.execute(
        "SELECT message_id, chat_id, text, options FROM zalo_messages WHERE message_id = ?",
        (message_id,),
    ) as cursor:
        row = await cursor.fetchone()
    return _sent(row) if row else None


async def latest(conn: aiosqlite.Connection, chat_id: int) -> SentMessage | None:
    """Return the last message the bot sent to a chat: only its options are open to numbers."""
    async with conn.execute(
        "SELECT message_id, chat_id, text, options FROM zalo_messages"
        " WHERE chat_id = ? AND from_user = 0 ORDER BY message_id DESC LIMIT 1",
        (chat_id,),
    ) as cursor:
        row = await cursor.fetchone()
    return _sent(row) if row else None


def _sent(row: aiosqlite.Row) -> SentMessage:
    options = json.loads(row[3]) if row[3] else None
    return SentMessage(row[0], row[1], row[2], options)


async def add_file(
    conn: aiosqlite.Connection, name: str, mime: str, body: bytes, expires_at: str
) -> int:
    """Keep a file to serve by link until `expires_at`; return its id."""
    cursor = await conn.execute(
        "INSERT INTO zalo_files (name, mime, body, expires_at) VALUES (?, ?, ?, ?)",
        (name, mime, body, expires_at),
    )
    return cursor.lastrowid


async def file_expiry(conn: aiosqlite.Connection, file_id: int, now: str) -> datetime | None:
    """Return when a stored file's links stop working, if they still work."""
    async with conn.execute(
        "SELECT expires_at FROM zalo_files WHERE id = ? AND expires_at > ?", (file_id, now)
    ) as cursor:
        row = await cursor.fetchone()
    return datetime.fromisoformat(row[0]) if row else None


async def get_file(
    conn: aiosqlite.Connection, file_id: int, now: str
) -> tuple[str, str, bytes] | None:
    """Return (name, mime, bytes) of a file whose link has not expired."""
    async with conn.execute(
        "SELECT name, mime, body FROM zalo_files WHERE id = ? AND expires_at > ?", (file_id, now)
    ) as cursor:
        row = await cursor.fetchone()
    return (row[0], row[1], bytes(row[2])) if row else None


async def prune(
    conn: aiosqlite.Connection, now: str, seen_before: str, messages_before: str
) -> dict[str, int]:
    """Drop expired files, old message ids seen, and records of messages sent long ago."""
    files = await conn.execute("DELETE FROM zalo_files WHERE expires_at <= ?", (now,))
    taken = await conn.execute("DELETE FROM zalo_seen WHERE seen_at < ?", (seen_before,))
    # The newest message of each chat stays: its options may still be answered.
    sent = await conn.execute(
        "DELETE FROM zalo_messages WHERE sent_at < ? AND message_id NOT IN"
        " (SELECT max(message_id) FROM zalo_messages WHERE from_user = 0 GROUP BY chat_id)",
        (messages_before,),
    )
    return {"files": files.rowcount, "seen": taken.rowcount, "messages": sent.rowcount}
