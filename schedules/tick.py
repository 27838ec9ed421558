"""The minute tick: decide from the database and the clock which jobs are due, and run them.

Rules, deadlines and "already done today" all live in the database, so nothing is lost on a
restart, a rule changed from the command line takes effect within a minute, and what was
missed while the bot was down is handled on purpose: a reminder up to an hour late still goes,
a later one is skipped; an alert whose moment passed goes once; today's summary goes once.
"""

from __future__ import annotations

import logging

from bot.app.context import Deps
from bot.domain.groups import groups_served
from bot.domain.timing import in_quiet_hours
from schedules import backups, deadlines, groups, reminders, review, summaries
from storage import reminder_rules

logger = logging.getLogger(__name__)


async def tick(deps: Deps) -> dict[str, dict[str, int]]:
    """Run every job that is due now; return each job's counts."""
    settings = deps.settings
    local_now = deps.clock.now().astimezone(settings.tz)
    done: dict[str, dict[str, int]] = {}
    in_groups = groups_served(settings.groups_enabled, deps.bots)
    for rule in reminders.due_rules(await reminder_rules.rules(deps.db.reader), local_now):
        done[f"reminder:{rule.name}"] = counts = await reminders.send_reminders(
            deps.db, deps.clock, settings.tz, deps.texts, rule, settings.quiet
        )
        if in_groups and not (counts["quiet"] or counts["holiday"]):
            done[f"group-reminder:{rule.name}"] = await groups.group_reminders(
                deps.db, deps.clock, settings.tz, deps.texts, rule
            )
    # Escalations and cards of held reports (cards at night wait for the morning).
    done["review"] = await review.review_job(deps)
    done["deadlines"] = await deadlines.deadline_alerts(
        deps.db, deps.clock, settings.tz, deps.texts, settings.deadline_alert_hours, settings.quiet
    )
    if local_now.time() >= settings.summary_at and not in_quiet_hours(
        local_now.time(), settings.quiet
    ):
        done["summary"] = await summaries.daily_summaries(
            deps.db, deps.clock, settings.tz, deps.texts, deps.form
        )
        if in_groups:
            done["group-summary"] = await groups.group_summaries(
                deps.db, deps.clock, settings.tz, deps.texts, deps.form
            )
    if local_now.time() >= settings.backup_at:
        done["backup"] = await backups.nightly_backup(
            deps.db, deps.clock, settings.tz, settings.backup_dir, settings.backup_keep
        )
    return done
