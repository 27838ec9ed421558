"""Every handler of the bot, registered in one place."""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    admin_schedules,
    broadcast,
    common,
    deadlines,
    errors,
    export,
    groups,
    linking,
    privacy,
    promote,
    reminders,
    review,
    review_fix,
    summary,
    targets,
)
from handlers.join import dialog as onboarding
from handlers.report import dialog as report
from handlers.report import evidence as report_evidence


def register(application: Application) -> None:
    """Add all handlers in the order they must be tried.

    Group -1: group chats end here (handlers.groups: a group's link code, else silence), so
    no feature below ever answers in a group.

    Group 0, first match wins:
    1. dialogs (ConversationHandlers): they claim updates only in their own states, plus
       their entry points: joining (/start; any text from someone who has not joined yet),
       appointing (/promote), broadcasting (/broadcast), setting deadlines (/newdeadline),
       reviewing (a typed reason, a correction; and the review cards' buttons, /review),
       then reporting (/report and its
       menu buttons; any other text from a member, read as a quick report — so it must come
       after every dialog that takes free text);
    2. commands and buttons that work outside dialogs;
    3. catch-alls: text nobody claimed, and buttons of cards no dialog waits for.
    """
    texts = application.deps.texts  # type: ignore[attr-defined]
    application.add_handlers(groups.guard_handlers(), group=groups.GUARD_GROUP)
    application.add_handlers(onboarding.build())
    application.add_handlers(promote.build())
    application.add_handlers(broadcast.build())
    application.add_handlers(admin_schedules.build())
    application.add_handlers(targets.build())
    # Reviewing held reports (a typed reason, a correction) takes free text: before reporting.
    application.add_handlers(review.build())
    application.add_handlers(review_fix.build())
    # Last of the dialogs: any other text from a member starts a quick report.
    application.add_handlers(report.build(texts))
    # A photo or voice note no dialog took: how to report by typing, before the catch-alls.
    application.add_handlers(report_evidence.outside())
    application.add_handlers(reminders.build())
    application.add_handlers(deadlines.build())
    application.add_handlers(privacy.build())
    application.add_handlers(linking.build())
    application.add_handlers(groups.build())
    application.add_handlers(summary.build())
    application.add_handlers(export.build())
    application.add_handlers(common.build(texts))
    application.add_error_handler(errors.on_error)
