"""Reading transcripts and waiting for the bot, without sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.doubles.base import DoubleServer
from bot.doubles.zalo.models import StoredZaloMessage, WebhookAttempt
from bot.doubles.zalo.store import ZaloStore


class Inspection(ZaloStore, DoubleServer):
    """What tests read back: transcripts, bot messages, webhook records, and waits."""

    def transcript(self, user_id: str) -> list[StoredZaloMessage]:
        """Both directions in order, chat actions included."""
        return list(self._user(user_id).entries)

    def bot_messages(self, user_id: str) -> list[StoredZaloMessage]:
        """The bot's messages (text, photo, sticker) to this user; chat actions left out."""
        return [m for m in self._user(user_id).entries if m.from_bot and m.kind != "action"]

    def raw_markup_messages(self) -> list[StoredZaloMessage]:
        """Bot messages to anyone whose text or caption shows HTML-looking markup as typed."""
        return [
            message
            for user in self.users.values()
            for message in user.entries
            if message.from_bot and message.raw_markup is not None
        ]

    @property
    def webhook_deliveries(self) -> list[WebhookAttempt]:
        """Every webhook POST with its HTTP status (0: no answer), in order."""
        return list(self.webhook.attempts)

    @property
    def webhook_failures(self) -> list[dict[str, Any]]:
        """Updates dropped after every delivery attempt failed."""
        return list(self.webhook.dropped)

    def _entries(self, user_id: str) -> list[StoredZaloMessage]:
        return self._user(user_id).entries

    async def wait_for_bot_message(
        self,
        user_id: str,
        *,
        contains: str | None = None,
        predicate: Callable[[StoredZaloMessage], bool] | None = None,
        after: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> StoredZaloMessage:
        """First bot message with index >= `after` in bot_messages() that matches.

        `contains` looks in the text or the caption; `predicate` sees the whole entry.
        """

        def matches(message: StoredZaloMessage) -> bool:
            if contains is not None and contains not in (message.text or message.caption or ""):
                return False
            return predicate is None or predicate(message)

        def find() -> StoredZaloMessage | None:
            return next(filter(matches, self.bot_messages(user_id)[after:]), None)

        try:
            async with asyncio.timeout(timeout):
                return await self._changes.wait_for(find)
        except TimeoutError:
            raise TimeoutError(
                f"no bot message #{after}+ to {user_id} matched within {timeout} s; "
                f"last transcript entries:\n{self._tail(user_id)}"
            ) from None
