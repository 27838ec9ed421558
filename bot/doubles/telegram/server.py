"""The HTTP side of the double: routing, fault injection and the server lifecycle."""

from __future__ import annotations

import asyncio
import inspect
import logging
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.doubles.telegram.actions import UserActions
from bot.doubles.telegram.api_bot import BotMethods
from bot.doubles.telegram.api_media import MediaMethods
from bot.doubles.telegram.api_messages import MessageMethods
from bot.doubles.telegram.errors import ApiError
from bot.doubles.telegram.faults import BAD_GATEWAY_HTML, Fault
from bot.doubles.telegram.inspection import Inspection
from bot.doubles.telegram.params import read_params
from bot.doubles.telegram.ratelimit import RateLimits
from bot.doubles.telegram.registry import METHODS

logger = logging.getLogger(__name__)

DEFAULT_RATE_LIMITS = RateLimits()
# Above Telegram's 50 MB upload limit so oversized files get Telegram's answer, not aiohttp's.
_MAX_BODY = 64 * 1024 * 1024


class BotApiDouble(UserActions, Inspection, MessageMethods, MediaMethods, BotMethods):
    """A Telegram Bot API server on 127.0.0.1 that tests drive as users and inspect."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "cns_test_bot",
        rate_limits: RateLimits | None = DEFAULT_RATE_LIMITS,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_name: str = "CNS Test Bot",
        id_file: Path | None = None,
    ) -> None:
        """`id_file` keeps the last update and message ids issued, so a double started again
        over the same file (and the same bot database) goes on after them, not from 1."""
        super().__init__(token, bot_username, rate_limits, bot_name, id_file)
        self._init_server(host, port)

    @property
    def base_url(self) -> str:
        """PTB's base_url: it appends the token and "/<method>"."""
        return f"{self._origin()}/bot"

    @property
    def file_base_url(self) -> str:
        """PTB's base_file_url: it appends the token and "/<file_path>"."""
        return f"{self._origin()}/file/bot"

    def _origin(self) -> str:
        if self._runner is None:
            raise RuntimeError("the double is not started")
        return f"http://{self.host}:{self.port}"

    def _app(self) -> web.Application:
        self.ids.load()  # a broken id file stops the start, not the first user's message
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        return app

    async def _started(self) -> None:
        logger.info("Bot API double listening on %s", self.base_url)

    def inject_fault(
        self,
        status: int | None = 500,
        *,
        method: str | None = None,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Make the next `count` calls (of `method`, else any but getUpdates) fail or lag.

        With status None or 200 the call takes effect and only its answer is delayed, as when
        Telegram delivered a message but the client timed out waiting.
        """
        self.faults.inject(Fault(status, method, count, retry_after, description, delay))

    def redeliver(self, update: dict[str, Any]) -> None:
        """Deliver an update a second time (a getUpdates replay or a webhook retry)."""
        self.updates.redeliver(update)

    def lag_chat(self, chat_id: int, delay: float, *, every: int = 1) -> None:
        """Answer the calls for one chat `delay` late, after they took effect (see
        FaultInjector.lag_chat); a call that names no chat (answerCallbackQuery) is spared."""
        self.faults.lag_chat(chat_id, delay, every=every)

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return self._fail(name, ApiError(401, "Unauthorized"))
        entry = METHODS.get(name.lower())
        if entry is None:
            return self._fail(name, ApiError(404, "Not Found"))
        method, handler = entry
        try:
            params = await read_params(request)
        except ApiError as exc:
            return self._fail(method, exc)
        self.calls.append((method, params.summary()))
        self._changes.notify()
        fault = self.faults.take(method)
        lag = self.faults.lag_for(params.values.get("chat_id"))
        if fault is not None and fault.fails:
            await asyncio.sleep(fault.delay)
            if fault.status == 502 and fault.description is None:
                self.errors.append((method, 502, "Bad Gateway"))
                return web.Response(status=502, text=BAD_GATEWAY_HTML, content_type="text/html")
            return self._fail(method, fault.error())
        try:
            result = handler(self, params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as exc:
            return self._fail(method, exc)
        except Exception:
            # Telegram answers its own failures with a JSON 500; the traceback goes to the log.
            logger.exception("double failed to handle %s", method)
            return self._fail(method, ApiError(500, "Internal Server Error"))
        delay = max(fault.delay if fault is not None else 0.0, lag)
        if delay:
            await asyncio.sleep(delay)
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._fail("file download", ApiError(401, "Unauthorized"))
        stored = self.files.by_path(request.match_info["path"])
        if stored is None:
            return self._fail("file download", ApiError(404, "Not Found"))
        return web.Response(body=stored.data, content_type="application/octet-stream")

    def _fail(self, method: str, error: ApiError) -> web.Response:
        self.errors.append((method, error.code, error.description))
        logger.debug("double answers %s with %s %s", method, error.code, error.description)
        return web.json_response(error.payload(), status=error.code)
