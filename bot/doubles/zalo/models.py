"""What the Zalo double remembers: users, transcript entries, fetches and deliveries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple


@dataclass(frozen=True, slots=True)
class PhotoFetch:
    """What the double got when it fetched a sendPhoto URL, as Zalo's servers would.

    `status` is None when no HTTP answer came (refused, timed out); `error` then says why.
    """

    status: int | None
    content_type: str | None
    size: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        """The link served an image: what the user would see instead of a broken picture."""
        return self.status == 200 and (self.content_type or "").startswith("image/")


@dataclass(slots=True)
class StoredZaloMessage:
    """One transcript entry, either direction.

    `kind` is "text", "image", "sticker", "voice" or "unsupported" for the user, and "text",
    "photo", "sticker" or "action" (sendChatAction; no message id) for the bot. `raw_markup` is the
    first HTML-looking fragment in a bot text or caption: Zalo shows it as typed.
    """

    who: Literal["user", "bot"]
    kind: str
    chat_id: str
    message_id: str | None
    date: int  # milliseconds since the epoch, as Zalo sends it
    text: str | None = None
    photo_url: str | None = None
    caption: str | None = None
    sticker: str | None = None
    voice_url: str | None = None
    action: str | None = None
    raw_markup: str | None = None
    photo_fetch: PhotoFetch | None = None
    update: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def from_bot(self) -> bool:
        return self.who == "bot"

    def describe(self) -> str:
        """One transcript line for failure messages."""
        if self.kind == "action":
            return f"bot is {self.action}"
        body = {
            "text": self.text,
            "image": f"[image {self.photo_url}] {self.caption or ''}",
            "photo": f"[photo {self.photo_url}] {self.caption or ''}",
            "sticker": f"[sticker {self.sticker}]",
            "voice": f"[voice {self.voice_url}]",
            "unsupported": "[unsupported message]",
        }[self.kind]
        return f"{self.who} {self.message_id}: {(body or '').strip()}"


@dataclass(slots=True)
class ZaloUser:
    """A user a test created; their private chat has the same id."""

    user_id: str
    display_name: str
    has_written: bool = False
    blocked: bool = False
    entries: list[StoredZaloMessage] = field(default_factory=list)

    def sender(self) -> dict[str, Any]:
        return {"id": self.user_id, "display_name": self.display_name, "is_bot": False}

    def chat(self) -> dict[str, Any]:
        return {"id": self.user_id, "chat_type": "PRIVATE"}


class RejectedCall(NamedTuple):
    """A bot call the double refused; tests assert this list stays empty."""

    method: str
    status: int
    description: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class WebhookAttempt:
    """One POST of an update to the webhook; `status` 0 means no HTTP answer."""

    update: dict[str, Any] = field(repr=False)
    attempt: int
    status: int
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return 200 <= self.status < 300
