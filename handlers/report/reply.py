"""Deliver a reply that follows a commit: it must arrive, and arrive once.

Every handler that has just stored something and must say so sends through `deliver`. It
sends at once; if the network loses the message after the request layer's retries, the same
text goes into the outbox under the caller's dedupe key and the delivery worker keeps trying.
A refusal (blocked, a bad request) is not retried: the outbox could not do better.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from bot.domain.replies import queue_reply

logger = logging.getLogger(__name__)

# A button as the outbox keeps it: {"text": ..., "callback_data": ...}.
Buttons = list[list[dict[str, Any]]]


async def deliver(
    update: Update, context: CnsContext, text: str, *, key: str, buttons: Buttons | None = None
) -> None:
    """Send a reply now, or queue it under `key` so it still arrives exactly once."""
    rows = [list(row) for row in buttons or []]
    keyboard = (
        InlineKeyboardMarkup([[InlineKeyboardButton(**b) for b in row] for row in rows])
        if rows
        else None
    )
    chat_id = update.effective_chat.id
    try:
        await update.effective_chat.send_message(text, reply_markup=keyboard)
    except (BadRequest, Forbidden):
        raise
    except TelegramError as error:
        # What the reply reports is stored; only the network failed: the outbox keeps trying.
        logger.warning("Reply to %s failed (%s); queued as %s", chat_id, error, key)
        deps = context.deps
        await queue_reply(
            deps.db,
            member_id=context.member.id if context.member else None,
            chat_id=chat_id,
            text=text,
            buttons=rows,
            key=key,
            now=iso_utc(deps.clock.now()),
        )
        deps.wake_delivery()
