"""Storing a report (bot.domain.reporting) on a real SQLite file: what it writes and says."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.reporting import Entry, Stored, Submission, delete_report, store_report
from storage import audit, reports
from storage.db import Database
from tests.conftest import add_member

NOW = "2026-11-27T03:00:00Z"
LATER = "2026-11-27T05:00:00Z"
DAY = date(2026, 11, 27)


@pytest.fixture
async def db(db_path, roster):
    async with Database(db_path) as opened:
        yield opened


async def _member(db: Database, roster, telegram_user: int = 501) -> int:
    return await add_member(db, roster.team_a.id, now=NOW, chat_id=telegram_user)


def _submission(member_id: int, roster, *entries: Entry, **changes) -> Submission:
    made = Submission(
        member_id=member_id,
        team_id=roster.team_a.id,
        area_id=roster.team_a.area_id,
        report_date=DAY,
        entries=entries,
        note=None,
        source="tg:501:77",
    )
    return replace(made, **changes)


async def _actions(db: Database) -> list[str]:
    return [entry["action"] for entry in await audit.entries(db.reader)]


async def test_new_activities_are_created_with_their_audit_records(db, roster):
    member_id = await _member(db, roster)
    submission = _submission(
        member_id, roster, Entry("vneid", {"accounts": 12}), Entry("dvc", {"dossiers": 3})
    )
    stored = await store_report(db, submission, NOW)
    assert stored.updated == () and stored.already == ()
    assert len(stored.created) == 2
    first, second = [await reports.get(db.reader, i) for i in stored.created]
    assert (first.category, first.values, first.report_date) == ("vneid", {"accounts": 12}, DAY)
    assert (second.category, second.values) == ("dvc", {"dossiers": 3})
    created = await audit.entries(db.reader, "report.created")
    assert [e["detail"]["report"] for e in created] == list(stored.created)
    assert created[0]["detail"]["after"] == first.as_audit()
    assert {e["actor_id"] for e in created} == {member_id}


async def test_the_same_submission_again_changes_nothing(db, roster):
    member_id = await _member(db, roster)
    submission = _submission(member_id, roster, Entry("vneid", {"accounts": 12}))
    first = await store_report(db, submission, NOW)
    again = await store_report(db, submission, LATER)
    assert again == Stored(already=first.created)
    assert await reports.count_for_member(db.reader, member_id) == 1
    assert await _actions(db) == ["report.created"]


async def test_a_correction_updates_the_stored_report_in_place(db, roster):
    member_id = await _member(db, roster)
    [report_id] = (
        await store_report(db, _submission(member_id, roster, Entry("vneid", {"a": 1})), NOW)
    ).created
    correction = _submission(
        member_id,
        roster,
        Entry("vneid", {"a": 5}),
        note="sửa lại",
        source="tg:501:80",
        report_id=report_id,
    )
    assert await store_report(db, correction, LATER) == Stored(updated=(report_id,))
    after = await reports.get(db.reader, report_id)
    assert (after.values, after.note, after.updated_at) == ({"a": 5}, "sửa lại", LATER)
    [entry] = await audit.entries(db.reader, "report.updated")
    assert entry["detail"]["before"]["values"] == {"a": 1}
    assert entry["detail"]["after"]["values"] == {"a": 5}


async def test_a_repeated_day_replaces_the_stored_report_and_keeps_its_note(db, roster):
    member_id = await _member(db, roster)
    first = _submission(member_id, roster, Entry("vneid", {"a": 1}), note="buổi sáng")
    [old_id] = (await store_report(db, first, NOW)).created
    repeat = _submission(
        member_id,
        roster,
        Entry("vneid", {"a": 7}),
        Entry("dvc", {"b": 2}),
        source="tg:501:90",
        replaces={"vneid": old_id},
    )
    stored = await store_report(db, repeat, LATER)
    assert stored.updated == (old_id,)
    assert len(stored.created) == 1
    kept = await reports.get(db.reader, old_id)
    assert (kept.values, kept.note) == ({"a": 7}, "buổi sáng")
    assert await _actions(db) == ["report.created", "report.updated", "report.created"]


async def test_a_replaced_report_that_went_away_is_created_anew(db, roster):
    member_id = await _member(db, roster)
    [old_id] = (
        await store_report(db, _submission(member_id, roster, Entry("vneid", {"a": 1})), NOW)
    ).created
    assert await delete_report(db, member_id, old_id, NOW)
    repeat = _submission(
        member_id, roster, Entry("vneid", {"a": 7}), source="tg:501:90", replaces={"vneid": old_id}
    )
    stored = await store_report(db, repeat, LATER)
    assert stored.updated == () and len(stored.created) == 1
    assert stored.created != (old_id,)


async def test_another_members_report_is_never_replaced(db, roster):
    owner = await _member(db, roster, 501)
    other = await _member(db, roster, 502)
    [theirs] = (
        await store_report(db, _submission(owner, roster, Entry("vneid", {"a": 1})), NOW)
    ).created
    repeat = _submission(
        other, roster, Entry("vneid", {"a": 9}), source="tg:502:5", replaces={"vneid": theirs}
    )
    stored = await store_report(db, repeat, LATER)
    assert stored.updated == ()
    assert (await reports.get(db.reader, theirs)).values == {"a": 1}


async def test_a_failed_write_stores_nothing_at_all(db, roster):
    member_id = await _member(db, roster)
    correction = _submission(member_id, roster, Entry("vneid", {"a": 1}), report_id=999_999)
    with pytest.raises(LookupError):
        await store_report(db, correction, NOW)
    assert await reports.count_for_member(db.reader, member_id) == 0
    assert await _actions(db) == []


async def test_deleting_records_what_the_report_said_once(db, roster):
    member_id = await _member(db, roster)
    [report_id] = (
        await store_report(db, _submission(member_id, roster, Entry("vneid", {"a": 3})), NOW)
    ).created
    assert await delete_report(db, member_id, report_id, LATER)
    assert not await delete_report(db, member_id, report_id, LATER)
    [entry] = await audit.entries(db.reader, "report.deleted")
    assert entry["detail"] == {
        "report": report_id,
        "before": {"date": DAY.isoformat(), "category": "vneid", "values": {"a": 3}, "note": None},
    }
