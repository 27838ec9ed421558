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

from bot.app.context import CnsContext
from bot.core.clock import iso_utc, local_today
from bot.domain.access import is_admin
from bot.domain.numbers import parse_count
from bot.domain.target_setting import set_target
from bot.ui.callbacks import Action, pack, pattern, pressed
from bot.ui.menu import button_label
from handlers import cards, common
from handlers.pickers import send_area_picker
from storage import areas

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
    message = await update.effective_message.reply_text(
        context.t("target-ask-indicator"), reply_markup=InlineKeyboardMarkup(rows)
    )
    cards.bind(context.user_data[KEY], message)
    return State.CHOOSE


async def _ask_area(update: Update, context: CnsContext, page: int) -> State:
    root = await areas.root(context.deps.db.reader)
    message = await send_area_picker(
        update.effective_chat,
        context.deps.db.reader,
        root,
        page,
        context.t("target-ask-area"),
        _button,
    )
    cards.bind(context.user_data[KEY], message)
    return State.CHOOSE


def _periods(context: CnsContext) -> list[str]:
    """The periods a target may be set for: this month and this year."""
    today = local_today(context.deps.clock, context.deps.settings.tz)
    return [today.strftime("%Y-%m"), str(today.year)]


async def chosen(update: Update, context: CnsContext) -> State | int | None:
    """Take the indicator, the area and the period from buttons."""
    query = update.callback_query
    draft = context.user_data.get(KEY)
    if not cards.is_live(draft, update):
        await cards.expired(update, context)
        return None
    await query.answer()
    if not is_admin(context.member):
        await update.effective_chat.send_message(context.t("not-allowed"))
        return ConversationHandler.END
    step, value = pressed(update)
    if step == "ind" and value in context.deps.form.indicators:
        draft["indicator"] = value
    elif step == "area" and "indicator" in draft:
        area = await areas.get(context.deps.db.reader, value)
        if area is None:
            await cards.expired(update, context)
            return None
        draft["area_id"] = area.id
    elif step == "period" and {"indicator", "area_id"} <= draft.keys():
        if value not in _periods(context):
            await cards.expired(update, context)
            return None
        draft["period"] = value
    elif step != "page":
        await cards.expired(update, context)
        return None
    await query.edit_message_reply_markup(None)
    if step in ("ind", "page"):
        return await _ask_area(update, context, value if step == "page" else 0)
    if step == "area":
        rows = [[_button(_period_label(context, p), "period", p)] for p in _periods(context)]
        message = await update.effective_chat.send_message(
            context.t("target-ask-period"), reply_markup=InlineKeyboardMarkup(rows)
        )
        cards.bind(draft, message)
        return State.CHOOSE
    return await _ask_value(update, context, draft)


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
    await set_target(
        deps.db,
        context.member.id,
        indicator=draft["indicator"],
        area=area,
        period=draft["period"],
        value=value,
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
            expect={State.CHOOSE: "expect-buttons", State.VALUE: "target-value-invalid"},
            fallbacks=common.dialog_fallbacks(),
        )
    ]
