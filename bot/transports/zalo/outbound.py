"""Bot API calls that put something in front of a Zalo user, done with Zalo's few methods.

- sendMessage: the HTML reduced to text, the keyboard numbered under it, cut at 2,000.
- editMessageText / editMessageCaption: Zalo can't edit, so the new text is sent as a new
  message under the same (Telegram-style) message id. Edits that only move a counter (a
  broadcast's progress) are held back until the text has been quiet for `edit_quiet_seconds`.
- editMessageReplyMarkup / deleteMessage: the options of that message close; nothing is sent
  unless new options open.
- answerCallbackQuery: its text, if any, is sent as a short message.
- sendPhoto / sendDocument: uploaded bytes are served from a short-lived signed link (Zalo
  takes photos by URL and has no documents); without PUBLIC_URL the member is told where to
  get them instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import mimetypes
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from bot.core.clock import Clock, iso_utc
from bot.core.fetch import ZALO_FILE_PREFIX
from bot.core.i18n import Texts
from bot.transports.zalo.api import ZaloApi
from bot.transports.zalo.links import FileLinks
from bot.transports.zalo.render import links_of, plain_text, render_options, split
from bot.ui.choices import options_of
from storage import zalo as store
from storage.db import Database

logger = logging.getLogger(__name__)

MAX_CAPTION = 2000
# The file ids inbound.py gives Zalo users' files: "zalo:" and the URL Zalo serves the file at.
FILE_PREFIX = ZALO_FILE_PREFIX


class Refused(Exception):
    """A Bot API call the transport answers with an error, as Telegram would."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


