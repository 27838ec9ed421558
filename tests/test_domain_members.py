"""A member's language and erasure (bot.domain.members) on a real SQLite file."""

from __future__ import annotations

from bot.domain.members import erase_member, set_language
from storage import audit, members
from storage.db import Database

NOW = "2026-11-27T03:00:00Z"
LATER = "2026-11-27T05:00:00Z"


async def _member(db: Database, roster) -> int:
    async with db.transaction() as conn:
        member = await members.create(
            conn,
            chat_id=501,
            full_name="Lò Thị Lan",
            phone="0912345678",
            team_id=roster.team_a.id,
            role="member",
            language="vi",
            now=NOW,
            consent_at=NOW,
        )
    return member.id


async def test_set_language_stores_it_and_returns_the_member(db, roster):
    member_id = await _member(db, roster)
    member = await set_language(db, member_id, "en", LATER)
    assert member is not None and member.id == member_id and member.language == "en"
    assert (await members.get(db.reader, member_id)).language == "en"


async def test_erase_member_removes_personal_data_with_its_audit_record(db, roster):
    member_id = await _member(db, roster)
    await erase_member(db, member_id, LATER)
    erased = await members.get(db.reader, member_id)
    assert erased.status == "erased"
    assert erased.full_name != "Lò Thị Lan" and erased.phone is None and erased.chat_id is None
    [entry] = await audit.entries(db.reader, "member.erased")
    assert entry["actor_id"] == member_id and entry["detail"] == {}
