"""Housekeeping jobs: forget what no longer needs remembering."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import Clock, iso_utc
from storage import updates
from storage.db import Database

# Telegram keeps an unconfirmed update for 24 hours; twice that is safely past any replay.
KEEP_UPDATE_IDS = timedelta(hours=48)


async def prune_processed_updates(db: Database, clock: Clock) -> dict[str, int]:
    """Drop records of handled updates that can no longer be replayed."""
    async with db.transaction() as conn:
        pruned = await updates.forget_before(conn, iso_utc(clock.now() - KEEP_UPDATE_IDS))
    return {"pruned": pruned}
