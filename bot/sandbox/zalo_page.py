"""The page's Zalo chats: plain-text transcripts, typing as the Zalo demo user, the bot's links.

Zalo shows text as typed, with no buttons: the page draws each entry as text (never HTML), and
the member answers the numbered options by typing. The bot's file links (charts) are served
from the page's own origin, so a photo's URL is shown as a path on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.doubles.zalo import StoredZaloMessage
from bot.sandbox.page_api import SANDBOX, not_found, push, typed_text
from bot.transports.zalo.links import ROUTE as FILE_ROUTE

if TYPE_CHECKING:
    from bot.sandbox.runner import Sandbox

ZALO_ID = "{zalo_id:[0-9a-f]{20}}"
FILES = "/zalo/files/"


def zalo_message_json(sandbox: Sandbox, index: int, entry: StoredZaloMessage) -> dict[str, Any]:
    """What the page needs to draw one Zalo entry; `index` is its place in the transcript."""
    return {
        "id": index,
        "from_bot": entry.from_bot,
        "kind": entry.kind,  # text, photo; from the user: text, image, sticker, unsupported
        "text": entry.text if entry.text is not None else entry.caption,
        "photo": _own_path(sandbox, entry.photo_url) if entry.from_bot else None,
        "time": entry.date / 1000,
    }


def _own_path(sandbox: Sandbox, url: str | None) -> str | None:
    """The path of one of the bot's file links on the page's origin; None for anything else,
    since the page loads nothing from elsewhere."""
    origin = sandbox.url.rstrip("/")
    if url is None or not url.startswith(origin + FILES):
        return None
    return url.removeprefix(origin)


class ZaloChats:
    """The Zalo routes of the page and the pushes of what the bot sends there."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.sandbox = app[SANDBOX]
        self.sandbox.zalo.add_listener(self._on_entry)

    def close(self) -> None:
        self.sandbox.zalo.remove_listener(self._on_entry)

    def add_routes(self, routes: web.UrlDispatcher) -> None:
        routes.add_get(f"/api/zalo/{ZALO_ID}/messages", self._messages)
        routes.add_post(f"/api/zalo/{ZALO_ID}/text", self._text)
        routes.add_post(f"/api/zalo/{ZALO_ID}/image", self._image)
        links = self.sandbox.zalo_links
        if links is not None:
            routes.add_get(FILE_ROUTE, links.serve)

    def _on_entry(self, entry: StoredZaloMessage) -> None:
        if entry.kind == "action" or entry.chat_id not in self.sandbox.zalo_people:
            return
        entries = self.sandbox.zalo.transcript(entry.chat_id)
        index = next(i for i in range(len(entries) - 1, -1, -1) if entries[i] is entry)
        shown = zalo_message_json(self.sandbox, index, entry)
        payload = {"type": "message", "user_id": entry.chat_id, "message": shown}
        push(self.app, payload, entry.chat_id)

    def _zalo_id(self, request: web.Request) -> str:
        zalo_id = request.match_info["zalo_id"]
        if zalo_id not in self.sandbox.zalo_people:
            raise not_found("Zalo user")
        return zalo_id

    async def _messages(self, request: web.Request) -> web.Response:
        entries = self.sandbox.zalo.transcript(self._zalo_id(request))
        return web.json_response(
            [
                zalo_message_json(self.sandbox, index, entry)
                for index, entry in enumerate(entries)
                if entry.kind != "action"
            ]
        )

    async def _text(self, request: web.Request) -> web.Response:
        zalo_id = self._zalo_id(request)
        index, sent = self.sandbox.zalo_say(zalo_id, await typed_text(request))
        return web.json_response(zalo_message_json(self.sandbox, index, sent))

    async def _image(self, request: web.Request) -> web.Response:
        index, sent = self.sandbox.zalo_image(self._zalo_id(request))
        return web.json_response(zalo_message_json(self.sandbox, index, sent))
