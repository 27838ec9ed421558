"""What a member asks of their reminders: remind me later, I'm away until a day.

Each is one transaction, so a button (or later any other way in) changes reminders the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from storage import away, outbox
from storage.db import Database


async def snooze(
    db: Database,
    *,
    member_id: int,
    chat_id: int,
    payload: dict[str, Any],
    now: str,
    not_before: str,
) -> bool:
    """Queue the reminder again for `not_before`; once per member and moment `now`.

    Return whether it was queued now (False: the same snooze was queued already).
    """
    async with db.transaction() as conn:
        return await outbox.enqueue(
            conn,
            kind="reminder",
            member_id=member_id,
            chat_id=chat_id,
            payload=payload,
            dedupe_key=f"snooze:{member_id}:{now}",
            now=now,
            not_before=not_before,
        )


async def set_away(db: Database, member_id: int, until: date | None, now: str) -> None:
    """Pause the member's reminders up to and including `until` (None resumes them)."""
    async with db.transaction() as conn:
        await away.set_away(conn, member_id, until, now)
