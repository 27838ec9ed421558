"""Membership changes (bot.domain.membership) on a real SQLite file: what they write and say."""

from __future__ import annotations

import pytest

from bot.domain.membership import register_admin, register_member, switch_team
from storage import audit, members
from storage.db import Database

NOW = "2026-11-27T03:00:00Z"
LATER = "2026-11-27T05:00:00Z"


async def _actions(db: Database) -> list[str]:
    return [entry["action"] for entry in await audit.entries(db.reader)]


async def _join(db: Database, team_id: int, now: str = NOW, **changes):
    values = {
        "chat_id": 501,
        "team_id": team_id,
        "full_name": "Lò Thị Lan",
        "phone": "0912345678",
        "consent_at": now,
        "language": "vi",
        "now": now,
    }
    values.update(changes)
    return await register_member(db, **values)


async def test_an_admin_is_registered_once_and_promoted_when_not_one(db, roster):
    admin = await register_admin(db, chat_id=900, full_name="Admin", language="vi", now=NOW)
    assert (admin.chat_id, admin.role, admin.team_id, admin.full_name) == (
        900,
        "admin",
        None,
        "Admin",
    )
    again = await register_admin(db, chat_id=900, full_name="Other", language="en", now=LATER)
    assert again == admin
    joined = await _join(db, roster.team_a.id)
    promoted = await register_admin(db, chat_id=501, full_name="Lan", language="vi", now=LATER)
    assert promoted.id == joined.member.id
    stored = await members.get(db.reader, promoted.id)
    assert (stored.role, stored.status) == ("admin", "active")
    assert await _actions(db) == [
        "admin.registered",
        "member.joined",
        "admin.promoted_by_settings",
    ]


async def test_a_member_joins_then_rejoins_with_fresh_details(db, roster):
    joined = await _join(db, roster.team_a.id)
    assert joined.new and joined.team == roster.team_a
    member = joined.member
    assert (member.chat_id, member.full_name, member.phone, member.team_id, member.role) == (
        501,
        "Lò Thị Lan",
        "0912345678",
        roster.team_a.id,
        "member",
    )
    assert await members.consent_at(db.reader, member.id) == NOW
    again = await _join(db, roster.team_b.id, now=LATER, full_name="Lan", phone=None)
    assert not again.new and again.team == roster.team_b
    assert again.member.id == member.id
    assert (again.member.full_name, again.member.phone, again.member.team_id) == (
        "Lan",
        None,
        roster.team_b.id,
    )
    assert (again.member.joined_at, await members.consent_at(db.reader, member.id)) == (
        LATER,
        LATER,
    )
    joins = await audit.entries(db.reader, "member.joined")
    assert [(e["actor_id"], e["detail"]) for e in joins] == [
        (member.id, {"team": roster.team_a.code}),
        (member.id, {"team": roster.team_b.code}),
    ]


async def test_joining_a_team_that_is_not_there_stores_nothing(db, roster):
    with pytest.raises(LookupError):
        await _join(db, 999_999)
    assert await members.get_by_chat_id(db.reader, 501) is None
    assert await _actions(db) == []


async def test_switching_team_moves_the_member_with_its_audit_record(db, roster):
    member = (await _join(db, roster.team_a.id)).member
    team = await switch_team(db, member, roster.team_b.id, LATER)
    assert team == roster.team_b
    moved = await members.get(db.reader, member.id)
    assert moved.team_id == roster.team_b.id
    assert (moved.full_name, moved.phone, moved.joined_at) == (
        member.full_name,
        member.phone,
        member.joined_at,
    )
    switched = await audit.entries(db.reader, "member.switched_team")
    assert [(e["actor_id"], e["detail"]) for e in switched] == [
        (member.id, {"from": roster.team_a.code, "to": roster.team_b.code})
    ]


async def test_switching_to_a_team_that_is_not_there_changes_nothing(db, roster):
    member = (await _join(db, roster.team_a.id)).member
    with pytest.raises(LookupError):
        await switch_team(db, member, 999_999, LATER)
    assert (await members.get(db.reader, member.id)).team_id == roster.team_a.id
    assert await _actions(db) == ["member.joined"]
