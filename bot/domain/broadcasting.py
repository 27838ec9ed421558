"""Broadcasting: queueing a message to an audience, showing its progress, stopping it.

The broadcast and one outbox row per recipient are written in one transaction with its audit
record, before anything is sent: a crash leaves either nothing or every row, and delivery
sends each row once. Stopping cancels the rows not sent yet in one transaction too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from storage import audit, broadcasts, outbox
from storage.areas import Area
from storage.db import Database

KIND = "broadcast"  # the outbox kind of a broadcast's messages


@dataclass(frozen=True)
class Audience:
    """Who in an area a broadcast is for."""

    name: str  # as the sender picked it ("reporters", "leaders", …) and the audit records it
    roles: tuple[str, ...]
    unreported_since: date | None = None  # only those with no report since this day

    def query(self, area_path: str) -> tuple[str, tuple[Any, ...]]:
        """SQL selecting (member id, chat id) of the audience in the area's subtree."""
        return broadcasts.audience(area_path, self.roles, self.unreported_since)


@dataclass(frozen=True)
class NewBroadcast:
    """A broadcast as the sender composed it."""

    sender_id: int
    area: Area
    audience: Audience
    content: dict[str, Any]  # the outbox payload: text, or a file id with its caption
    send_at: str  # ISO UTC; no message leaves before
    progress_chat: int  # where the sender sees how delivery goes


@dataclass(frozen=True)
class Queued:
    """What queueing did: the broadcast's id and how many messages wait to be sent."""

    broadcast_id: int
    recipients: int


async def queue_broadcast(db: Database, new: NewBroadcast, now: str) -> Queued:
    """Store a broadcast and one outbox row per recipient in one transaction, with its audit."""
    sql, params = new.audience.query(new.area.path)
    async with db.transaction() as conn:
        broadcast_id = await broadcasts.create(
            conn,
            sender_id=new.sender_id,
            area_id=new.area.id,
            roles=new.audience.roles,
            only_unreported=new.audience.unreported_since is not None,
            content=new.content,
            scheduled_at=new.send_at,
            progress_chat=new.progress_chat,
            now=now,
        )
        count = await outbox.enqueue_for_members(
            conn,
            kind=KIND,
            ref_id=broadcast_id,
            member_ids_sql=sql,
            params=params,
            payload=new.content,
            # The outbox keeps one row per member of this broadcast.
            dedupe_prefix=f"broadcast:{broadcast_id}:",
            now=now,
            not_before=new.send_at,
        )
        await broadcasts.set_recipients(conn, broadcast_id, count)
        await audit.record(
            conn,
            actor_id=new.sender_id,
            action="broadcast.queued",
            detail={
                "broadcast": broadcast_id,
                "area": new.area.code,
                "recipients": count,
                "roles": new.audience.name,
                "send_at": new.send_at,
            },
            now=now,
        )
    return Queued(broadcast_id, count)


async def remember_progress_message(db: Database, broadcast_id: int, message_id: int) -> None:
    """Keep the sender's progress message, which delivery edits as it goes."""
    async with db.transaction() as conn:
        await broadcasts.set_progress_message(conn, broadcast_id, message_id)


async def stop_broadcast(db: Database, actor_id: int, broadcast_id: int, now: str) -> int:
    """Cancel a broadcast's unsent messages and end it, with its audit; return how many."""
    async with db.transaction() as conn:
        cancelled = await outbox.cancel(conn, KIND, broadcast_id)
        await broadcasts.finish(conn, broadcast_id, "cancelled", now)
        await audit.record(
            conn,
            actor_id=actor_id,
            action="broadcast.stopped",
            detail={"broadcast": broadcast_id, "cancelled": cancelled},
            now=now,
        )
    return cancelled
