"""/summary: the caller's area (or team) for today, yesterday, this week or this month."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app.context import CnsContext
from bot.core.clock import local_today
from bot.domain import summary as summaries
from bot.domain.access import scope_for
from bot.ui.callbacks import SUMMARY_PERIODS as PERIODS
from bot.ui.callbacks import Action, pack, pattern, pressed
from bot.ui.charts import summary_charts


async def ask_period(update: Update, context: CnsContext) -> None:
    """Offer the periods, to leaders, coordinators and admins."""
    if await scope_for(context.deps.db.reader, context.member) is None:
        await update.effective_message.reply_text(context.t("summary-members-only"))
        return
    texts, language = context.deps.texts, context.language
    buttons = [
        InlineKeyboardButton(
            texts.plain(language, f"summary-button-{period}"),
            callback_data=pack(Action.SUMMARY, period),
        )
        for period in PERIODS
    ]
    await update.effective_message.reply_text(
        context.t("summary-choose"), reply_markup=InlineKeyboardMarkup([buttons[:2], buttons[2:]])
    )


async def send(update: Update, context: CnsContext) -> None:
    """Build the summary of the caller's own scope (checked again here) and send it."""
    query = update.callback_query
    await query.answer()
    deps = context.deps
    scope = await scope_for(deps.db.reader, context.member)
    (period,) = pressed(update)
    if scope is None or scope.area is None:
        await update.effective_chat.send_message(context.t("summary-members-only"))
        return
    await query.edit_message_reply_markup(None)
    built = await summaries.build_summary(
        deps.db,
        deps.form,
        area_id=None if scope.team_id else scope.area.id,
        team_id=scope.team_id,
        day=local_today(deps.clock, deps.settings.tz),
        period=period,
    )
    text = summaries.render(built, deps.texts, context.language, show_phones=scope.sees_phones)
    await update.effective_chat.send_message(text)
    charts = await asyncio.to_thread(summary_charts, built, deps.texts, context.language)
    for chart in charts:
        await update.effective_chat.send_photo(chart.png, caption=chart.caption)


def build() -> list[BaseHandler]:
    """Return the /summary handlers."""
    return [
        CommandHandler("summary", ask_period),
        CallbackQueryHandler(send, pattern=pattern(Action.SUMMARY)),
    ]
