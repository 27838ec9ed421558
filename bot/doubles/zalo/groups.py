"""Group chats in the Zalo double (beta on the platform): groups, their members, the bot in them.

getMe says whether the bot can join groups (`can_join_groups`, False unless a test sets it,
as the platform's sample answer says). A group is kept beside the users under its own id, so
the bot sends to it by that id and tests read it like a user's chat (`transcript`,
`bot_messages`, `wait_for_bot_message`); it "has written" once the bot was added. Updates
from a group carry ``chat: {"id": <group id>, "chat_type": "GROUP"}`` and ``from`` the member
who wrote; the bot gets them only while it is in the group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.doubles.telegram.params import Params
from bot.doubles.zalo.api_bot import BotMethods
from bot.doubles.zalo.models import StoredZaloMessage, ZaloUser


@dataclass(slots=True)
class ZaloGroup(ZaloUser):
    """A group chat: `user_id` is the group's id, `display_name` its name."""

    members: list[str] = field(default_factory=list)

    def chat(self) -> dict[str, Any]:
        return {"id": self.user_id, "chat_type": "GROUP"}

    @property
    def bot_is_member(self) -> bool:
        return self.has_written


class GroupActions(BotMethods):
    """What tests do with groups: make one, add the bot, write in it as its members."""

    can_join_groups = False

    async def _get_me(self, p: Params) -> dict[str, Any]:
        me = await super()._get_me(p)
        return {**me, "can_join_groups": self.can_join_groups}

    def add_group(self, name: str, members: list[str], group_id: str | None = None) -> str:
        """Create a group of these users (without the bot); return its id."""
        group_id = group_id or self.new_id("group")
        if group_id in self.users:
            raise ValueError(f"chat {group_id!r} exists already")
        for user_id in members:
            self._user(user_id)
        self.users[group_id] = ZaloGroup(group_id, name, members=list(members))
        return group_id

    def add_bot_to_group(self, group_id: str) -> None:
        """A member adds the bot; the platform refuses while getMe says it can't join groups."""
        if not self.can_join_groups:
            raise PermissionError("this bot can't join groups (getMe: can_join_groups false)")
        self._group(group_id).has_written = True

    def remove_bot_from_group(self, group_id: str) -> None:
        """The bot is taken out: it gets nothing from the group and can't send there."""
        self._group(group_id).has_written = False

    def send_group_text(self, group_id: str, user_id: str, text: str) -> dict[str, Any]:
        """A member writes `text` in the group; returns the update (queued if the bot is in)."""
        if not text:
            raise ValueError("a Zalo text message is never empty")
        return self._group_message(group_id, user_id, "text", "message.text.received", text=text)

    def send_group_sticker(self, group_id: str, user_id: str) -> dict[str, Any]:
        """A member sends a sticker in the group."""
        sticker = self.new_id("sticker")
        return self._group_message(
            group_id, user_id, "sticker", "message.sticker.received", sticker=sticker
        )

    def send_group_image(self, group_id: str, user_id: str) -> dict[str, Any]:
        """A member sends an image in the group (a placeholder URL)."""
        message_id = self.new_id("message")
        url = f"{self._origin()}/media/{message_id}.png"
        return self._group_message(
            group_id, user_id, "image", "message.image.received", message_id, photo=url
        )

    def _group(self, group_id: str) -> ZaloGroup:
        chat = self.users.get(group_id)
        if not isinstance(chat, ZaloGroup):
            raise ValueError(f"no group {group_id!r}; call add_group() first")
        return chat

    def _group_message(
        self,
        group_id: str,
        user_id: str,
        kind: str,
        event_name: str,
        message_id: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        group = self._group(group_id)
        if user_id not in group.members:
            raise ValueError(f"user {user_id!r} is not in group {group_id!r}")
        message = {
            "from": self._user(user_id).sender(),
            "chat": group.chat(),
            **fields,
            "message_id": message_id or self.new_id("message"),
            "date": self.now_ms(),
        }
        update = {"event_name": event_name, "message": message}
        entry = StoredZaloMessage(
            who="user",
            kind=kind,
            chat_id=group_id,
            message_id=message["message_id"],
            date=message["date"],
            text=fields.get("text"),
            photo_url=fields.get("photo"),
            sticker=fields.get("sticker"),
            update=update,
        )
        self._record(group, entry)
        if group.bot_is_member:
            self.updates.push(update)
        return update
