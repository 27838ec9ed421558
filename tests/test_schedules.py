"""Scheduled jobs called directly with a fixed clock on a seeded database."""

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app.settings import Settings
from bot.core.clock import FrozenClock, iso_utc
from bot.core.i18n import Texts
from bot.domain.timing import after_quiet_hours, in_quiet_hours
from schedules import deadlines as deadline_jobs
from schedules import reminders
from schedules.tick import tick
from storage import away, deadlines, members, reports
from storage.db import Database
from storage.reminder_rules import ReminderRule

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
QUIET = Settings(_env_file=None).quiet
TEXTS = Texts()


def local(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


async def add_member(db, roster, chat_id, name, *, team=None, role="member", language="vi"):
    team = team or roster.team_a
    async with db.transaction() as conn:
        return await members.create(
            conn,
            chat_id=chat_id,
            full_name=name,
            phone=None,
            team_id=team.id,
            role=role,
            language=language,
            now="2026-11-01T00:00:00Z",
            consent_at=None,
        )


async def add_report(db, member, team, day: date, category="khac", values=None):
    async with db.transaction() as conn:
        await reports.create(
            conn,
            member_id=member.id,
            team_id=team.id,
            area_id=team.area_id,
            report_date=day,
            category=category,
            values=values or {"residents_helped": 3},
            note=None,
            source=f"test:{member.id}:{day}:{category}",
            now="2026-11-27T00:00:00Z",
        )


async def queued(db, kind):
    async with db.reader.execute(
        "SELECT member_id, chat_id, dedupe_key, payload FROM outbox WHERE kind = ? ORDER BY id",
        (kind,),
    ) as cursor:
        return [(r[0], r[1], r[2], json.loads(r[3])) async for r in cursor]


@pytest.fixture
async def db(db_path, roster):
    async with Database(db_path) as database:
        yield database


@pytest.fixture
async def people_in_teams(db, roster):
    """Lan reported today, Minh did not, Hoa is away, Ben (English) did not, Tú left."""
    lan = await add_member(db, roster, 101, "Lan")
    minh = await add_member(db, roster, 102, "Minh")
    hoa = await add_member(db, roster, 103, "Hoa")
    ben = await add_member(
        db, roster, 104, "Ben", team=roster.team_b, role="leader", language="en"
    )
    tu = await add_member(db, roster, 105, "Tú")
    async with db.transaction() as conn:
        await away.set_away(conn, hoa.id, date(2026, 11, 30), "2026-11-27T00:00:00Z")
        await conn.execute("UPDATE members SET status = 'left' WHERE id = ?", (tu.id,))
    await add_report(db, lan, roster.team_a, date(2026, 11, 27))
    return {"lan": lan, "minh": minh, "hoa": hoa, "ben": ben, "tu": tu}


def rule(name="daily"):
    return ReminderRule(1, name, "day", "16:00", (1, 2, 3, 4, 5, 6), True)


async def test_reminders_go_only_to_those_who_have_not_reported(db, people_in_teams):
    clock = FrozenClock(local(2026, 11, 27, 16, 0))
    counts = await reminders.send_reminders(db, clock, TZ, TEXTS, rule(), QUIET)
    assert counts == {"reminded": 2, "skipped_reported": 1, "away": 1, "quiet": 0, "holiday": 0}
    rows = await queued(db, "reminder")
    assert {r[1] for r in rows} == {102, 104}  # Minh and Ben
    by_chat = {r[1]: r[3] for r in rows}
    assert "chưa gửi báo cáo" in by_chat[102]["text"]
    assert "You have not reported" in by_chat[104]["text"]  # each in their language
    assert next(b[0]["text"] for b in by_chat[102]["buttons"]) == "📝 Báo cáo ngay"
    # A second run the same day (a restart, a second tick) sends nothing more.
    again = await reminders.send_reminders(db, clock, TZ, TEXTS, rule(), QUIET)
    assert again["reminded"] == 0 and again.get("already") == 1
    assert len(await queued(db, "reminder")) == 2


async def test_weekly_rule_counts_the_whole_week(db, people_in_teams, roster):
    await add_report(db, people_in_teams["minh"], roster.team_a, date(2026, 11, 24))
    clock = FrozenClock(local(2026, 11, 27, 9, 0))
    weekly = ReminderRule(2, "weekly", "week", "09:00", (5,), True)
    counts = await reminders.send_reminders(db, clock, TZ, TEXTS, weekly, QUIET)
    assert counts["reminded"] == 1  # only Ben: Minh reported on Tuesday
    assert "this week" in (await queued(db, "reminder"))[0][3]["text"]


async def test_no_reminders_in_quiet_hours_or_on_holidays(db, people_in_teams):
    night = FrozenClock(local(2026, 11, 27, 21, 30))
    assert (await reminders.send_reminders(db, night, TZ, TEXTS, rule(), QUIET))["quiet"] == 1
    new_year = FrozenClock(local(2027, 1, 1, 16, 0))
    assert (await reminders.send_reminders(db, new_year, TZ, TEXTS, rule(), QUIET))["holiday"] == 1
    assert await queued(db, "reminder") == []


def test_due_rules_respect_days_and_the_late_limit():
    rules = [rule(), ReminderRule(2, "weekly", "week", "09:00", (5,), True)]
    assert [r.name for r in reminders.due_rules(rules, local(2026, 11, 27, 9, 30))] == ["weekly"]
    assert [r.name for r in reminders.due_rules(rules, local(2026, 11, 27, 16, 30))] == ["daily"]
    assert reminders.due_rules(rules, local(2026, 11, 27, 17, 1)) == []  # over an hour late
    assert reminders.due_rules(rules, local(2026, 11, 29, 16, 5)) == []  # Sunday
    assert reminders.due_rules(rules, local(2026, 11, 27, 15, 59)) == []


def test_quiet_hours_cross_midnight():
    assert in_quiet_hours(local(2026, 1, 1, 23, 0).time(), QUIET)
    assert in_quiet_hours(local(2026, 1, 1, 6, 59).time(), QUIET)
    assert not in_quiet_hours(local(2026, 1, 1, 7, 0).time(), QUIET)
    late = local(2026, 11, 27, 22, 15).astimezone(UTC)
    assert after_quiet_hours(late, QUIET, TZ) == local(2026, 11, 28, 7, 0)


@pytest.fixture
async def deadline(db, roster, people_in_teams):
    """Due 00:30 on 1 Dec (crossing midnight), for the commune, payments reports of Nov."""
    due = local(2026, 12, 1, 0, 30)
    async with db.transaction() as conn:
        deadline_id = await deadlines.create(
            conn,
            title="Báo cáo thanh toán số <tháng 11>",
            due_at=iso_utc(due),
            area_id=roster.commune.id,
            roles=("member", "leader"),
            categories=("tt",),
            period_start=date(2026, 11, 1),
            period_end=date(2026, 11, 30),
            created_by=None,
            now="2026-11-20T00:00:00Z",
        )
    return deadline_id, due


async def test_deadline_alerts_once_per_stage_and_escalation_once(
    db, roster, people_in_teams, deadline
):
    _, due = deadline
    stages = (72, 24, 2)
    lan, minh = people_in_teams["lan"], people_in_teams["minh"]
    await add_report(
        db, lan, roster.team_a, date(2026, 11, 28), category="tt", values={"payment_accounts": 2}
    )
    leader = people_in_teams["ben"]
    async with db.transaction() as conn:
        coordinator = await members.create(
            conn,
            chat_id=201,
            full_name="Điều phối",
            phone=None,
            team_id=None,
            role="coordinator",
            language="vi",
            now="2026-11-01T00:00:00Z",
            consent_at=None,
        )
        await conn.execute(
            "UPDATE members SET scope_area_id = ? WHERE id = ?",
            (roster.commune.id, coordinator.id),
        )

    async def run(moment):
        clock = FrozenClock(moment)
        return await deadline_jobs.deadline_alerts(db, clock, TZ, TEXTS, stages, QUIET)

    assert (await run(due - timedelta(hours=80)))["alerted"] == 0  # before the first stage
    three_days = await run(due - timedelta(hours=64))  # 08:30, two and a half days before
    assert three_days["alerted"] == 3  # Minh, Hoa (away does not excuse a deadline), Ben
    assert (await run(due - timedelta(hours=63)))["alerted"] == 0  # that stage was sent
    # The one-day stage falls at 00:30, in the quiet hours: it goes out at 07:00 instead.
    assert (await run(due - timedelta(hours=24)))["quiet"] == 1
    assert (await run(due - timedelta(hours=17, minutes=30)))["alerted"] == 3
    night = await run(due - timedelta(hours=1, minutes=30))  # 23:00: quiet hours
    assert night == {"alerted": 0, "escalated": 0, "quiet": 1, "deadlines": 1}
    # Down over the quiet hours: the 2-hour stage has passed, the deadline has not.
    alerts = await queued(db, "deadline")
    assert {r[1] for r in alerts} == {102, 103, 104}
    assert len(alerts) == 6  # two stages, three people, once each
    assert all(lan.chat_id != r[1] for r in alerts)
    assert "&lt;tháng 11&gt;" in alerts[0][3]["text"]

    after = await run(due + timedelta(minutes=5))
    assert after["escalated"] == 2  # Ben as leader of team B, the commune coordinator
    assert (await run(due + timedelta(minutes=10)))["escalated"] == 0
    escalations = [r for r in await queued(db, "deadline") if "escalation" in r[2]]
    to_coordinator = next(r for r in escalations if r[1] == 201)[3]["text"]
    assert "3 người chưa báo cáo" in to_coordinator and "Minh" in to_coordinator
    to_leader = next(r for r in escalations if r[1] == leader.chat_id)[3]["text"]
    assert "1 people have not reported" in to_leader and "Minh" not in to_leader
    assert minh.id in {r[0] for r in alerts}


async def test_tick_runs_due_reminders_once(db, people_in_teams, make_settings, clock):
    from bot.app.context import Deps
    from bot.domain.form import load_form

    settings = make_settings()
    clock.set(local(2026, 11, 27, 16, 5))
    deps = Deps(settings, db, clock, TEXTS, load_form())
    first = await tick(deps)
    assert first["reminder:daily"]["reminded"] == 2
    assert "reminder:weekly" not in first  # Friday 09:00: over an hour ago
    second = await tick(deps)
    assert "reminder:daily" in second and second["reminder:daily"]["reminded"] == 0
