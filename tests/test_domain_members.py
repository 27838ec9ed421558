"""A member's language and erasure (bot.domain.members) on a real SQLite file."""

from __future__ import annotations

from bot.domain.members import erase_member, set_language
from storage import audit, members
from storage.db import Database
from tests.conftest import add_member

NOW = "2026-11-27T03:00:00Z"
LATER = "2026-11-27T05:00:00Z"


async def _member(db: Database, roster) -> int:
    return await add_member(db, roster.team_a.id, now=NOW, phone="0912345678")


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
