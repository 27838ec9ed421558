"""Acting as users: each action records the message and queues the update Telegram sends."""

from __future__ import annotations

import re
import time
from typing import Any

from bot.doubles.telegram.files import (
    document_object,
    image_size,
    photo_sizes,
    sticker_object,
    voice_object,
)
from bot.doubles.telegram.keyboards import inline_buttons, reply_buttons
from bot.doubles.telegram.models import ChatState, StoredMessage
from bot.doubles.telegram.store import Store
from bot.ui.telegram_html import utf16_len

# The first bytes of each kind of sticker file, enough to tell what a downloaded one is:
# a WEBP image, a gzipped Lottie animation, a WEBM video.
_STICKER_BYTES = {
    ".webp": b"RIFF\x1a\x00\x00\x00WEBPVP8L",
    ".tgs": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    ".webm": b"\x1aE\xdf\xa3",
}
_COMMAND = re.compile(r"(?<![^\s])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![^\s])")


class UserActions(Store):
    """What a test can do as a Telegram user in a private chat with the bot."""

    def add_user(
        self,
        user_id: int | None = None,
        first_name: str = "Lan",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
        phone_number: str | None = None,
    ) -> dict[str, Any]:
        """Create a user (and its private chat); returns the Telegram User object."""
        if user_id is None:
            user_id = max([10000, *self.chats]) + 1
        if user_id in self.chats:
            raise ValueError(f"user {user_id} already exists")
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        optional = {"last_name": last_name, "username": username, "language_code": language_code}
        user.update((key, value) for key, value in optional.items() if value is not None)
        self.chats[user_id] = ChatState(user=user, phone_number=phone_number)
        return dict(user)

    def send_text(self, user_id: int, text: str) -> dict[str, Any]:
        """The user types `text`; commands get bot_command entities as Telegram adds them."""
        entities = [
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
            for match in _COMMAND.finditer(text)
        ]
        return self._user_sends(user_id, text=text, plain_text=text, entities=entities)

    def share_contact(
        self,
        user_id: int,
        phone_number: str,
        *,
        own: bool = True,
        first_name: str | None = None,
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        """The user shares a contact card: their own, or someone else's from their address book.

        Own cards carry the user's id; someone else's card carries `contact_user_id` when that
        person is on Telegram (as Telegram fills it in), and no user_id otherwise.
        """
        user = self._chat(user_id).user
        contact: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name or (user["first_name"] if own else "Contact"),
        }
        if own:
            if "last_name" in user:
                contact["last_name"] = user["last_name"]
            contact["user_id"] = user_id
        elif contact_user_id is not None:
            if contact_user_id == user_id:
                raise ValueError("someone else's contact card cannot carry the sender's own id")
            contact["user_id"] = contact_user_id
        return self._user_sends(user_id, contact=contact)

    def send_document(
        self,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """The user sends a file; the bot can fetch it back with getFile."""
        stored = self.files.add(content, "documents", filename, mime_type)
        return self._user_sends(
            user_id,
            document=document_object(stored),
            document_bytes=content,
            document_name=filename,
            caption=caption,
            plain_caption=caption,
        )

    def send_photo(
        self, user_id: int, content: bytes, caption: str | None = None
    ) -> dict[str, Any]:
        """The user sends a picture; sizes come from the PNG/JPEG/GIF header when present."""
        stored = self.files.add(content, "photos", "photo.jpg")
        return self._user_sends(
            user_id,
            photo=photo_sizes(stored, image_size(content) or (0, 0)),
            photo_bytes=content,
            caption=caption,
            plain_caption=caption,
        )

    def send_sticker(
        self,
        user_id: int,
        emoji: str | None = "👍",
        *,
        set_name: str | None = None,
        is_animated: bool = False,
        is_video: bool = False,
    ) -> dict[str, Any]:
        """The user sends a sticker (a WEBP image, TGS animation or WEBM video, by its kind)."""
        suffix = ".webm" if is_video else ".tgs" if is_animated else ".webp"
        stored = self.files.add(_STICKER_BYTES[suffix], "stickers", f"sticker{suffix}")
        sticker = sticker_object(
            stored, emoji=emoji, set_name=set_name, is_animated=is_animated, is_video=is_video
        )
        return self._user_sends(user_id, sticker=sticker)

    def send_location(
        self, user_id: int, latitude: float, longitude: float, *, accuracy: float | None = None
    ) -> dict[str, Any]:
        """The user shares a location (a point on the map, not a live location)."""
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if accuracy is not None:
            location["horizontal_accuracy"] = accuracy
        return self._user_sends(user_id, location=location)

    def send_voice(
        self, user_id: int, content: bytes = b"OggS\x00\x02", duration: int = 3
    ) -> dict[str, Any]:
        """The user records a voice note; the bot can fetch it back with getFile."""
        stored = self.files.add(content, "voice", "voice.oga", "audio/ogg")
        return self._user_sends(user_id, voice=voice_object(stored, duration))

    def press(
        self, user_id: int, message_id: int, callback_data: str, *, forged: bool = False
    ) -> dict[str, Any]:
        """Press the inline button carrying `callback_data` on a bot message.

        With `forged`, the message need not have such a button (nor any): the query carries
        data the bot did not put there, as a modified client, a replayed or tampered request,
        or a card left over from an older version of the bot could. It must be 1-64 bytes,
        as Telegram allows for callback data.
        """
        chat = self._chat(user_id)
        message = chat.message(message_id)
        if message is None or not message.from_bot or message.deleted:
            raise ValueError(f"chat {user_id} has no bot message #{message_id} to press on")
        buttons = list(inline_buttons(message.reply_markup))
        button = next((b for b in buttons if b.get("callback_data") == callback_data), None)
        if forged:
            if not 1 <= len(callback_data.encode("utf-8")) <= 64:
                raise ValueError(f"callback data must be 1-64 bytes: {callback_data!r}")
            button = button or {"text": f"<forged {callback_data}>"}
        if button is None:
            raise ValueError(
                f"message #{message_id} has no button with callback_data {callback_data!r}; "
                f"buttons: {_labels(buttons)}"
            )
        self._ensure_not_blocked(chat)
        query_id = f"q{user_id}_{len(chat.entries)}"
        self.pending_queries.add(query_id)
        press = StoredMessage(
            message_id=message_id,
            chat_id=user_id,
            from_bot=False,
            date=int(time.time()),
            sender=chat.user,
            chat=chat.chat,
            text=button["text"],
            plain_text=button["text"],
            callback_data=callback_data,
        )
        chat.entries.append(press)
        self._changed(press)
        query = {
            "id": query_id,
            "from": chat.user,
            "message": message.to_telegram(),
            "chat_instance": f"{user_id}{self.bot_user['id']}",
            "data": callback_data,
        }
        return self.updates.push("callback_query", query)

    def press_button(self, user_id: int, label_substring: str) -> dict[str, Any]:
        """Press the first matching inline button on the most recent bot message having one."""
        for message in reversed(self._chat(user_id).entries):
            if not message.from_bot or message.deleted:
                continue
            for button in inline_buttons(message.reply_markup):
                if label_substring in button["text"] and "callback_data" in button:
                    return self.press(user_id, message.message_id, button["callback_data"])
        raise ValueError(f"no inline button containing {label_substring!r} in chat {user_id}")

    def reply_keyboard_press(
        self, user_id: int, label_substring: str, *, phone_number: str | None = None
    ) -> dict[str, Any]:
        """Tap a button of the reply keyboard currently shown to the user."""
        chat = self._chat(user_id)
        keyboard = _current_reply_keyboard(chat)
        button = next((b for b in reply_buttons(keyboard) if label_substring in b["text"]), None)
        if button is None:
            raise ValueError(
                f"no reply keyboard button containing {label_substring!r} in chat {user_id}; "
                f"buttons: {_labels(reply_buttons(keyboard))}"
            )
        if button.get("request_contact"):
            phone = phone_number or chat.phone_number
            if phone is None:
                raise ValueError("a request_contact button needs the user's phone_number")
            return self.share_contact(user_id, phone)
        return self.send_text(user_id, button["text"])

    def block(self, user_id: int) -> dict[str, Any]:
        """The user blocks the bot; Telegram tells the bot with a my_chat_member update."""
        chat = self._chat(user_id)
        chat.blocked = True
        return self._member_update(chat, "member", "kicked")

    def unblock(self, user_id: int) -> dict[str, Any]:
        chat = self._chat(user_id)
        chat.blocked = False
        return self._member_update(chat, "kicked", "member")

    def _member_update(self, chat: ChatState, old: str, new: str) -> dict[str, Any]:
        def member(status: str) -> dict[str, Any]:
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": self.bot_user, **extra}

        update = {
            "chat": chat.chat,
            "from": chat.user,
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        return self.updates.push("my_chat_member", update)

    def _ensure_not_blocked(self, chat: ChatState) -> None:
        if chat.blocked:
            raise ValueError(f"user {chat.user['id']} blocked the bot; call unblock() first")

    def _user_sends(self, user_id: int, **fields: Any) -> dict[str, Any]:
        chat = self._chat(user_id)
        self._ensure_not_blocked(chat)
        chat.has_written = True
        message = self._new_message(chat, from_bot=False, **fields)
        return self.updates.push("message", message.to_telegram())


def _current_reply_keyboard(chat: ChatState) -> dict[str, Any] | None:
    """The last reply keyboard the bot sent, unless a later message removed it."""
    for message in reversed(chat.entries):
        markup = message.reply_markup if message.from_bot else None
        if markup and "keyboard" in markup:
            return markup
        if markup and markup.get("remove_keyboard"):
            return None
    return None


def _labels(buttons: Any) -> list[str]:
    return [button["text"] for button in buttons]
