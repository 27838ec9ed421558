"""Delivering updates by webhook, as Telegram does once setWebhook was called.

Updates go out as JSON POSTs carrying the secret token header, oldest first, up to
`max_connections` at once (setWebhook's parameter; 40 unless given, as on Telegram) and one
chat's one at a time: a chat's next update goes only after the previous one was answered.
The Bot API documents max_connections only; that a chat's updates keep their order is our
assumption, and what a bot needs anyway (and bot.concurrency orders them again). An update
counts as delivered only on a 2xx answer, otherwise it is sent again after a short pause
(Telegram retries too), so a bot must treat a repeated update as harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.doubles.telegram.updates import UpdateQueue

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.1, 0.2, 0.5, 1.0)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CONNECTIONS = 40


def chat_of(update: dict[str, Any]) -> object:
    """The chat an update is about (a button's message's chat), else its sender."""
    for kind, payload in update.items():
        if kind == "update_id" or not isinstance(payload, dict):
            continue
        chat = payload.get("chat") or (payload.get("message") or {}).get("chat")
        if chat:
            return chat.get("id")
        sender = payload.get("from")
        if sender:
            return sender.get("id")
    return None


class WebhookSender:
    """Posts pending updates to the bot's webhook until it is deleted."""

    def __init__(self, updates: UpdateQueue, notify: Callable[[], None] = lambda: None) -> None:
        self.updates = updates
        self._notify = notify  # a delivery confirmed: waiting tests look again
        self.url: str | None = None
        self.secret: str | None = None
        self.max_connections = MAX_CONNECTIONS
        self.answers: list[int] = []  # HTTP status of every delivery attempt, for tests
        self.most_at_once = 0  # the most deliveries that were out at once, for tests
        self._task: asyncio.Task | None = None

    @property
    def active(self) -> bool:
        """Tell whether a webhook is set."""
        return self.url is not None

    def set(self, url: str, secret: str | None, max_connections: int | None = None) -> None:
        """Start delivering to `url`."""
        self.url, self.secret = url, secret
        self.max_connections = max_connections or MAX_CONNECTIONS
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
        out: dict[object, asyncio.Task] = {}  # chat -> its update being delivered

        def held_back(update: dict[str, Any]) -> bool:
            return len(out) >= self.max_connections or chat_of(update) in out

        def finished(chat: object, task: asyncio.Task) -> None:
            if out.get(chat) is task:
                del out[chat]
            self.updates.nudge()

        async with aiohttp.ClientSession() as session:
            try:
                while self.url is not None:
                    update = await self.updates.next_pending(skip=held_back)
                    chat = chat_of(update)
                    task = asyncio.create_task(self._deliver(session, update))
                    out[chat] = task
                    self.most_at_once = max(self.most_at_once, len(out))
                    task.add_done_callback(lambda done, chat=chat: finished(chat, done))
            finally:
                for task in out.values():
                    task.cancel()
                await asyncio.gather(*out.values(), return_exceptions=True)

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        failures = 0
        while self.url is not None:
            if await self._post(session, update):
                self.updates.confirm(update["update_id"])
                self._notify()
                return
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
