"""The sandbox page and its API: JSON over HTTP, live bot messages over a WebSocket.

The Telegram chats are served here, the Zalo chats by zalo_page; the bot's file links (the
charts it sends on Zalo) come from this same origin, so the page can show them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import aiosqlite
from aiohttp import WSCloseCode, WSMsgType, web

from bot.doubles.telegram import StoredMessage
from bot.sandbox.page_api import (
    CLIENTS,
    SANDBOX,
    Client,
    json_error,
    not_found,
    push,
    read_body,
    typed_text,
)
from bot.sandbox.zalo_page import ZaloChats
from storage import areas, chat_links, members, roster, teams
from storage import zalo as zalo_store
from storage.members import Member

if TYPE_CHECKING:
    from bot.sandbox.runner import Sandbox

logger = logging.getLogger(__name__)

STATIC = resources.files("bot.sandbox") / "static"
STATIC_TYPES = {"app.js": "text/javascript", "style.css": "text/css"}
ZALO: web.AppKey[ZaloChats] = web.AppKey("zalo")
LISTENER: web.AppKey[Callable[[StoredMessage], None]] = web.AppKey("listener")
# The page runs no inline script and loads nothing from elsewhere.
CSP = "default-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def message_json(sandbox: Sandbox, message: StoredMessage) -> dict[str, Any]:
    """What the page needs to draw one message: HTML only where the bot sent HTML."""
    chat_id, message_id = message.chat_id, message.message_id
    markup = message.reply_markup or {}
    html = (message.parse_mode or "").lower() == "html" and message.from_bot
    raw, plain = (
        (message.text, message.plain_text)
        if message.text is not None
        else (message.caption, message.plain_caption)
    )
    media = f"/api/users/{chat_id}/messages/{message_id}"
    return {
        "id": message_id,
        "from_bot": message.from_bot,
        "html": raw if html else None,
        "text": None if html else plain,
        "time": sandbox.stamps.get((chat_id, message_id), float(message.date)),
        "edited": bool(message.edits),
        "deleted": message.deleted,
        "inline_keyboard": markup.get("inline_keyboard"),
        "keyboard": markup.get("keyboard"),
        "one_time": bool(markup.get("one_time_keyboard")),
        "placeholder": markup.get("input_field_placeholder"),
        "remove_keyboard": bool(markup.get("remove_keyboard")),
        "photo": f"{media}/photo" if message.photo_bytes is not None else None,
        "document": (
            {"name": message.document_name or "file", "url": f"{media}/document"}
            if message.document_bytes is not None
            else None
        ),
        "contact": (message.contact or {}).get("phone_number"),
    }


def _listener(app: web.Application) -> Callable[[StoredMessage], None]:
    def on_bot_message(message: StoredMessage) -> None:
        sandbox = app[SANDBOX]
        if message.chat_id in sandbox.users:
            shown = message_json(sandbox, message)
            payload = {"type": "message", "user_id": message.chat_id, "message": shown}
            push(app, payload, message.chat_id)

    return on_bot_message


async def _websocket(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=30)
    await ws.prepare(request)
    client = Client(ws)
    request.app[CLIENTS].add(client)
    writer = asyncio.create_task(_write(ws, client.queue))
    try:
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            try:
                watch = json.loads(frame.data)["watch"]
                client.watching = _watched(request.app[SANDBOX], watch)
            except (ValueError, KeyError, TypeError):
                logger.debug("ignored websocket frame %r", frame.data[:100])
    finally:
        request.app[CLIENTS].discard(client)
        writer.cancel()
    return ws


def _watched(sandbox: Sandbox, chat: Any) -> int | str:
    """The chat a page shows: a Zalo demo user's id as is, else a Telegram user id."""
    return chat if isinstance(chat, str) and chat in sandbox.zalo_people else int(chat)


async def _write(ws: web.WebSocketResponse, queue: asyncio.Queue[dict[str, Any]]) -> None:
    while not ws.closed:
        payload = await queue.get()
        try:
            await ws.send_json(payload)
        except ConnectionError:
            return


