"""What the double remembers: transcript entries, files and chats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class StoredMessage:
    """One transcript entry in its current state (after edits).

    `text`/`caption` are raw as sent (HTML tags included); `plain_text`/`plain_caption` are
    what the user sees. A button press is recorded too: `callback_data` is set, `message_id`
    is the pressed bot message and `text` the button label. `edits` holds the text (or
    caption) as it was before each edit.
    """

    # Bytes and nested payloads stay out of repr so failing asserts remain readable.
    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    sender: dict[str, Any] = field(repr=False)
    chat: dict[str, Any] = field(repr=False)
    text: str | None = None
    plain_text: str | None = None
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    caption: str | None = None
    plain_caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    photo: list[dict[str, Any]] | None = None
    photo_bytes: bytes | None = field(default=None, repr=False)
    document: dict[str, Any] | None = None
    document_bytes: bytes | None = field(default=None, repr=False)
    document_name: str | None = None
    contact: dict[str, Any] | None = None
    sticker: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    voice: dict[str, Any] | None = None
    reply_to_message: dict[str, Any] | None = field(default=None, repr=False)
    callback_data: str | None = None
    edits: list[str | None] = field(default_factory=list)
    edit_date: int | None = None
    deleted: bool = False

    @property
    def is_press(self) -> bool:
        return self.callback_data is not None

    def to_telegram(self) -> dict[str, Any]:
        """The Message object exactly as the Bot API would return or deliver it."""
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat,
            "date": self.date,
        }
        optional = {
            "edit_date": self.edit_date,
            "reply_to_message": self.reply_to_message,
            "text": self.plain_text,
            "entities": self.entities or None,
            "photo": self.photo,
            "document": self.document,
            "caption": self.plain_caption,
            "caption_entities": self.caption_entities or None,
            "contact": self.contact,
            "sticker": self.sticker,
            "location": self.location,
            "voice": self.voice,
        }
        message.update((key, value) for key, value in optional.items() if value is not None)
        # Messages carry only inline keyboards; reply keyboards live in the client.
        if self.reply_markup is not None and "inline_keyboard" in self.reply_markup:
            message["reply_markup"] = self.reply_markup
        return message

    def describe(self) -> str:
        """One transcript line for error messages and logs."""
        who = "bot" if self.from_bot else "user"
        if self.is_press:
            return f"user pressed [{self.text}] on #{self.message_id}"
        body = self.plain_text or self.plain_caption or ""
        if self.photo is not None:
            body = f"[photo] {body}"
        elif self.document is not None:
            body = f"[document {self.document_name}] {body}"
        elif self.contact is not None:
            body = f"[contact {self.contact.get('phone_number')}]"
        elif self.sticker is not None:
            body = f"[sticker {self.sticker.get('emoji', '')}]"
        elif self.location is not None:
            body = f"[location {self.location['latitude']}, {self.location['longitude']}]"
        elif self.voice is not None:
            body = f"[voice {self.voice['duration']} s]"
        flags = " (deleted)" if self.deleted else ""
        return f"{who} #{self.message_id}{flags}: {body.strip()}"


@dataclass(slots=True)
class StoredFile:
    """A file either side sent; served by getFile and the file download URL."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass(slots=True)
class ChatState:
    """A private chat with one user; its chat id is the user id."""

    user: dict[str, Any]
    phone_number: str | None = None
    has_written: bool = False
    blocked: bool = False
    entries: list[StoredMessage] = field(default_factory=list)
    next_message_id: int = 1

    @property
    def chat(self) -> dict[str, Any]:
        keys = ("first_name", "last_name", "username")
        chat = {"id": self.user["id"], "type": "private"}
        chat.update((key, self.user[key]) for key in keys if key in self.user)
        return chat

    def message(self, message_id: int) -> StoredMessage | None:
        """The message (not press) with that id, deleted or not."""
        for entry in reversed(self.entries):
            if entry.message_id == message_id and not entry.is_press:
                return entry
        return None

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id
