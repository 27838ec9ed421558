"""The join dialog's cards: their keyboards, and which button an answer to one picks."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)

from bot.app.context import CnsContext
from bot.ui import choices
from bot.ui.callbacks import Action, pack


def two_buttons(context: CnsContext, action: Action, prefix: str) -> InlineKeyboardMarkup:
    """Return a yes/no keyboard whose labels are the texts `prefix`-yes and `prefix`-no."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.deps.texts.plain(context.language, f"{prefix}-yes"),
                    callback_data=pack(action, "yes"),
                ),
                InlineKeyboardButton(
                    context.deps.texts.plain(context.language, f"{prefix}-no"),
                    callback_data=pack(action, "no"),
                ),
            ]
        ]
    )


def confirm_keyboard(context: CnsContext) -> InlineKeyboardMarkup:
    """Return the confirmation card's buttons: join, change the name or phone, cancel."""
    texts, language = context.deps.texts, context.language
    buttons = [
        ("join-confirm-yes", "ok"),
        ("join-edit-name", "name"),
        ("join-edit-phone", "phone"),
        ("join-cancel", "cancel"),
    ]
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.plain(language, tid), callback_data=pack(Action.JOIN_CONFIRM, arg)
                )
            ]
            for tid, arg in buttons
        ]
    )


def phone_keyboard(context: CnsContext) -> ReplyKeyboardMarkup:
    """Return the phone question's keyboard: share my contact, or skip."""
    texts, language = context.deps.texts, context.language
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(texts.plain(language, "join-share-phone"), request_contact=True)],
            [KeyboardButton(texts.plain(language, "join-skip"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def picked(update: Update, keyboard: InlineKeyboardMarkup, action: Action) -> tuple | None:
    """The parts of the button pressed or typed on this state's card, or None for neither.

    `keyboard` is the card's keyboard, built again: a typed number or words name one of its
    buttons by the same rules on every channel (bot.ui.choices), and a press is taken off
    the card once answered.
    """
    picked = choices.chosen(update, choices.options_of(keyboard.to_dict()))
    if picked is None or picked.action is not action:
        return None
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_reply_markup(None)
    return picked.args
