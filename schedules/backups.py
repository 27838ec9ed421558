"""The nightly backup: one verified copy a night, the newest few kept."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.core.clock import Clock, iso_utc
from storage import backup, job_runs
from storage.db import Database

logger = logging.getLogger(__name__)


async def nightly_backup(
    db: Database, clock: Clock, tz, directory: Path, keep: int
) -> dict[str, int]:
    """Back the database up once per local day into `directory`; return its row counts."""
    day = clock.now().astimezone(tz).date().isoformat()
    if await job_runs.ran(db.reader, "backup", day):
        return {"already": 1}
    target = directory / f"cns-bot-{day}.sqlite3"
    # The copy runs in a thread: the bot keeps answering while pages are copied.
    counts = await asyncio.to_thread(backup.backup, db.path, target)
    pruned = await asyncio.to_thread(backup.prune, directory, keep)
    async with db.transaction() as conn:
        await job_runs.record_run(conn, "backup", day, counts, iso_utc(clock.now()))
    logger.info("Backup %s written (%s); %d old ones removed", target, counts, len(pruned))
    return {**counts, "pruned": len(pruned)}
