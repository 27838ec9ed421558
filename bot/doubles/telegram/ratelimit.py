"""Telegram's flood control as token buckets: one global and one per chat."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.doubles.telegram.errors import too_many_requests


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Bucket sizes and refill rates; `clock` is injectable so tests move time by hand."""

    global_per_second: float = 30.0
    global_burst: int = 30
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 5
    clock: Callable[[], float] = time.monotonic


class _Bucket:
    """Holds up to `burst` tokens, refilled continuously at `rate` per second."""

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.updated = now

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait(self) -> float:
        """Seconds until one token is available."""
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class RateLimiter:
    """Charges one token from the global and the chat bucket per message sent or edited."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._global = _Bucket(limits.global_per_second, limits.global_burst, limits.clock())
        self._chats: dict[Hashable, _Bucket] = {}

    def charge(self, chat_id: int) -> None:
        """Take a token from both buckets or raise Telegram's 429 without taking any."""
        wait = self.take(chat_id)
        if wait > 0:
            # Rounding first keeps float noise (1.0000000002 s) from becoming a 2 s retry.
            raise too_many_requests(max(1, math.ceil(round(wait, 6))))

    def take(self, chat_id: Hashable) -> float:
        """Take a token from both buckets and return 0, or return the wait and take none.

        Platform-neutral (the Zalo double has string chat ids and its own 429 wording).
        """
        now = self.limits.clock()
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = _Bucket(self.limits.per_chat_per_second, self.limits.per_chat_burst, now)
            self._chats[chat_id] = chat
        self._global.refill(now)
        chat.refill(now)
        wait = max(self._global.wait(), chat.wait())
        if wait > 0:
            return wait
        self._global.tokens -= 1
        chat.tokens -= 1
        return 0.0