@web.middleware
async def _guard(request: web.Request, handler) -> web.StreamResponse:
    """Answer loopback names only, take JSON only, and keep the page self-contained."""
    if request.host.rsplit(":", 1)[0] not in LOOPBACK_HOSTS:
        return json_error(403, "the sandbox answers on 127.0.0.1 only")
    # A JSON body needs a CORS preflight, which this server never grants another site.
    if request.method == "POST" and request.content_type != "application/json":
        return json_error(415, "send JSON")
    try:
        response = await handler(request)
    except ValueError as error:
        return json_error(400, str(error))
    if not response.prepared:  # a finished WebSocket has sent its headers long ago
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
    return response


async def _index(request: web.Request) -> web.Response:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-store"})


async def _static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in STATIC_TYPES:
        raise not_found("file")
    body = (STATIC / name).read_text(encoding="utf-8")
    return web.Response(text=body, content_type=STATIC_TYPES[name], charset="utf-8")


async def _member(reader: aiosqlite.Connection, chat_id: int | None) -> Member | None:
    """The active member whose chat this is, or who linked it from their other messenger."""
    if chat_id is None:
        return None
    member = await members.get_by_chat_id(reader, chat_id)
    if member is None and (linked := await chat_links.linked_member(reader, chat_id)):
        member = await members.get(reader, linked)
    return member if member is not None and member.status == "active" else None


async def _membership(reader: aiosqlite.Connection, chat_id: int | None) -> dict[str, Any]:
    member = await _member(reader, chat_id)
    team = await teams.get(reader, member.team_id) if member and member.team_id else None
    return {"role": member.role if member else None, "team": team.name if team else None}


async def _users(sandbox: Sandbox) -> list[dict[str, Any]]:
    reader = sandbox.app.deps.db.reader
    found = []
    for user in sandbox.users.values():
        shown = {"id": user.id, "name": user.name, "kind": user.kind, "opener": user.opener}
        found.append(shown | await _membership(reader, user.id))
    return found


async def _zalo_users(sandbox: Sandbox) -> list[dict[str, Any]]:
    reader = sandbox.app.deps.db.reader
    found = []
    for person in sandbox.zalo_people.values():
        chat_id = await zalo_store.known_id(reader, person.zalo_id)
        shown = {"id": person.zalo_id, "name": person.short_name, "full_name": person.full_name}
        found.append(shown | await _membership(reader, chat_id))
    return found


async def _teams(sandbox: Sandbox) -> list[dict[str, str]]:
    reader = sandbox.app.deps.db.reader
    by_id = {area.id: area for area in await roster.all_areas(reader)}
    found = []
    for entry in await roster.active_teams(reader):
        area = by_id[entry.area_id]
        parent = by_id.get(area.parent_id) if area.level == "village" else None
        place = f"{area.name}, {parent.name}" if parent else area.name
        found.append({"name": entry.team_name, "place": place, "code": entry.invite_code})
    return found


async def _clock(sandbox: Sandbox) -> dict[str, Any]:
    return {
        "now": sandbox.clock.now().timestamp(),
        "timezone": sandbox.settings.timezone,
        "reminder_time": f"{await sandbox.reminder_time():%H:%M}",
        "summary_time": f"{sandbox.settings.summary_at:%H:%M}",
    }


