"""/target: an admin sets a target for an indicator, an area and a month or year."""

from __future__ import annotations

from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.access import is_admin
from bot.callbacks import Action, pack, pattern, unpack
from bot.clock import iso_utc, local_today
from bot.context import CnsContext
from bot.menu import button_label
from bot.numbers import parse_count
from handlers import common
from handlers.pickers import send_area_picker
from storage import areas, audit, targets

KEY = "target"
MAX_TARGET = 100_000_000


class State(StrEnum):
    CHOOSE = "target.choose"
    VALUE = "target.value"


def _button(label: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(Action.TARGET, *args))


def _period_label(context: CnsContext, period: str) -> str:
    if len(period) == 4:
        return context.deps.texts.plain(context.language, "target-period-year", year=period)
    year, month = period.split("-")
    return context.deps.texts.plain(
        context.language, "target-period-month", month=f"{month}/{year}"
    )


async def start(update: Update, context: CnsContext) -> State | int:
    """Offer the indicators (admins only)."""
    if not is_admin(context.member):
        await update.effective_message.reply_text(context.t("not-allowed"))
        return ConversationHandler.END
    context.user_data[KEY] = {}
    form = context.deps.form
    rows = [
        [_button(button_label(form.indicators[i].label(context.language)), "ind", i)]
        for i in form.indicator_ids()
    ]
    await update.effective_message.reply_text(
        context.t("target-ask-indicator"), reply_markup=InlineKeyboardMarkup(rows)
    )
    return State.CHOOSE


async def _ask_area(update: Update, context: CnsContext, page: int) -> State:
    root = await areas.root(context.deps.db.reader)
    await send_area_picker(
        update.effective_chat,
        context.deps.db.reader,
        root,
        page,
        context.t("target-ask-area"),
        _button,
    )
    return State.CHOOSE


async def chosen(update: Update, context: CnsContext) -> State | int:
    """Take the indicator, the area and the period from buttons."""
    query = update.callback_query
    await query.answer()
    draft = context.user_data.get(KEY)
    if not is_admin(context.member) or draft is None:
        await update.effective_chat.send_message(context.t("not-allowed"))
        return ConversationHandler.END
    await query.edit_message_reply_markup(None)
    step, *args = unpack(query.data)[1]
    if step == "ind" and args[0] in context.deps.form.indicators:
        draft["indicator"] = args[0]
        return await _ask_area(update, context, 0)
    if step == "page":
        return await _ask_area(update, context, int(args[0]))
    if step == "area":
        draft["area_id"] = int(args[0])
        today = local_today(context.deps.clock, context.deps.settings.tz)
        periods = [today.strftime("%Y-%m"), str(today.year)]
        rows = [[_button(_period_label(context, p), "period", p)] for p in periods]
        await update.effective_chat.send_message(
            context.t("target-ask-period"), reply_markup=InlineKeyboardMarkup(rows)
        )
        return State.CHOOSE
    if step == "period" and {"indicator", "area_id"} <= draft.keys():
        draft["period"] = args[0]
        return await _ask_value(update, context, draft)
    await update.effective_chat.send_message(context.t("card-expired"))
    return ConversationHandler.END


async def _ask_value(update: Update, context: CnsContext, draft: dict, problem: str = "") -> State:
    area = await areas.get(context.deps.db.reader, draft["area_id"])
    text = context.t(
        "target-ask-value",
        indicator=context.deps.form.indicators[draft["indicator"]].label(context.language),
        area=area.name,
        period=_period_label(context, draft["period"]),
    )
    await update.effective_chat.send_message(f"{problem}\n{text}" if problem else text)
    return State.VALUE


async def value_typed(update: Update, context: CnsContext) -> State | int:
    """Take the target value and save it."""
    draft = context.user_data.get(KEY) or {}
    value = parse_count(update.message.text, minimum=1, maximum=MAX_TARGET)
    if not isinstance(value, int) or isinstance(value, bool):
        return await _ask_value(update, context, draft, context.t("target-value-invalid"))
    deps = context.deps
    area = await areas.get(deps.db.reader, draft["area_id"])
    now = iso_utc(deps.clock.now())
    async with deps.db.transaction() as conn:
        await targets.upsert(
            conn,
            indicator=draft["indicator"],
            area_id=area.id,
            period=draft["period"],
            value=value,
            now=now,
        )
        await audit.record(
            conn,
            actor_id=context.member.id,
            action="target.set",
            detail={
                "indicator": draft["indicator"],
                "area": area.code,
                "period": draft["period"],
                "value": value,
            },
            now=now,
        )
    context.user_data.pop(KEY, None)
    await update.message.reply_text(
        context.t(
            "target-saved",
            indicator=deps.form.indicators[draft["indicator"]].label(context.language),
            area=area.name,
            period=_period_label(context, draft["period"]),
            value=value,
        )
    )
    return ConversationHandler.END


def build() -> list[BaseHandler]:
    """Return the /target dialog."""
    return [
        common.conversation(
            name="target",
            entry_points=[CommandHandler("target", start)],
            states={
                State.CHOOSE: [CallbackQueryHandler(chosen, pattern=pattern(Action.TARGET))],
                State.VALUE: [MessageHandler(filters.TEXT & ~filters.COMMAND, value_typed)],
            },
            fallbacks=common.dialog_fallbacks(),
        )
    ]
