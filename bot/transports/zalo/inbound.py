"""Zalo updates in, Telegram-shaped updates out, so every handler works unchanged.

- A text becomes a message (a leading /command gets its bot_command entity).
- A number typed under a message with options becomes the press of that option's button: an
  inline button's callback query, or a reply-keyboard button's text. A number the latest
  options do not have is answered with the numbers they do have, never applied elsewhere.
  Typing an option's words ("bỏ qua", "Gửi") works too, without diacritics as well. The rules
  are bot.ui.choices.match, the same a Telegram handler applies to its own keyboard.
- Under a share-contact request, a valid phone number becomes the member's own contact.
- Images, stickers and what Zalo can't describe get a friendly "please type" answer here and
  never reach the handlers. Group chats are served only when groups are (handlers.groups):
  then a group's text becomes a group message, and nothing else from a group is answered.
"""

from __future__ import annotations

import itertools
import logging
import re
from typing import Any

from bot.core.clock import Clock, iso_utc
from bot.domain.phones import normalize_phone
from bot.transports.zalo.group_chats import group_message, in_group
from bot.transports.zalo.outbound import Outbound
from bot.transports.zalo.render import numbers_list
from bot.ui.choices import NotOffered, Option, match
from storage import zalo as store
from storage.db import Database

logger = logging.getLogger(__name__)

TEXT = "message.text.received"
# Where a kept update carries the Zalo update it stands for, until it is translated.
KEPT = "zalo_update"
_NOT_TEXT = {
    "message.image.received": "zalo-please-type",
    "message.sticker.received": "zalo-please-type",
}


def _name(raw: dict[str, Any]) -> str:
    sender = (raw.get("message") or {}).get("from") or {}
    return str(sender.get("display_name") or sender.get("first_name") or "").strip()


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
        message = raw.get("message") or {}
        return int(message.get("date") or 0) // 1000 or int(self.clock.now().timestamp())

    async def translate(self, raw: dict[str, Any], user_id: int) -> dict[str, Any] | None:
        """Return the Telegram-shaped update (without update_id) for a Zalo update from the
        user `user_id`, or None when the transport answered it itself."""
        message = raw.get("message") or {}
        event = raw.get("event_name") or (TEXT if "text" in message else "")
        text = message.get("text")
        if in_group(raw):  # never answered here: only handlers.groups may answer, once
            if event != TEXT or not isinstance(text, str) or not text.strip():
                return None
            return await group_message(self.db, self.clock, raw, self._user(raw, user_id))
        if event != TEXT or not isinstance(text, str) or not text.strip():
            await self.outbound.note(user_id, _NOT_TEXT.get(event, "zalo-unsupported"))
            return None
        user = self._user(raw, user_id)
        date = self._date(raw)
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
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": 0,  # given when the translation is kept (ZaloBridge.translate)
            "date": date,
            "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "from": user,
        }
        if contact is not None:
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
