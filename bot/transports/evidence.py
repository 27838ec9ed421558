"""GET /evidence/<photo>/<expires>/<signature>: an evidence photo, behind a signed link.

Served by the bot's web server on WEB_LISTEN:WEB_PORT (what PUBLIC_URL points at): Zalo's web
server when Zalo is on, the /health server otherwise. Only a link this bot signed, before it
expires, for a photo of a report that is not deleted, gets the photo; anything else is 404.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web

from bot.core.fetch import ZALO_FILE_PREFIX
from bot.domain.evidence import ROUTE
from handlers.report.evidence import links_for
from storage import evidence as store

if TYPE_CHECKING:  # the application runs the transport, not the other way round
    from bot.app.application import CnsApplication

logger = logging.getLogger(__name__)


def add_evidence_route(app: web.Application, application: CnsApplication) -> bool:
    """Serve evidence links on this web app if the bot makes them (PUBLIC_URL is set)."""
    deps = application.deps
    links = links_for(deps.settings)
    if links is None:
        return False
    gone = deps.texts.plain(deps.settings.default_language, "evidence-link-gone")

    async def serve(request: web.Request) -> web.StreamResponse:
        photo_id = int(request.match_info["photo_id"])
        expires = int(request.match_info["expires"])
        if not links.valid(photo_id, expires, request.match_info["signature"], deps.clock.now()):
            raise web.HTTPNotFound(text=gone)
        found = await store.served(deps.db.reader, photo_id)
        if found is None:
            raise web.HTTPNotFound(text=gone)
        if found.content is None or found.mime is None:
            # Not kept here (too big, or not fetched): where Zalo keeps it, if it says.
            url = found.file_ref.removeprefix(ZALO_FILE_PREFIX)
            if found.file_ref.startswith(ZALO_FILE_PREFIX) and url.startswith("https://"):
                raise web.HTTPFound(url)
            raise web.HTTPNotFound(text=gone)
        return web.Response(
            body=found.content,
            content_type=found.mime,  # an image type sniffed from the bytes, never HTML
            headers={
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
                "Content-Disposition": f'inline; filename="evidence-{photo_id}"',
            },
        )

    app.router.add_get(ROUTE, serve)
    return True
