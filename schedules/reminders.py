"""Reminders: a nudge to every reporter who has not reported, never at night or on holidays."""

from __future__ import annotations

import itertools
import logging
from datetime import datetime, timedelta, tzinfo

from bot.core.clock import Clock, iso_utc
from bot.core.i18n import CURRENT_CHANNEL, LANGUAGES, Texts
from bot.domain.timing import in_quiet_hours, week_of
from bot.ui.reminder_card import reminder_payload
from storage import holidays, job_runs, outbox, reminder_rules
from storage.chat_ids import CHANNELS, chat_range
from storage.db import Database
from storage.reminder_rules import ReminderRule

logger = logging.getLogger(__name__)

# A reminder is still worth sending up to an hour after its time; later ones are skipped.
LATE_LIMIT = timedelta(hours=1)


def due_rules(rules: list[ReminderRule], local_now: datetime) -> list[ReminderRule]:
    """Return the active rules whose time today has come within the last hour."""
    due = []
    for rule in rules:
        if not rule.active or local_now.isoweekday() not in rule.days:
            continue
        hours, minutes = (int(p) for p in rule.at_time.split(":"))
        at = local_now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
        if at <= local_now < at + LATE_LIMIT:
            due.append(rule)
    return due


async def send_reminders(
    db: Database,
    clock: Clock,
    tz: tzinfo,
    texts: Texts,
    rule: ReminderRule,
    quiet,
) -> dict[str, int]:
    """Queue one rule's reminders for today, once; return what happened."""
    local_now = clock.now().astimezone(tz)
    today = local_now.date()
    counts = {"reminded": 0, "skipped_reported": 0, "away": 0, "quiet": 0, "holiday": 0}
    if in_quiet_hours(local_now.time(), quiet):
        counts["quiet"] = 1
        return counts
    now = iso_utc(clock.now())
    first, last = (today, today) if rule.scope == "day" else (week_of(today)[0], today)
    async with db.transaction() as conn:
        if await holidays.name_of(conn, today):
            counts["holiday"] = 1
            return counts
        # Recorded in the same commit as the queued messages: a restart never sends twice.
        if not await job_runs.record_run(
            conn, f"reminder:{rule.name}", today.isoformat(), {}, now
        ):
            counts["already"] = 1
            return counts
        # One text per language and messenger (Zalo's has no buttons to tap).
        for language, channel in itertools.product(LANGUAGES, CHANNELS):
            sql, params = reminder_rules.unreported_members(first, last, today, language)
            token = CURRENT_CHANNEL.set(channel)
            try:
                payload = reminder_payload(
                    texts,
                    language,
                    rule.scope,
                    today.isoformat(),
                    texts.date(language, today, "short"),
                )
            finally:
                CURRENT_CHANNEL.reset(token)
            payload["unless_reported"] = [first.isoformat(), last.isoformat()]
            counts["reminded"] += await outbox.enqueue_for_members(
                conn,
                kind="reminder",
                ref_id=rule.id,
                member_ids_sql=sql,
                params=params,
                payload=payload,
                dedupe_prefix=f"reminder:{rule.name}:{today.isoformat()}:",
                now=now,
                chats=chat_range(channel),
            )
        audience = await reminder_rules.reporter_counts(conn, first, last, today)
    counts["skipped_reported"] = audience["reported"]
    counts["away"] = audience["away"]
    logger.info("Reminders %s for %s: %s", rule.name, today, counts)
    return counts
