"""Bot command lists per scope and language, resolved for a private chat like Telegram."""

from __future__ import annotations

import re
from typing import Any

from bot.doubles.telegram.errors import bad_request

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_MAX_COMMANDS = 100
_CHAT_SCOPES = ("chat", "chat_administrators", "chat_member")
_SCOPES = ("default", "all_private_chats", "all_group_chats", "all_chat_administrators")

ScopeKey = tuple[str, int | None, int | None]


def scope_key(scope: Any) -> ScopeKey:
    """Validate a BotCommandScope object; None means the default scope."""
    if scope is None:
        return ("default", None, None)
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES + _CHAT_SCOPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind not in _CHAT_SCOPES:
        return (kind, None, None)
    chat_id, user_id = scope.get("chat_id"), scope.get("user_id")
    if not isinstance(chat_id, int):
        raise bad_request("chat_id is empty")
    if kind == "chat_member" and not isinstance(user_id, int):
        raise bad_request("user_id is empty")
    return (kind, chat_id, user_id if kind == "chat_member" else None)


def check_language(language_code: str | None) -> str:
    """'' stands for "all languages", as in Telegram's API."""
    language_code = language_code or ""
    if language_code and not _LANGUAGE.fullmatch(language_code):
        raise bad_request("invalid language code specified")
    return language_code


def check_commands(commands: Any) -> list[dict[str, str]]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > _MAX_COMMANDS:
        raise bad_request("too many commands specified")
    checked = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        checked.append({"command": name, "description": description})
    return checked


class CommandRegistry:
    """Commands keyed by (scope, language); an empty list deletes the entry."""

    def __init__(self) -> None:
        self._lists: dict[tuple[ScopeKey, str], list[dict[str, str]]] = {}

    def set(self, scope: ScopeKey, language_code: str, commands: list[dict[str, str]]) -> None:
        if commands:
            self._lists[(scope, language_code)] = commands
        else:
            self._lists.pop((scope, language_code), None)

    def get(self, scope: ScopeKey, language_code: str) -> list[dict[str, str]]:
        return list(self._lists.get((scope, language_code), []))

    def resolve_private(self, chat_id: int, language_code: str) -> list[dict[str, str]]:
        """The list a user sees in a private chat: most specific scope and language first."""
        order: list[tuple[ScopeKey, str]] = []
        for scope in (
            ("chat", chat_id, None),
            ("all_private_chats", None, None),
            ("default", None, None),
        ):
            if language_code:
                order.append((scope, language_code))
            order.append((scope, ""))
        for key in order:
            if key in self._lists:
                return list(self._lists[key])
        return []
