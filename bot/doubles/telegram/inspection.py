"""Reading transcripts and waiting for the bot, without sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.doubles.base import DoubleServer
from bot.doubles.telegram.commands import check_language
from bot.doubles.telegram.models import StoredMessage
from bot.doubles.telegram.store import Store


class Inspection(Store, DoubleServer):
    """What tests read back: transcripts, bot messages, command menus, and waits."""

    def transcript(self, chat_id: int) -> list[StoredMessage]:
        """Both directions in order, including button presses and deleted messages."""
        return list(self._chat(chat_id).entries)

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        """The bot's messages in their current state; deleted ones stay with `deleted` set."""
        return [m for m in self._chat(chat_id).entries if m.from_bot]

    def commands_for(self, chat_id: int, language_code: str | None = None) -> list[dict[str, str]]:
        """The command menu the user sees; None means the user's own language_code."""
        if language_code is None:
            language_code = self._chat(chat_id).user.get("language_code", "")
        return self.commands.resolve_private(chat_id, check_language(language_code))

    def _entries(self, chat_id: int) -> list[StoredMessage]:
        return self._chat(chat_id).entries

    async def wait_for_bot_message(
        self,
        chat_id: int,
        *,
        after: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109
        predicate: Callable[[StoredMessage], bool] | None = None,
    ) -> StoredMessage:
        """First bot message with index >= `after` in bot_messages() that matches `predicate`."""

        def find() -> StoredMessage | None:
            for message in self.bot_messages(chat_id)[after:]:
                if predicate is None or predicate(message):
                    return message
            return None

        try:
            async with asyncio.timeout(timeout):
                return await self._changes.wait_for(find)
        except TimeoutError:
            raise TimeoutError(
                f"no bot message #{after}+ in chat {chat_id} matched within {timeout} s; "
                f"last transcript entries:\n{self._tail(chat_id)}"
            ) from None

    async def wait_for_edit(
        self,
        chat_id: int,
        message_id: int,
        *,
        edits: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> StoredMessage:
        """Wait until the message was edited more than `edits` times (default: as often as now)."""
        chat = self._chat(chat_id)
        message = chat.message(message_id)
        if message is None:
            raise ValueError(f"chat {chat_id} has no message #{message_id}")
        seen = len(message.edits) if edits is None else edits
        try:
            async with asyncio.timeout(timeout):
                await self._changes.wait_for(lambda: len(message.edits) > seen)
        except TimeoutError:
            raise TimeoutError(
                f"message #{message_id} in chat {chat_id} was not edited within {timeout} s; "
                f"last transcript entries:\n{self._tail(chat_id)}"
            ) from None
        return message
