"""The HTTP side of the Zalo double: routing, fault injection and the server lifecycle."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiohttp
from aiohttp import web

from bot.doubles.telegram.errors import ApiError
from bot.doubles.telegram.faults import BAD_GATEWAY_HTML, Fault
from bot.doubles.telegram.params import Params, read_params
from bot.doubles.telegram.ratelimit import RateLimits
from bot.doubles.zalo.api_bot import BotMethods
from bot.doubles.zalo.api_messages import MessageMethods
from bot.doubles.zalo.errors import NoUpdate, error_for, fault_error
from bot.doubles.zalo.groups import GroupActions
from bot.doubles.zalo.inspection import Inspection
from bot.doubles.zalo.models import RejectedCall
from bot.doubles.zalo.users import PLACEHOLDER_AAC, PLACEHOLDER_PNG, UserActions
from bot.doubles.zalo.webhook import DEFAULT_RETRY_DELAYS

logger = logging.getLogger(__name__)

Handler = Callable[[Params], Awaitable[Any]]
_FETCH_TIMEOUT = aiohttp.ClientTimeout(total=10.0)


class ZaloDouble(GroupActions, UserActions, Inspection, MessageMethods, BotMethods):
    """A Zalo Bot Platform API server on 127.0.0.1 that tests drive as users and inspect."""

    FAULT_STATUSES = (429, 500, 502)

    def __init__(
        self,
        token: str = "123456789:TEST-ZALO-SECRET",
        rate_limits: RateLimits | None = None,
        clock: Callable[[], float] = time.time,
        *,
        account_name: str = "bot.cns_test",
        seed: int = 0,
        webhook_retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(token, account_name, rate_limits, clock, seed, webhook_retry_delays)
        self._init_server(host, port)
        # Method names are matched exactly: Zalo documents them in this case only.
        self._methods: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendSticker": self._send_sticker,
            "sendChatAction": self._send_chat_action,
        }

    @property
    def base_url(self) -> str:
        """The API host; a method lives at f"{base_url}/bot{token}/{method}"."""
        return self._origin()

    @property
    def api_url(self) -> str:
        """The prefix every method name is appended to: f"{base_url}/bot{token}/"."""
        return f"{self._origin()}/bot{self.token}/"

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/media/{name}", self._handle_media)
        return app

    async def _started(self) -> None:
        self.origin = f"http://{self.host}:{self.port}"
        self.http = aiohttp.ClientSession(timeout=_FETCH_TIMEOUT)
        logger.info("Zalo double listening on %s", self.origin)

    async def _stopped(self) -> None:
        if self.http is not None:
            await self.http.close()
            self.http = None
        self.origin = None

    def inject_fault(
        self,
        status: int | None = 500,
        *,
        method: str | None = None,
        times: int = 1,
        description: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Make the next `times` calls (of `method`, else any but getUpdates) fail or lag.

        429 says "Quota exceeded" unless `description` is given; a 502 without a description
        answers with a proxy's HTML page, not JSON. With status None or 200 the call takes
        effect and only its answer is delayed, as when Zalo sent a message but the client
        timed out waiting.
        """
        self.faults.inject(Fault(status, method, times, None, description, delay))

    def lag_chat(self, zalo_id: str, delay: float, *, every: int = 1) -> None:
        """Answer the calls for one user's chat `delay` late, after they took effect (see
        FaultInjector.lag_chat)."""
        self.faults.lag_chat(zalo_id, delay, every=every)

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return self._fail(name, error_for(401), {})
        handler = self._methods.get(name)
        if handler is None:  # the docs' 400: "wrong path or invalid API name" (Z03)
            return self._fail(name, error_for(400, "Bad request: invalid API name"), {})
        try:
            params = await read_params(request)
        except ApiError as exc:
            return self._fail(name, exc, {})
        self.calls.append(name)
        self._changes.notify()  # a test may wait for a long poll to be under way
        fault = self.faults.take(name)
        lag = self.faults.lag_for(params.values.get("chat_id"))
        if fault is not None and fault.fails:
            await asyncio.sleep(fault.delay)
            if fault.status == 502 and fault.description is None:
                self.errors.append(RejectedCall(name, 502, "Bad Gateway", params.summary()))
                return web.Response(status=502, text=BAD_GATEWAY_HTML, content_type="text/html")
            return self._fail(name, fault_error(fault), params.summary())
        try:
            result = await handler(params)
        except ApiError as exc:
            return self._fail(name, exc, params.summary())
        except Exception:
            logger.exception("Zalo double failed to handle %s", name)
            return self._fail(name, error_for(500), params.summary())
        delay = max(fault.delay if fault is not None else 0.0, lag)
        if delay:
            await asyncio.sleep(delay)
        return web.json_response({"ok": True, "result": result})

    async def _handle_media(self, request: web.Request) -> web.StreamResponse:
        """Images and voice notes users sent without a URL of their own: placeholders."""
        name = request.match_info["name"]
        message_id, _, extension = name.partition(".")
        served = {"png": ("image", PLACEHOLDER_PNG, "image/png")}
        served["aac"] = ("voice", PLACEHOLDER_AAC, "audio/aac")
        if extension in served:
            kind, body, mime = served[extension]
            for user in self.users.values():
                if any(e.message_id == message_id and e.kind == kind for e in user.entries):
                    return web.Response(body=body, content_type=mime)
        raise web.HTTPNotFound

    def _fail(self, method: str, error: ApiError, params: dict[str, Any]) -> web.Response:
        if not isinstance(error, NoUpdate):
            self.errors.append(RejectedCall(method, error.code, error.description, params))
            logger.debug("Zalo double refuses %s: %s %s", method, error.code, error.description)
        return web.json_response(error.payload(), status=error.code)
