"""Commands per role, the command menus Telegram shows, and the main reply keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from telegram.ext import filters

from bot.core.i18n import LANGUAGES, Texts
from bot.domain.form import Form
from bot.ui.choices import plain_words

BUTTON_LABEL_MAX = 40  # longer labels are cut on a phone anyway

ALL_ROLES = frozenset({"member", "leader", "coordinator", "admin"})


@dataclass(frozen=True)
class Command:
    name: str
    text_id: str
    roles: frozenset[str] = ALL_ROLES


# In the order people see them in the menu and in /help.
COMMANDS = (
    Command("report", "cmd-report", frozenset({"member", "leader"})),
    Command("myreports", "cmd-myreports", frozenset({"member", "leader"})),
    Command("deadlines", "cmd-deadlines", frozenset({"member", "leader"})),
    Command("summary", "cmd-summary", frozenset({"leader", "coordinator", "admin"})),
    Command("review", "cmd-review", frozenset({"leader", "coordinator", "admin"})),
    Command("correct", "cmd-correct", frozenset({"coordinator", "admin"})),
    Command("export", "cmd-export", frozenset({"coordinator", "admin"})),
    Command("broadcast", "cmd-broadcast", frozenset({"coordinator", "admin"})),
    Command("broadcasts", "cmd-broadcasts", frozenset({"coordinator", "admin"})),
    Command("newdeadline", "cmd-newdeadline", frozenset({"coordinator", "admin"})),
    Command("reminders", "cmd-reminders", frozenset({"admin"})),
    Command("target", "cmd-target", frozenset({"admin"})),
    Command("promote", "cmd-promote", frozenset({"admin"})),
    Command("link", "cmd-link"),
    Command("privacy", "cmd-privacy"),
    Command("help", "cmd-help"),
    Command("language", "cmd-language"),
    Command("cancel", "cmd-cancel"),
    Command("start", "cmd-start"),
)

# Main-menu buttons (reply keyboard): text id -> command it runs. Rows as shown.
REPORTERS = frozenset({"member", "leader"})
MENU_ROWS = (
    ("menu-report", "menu-same"),
    ("menu-myreports", "menu-summary"),
    ("menu-help", "menu-language"),
)
# Buttons only some roles get; the rest are for everyone.
MENU_ROLES = {
    "menu-report": REPORTERS,
    "menu-same": REPORTERS,
    "menu-myreports": REPORTERS,
    "menu-summary": frozenset({"leader", "coordinator", "admin"}),
}
# Buttons whose dialog picks them up itself are not listed here.
MENU_COMMANDS = {
    "menu-help": "help",
    "menu-language": "language",
    "menu-myreports": "myreports",
    "menu-summary": "summary",
}


def commands_for(role: str | None, *, linking: bool = False) -> list[Command]:
    """Return the commands a role can use; people not yet in a team get the basics.

    /link is only offered where the deployment serves two messengers (`linking`).
    """
    if role is None:
        return [c for c in COMMANDS if c.name in ("start", "help", "language", "cancel")]
    return [c for c in COMMANDS if role in c.roles and (linking or c.name != "link")]


def _bot_commands(
    texts: Texts, language: str, role: str | None, linking: bool = False
) -> list[BotCommand]:
    return [
        BotCommand(c.name, texts.plain(language, c.text_id))
        for c in commands_for(role, linking=linking)
    ]


async def set_default_commands(bot: Bot, texts: Texts) -> None:
    """Set the menu shown to people who have not joined, per Telegram language."""
    for language in LANGUAGES:
        await bot.set_my_commands(
            _bot_commands(texts, language, None),
            scope=BotCommandScopeDefault(),
            language_code=None if language == texts.default_language else language,
        )


async def set_member_commands(
    bot: Bot, texts: Texts, chat_id: int, role: str, language: str, *, linking: bool = False
) -> None:
    """Set one member's command menu for their role and language."""
    await bot.set_my_commands(
        _bot_commands(texts, language, role, linking), scope=BotCommandScopeChat(chat_id)
    )


def main_keyboard(texts: Texts, language: str, role: str) -> ReplyKeyboardMarkup:
    """Return the main-menu keyboard for a role."""
    rows = [
        [
            KeyboardButton(texts.plain(language, tid))
            for tid in row
            if role in MENU_ROLES.get(tid, ALL_ROLES)
        ]
        for row in MENU_ROWS
    ]
    return ReplyKeyboardMarkup([r for r in rows if r], resize_keyboard=True, is_persistent=True)


def labels_for(texts: Texts, text_id: str) -> list[str]:
    """Return one menu button's label in every language."""
    return [texts.plain(language, text_id) for language in LANGUAGES]


def label_key(text: str) -> str:
    """How a typed label is compared: the choices layer's folding (no case, diacritics, emoji)."""
    return plain_words(text)


class MenuLabel(filters.MessageFilter):
    """Text that names one of these menu buttons, typed or pressed ("nhu hom qua" too)."""

    def __init__(self, texts: Texts, text_ids: list[str]) -> None:
        super().__init__(name=f"MenuLabel({', '.join(text_ids)})")
        self.keys = {label_key(label): tid for tid in text_ids for label in labels_for(texts, tid)}

    def filter(self, message: Message) -> bool:
        return bool(message.text) and label_key(message.text) in self.keys

    def text_id(self, text: str) -> str | None:
        """The menu button a text names, if any."""
        return self.keys.get(label_key(text))


def menu_filter(texts: Texts, *, with_command: bool = False) -> MenuLabel:
    """Every main-menu button (or only those that run a command), typed or pressed."""
    return MenuLabel(
        texts,
        [tid for row in MENU_ROWS for tid in row if not with_command or tid in MENU_COMMANDS],
    )


def button_label(text: str) -> str:
    """Shorten a label for a button, with an ellipsis where it was cut."""
    return text if len(text) <= BUTTON_LABEL_MAX else text[: BUTTON_LABEL_MAX - 1] + "…"


def numbered_activities(form: Form, language: str) -> str:
    """The activities by the numbers the report card gives them: "1 VNeID; 2 Dịch vụ công; …"."""
    return "; ".join(
        f"{number} {category.short(language)}"
        for number, category in enumerate(form.active_categories(), 1)
    )
