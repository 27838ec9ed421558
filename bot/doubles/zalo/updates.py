"""Zalo's update queue: every getUpdates takes exactly one update, which is then gone.

There is no offset, so nothing is confirmed: an update handed out is never sent again unless
a test calls `redeliver`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any

from bot.doubles.telegram.updates import ChangeSignal

_RELEASED: dict[str, Any] = {"released": True}  # truthy marker that ends a waiting poll


class ZaloUpdateQueue:
    """Updates not yet handed to the bot, oldest first."""

    def __init__(self) -> None:
        self._pending: deque[dict[str, Any]] = deque()
        self._arrived = ChangeSignal()
        self._releases = 0

    def push(self, update: dict[str, Any]) -> None:
        self._pending.append(update)
        self._arrived.notify()

    def push_front(self, update: dict[str, Any]) -> None:
        """Put back an update whose delivery was cut short, so it goes out first."""
        self._pending.appendleft(update)
        self._arrived.notify()

    async def take(self, wait: float) -> dict[str, Any] | None:
        """Long-poll: the oldest update, or None after `wait` seconds or on release."""
        releases = self._releases

        def pop() -> dict[str, Any] | None:
            # Popping inside the predicate keeps two waiters from taking the same update.
            if self._pending:
                return self._pending.popleft()
            return _RELEASED if self._releases != releases else None

        update: dict[str, Any] | None = None
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                update = await self._arrived.wait_for(pop)
        return None if update is _RELEASED else update

    async def next(self) -> dict[str, Any]:
        """Wait as long as it takes for the oldest update (webhook delivery)."""
        return await self._arrived.wait_for(
            lambda: self._pending.popleft() if self._pending else None
        )

    def release_polls(self) -> None:
        """End waiting long polls now (a webhook was set, or the server stops)."""
        self._releases += 1
        self._arrived.notify()

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet handed out."""
        return list(self._pending)
