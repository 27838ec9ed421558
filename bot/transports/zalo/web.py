"""The Zalo side's HTTP server: Zalo's webhook (if ZALO_WEBHOOK_URL is set) and the file links.

A webhook call is checked against `X-Bot-Api-Secret-Token`, kept in the inbox, handled, and
only then answered 200, like the Telegram webhook (bot/transports/telegram/webhook.py); an
update left in the inbox by a crash is handled at the next start. Calls are served
concurrently, each update through the application's update processor
(bot/transports/concurrency.py: one user's in order), and each leaves the inbox by itself once
handled, whatever is still being handled before it.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.transports.evidence import add_evidence_route
from bot.transports.health import add_health_route, start_site
from bot.transports.zalo.transport import ZaloBridge
from storage import zalo as store

if TYPE_CHECKING:  # the application runs the transport, not the other way round
    from bot.app.application import CnsApplication

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"


async def handle_inbox(application: CnsApplication, bridge: ZaloBridge) -> int:
    """Handle the updates a stopped run left in the inbox; return how many."""
    waiting = await store.inbox(bridge.db.reader)
    for body in waiting:
        await _handle(application, bridge, body)
    return len(waiting)


async def _handle(application: CnsApplication, bridge: ZaloBridge, body: dict) -> None:
    update = Update.de_json(body, application.bot)
    await application.update_processor.process_update(update, application.process_update(update))
    async with bridge.db.transaction() as conn:
        await store.drop_from_inbox(conn, body["update_id"])


def build_zalo_web(
    application: CnsApplication, *, webhook_path: str | None, secret: str | None
) -> web.Application:
    """The aiohttp app: POST <webhook_path> takes Zalo updates; GET file links and /health."""
    bridge = application.zalo
    assert bridge is not None

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if secret is None or not hmac.compare_digest(given.encode(), secret.encode()):
            logger.warning("Zalo webhook call without the right secret from %s", request.remote)
            return web.Response(status=403, text="forbidden")
        try:
            raw = await request.json()
        except (ValueError, json.JSONDecodeError):
            return web.Response(status=400, text="not an update")
        for update in await bridge.accept(raw):  # the body: wrapped or bare (Z12)
            await _handle(application, bridge, update)
        return web.Response(text="ok")

    app = web.Application()
    if webhook_path is not None:
        app.router.add_post(webhook_path, receive)
    if bridge.links is not None:
        bridge.links.add_routes(app)
    add_evidence_route(app, application)
    add_health_route(app, application)
    return app


async def serve_zalo(
    application: CnsApplication,
    stop: asyncio.Event,
    *,
    webhook_url: str | None,
    secret: str | None,
    listen: str,
    port: int,
    poll: bool,
) -> None:
    """Serve /health, file links (and the webhook) until `stop`; poll Zalo if asked to."""
    from bot.transports.telegram.polling import poll as poll_updates

    bridge = application.zalo
    assert bridge is not None
    path = urlsplit(webhook_url).path or "/" if webhook_url else None
    # Always served, for /health; without a webhook or file links a busy port is only logged.
    web_app = build_zalo_web(application, webhook_path=path, secret=secret)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    required = path is not None or bridge.links is not None
    if await start_site(runner, listen, port, required=required):
        logger.info("Zalo web server listening on %s:%s", listen, port)
    try:
        if path is not None:
            handled = await handle_inbox(application, bridge)
            if handled:
                logger.info("Handled %d Zalo updates left from the last run", handled)
            await bridge.api.call("setWebhook", {"url": webhook_url, "secret_token": secret})
            logger.info("Zalo webhook %s set", webhook_url)
            await stop.wait()
        elif poll:
            await application.bot.delete_webhook()
            await poll_updates(application, stop)
        else:
            await stop.wait()
    finally:
        await runner.cleanup()
