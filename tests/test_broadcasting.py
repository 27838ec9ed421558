"""Broadcasting (bot.domain.broadcasting) on a real SQLite file: what it writes and says."""

from __future__ import annotations

import json

from bot.core.i18n import Texts
from bot.domain.broadcasting import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    Audience,
    NewBroadcast,
    Queued,
    Sender,
    queue_broadcast,
    remember_progress_message,
    signed,
    stop_broadcast,
    text_room,
)
from storage import audit, broadcasts, members, outbox
from storage.db import Database
from tests.conftest import add_member

NOW = "2026-11-27T03:00:00Z"
SEND_AT = "2026-11-27T04:00:00Z"
LATER = "2026-11-27T03:30:00Z"
REPORTERS = Audience("reporters", ("member", "leader"))
CONTENT = {"text": "<b>Họp tổ</b> lúc 8 giờ"}


async def _member(db: Database, chat_id: int, team_id: int | None, role: str) -> int:
    return await add_member(
        db, team_id, now=NOW, chat_id=chat_id, full_name=f"Thành viên {chat_id}", role=role
    )


async def _queued(db: Database, roster) -> tuple[int, Queued]:
    """Two reporters in the commune's teams and a coordinator sending to them."""
    sender = await _member(db, 900, None, "coordinator")
    await _member(db, 501, roster.team_a.id, "member")
    await _member(db, 502, roster.team_b.id, "leader")
    new = NewBroadcast(sender, roster.commune, REPORTERS, CONTENT, SEND_AT, progress_chat=900)
    return sender, await queue_broadcast(db, new, NOW)


async def test_queueing_writes_the_broadcast_its_outbox_rows_and_its_audit(db, roster):
    sender, queued = await _queued(db, roster)
    assert queued.recipients == 2
    stored = await broadcasts.get(db.reader, queued.broadcast_id)
    assert (stored.sender_id, stored.area_id, stored.roles) == (
        sender,
        roster.commune.id,
        ("member", "leader"),
    )
    assert (stored.status, stored.recipients, stored.scheduled_at) == ("sending", 2, SEND_AT)
    assert stored.content == CONTENT and stored.progress_chat == 900
    assert await outbox.counts(db.reader, "broadcast", queued.broadcast_id) == {"pending": 2}
    assert await outbox.next_due(db.reader) == SEND_AT  # nothing leaves before send_at
    [entry] = await audit.entries(db.reader, "broadcast.queued")
    assert entry["actor_id"] == sender
    assert entry["detail"] == {
        "broadcast": queued.broadcast_id,
        "area": roster.commune.code,
        "recipients": 2,
        "roles": "reporters",
        "send_at": SEND_AT,
    }


async def test_the_progress_message_is_remembered(db, roster):
    _, queued = await _queued(db, roster)
    await remember_progress_message(db, queued.broadcast_id, 4242)
    stored = await broadcasts.get(db.reader, queued.broadcast_id)
    assert stored.progress_message == 4242


async def test_stopping_cancels_the_unsent_messages_with_its_audit(db, roster):
    sender, queued = await _queued(db, roster)
    assert await stop_broadcast(db, sender, queued.broadcast_id, LATER) == 2
    stored = await broadcasts.get(db.reader, queued.broadcast_id)
    assert stored.status == "cancelled"
    assert await outbox.counts(db.reader, "broadcast", queued.broadcast_id) == {"cancelled": 2}
    [entry] = await audit.entries(db.reader, "broadcast.stopped")
    assert entry["actor_id"] == sender
    assert entry["detail"] == {"broadcast": queued.broadcast_id, "cancelled": 2}


SENDER = Sender("Trần Thị <b>Hoa</b> & Co", "coordinator", "Xã Hòa An")
VI = "<i>— Trần Thị &lt;b&gt;Hoa&lt;/b&gt; &amp; Co, cán bộ điều phối Xã Hòa An</i>"
EN = "<i>— Trần Thị &lt;b&gt;Hoa&lt;/b&gt; &amp; Co, coordinator, Xã Hòa An</i>"


async def test_each_recipient_gets_the_text_signed_in_their_language(db, roster):
    sender = await _member(db, 900, None, "coordinator")
    await _member(db, 501, roster.team_a.id, "member")
    english = await _member(db, 502, roster.team_b.id, "leader")
    async with db.transaction() as conn:
        await members.set_language(conn, english, "en", NOW)
    signatures = SENDER.signatures(Texts())
    assert signatures == {"vi": VI, "en": EN}  # the name is escaped, the markup is ours
    new = NewBroadcast(sender, roster.commune, REPORTERS, CONTENT, SEND_AT, 900, signatures)
    queued = await queue_broadcast(db, new, NOW)
    assert queued.recipients == 2
    async with db.reader.execute(
        "SELECT member_id, payload FROM outbox WHERE ref_id = ? ORDER BY member_id",
        (queued.broadcast_id,),
    ) as cursor:
        rows = {member_id: json.loads(payload) async for member_id, payload in cursor}
    # Stored in every outbox row at queue time: a restart sends the same text.
    assert rows[english] == {"text": f"{CONTENT['text']}\n\n{EN}"}
    assert [payload["text"] for payload in rows.values()].count(f"{CONTENT['text']}\n\n{VI}") == 1
    stored = await broadcasts.get(db.reader, queued.broadcast_id)
    assert stored.content == {**CONTENT, "signatures": signatures}


def test_the_text_budget_leaves_room_for_the_signature():
    shown = SENDER.shown(Texts())
    assert shown[0] == "— Trần Thị <b>Hoa</b> & Co, cán bộ điều phối Xã Hòa An"
    longest = max(map(len, shown))
    assert text_room({"text": "x"}, shown) == TEXT_LIMIT - 2 - longest
    assert text_room({"file_id": "f", "text": "x"}, shown) == CAPTION_LIMIT - 2 - longest
    photo = {"file_id": "f", "kind_of_file": "photo", "text": None}
    assert signed(photo, VI) == {**photo, "text": VI}  # no caption: the signature alone
