"""Broadcasting: queueing a message to an audience, showing its progress, stopping it.

The broadcast and one outbox row per recipient are written in one transaction with its audit
record, before anything is sent: a crash leaves either nothing or every row, and delivery
sends each row once. Stopping cancels the rows not sent yet in one transaction too.

Every broadcast is signed with its sender's name, role and area ("— Trần Thị Hoa, cán bộ
điều phối Xã Hòa An"), in each recipient's language, so a volunteer knows who speaks. The
signature is made when the broadcast is queued and written into every outbox row (and kept
with the broadcast): a restart in the middle of delivery sends the very same text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.core.i18n import LANGUAGES, Texts
from storage import audit, broadcasts, outbox
from storage.areas import Area
from storage.db import Database

KIND = "broadcast"  # the outbox kind of a broadcast's messages
# Telegram's limits, counted on the text as shown (after HTML is parsed); Zalo's 2,000 are
# kept by the Zalo transport, which cuts longer texts at blank lines: the signature, after
# a blank line of its own, stays whole at the end of the last piece.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
SIGNATURE_GAP = "\n\n"


@dataclass(frozen=True)
class Sender:
    """Who signs a broadcast: their name (as they gave it), role and area."""

    name: str
    role: str  # "coordinator" or "admin"
    area: str

    def signature(self, texts: Texts, language: str) -> str:
        """The signature line as HTML, the name escaped: "<i>— Trần Thị Hoa, …</i>"."""
        return texts.get(
            language, "broadcast-signature", name=self.name, role=self.role, area=self.area
        )

    def shown(self, texts: Texts) -> list[str]:
        """The signature in every language as a recipient sees it (no HTML), to count it."""
        return [
            texts.plain(language, "broadcast-signature", name=self.name, role=self.role,
                        area=self.area)
            for language in LANGUAGES
        ]  # fmt: skip

    def signatures(self, texts: Texts) -> dict[str, str]:
        """The signature in every language a recipient may have chosen."""
        return {language: self.signature(texts, language) for language in LANGUAGES}


def text_room(content: Mapping[str, Any], signatures_shown: list[str]) -> int:
    """How many characters (as shown) the sender's own text may have, signature included."""
    limit = CAPTION_LIMIT if content.get("file_id") else TEXT_LIMIT
    return limit - len(SIGNATURE_GAP) - max(map(len, signatures_shown), default=0)


def signed(content: Mapping[str, Any], signature: str | None) -> dict[str, Any]:
    """The outbox payload: the content with the signature under its text (or caption)."""
    payload = {key: value for key, value in content.items() if key != "signatures"}
    if signature:
        text = payload.get("text")
        payload["text"] = f"{text}{SIGNATURE_GAP}{signature}" if text else signature
    return payload


@dataclass(frozen=True)
class Audience:
    """Who in an area a broadcast is for."""

    name: str  # as the sender picked it ("reporters", "leaders", …) and the audit records it
    roles: tuple[str, ...]
    unreported_since: date | None = None  # only those with no report since this day

    def query(self, area_path: str, language: str | None = None) -> tuple[str, tuple[Any, ...]]:
        """SQL selecting (member id, chat id) of the audience in the area's subtree."""
        return broadcasts.audience(area_path, self.roles, self.unreported_since, language)


@dataclass(frozen=True)
class NewBroadcast:
    """A broadcast as the sender composed it."""

    sender_id: int
    area: Area
    audience: Audience
    content: dict[str, Any]  # the outbox payload: text, or a file id with its caption
    send_at: str  # ISO UTC; no message leaves before
    progress_chat: int  # where the sender sees how delivery goes
    signatures: dict[str, str] = field(default_factory=dict)  # language → HTML line


@dataclass(frozen=True)
class Queued:
    """What queueing did: the broadcast's id and how many messages wait to be sent."""

    broadcast_id: int
    recipients: int


async def queue_broadcast(db: Database, new: NewBroadcast, now: str) -> Queued:
    """Store a broadcast and one outbox row per recipient in one transaction, with its audit.

    Each recipient's row carries the text signed in their language.
    """
    stored = {**new.content, "signatures": new.signatures} if new.signatures else new.content
    # One query per language when signed (each row gets its own), else one for everyone.
    languages: list[str | None] = list(new.signatures) or [None]
    async with db.transaction() as conn:
        broadcast_id = await broadcasts.create(
            conn,
            sender_id=new.sender_id,
            area_id=new.area.id,
            roles=new.audience.roles,
            only_unreported=new.audience.unreported_since is not None,
            content=stored,
            scheduled_at=new.send_at,
            progress_chat=new.progress_chat,
            now=now,
        )
        count = 0
        for language in languages:
            sql, params = new.audience.query(new.area.path, language)
            count += await outbox.enqueue_for_members(
                conn,
                kind=KIND,
                ref_id=broadcast_id,
                member_ids_sql=sql,
                params=params,
                payload=signed(new.content, new.signatures.get(language or "")),
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
