"""What works everywhere: /help, /language, /cancel, the main menu, and the catch-alls."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.app.context import CnsContext
from bot.core.clock import iso_utc, local_today
from bot.core.i18n import LANGUAGES, Html
from bot.domain.members import set_language
from bot.ui import menu
from bot.ui.callbacks import Action, pack, pattern, pressed
from handlers import cards, myreports, summary
from handlers.report import draft as drafts
from storage import areas

logger = logging.getLogger(__name__)

# Dialog drafts live in user_data under these keys; /cancel drops them all.
DRAFT_KEYS = ("join", drafts.KEY, drafts.PAUSED_KEY)


async def help_command(update: Update, context: CnsContext) -> None:
    """List what the caller's role can do."""
    member = context.member
    texts, language = context.deps.texts, context.language
    role = member.role if member and member.status == "active" else None
    lines = []
    if role is not None:
        team = await context.member_team()
        area = (
            await areas.get(context.deps.db.reader, member.scope_area_id)
            if member is not None and role == "coordinator" and member.scope_area_id
            else None
        )
        lines.append(
            context.t(
                "help-intro",
                role=texts.plain(language, f"role-{role}"),
                team=Html(context.t("help-team", team=team.name)) if team else "",
                area=Html(context.t("help-area", area=area.name)) if area else "",
            )
        )
    else:
        lines.append(context.t("not-registered"))
    lines += [
        context.t("help-line", command=c.name, description=texts.plain(language, c.text_id))
        for c in menu.commands_for(role, linking=context.linking)
    ]
    lines.append(context.t("help-footer"))
    await update.effective_message.reply_text("\n".join(lines))


async def language_command(update: Update, context: CnsContext) -> None:
    """Offer the interface languages."""
    texts = context.deps.texts
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.plain(language, f"language-name-{language}"),
                    callback_data=pack(Action.LANGUAGE, language),
                )
                for language in LANGUAGES
            ]
        ]
    )
    await update.effective_message.reply_text(context.t("language-ask"), reply_markup=keyboard)


async def language_chosen(update: Update, context: CnsContext) -> None:
    """Switch the caller's language and their command menu with it."""
    query = update.callback_query
    (language,) = pressed(update)
    member = context.member
    if member is not None:
        member = await set_language(
            context.deps.db, member.id, language, iso_utc(context.deps.clock.now())
        )
        context.member = member
    context.user_data["language"] = language
    await query.answer()
    await query.edit_message_reply_markup(None)
    registered = member is not None and member.status == "active"
    if registered:
        await menu.set_member_commands(
            context.bot,
            context.deps.texts,
            update.effective_chat.id,
            member.role,
            language,
            linking=context.linking,
        )
    await update.effective_message.reply_text(
        context.t("language-set"),
        reply_markup=(
            menu.main_keyboard(context.deps.texts, language, member.role) if registered else None
        ),
    )


async def cancel_in_dialog(update: Update, context: CnsContext) -> int:
    """Leave whatever dialog is running and drop its draft."""
    for key in DRAFT_KEYS:
        context.user_data.pop(key, None)
    await update.effective_message.reply_text(context.t("cancel-done"))
    return ConversationHandler.END


async def cancel_outside(update: Update, context: CnsContext) -> None:
    """Say that nothing is in progress."""
    await update.effective_message.reply_text(context.t("cancel-nothing"))


expired_button = cards.expired


# What a message holds, for saying what could not be read; the first that is set wins.
KINDS = ("document", "photo", "sticker", "location", "voice", "audio", "video", "contact")


def kind_of(message: Message) -> str:
    """Name what a message carries: one of KINDS, "text" or "other"."""
    for kind in KINDS:
        if getattr(message, kind, None):
            return kind
    return "text" if message.text else "other"


