"""The Zalo transport: PTB speaks the Bot API, this answers it with the Zalo Bot Platform.

`ZaloRequest` is a PTB request class (what HTTPXRequest is for Telegram): the application is
built exactly as for Telegram, only `.request(...)` and `.get_updates_request(...)` differ, so
every handler, the rate limiter and the delivery worker work unchanged. `ZaloBridge` holds
what both request objects share.

getUpdates: Zalo hands out one update per call with no offset to confirm it, so each update is
first written to the `zalo_inbox` table and only dropped when the bot's next getUpdates offset
confirms it; a crash in between replays it. Update ids are ZALO_ID_BASE + the inbox row, so they
never meet Telegram's in `processed_updates`. A getUpdates that says which update it has
already (`known`, bot.polling) gets only later ones, and waits for Zalo when there are none,
so that new updates come in while earlier ones are still being handled.

An update is kept as it came, in a message from its sender that says nothing else (the
envelope): what it means is read when the application handles it (`translate`), after the
same user's earlier updates, since a typed number answers the bot's latest message. The
translation is kept in the inbox in its place, so a replay after a crash means the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from telegram import Update
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot.core.clock import Clock, iso_utc
from bot.core.i18n import Texts
from bot.transports.zalo.api import ZaloApi, ZaloError
from bot.transports.zalo.inbound import KEPT, Inbound, log_once
from bot.transports.zalo.links import FileLinks
from bot.transports.zalo.outbound import Outbound, Refused
from storage import zalo as store
from storage.db import Database

logger = logging.getLogger(__name__)

# PTB's "not passed" default for timeouts, through its public name (BaseRequest.DEFAULT_NONE).
DEFAULT_NONE = BaseRequest.DEFAULT_NONE
# A timeout as PTB passes it (its ODVInput[float]): a float, None or DEFAULT_NONE, whose
# class PTB keeps private.
Timeout = object

# Zalo's 429 "Quota exceeded" says nothing of when to come back: wait this long.
QUOTA_RETRY_AFTER = 2
# Bot API methods that have no meaning on Zalo and are simply acknowledged.
_ACKNOWLEDGED = {
    "setmycommands": True,
    "deletemycommands": True,
    "setchatmenubutton": True,
    "getmycommands": [],
    "sendchataction": True,
    "logout": True,
    "close": True,
}


def zalo_updates(body: Any) -> list[dict[str, Any]]:
    """The updates in a getUpdates result or a webhook body, whichever shape it has.

    The docs give one update per getUpdates (`result` is the update) and wrap a webhook's
    update as `{"ok": true, "result": {...}}`; clients of the same API also read a webhook
    body that is the bare update, and a getUpdates result that is a list. All are taken
    (tests/zalo_conformance.md, Z06 and Z12); anything else is logged once and dropped.
    """
    wrapped = isinstance(body, dict) and "result" in body
    if wrapped and "event_name" not in body and "message" not in body:
        body = body["result"]
    if isinstance(body, dict):
        return [body] if body else []
    if isinstance(body, list):
        return [update for update in body if isinstance(update, dict) and update]
    if body not in (None, True):
        log_once("update-shape", "Zalo update of unexpected shape %s dropped", type(body).__name__)
    return []


def stable_bot_id(raw_id: str) -> int:
    """A positive 31-bit id for a non-numeric Zalo bot id, the same in every process (Python's
    own str hash is salted per process)."""
    digest = hashlib.blake2b(raw_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 2**31


class ZaloBridge:
    """Everything the Zalo request objects share: the API client, the translators, the inbox."""

    def __init__(
        self,
        api: ZaloApi,
        db: Database,
        texts: Texts,
        clock: Clock,
        *,
        links: FileLinks | None,
        default_language: str,
    ) -> None:
        self.api = api
        self.db = db
        self.clock = clock
        self.outbound = Outbound(api, db, texts, clock, links, default_language)
        self.inbound = Inbound(self.outbound, db, clock)
        self.links = links

    async def call(self, method: str, params: dict[str, Any], files: dict[str, Any]) -> Any:
        """Answer one Bot API call; raise Refused or ZaloError for an error answer."""
        name = method.lower()
        if name in _ACKNOWLEDGED:
            return _ACKNOWLEDGED[name]
        out = self.outbound
        match name:
            case "getme":
                return await self.get_me()
            case "getupdates":
                return await self.get_updates(params)
            case "deletewebhook":
                await self.api.call("deleteWebhook")
                return True
            case "getwebhookinfo":
                info = await self.api.call("getWebhookInfo")
                url = info.get("url", "") if isinstance(info, dict) else ""
                return {"url": url, "has_custom_certificate": False, "pending_update_count": 0}
            case "sendmessage":
                return await out.send_message(params)
            case "editmessagetext":
                return await out.edit_text(params)
            case "editmessagecaption":
                return await out.edit_text(params, "caption")
            case "editmessagereplymarkup":
                return await out.edit_markup(params)
            case "deletemessage":
                return await out.delete(params)
            case "answercallbackquery":
                return await out.answer_callback(params)
            case "sendphoto":
                return await out.send_file(params, files, "photo")
            case "senddocument":
                return await out.send_file(params, files, "document")
        raise Refused(400, f"Bad Request: {method} is not available on Zalo")

    async def get_me(self) -> dict[str, Any]:
        info = await self.api.call("getMe")
        raw_id = str(info.get("id", "0"))
        name = str(
            info.get("account_name") or info.get("name") or info.get("display_name") or "zalo_bot"
        )
        user = {
            "id": int(raw_id) if raw_id.isdigit() else stable_bot_id(raw_id),
            "is_bot": True,
            "first_name": name,
            "username": name.replace(".", "_"),
            # Zalo says it (group chats are beta there); handlers.groups decides what it means.
            "can_join_groups": bool(info.get("can_join_groups")),
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.outbound.bot_user = {k: user[k] for k in ("id", "is_bot", "first_name", "username")}
        return user

    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Confirm what the offset confirms; return what is left (after the `known` update
        id, if given), else wait for one from Zalo."""
        offset = params.get("offset")
        if offset:
            async with self.db.transaction() as conn:
                await store.confirm_inbox(conn, int(offset))
        known = params.get("known")
        waiting = await store.inbox(self.db.reader, after=None if known is None else int(known))
        if waiting:
            return waiting
        timeout = int(params.get("timeout") or 0)
        try:
            raw = await self.api.call(
                "getUpdates", {"timeout": str(max(timeout, 1))}, seconds=timeout + 10
            )
        except ZaloError as error:
            if error.code == 408:  # nothing arrived while Zalo waited
                return []
            raise
        return await self.accept(raw)

    async def accept(self, body: Any) -> list[dict[str, Any]]:
        """Keep the Zalo updates in a getUpdates result or a webhook body in the inbox, each
        in its envelope; return those that need a handler."""
        kept = []
        for raw in zalo_updates(body):
            update = await self._accept_one(raw)
            if update is not None:
                kept.append(update)
        return kept

    async def _accept_one(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        taken_id = str((raw.get("message") or {}).get("message_id") or "")
        if taken_id and await store.seen(self.db.reader, taken_id):
            return None  # a retried webhook or an update handed out twice
        user_id = await self.inbound.sender(raw)
        if user_id is None:
            return None
        update = self.inbound.envelope(raw, user_id)
        now = iso_utc(self.clock.now())
        async with self.db.transaction() as conn:
            if taken_id and not await store.mark_seen(conn, taken_id, now):
                return None
            await store.add_to_inbox(conn, update, now)
        return update

    @staticmethod
    def kept(update: Update) -> bool:
        """Tell whether an update is an envelope whose meaning is still to be read."""
        return KEPT in update.api_kwargs

    async def translate(self, update: Update) -> dict[str, Any] | None:
        """Read what a kept update means, now that its user's earlier updates were handled;
        keep the translation in its place. None: the transport answered it itself."""
        assert update.effective_user is not None  # every Zalo message comes from someone
        user_id = update.effective_user.id
        translated = await self.inbound.translate(update.api_kwargs[KEPT], user_id)
        if translated is None:
            return None
        translated["update_id"] = update.update_id
        async with self.db.transaction() as conn:
            if "message" in translated:  # its id comes from the sequence of the bot's messages
                translated["message"]["message_id"] = await store.user_message(
                    conn, user_id, iso_utc(self.clock.now())
                )
            await store.keep_translation(conn, translated)
        return translated


class ZaloRequest(BaseRequest):
    """A PTB request object that answers Bot API calls through a ZaloBridge."""

    def __init__(self, bridge: ZaloBridge, *, read_timeout: float | None = 5.0) -> None:
        self.bridge = bridge
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        await self.bridge.api.start()

    async def shutdown(self) -> None:
        await self.bridge.outbound.flush_held()
        await self.bridge.api.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Timeout = DEFAULT_NONE,
        write_timeout: Timeout = DEFAULT_NONE,
        connect_timeout: Timeout = DEFAULT_NONE,
        pool_timeout: Timeout = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = url.rstrip("/").rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        try:
            result = await self.bridge.call(name, params, files)
        except Refused as refused:
            return _error(refused.status, refused.description, refused.retry_after)
        except ZaloError as error:
            return _zalo_error(error)
        except TimedOut:
            raise
        return 200, json.dumps({"ok": True, "result": result}).encode()


def _error(status: int, description: str, retry_after: int | None = None) -> tuple[int, bytes]:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after:
        body["parameters"] = {"retry_after": retry_after}
    return status, json.dumps(body).encode()


def _zalo_error(error: ZaloError) -> tuple[int, bytes]:
    """Say Zalo's refusal the way Telegram would, so PTB raises the matching error."""
    if error.code == 429:
        return _error(429, f"Too Many Requests: {error.description}", QUOTA_RETRY_AFTER)
    if error.code in (400, 401, 403, 404, 409) or error.code >= 500:
        prefix = {400: "Bad Request", 403: "Forbidden"}.get(error.code, "Zalo")
        return _error(error.code, f"{prefix}: {error.description}")
    return _error(502, f"Zalo: {error.code} {error.description}")
