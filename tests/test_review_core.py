"""Review core on real SQLite files: the checks at entry, held reports, reviewers, escalation.

The anomaly rules are tried on generated histories (a spike, a steady high reporter, a
newcomer among peers); storing, confirming, returning and escalating go through
bot.domain.reporting and bot.domain.review and are read back through storage.summary, so the
totals seen by summaries are the ones checked.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.domain import anomaly, review
from bot.domain.anomaly import Flag, Rule, Rules
from bot.domain.form import load_form
from bot.domain.reporting import Entry, Submission, store_report
from storage import audit, members, reports, summary
from storage import review as review_store
from storage.db import Database
from tests.conftest import add_member

NOW = "2026-11-27T03:00:00+00:00"
DAY = date(2026, 11, 27)
FORM = load_form()
HELPED = FORM.indicators["residents_helped"]


# --- the rules, on generated histories ------------------------------------------------------


def _steady(rng: random.Random, level: int, days: int = 30) -> list[int]:
    """A member's daily values around `level` (±40%), as a month of ordinary days gives."""
    return [max(1, round(level * rng.uniform(0.6, 1.4))) for _ in range(days)]


@pytest.mark.parametrize("seed", range(20))
def test_a_spike_against_ones_own_history_is_flagged(seed):
    rng = random.Random(seed)
    level = rng.randint(3, 15)
    own = _steady(rng, level)
    typo = level * 100  # "500" for "5": an extra zero or two
    flag = anomaly.check(HELPED, min(typo, HELPED.max), own, peers=[])
    assert flag is not None
    assert flag.rule in (Rule.OWN, Rule.SOFT_MAX)
    assert anomaly.check(HELPED, round(level * 1.3), own, peers=[]) is None


@pytest.mark.parametrize("seed", range(20))
def test_a_steady_high_reporter_is_not_flagged(seed):
    rng = random.Random(seed)
    own = _steady(rng, 120)  # well above the commune, every day
    peers = _steady(rng, 8, days=200)
    for value in own[-5:]:
        assert anomaly.check(HELPED, value, own, peers) is None


def test_a_newcomer_is_judged_against_the_communes_members():
    rng = random.Random(1)
    peers = _steady(rng, 8, days=100)
    flag = anomaly.check(HELPED, 90, own=[], peers=peers)
    assert flag == Flag("residents_helped", 90, Rule.PEERS, round(statistics.median(peers)))
    assert anomaly.check(HELPED, 20, own=[], peers=peers) is None  # at the floor
    # Under 10 × 8: members differ more than days.
    assert anomaly.check(HELPED, 30, own=[], peers=peers) is None
    # Too few peers and no history: only the soft maximum speaks.
    assert anomaly.check(HELPED, 140, own=[3], peers=[2, 3]) is None
    assert anomaly.check(HELPED, 151, own=[], peers=[]).rule is Rule.SOFT_MAX


def test_the_floor_is_lower_for_small_indicators():
    sessions = FORM.indicators["sessions"]  # max 20: a floor of 2
    assert Rules().floor_for(sessions) == 2
    assert anomaly.check(sessions, 6, own=[1] * 10, peers=[]).rule is Rule.OWN
    assert anomaly.check(sessions, 2, own=[0] * 10, peers=[]) is None


def test_a_flag_survives_its_json():
    flag = Flag("residents_helped", 500, Rule.OWN, 10)
    assert Flag.from_json(flag.as_json()) == flag
    assert not Flag("attendees", 3, Rule.REVIEW_ALL).asks_member
    assert anomaly.reviewed_by_rule(
        {"attendees": 3, "sessions": 0}, ("attendees", "sessions")
    ) == [Flag("attendees", 3, Rule.REVIEW_ALL)]


# --- storing, holding, confirming -----------------------------------------------------------


@pytest.fixture
async def people(db: Database, roster):
    """A member of team A with a leader, a member of team B without one, a coordinator."""
    member = await add_member(db, roster.team_a.id, now=NOW, chat_id=601, full_name="Lò Thị Lan")
    leader = await add_member(
        db, roster.team_a.id, now=NOW, chat_id=602, full_name="Tổ trưởng A", role="leader"
    )
    other = await add_member(db, roster.team_b.id, now=NOW, chat_id=603, full_name="Vàng A Dơ")
    coordinator = await add_member(db, None, now=NOW, chat_id=604, full_name="Điều phối viên")
    async with db.transaction() as conn:
        await members.set_role(conn, coordinator, "coordinator", roster.commune.id, NOW)
    return {"member": member, "leader": leader, "other": other, "coordinator": coordinator}


