"""Zalo group chats (beta on Zalo) as Telegram-shaped group messages.

A group gets an internal chat id the way a user does (storage.zalo.internal_id, from the
group's Zalo id), so the bot answers and posts to it like to anyone; the chat type "group"
tells handlers it is not a private chat.
"""

from __future__ import annotations

from typing import Any

from bot.core.clock import Clock, iso_utc
from storage import zalo as store
from storage.db import Database


def in_group(raw: dict[str, Any]) -> bool:
    """Whether a Zalo update comes from a group chat (chat_type "GROUP")."""
    chat = (raw.get("message") or {}).get("chat") or {}
    return str(chat.get("chat_type", "PRIVATE")).upper() != "PRIVATE"


async def group_chat_id(db: Database, raw: dict[str, Any], clock: Clock) -> int | None:
    """The group's internal chat id, given on first sight; None without a group id."""
    chat = (raw.get("message") or {}).get("chat") or {}
    zalo_id = str(chat.get("id") or "")
    if not zalo_id:
        return None
    found = await store.known_id(db.reader, zalo_id)
    if found is not None:
        return found
    async with db.transaction() as conn:
        title = str(chat.get("title") or chat.get("display_name") or "").strip() or None
        return await store.internal_id(conn, zalo_id, title, iso_utc(clock.now()))


async def group_message(
    db: Database, clock: Clock, raw: dict[str, Any], user: dict[str, Any]
) -> dict[str, Any] | None:
    """The Telegram-shaped message (without ids) of a text written in a Zalo group; None
    when the update names no group."""
    message = raw.get("message") or {}
    chat_id = await group_chat_id(db, raw, clock)
    if chat_id is None:
        return None
    date = int(message.get("date") or 0) // 1000 or int(clock.now().timestamp())
    return {
        "message": {
            "message_id": 0,  # given when the translation is kept (ZaloBridge.translate)
            "date": date,
            "chat": {"id": chat_id, "type": "group", "title": "Zalo"},
            "from": user,
            "text": message["text"],
        }
    }
