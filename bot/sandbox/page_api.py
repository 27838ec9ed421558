"""What the page's Telegram and Zalo chats share: app keys, JSON bodies and errors, pushes."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from bot.sandbox.runner import Sandbox

# A chat the page shows: a Telegram user id, or a Zalo user id (hex).
ChatKey = int | str


class Client:
    """One open page: which chat it shows, and what is waiting to be sent to it."""

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.watching: ChatKey | None = None
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()


SANDBOX: web.AppKey[Sandbox] = web.AppKey("sandbox")
CLIENTS: web.AppKey[set[Client]] = web.AppKey("clients")


def push(app: web.Application, payload: dict[str, Any], chat: ChatKey | None = None) -> None:
    """Queue `payload` for pages showing `chat` (every page if None); other pages only hear
    that something happened there, for the unread badge."""
    activity = {"type": "activity", "user_id": chat}
    for client in app[CLIENTS]:
        client.queue.put_nowait(payload if chat in (None, client.watching) else activity)


def json_error(status: int, error: str) -> web.Response:
    return web.json_response({"error": error}, status=status)


def not_found(what: str) -> web.HTTPNotFound:
    return web.HTTPNotFound(
        text=json.dumps({"error": f"no such {what}"}), content_type="application/json"
    )


async def read_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object; a ValueError (answered 400) for anything else."""
    try:
        body = await request.json()
    except json.JSONDecodeError:
        raise ValueError("the body is not JSON") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


async def typed_text(request: web.Request) -> str:
    """The text the user typed, stripped; a ValueError if there is none."""
    text = str((await read_body(request)).get("text", "")).strip()
    if not text:
        raise ValueError("type something first")
    return text
