"""Zalo updates in, Telegram-shaped updates out, so every handler works unchanged.

- A text becomes a message (a leading /command gets its bot_command entity).
- A number typed under a message with options becomes the press of that option's button: an
  inline button's callback query, or a reply-keyboard button's text. A number the latest
  options do not have is answered with the numbers they do have, never applied elsewhere.
  Typing an option's words ("bỏ qua", "Gửi") works too, without diacritics as well. The rules
  are bot.ui.choices.match, the same a Telegram handler applies to its own keyboard.
- Under a share-contact request, a valid phone number becomes the member's own contact.
- An image becomes a message with `photo` (one PhotoSize whose file_id is "zalo:<image URL>")
  and its `caption`; a sticker a message with `sticker`; a voice note a message with `voice`.
  The handlers answer them as they answer a photo, sticker or voice note on Telegram.
- What Zalo does not describe (message.unsupported.received, an event kind not documented) is
  answered here with "zalo-unsupported" and never reaches the handlers; each unknown kind is
  logged once per process.
- Group chats are served only when groups are (handlers.groups): then a group's text becomes a
  group message, and nothing else from a group is answered.

Every field read here, and the shapes tolerated where the sources disagree, is a row of
tests/zalo_conformance.md (Z15-Z23); `zalo_fields` turns images, stickers and voice notes
into Telegram's shapes (Z17-Z19), which other features rely on: keep them stable.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from typing import Any

from bot.core.clock import Clock, iso_utc
from bot.domain.phones import normalize_phone
from bot.transports.zalo.group_chats import group_message, in_group
from bot.transports.zalo.outbound import FILE_PREFIX, Outbound
from bot.transports.zalo.render import numbers_list
from bot.ui.choices import NotOffered, Option, match
from storage import zalo as store
from storage.db import Database

logger = logging.getLogger(__name__)

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
VOICE = "message.voice.received"
UNSUPPORTED = "message.unsupported.received"
# Where a kept update carries the Zalo update it stands for, until it is translated.
KEPT = "zalo_update"

_logged: set[str] = set()


def log_once(kind: str, message: str, *args: object, level: int = logging.WARNING) -> None:
    """Log something unexpected about Zalo's updates once per kind per process, not per
    update (an unknown shape on every message must not flood the log)."""
    if kind in _logged:
        return
    _logged.add(kind)
    logger.log(level, message, *args)


def _name(raw: dict[str, Any]) -> str:
    """The sender's name: `display_name` (the docs), `name` or `first_name` (older copies)."""
    sender = (raw.get("message") or {}).get("from") or {}
    for key in ("display_name", "name", "first_name"):
        value = sender.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _text_field(message: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = message.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def event_of(raw: dict[str, Any]) -> str:
    """The update's event kind: `event_name`, or (without one, as in an older getUpdates
    sample) the kind its message's fields show."""
    event = raw.get("event_name")
    if isinstance(event, str) and event:
        return event
    message = raw.get("message") or {}
    log_once("no-event-name", "Zalo update without event_name; kind read from its fields")
    if isinstance(message.get("text"), str):
        return TEXT
    if _text_field(message, "photo", "photo_url"):
        return IMAGE
    if _text_field(message, "sticker"):
        return STICKER
    if _text_field(message, "voice_url", "voice"):
        return VOICE
    return UNSUPPORTED


def file_unique_id(source: str) -> str:
    """A short id that stays the same for the same Zalo file, as Telegram's does."""
    return "z" + hashlib.blake2b(source.encode("utf-8"), digest_size=8).hexdigest()


def zalo_fields(raw: dict[str, Any]) -> dict[str, Any] | None:
    """The Telegram message fields an image, sticker or voice note becomes; None for an
    event kind the handlers can't be given (unsupported, unknown)."""
    event = event_of(raw)
    message = raw.get("message") or {}
    if event == IMAGE:
        # The docs name the image URL `photo`; python-zalo-bot reads `photo_url`.
        source = _text_field(message, "photo", "photo_url") or str(message.get("message_id", ""))
        fields: dict[str, Any] = {
            "photo": [
                {
                    "file_id": FILE_PREFIX + source,
                    "file_unique_id": file_unique_id(source),
                    "width": int(message.get("width") or 0),
                    "height": int(message.get("height") or 0),
                }
            ]
        }
        caption = _text_field(message, "caption", "text")
        if caption:
            fields["caption"] = caption
        return fields
    if event == STICKER:
        sticker_id = _text_field(message, "sticker") or str(message.get("message_id", ""))
        sticker: dict[str, Any] = {
            "file_id": FILE_PREFIX + sticker_id,
            "file_unique_id": file_unique_id(sticker_id),
            "type": "regular",
            "width": 0,
            "height": 0,
            "is_animated": False,
            "is_video": False,
        }
        url = _text_field(message, "url")
        if url:  # the sticker's picture, kept where Telegram keeps a sticker's preview
            sticker["thumbnail"] = {
                "file_id": FILE_PREFIX + url,
                "file_unique_id": file_unique_id(url),
                "width": 0,
                "height": 0,
            }
        return {"sticker": sticker}
    if event == VOICE:
        source = _text_field(message, "voice_url", "voice", "url") or str(
            message.get("message_id", "")
        )
        return {
            "voice": {
                "file_id": FILE_PREFIX + source,
                "file_unique_id": file_unique_id(source),
                "duration": int(message.get("duration") or 0),
            }
        }
    if event == UNSUPPORTED:
        log_once(event, "Zalo sent %s: answered, not handled", event, level=logging.INFO)
    else:
        log_once(
            f"event:{event}", "Zalo event kind %r is not documented: answered, not handled", event
        )
    return None


class Inbound:
    """Translates one Zalo update; may answer it itself and return None.

    Taking an update in (`sender`, `envelope`) reads nothing a dialog changes; what it means
    (`translate`) is read when its turn comes, after the same user's earlier updates were
    handled: a number answers the bot's latest message, which the previous update may change.
    """

    def __init__(self, outbound: Outbound, db: Database, clock: Clock) -> None:
        self.outbound = outbound
        self.db = db
        self.clock = clock
        self._queries = itertools.count(1)
        # Group chats are taken in (as group messages, for handlers.groups) only when served.
        self.groups = False

    async def sender(self, raw: dict[str, Any]) -> int | None:
        """The internal id of a Zalo update's sender (given on first sight), or None when the
        update needs no answer: a bot's, or one from a group chat."""
        message = raw.get("message") or {}
        sender = message.get("from") or {}
        chat = message.get("chat") or {}
        zalo_user = sender.get("id") or chat.get("id")
        if not zalo_user or sender.get("is_bot"):
            return None
        user_id = await store.known_id(self.db.reader, str(zalo_user))
        if user_id is None:  # first sight: give them an id (a write only this once)
            async with self.db.transaction() as conn:
                user_id = await store.internal_id(
                    conn, str(zalo_user), _name(raw) or None, iso_utc(self.clock.now())
                )
        if str(chat.get("chat_type", "PRIVATE")).upper() != "PRIVATE" and not self.groups:
            logger.info("Zalo group message from user %s ignored", user_id)
            return None
        return user_id

    def envelope(self, raw: dict[str, Any], user_id: int) -> dict[str, Any]:
        """The update as kept until its turn: the Zalo update under KEPT, in a message from
        its sender that says nothing else (so that it is ordered by its user)."""
        user = self._user(raw, user_id)
        chat = {"id": user_id, "type": "private", "first_name": user["first_name"]}
        message = {"message_id": 0, "date": self._date(raw), "chat": chat, "from": user}
        return {"message": message, KEPT: raw}

    def _user(self, raw: dict[str, Any], user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": (_name(raw) or "Zalo")[:64],
            "language_code": "vi",
        }

    def _date(self, raw: dict[str, Any]) -> int:
        """Telegram's date (seconds) from Zalo's, which the docs give in milliseconds."""
        message = raw.get("message") or {}
        try:
            date = int(message.get("date") or 0)
        except (TypeError, ValueError):
            date = 0
        if 0 < date < 10**11:  # already seconds: not what the docs say, but readable
            log_once("date-seconds", "Zalo update date %s looks like seconds, not ms", date)
            return date
        return date // 1000 or int(self.clock.now().timestamp())

    async def translate(self, raw: dict[str, Any], user_id: int) -> dict[str, Any] | None:
        """Return the Telegram-shaped update (without update_id) for a Zalo update from the
        user `user_id`, or None when the transport answered it itself."""
        message = raw.get("message") or {}
        event = event_of(raw)
        text = message.get("text")
        if in_group(raw):  # never answered here: only handlers.groups may answer, once
            if event != TEXT or not isinstance(text, str) or not text.strip():
                return None
            return await group_message(self.db, self.clock, raw, self._user(raw, user_id))
        user = self._user(raw, user_id)
        date = self._date(raw)
        if event != TEXT:
            fields = zalo_fields(raw)
            if fields is None:
                await self.outbound.note(user_id, "zalo-unsupported")
                return None
            return await self._message(user, date, **fields)
        if not isinstance(text, str) or not text.strip():
            await self.outbound.note(user_id, "zalo-unsupported")
            return None
        latest = await store.latest(self.db.reader, user_id)
        if latest is not None and latest.options:
            picked = await self._pick(user_id, text, latest.options)
            if picked is False:
                return None
            if isinstance(picked, dict):
                return await self._press(user, date, latest, picked)
            if picked == "contact":
                phone = normalize_phone(text)
                return await self._message(user, date, contact=phone)
        return await self._message(user, date, text=text)

    async def _pick(
        self, user_id: int, text: str, options: list[Option]
    ) -> Option | str | bool | None:
        """What a typed text means under these options.

        Returns the option picked, "contact" for a phone number under a contact request,
        False when the transport answered (a number the options don't have), or None for text.
        """
        if any(o["kind"] == "contact" for o in options) and normalize_phone(text):
            return "contact"
        picked = match(text, options)
        if isinstance(picked, NotOffered):
            language = await self.outbound.language(user_id)
            numbers = numbers_list(self.outbound.texts, language, picked.count)
            await self.outbound.note(
                user_id, "zalo-stale-number", number=picked.number, numbers=numbers
            )
            return False
        return picked

    async def _press(
        self, user: dict[str, Any], date: int, card: store.SentMessage, option: Option
    ) -> dict[str, Any]:
        if option["kind"] == "text":
            return await self._message(user, date, text=option["value"])
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        return {
            "callback_query": {
                "id": f"{user['id']}:{next(self._queries)}",
                "from": user,
                "message": {
                    "message_id": card.message_id,
                    "date": date,
                    "chat": chat,
                    "from": self.outbound.bot_user,
                    "text": card.text or "-",
                },
                "chat_instance": str(user["id"]),
                "data": option["value"],
            }
        }

    async def _message(
        self,
        user: dict[str, Any],
        date: int,
        *,
        text: str | None = None,
        contact: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": 0,  # given when the translation is kept (ZaloBridge.translate)
            "date": date,
            "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "from": user,
        }
        if fields:  # a photo, sticker or voice note (zalo_fields)
            message.update(fields)
        elif contact is not None:
            message["contact"] = {
                "phone_number": contact,
                "first_name": user["first_name"],
                "user_id": user["id"],
            }
        else:
            assert text is not None
            message["text"] = text
            command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
            if command:
                length = len(command.group(0).encode("utf-16-le")) // 2
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"message": message}
