"""The daily summary: each coordinator's area, each team leader's team, once a day."""

from __future__ import annotations

import asyncio
import logging
from datetime import tzinfo

from bot.core.clock import Clock, iso_utc
from bot.core.i18n import Texts
from bot.domain import summary as summaries
from bot.domain.form import Form
from bot.ui.charts import summary_charts
from storage import job_runs, members, outbox
from storage.db import Database

logger = logging.getLogger(__name__)

CAPTION_LIMIT = 1024


async def daily_summaries(
    db: Database, clock: Clock, tz: tzinfo, texts: Texts, form: Form
) -> dict[str, int]:
    """Queue today's summary for every coordinator and leader, once; return counts."""
    today = clock.now().astimezone(tz).date()
    counts = {"coordinators": 0, "leaders": 0, "charts": 0}
    if await job_runs.ran(db.reader, "summary", today.isoformat()):
        counts["already"] = 1
        return counts
    queued = []
    for person in await members.summary_recipients(db.reader):
        try:
            built = await summaries.build_summary(
                db, form, area_id=person.scope_area_id, team_id=person.team_id, day=today
            )
        except LookupError:
            continue
        coordinator = person.role == "coordinator"
        text = summaries.render(built, texts, person.language, show_phones=coordinator)
        key = f"summary:{today.isoformat()}:{person.id}"
        queued.append((person, {"text": text}, None, f"{key}:text"))
        if coordinator:
            # Drawing takes CPU (bench/summary.py): off the event loop, so the bot keeps answering.
            charts = await asyncio.to_thread(summary_charts, built, texts, person.language)
            for index, chart in enumerate(charts):
                payload = {"text": chart.caption[:CAPTION_LIMIT], "photo": True}
                suffix = "chart" if index == 0 else f"chart{index + 1}"
                queued.append((person, payload, chart.png, f"{key}:{suffix}"))
                counts["charts"] += 1
        counts["coordinators" if coordinator else "leaders"] += 1
    now = iso_utc(clock.now())
    async with db.transaction() as conn:
        # Recorded with the queued messages in one commit: a restart sends it once, not twice.
        if not await job_runs.record_run(conn, "summary", today.isoformat(), counts, now):
            return {"already": 1}
        for person, payload, attachment, key in queued:
            await outbox.enqueue(
                conn,
                kind="summary",
                member_id=person.id,
                chat_id=person.chat_id,
                payload=payload,
                attachment=attachment,
                dedupe_key=key,
                now=now,
            )
    logger.info("Daily summaries for %s: %s", today, counts)
    return counts
