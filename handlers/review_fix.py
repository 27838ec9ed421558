"""A coordinator (or admin) corrects a report's numbers: from its card's ✏️ Sửa số, or /correct.

Pick the value (when the activity has several), type the new number, pick or type a reason.
The correction is stored as any correction is (bot.domain.reporting.store_report, with the
coordinator as actor and the reason kept in the report's history), which confirms the report;
the member's short note goes into the outbox in the same commit.
"""

from __future__ import annotations

from enum import StrEnum

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from bot.domain import review
from bot.domain.form import Indicator
from bot.domain.numbers import parse_count
from bot.domain.reporting import Entry, Submission, store_report
from bot.domain.review import Outcome
from bot.ui.callbacks import Action, pack, pressed
from bot.ui.menu import button_label
from bot.ui.review_card import FIX_REASONS, FIXERS, REASON_MAX, corrected_message, view
from handlers import cards, common
from handlers.review import card_view, check, keyboard, ops, refuse
from storage import members, outbox, reports, review_cards
from storage.reports import Report

KEY = "review_fix"  # user_data: the correction being made


class State(StrEnum):
    PICK = "review.fix.pick"
    VALUE = "review.fix.value"
    REASON = "review.fix.reason"
    REASON_TEXT = "review.fix.reason_text"


def _indicators(context: CnsContext, report: Report) -> list[Indicator]:
    """What can be corrected: the activity's indicators (or, for an unknown one, its values)."""
    form = context.deps.form
    category = form.category(report.category)
    if category is not None:
        return form.indicators_of(category)
    return [form.indicators[i] for i in report.values if i in form.indicators]


def _fixer(context: CnsContext) -> bool:
    member = context.member
    return member is not None and member.status == "active" and member.role in FIXERS


async def from_card(update: Update, context: CnsContext) -> State | int:
    """Start correcting the report of a review card."""
    query = update.callback_query
    _, report_id, round_ = pressed(update)
    if not _fixer(context):
        await query.answer(context.deps.texts.plain(context.language, "review-fix-not-allowed"))
        return ConversationHandler.END
    outcome = await check(context, report_id, round_)
    if outcome is not Outcome.DONE:
        await refuse(update, context, outcome)
        return ConversationHandler.END
    await query.answer()
    return await _start(update, context, report_id, round_)


async def correct_command(update: Update, context: CnsContext) -> State | int:
    """/correct <report number>: correct any report within one's scope."""
    message = update.effective_message
    if not _fixer(context):
        await message.reply_text(context.t("review-fix-not-allowed"))
        return ConversationHandler.END
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("#").isdigit():
        await message.reply_text(context.t("review-correct-usage"))
        return ConversationHandler.END
    number = args[0].lstrip("#")
    report_id = int(number)
    reader = context.deps.db.reader
    report = await reports.get(reader, report_id) if report_id < 2**63 else None
    if (
        report is None
        or report.deleted_at is not None
        or not await review.may_review(reader, context.member, report)
    ):
        await message.reply_text(context.t("review-correct-not-found", number=number))
        return ConversationHandler.END
    return await _start(update, context, report_id, None)


async def _start(
    update: Update, context: CnsContext, report_id: int, round_: int | None
) -> State | int:
    reader = context.deps.db.reader
    report = await reports.get(reader, report_id)
    state = await review_cards.review_state(reader, report_id)
    if report is None or state is None:  # a button's query is answered already
        await update.effective_chat.send_message(context.t("review-stale"))
        return ConversationHandler.END
    draft = {"report": report_id, "round": round_, "updated": state.updated_at}
    context.user_data[KEY] = draft
    choices = _indicators(context, report)
    if len(choices) == 1:
        draft["indicator"] = choices[0].id
        return await _ask_value(update, context, draft, report)
    rendered = card_view(context)
    rows = [
        [
            {
                "text": button_label(
                    f"{indicator.label(context.language)}: "
                    f"{_amount(context, indicator, report.values.get(indicator.id))}"
                ),
                "callback_data": pack(Action.REVIEW, "num", index),
            }
        ]
        for index, indicator in enumerate(choices)
    ]
    sent = await update.effective_chat.send_message(
        rendered.t("review-fix-pick", number=str(report_id)), reply_markup=keyboard(rows)
    )
    cards.bind(draft, sent)
    return State.PICK


def _amount(context: CnsContext, indicator: Indicator, value: int | None) -> str:
    return "—" if value is None else card_view(context).amount(indicator.id, value)


async def picked(update: Update, context: CnsContext) -> State | int | None:
    """Take the value to correct."""
    draft = context.user_data.get(KEY)
    if not cards.is_live(draft, update):
        await cards.expired(update, context)
        return None
    await update.callback_query.answer()
    _, index = pressed(update)
    report = await reports.get(context.deps.db.reader, draft["report"])
    choices = _indicators(context, report) if report else []
    if index >= len(choices):
        await cards.expired(update, context)
        return None
    await update.callback_query.edit_message_reply_markup(None)
    draft["indicator"] = choices[index].id
    return await _ask_value(update, context, draft, report)


async def _ask_value(
    update: Update, context: CnsContext, draft: dict, report: Report, problem: str = ""
) -> State:
    indicator = context.deps.form.indicators[draft["indicator"]]
    text = context.t(
        "review-fix-ask-value",
        indicator=indicator.label(context.language),
        current=_amount(context, indicator, report.values.get(indicator.id)),
        min=indicator.min,
        max=indicator.max,
    )
    await update.effective_chat.send_message(f"{problem}\n{text}" if problem else text)
    return State.VALUE


