"""Queue a reply the network lost, so the outbox worker delivers it once."""

from __future__ import annotations

from typing import Any

from storage import outbox
from storage.db import Database


async def queue_reply(
    db: Database,
    *,
    member_id: int | None,
    chat_id: int,
    text: str,
    buttons: list[list[dict[str, Any]]],
    key: str,
    now: str,
) -> None:
    """Put a reply in the outbox under a dedupe key; the same key twice is one message."""
    async with db.transaction() as conn:
        await outbox.enqueue(
            conn,
            kind="reply",
            member_id=member_id,
            chat_id=chat_id,
            payload={"text": text, "buttons": buttons},
            dedupe_key=key,
            now=now,
        )
