"""Posts to linked group chats: the daily summary and the reminder, through the outbox.

Each is recorded as a once-only run in the same commit as its queued rows (and each row has
its dedupe key), so a restart, a 429 or a 5xx loses nothing and sends nothing twice. A group
reads no phone number and no personal name except those of members who agreed to be named in
its reminder: the summary is rendered for a reader who may not see phones, with the group's
wording that names teams, not their leaders (`Texts.for_readers("group")`); no chart is sent
(a team's chart names its members).
"""

from __future__ import annotations

import logging
from datetime import date, tzinfo

from bot.core.clock import Clock, iso_utc
from bot.core.i18n import CURRENT_CHANNEL, Texts
from bot.domain import summary as summaries
from bot.domain.form import Form
from bot.domain.groups import render_reminder
from bot.domain.timing import week_of
from storage import groups, job_runs, outbox
from storage.chat_ids import channel_of
from storage.db import Database
from storage.outbox import NewMessage
from storage.reminder_rules import ReminderRule

logger = logging.getLogger(__name__)


async def group_summaries(
    db: Database, clock: Clock, tz: tzinfo, texts: Texts, form: Form
) -> dict[str, int]:
    """Queue today's summary for every linked group, once; return counts."""
    today = clock.now().astimezone(tz).date()
    if await job_runs.ran(db.reader, "group-summary", today.isoformat()):
        return {"already": 1}
    wording = texts.for_readers("group")
    language = texts.default_language
    rows = []
    for group in await groups.linked(db.reader):
        try:
            built = await summaries.build_summary(
                db, form, area_id=group.area_id, team_id=group.team_id, day=today
            )
        except LookupError:
            continue
        token = CURRENT_CHANNEL.set(channel_of(group.chat_id))
        try:
            text = summaries.render(built, wording, language, show_phones=False)
        finally:
            CURRENT_CHANNEL.reset(token)
        key = f"group-summary:{today.isoformat()}:{group.chat_id}"
        rows.append(NewMessage("group-summary", group.chat_id, {"text": text}, key))
    counts = {"groups": len(rows)}
    now = iso_utc(clock.now())
    async with db.transaction() as conn:
        if not await job_runs.record_run(conn, "group-summary", today.isoformat(), counts, now):
            return {"already": 1}
        await outbox.enqueue_many(conn, rows, now)
    return counts


async def group_reminders(
    db: Database, clock: Clock, tz: tzinfo, texts: Texts, rule: ReminderRule
) -> dict[str, int]:
    """Queue one rule's reminder for every linked group, once a day: how many have not
    reported, naming only those who agreed to be named; return counts."""
    today = clock.now().astimezone(tz).date()
    first: date = today if rule.scope == "day" else week_of(today)[0]
    job = f"group-reminder:{rule.name}"
    now = iso_utc(clock.now())
    language = texts.default_language
    async with db.transaction() as conn:
        if await job_runs.ran(conn, job, today.isoformat()):
            return {"already": 1}
        rows = []
        for group in await groups.linked(conn):
            names, count = await groups.unreported(conn, group, first, today, today)
            token = CURRENT_CHANNEL.set(channel_of(group.chat_id))
            try:
                text = render_reminder(
                    texts, language, today, names, count, week=rule.scope == "week"
                )
            finally:
                CURRENT_CHANNEL.reset(token)
            key = f"{job}:{today.isoformat()}:{group.chat_id}"
            rows.append(NewMessage("group-reminder", group.chat_id, {"text": text}, key))
        counts = {"groups": len(rows)}
        await job_runs.record_run(conn, job, today.isoformat(), counts, now)
        await outbox.enqueue_many(conn, rows, now)
    return counts
