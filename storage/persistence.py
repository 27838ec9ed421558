"""python-telegram-bot persistence in the bot's own SQLite file.

Only dialog states and per-user dialog data are kept: chats are private (chat data would
duplicate user data), bot data holds runtime objects, and callback data is typed, not cached.

PTB hands over a user's data after every update from them, changed or not; what equals the
last write is not written again.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from storage.db import Database

UserData = dict[str, Any]
# PTB's own aliases for these live in its private telegram.ext._utils.types.
ConversationKey = tuple[int | str, ...]
ConversationDict = MutableMapping[ConversationKey, object]
_UNKNOWN = object()  # nothing written since start: whatever is stored, write


class SQLitePersistence(BasePersistence[UserData, dict, dict]):
    """Store conversation states and user data as JSON rows."""

    def __init__(self, db: Database) -> None:
        # The application flushes after every update (see bot.app), so the timer is a backstop.
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
            update_interval=60,
        )
        self.db = db
        # What this process last wrote (None: nothing stored), so unchanged data is skipped.
        self._written_user_data: dict[int, str | None] = {}
        self._written_states: dict[tuple[str, str], str | None] = {}

    def forget_written(self) -> None:
        """Write everything again: a transaction the writes were part of was rolled back."""
        self._written_user_data.clear()
        self._written_states.clear()

    async def get_user_data(self) -> dict[int, UserData]:
        """Load every user's dialog data."""
        async with self.db.reader.execute("SELECT user_id, data FROM ptb_user_data") as cursor:
            return {row[0]: json.loads(row[1]) async for row in cursor}

    async def get_chat_data(self) -> dict[int, dict]:
        """Chat data is not stored."""
        return {}

    async def get_bot_data(self) -> dict:
        """Bot data is not stored."""
        return {}

    async def get_callback_data(self) -> None:
        """Callback data is not cached."""
        return

    async def get_conversations(self, name: str) -> ConversationDict:
        """Load the saved states of one conversation handler."""
        async with self.db.reader.execute(
            "SELECT key, state FROM ptb_conversations WHERE name = ?", (name,)
        ) as cursor:
            return {tuple(json.loads(row[0])): json.loads(row[1]) async for row in cursor}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Save or forget one conversation's state."""
        key_json = json.dumps(list(key))
        state_json = None if new_state is None else json.dumps(new_state)
        if self._written_states.get((name, key_json), _UNKNOWN) == state_json:
            return
        if state_json is None:
            await self.db.write(
                "DELETE FROM ptb_conversations WHERE name = ? AND key = ?", (name, key_json)
            )
        else:
            await self.db.write(
                "INSERT INTO ptb_conversations (name, key, state) VALUES (?, ?, ?)"
                " ON CONFLICT (name, key) DO UPDATE SET state = excluded.state",
                (name, key_json, state_json),
            )
        self._written_states[(name, key_json)] = state_json

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        """Save one user's dialog data."""
        data_json = json.dumps(data, ensure_ascii=False) if data else None
        if self._written_user_data.get(user_id, _UNKNOWN) == data_json:
            return
        if data_json is None:
            await self.db.write("DELETE FROM ptb_user_data WHERE user_id = ?", (user_id,))
        else:
            await self.db.write(
                "INSERT INTO ptb_user_data (user_id, data) VALUES (?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET data = excluded.data",
                (user_id, data_json),
            )
        self._written_user_data[user_id] = data_json

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's dialog data."""
        await self.update_user_data(user_id, {})

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        """Chat data is not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not stored."""

    async def update_bot_data(self, data: dict) -> None:
        """Bot data is not stored."""

    async def update_callback_data(self, data: object) -> None:
        """Callback data is not cached."""

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """The application holds the only copy, so there is nothing to refresh."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        """Chat data is not stored."""

    async def refresh_bot_data(self, bot_data: dict) -> None:
        """Bot data is not stored."""

    async def flush(self) -> None:
        """Every write is already committed."""
