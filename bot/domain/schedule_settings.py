"""Admins' schedule settings: a reminder rule switched or moved, a deadline set.

Each change is one transaction with its audit record, so the chat (and later the web
console) changes a schedule the same way and leaves the same trace.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from storage import audit, deadlines, reminder_rules
from storage.areas import Area
from storage.db import Database
from storage.reminder_rules import ReminderRule

# Reminders stay out of the night: 06:00 at the earliest, 20:00 at the latest.
EARLIEST_HOUR = 6
LATEST_HOUR = 20


def changed_rule(rule: ReminderRule, op: str) -> ReminderRule:
    """The rule after an admin's press: "toggle" switches it, "earlier"/"later" move an hour."""
    hour, minute = (int(p) for p in rule.at_time.split(":"))
    hour = {"earlier": max(EARLIEST_HOUR, hour - 1), "later": min(LATEST_HOUR, hour + 1)}.get(
        op, hour
    )
    active = not rule.active if op == "toggle" else rule.active
    return ReminderRule(
        rule.id, rule.name, rule.scope, f"{hour:02d}:{minute:02d}", rule.days, active
    )


async def change_reminder_rule(
    db: Database, actor_id: int, rule: ReminderRule, op: str, now: str
) -> ReminderRule:
    """Switch or move a reminder rule, with its audit record; return the rule as stored."""
    changed = changed_rule(rule, op)
    async with db.transaction() as conn:
        await reminder_rules.set_rule(
            conn,
            name=changed.name,
            scope=changed.scope,
            at_time=changed.at_time,
            days=changed.days,
            active=changed.active,
            now=now,
        )
        await audit.record(
            conn,
            actor_id=actor_id,
            action="reminders.set",
            detail={"rule": rule.name, "op": op},
            now=now,
        )
    return changed


async def create_deadline(
    db: Database,
    actor_id: int,
    *,
    title: str,
    due_at: str,
    area: Area,
    categories: tuple[str, ...],
    tz: tzinfo,
    now: str,
) -> int:
    """Store a deadline for members and leaders of an area, with its audit record.

    The deadline counts reports from the first of its (local) month up to its local due day.
    Return its id.
    """
    local_due = datetime.fromisoformat(due_at).astimezone(tz).date()
    async with db.transaction() as conn:
        deadline_id = await deadlines.create(
            conn,
            title=title,
            due_at=due_at,
            area_id=area.id,
            roles=("member", "leader"),
            categories=categories,
            period_start=local_due.replace(day=1),
            period_end=local_due,
            created_by=actor_id,
            now=now,
        )
        await audit.record(
            conn,
            actor_id=actor_id,
            action="deadline.created",
            detail={"deadline": deadline_id, "title": title, "area": area.code},
            now=now,
        )
    return deadline_id