async def value_typed(update: Update, context: CnsContext) -> State | int:
    """Take the new number, then ask why."""
    draft = context.user_data.get(KEY)
    report = await reports.get(context.deps.db.reader, draft["report"]) if draft else None
    if draft is None or report is None:
        return ConversationHandler.END
    indicator = context.deps.form.indicators[draft["indicator"]]
    value = parse_count(update.message.text, minimum=indicator.min, maximum=indicator.max)
    if not isinstance(value, int) or isinstance(value, bool):
        problem = context.t("review-fix-bad-value", min=indicator.min, max=indicator.max)
        return await _ask_value(update, context, draft, report, problem)
    draft["value"] = value
    rendered = card_view(context)
    rows = [
        [
            {
                "text": rendered.plain(text_id),
                "callback_data": pack(Action.REVIEW, "fixwhy", index),
            }
        ]
        for index, text_id in enumerate(FIX_REASONS)
    ]
    rows.append(
        [
            {
                "text": rendered.plain("review-reason-other"),
                "callback_data": pack(Action.REVIEW, "fixtype"),
            }
        ]
    )
    sent = await update.effective_chat.send_message(
        context.t("review-fix-ask-reason"), reply_markup=keyboard(rows)
    )
    cards.bind(draft, sent)
    return State.REASON


async def reason_picked(update: Update, context: CnsContext) -> State | int | None:
    """Take a reason from the buttons, or ask for one in words."""
    draft = context.user_data.get(KEY)
    if draft is None or not cards.is_live(draft, update) or "value" not in draft:
        await cards.expired(update, context)
        return None
    query = update.callback_query
    await query.answer()
    await query.edit_message_reply_markup(None)
    args = pressed(update)
    if args[0] == "fixtype":
        await update.effective_chat.send_message(
            context.t("review-fix-type-reason", max=REASON_MAX)
        )
        return State.REASON_TEXT
    return await _store(update, context, draft, args[1], "")


async def reason_typed(update: Update, context: CnsContext) -> State | int | None:
    """Take the reason in words and store the correction."""
    draft = context.user_data.get(KEY)
    if not draft or "value" not in draft:
        return ConversationHandler.END
    reason = " ".join((update.message.text or "").split())
    if len(reason) > REASON_MAX:
        await update.message.reply_text(context.t("review-reason-too-long", max=REASON_MAX))
        return None
    return await _store(update, context, draft, None, reason)


async def _store(
    update: Update, context: CnsContext, draft: dict, index: int | None, typed: str
) -> int:
    """Store the correction and queue the member's note, in one commit, if still current."""
    context.user_data.pop(KEY, None)
    deps, fixer = context.deps, context.member
    now = iso_utc(deps.clock.now())
    indicator_id, value = draft["indicator"], draft["value"]
    done = None
    async with deps.db.transaction() as conn:
        report = await reports.get(conn, draft["report"])
        state = await review_cards.review_state(conn, draft["report"])
        current = (
            report is not None
            and state is not None
            and not state.deleted
            and state.updated_at == draft["updated"]
            and (
                draft["round"] is None
                or (state.review == "pending" and state.round == draft["round"])
            )
            and await review.may_review(conn, fixer, report)
        )
        if current and report is not None:
            owner = await members.get(conn, report.member_id)
            language = owner.language if owner else context.language
            reason = deps.texts.plain(language, FIX_REASONS[index]) if index is not None else typed
            values = dict(report.values)
            before = values.get(indicator_id)
            values[indicator_id] = value
            await store_report(
                deps.db,
                Submission(
                    member_id=report.member_id,
                    team_id=report.team_id,
                    area_id=report.area_id,
                    report_date=report.report_date,
                    entries=(Entry(report.category, values),),
                    note=report.note,
                    source=f"review-fix:{report.id}:{now}",
                    report_id=report.id,
                    reason=reason,
                    actor_id=fixer.id,
                ),
                now,
            )
            if owner is not None:
                owner_view = view(
                    deps.texts, owner.language, deps.form, deps.settings.anomaly_ratio
                )
                note = corrected_message(
                    owner_view,
                    owner,
                    report,
                    fixer,
                    indicator_id,
                    before,
                    value,
                    reason,
                    key=f"corrected:{report.id}:{now}",
                )
                if note is not None:
                    await outbox.enqueue_many(conn, [note], now)
            done = (report, before)
    if done is None:  # a button's query is answered already
        await update.effective_chat.send_message(context.t("review-stale"))
        return ConversationHandler.END
    deps.wake_delivery()
    report, before = done
    rendered = card_view(context)
    indicator = deps.form.indicators[indicator_id]
    await update.effective_chat.send_message(
        context.t(
            "review-fix-done",
            number=str(report.id),
            indicator=indicator.label(context.language),
            before=_amount(context, indicator, before),
            after=rendered.amount(indicator_id, value),
        )
    )
    return ConversationHandler.END


def build() -> list[BaseHandler]:
    """Return the correction dialog."""
    entry = [
        CallbackQueryHandler(from_card, pattern=ops("fix")),
        CommandHandler("correct", correct_command),
    ]
    text = filters.TEXT & ~filters.COMMAND
    return [
        common.conversation(
            name="review_fix",
            entry_points=entry,
            states={
                State.PICK: [CallbackQueryHandler(picked, pattern=ops("num")), *entry],
                State.VALUE: [MessageHandler(text, value_typed), *entry],
                State.REASON: [
                    CallbackQueryHandler(reason_picked, pattern=ops("fixwhy", "fixtype")),
                    *entry,
                ],
                State.REASON_TEXT: [MessageHandler(text, reason_typed), *entry],
            },
            expect={
                State.PICK: "expect-buttons",
                State.VALUE: "review-fix-expect-number",
                State.REASON: "expect-buttons",
                State.REASON_TEXT: "review-expect-reason",
            },
            fallbacks=common.dialog_fallbacks(),
        )
    ]
