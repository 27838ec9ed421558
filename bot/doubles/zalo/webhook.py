"""Delivering updates to the bot's webhook, with a few retries, then dropping them.

Each update is POSTed as JSON with the `X-Bot-Api-Secret-Token` header, wrapped as the docs
show it: `{"ok": true, "result": <update>}` (`wrap=False` posts the bare update, the shape
other clients of the API read; tests/zalo_conformance.md Z12). A non-2xx answer or
a connection error is retried after each of `retry_delays` (no pause by default, so tests
stay fast and deterministic); when all attempts failed the update is dropped and recorded.
Zalo does not document its retry policy: the retries are our assumption.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp

from bot.doubles.zalo.models import WebhookAttempt
from bot.doubles.zalo.updates import ZaloUpdateQueue

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
DEFAULT_RETRY_DELAYS = (0.0, 0.0, 0.0)
_POST_TIMEOUT = aiohttp.ClientTimeout(total=10.0)


class ZaloWebhookSender:
    """Posts queued updates one at a time, oldest first, while a webhook is set."""

    def __init__(
        self,
        updates: ZaloUpdateQueue,
        notify: Callable[[], None],
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
    ) -> None:
        self.updates = updates
        self.retry_delays = tuple(retry_delays)
        self.url: str | None = None
        self.secret: str | None = None
        self.attempts: list[WebhookAttempt] = []
        self.dropped: list[dict[str, Any]] = []
        self.wrap = True
        self._notify = notify
        self._task: asyncio.Task[None] | None = None

    @property
    def active(self) -> bool:
        """Tell whether a webhook is set."""
        return self.url is not None

    def set(self, url: str, secret: str) -> None:
        """Deliver to `url` from now on, starting with updates already queued."""
        self.url, self.secret = url, secret
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="zalo-webhook")

    async def delete(self) -> None:
        """Stop delivering; queued updates wait for getUpdates again."""
        self.url = self.secret = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        async with aiohttp.ClientSession(timeout=_POST_TIMEOUT) as session:
            while True:
                update = await self.updates.next()
                try:
                    await self._deliver(session, update)
                except asyncio.CancelledError:
                    self.updates.push_front(update)
                    raise

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        for attempt, delay in enumerate((0.0, *self.retry_delays), start=1):
            if delay:
                await asyncio.sleep(delay)  # the double imitating the platform's retry pause
            result = await self._post(session, update, attempt)
            self.attempts.append(result)
            self._notify()
            if result.delivered:
                return
        logger.info("Webhook gave up on an update after %d attempts", attempt)
        self.dropped.append(update)
        self._notify()

    async def _post(
        self, session: aiohttp.ClientSession, update: dict[str, Any], attempt: int
    ) -> WebhookAttempt:
        assert self.url is not None and self.secret is not None
        headers = {SECRET_HEADER: self.secret}
        body = {"ok": True, "result": update} if self.wrap else update
        try:
            async with session.post(self.url, json=body, headers=headers) as response:
                return WebhookAttempt(update, attempt, response.status)
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.info("Webhook delivery failed: %r", error)
            return WebhookAttempt(update, attempt, 0, repr(error))
