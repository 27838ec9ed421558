"""A member on two messengers: one-time link codes and the chats linked to a member."""

from __future__ import annotations

import secrets

import aiosqlite

from storage import members
from storage.db import Database
from storage.members import Member
from storage.teams import INVITE_ALPHABET

LINK_LENGTH = 8  # invite codes have 10: the two never look alike


def new_code() -> str:
    """A fresh one-time code: 8 letters and digits, easy to read out and type."""
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(LINK_LENGTH))


async def offer(conn: aiosqlite.Connection, member_id: int, expires_at: str) -> str:
    """Give a member a code to type on their other messenger; older codes stop working."""
    await conn.execute("DELETE FROM link_codes WHERE member_id = ?", (member_id,))
    code = new_code()
    await conn.execute(
        "INSERT INTO link_codes (code, member_id, expires_at) VALUES (?, ?, ?)",
        (code, member_id, expires_at),
    )
    return code


async def redeem(conn: aiosqlite.Connection, typed: str, chat_id: int, now: str) -> Member | None:
    """Link `chat_id` to the member whose unexpired code was typed; the code is used up.

    Messages go to the newly linked chat from now on; the old chat stays linked, so writing
    from it switches them back.
    """
    code = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(code) != LINK_LENGTH:
        return None
    async with conn.execute(
        "DELETE FROM link_codes WHERE code = ? AND expires_at > ? RETURNING member_id",
        (code, now),
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    member = await members.get(conn, row[0])
    if member is None or member.status != "active":
        return None
    if member.chat_id is not None and member.chat_id != chat_id:
        await _remember(conn, member.chat_id, member.id, now)
    await _remember(conn, chat_id, member.id, now)
    await conn.execute(
        "UPDATE members SET chat_id = ?, updated_at = ? WHERE id = ?",
        (chat_id, now, member.id),
    )
    return await members.get(conn, member.id)


async def _remember(conn: aiosqlite.Connection, chat_id: int, member_id: int, now: str) -> None:
    await conn.execute(
        "INSERT INTO member_chats (chat_id, member_id, linked_at) VALUES (?, ?, ?)"
        " ON CONFLICT (chat_id) DO UPDATE SET member_id = excluded.member_id,"
        " linked_at = excluded.linked_at",
        (chat_id, member_id, now),
    )


async def linked_member(conn: aiosqlite.Connection, chat_id: int) -> int | None:
    """Return the member a chat was linked to, if any."""
    async with conn.execute(
        "SELECT member_id FROM member_chats WHERE chat_id = ?", (chat_id,)
    ) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else None


async def switch_to(db: Database, chat_id: int, now: str) -> Member | None:
    """For a chat linked to a member, make it the one their messages go to; return them."""
    if await linked_member(db.reader, chat_id) is None:
        return None
    async with db.transaction() as conn:
        member_id = await linked_member(conn, chat_id)
        if member_id is None:
            return None
        await conn.execute(
            "UPDATE members SET chat_id = ?, updated_at = ? WHERE id = ?",
            (chat_id, now, member_id),
        )
        return await members.get(conn, member_id)
