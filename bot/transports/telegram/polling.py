"""Long polling that confirms an update only after it, and every update before it, was handled.

PTB's Updater confirms each batch as soon as it is fetched, so a crash while handling loses
those updates. Here getUpdates is asked with an offset that confirms only the updates handled
so far without a gap: the offset never passes an update still being handled, whatever was
handled after it. A crash replays what was not confirmed, and the application skips what it
had already handled (its mark is committed with the dialog state, bot.app).

Each fetched update goes to the application's update processor in a task of its own, in
update id order (bot.concurrency: other users' updates may overtake a slow one, one user's
never), and the loop goes on fetching while they run, so that one user's slow call does not
keep the others' new updates from coming in. Telegram answers getUpdates at once, with the
unconfirmed updates again, as long as there are any: after each fetch the loop waits until
everything in flight is done or REPOLL_SECONDS passed, and skips the updates it has. At most
MAX_WINDOW updates are held unconfirmed (getUpdates hands out 100 at most, from the offset
on): beyond that the loop logs a WARNING and waits for the oldest, so a hung call holds the
others up only once 100 updates came in behind it (webhooks have no such bound).

The Zalo transport's getUpdates is told the newest update id the loop has (`known`) and
returns only later ones, waiting for Zalo when there are none: the loop asks again at once.

At `stop` the loop fetches no more and waits for the updates in flight; an update that fails
(its handling raised, e.g. the database) stops the loop the same way, then is raised.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.transports.ratelimit import brief

logger = logging.getLogger(__name__)

MAX_BACKOFF = 30.0
# While updates are in flight, ask getUpdates again this often: the longest a new update
# waits for the loop when another user's call hangs (Telegram can't wait for new updates
# while unconfirmed ones are left, and the offset can't confirm what is still in flight).
REPOLL_SECONDS = 0.1
# The most updates held unconfirmed: Telegram's getUpdates hands out at most 100.
MAX_WINDOW = 100
# The Zalo transport's getUpdates parameter: the newest update id the caller already has.
KNOWN = "known"


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class Window:
    """The updates fetched and not yet confirmed, oldest first, each with its handling task."""

    def __init__(self) -> None:
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self.newest: int | None = None

    def __len__(self) -> int:
        return len(self._tasks)

    @property
    def oldest(self) -> int | None:
        """The oldest update not yet confirmed."""
        return next(iter(self._tasks), None)

    def has(self, update_id: int) -> bool:
        """Tell whether an update is held already (Telegram hands it out until confirmed).

        One fetched again after it was confirmed (a redelivery) is handed in again; the
        application skips it as handled.
        """
        return update_id in self._tasks

    def add(self, update_id: int, task: asyncio.Task[None]) -> None:
        self._tasks[update_id] = task
        self.newest = update_id if self.newest is None else max(self.newest, update_id)

    def confirmable(self) -> int | None:
        """Drop the handled updates at the front; return the offset that confirms them."""
        offset = None
        for update_id, task in list(self._tasks.items()):
            if not task.done() or task.cancelled() or task.exception() is not None:
                break
            del self._tasks[update_id]
            offset = update_id + 1
        return offset

    def running(self) -> list[asyncio.Task[None]]:
        return [task for task in self._tasks.values() if not task.done()]

    def failure(self) -> BaseException | None:
        """The first failure of an update's handling, if any."""
        for task in self._tasks.values():
            if task.done():
                if task.cancelled():
                    return asyncio.CancelledError()
                if task.exception() is not None:
                    return task.exception()
        return None


def _handle(application: Application, update: Update) -> asyncio.Task[None]:
    """Hand one update to the application's update processor, in a task of its own."""
    processor = application.update_processor
    return asyncio.ensure_future(
        processor.process_update(update, application.process_update(update))
    )


async def _settle(window: Window, stop: asyncio.Event, seconds: float | None) -> None:
    """Wait until nothing is in flight, a handling failed, `stop` is set, or `seconds` passed
    (with seconds None: until the oldest update is handled)."""
    running = window.running()
    if not running:
        return
    stopped = asyncio.ensure_future(stop.wait())
    try:
        if seconds is None:
            await asyncio.wait((running[0], stopped), return_when=asyncio.FIRST_COMPLETED)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while running and not stop.is_set() and window.failure() is None:
            left = deadline - loop.time()
            if left <= 0:
                return
            await asyncio.wait(
                (*running, stopped), timeout=left, return_when=asyncio.FIRST_COMPLETED
            )
            running = window.running()
    finally:
        stopped.cancel()


async def poll(
    application: Application,
    stop: asyncio.Event,
    *,
    poll_timeout: int = 30,
    allowed_updates: list[str] | None = None,
) -> None:
    """Fetch updates and handle them until `stop` is set; then wait for those in flight."""
    window = Window()
    offset: int | None = None
    backoff = 1.0
    zalo = getattr(application, "zalo", None) is not None
    try:
        while not stop.is_set() and window.failure() is None:
            offset = window.confirmable() or offset
            if len(window) >= MAX_WINDOW:
                logger.warning(
                    "%d updates unconfirmed from update %s on, which is still being handled:"
                    " fetching no more until it is done",
                    len(window),
                    window.oldest,
                )
                await _settle(window, stop, None)
                continue
            extra = {KNOWN: window.newest} if zalo and window.newest is not None else None
            fetch = asyncio.ensure_future(
                application.bot.get_updates(
                    offset=offset,
                    timeout=poll_timeout,
                    allowed_updates=allowed_updates,
                    api_kwargs=extra,
                )
            )
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if not fetch.done():
                fetch.cancel()
                break
            try:
                updates: tuple[Update, ...] = fetch.result()
            except InvalidToken:
                raise
            except RetryAfter as error:
                await _pause(stop, float(error.retry_after))
                continue
            except TimedOut:
                continue
            except NetworkError as error:
                logger.warning(
                    "getUpdates failed (%s); trying again in %.0f s", brief(error), backoff
                )
                await _pause(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 1.0
            for update in updates:
                if not window.has(update.update_id):
                    window.add(update.update_id, _handle(application, update))
            if not zalo:
                # Telegram would answer at once with what is in flight: let it finish first.
                await _settle(window, stop, REPOLL_SECONDS)
    finally:
        running = window.running()
        if running:
            await asyncio.wait(running)
    failure = window.failure()
    if failure is not None:
        raise failure
