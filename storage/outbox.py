"""The outbox: one row per message the bot sends on its own initiative, sent by one worker.

Statuses: pending (waiting for `not_before`), sending (claimed by the worker), and the final
sent, blocked, failed, cancelled and skipped. `attempts` counts send tries; `sent_at` is when a
try settled the row (sent, blocked or failed). The payload format is described in
`schedules.delivery`. Times are UTC as `bot.clock.iso_utc` writes them
("2026-11-27T02:00:00Z"): due rows are found by comparing them as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import aiosqlite

from storage.chat_ids import ZALO_ID_BASE


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    kind: str
    ref_id: int | None
    member_id: int | None
    chat_id: int
    payload: dict[str, Any]
    attachment: bytes | None
    dedupe_key: str
    status: str
    attempts: int
    not_before: str
    error: str | None
    created_at: str
    sent_at: str | None


@dataclass(frozen=True, slots=True)
class NewMessage:
    """One row for `enqueue_many`."""

    kind: str
    chat_id: int
    payload: dict[str, Any]
    dedupe_key: str
    member_id: int | None = None
    ref_id: int | None = None
    attachment: bytes | None = None
    not_before: str | None = None


def _message(row: aiosqlite.Row) -> OutboxMessage:
    return OutboxMessage(
        row["id"],
        row["kind"],
        row["ref_id"],
        row["member_id"],
        row["chat_id"],
        json.loads(row["payload"]),
        row["attachment"],
        row["dedupe_key"],
        row["status"],
        row["attempts"],
        row["not_before"],
        row["error"],
        row["created_at"],
        row["sent_at"],
    )


_INSERT = (
    "INSERT INTO outbox (kind, ref_id, member_id, chat_id, payload, attachment, dedupe_key,"
    " not_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (dedupe_key) DO NOTHING"
)


def _values(row: NewMessage, now: str) -> tuple:
    payload = json.dumps(row.payload, ensure_ascii=False)
    return (
        row.kind,
        row.ref_id,
        row.member_id,
        row.chat_id,
        payload,
        row.attachment,
        row.dedupe_key,
        row.not_before or now,
        now,
    )


async def enqueue(
    conn: aiosqlite.Connection,
    *,
    kind: str,
    chat_id: int,
    payload: dict[str, Any],
    dedupe_key: str,
    now: str,
    member_id: int | None = None,
    ref_id: int | None = None,
    attachment: bytes | None = None,
    not_before: str | None = None,
) -> bool:
    """Queue one message; False (and nothing changed) if its dedupe_key was queued before."""
    row = NewMessage(kind, chat_id, payload, dedupe_key, member_id, ref_id, attachment, not_before)
    cursor = await conn.execute(_INSERT, _values(row, now))
    return cursor.rowcount == 1


async def enqueue_many(conn: aiosqlite.Connection, rows: Iterable[NewMessage], now: str) -> int:
    """Queue many messages in one statement; return how many were new."""
    cursor = await conn.executemany(_INSERT, (_values(row, now) for row in rows))
    return cursor.rowcount


# Chats of one messenger: [low, high) of chat ids (bot.channels.chat_range); None for all.
Chats = tuple[int, int] | None


def _chats(chats: Chats) -> tuple[str, tuple]:
    if chats is None:
        return "", ()
    return " AND chat_id >= ? AND chat_id < ?", chats


async def enqueue_for_members(
    conn: aiosqlite.Connection,
    *,
    kind: str,
    ref_id: int | None,
    member_ids_sql: str,
    params: tuple,
    payload: dict[str, Any],
    dedupe_prefix: str,
    now: str,
    not_before: str | None = None,
    chats: Chats = None,
) -> int:
    """Queue one message per member that a query selects; return how many were new.

    `member_ids_sql` is a SELECT of (member id, Telegram id) written in code, never built from
    user input; its values come in `params`. Members without a Telegram id are left out, and
    with `chats` those whose chat is on another messenger.
    """
    where, chat_params = _chats(chats)
    cursor = await conn.execute(
        # The statement starts with INSERT, or sqlite3 would not report the row count.
        "INSERT INTO outbox (kind, ref_id, member_id, chat_id, payload, dedupe_key,"
        " not_before, created_at)"
        f" WITH recipients (member_id, chat_id) AS ({member_ids_sql})"
        " SELECT ?, ?, member_id, chat_id, ?, ? || member_id, ?, ? FROM recipients"
        # The WHERE also settles SQLite's parsing of INSERT ... SELECT ... ON CONFLICT.
        f" WHERE chat_id IS NOT NULL{where}"
        " ON CONFLICT (dedupe_key) DO NOTHING",
        (
            *params,
            kind,
            ref_id,
            json.dumps(payload, ensure_ascii=False),
            dedupe_prefix,
            not_before or now,
            now,
            *chat_params,
        ),
    )
    return cursor.rowcount


async def claim_due(
    conn: aiosqlite.Connection, now: str, limit: int, chats: Chats = None
) -> list[OutboxMessage]:
    """Mark up to `limit` due rows as sending and return them, longest waiting first."""
    where, params = _chats(chats)
    async with conn.execute(
        "UPDATE outbox SET status = 'sending' WHERE id IN ("
        f" SELECT id FROM outbox WHERE status = 'pending' AND not_before <= ?{where}"
        " ORDER BY not_before, id LIMIT ?) RETURNING *",
        (now, *params, limit),
    ) as cursor:
        rows = await cursor.fetchall()
    # RETURNING gives rows in no promised order.
    return sorted((_message(row) for row in rows), key=lambda m: (m.not_before, m.id))


async def mark_sent(conn: aiosqlite.Connection, message_id: int, now: str) -> None:
    """Record a delivered message."""
    await conn.execute(
        "UPDATE outbox SET status = 'sent', attempts = attempts + 1, error = NULL, sent_at = ?"
        " WHERE id = ?",
        (now, message_id),
    )


async def mark_retry(
    conn: aiosqlite.Connection, message_id: int, not_before: str, error: str
) -> None:
    """Count a failed try and queue the message again from `not_before`."""
    await conn.execute(
        "UPDATE outbox SET status = 'pending', attempts = attempts + 1, not_before = ?,"
        " error = ? WHERE id = ?",
        (not_before, error, message_id),
    )


async def mark_failed(conn: aiosqlite.Connection, message_id: int, error: str, now: str) -> None:
    """Give up on a message."""
    await conn.execute(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, error = ?, sent_at = ?"
        " WHERE id = ?",
        (error, now, message_id),
    )


async def mark_blocked(conn: aiosqlite.Connection, message_id: int, now: str) -> None:
    """Record that the recipient blocked the bot, and stop counting them as reachable."""
    await conn.execute(
        "UPDATE outbox SET status = 'blocked', attempts = attempts + 1, sent_at = ? WHERE id = ?",
        (now, message_id),
    )
    # Only an active member becomes unreachable; one who left or was erased stays so.
    await conn.execute(
        "UPDATE members SET status = 'unreachable', updated_at = ?"
        " WHERE id = (SELECT member_id FROM outbox WHERE id = ?) AND status = 'active'",
        (now, message_id),
    )


async def mark_skipped(conn: aiosqlite.Connection, message_id: int, reason: str) -> None:
    """Drop a message that no longer has anyone to go to."""
    await conn.execute(
        "UPDATE outbox SET status = 'skipped', error = ? WHERE id = ?", (reason, message_id)
    )


async def cancel(conn: aiosqlite.Connection, kind: str, ref_id: int | None) -> int:
    """Cancel the pending messages of e.g. one broadcast; return how many."""
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'cancelled'"
        " WHERE kind = ? AND ref_id IS ? AND status = 'pending'",
        (kind, ref_id),
    )
    return cursor.rowcount


async def requeue_in_flight(conn: aiosqlite.Connection, chats: Chats = None) -> int:
    """Put rows a stopped or crashed worker had claimed back in the queue; return how many."""
    where, params = _chats(chats)
    cursor = await conn.execute(
        f"UPDATE outbox SET status = 'pending' WHERE status = 'sending'{where}", params
    )
    return cursor.rowcount


async def counts(conn: aiosqlite.Connection, kind: str, ref_id: int | None) -> dict[str, int]:
    """Count the messages of e.g. one broadcast by status."""
    async with conn.execute(
        "SELECT status, count(*) FROM outbox WHERE kind = ? AND ref_id IS ? GROUP BY status",
        (kind, ref_id),
    ) as cursor:
        return {status: count async for status, count in cursor}


async def sent_by_channel(
    conn: aiosqlite.Connection, kind: str, ref_id: int | None
) -> dict[str, int]:
    """Count the delivered messages of e.g. one broadcast per messenger."""
    async with conn.execute(
        "SELECT chat_id >= ?, count(*) FROM outbox WHERE kind = ? AND ref_id IS ?"
        " AND status = 'sent' GROUP BY 1",
        (ZALO_ID_BASE, kind, ref_id),
    ) as cursor:
        return {("zalo" if zalo else "telegram"): count async for zalo, count in cursor}


async def failures(
    conn: aiosqlite.Connection, kind: str, ref_id: int | None
) -> list[OutboxMessage]:
    """Return the messages of e.g. one broadcast that did not arrive: failed or blocked."""
    async with conn.execute(
        "SELECT * FROM outbox WHERE kind = ? AND ref_id IS ? AND status IN ('failed', 'blocked')"
        " ORDER BY id",
        (kind, ref_id),
    ) as cursor:
        return [_message(row) async for row in cursor]


async def next_due(conn: aiosqlite.Connection, chats: Chats = None) -> str | None:
    """Return when the earliest pending message becomes due, if any is pending."""
    where, params = _chats(chats)
    async with conn.execute(
        f"SELECT min(not_before) FROM outbox WHERE status = 'pending'{where}", params
    ) as cursor:
        row = await cursor.fetchone()
    return row[0]
