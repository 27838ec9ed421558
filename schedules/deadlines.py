"""Deadline alerts before the due time, and one escalation after it, each at most once."""

from __future__ import annotations

import logging
from datetime import timedelta, tzinfo

from bot.core.clock import Clock, iso_utc
from bot.core.i18n import LANGUAGES, Texts
from bot.domain.timing import in_quiet_hours
from storage import deadlines, members, outbox
from storage.db import Database
from storage.deadlines import Deadline, Missing

logger = logging.getLogger(__name__)

# Escalate only deadlines that passed recently: a deadline entered after the fact stays quiet.
ESCALATION_WINDOW = timedelta(days=3)
MISSING_SHOWN = 30


def _due_text(texts: Texts, language: str, deadline: Deadline, tz: tzinfo) -> str:
    return texts.date(language, deadline.due_at.astimezone(tz), "datetime")


def current_stage(deadline: Deadline, now, stages: tuple[int, ...]) -> int | None:
    """Return the latest alert stage (hours before due) whose moment has passed, if any."""
    passed = [h for h in stages if now >= deadline.due_at - timedelta(hours=h)]
    return min(passed) if passed else None


async def _alert(db, texts, tz, deadline: Deadline, stage: int, now) -> int:
    left = deadline.due_at - now
    queued = 0
    async with db.transaction() as conn:
        for language in LANGUAGES:
            if left >= timedelta(days=1):
                count = left.days
                left_text = texts.plain(language, "deadline-left-days", count=count)
            else:
                hours = max(1, round(left.total_seconds() / 3600))
                left_text = texts.plain(language, "deadline-left-hours", count=hours)
            payload = {
                "text": texts.get(
                    language,
                    "deadline-alert",
                    title=deadline.title,
                    due=_due_text(texts, language, deadline, tz),
                    left=left_text,
                )
            }
            sql, params = deadlines.not_done_members(deadline, language)
            queued += await outbox.enqueue_for_members(
                conn,
                kind="deadline",
                ref_id=deadline.id,
                member_ids_sql=sql,
                params=params,
                payload=payload,
                dedupe_prefix=f"deadline:{deadline.id}:{stage}h:",
                now=iso_utc(now),
            )
    return queued


def _escalation_text(texts, language, deadline, tz, missing: list[Missing]) -> str:
    lines = [
        texts.get(
            language,
            "deadline-escalation",
            title=deadline.title,
            due=_due_text(texts, language, deadline, tz),
            count=len(missing),
        )
    ]
    for person in missing[:MISSING_SHOWN]:
        lines.append(
            texts.get(
                language, "deadline-missing-line", name=person.full_name, team=person.team_name
            )
        )
    if len(missing) > MISSING_SHOWN:
        lines.append(texts.get(language, "deadline-more", count=len(missing) - MISSING_SHOWN))
    return "\n".join(lines)


async def _escalate(db, texts, tz, deadline: Deadline, now) -> int:
    async with db.transaction() as conn:
        missing = await deadlines.missing(conn, deadline)
        if not missing:
            return 0
        queued = 0
        for watcher in await members.watchers(conn, deadline.area_path):
            # A leader hears about their team; a coordinator about their area.
            mine = [
                m
                for m in missing
                if (watcher.role == "leader" and m.team_id == watcher.team_id)
                or (watcher.role == "coordinator" and m.area_path.startswith(watcher.scope_path))
            ]
            if not mine:
                continue
            queued += await outbox.enqueue(
                conn,
                kind="deadline",
                ref_id=deadline.id,
                member_id=watcher.id,
                chat_id=watcher.chat_id,
                payload={"text": _escalation_text(texts, watcher.language, deadline, tz, mine)},
                dedupe_key=f"deadline:{deadline.id}:escalation:{watcher.id}",
                now=iso_utc(now),
            )
    return queued


async def deadline_alerts(
    db: Database,
    clock: Clock,
    tz: tzinfo,
    texts: Texts,
    stages: tuple[int, ...],
    quiet,
) -> dict[str, int]:
    """Queue due alerts and escalations; each goes to a person at most once, ever."""
    now = clock.now()
    counts = {"alerted": 0, "escalated": 0, "quiet": 0, "deadlines": 0}
    quiet_now = in_quiet_hours(now.astimezone(tz).time(), quiet)
    for deadline in await deadlines.active(db.reader, iso_utc(now - ESCALATION_WINDOW)):
        counts["deadlines"] += 1
        if now >= deadline.due_at:
            counts["escalated"] += await _escalate(db, texts, tz, deadline, now)
            continue
        stage = current_stage(deadline, now, stages)
        if stage is None:
            continue
        if quiet_now:
            counts["quiet"] += 1  # the stage is still due after the quiet hours
            continue
        counts["alerted"] += await _alert(db, texts, tz, deadline, stage, now)
    return counts
