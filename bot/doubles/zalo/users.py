"""What tests do as Zalo users: write text, send images, stickers, voice notes and unsupported
messages. Each update has the shape the docs give (tests/zalo_conformance.md): an image's URL
in `photo` (Z16), a sticker's id and picture in `sticker` and `url` (Z17), a voice note's file
in `voice_url` (Z18); `send_raw` queues any other shape, to prove the transport tolerates it."""

from __future__ import annotations

import base64
from typing import Any

from bot.doubles.zalo.models import StoredZaloMessage, ZaloUser
from bot.doubles.zalo.store import ZaloStore

# A 1x1 white PNG: what the double serves for images users send without a URL of their own.
PLACEHOLDER_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)
# A 7-byte ADTS frame header: enough for a client to see an AAC file (the docs' voice format).
PLACEHOLDER_AAC = bytes.fromhex("fff15080021ffc")
_STICKER_URL = "https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid={}&size=130"


class UserActions(ZaloStore):
    """Users and the updates they cause; each update is queued for getUpdates or the webhook."""

    def add_user(self, display_name: str, user_id: str | None = None) -> str:
        """Create a user and return their id (20 hex characters unless given)."""
        user_id = user_id or self.new_id("user")
        if user_id in self.users:
            raise ValueError(f"user {user_id!r} exists already")
        self.users[user_id] = ZaloUser(user_id, display_name)
        return user_id

    def block(self, user_id: str) -> None:
        """Make the user unreachable: the bot's sends to them answer 403."""
        self._user(user_id).blocked = True

    def unblock(self, user_id: str) -> None:
        self._user(user_id).blocked = False

    def send_text(self, user_id: str, text: str) -> dict[str, Any]:
        """The user writes `text`; returns the queued update."""
        if not text:
            raise ValueError("a Zalo text message is never empty")
        return self._user_message(user_id, "text", "message.text.received", text=text)

    def send_image(
        self,
        user_id: str,
        caption: str | None = None,
        *,
        photo_url: str | None = None,
        field: str = "photo",
    ) -> dict[str, Any]:
        """The user sends an image; without `photo_url` the double serves a placeholder PNG.

        The URL travels in `photo`, as the docs say; `field="photo_url"` sends it the way
        python-zalo-bot reads it instead."""
        message_id = self.new_id("message")
        url = photo_url or f"{self._origin()}/media/{message_id}.png"
        fields = {field: url} | ({"caption": caption} if caption else {})
        return self._user_message(
            user_id, "image", "message.image.received", message_id=message_id, **fields
        )

    def send_voice(self, user_id: str, *, voice_url: str | None = None) -> dict[str, Any]:
        """The user sends a voice note; without `voice_url` the double serves a placeholder."""
        message_id = self.new_id("message")
        url = voice_url or f"{self._origin()}/media/{message_id}.aac"
        return self._user_message(
            user_id, "voice", "message.voice.received", message_id=message_id, voice_url=url
        )

    def send_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update of any shape as it is (shapes other sources give, kinds the docs
        do not name); nothing is recorded in a transcript. A user the double knows as its
        sender counts as having written (the bot may answer them)."""
        sender = ((update.get("message") or {}).get("from") or {}).get("id")
        if sender in self.users:
            self.users[sender].has_written = True
        self.updates.push(update)
        return update

    def send_sticker(self, user_id: str, sticker: str | None = None) -> dict[str, Any]:
        """The user sends a sticker (a made-up sticker id unless given)."""
        sticker = sticker or self.new_id("sticker")
        url = _STICKER_URL.format(sticker)
        return self._user_message(
            user_id, "sticker", "message.sticker.received", sticker=sticker, url=url
        )

    def send_unsupported(self, user_id: str) -> dict[str, Any]:
        """The user sends something bots cannot see (a voice note, a location...)."""
        return self._user_message(user_id, "unsupported", "message.unsupported.received")

    def redeliver(self, update: dict[str, Any]) -> None:
        """Queue an update a second time, unchanged: a duplicate delivery."""
        self.updates.push(update)

    def _user_message(
        self,
        user_id: str,
        kind: str,
        event_name: str,
        *,
        message_id: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        user = self._user(user_id)
        message = {
            "from": user.sender(),
            "chat": user.chat(),
            **fields,
            "message_id": message_id or self.new_id("message"),
            "date": self.now_ms(),
        }
        update = {"event_name": event_name, "message": message}
        user.has_written = True
        self._record(
            user,
            StoredZaloMessage(
                who="user",
                kind=kind,
                chat_id=user_id,
                message_id=message["message_id"],
                date=message["date"],
                text=fields.get("text"),
                photo_url=fields.get("photo") or fields.get("photo_url"),
                voice_url=fields.get("voice_url"),
                caption=fields.get("caption"),
                sticker=fields.get("sticker"),
                update=update,
            ),
        )
        self.updates.push(update)
        return update
