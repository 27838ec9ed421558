"""Cards that answer only for themselves: a dialog's live card, and confirmation steps.

Callback data is parsed strictly (bot/ui/callbacks.py), but well-formed data can still come from
an old card or be forged. So a dialog remembers the message id of the card it is waiting on,
and a destructive action (deleting a report, erasing personal data, stopping a broadcast) runs
only from the confirmation card that asked about that very thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.app.context import CnsContext

CARD = "card"  # the key under which a dialog's draft keeps its live card's message id
CONFIRM = "confirm"  # user_data key of the confirmation waiting for an answer


def bind(store: dict[str, Any], message: Message) -> dict[str, Any]:
    """Make this message the card whose buttons the dialog accepts; return the store."""
    store[CARD] = message.message_id
    return store


def is_live(store: Mapping[str, Any] | None, update: Update) -> bool:
    """Whether the pressed button sits on the card the dialog is waiting on."""
    query = update.callback_query
    if store is None or query is None or query.message is None:
        return False
    return store.get(CARD) == query.message.message_id


async def expired(update: Update, context: CnsContext) -> None:
    """Answer a button from a card that nothing is waiting for; change nothing."""
    await update.callback_query.answer(
        context.deps.texts.plain(context.language, "card-expired"), show_alert=True
    )


async def ask_confirmation(
    update: Update,
    context: CnsContext,
    subject: str,
    text: str,
    yes: InlineKeyboardButton,
    no: InlineKeyboardButton,
) -> None:
    """Send a yes/no card about `subject`; only its own yes will do it."""
    message = await update.effective_chat.send_message(
        text, reply_markup=InlineKeyboardMarkup([[yes, no]])
    )
    context.user_data[CONFIRM] = {"subject": subject, CARD: message.message_id}


def confirmed(update: Update, context: CnsContext, subject: str) -> bool:
    """Whether this press is the yes of the confirmation card that asked about `subject`."""
    pending = context.user_data.get(CONFIRM)
    if not is_live(pending, update) or pending.get("subject") != subject:
        return False
    context.user_data.pop(CONFIRM, None)
    return True
