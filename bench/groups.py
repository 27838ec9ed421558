"""groups: queuing the daily posts of linked group chats on a generated province.

Every commune's group and one team group per commune are linked; a third of the members agreed
to be named. Measured: the reminder's and the summary's once-a-day jobs (schedules.groups),
which gather, render and queue one outbox row per group. Run: `python -m bench.groups`.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import BENCH_DAY, Figure, one_cpu
from bench.generate import PROVINCE_WEEK, cached_db
from bot.core.clock import FrozenClock
from bot.core.i18n import Texts
from bot.domain.form import load_form
from schedules.groups import group_reminders, group_summaries
from storage import groups
from storage.db import Database
from storage.reminder_rules import ReminderRule

NAME = "groups"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = "2026-01-01T00:00:00Z"


async def _link(db: Database, communes: int) -> int:
    """Link a group to every commune and to its first team; return how many."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE members SET named_in_groups = (id % 3 = 0)")
        rows = await conn.execute_fetchall(
            "SELECT a.id, (SELECT min(t.id) FROM teams t WHERE t.area_id IN"
            " (SELECT id FROM areas d WHERE d.path >= a.path AND d.path < a.path || '~')"
            " AND t.active = 1) FROM areas a WHERE a.level = 'commune' ORDER BY a.id LIMIT ?",
            (communes,),
        )
        linked = 0
        for area_id, team_id in rows:
            for area, team in ((area_id, None), (None, team_id)):
                if area is None and team is None:
                    continue
                linked += 1
                await groups.link(
                    conn, 2**52 + linked, area_id=area, team_id=team, member_id=1, now=NOW
                )
    return linked


async def measure(communes: int = 100) -> tuple[int, float, float]:
    """Return (groups linked, reminder job ms per group, summary job ms per group)."""
    generated = await cached_db(PROVINCE_WEEK, "province-week")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "groups.sqlite3"
        shutil.copy(generated.path, path)
        async with Database(path) as db:
            count = await _link(db, communes)
            moment = datetime.combine(BENCH_DAY, clock_time(17, 30), TZ)
            clock, texts = FrozenClock(moment), Texts("vi")
            rule = ReminderRule(1, "daily", "day", "16:00", (1, 2, 3, 4, 5), True)
            with one_cpu():
                started = time.perf_counter()
                await group_reminders(db, clock, TZ, texts, rule)
                reminder = time.perf_counter() - started
                started = time.perf_counter()
                await group_summaries(db, clock, TZ, texts, load_form(None))
                summary = time.perf_counter() - started
    return count, reminder * 1000 / count, summary * 1000 / count


async def run() -> list[Figure]:
    count, reminder_ms, summary_ms = await measure()
    print(f"{count} linked groups on a province of 5,000 members (a week of reports)")
    return [
        Figure("groups: reminder job per group", reminder_ms, "ms", note=f"{count} groups"),
        Figure("groups: summary job per group", summary_ms, "ms", note=f"{count} groups"),
    ]


if __name__ == "__main__":
    for figure in asyncio.run(run()):
        print(figure.line())
