"""Telegram's side: long polling that confirms after handling, and the webhook."""

from telegram import Update

# What the bot asks Telegram for: people's messages and button presses. getUpdates ignores
# any other kind of update, so the bot never pays for what it can't use.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
