"""Admins change reminder times in chat; admins and coordinators set deadlines in chat."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
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
from bot.domain.access import is_admin, scope_for
from bot.domain.schedule_settings import change_reminder_rule, changed_rule, create_deadline
from bot.domain.timing import DUE_HOUR, TypedDue, parse_due, typed_form
from bot.ui.callbacks import Action, pack, pattern, pressed
from handlers import cards, common
from handlers.pickers import send_area_picker
from storage import areas, reminder_rules
from storage.reminder_rules import ReminderRule

KEY = "deadline"
DUE_TIME = time(DUE_HOUR)


def rule_label(context: CnsContext, rule: ReminderRule) -> str:
    """A rule's name for people: the catalog's for the built-in ones, else as an admin named it."""
    text_id = f"reminder-rule-{rule.name}"
    if context.deps.texts.has(text_id, context.language):
        return context.deps.texts.plain(context.language, text_id)
    return rule.name


def _rule_buttons(
    context: CnsContext, rule: ReminderRule, name: str
) -> list[InlineKeyboardButton]:
    texts, language = context.deps.texts, context.language
    toggle = "reminders-off-button" if rule.active else "reminders-on-button"
    buttons = [
        InlineKeyboardButton(
            texts.plain(language, toggle, name=name),
            callback_data=pack(Action.REMINDER_RULE, "toggle", rule.id),
        )
    ]
    for op in ("earlier", "later"):
        moved = changed_rule(rule, op)
        if moved.at_time != rule.at_time:  # no button that would do nothing at 06:00 or 20:00
            buttons.append(
                InlineKeyboardButton(
                    texts.plain(language, f"reminders-{op}", name=name, time=moved.at_time),
                    callback_data=pack(Action.REMINDER_RULE, op, rule.id),
                )
            )
    return buttons


async def _rules_card(context: CnsContext) -> tuple[str, InlineKeyboardMarkup]:
    texts, language = context.deps.texts, context.language
    lines, rows = [context.t("reminders-title")], []
    for rule in await reminder_rules.rules(context.deps.db.reader):
        days = ", ".join(texts.plain(language, f"weekday-{d}") for d in rule.days)
        name = rule_label(context, rule)
        lines.append(
            context.t(
                "reminders-line",
                state=context.t("reminders-on" if rule.active else "reminders-off"),
                name=name,
                time=rule.at_time,
                days=days,
                scope=context.t(f"reminders-scope-{rule.scope}"),
            )
        )
        # One button a row: on Zalo each is a numbered line, and each reads as a sentence.
        rows += [[button] for button in _rule_buttons(context, rule, name)]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def show_rules(update: Update, context: CnsContext) -> None:
    """Show the reminder rules with buttons (admins only)."""
    if not is_admin(context.member):
        await update.effective_message.reply_text(context.t("not-allowed"))
        return
    text, keyboard = await _rules_card(context)
    await update.effective_message.reply_text(text, reply_markup=keyboard)


async def change_rule(update: Update, context: CnsContext) -> None:
    """Switch a rule on or off, or move it by an hour; checked again on every press."""
    query = update.callback_query
    await query.answer()
    if not is_admin(context.member):
        await update.effective_chat.send_message(context.t("not-allowed"))
        return
    op, rule_id = pressed(update)
    db = context.deps.db
    rule = next((r for r in await reminder_rules.rules(db.reader) if r.id == rule_id), None)
    if rule is None:
        return
    await change_reminder_rule(db, context.member.id, rule, op, iso_utc(context.deps.clock.now()))
    text, keyboard = await _rules_card(context)
    await query.edit_message_text(text, reply_markup=keyboard)


class State(StrEnum):
    TITLE = "deadline.title"
    DUE = "deadline.due"
    CHOOSE = "deadline.choose"


def _button(label: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(Action.DEADLINE, *args))


async def start_deadline(update: Update, context: CnsContext) -> State | int:
    """Ask for the deadline's title (admins, and coordinators for their area)."""
    scope = await scope_for(context.deps.db.reader, context.member)
    if scope is None or scope.role not in ("admin", "coordinator"):
        await update.effective_message.reply_text(context.t("not-allowed"))
        return ConversationHandler.END
    context.user_data[KEY] = {}
    await update.effective_message.reply_text(context.t("deadline-ask-title"))
    return State.TITLE


async def titled(update: Update, context: CnsContext) -> State:
    """Keep the title; offer due dates."""
    title = " ".join(update.message.text.split())
    if not 3 <= len(title) <= 120:
        await update.message.reply_text(context.t("deadline-title-invalid"))
        return State.TITLE
    context.user_data[KEY] = {"title": title}
    texts, language = context.deps.texts, context.language
    today = local_today(context.deps.clock, context.deps.settings.tz)
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    choices = [
        (texts.plain(language, "deadline-due-days", days=days), today + timedelta(days=days))
        for days in (1, 3, 7)
    ]
    choices.append((texts.plain(language, "deadline-due-month-end"), month_end))
    rows = [[_button(label, "due", day.strftime("%Y%m%d"))] for label, day in choices]
    message = await update.message.reply_text(
        context.t("deadline-ask-due"), reply_markup=InlineKeyboardMarkup(rows)
    )
    cards.bind(context.user_data[KEY], message)
    return State.DUE


