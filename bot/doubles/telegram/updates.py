"""The getUpdates queue with long polling, and a change signal for waiting tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from bot.doubles.telegram.ids import IssuedIds

T = TypeVar("T")

# Telegram's default when allowed_updates was never given or given as [].
_DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class ChangeSignal:
    """Wakes every waiter on the next notify(); notify() is sync so user actions can call it."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_for(self, predicate: Callable[[], T | None]) -> T:
        """Re-evaluate `predicate` on every change and return its first truthy value."""
        loop = asyncio.get_running_loop()
        while not (result := predicate()):
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            try:
                await waiter
            finally:
                self._waiters.discard(waiter)
        return result

    async def wait_within(self, predicate: Callable[[], T], seconds: float) -> T:
        """Like wait_for, but give up after `seconds` with a TimeoutError saying so."""
        try:
            async with asyncio.timeout(seconds):
                return await self.wait_for(predicate)
        except TimeoutError:
            raise TimeoutError(f"condition not met within {seconds} s") from None


class UpdateQueue:
    """Pending updates, kept until a getUpdates offset confirms them, as Telegram does."""

    def __init__(self, ids: IssuedIds | None = None) -> None:
        self._pending: list[dict[str, Any]] = []
        self._ids = ids if ids is not None else IssuedIds()
        self._allowed: frozenset[str] | None = None
        self._arrived = ChangeSignal()
        self._releases = 0

    @property
    def last_id(self) -> int:
        """The last update id issued (0 before the first), here or, with an id file, by an
        earlier double over the same file."""
        return self._ids.last_update_id

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._ids.take_update_id(), kind: payload}
        self._pending.append(update)
        self._arrived.notify()
        return update

    def redeliver(self, update: dict[str, Any]) -> None:
        """Queue an already-delivered update again, same id, as a replay or webhook retry."""
        self._pending.append(update)
        self._arrived.notify()

    async def next_pending(
        self, skip: Callable[[dict[str, Any]], bool] = lambda update: False
    ) -> dict[str, Any]:
        """Wait for the oldest update not yet confirmed that `skip` does not hold back
        (webhook delivery); `nudge` when what `skip` says may have changed."""

        def oldest() -> dict[str, Any] | None:
            return next((u for u in self._pending if self._is_allowed(u) and not skip(u)), None)

        return await self._arrived.wait_for(oldest)

    def nudge(self) -> None:
        """Wake those waiting for an update: what they wait for may have changed."""
        self._arrived.notify()

    def allow(self, kinds: list[str]) -> None:
        """Deliver only these kinds of update from now on (allowed_updates)."""
        self._allowed = frozenset(kinds) or None

    def confirm(self, update_id: int) -> None:
        """Forget one delivered update (a webhook answered 2xx)."""
        self._pending = [u for u in self._pending if u["update_id"] != update_id]

    def drop_all(self) -> None:
        self._pending.clear()

    def release_polls(self) -> None:
        """Answer waiting long polls now so the server can stop without waiting for them."""
        self._releases += 1
        self._arrived.notify()

    async def get(
        self, offset: int | None, limit: int, wait: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """Telegram's getUpdates: confirm below `offset`, then long-poll up to `wait` seconds."""
        if offset is not None:
            if offset < 0:
                self._pending = self._pending[offset:]
            else:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if allowed is not None:
            self._allowed = frozenset(allowed) or None
        self._pending = [u for u in self._pending if self._is_allowed(u)]
        releases = self._releases
        if not self._pending and wait > 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._arrived.wait_for(
                        lambda: self._pending or self._releases != releases
                    )
        return [u for u in self._pending if self._is_allowed(u)][:limit]

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self._allowed is None:
            return kind not in _DEFAULT_EXCLUDED
        return kind in self._allowed

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot."""
        return list(self._pending)
