"""Scheduled jobs: plain async functions that return counts; the JobQueue only calls them."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import Application, CallbackContext

from schedules import housekeeping

logger = logging.getLogger(__name__)


async def _prune_updates(context: CallbackContext) -> None:
    deps = context.application.deps  # type: ignore[attr-defined]
    counts = await housekeeping.prune_processed_updates(deps.db, deps.clock)
    logger.info("prune_processed_updates: %s", counts)


def register(application: Application) -> None:
    """Put every job on the application's JobQueue."""
    application.job_queue.run_repeating(
        _prune_updates,
        interval=timedelta(hours=6),
        first=timedelta(minutes=1),
        name="prune_processed_updates",
    )
