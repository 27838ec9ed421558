"""What both doubles (Telegram's Bot API, Zalo's Bot Platform) share: an aiohttp server on
127.0.0.1 started and stopped the same way (also as an async context manager), random fault
injection, and the waits and transcript reading tests use.

Each double supplies its routes (`_app`), what happens once it listens or after it stopped,
and where a chat's entries are (`_entries`); its store provides `faults`, `webhook`,
`updates` and `_changes`.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar

from aiohttp import web

logger = logging.getLogger(__name__)

T = TypeVar("T")
_CONTEXT_LINES = 8


class DoubleServer(ABC):
    """The lifecycle, fault rate and inspection both doubles share."""

    # The statuses fault_rate() draws from unless told.
    FAULT_STATUSES: tuple[int, ...] = (500, 502, 429)

    faults: Any
    webhook: Any
    updates: Any
    _changes: Any

    def _init_server(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @abstractmethod
    def _app(self) -> web.Application:
        """The application with the double's routes."""

    @abstractmethod
    async def _answer(self, request: web.Request) -> web.StreamResponse:
        """Answer one API call as the platform would."""

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._answer(request)
        finally:
            # Any answered call may change what a waiting test looks at (errors, calls...).
            self._changes.notify()

    async def _started(self) -> None:  # noqa: B027 — a hook; most doubles need nothing here
        """Called once the server listens on self.port."""

    async def _stopped(self) -> None:  # noqa: B027 — a hook; most doubles need nothing here
        """Called once the server is shut down."""

    async def start(self) -> None:
        app = self._app()
        # Cancelling handlers of vanished clients ends abandoned long polls at once.
        runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await runner.setup()
        await web.TCPSite(runner, self.host, self.port).start()
        self._runner = runner
        self.port = runner.addresses[0][1]
        await self._started()

    async def stop(self) -> None:
        if self._runner is None:
            return
        await self.webhook.delete()
        self.updates.release_polls()
        await self._runner.cleanup()
        self._runner = None
        await self._stopped()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    def fault_rate(
        self,
        probability: float,
        statuses: tuple[int | None, ...] | None = None,
        seed: int | None = 0,
        *,
        delay: float = 0.0,
    ) -> None:
        """Fail each call but getUpdates with `probability`, seeded for repeatable runs.

        A status of None makes the call take effect and answers it `delay` late instead.
        """
        self.faults.set_rate(
            probability, self.FAULT_STATUSES if statuses is None else statuses, seed, delay
        )

    # The public waits take `timeout` like asyncio.wait_for so tests read naturally.
    async def wait_until(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> T:
        """Re-check `predicate` after every change; return its first truthy value."""
        return await self._changes.wait_within(predicate, timeout)

    @abstractmethod
    def _entries(self, chat: Any) -> list[Any]:
        """Both directions of one chat, in order."""

    def describe_transcript(self, chat: Any) -> str:
        """The whole chat as readable lines, for failure messages and debugging."""
        return "\n".join(entry.describe() for entry in self._entries(chat))

    def _tail(self, chat: Any) -> str:
        entries = self._entries(chat)[-_CONTEXT_LINES:]
        return "\n".join(f"  {entry.describe()}" for entry in entries) or "  (empty)"
