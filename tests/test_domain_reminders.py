"""Snooze and away (bot.domain.reminders) on a real SQLite file."""

from __future__ import annotations

from datetime import date

from bot.domain.reminders import set_away, snooze
from storage.db import Database
from tests.conftest import add_member

NOW = "2026-11-27T03:00:00Z"
LATER = "2026-11-27T04:00:00Z"


async def _member(db: Database, roster) -> int:
    return await add_member(db, roster.team_a.id, now=NOW)


async def test_snooze_queues_the_reminder_once_for_later(db, roster):
    member_id = await _member(db, roster)

    async def tap() -> bool:
        return await snooze(
            db,
            member_id=member_id,
            chat_id=501,
            payload={"text": "Nhắc báo cáo"},
            now=NOW,
            not_before=LATER,
        )

    assert await tap() is True
    assert await tap() is False  # a double tap: already queued
    rows = await db.reader.execute_fetchall(
        "SELECT kind, member_id, chat_id, dedupe_key, not_before FROM outbox"
    )
    assert [tuple(row) for row in rows] == [
        ("reminder", member_id, 501, f"snooze:{member_id}:{NOW}", LATER)
    ]


async def test_set_away_pauses_and_resumes_reminders(db, roster):
    member_id = await _member(db, roster)
    await set_away(db, member_id, date(2026, 11, 30), NOW)
    query = "SELECT away_until FROM members WHERE id = ?"
    assert [tuple(r) for r in await db.reader.execute_fetchall(query, (member_id,))] == [
        ("2026-11-30",)
    ]
    await set_away(db, member_id, None, LATER)
    assert [tuple(r) for r in await db.reader.execute_fetchall(query, (member_id,))] == [(None,)]
