"""A small client for the Zalo Bot Platform's HTTP API (`<api url>/bot<token>/<method>`).

Failures of the network come out as PTB's own errors (TimedOut, NetworkError), so the
transport above can let PTB and the bot's rate limiter treat them as they treat Telegram's.
Answers with `ok: false` raise `ZaloError` with Zalo's code and description.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut

logger = logging.getLogger(__name__)


class ZaloError(Exception):
    """Zalo answered `ok: false`."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description


class ZaloApi:
    """Calls Zalo Bot API methods with JSON bodies."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 15.0) -> None:
        self._prefix = f"{base_url.rstrip('/')}/bot{token}/"
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, seconds: float | None = None
    ) -> Any:
        """Call one method and return its `result`."""
        await self.start()
        assert self._client is not None
        try:
            response = await self._client.post(
                self._prefix + method,
                json=params or {},
                timeout=seconds if seconds is not None else self._timeout,
            )
        except httpx.TimeoutException as error:
            raise TimedOut(f"Zalo {method} timed out") from error
        except httpx.HTTPError as error:
            raise NetworkError(f"Zalo {method}: {error!r}") from error
        try:
            answer = response.json()
        except json.JSONDecodeError:
            answer = None
        if not isinstance(answer, dict):
            raise ZaloError(response.status_code, f"unreadable answer ({response.status_code})")
        if not answer.get("ok"):
            # The docs spell it error_code; a newer copy of the docs also shows errorCode.
            raw_code = answer.get("error_code") or answer.get("errorCode") or response.status_code
            try:
                code = int(raw_code)
            except (TypeError, ValueError):
                code = response.status_code
            raise ZaloError(code, str(answer.get("description") or "error"))
        return answer.get("result", True)
