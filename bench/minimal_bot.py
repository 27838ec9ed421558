"""The baseline: a minimal python-telegram-bot echo bot, written the way PTB's examples are.

It makes the same Bot API calls per update as a report dialog's step: a typed message gets a
reply with an inline button; a button press is answered, its keyboard removed and a new message
with a button sent. Run with BOT_TOKEN and TELEGRAM_API_URL: `python -m bench.minimal_bot`.
"""

from __future__ import annotations

import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

BUTTON = "OK"
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton(BUTTON, callback_data="ok")]])


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say the text back, with a button."""
    await update.effective_message.reply_text(update.effective_message.text, reply_markup=KEYBOARD)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press, drop the old keyboard, send the pressed data back with a button."""
    query = update.callback_query
    await query.answer()
    await query.edit_message_reply_markup(None)
    await context.bot.send_message(update.effective_chat.id, query.data, reply_markup=KEYBOARD)


def main() -> None:
    """Poll until Ctrl-C (SIGINT)."""
    application = (
        Application.builder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_URL"])
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(pressed))
    application.run_polling(allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY])


if __name__ == "__main__":
    main()
