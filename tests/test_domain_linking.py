"""Link codes (bot.domain.linking) on a real SQLite file: made, redeemed once, audited."""

from __future__ import annotations

from bot.domain.linking import offer_code, redeem_code
from storage import audit, members
from storage.chat_ids import ZALO_ID_BASE
from storage.db import Database
from tests.conftest import add_member

NOW = "2026-11-27T03:00:00Z"
LATER = "2026-11-27T03:10:00Z"
EXPIRES = "2026-11-27T03:30:00Z"
ZALO_CHAT = ZALO_ID_BASE + 77


async def _member(db: Database, roster) -> int:
    return await add_member(db, roster.team_a.id, now=NOW)


async def test_a_code_links_the_other_chat_once_with_its_audit_record(db, roster):
    member_id = await _member(db, roster)
    code = await offer_code(db, member_id, EXPIRES)
    linked = await redeem_code(db, code.lower(), ZALO_CHAT, LATER)
    assert linked is not None and linked.id == member_id and linked.chat_id == ZALO_CHAT
    [entry] = await audit.entries(db.reader, "member.linked")
    assert entry["actor_id"] == member_id and entry["detail"] == {"channel": "zalo"}
    # Used up: the same code again links nothing and records nothing.
    assert await redeem_code(db, code, ZALO_CHAT + 1, LATER) is None
    assert len(await audit.entries(db.reader, "member.linked")) == 1


async def test_an_expired_or_unknown_code_changes_nothing(db, roster):
    member_id = await _member(db, roster)
    code = await offer_code(db, member_id, EXPIRES)
    assert await redeem_code(db, code, ZALO_CHAT, "2026-11-27T04:00:00Z") is None
    assert await redeem_code(db, "hello there", ZALO_CHAT, LATER) is None
    assert (await members.get(db.reader, member_id)).chat_id == 501
    assert await audit.entries(db.reader, "member.linked") == []
