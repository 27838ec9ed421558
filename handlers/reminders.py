"""The buttons under a reminder: remind me in an hour, I'm away until a day."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.app.context import CnsContext
from bot.core.clock import iso_utc, local_today
from bot.domain import reminders
from bot.domain.timing import after_quiet_hours
from bot.ui.callbacks import Action, pack, pattern, pressed
from bot.ui.reminder_card import reminder_payload

logger = logging.getLogger(__name__)

SNOOZE = timedelta(hours=1)
AWAY_CHOICES = (1, 3, 7, 14, 30)  # days from today


async def on_button(update: Update, context: CnsContext) -> None:
    """Snooze the reminder, offer away days, or record the absence."""
    query = update.callback_query
    await query.answer()
    member = context.member
    if member is None or member.status != "active":
        await update.effective_chat.send_message(context.t("not-registered"))
        return
    deps = context.deps
    settings, texts, language = deps.settings, deps.texts, context.language
    args = pressed(update)
    today = local_today(deps.clock, settings.tz)
    if args[0] == "later":
        await query.edit_message_reply_markup(None)
        now = deps.clock.now()
        when = after_quiet_hours(now + SNOOZE, settings.quiet, settings.tz)
        payload = reminder_payload(
            texts, language, "day", today.isoformat(), texts.date(language, today, "short")
        )
        payload["unless_reported"] = [today.isoformat(), today.isoformat()]
        await reminders.snooze(
            deps.db,
            member_id=member.id,
            chat_id=update.effective_chat.id,
            payload=payload,
            now=iso_utc(now),
            not_before=iso_utc(when),
        )
        context.deps.wake_delivery()
        local = when.astimezone(settings.tz)
        await update.effective_chat.send_message(
            context.t("remind-later-set", time=context.date(local, "time"))
        )
        return
    if args[0] == "away":
        await query.edit_message_reply_markup(None)
        buttons = []
        for days in AWAY_CHOICES:
            label = (
                texts.plain(language, "remind-away-tomorrow")
                if days == 1
                else texts.plain(language, "remind-away-days", days=days)
            )
            until = today + timedelta(days=days)
            buttons.append(
                InlineKeyboardButton(
                    label, callback_data=pack(Action.REMINDER, "until", until.isoformat())
                )
            )
        await update.effective_chat.send_message(
            context.t("remind-away-ask"),
            reply_markup=InlineKeyboardMarkup([buttons[:3], buttons[3:]]),
        )
        return
    until = args[1]
    if not today <= until <= today + timedelta(days=max(AWAY_CHOICES)):
        await update.effective_chat.send_message(context.t("card-expired"))
        return
    await query.edit_message_reply_markup(None)
    await reminders.set_away(deps.db, member.id, until, iso_utc(deps.clock.now()))
    await update.effective_chat.send_message(
        context.t("remind-away-set", date=context.date(until))
    )


def build() -> list[BaseHandler]:
    """Return the reminder buttons' handler."""
    return [CallbackQueryHandler(on_button, pattern=pattern(Action.REMINDER))]