def _submission(member_id: int, team, day: date, values: dict, flags=(), n: int = 0):
    return Submission(
        member_id=member_id,
        team_id=team.id,
        area_id=team.area_id,
        report_date=day,
        entries=(Entry("vneid", values, tuple(flags)),),
        note=None,
        source=f"test:{member_id}:{day}:{n}",
    )


async def _history(db, member_id, team, level: int, days: int = 10) -> None:
    for back in range(1, days + 1):
        await store_report(
            db,
            _submission(member_id, team, DAY - timedelta(days=back), {"residents_helped": level}),
            NOW,
        )


async def _held(db, member_id: int, team, flag: Flag) -> int:
    """Store today's report of one flagged value, as a member who confirmed it; its id."""
    values = {flag.indicator: flag.value}
    stored = await store_report(db, _submission(member_id, team, DAY, values, [flag]), NOW)
    [report_id] = stored.created
    return report_id


async def _helped(db, roster, first=DAY, last=DAY) -> int:
    totals = await summary.totals(db.reader, "/", first, last)
    return totals.get("residents_helped", 0)


async def test_unusual_reads_the_members_history_and_their_communes(db, roster, people):
    await _history(db, people["member"], roster.team_a, 5)
    flags = await anomaly.unusual(
        db.reader,
        FORM,
        member_id=people["member"],
        area_id=roster.team_a.area_id,
        values={"residents_helped": 50, "vneid_activated": 2},
        day=DAY,
    )
    assert flags == [Flag("residents_helped", 50, Rule.OWN, 5)]
    # Team B's member has no history: the commune's values (team A's village is in it) judge,
    # at ten times their usual value (5 here) rather than five.
    flags = await anomaly.unusual(
        db.reader,
        FORM,
        member_id=people["other"],
        area_id=roster.team_b.area_id,
        values={"residents_helped": 60},
        day=DAY,
    )
    assert flags == [Flag("residents_helped", 60, Rule.PEERS, 5)]


async def test_a_flagged_report_is_held_out_of_the_totals_until_confirmed(db, roster, people):
    flag = Flag("residents_helped", 500, Rule.OWN, 5)
    stored = await store_report(
        db,
        _submission(people["member"], roster.team_a, DAY, {"residents_helped": 500}, [flag]),
        NOW,
    )
    [report_id] = stored.created
    report = await reports.get(db.reader, report_id)
    assert report.review == "pending" and report.held
    assert report.flags == (flag.as_json(),)
    assert await review_store.reviewer_of(db.reader, report_id) == people["leader"]
    assert await _helped(db, roster) == 0
    held = await summary.held(db.reader, "/", DAY, DAY)
    assert (held.reports, held.totals) == (1, {"residents_helped": 500})
    # The whole month reads the roll-up: held there too.
    assert await _helped(db, roster, DAY.replace(day=1), date(2026, 11, 30)) == 0
    # A held report is still a report filed: the team is not silent.
    assert await summary.teams_reporting(db.reader, "/", DAY, team_id=roster.team_a.id) == (1, 1)

    leader = await members.get(db.reader, people["leader"])
    change = await review.confirm(db, leader, report_id, 1, NOW)
    assert change.outcome is review.Outcome.DONE and change.report.review == "confirmed"
    assert await _helped(db, roster) == 500
    assert await _helped(db, roster, DAY.replace(day=1), date(2026, 11, 30)) == 500
    assert (await summary.held(db.reader, "/", DAY, DAY)).reports == 0
    actions = [e["action"] for e in await audit.for_report(db.reader, report_id)]
    assert actions == ["report.created", "report.flagged", "report.confirmed"]
    # The card of that round is spent: pressing it again changes nothing.
    assert (await review.confirm(db, leader, report_id, 1, NOW)).outcome is review.Outcome.STALE


