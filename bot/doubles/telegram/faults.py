"""Injected failures and slow answers: one-off, at a seeded random rate, or for one chat."""

from __future__ import annotations

import random
from dataclasses import dataclass
from http import HTTPStatus

from bot.doubles.telegram.errors import ApiError, too_many_requests

_DESCRIPTIONS = {
    400: "Bad Request: injected fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
# What Telegram's nginx front actually returns on 502: HTML, not JSON.
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass(slots=True)
class Fault:
    """What to do to one call: fail with `status` (None means succeed) after `delay`."""

    status: int | None
    method: str | None
    remaining: int
    retry_after: int | None
    description: str | None
    delay: float

    @property
    def fails(self) -> bool:
        return self.status not in (None, 200)

    def error(self) -> ApiError:
        """The failure this fault answers with; only meaningful when `fails`."""
        assert self.status is not None
        if self.status == 429:
            retry_after = self.retry_after or 1
            if self.description is None:
                return too_many_requests(retry_after)
            return ApiError(429, self.description, retry_after)
        description = self.description or _DESCRIPTIONS.get(self.status)
        return ApiError(self.status, description or HTTPStatus(self.status).phrase)


@dataclass(slots=True)
class Lag:
    """Calls for one chat answer `delay` late: every `every`-th, starting with the next one."""

    delay: float
    every: int
    calls: int = 0


class FaultInjector:
    """Queue of one-off faults, an optional seeded random fault rate, and lagging chats."""

    def __init__(self) -> None:
        self._queued: list[Fault] = []
        self._probability = 0.0
        self._statuses: tuple[int | None, ...] = ()
        self._rate_delay = 0.0
        self._random = random.Random()
        self._lagging: dict[str, Lag] = {}

    def inject(self, fault: Fault) -> None:
        """Queue a one-off fault, after checking it is one a server could answer."""
        if fault.status is not None:
            HTTPStatus(fault.status)  # rejects codes that are no HTTP status
        if fault.remaining < 1:
            raise ValueError("a fault must apply to at least one call")
        self._queued.append(fault)

    def set_rate(
        self,
        probability: float,
        statuses: tuple[int | None, ...],
        seed: int | None,
        delay: float = 0.0,
    ) -> None:
        """Hit each call but getUpdates with `probability`, with one of `statuses`; a status
        of None (or 200) lets the call take effect and answers it `delay` late."""
        if not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be within [0, 1]")
        self._probability = probability
        self._statuses = statuses
        self._rate_delay = delay
        self._random = random.Random(seed)

    def lag_chat(self, chat_id: object, delay: float, *, every: int = 1) -> None:
        """Answer the calls for one chat `delay` late, after they took effect: every `every`-th
        call from the next one on (1: all; 2: the first, third... as when each call times out
        once and its retry gets through). A delay of 0 ends it."""
        if every < 1:
            raise ValueError("every must be at least 1")
        if delay <= 0:
            self._lagging.pop(str(chat_id), None)
        else:
            self._lagging[str(chat_id)] = Lag(delay, every)

    def lag_for(self, chat_id: object) -> float:
        """How late to answer this call for `chat_id` (None: a call for no chat)."""
        lag = None if chat_id is None else self._lagging.get(str(chat_id))
        if lag is None:
            return 0.0
        lag.calls += 1
        return lag.delay if (lag.calls - 1) % lag.every == 0 else 0.0

    def take(self, method: str) -> Fault | None:
        """The fault for this call, if any; getUpdates is only hit when named explicitly."""
        for fault in self._queued:
            if fault.method is None and method == "getUpdates":
                continue
            if fault.method is None or fault.method.lower() == method.lower():
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._queued.remove(fault)
                return fault
        if (
            method != "getUpdates"
            and self._probability
            and self._random.random() < self._probability
        ):
            status = self._random.choice(self._statuses)
            delay = self._rate_delay if status in (None, 200) else 0.0
            return Fault(status, None, 1, 1 if status == 429 else None, None, delay)
        return None
