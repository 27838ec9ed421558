"""Injected failures and slow answers, one-off or at a seeded random rate."""

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


class FaultInjector:
    """Queue of one-off faults plus an optional seeded random fault rate."""

    def __init__(self) -> None:
        self._queued: list[Fault] = []
        self._probability = 0.0
        self._statuses: tuple[int, ...] = ()
        self._random = random.Random()

    def inject(self, fault: Fault) -> None:
        """Queue a one-off fault, after checking it is one a server could answer."""
        if fault.status is not None:
            HTTPStatus(fault.status)  # rejects codes that are no HTTP status
        if fault.remaining < 1:
            raise ValueError("a fault must apply to at least one call")
        self._queued.append(fault)

    def set_rate(self, probability: float, statuses: tuple[int, ...], seed: int | None) -> None:
        if not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be within [0, 1]")
        self._probability = probability
        self._statuses = statuses
        self._random = random.Random(seed)

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
            return Fault(status, None, 1, 1 if status == 429 else None, None, 0.0)
        return None