async def _state(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    province = await areas.root(sandbox.app.deps.db.reader)
    return web.json_response(
        {
            "bot": {
                "name": sandbox.double.bot_user["first_name"],
                "username": sandbox.double.bot_user["username"],
                "zalo_account": sandbox.zalo.account_name,
            },
            "province": province.name if province else None,
            "users": await _users(sandbox),
            "zalo_users": await _zalo_users(sandbox),
            "teams": await _teams(sandbox),
            "clock": await _clock(sandbox),
        }
    )


def _user_id(request: web.Request) -> int:
    user_id = int(request.match_info["user_id"])
    if user_id not in request.app[SANDBOX].users:
        raise not_found("user")
    return user_id


async def _new_user(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    code = (await read_body(request)).get("invite_code")
    user, sent = sandbox.add_newcomer(str(code) if code else None)
    return web.json_response(
        {"user": {"id": user.id, "name": user.name}, "message": message_json(sandbox, sent)},
        status=201,
    )


async def _messages(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    shown = [m for m in sandbox.double.transcript(_user_id(request)) if not m.is_press]
    return web.json_response([message_json(sandbox, m) for m in shown])


async def _text(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    text = await typed_text(request)
    return web.json_response(message_json(sandbox, sandbox.say(_user_id(request), text)))


async def _contact(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    return web.json_response(message_json(sandbox, sandbox.share_contact(_user_id(request))))


async def _press(request: web.Request) -> web.Response:
    body = await read_body(request)
    if "message_id" not in body or "callback_data" not in body:
        raise ValueError("a press needs message_id and callback_data")
    answer, alert = await request.app[SANDBOX].press(
        _user_id(request), int(body["message_id"]), str(body["callback_data"])
    )
    return web.json_response({"answer": answer, "alert": alert})


def _bot_message(request: web.Request) -> StoredMessage:
    message_id = int(request.match_info["message_id"])
    for message in request.app[SANDBOX].double.bot_messages(_user_id(request)):
        if message.message_id == message_id:
            return message
    raise not_found("message")


async def _photo(request: web.Request) -> web.Response:
    data = _bot_message(request).photo_bytes
    if data is None:
        raise not_found("photo")
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return web.Response(body=data, content_type=kind)


async def _document(request: web.Request) -> web.Response:
    message = _bot_message(request)
    if message.document_bytes is None:
        raise not_found("document")
    name = message.document_name or "file"
    return web.Response(
        body=message.document_bytes,
        content_type=(message.document or {}).get("mime_type", "application/octet-stream"),
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


async def _jump(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    done = await sandbox.jump(str((await read_body(request)).get("to")))
    clock = await _clock(sandbox)
    push(request.app, {"type": "clock", "clock": clock})
    return web.json_response({"clock": clock, "done": done})


async def _close_sockets(app: web.Application) -> None:
    app[SANDBOX].double.remove_listener(app[LISTENER])
    app[ZALO].close()
    for client in list(app[CLIENTS]):
        await client.ws.close(code=WSCloseCode.GOING_AWAY, message=b"sandbox stopped")


def build_page(sandbox: Sandbox) -> web.Application:
    """The aiohttp application behind the page."""
    app = web.Application(middlewares=[_guard])
    app[SANDBOX] = sandbox
    app[CLIENTS] = set()
    app[LISTENER] = _listener(app)
    sandbox.double.add_listener(app[LISTENER])
    app[ZALO] = ZaloChats(app)
    app.on_shutdown.append(_close_sockets)
    routes = app.router
    routes.add_get("/", _index)
    routes.add_get("/static/{name}", _static)
    routes.add_get("/ws", _websocket)
    routes.add_get("/api/state", _state)
    routes.add_post("/api/users", _new_user)
    routes.add_get("/api/users/{user_id:\\d+}/messages", _messages)
    routes.add_post("/api/users/{user_id:\\d+}/text", _text)
    routes.add_post("/api/users/{user_id:\\d+}/contact", _contact)
    routes.add_post("/api/users/{user_id:\\d+}/press", _press)
    routes.add_get("/api/users/{user_id:\\d+}/messages/{message_id:\\d+}/photo", _photo)
    routes.add_get("/api/users/{user_id:\\d+}/messages/{message_id:\\d+}/document", _document)
    routes.add_post("/api/clock", _jump)
    app[ZALO].add_routes(routes)
    return app


def reserve(host: str, port: int) -> socket.socket:
    """Bind the page's address before the bot is built: the bot's Zalo side needs the page's
    origin for its file links. Nothing is answered until start_page."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


async def start_page(sandbox: Sandbox, sock: socket.socket) -> web.AppRunner:
    """Serve the page on the reserved socket, which the server then owns."""
    runner = web.AppRunner(build_page(sandbox), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.SockSite(runner, sock).start()
    except OSError:
        await runner.cleanup()
        raise
    return runner
