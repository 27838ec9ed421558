"""Admins' changes (reminder rules, deadlines, targets, roles) on a real SQLite file."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.roles import set_role
from bot.domain.schedule_settings import change_reminder_rule, changed_rule, create_deadline
from bot.domain.target_setting import set_target
from storage import audit, deadlines, members, reminder_rules, targets
from storage.db import Database
from storage.reminder_rules import ReminderRule

NOW = "2026-11-27T03:00:00Z"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def _admin(db: Database, roster, chat_id: int = 900, role: str = "admin") -> int:
    async with db.transaction() as conn:
        member = await members.create(
            conn,
            chat_id=chat_id,
            full_name="Admin" if role == "admin" else "Lò Thị Lan",
            phone=None,
            team_id=roster.team_a.id,
            role=role,
            language="vi",
            now=NOW,
            consent_at=NOW,
        )
    return member.id


async def _last(db: Database) -> dict:
    return (await audit.entries(db.reader))[-1]


def test_a_rule_moves_by_an_hour_within_the_day():
    rule = ReminderRule(1, "evening", "day", "20:30", (1, 2), True)
    assert changed_rule(rule, "later").at_time == "20:30"
    assert changed_rule(rule, "earlier").at_time == "19:30"
    assert changed_rule(rule, "toggle").active is False
    early = ReminderRule(1, "morning", "day", "06:00", (1,), False)
    assert changed_rule(early, "earlier").at_time == "06:00"


async def test_a_changed_reminder_rule_is_stored_with_its_audit_record(db, roster):
    admin_id = await _admin(db, roster)
    async with db.transaction() as conn:
        await reminder_rules.set_rule(
            conn, name="evening", scope="day", at_time="18:00", days=(1, 3), active=True, now=NOW
        )
    (rule,) = [r for r in await reminder_rules.rules(db.reader) if r.name == "evening"]
    changed = await change_reminder_rule(db, admin_id, rule, "earlier", NOW)
    (stored,) = [r for r in await reminder_rules.rules(db.reader) if r.name == "evening"]
    assert changed == stored
    assert stored.at_time == "17:00" and stored.active and stored.days == (1, 3)
    last = await _last(db)
    assert last["action"] == "reminders.set"
    assert last["detail"] == {"rule": "evening", "op": "earlier"}


async def test_a_deadline_covers_its_local_month_with_its_audit_record(db, roster):
    admin_id = await _admin(db, roster)
    # 17:00 on 30 November 2026, Vietnam time: still November there.
    due_at = "2026-11-30T10:00:00+00:00"
    deadline_id = await create_deadline(
        db,
        admin_id,
        title="Báo cáo tháng 11",
        due_at=due_at,
        area=roster.commune,
        categories=("visit",),
        tz=TZ,
        now=NOW,
    )
    (stored,) = await deadlines.active(db.reader, NOW)
    assert stored.id == deadline_id and stored.area_id == roster.commune.id
    assert (stored.period_start, stored.period_end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert stored.roles == ("member", "leader") and stored.categories == ("visit",)
    last = await _last(db)
    assert last["action"] == "deadline.created"
    assert last["detail"] == {
        "deadline": deadline_id,
        "title": "Báo cáo tháng 11",
        "area": roster.commune.code,
    }


async def test_a_target_is_set_with_its_audit_record(db, roster):
    admin_id = await _admin(db, roster)
    kwargs = {"indicator": "visits", "area": roster.village, "period": "2026-11", "now": NOW}
    assert await set_target(db, admin_id, value=40, **kwargs) == "added"
    assert await set_target(db, admin_id, value=40, **kwargs) == "unchanged"
    (stored,) = await targets.all_targets(db.reader)
    assert (stored.indicator, stored.area_code, stored.period, stored.value) == (
        "visits",
        roster.village.code,
        "2026-11",
        40,
    )
    last = await _last(db)
    assert last["action"] == "target.set"
    assert last["detail"] == {
        "indicator": "visits",
        "area": roster.village.code,
        "period": "2026-11",
        "value": 40,
    }


async def test_a_role_is_set_with_its_audit_record(db, roster):
    admin_id = await _admin(db, roster)
    member_id = await _admin(db, roster, chat_id=501, role="member")
    member = await members.get(db.reader, member_id)
    assert member is not None
    await set_role(db, admin_id, member, "coordinator", roster.commune, NOW)
    promoted = await members.get(db.reader, member_id)
    assert promoted is not None and promoted.role == "coordinator"
    assert promoted.scope_area_id == roster.commune.id
    last = await _last(db)
    assert last["action"] == "member.role_set" and last["actor_id"] == admin_id
    assert last["detail"] == {
        "member": member_id,
        "from": "member",
        "to": "coordinator",
        "area": roster.commune.code,
    }
