"""Scheduled jobs: plain async functions that return counts; the JobQueue only calls them."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import Application, CallbackContext

from schedules import broadcasts, housekeeping, tick
from schedules.delivery import DeliveryWorker

logger = logging.getLogger(__name__)


async def _prune_updates(context: CallbackContext) -> None:
    deps = context.application.deps  # type: ignore[attr-defined]
    counts = await housekeeping.prune_processed_updates(deps.db, deps.clock)
    counts |= await housekeeping.prune_zalo(deps.db, deps.clock)
    counts |= await housekeeping.prune_evidence(deps.db, deps.clock)
    logger.info("housekeeping: %s", counts)


async def _tick(context: CallbackContext) -> None:
    application = context.application
    done = await tick.tick(application.deps)  # type: ignore[attr-defined]
    if any(any(counts.values()) for counts in done.values()):
        logger.info("tick: %s", done)
    application.deps.wake_delivery()  # type: ignore[attr-defined]


async def _broadcast_progress(context: CallbackContext) -> None:
    application = context.application
    deps = application.deps  # type: ignore[attr-defined]
    shown = application.bot_data.setdefault("broadcast_progress", {})
    await broadcasts.report_progress(deps.db, deps.bot_for, deps.texts, deps.clock, shown)


def register(application: Application) -> None:
    """Put every job on the application's JobQueue."""
    # Every minute: what is due is decided from the database and the clock (see tick).
    application.job_queue.run_repeating(
        _tick,
        interval=timedelta(minutes=1),
        first=timedelta(seconds=5),
        name="tick",
        job_kwargs={"misfire_grace_time": 30},
    )
    # Senders see "Đã gửi 1.200/4.993" move every few seconds.
    application.job_queue.run_repeating(
        _broadcast_progress,
        interval=timedelta(seconds=3),
        first=timedelta(seconds=3),
        name="broadcast_progress",
    )
    application.job_queue.run_repeating(
        _prune_updates,
        interval=timedelta(hours=6),
        first=timedelta(minutes=1),
        name="prune_processed_updates",
    )


async def start_delivery(application: Application) -> DeliveryWorker:
    """Start the outbox worker of the application's messenger; keep it on `.delivery`.

    Each messenger's worker sends only to its own chats, at its own pace.
    """
    deps = application.deps  # type: ignore[attr-defined]
    settings = deps.settings
    channel = application.channel  # type: ignore[attr-defined]
    worker = DeliveryWorker(
        application.bot,
        deps.db,
        deps.clock,
        rate=settings.zalo_send_rate if channel == "zalo" else settings.send_rate,
        per_chat_interval=settings.send_per_chat_interval,
        max_attempts=settings.send_max_attempts,
        channel=channel,
        in_flight=settings.send_in_flight,
    )
    await worker.start()
    application.delivery = worker  # type: ignore[attr-defined]
    deps.workers.append(worker)
    return worker


async def stop_delivery(application: Application) -> None:
    """Stop the outbox worker after the sends in flight, if it was started."""
    worker: DeliveryWorker | None = getattr(application, "delivery", None)
    if worker is not None:
        await worker.stop()
        application.delivery = None  # type: ignore[attr-defined]
        deps = application.deps  # type: ignore[attr-defined]
        if worker in deps.workers:
            deps.workers.remove(worker)
