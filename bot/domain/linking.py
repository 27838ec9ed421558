"""Linking a member's two messengers: a one-time code made on one, typed on the other.

Making a code and redeeming it are one transaction each; a redeemed code leaves its audit
record in the same transaction that links the chat.
"""

from __future__ import annotations

from storage import audit, chat_links
from storage.chat_ids import channel_of
from storage.db import Database
from storage.members import Member


async def offer_code(db: Database, member_id: int, expires_at: str) -> str:
    """Make the member a link code good until `expires_at`; older codes stop working."""
    async with db.transaction() as conn:
        return await chat_links.offer(conn, member_id, expires_at)


async def redeem_code(db: Database, typed: str, chat_id: int, now: str) -> Member | None:
    """Link `chat_id` to the member whose live code was typed, with its audit record.

    Return the linked member, or None when the text is no live code (nothing changes then).
    """
    async with db.transaction() as conn:
        member = await chat_links.redeem(conn, typed, chat_id, now)
        if member is not None:
            await audit.record(
                conn,
                actor_id=member.id,
                action="member.linked",
                detail={"channel": channel_of(chat_id)},
                now=now,
            )
    return member
