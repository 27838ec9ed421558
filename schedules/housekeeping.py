"""Housekeeping jobs: forget what no longer needs remembering."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import Clock, iso_utc
from storage import evidence, updates, zalo
from storage.db import Database

# Telegram keeps an unconfirmed update for 24 hours; twice that is safely past any replay.
KEEP_UPDATE_IDS = timedelta(hours=48)


async def prune_processed_updates(db: Database, clock: Clock) -> dict[str, int]:
    """Drop records of handled updates that can no longer be replayed."""
    async with db.transaction() as conn:
        pruned = await updates.forget_before(conn, iso_utc(clock.now() - KEEP_UPDATE_IDS))
    return {"pruned": pruned}


# A Zalo message's numbered options stay answerable while it is the chat's latest; older
# message records are only kept this long (ids are never reused, whatever is pruned).
KEEP_ZALO_MESSAGES = timedelta(days=30)


async def prune_zalo(db: Database, clock: Clock) -> dict[str, int]:
    """Drop expired file links, old Zalo message ids seen and old message records."""
    now = clock.now()
    async with db.transaction() as conn:
        return await zalo.prune(
            conn,
            iso_utc(now),
            iso_utc(now - KEEP_UPDATE_IDS),
            iso_utc(now - KEEP_ZALO_MESSAGES),
        )


# Photos of a report never sent (a cancelled dialog) wait this long: a paused draft may still
# be resumed and sent.
KEEP_UNSENT_EVIDENCE = timedelta(days=7)


async def prune_evidence(db: Database, clock: Clock) -> dict[str, int]:
    """Drop evidence photos whose report was never sent."""
    async with db.transaction() as conn:
        before = iso_utc(clock.now() - KEEP_UNSENT_EVIDENCE)
        return {"unsent_photos": await evidence.prune_unattached(conn, before)}
