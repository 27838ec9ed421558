"""Delivering updates by webhook, as Telegram does once setWebhook was called.

Updates go out one at a time, oldest first, as JSON POSTs carrying the secret token header;
an update counts as delivered only on a 2xx answer, otherwise it is sent again after a
short pause (Telegram retries too), so a bot must treat a repeated update as harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import aiohttp

from bot.doubles.telegram.updates import UpdateQueue

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.1, 0.2, 0.5, 1.0)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookSender:
    """Posts pending updates to the bot's webhook until it is deleted."""

    def __init__(self, updates: UpdateQueue) -> None:
        self.updates = updates
        self.url: str | None = None
        self.secret: str | None = None
        self.answers: list[int] = []  # HTTP status of every delivery attempt, for tests
        self._task: asyncio.Task | None = None

    @property
    def active(self) -> bool:
        """Tell whether a webhook is set."""
        return self.url is not None

    def set(self, url: str, secret: str | None) -> None:
        """Start delivering to `url`."""
        self.url, self.secret = url, secret
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="webhook")

    async def delete(self) -> None:
        """Stop delivering; pending updates wait for getUpdates again."""
        self.url = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            failures = 0
            while self.url is not None:
                update = await self.updates.next_pending()
                if await self._post(session, update):
                    self.updates.confirm(update["update_id"])
                    failures = 0
                    continue
                delay = RETRY_DELAYS[min(failures, len(RETRY_DELAYS) - 1)]
                failures += 1
                await asyncio.sleep(delay)  # the double imitating Telegram's retry pause

    async def _post(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        try:
            async with session.post(self.url, json=update, headers=headers) as response:
                self.answers.append(response.status)
                return 200 <= response.status < 300
        except aiohttp.ClientError as error:
            logger.info("Webhook delivery failed: %s", error)
            self.answers.append(0)
            return False
