"""Webhook mode: Telegram POSTs each update here; it is handled before Telegram hears "200".

PTB's own webhook server answers 200 as soon as an update is queued, so a crash right after
loses it. Here the answer comes after the update was handled and its dialog state saved;
a crash before that makes Telegram send it again, and the application skips what it had
already handled. Requests are served concurrently (Telegram opens up to `max_connections`,
40 by default), and each update goes through the application's update processor as it comes:
different users at once, one user's updates in the order they came (bot.concurrency). An
update Telegram sends again while the first delivery is still being handled waits for it,
being the same user's, and is then skipped as handled.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.transports.health import add_health_route
from bot.transports.telegram import ALLOWED_UPDATES

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

if TYPE_CHECKING:  # the application runs the transport, not the other way round
    from bot.app.application import CnsApplication


def build_web_app(application: CnsApplication, *, path: str, secret: str) -> web.Application:
    """The aiohttp app: POST <path> takes updates, GET /health says whether all is well."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            logger.warning("Webhook call without the right secret from %s", request.remote)
            return web.Response(status=403, text="forbidden")
        try:
            update = Update.de_json(await request.json(), application.bot)
        except ValueError:
            return web.Response(status=400, text="not an update")
        await application.update_processor.process_update(
            update, application.process_update(update)
        )
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post(path, receive)
    add_health_route(app, application)
    return app


async def serve_webhook(
    application: CnsApplication,
    stop: asyncio.Event,
    *,
    url: str,
    secret: str,
    listen: str,
    port: int,
) -> None:
    """Listen for Telegram's POSTs until `stop` is set; register the webhook with Telegram."""
    path = urlsplit(url).path or "/"
    runner = web.AppRunner(build_web_app(application, path=path, secret=secret), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, listen, port)
    await site.start()
    try:
        await application.bot.set_webhook(
            url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
        logger.info("Webhook %s set; listening on %s:%s", url, listen, port)
        await stop.wait()
    finally:
        await runner.cleanup()