class Outbound:
    """Sends what the bot says to Zalo users and remembers each message's options."""

    def __init__(
        self,
        api: ZaloApi,
        db: Database,
        texts: Texts,
        clock: Clock,
        links: FileLinks | None,
        default_language: str,
    ) -> None:
        self.api = api
        self.db = db
        self.texts = texts
        self.clock = clock
        self.links = links
        self.default_language = default_language
        self.bot_user: dict[str, Any] = {"id": 0, "is_bot": True, "first_name": "Zalo bot"}
        self.edit_quiet_seconds = 20.0
        self._last_sent: dict[int, float] = {}  # message id -> loop time it was last sent
        self._held: dict[int, asyncio.Task] = {}
        # Fetches a file another messenger's bot knows by id: (name, bytes). Set when Telegram
        # is served too, so a broadcast's photo composed there reaches Zalo members.
        self.fetch_foreign: Callable[[str], Awaitable[tuple[str, bytes]]] | None = None
        self._foreign: dict[str, tuple[str, str]] = {}  # foreign id -> (name, our file id)

    # --- helpers ---------------------------------------------------------------------

    async def recipient(self, chat_id: int) -> tuple[str, str]:
        """Return Zalo's id for a chat and its language; an unknown chat is refused."""
        found = await store.recipient(self.db.reader, chat_id)
        if found is None:
            raise Refused(400, "Bad Request: chat not found")
        return found[0], found[1] or self.default_language

    async def language(self, chat_id: int) -> str:
        """Return the language to write to a chat in: its member's, else the default."""
        found = await store.recipient(self.db.reader, chat_id)
        return found[1] if found and found[1] else self.default_language

    def _now(self) -> str:
        return iso_utc(self.clock.now())

    def message_dict(self, message_id: int, chat_id: int, **fields: Any) -> dict[str, Any]:
        """A Telegram Message as PTB expects it back."""
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": self.bot_user,
            **fields,
        }

    async def _send_text(self, zalo_chat: str, text: str) -> None:
        for piece in split(text):
            await self.api.call("sendMessage", {"chat_id": zalo_chat, "text": piece})

    async def say(self, chat_id: int, text: str) -> None:
        """Send a short note of the transport's own (it opens and closes no options)."""
        zalo_chat, _ = await self.recipient(chat_id)
        await self._send_text(zalo_chat, text)

    async def note(self, chat_id: int, text_id: str, **args: object) -> None:
        """Send one of the transport's catalog texts in the chat's language."""
        zalo_chat, language = await self.recipient(chat_id)
        await self._send_text(zalo_chat, self.texts.plain(language, text_id, **args))

    # --- sending ---------------------------------------------------------------------

    async def deliver(
        self,
        chat_id: int,
        text: str,
        markup: dict[str, Any] | None,
        *,
        message_id: int | None = None,
    ) -> int:
        """Send text with its options as Zalo messages; return the Telegram-style id."""
        zalo_chat, language = await self.recipient(chat_id)
        options = options_of(markup)
        parts = [text.strip()] if text.strip() else []
        parts += links_of(markup)
        if options:
            parts.append(render_options(self.texts, language, options))
        async with self.db.transaction() as conn:
            if message_id is None:
                message_id = await store.new_message(conn, chat_id, text, options, self._now())
            else:
                await store.update_message(conn, message_id, text=text, options=options)
        await self._send_text(zalo_chat, "\n\n".join(parts))
        self._last_sent[message_id] = asyncio.get_running_loop().time()
        return message_id

    async def send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = _text(params.get("text", ""), params.get("parse_mode"))
        message_id = await self.deliver(chat_id, text, params.get("reply_markup"))
        return self.message_dict(message_id, chat_id, text=text)

    async def edit_text(self, params: dict[str, Any], field: str = "text") -> dict[str, Any]:
        chat_id, message_id = _target(params)
        known = await store.message(self.db.reader, message_id)
        if known is None or known.chat_id != chat_id:
            raise Refused(400, "Bad Request: message to edit not found")
        text = _text(params.get(field, ""), params.get("parse_mode"))
        markup = params.get("reply_markup")
        if text == known.text and markup is None:
            raise Refused(400, "Bad Request: message is not modified")
        if markup is None and self._recently_sent(message_id):
            # A counter moving (a broadcast's progress): send the last text once it is quiet.
            async with self.db.transaction() as conn:
                await store.update_message(conn, message_id, text=text, options=known.options)
            self._hold(chat_id, message_id)
        else:
            await self.deliver(chat_id, text, markup, message_id=message_id)
        return self.message_dict(message_id, chat_id, **{field: text})

    def _recently_sent(self, message_id: int) -> bool:
        last = self._last_sent.get(message_id)
        loop_time = asyncio.get_running_loop().time()
        return last is not None and loop_time - last < self.edit_quiet_seconds

    def _hold(self, chat_id: int, message_id: int) -> None:
        if message_id in self._held:
            return

        async def send_when_quiet() -> None:
            try:
                while self._recently_sent(message_id):
                    wait = self._last_sent[message_id] + self.edit_quiet_seconds
                    await asyncio.sleep(wait - asyncio.get_running_loop().time())
                known = await store.message(self.db.reader, message_id)
                if known is not None:
                    await self.say(chat_id, known.text)
                    self._last_sent[message_id] = asyncio.get_running_loop().time()
            except Exception:  # a held edit is a courtesy; never let it crash the bot
                logger.exception("Held edit of message %s could not be sent", message_id)
            finally:
                self._held.pop(message_id, None)

        self._held[message_id] = asyncio.create_task(send_when_quiet())

    async def flush_held(self) -> None:
        """Send held edits now (at shutdown, and in tests)."""
        held, self._held = self._held, {}
        for message_id, task in held.items():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            known = await store.message(self.db.reader, message_id)
            if known is not None:
                await self.say(known.chat_id, known.text)

    async def edit_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        chat_id, message_id = _target(params)
        known = await store.message(self.db.reader, message_id)
        if known is None or known.chat_id != chat_id:
            raise Refused(400, "Bad Request: message to edit not found")
        options = options_of(params.get("reply_markup"))
        if not options:
            if not known.options:
                raise Refused(400, "Bad Request: message is not modified")
            async with self.db.transaction() as conn:
                await store.update_message(conn, message_id, options=None)
        else:
            await self.deliver(chat_id, "", params["reply_markup"], message_id=message_id)
        return self.message_dict(message_id, chat_id, text=known.text)

    async def delete(self, params: dict[str, Any]) -> bool:
        _, message_id = _target(params)
        async with self.db.transaction() as conn:
            await store.update_message(conn, message_id, options=None)
        return True

    async def answer_callback(self, params: dict[str, Any]) -> bool:
        text = params.get("text")
        chat = str(params.get("callback_query_id", "")).split(":")[0]
        if text and chat.isdigit():
            await self.say(int(chat), text)
        return True

    # --- files -----------------------------------------------------------------------

    async def send_file(
        self, params: dict[str, Any], files: dict[str, Any], kind: str
    ) -> dict[str, Any]:
        """sendPhoto and sendDocument: by signed link, or say where to get the file."""
        chat_id = int(params["chat_id"])
        caption = _text(params.get("caption") or "", params.get("parse_mode"))
        name, url, file_id = await self._locate(params, files, kind)
        zalo_chat, language = await self.recipient(chat_id)
        if kind == "photo" and url is not None:
            short = caption if len(caption) <= MAX_CAPTION else ""
            markup = params.get("reply_markup")
            options = options_of(markup)
            async with self.db.transaction() as conn:
                message_id = await store.new_message(conn, chat_id, caption, options, self._now())
            photo = {"chat_id": zalo_chat, "photo": url}
            if short:
                photo["caption"] = short
            await self.api.call("sendPhoto", photo)
            if (caption and not short) or options:
                await self.deliver(
                    chat_id, "" if short else caption, markup, message_id=message_id
                )
        else:
            hours = self.links.hours if self.links else 0
            if url is not None:
                line = self.texts.plain(
                    language, "zalo-file-link", name=name, url=url, hours=hours
                )
            elif kind == "photo":
                line = self.texts.plain(language, "zalo-photo-elsewhere")
            else:
                line = self.texts.plain(language, "zalo-file-elsewhere", name=name)
            text = f"{caption}\n\n{line}" if caption else line
            message_id = await self.deliver(chat_id, text, params.get("reply_markup"))
        fields: dict[str, Any] = {"caption": caption} if caption else {}
        handle = {"file_id": file_id or "zf0", "file_unique_id": file_id or "zf0"}
        if kind == "photo":
            fields["photo"] = [{**handle, "width": 1, "height": 1}]
        else:
            fields["document"] = {**handle, "file_name": name}
        return self.message_dict(message_id, chat_id, **fields)

    async def _locate(
        self, params: dict[str, Any], files: dict[str, Any], kind: str
    ) -> tuple[str, str | None, str | None]:
        """Return the file's name, a link Zalo can fetch (None: none) and our id for it."""
        upload = files.get(kind)
        if upload is not None:
            name, body = upload[0] or f"{kind}.bin", upload[1]
            if not isinstance(body, bytes):
                return name, None, None
            url, file_id = await self._keep(name, body)
            return name, url, file_id
        given = str(params.get(kind, ""))
        if given.startswith(FILE_PREFIX):  # a Zalo user's image (Z17): Zalo serves its URL
            given = given.removeprefix(FILE_PREFIX)
        if given.startswith(("http://", "https://")):
            return "file", given, None
        if self.links is None:
            return "file", None, None
        if given.startswith("zf"):
            url = await self.links.url_of_stored(given)
            return "file", url, given if url else None
        if self.fetch_foreign is None:
            return "file", None, None
        # Another messenger's file id (a broadcast composed on Telegram): fetch it once.
        known = self._foreign.get(given)
        if known is not None and (url := await self.links.url_of_stored(known[1])):
            return known[0], url, known[1]
        name, body = await self.fetch_foreign(given)
        url, file_id = await self._keep(name, body)
        if file_id is not None:
            self._foreign[given] = (name, file_id)
        return name, url, file_id

    async def _keep(self, name: str, body: bytes) -> tuple[str | None, str | None]:
        """Store bytes to serve by link; return (url, our file id), or Nones without links."""
        if self.links is None:
            return None, None
        expires = self.clock.now() + timedelta(hours=self.links.hours)
        async with self.db.transaction() as conn:
            stored = await store.add_file(conn, name, _mime(body, name), body, iso_utc(expires))
        return self.links.url(stored, expires), f"zf{stored}"


def _mime(body: bytes, name: str) -> str:
    """The type to serve a file as: PTB uploads bytes as application/octet-stream."""
    if body.startswith(b"\x89PNG"):
        return "image/png"
    if body.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _text(text: str, parse_mode: str | None) -> str:
    return plain_text(text) if parse_mode == "HTML" else text


def _target(params: dict[str, Any]) -> tuple[int, int]:
    if "inline_message_id" in params:
        raise Refused(400, "Bad Request: inline messages are not available on Zalo")
    return int(params["chat_id"]), int(params["message_id"])
