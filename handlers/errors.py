"""The one error handler: log with the traceback, tell the user something kind."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.app.context import CnsContext

logger = logging.getLogger(__name__)


async def on_error(update: object, context: CnsContext) -> None:
    """Log the failure and apologise to the user, without internals."""
    user_id = (
        update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    )
    logger.error("Error while handling an update from user %s", user_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return  # the user blocked the bot; nothing can reach them
    # A button's query may already be answered, and answering twice is an error: say it anew.
    try:
        await context.bot.send_message(update.effective_chat.id, context.t("error-generic"))
    except TelegramError:
        logger.warning("Could not tell user %s about the error", user_id)
