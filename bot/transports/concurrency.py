"""One user's slow update does not hold up the others; one user's updates stay in order.

Dialogs need one user's updates handled one after the other: the answer to a question must
meet the state that question left, and a Zalo number is read against the bot's latest
message. Nothing needs two users' updates in order, so one user's slow Bot API call (a call
hanging until the client's timeout, then its retries) must not keep everyone else waiting,
as it did when every update waited for the one before.

`PerUserProcessor` is PTB's hook for this (`ApplicationBuilder.concurrent_updates`). Whoever
takes updates in (bot.polling, the webhooks) hands each one to `process_update` in a task of
its own, in the order the updates came. The processor then

- starts an update only once the earlier updates of the same user are done, their retries
  included, since those run inside the handling: a question asked again after a timeout is
  never asked after the card that answers the user's next message. Updates are keyed by
  their user, else their chat (a private chat has its user's id, so both keys agree), else
  they share one key, so none of those overtakes another;
- lets updates of different users run one at a time as long as each is quick, and lets the
  next ones start as soon as the running one has taken OVERTAKE_AFTER seconds. A slow
  update goes on beside the others; it holds them up for OVERTAKE_AFTER at most.

Why not start every user's update at once: an update is at risk between its first visible
effect (a reply sent) and the commit of its "handled" mark; a crash (SIGKILL) in between
replays it and the reply shows twice. Quick updates one at a time keep that to the one update
running at the moment of a crash, as before; only updates slower than OVERTAKE_AFTER add to
it (one repeated reply each, at most). `PerUserProcessor(overtake_after=0)` starts every
user's update at once. It also keeps a quick update's Bot API calls in one run, as the fault
tests' seeded sequences assume, and costs nothing while updates take milliseconds of CPU.

The order is taken when an update enters `do_process_update`. Tasks start in the order they
were made and nothing before that point waits as long as the semaphore of PTB's base class
is not full: its bound is far above what can come in at once (bot.polling holds at most
`MAX_WINDOW` updates unconfirmed; Telegram's webhook opens at most 100 connections).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Far above what comes in at once (see the module docstring): never the one that orders.
MAX_CONCURRENT_UPDATES = 4096
# How long a running update keeps the others of other users waiting: far above a quick
# update (milliseconds of CPU, a Bot API round trip or two), far below a client timeout (5 s).
OVERTAKE_AFTER = 0.25


def update_key(update: object) -> Hashable:
    """Whose turn an update waits for: its user, else its chat, else the shared key None."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None


class _Front:
    """Who runs in front: one update at a time, until it is done or has run `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = asyncio.Lock()  # waiters are served first come, first served
        self.overtaken = 0  # times a running update was overtaken

    async def enter(self) -> Callable[[], None]:
        """Wait for the front; return what gives it up (safe to call more than once)."""
        await self._lock.acquire()
        given_up = False

        def give_up() -> None:
            nonlocal given_up
            if not given_up:
                given_up = True
                timer.cancel()
                self._lock.release()

        def overtake() -> None:
            self.overtaken += 1
            give_up()

        timer = asyncio.get_running_loop().call_later(self.seconds, overtake)
        return give_up


class PerUserProcessor(BaseUpdateProcessor):
    """Handle each user's updates in order; let other users' overtake a slow one."""

    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        *,
        overtake_after: float = OVERTAKE_AFTER,
        key: Callable[[object], Hashable] = update_key,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._key = key
        self._front = _Front(overtake_after) if overtake_after > 0 else None
        # Per key, the last update handed in: it is done when its future is.
        self._last: dict[Hashable, asyncio.Future[None]] = {}

    @property
    def overtaken(self) -> int:
        """How many times a slow update let the next ones start beside it."""
        return 0 if self._front is None else self._front.overtaken

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the same user's earlier updates and for the front, then handle this one."""
        key = self._key(update)
        before = self._last.get(key)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last[key] = done
        give_up: Callable[[], None] | None = None
        try:
            if before is not None:
                await asyncio.wait((before,))  # its outcome is its own; only its end matters
            if self._front is not None:
                give_up = await self._front.enter()
            await coroutine
        except BaseException:
            if inspect.iscoroutine(coroutine) and inspect.getcoroutinestate(coroutine) == (
                inspect.CORO_CREATED
            ):
                coroutine.close()  # cancelled while waiting its turn: it never started
            raise
        finally:
            if give_up is not None:
                give_up()
            done.set_result(None)
            if self._last.get(key) is done:
                del self._last[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: those who hand updates in wait for them to finish."""
