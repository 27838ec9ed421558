"""Housekeeping jobs, called directly with a fixed clock."""

from datetime import timedelta

from bot.core.clock import FrozenClock, iso_utc
from schedules.housekeeping import prune_processed_updates
from storage import updates
from storage.db import Database
from tests.conftest import START


async def test_prune_keeps_recent_update_ids(tmp_path):
    clock = FrozenClock(START)
    async with Database(tmp_path / "bot.sqlite3") as db:
        async with db.transaction() as conn:
            await updates.mark(conn, 1, iso_utc(START - timedelta(hours=49)))
            await updates.mark(conn, 2, iso_utc(START - timedelta(hours=47)))
        assert await prune_processed_updates(db, clock) == {"pruned": 1}
        assert not await updates.seen(db.reader, 1)
        assert await updates.seen(db.reader, 2)
        assert await prune_processed_updates(db, clock) == {"pruned": 0}
