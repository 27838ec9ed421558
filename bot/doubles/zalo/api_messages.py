"""Served methods that send to a user: sendMessage, sendPhoto, sendSticker, sendChatAction.

Zalo has no keyboards: keyboard parameters are refused (tests/zalo_conformance.md Z27). Text is
shown exactly as sent unless sendMessage names one of the documented `parse_mode` values
("markdown", "html"; Z26), so HTML-looking fragments in plain text are recorded for tests to
catch; Telegram's own parse modes ("HTML", "MarkdownV2") and entities are refused.
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp
from yarl import URL

from bot.doubles.telegram.params import Params
from bot.doubles.zalo.errors import bad_request
from bot.doubles.zalo.models import PhotoFetch, StoredZaloMessage, ZaloUser
from bot.doubles.zalo.store import ZaloStore

MAX_TEXT = 2000
CHAT_ACTIONS = ("typing", "upload_photo")
PARSE_MODES = ("markdown", "html")  # sendMessage only, in the newer copy of the docs
UNSUPPORTED_PARAMS = (
    "reply_markup", "inline_keyboard", "keyboard", "buttons", "parse_mode", "entities",
    "caption_entities",
)  # fmt: skip
_TAGS = "a|b|strong|i|em|u|ins|s|strike|del|span|code|pre|blockquote|br|p|div|tg-spoiler"
_MARKUP = re.compile(
    rf"</?(?:{_TAGS})(?:\s[^<>]*)?/?>|<a\s+href=|&(?:lt|gt|amp|quot|apos|nbsp|#\d+|#x[0-9a-f]+);",
    re.IGNORECASE,
)


def find_markup(text: str | None) -> str | None:
    """The first HTML tag or entity in `text`, which a Zalo user would see as typed."""
    found = _MARKUP.search(text or "")
    return found.group() if found else None


def _reject_unsupported(p: Params, *, formatting: bool = False) -> None:
    for name in UNSUPPORTED_PARAMS:
        if formatting and name == "parse_mode" and p.values.get(name) in PARSE_MODES:
            continue
        if name in p.values or name in p.uploads:
            raise bad_request(f"unsupported parameter {name}: Zalo has no keyboards or formatting")


def _checked_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise bad_request(f"{name} is required and must be a string")
    if not 1 <= len(value) <= MAX_TEXT:
        raise bad_request(f"{name} must be 1 to {MAX_TEXT} characters long, not {len(value)}")
    return value


def _photo_url(value: Any) -> str:
    try:
        parsed = URL(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise bad_request("photo must be a URL (http or https)")
    return value


async def fetch_photo(session: aiohttp.ClientSession, url: str) -> PhotoFetch:
    """GET the photo as Zalo's servers would; failures are recorded, not raised."""
    try:
        async with session.get(url) as response:
            body = await response.read()
            return PhotoFetch(response.status, response.content_type, len(body))
    except (aiohttp.ClientError, TimeoutError) as error:
        return PhotoFetch(None, None, 0, repr(error))


class MessageMethods(ZaloStore):
    """The methods that put something in front of a user."""

    async def _send_message(self, p: Params) -> dict[str, Any]:
        _reject_unsupported(p, formatting=True)
        user = self._target(p.values.get("chat_id"))
        text = _checked_text(p.values.get("text"), "text")
        self._charge(user.user_id)
        formatted = p.values.get("parse_mode") in PARSE_MODES
        return self._sent(
            user, "text", text=text, raw_markup=None if formatted else find_markup(text)
        )

    async def _send_photo(self, p: Params) -> dict[str, Any]:
        _reject_unsupported(p)
        if "photo" in p.uploads:
            raise bad_request("photo must be a URL; file uploads are not supported")
        user = self._target(p.values.get("chat_id"))
        url = _photo_url(p.values.get("photo"))
        caption = p.values.get("caption")
        if caption is not None and caption != "":
            caption = _checked_text(caption, "caption")
        self._charge(user.user_id)
        assert self.http is not None
        fetched = await fetch_photo(self.http, url)
        return self._sent(
            user,
            "photo",
            photo_url=url,
            caption=caption or None,
            raw_markup=find_markup(caption),
            photo_fetch=fetched,
        )

    async def _send_sticker(self, p: Params) -> dict[str, Any]:
        _reject_unsupported(p)
        user = self._target(p.values.get("chat_id"))
        sticker = p.values.get("sticker")
        if not isinstance(sticker, str) or not sticker:
            raise bad_request("sticker is required")
        self._charge(user.user_id)
        return self._sent(user, "sticker", sticker=sticker)

    async def _send_chat_action(self, p: Params) -> bool:
        _reject_unsupported(p)
        user = self._target(p.values.get("chat_id"))
        action = p.values.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request(f"action must be one of {', '.join(CHAT_ACTIONS)}")
        self._record(
            user,
            StoredZaloMessage("bot", "action", user.user_id, None, self.now_ms(), action=action),
        )
        return True

    def _sent(self, user: ZaloUser, kind: str, **fields: Any) -> dict[str, Any]:
        """Record a bot message and answer with its id and date, as Zalo does."""
        entry = StoredZaloMessage(
            "bot", kind, user.user_id, self.new_id("message"), self.now_ms(), **fields
        )
        self._record(user, entry)
        return {"message_id": entry.message_id, "date": entry.date}
