"""The report dialog: a day, an activity, its numbers, a confirmation card; saved, then said.

Every card's buttons carry the card's number, so only the live card acts; every choice can
also be typed as its number (channels without buttons, or people who prefer typing).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.app.context import REGISTERED, CnsContext
from bot.domain.numbers import NumberProblem, parse_count
from bot.domain.quick import QuickProblem, parse_quick
from bot.ui import choices, menu
from bot.ui.callbacks import Action, ReportOp, parse, pattern, pressed
from handlers import common
from handlers.report import draft as drafts
from handlers.report import evidence, reopen, typed
from handlers.report import ops as report_ops
from handlers.report.asking import CheckValue
from handlers.report.draft import Draft, Item
from handlers.report.flow import (
    END,
    State,
    ask,
    ask_check,
    asked,
    category_card,
    confirm_card,
    eligible,
    fresh_draft,
    load,
    retire_card,
    same_as_before,
    settle,
    view,
)

logger = logging.getLogger(__name__)


# --- entry points ---------------------------------------------------------------------------


async def start(update: Update, context: CnsContext) -> State | int:
    """Begin a report for today, or offer a draft that was paused."""
    if not await eligible(update, context):
        return END
    paused = context.user_data.get(drafts.PAUSED_KEY)
    if paused:
        return await report_ops.offer_paused(update, context, Draft.from_json(paused))
    return await category_card(update, context, fresh_draft(context))


async def start_same(update: Update, context: CnsContext) -> State | int:
    """Repeat the latest reported day for today: two taps."""
    if not await eligible(update, context):
        return END
    return await same_as_before(update, context, fresh_draft(context))


async def start_more(update: Update, context: CnsContext) -> State | int:
    """Add another activity for the day just reported."""
    query = update.callback_query
    await query.answer()
    await query.edit_message_reply_markup(None)
    if not await eligible(update, context):
        return END
    draft = fresh_draft(context)
    (day,) = pressed(update)
    if report_ops.day_allowed(context, day):
        draft.day = day.isoformat()
    return await category_card(update, context, draft)


async def start_quick(update: Update, context: CnsContext) -> State | int:
    """Read a typed report ("vneid 12, dvc 5", or "1 12" by the activity's number) into a
    confirmation card; nothing is saved yet."""
    numbered = typed.parse_typed(update.message.text, context)
    if numbered is not None:
        if not await eligible(update, context):
            return END
        return await typed.start_numbered(update, context, fresh_draft(context), numbered) or END
    parsed = parse_quick(update.message.text, context.deps.form)
    if parsed is None:
        await common.not_understood(update, context)
        return END
    if not await eligible(update, context):
        return END
    draft = fresh_draft(context, min(parsed.days_ago, context.deps.settings.report_backfill_days))
    draft.items = [Item(item.category, dict(item.values)) for item in parsed.items]
    explained = {problem.text for problem in parsed.problems} | set(parsed.given_twice)
    draft.quick = {
        "not_understood": [f for f in parsed.not_understood if f not in explained],
        "problems": [_explain(context, problem) for problem in parsed.problems],
        "given_twice": list(parsed.given_twice),
    }
    if not draft.items:
        return await category_card(update, context, draft)
    return await confirm_card(update, context, draft, context.t("quick-title"))


def _explain(context: CnsContext, problem: QuickProblem) -> str:
    """Say why a number of a quick report was left out, as the dialog would."""
    indicator = context.deps.form.indicators.get(problem.indicator)
    low, high = (indicator.min, indicator.max) if indicator else (0, 0)
    reason = context.deps.texts.plain(
        context.language, f"number-{problem.reason.value}", min=low, max=high
    )
    return f"{problem.text}: {reason}"


# --- inside the dialog ----------------------------------------------------------------------


async def choice(update: Update, context: CnsContext) -> State | int | None:
    """Act on a button of the live card, or on its number typed."""
    draft = load(context)
    query = update.callback_query
    if query is not None:
        args = pressed(update)
        if draft is None or args[0] != draft.card:
            await common.expired_button(update, context)
            return None
        await query.answer()
        op, *rest = args[1:]
    else:
        if draft is None:  # the dialog lost its draft: start over instead of a dead end
            return await start(update, context)
        # The card's options by their data: a typed number names one as a press would.
        picked = choices.match(update.message.text, choices.callback_options(draft.options))
        numbered = typed.parse_typed(update.message.text, context)
        if numbered is not None and typed.takes_typed(draft):  # "3 5 12 2"
            if report_ops.stale(context, draft):
                return await report_ops.pause(update, context, draft)
            return await typed.start_numbered(update, context, draft, numbered)
        if not isinstance(picked, dict):
            count = len(draft.options)
            await update.message.reply_text(context.t("report-choose-hint", count=count))
            return None
        option = parse(picked["value"])
        if option is None or option.action is not Action.REPORT:  # a card of an older version
            await common.expired_button(update, context)
            return None
        op, *rest = option.args[1:]
    if report_ops.stale(context, draft):
        return await report_ops.pause(update, context, draft)
    await retire_card(update, context, draft)
    return await report_ops.dispatch(update, context, draft, op, rest)


async def value_typed(update: Update, context: CnsContext) -> State | int:
    """Take a typed number for the indicator being asked."""
    draft = load(context)
    if report_ops.stale(context, draft):
        return await report_ops.pause(update, context, draft)
    _, indicator = asked(context, draft)
    several = typed.several(update.message.text)
    if several is not None and typed.takes_several(context, draft):  # "5 12 2"
        return await typed.values_typed(update, context, draft, several)
    result = parse_count(update.message.text, minimum=indicator.min, maximum=indicator.max)
    if isinstance(result, NumberProblem):
        problem = context.t(f"number-{result.value}", min=indicator.min, max=indicator.max)
        await retire_card(update, context, draft)
        return await ask(update, context, draft, problem)
    await retire_card(update, context, draft)
    draft.items[draft.asking.item].values[indicator.id] = result
    return await settle(update, context, draft, draft.asking)


async def check_typed(update: Update, context: CnsContext) -> State | int | None:
    """At the question about an unusual value: its answer typed as a word, or the right
    number (which replaces the value, and is checked like any other)."""
    draft = load(context)
    if draft is None or not isinstance(draft.asking, CheckValue):
        return await reopen.show_current(update, context)
    if report_ops.stale(context, draft):
        return await report_ops.pause(update, context, draft)
    check = draft.asking
    words = choices.plain_words(update.message.text)
    rendered = view(context)
    for text_id, op in (
        ("report-check-yes", ReportOp.SURE),
        ("report-check-fix", ReportOp.RETYPE),
    ):
        if words and words == choices.plain_words(choices.bare(rendered.plain(text_id))):
            await retire_card(update, context, draft)
            return await report_ops.dispatch(update, context, draft, op, [])
    indicator = context.deps.form.indicators[check.indicator]
    result = parse_count(update.message.text, minimum=indicator.min, maximum=indicator.max)
    await retire_card(update, context, draft)
    if isinstance(result, NumberProblem):
        problem = context.t(f"number-{result.value}", min=indicator.min, max=indicator.max)
        return await ask_check(update, context, draft, problem)
    draft.items[check.item].values[indicator.id] = result
    return await settle(update, context, draft, check.after, check.header)


async def reason_typed(update: Update, context: CnsContext) -> State | int | None:
    """Take the reason typed for correcting a confirmed report, then store the report."""
    draft = load(context)
    if draft is None:
        return await reopen.show_current(update, context)
    if report_ops.stale(context, draft):
        return await report_ops.pause(update, context, draft)
    reason = update.message.text.strip()
    # A reason's number picks it, as everywhere a card's option may be typed.
    picked = choices.match(reason, choices.callback_options(draft.options))
    if isinstance(picked, choices.NotOffered):
        await update.message.reply_text(context.t("report-choose-hint", count=picked.count))
        return State.REASON
    option = parse(picked["value"]) if picked is not None else None
    if option is not None and option.action is Action.REPORT:
        await retire_card(update, context, draft)
        op, *rest = option.args[1:]
        return await report_ops.dispatch(update, context, draft, op, rest)
    limit = context.deps.settings.note_max_length
    if len(reason) > limit:
        await update.message.reply_text(
            context.t("report-note-too-long", length=len(reason), max=limit)
        )
        return State.REASON
    await retire_card(update, context, draft)
    draft.reason = reason
    return await report_ops.dispatch(update, context, draft, ReportOp.SEND, [])


async def note_typed(update: Update, context: CnsContext) -> State | int:
    """Take the note text."""
    draft = load(context)
    if report_ops.stale(context, draft):
        return await report_ops.pause(update, context, draft)
    note = update.message.text.strip()
    limit = context.deps.settings.note_max_length
    if len(note) > limit:
        await update.message.reply_text(
            context.t("report-note-too-long", length=len(note), max=limit)
        )
        return State.NOTE
    await retire_card(update, context, draft)
    draft.note = note or None
    return await confirm_card(update, context, draft)


def build(texts) -> list[BaseHandler]:
    """Return the report dialog's handler."""
    labels = menu.MenuLabel(texts, ["menu-report"])
    same_labels = menu.MenuLabel(texts, ["menu-same", "typed-same-word"])
    any_menu = menu.menu_filter(texts)
    text = filters.TEXT & ~filters.COMMAND
    live_card = CallbackQueryHandler(choice, pattern=pattern(Action.REPORT))
    return [
        # Every step also keeps photos as the report's evidence and answers voice notes.
        evidence.conversation(
            name="report",
            entry_points=[
                CommandHandler("report", start),
                MessageHandler(labels, start),
                MessageHandler(same_labels, start_same),
                CallbackQueryHandler(start_more, pattern=pattern(Action.REPORT_MORE)),
                CallbackQueryHandler(reopen.start_edit, pattern=pattern(Action.REPORT_EDIT)),
                CallbackQueryHandler(reopen.resume, pattern=pattern(Action.REPORT_RESUME)),
                CallbackQueryHandler(reopen.returned, pattern=pattern(Action.RETURNED)),
                MessageHandler(text & REGISTERED & ~any_menu, start_quick),
            ],
            states={
                State.CHOOSING: [live_card, MessageHandler(text, choice)],
                State.VALUE: [live_card, MessageHandler(text, value_typed)],
                State.NOTE: [live_card, MessageHandler(text, note_typed)],
                State.CHECK: [live_card, MessageHandler(text, check_typed)],
                State.REASON: [live_card, MessageHandler(text, reason_typed)],
            },
            expect={
                State.CHOOSING: "expect-report-choice",
                State.VALUE: "expect-number",
                State.NOTE: "expect-note",
                State.CHECK: "expect-check",
                State.REASON: "expect-reason",
            },
            fallbacks=[
                CommandHandler("report", reopen.show_current),
                # A returned report's buttons arrive whenever its reviewer answered.
                CallbackQueryHandler(reopen.returned, pattern=pattern(Action.RETURNED)),
                *common.dialog_fallbacks(),
            ],
        )
    ]