async def due_typed(update: Update, context: CnsContext) -> State:
    """Take a typed due date and time; say what is unclear and ask again."""
    tz = context.deps.settings.tz
    now = context.deps.clock.now()
    typed = parse_due(update.message.text, now, tz)
    if typed.due is None:
        await update.message.reply_text(_due_problem(context, typed, now.astimezone(tz).date()))
        return State.DUE
    context.user_data[KEY]["due"] = iso_utc(typed.due)
    return await _ask_category(update, context)


def _due_problem(context: CnsContext, typed: TypedDue, today: date) -> str:
    example = typed_form(typed.example, today) if typed.example else ""
    if typed.problem == "ambiguous-hour" and typed.example is not None:
        day = example.split(" ")[0]
        return context.t(
            "deadline-due-ambiguous-hour", hour=typed.hour, later=typed.example.hour, date=day
        )
    if typed.problem == "ambiguous-weekday" and typed.example is not None:
        weekday = context.deps.texts.plain(context.language, f"weekday-long-{today.isoweekday()}")
        return context.t("deadline-due-ambiguous-weekday", weekday=weekday, example=example)
    if typed.problem == "past" and typed.read is not None:
        return context.t("deadline-due-past", when=typed_form(typed.read, today), example=example)
    return context.t("deadline-due-invalid")


async def _ask_category(update: Update, context: CnsContext) -> State:
    language = context.language
    rows = [[_button(context.deps.texts.plain(language, "deadline-any-category"), "cat", "-")]]
    rows += [
        [_button(f"{c.emoji} {c.short(language)}", "cat", c.id)]
        for c in context.deps.form.active_categories()
    ]
    message = await update.effective_chat.send_message(
        context.t("deadline-ask-category"), reply_markup=InlineKeyboardMarkup(rows)
    )
    cards.bind(context.user_data[KEY], message)
    return State.CHOOSE


async def chosen(update: Update, context: CnsContext) -> State | int | None:
    """Take the due day, the activity and the area from buttons; then create the deadline."""
    query = update.callback_query
    draft = context.user_data.get(KEY) or {}
    if not cards.is_live(draft, update):
        await cards.expired(update, context)
        return None
    await query.answer()
    scope = await scope_for(context.deps.db.reader, context.member)
    if scope is None or scope.role not in ("admin", "coordinator") or "title" not in draft:
        await update.effective_chat.send_message(context.t("not-allowed"))
        return ConversationHandler.END
    await query.edit_message_reply_markup(None)
    step, value = pressed(update)
    if step == "due":
        due = datetime.combine(value, DUE_TIME, tzinfo=context.deps.settings.tz)
        draft["due"] = iso_utc(due)
        return await _ask_category(update, context)
    if step == "page":
        return await _ask_area(update, context, scope, value)
    if step == "cat":
        category = context.deps.form.category(value)
        if value != "-" and (category is None or category.retired):
            return await _ask_category(update, context)
        draft["categories"] = [] if value == "-" else [value]
        return await _ask_area(update, context, scope, 0)
    area = await areas.get(context.deps.db.reader, value)  # step == "area"
    if area is None or not scope.covers(area.path) or "due" not in draft:
        await update.effective_chat.send_message(context.t("not-allowed-area"))
        return ConversationHandler.END
    return await _create(update, context, draft, area)


async def _ask_area(update: Update, context: CnsContext, scope, page: int) -> State:
    message = await send_area_picker(
        update.effective_chat,
        context.deps.db.reader,
        scope.area,
        page,
        context.t("deadline-ask-area"),
        _button,
    )
    cards.bind(context.user_data[KEY], message)
    return State.CHOOSE


async def _create(update: Update, context: CnsContext, draft: dict, area) -> int:
    deps = context.deps
    due = datetime.fromisoformat(draft["due"])
    local_due = due.astimezone(deps.settings.tz)
    now = iso_utc(deps.clock.now())
    await create_deadline(
        deps.db,
        context.member.id,
        title=draft["title"],
        due_at=draft["due"],
        area=area,
        categories=tuple(draft["categories"]),
        tz=deps.settings.tz,
        now=now,
    )
    context.user_data.pop(KEY, None)
    await update.effective_chat.send_message(
        context.t(
            "deadline-created",
            title=draft["title"],
            due=context.date(local_due, "datetime"),
            area=area.name,
        )
    )
    return ConversationHandler.END


def build() -> list[BaseHandler]:
    """Return /reminders (admins) and the /newdeadline dialog."""
    text = filters.TEXT & ~filters.COMMAND
    return [
        common.conversation(
            name="deadline",
            entry_points=[CommandHandler("newdeadline", start_deadline)],
            states={
                State.TITLE: [MessageHandler(text, titled)],
                State.DUE: [
                    CallbackQueryHandler(chosen, pattern=pattern(Action.DEADLINE)),
                    MessageHandler(text, due_typed),
                ],
                State.CHOOSE: [CallbackQueryHandler(chosen, pattern=pattern(Action.DEADLINE))],
            },
            expect={
                State.TITLE: "deadline-ask-title",
                State.DUE: "deadline-due-invalid",
                State.CHOOSE: "expect-buttons",
            },
            fallbacks=common.dialog_fallbacks(),
        ),
        CommandHandler("reminders", show_rules),
        CallbackQueryHandler(change_rule, pattern=pattern(Action.REMINDER_RULE)),
    ]
