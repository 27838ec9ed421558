"""State shared by the served methods, the user actions and the inspection helpers."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp

from bot.doubles.telegram.errors import ApiError
from bot.doubles.telegram.faults import FaultInjector
from bot.doubles.telegram.ratelimit import RateLimiter, RateLimits
from bot.doubles.telegram.updates import ChangeSignal
from bot.doubles.zalo.errors import UNKNOWN_CHAT, UNREACHABLE, bad_request, error_for
from bot.doubles.zalo.models import RejectedCall, StoredZaloMessage, ZaloUser
from bot.doubles.zalo.updates import ZaloUpdateQueue
from bot.doubles.zalo.webhook import ZaloWebhookSender

logger = logging.getLogger(__name__)

Listener = Callable[[StoredZaloMessage], None]


class ZaloStore:
    """Users, transcripts, the update queue and the records tests inspect."""

    def __init__(
        self,
        token: str,
        account_name: str,
        rate_limits: RateLimits | None,
        clock: Callable[[], float],
        seed: int,
        webhook_retry_delays: Sequence[float],
    ) -> None:
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("token must look like '<bot id digits>:<secret>'")
        self.token = token
        self.bot_id = bot_id
        self.account_name = account_name
        self.clock = clock
        self.origin: str | None = None  # set by the server once it listens
        self.http: aiohttp.ClientSession | None = None  # fetches sendPhoto URLs while running
        self.users: dict[str, ZaloUser] = {}
        self.updates = ZaloUpdateQueue()
        self.faults = FaultInjector()
        self.rate_limiter = RateLimiter(rate_limits) if rate_limits is not None else None
        self.calls: list[str] = []
        self.errors: list[RejectedCall] = []
        self._changes = ChangeSignal()
        self.webhook = ZaloWebhookSender(self.updates, self._changes.notify, webhook_retry_delays)
        self.webhook_updated_at = self.now_ms()
        self._seed = seed
        self._counters: dict[str, int] = {}
        self._listeners: list[Listener] = []

    def now_ms(self) -> int:
        """The double's clock in milliseconds, Zalo's unit for dates."""
        return int(self.clock() * 1000)

    def new_id(self, kind: str) -> str:
        """A 20-hex-character id, the same in every run with the same seed."""
        number = self._counters.get(kind, 0) + 1
        self._counters[kind] = number
        return hashlib.sha256(f"{self._seed}:{kind}:{number}".encode()).hexdigest()[:20]

    def add_listener(self, callback: Listener) -> None:
        """Call `callback(entry)` synchronously for every new bot entry, chat actions included."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Listener) -> None:
        self._listeners.remove(callback)

    def _origin(self) -> str:
        if self.origin is None:
            raise RuntimeError("the Zalo double is not started")
        return self.origin

    def _user(self, user_id: str) -> ZaloUser:
        """A user a test created; anything else is a bug in the test."""
        user = self.users.get(user_id)
        if user is None:
            raise ValueError(f"no user {user_id!r}; call add_user() first")
        return user

    def _target(self, chat_id: Any) -> ZaloUser:
        """The user a bot call addresses; Zalo lets a bot message only users who wrote first."""
        if not isinstance(chat_id, str) or not chat_id:
            raise bad_request("chat_id is required and must be a string")
        user = self.users.get(chat_id)
        if user is None or not user.has_written:
            raise bad_request(UNKNOWN_CHAT)
        if user.blocked:
            raise ApiError(403, UNREACHABLE)
        return user

    def _charge(self, chat_id: str) -> None:
        if self.rate_limiter is not None and self.rate_limiter.take(chat_id) > 0:
            raise error_for(429)

    def _record(self, user: ZaloUser, entry: StoredZaloMessage) -> StoredZaloMessage:
        """Append to the transcript, wake waiting tests and tell listeners about bot entries."""
        user.entries.append(entry)
        self._changes.notify()
        if entry.from_bot:
            for listener in list(self._listeners):
                try:
                    listener(entry)
                except Exception:
                    # A broken listener must not fail the bot's call.
                    logger.exception("Zalo double listener %r failed", listener)
        return entry