async def test_returned_corrected_and_confirmed_counts_exactly_then(db, roster, people):
    flag = Flag("residents_helped", 500, Rule.OWN, 5)
    report_id = await _held(db, people["member"], roster.team_a, flag)
    leader = await members.get(db.reader, people["leader"])
    back = await review.send_back(db, leader, report_id, 1, "Số liệu quá cao", NOW)
    assert back.report.review == "returned"
    assert await _helped(db, roster) == 0
    # The member corrects it: back to the same reviewer, a new round, still held.
    correction = replace(
        _submission(people["member"], roster.team_a, DAY, {"residents_helped": 5}),
        report_id=report_id,
    )
    await store_report(db, correction, NOW)
    report = await reports.get(db.reader, report_id)
    assert report.review == "pending" and report.values == {"residents_helped": 5}
    assert await review_store.cards_due(db.reader) == [(report_id, 2)]
    assert await _helped(db, roster) == 0
    assert (await review.confirm(db, leader, report_id, 1, NOW)).outcome is review.Outcome.STALE
    assert (await review.confirm(db, leader, report_id, 2, NOW)).outcome is review.Outcome.DONE
    assert await _helped(db, roster) == 5
    history = await audit.for_report(db.reader, report_id)
    assert [e["action"] for e in history] == [
        "report.created",
        "report.flagged",
        "report.returned",
        "report.updated",
        "report.resubmitted",
        "report.confirmed",
    ]
    assert history[2]["detail"]["reason"] == "Số liệu quá cao"
    assert history[2]["actor_name"] == "Tổ trưởng A"


async def test_a_member_keeps_a_returned_report(db, roster, people):
    flag = Flag("residents_helped", 140, Rule.OWN, 5)
    report_id = await _held(db, people["member"], roster.team_a, flag)
    leader = await members.get(db.reader, people["leader"])
    await review.send_back(db, leader, report_id, 1, "Kiểm tra lại", NOW)
    assert (await review.keep(db, people["other"], report_id, NOW)).outcome is review.Outcome.STALE
    kept = await review.keep(db, people["member"], report_id, NOW)
    assert kept.outcome is review.Outcome.DONE and kept.report.review == "pending"
    assert await review_store.reviewer_of(db.reader, report_id) == people["leader"]
    assert kept.report.flags == (flag.as_json(),)


async def test_who_may_review(db, roster, people):
    flag = Flag("residents_helped", 500, Rule.SOFT_MAX, 150)
    report_id = await _held(db, people["member"], roster.team_a, flag)
    report = await reports.get(db.reader, report_id)
    get = lambda who: members.get(db.reader, people[who])  # noqa: E731
    assert await review.may_review(db.reader, await get("leader"), report)
    assert await review.may_review(db.reader, await get("coordinator"), report)
    assert not await review.may_review(db.reader, await get("member"), report)  # its own
    assert not await review.may_review(db.reader, await get("other"), report)
    async with db.transaction() as conn:
        await members.set_role(conn, people["other"], "leader", None, NOW)
    # A leader of another team may not.
    assert not await review.may_review(db.reader, await get("other"), report)
    refused = await review.confirm(db, await get("other"), report_id, 1, NOW)
    assert refused.outcome is review.Outcome.FORBIDDEN
    assert (await reports.get(db.reader, report_id)).review == "pending"


async def test_a_team_without_a_leader_goes_to_the_communes_coordinator(db, roster, people):
    flag = Flag("residents_helped", 500, Rule.SOFT_MAX, 150)
    report_id = await _held(db, people["other"], roster.team_b, flag)
    assert await review_store.reviewer_of(db.reader, report_id) == people["coordinator"]


async def test_an_overdue_review_escalates_once(db, roster, people):
    flag = Flag("residents_helped", 500, Rule.SOFT_MAX, 150)
    report_id = await _held(db, people["member"], roster.team_a, flag)
    async with db.transaction() as conn:
        await review_store.mark_card(conn, report_id, 1)
    assert await review.escalate_overdue(db, before=NOW, now=NOW) == []  # not yet overdue
    later = "2026-11-30T04:00:00+00:00"
    assert await review.escalate_overdue(db, before="2026-11-30T03:00:00+00:00", now=later) == [
        report_id
    ]
    assert await review_store.reviewer_of(db.reader, report_id) == people["coordinator"]
    assert await review_store.cards_due(db.reader) == [(report_id, 2)]
    assert await review.escalate_overdue(db, before="2026-12-30T03:00:00+00:00", now=later) == []
    [entry] = await audit.entries(db.reader, "report.escalated")
    assert entry["detail"] == {
        "report": report_id,
        "from": people["leader"],
        "to": people["coordinator"],
    }


def test_a_review_indicator_the_form_does_not_have_stops_the_start(tmp_path):
    from bot.app.application import build_deps
    from bot.app.settings import Settings
    from bot.domain.form import FormError

    settings = Settings(database_path=tmp_path / "bot.sqlite3", review_indicators=("atendees",))
    with pytest.raises(FormError, match="REVIEW_INDICATORS names atendees"):
        build_deps(settings)
    chosen = Settings(database_path=tmp_path / "bot.sqlite3", review_indicators=("attendees",))
    assert build_deps(chosen).settings.review_indicators == ("attendees",)
