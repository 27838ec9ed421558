"""Commands per role, the command menus Telegram shows, and the main reply keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.i18n import LANGUAGES, Texts

ALL_ROLES = frozenset({"member", "leader", "coordinator", "admin"})


@dataclass(frozen=True)
class Command:
    name: str
    text_id: str
    roles: frozenset[str] = ALL_ROLES


# In the order people see them in the menu and in /help.
COMMANDS = (
    Command("help", "cmd-help"),
    Command("language", "cmd-language"),
    Command("cancel", "cmd-cancel"),
    Command("start", "cmd-start"),
)

# Main-menu buttons (reply keyboard): text id -> command it runs. Rows as shown.
MENU_ROWS = (("menu-help", "menu-language"),)
MENU_COMMANDS = {"menu-help": "help", "menu-language": "language"}


def commands_for(role: str | None) -> list[Command]:
    """Return the commands a role can use; people not yet in a team get the basics."""
    if role is None:
        return [c for c in COMMANDS if c.name in ("start", "help", "language", "cancel")]
    return [c for c in COMMANDS if role in c.roles]


def _bot_commands(texts: Texts, language: str, role: str | None) -> list[BotCommand]:
    return [BotCommand(c.name, texts.plain(language, c.text_id)) for c in commands_for(role)]


async def set_default_commands(bot: Bot, texts: Texts) -> None:
    """Set the menu shown to people who have not joined, per Telegram language."""
    for language in LANGUAGES:
        await bot.set_my_commands(
            _bot_commands(texts, language, None),
            scope=BotCommandScopeDefault(),
            language_code=None if language == texts.default_language else language,
        )


async def set_member_commands(
    bot: Bot, texts: Texts, chat_id: int, role: str, language: str
) -> None:
    """Set one member's command menu for their role and language."""
    await bot.set_my_commands(
        _bot_commands(texts, language, role), scope=BotCommandScopeChat(chat_id)
    )


def main_keyboard(texts: Texts, language: str) -> ReplyKeyboardMarkup:
    """Return the main-menu keyboard."""
    rows = [[KeyboardButton(texts.plain(language, tid)) for tid in row] for row in MENU_ROWS]
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)


def menu_labels(texts: Texts) -> dict[str, str]:
    """Map every main-menu label, in every language, to the command it runs."""
    return {
        texts.plain(language, tid): command
        for language in LANGUAGES
        for tid, command in MENU_COMMANDS.items()
    }