def _helpers(context: CnsContext) -> InlineKeyboardMarkup | None:
    """The buttons that help someone who wrote what the bot did not understand."""
    member = context.member
    if member is None or member.status != "active" or member.role not in menu.REPORTERS:
        return None
    texts, language, deps = context.deps.texts, context.language, context.deps
    today = local_today(deps.clock, deps.settings.tz).isoformat()
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.plain(language, "menu-report"),
                    callback_data=pack(Action.REPORT_MORE, today),
                ),
                InlineKeyboardButton(
                    texts.plain(language, "remind-away"),
                    callback_data=pack(Action.REMINDER, "away"),
                ),
            ]
        ]
    )


async def not_understood(update: Update, context: CnsContext) -> None:
    """Answer a message that no feature claimed, with the buttons that help."""
    message = update.effective_message
    registered = context.member is not None and context.member.status == "active"
    answer = context.t("not-understood" if registered else "not-registered")
    kind = kind_of(message)
    if kind != "text":
        answer = f"{context.t('unexpected-input', kind=kind)}\n{answer}"
    await message.reply_text(answer, reply_markup=_helpers(context) if registered else None)


def expecting(text_id: str) -> MessageHandler:
    """A dialog step's last handler: anything it did not take gets what the step expects.

    The dialog stays where it was (the handler returns None). Commands are left to the
    dialog's fallbacks (/cancel always works).
    """

    async def answer(update: Update, context: CnsContext) -> None:
        message = update.effective_message
        kind = kind_of(message)
        lines = [context.t(text_id)]
        if kind != "text":
            lines.insert(0, context.t("unexpected-input", kind=kind))
        await message.reply_text("\n".join(lines))

    return MessageHandler(~filters.COMMAND, answer)


def conversation(
    *,
    name: str,
    entry_points: list[BaseHandler],
    states: dict[object, list[BaseHandler]],
    expect: Mapping[object, str],
    fallbacks: list[BaseHandler],
) -> ConversationHandler:
    """Build a dialog the way every dialog here is built: persistent, one per user.

    `expect` names, for every state, the text that says what that step expects: it answers
    whatever the step's own handlers did not take (a photo, a sticker, text where a button
    is wanted), and the dialog stays where it was.
    """
    if expect.keys() != states.keys():
        raise ValueError(f"dialog {name}: every state says what it expects")
    states = {state: [*handlers, expecting(expect[state])] for state, handlers in states.items()}
    with warnings.catch_warnings():
        # Dialogs are per user on purpose (any of the user's cards may answer), which PTB
        # warns about for CallbackQueryHandlers; stale cards are caught by callback data.
        warnings.filterwarnings(
            "ignore", message="If 'per_message=False'", category=PTBUserWarning
        )
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=fallbacks,
            name=name,
            persistent=True,
        )


def dialog_fallbacks() -> list[BaseHandler]:
    """Handlers every dialog accepts in any state: /cancel ends it, /help and /language don't."""
    return [
        CommandHandler("cancel", cancel_in_dialog),
        CommandHandler("help", help_command),
        CommandHandler("language", language_command),
    ]


def build(texts) -> list[BaseHandler]:
    """Return the handlers that work outside dialogs, in the order they must be tried."""
    labels = menu.menu_filter(texts, with_command=True)
    by_command = {
        "help": help_command,
        "language": language_command,
        "myreports": myreports.show_first_page,
        "summary": summary.ask_period,
    }

    async def menu_pressed(update: Update, context: CnsContext) -> None:
        """Run the command behind a main-menu button."""
        await by_command[menu.MENU_COMMANDS[labels.text_id(update.message.text)]](update, context)

    return [
        CommandHandler("help", help_command),
        CommandHandler("language", language_command),
        CommandHandler("cancel", cancel_outside),
        *myreports.build(),
        CallbackQueryHandler(language_chosen, pattern=pattern(Action.LANGUAGE)),
        MessageHandler(labels, menu_pressed),
        # Anything else a person sent; service messages (a pinned message...) need no answer.
        MessageHandler(~filters.StatusUpdate.ALL, not_understood),
        CallbackQueryHandler(expired_button),
    ]
