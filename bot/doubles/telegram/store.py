"""State shared by the served methods, the user actions and the inspection helpers."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.doubles.telegram.commands import CommandRegistry
from bot.doubles.telegram.errors import BLOCKED, CHAT_NOT_FOUND, ApiError, bad_request
from bot.doubles.telegram.faults import FaultInjector
from bot.doubles.telegram.files import FileStore
from bot.doubles.telegram.ids import IssuedIds
from bot.doubles.telegram.models import ChatState, StoredMessage
from bot.doubles.telegram.ratelimit import RateLimiter, RateLimits
from bot.doubles.telegram.updates import ChangeSignal, UpdateQueue
from bot.doubles.telegram.webhook import WebhookSender

logger = logging.getLogger(__name__)

Listener = Callable[[StoredMessage], None]


class Store:
    """Chats, transcripts, files, updates and the records tests inspect."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        rate_limits: RateLimits | None,
        bot_name: str,
        id_file: Path | None = None,
    ) -> None:
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("token must look like '<bot id>:<secret>'")
        self.token = token
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.chats: dict[int, ChatState] = {}
        self.ids = IssuedIds(id_file)
        self.updates = UpdateQueue(self.ids)
        # A lambda: self._changes is made further down.
        self.webhook = WebhookSender(self.updates, lambda: self._changes.notify())  # noqa: PLW0108
        self.files = FileStore()
        self.commands = CommandRegistry()
        self.faults = FaultInjector()
        self.rate_limiter = RateLimiter(rate_limits) if rate_limits is not None else None
        self.pending_queries: set[str] = set()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[tuple[str, int, str]] = []
        self.answered_callbacks: list[tuple[str, str | None, bool]] = []
        self._changes = ChangeSignal()
        self._listeners: list[Listener] = []

    def add_listener(self, callback: Listener) -> None:
        """Call `callback(message)` synchronously for every new, edited or deleted bot message."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Listener) -> None:
        self._listeners.remove(callback)

    def _chat(self, user_id: int) -> ChatState:
        """The chat of a user a test created; anything else is a bug in the test."""
        chat = self.chats.get(user_id)
        if chat is None:
            raise ValueError(f"no user {user_id}; call add_user() first")
        return chat

    def _target_chat(self, chat_id: Any, *, sending: bool = True) -> ChatState:
        """The chat a bot call addresses, failing like Telegram for unknown or blocked users."""
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        try:
            chat = self.chats.get(int(chat_id))
        except (TypeError, ValueError):
            chat = None  # Telegram reads a non-numeric chat_id as a @username
        if chat is None or not chat.has_written:
            raise ApiError(400, CHAT_NOT_FOUND)
        if sending and chat.blocked:
            raise ApiError(403, BLOCKED)
        return chat

    def _charge(self, chat_id: int) -> None:
        if self.rate_limiter is not None:
            self.rate_limiter.charge(chat_id)

    def _new_message(self, chat: ChatState, *, from_bot: bool, **fields: Any) -> StoredMessage:
        """Append a message to the transcript and announce it."""
        message = StoredMessage(
            message_id=self.ids.take_message_id(chat),
            chat_id=chat.user["id"],
            from_bot=from_bot,
            date=int(time.time()),
            sender=self.bot_user if from_bot else chat.user,
            chat=chat.chat,
            **fields,
        )
        chat.entries.append(message)
        self._changed(message)
        return message

    def _changed(self, message: StoredMessage) -> None:
        """Wake waiting tests; tell listeners when the bot side changed."""
        self._changes.notify()
        if not message.from_bot:
            return
        for listener in list(self._listeners):
            try:
                listener(message)
            except Exception:
                # A broken listener (e.g. a closed WebSocket) must not fail the bot's call.
                logger.exception("double listener %r failed", listener)
