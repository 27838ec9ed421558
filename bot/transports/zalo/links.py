"""Short-lived signed links to the charts and exports the bot sends on Zalo.

A link names the file, when it expires and an HMAC of both under a key derived from the bot's
token (bot.core.links), so it can't be guessed or stretched; the file itself is kept in
the database (`zalo_files`) until it expires and housekeeping drops it.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from aiohttp import web

from bot.core.clock import Clock, iso_utc
from bot.core.links import Signer, link_key
from storage import zalo as store
from storage.db import Database

ROUTE = "/zalo/files/{file_id:\\d+}/{expires:\\d+}/{signature:[0-9a-f]+}"


class FileLinks:
    """Makes and checks the links; serves the files behind them."""

    def __init__(
        self,
        public_url: str,
        key: bytes,
        db: Database,
        clock: Clock,
        hours: int = 24,
        gone_text: str = "This link is wrong or has expired.",
    ) -> None:
        self.public_url = public_url.rstrip("/")
        self._signer = Signer(key)
        self.db = db
        self.clock = clock
        self.hours = hours
        self.gone_text = gone_text  # what a wrong or expired link shows in the browser

    def _sign(self, file_id: int, expires: int) -> str:
        return self._signer.sign(file_id, expires)

    def url(self, file_id: int, expires_at: datetime) -> str:
        """Return the link to a stored file, good until `expires_at`."""
        expires = int(expires_at.timestamp())
        return (
            f"{self.public_url}/zalo/files/{file_id}/{expires}/"
            f"{quote(self._sign(file_id, expires))}"
        )

    async def url_of_stored(self, handle: str) -> str | None:
        """Return a link for a file sent before ("zf12"), if it has not expired."""
        file_id = int(handle[2:] or 0)
        expires = await store.file_expiry(self.db.reader, file_id, iso_utc(self.clock.now()))
        return self.url(file_id, expires) if expires else None

    async def serve(self, request: web.Request) -> web.StreamResponse:
        """Answer GET on a link: the file, or 404 for a wrong or expired link."""
        file_id = int(request.match_info["file_id"])
        expires = int(request.match_info["expires"])
        signature = request.match_info["signature"]
        now = self.clock.now()
        if not self._signer.valid(signature, file_id, expires) or expires <= now.timestamp():
            raise web.HTTPNotFound(text=self.gone_text)
        found = await store.get_file(self.db.reader, file_id, iso_utc(now))
        if found is None:
            raise web.HTTPNotFound(text=self.gone_text)
        name, mime, body = found
        return web.Response(
            body=body,
            content_type=mime,
            headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"},
        )

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get(ROUTE, self.serve)


__all__ = ["ROUTE", "FileLinks", "link_key"]  # link_key: the Zalo token's key, as before
