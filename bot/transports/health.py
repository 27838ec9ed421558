"""GET /health in every mode: 200 with a small JSON while the database answers, 503 if not.

The Telegram webhook server has it on WEBHOOK_LISTEN:WEBHOOK_PORT; in every mode (polling,
webhook, Zalo) it is also served on WEB_LISTEN:WEB_PORT, by the Zalo web server when Zalo is
on and by a server of its own otherwise, so one probe (the Dockerfile's HEALTHCHECK) fits all.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiohttp import web

from bot.transports.evidence import add_evidence_route
from storage import outbox

if TYPE_CHECKING:  # the application runs the transport, not the other way round
    from bot.app.application import CnsApplication

logger = logging.getLogger(__name__)


def add_health_route(app: web.Application, application: CnsApplication) -> None:
    """Answer GET /health with `{"ok": true, "outbox_next_due": ...}`, or 503."""

    async def health(request: web.Request) -> web.Response:
        try:
            waiting = await outbox.next_due(application.deps.db.reader)
        except Exception:  # any database failure means unhealthy
            logger.exception("Health check failed")
            return web.json_response({"ok": False}, status=503)
        return web.json_response({"ok": True, "outbox_next_due": waiting})

    app.router.add_get("/health", health)


async def start_site(runner: web.AppRunner, listen: str, port: int, *, required: bool) -> bool:
    """Listen on listen:port; a server only there for /health logs a busy port and goes on."""
    try:
        await web.TCPSite(runner, listen, port).start()
    except OSError as error:
        if required:
            raise
        logger.error("Health endpoint not served on %s:%s: %s", listen, port, error)
        return False
    return True


async def serve_health(
    application: CnsApplication, stop: asyncio.Event, *, listen: str, port: int
) -> None:
    """Serve GET /health (and evidence links, with PUBLIC_URL) on listen:port until `stop`."""
    app = web.Application()
    add_health_route(app, application)
    links = add_evidence_route(app, application)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        if await start_site(runner, listen, port, required=links):
            logger.info("Health endpoint on %s:%s/health", listen, port)
        await stop.wait()
    finally:
        await runner.cleanup()
