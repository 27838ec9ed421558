"""Every handler of the bot, registered in one place."""

from __future__ import annotations

from telegram.ext import Application

from handlers import common, errors, onboarding


def register(application: Application) -> None:
    """Add all handlers in the order they must be tried.

    Group 0, first match wins:
    1. dialogs (ConversationHandlers): they claim updates only in their own states, plus
       their entry points (/start; any text from someone who has not joined yet);
    2. commands and buttons that work outside dialogs;
    3. catch-alls: text nobody claimed, and buttons of cards no dialog waits for.
    """
    application.add_handlers(onboarding.build())
    application.add_handlers(common.build(application.deps.texts))  # type: ignore[attr-defined]
    application.add_error_handler(errors.on_error)
