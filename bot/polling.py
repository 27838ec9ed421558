"""Long polling that confirms an update only after it was handled and its dialog state saved.

PTB's Updater confirms each batch as soon as it is fetched, so a crash while handling loses
those updates. Here the next getUpdates (which confirms) is only asked after the batch is
handled; a crash replays the batch, and the application skips what it had already handled.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.ratelimit import brief

logger = logging.getLogger(__name__)

MAX_BACKOFF = 30.0


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


async def poll(
    application: Application,
    stop: asyncio.Event,
    *,
    poll_timeout: int = 30,
    allowed_updates: list[str] | None = None,
) -> None:
    """Fetch and handle updates one by one until `stop` is set."""
    offset: int | None = None
    backoff = 1.0
    while not stop.is_set():
        fetch = asyncio.ensure_future(
            application.bot.get_updates(
                offset=offset, timeout=poll_timeout, allowed_updates=allowed_updates
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
            logger.warning("getUpdates failed (%s); trying again in %.0f s", brief(error), backoff)
            await _pause(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
            continue
        backoff = 1.0
        for update in updates:
            await application.process_update(update)
            offset = update.update_id + 1
