"""Reviewing held reports: the card's answers, a typed reason, and /review.

A card (bot/ui/review_card.py) comes through the outbox. ✅ Xác nhận confirms in one tap;
↩️ Trả lại offers reasons to pick, or "✍️ Lý do khác" to type one (the one small dialog here),
and the returned report goes to its member in the same commit. Every press checks again that
the caller may review that report and that the card's round is still the report's: a card
left over from an earlier round, or one someone else answered, changes nothing.
"""

from __future__ import annotations

import logging
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
from bot.core.clock import iso_utc
from bot.core.i18n import CURRENT_CHANNEL
from bot.domain import review
from bot.domain.access import scope_for
from bot.domain.review import Outcome
from bot.ui.callbacks import Action, pack, parse, pressed
from bot.ui.review_card import (
    REASON_MAX,
    RETURN_REASONS,
    Buttons,
    CardView,
    load,
    returned_message,
    view,
)
from handlers import common
from storage import members, reports, review_cards
from storage import review as review_store

logger = logging.getLogger(__name__)

KEY = "review"  # user_data: the report whose return reason is being typed
LIST_MAX = 10  # reports listed (each with its button) by /review


class State(StrEnum):
    REASON = "review.reason"


def card_view(context: CnsContext) -> CardView:
    """Review texts in the caller's language."""
    deps = context.deps
    return view(deps.texts, context.language, deps.form, deps.settings.anomaly_ratio)


def keyboard(rows: Buttons) -> InlineKeyboardMarkup:
    """Inline buttons from rows as the outbox keeps them."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
            for row in rows
        ]
    )


def ops(*names: str):
    """A callback pattern: review buttons of these operations only."""

    def matches(data: object) -> bool:
        parsed = parse(data)
        return parsed is not None and parsed.action is Action.REVIEW and parsed.args[0] in names

    return matches


async def check(context: CnsContext, report_id: int, round_: int | None) -> Outcome:
    """Whether the caller may answer this report's review now (in this round, if given)."""
    reader = context.deps.db.reader
    report = await reports.get(reader, report_id)
    state = await review_cards.review_state(reader, report_id)
    if report is None or state is None or state.deleted:
        return Outcome.STALE
    if not await review.may_review(reader, context.member, report):
        return Outcome.FORBIDDEN
    if state.review != "pending" or (round_ is not None and state.round != round_):
        return Outcome.STALE
    return Outcome.DONE


async def refuse(update: Update, context: CnsContext, outcome: Outcome) -> None:
    """Say why a press or a typed answer changed nothing."""
    text_id = "review-forbidden" if outcome is Outcome.FORBIDDEN else "review-stale"
    query = update.callback_query
    if query is not None:
        await query.answer(context.deps.texts.plain(context.language, text_id), show_alert=True)
    else:
        await update.effective_message.reply_text(context.t(text_id))


async def settle(update: Update, context: CnsContext, report_id: int, status: str) -> None:
    """Show what the answer did: on the card pressed (Telegram), or as a message (Zalo)."""
    query = update.callback_query
    card = await load(context.deps.db.reader, report_id)
    if query is None or card is None or CURRENT_CHANNEL.get() == "zalo":
        if query is not None:
            await query.edit_message_reply_markup(None)
        await update.effective_chat.send_message(status)
        return
    await query.edit_message_text(f"{card_view(context).text(card)}\n\n{status}")


async def on_answer(update: Update, context: CnsContext) -> None:
    """Confirm, ask why a report goes back, return it with a picked reason, or open a card."""
    query = update.callback_query
    op, report_id, *rest = pressed(update)
    member, deps = context.member, context.deps
    if member is None:
        await refuse(update, context, Outcome.FORBIDDEN)
        return
    if op == "open":
        await open_card(update, context, report_id)
        return
    round_ = rest[0]
    if op == "ok":
        change = await review.confirm(
            deps.db, member, report_id, round_, iso_utc(deps.clock.now())
        )
        if change.outcome is not Outcome.DONE:
            await refuse(update, context, change.outcome)
            return
        await query.answer()
        await settle(update, context, report_id, context.t("review-done-confirmed"))
        return
    if op == "why":  # send_back checks, in its transaction
        await send_back(update, context, report_id, round_, reason_id=RETURN_REASONS[rest[1]])
        return
    outcome = await check(context, report_id, round_)
    if outcome is not Outcome.DONE:
        await refuse(update, context, outcome)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    await update.effective_chat.send_message(
        context.t("review-ask-reason", number=str(report_id)),
        reply_markup=keyboard(card_view(context).reasons(report_id, round_)),
    )


async def send_back(
    update: Update,
    context: CnsContext,
    report_id: int,
    round_: int,
    reason: str = "",
    *,
    reason_id: str | None = None,
) -> None:
    """Return the report to its member with the reason (typed, or picked: `reason_id`, in
    the member's language); their message goes in the same commit."""
    deps, reviewer = context.deps, context.member
    report = await reports.get(deps.db.reader, report_id)
    owner = await members.get(deps.db.reader, report.member_id) if report else None
    if reason_id is not None:
        reason = deps.texts.plain(owner.language if owner else context.language, reason_id)
    notify = None
    if report is not None and owner is not None:
        owner_view = view(deps.texts, owner.language, deps.form, deps.settings.anomaly_ratio)
        notify = returned_message(owner_view, owner, report, round_, reviewer, reason)
    change = await review.send_back(
        deps.db, reviewer, report_id, round_, reason, iso_utc(deps.clock.now()), notify=notify
    )
    if change.outcome is not Outcome.DONE:
        await refuse(update, context, change.outcome)
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    deps.wake_delivery()
    name = owner.full_name if owner else "?"
    await settle(
        update, context, report_id, context.t("review-done-returned", name=name, reason=reason)
    )


async def ask_reason(update: Update, context: CnsContext) -> State | int | None:
    """Ask for the reason in words (after "✍️ Lý do khác")."""
    query = update.callback_query
    _, report_id, round_ = pressed(update)
    outcome = await check(context, report_id, round_)
    if outcome is not Outcome.DONE:
        await refuse(update, context, outcome)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)
    context.user_data[KEY] = {"report": report_id, "round": round_}
    await update.effective_chat.send_message(
        context.t("review-type-reason", number=str(report_id), max=REASON_MAX)
    )
    return State.REASON


async def reason_typed(update: Update, context: CnsContext) -> State | int | None:
    """Return the report with the typed reason."""
    draft = context.user_data.get(KEY)
    reason = " ".join((update.message.text or "").split())
    if not draft:
        return ConversationHandler.END
    if len(reason) > REASON_MAX:
        await update.message.reply_text(context.t("review-reason-too-long", max=REASON_MAX))
        return None
    context.user_data.pop(KEY, None)
    if context.member is None:
        await refuse(update, context, Outcome.FORBIDDEN)
        return ConversationHandler.END
    await send_back(update, context, draft["report"], draft["round"], reason)
    return ConversationHandler.END


async def open_card(update: Update, context: CnsContext, report_id: int) -> None:
    """Show a waiting report's card again (from /review), with the caller's answers."""
    outcome = await check(context, report_id, None)
    card = await load(context.deps.db.reader, report_id)
    if outcome is not Outcome.DONE or card is None:
        await refuse(update, context, outcome if card else Outcome.STALE)
        return
    await update.callback_query.answer()
    rendered = card_view(context)
    await update.effective_chat.send_message(
        rendered.text(card),
        reply_markup=keyboard(rendered.buttons(report_id, card.round.round, context.member.role)),
    )


async def list_waiting(update: Update, context: CnsContext) -> None:
    """/review: the reports waiting in the caller's team or area, each with a button."""
    reader, member = context.deps.db.reader, context.member
    scope = await scope_for(reader, member)
    if scope is None or scope.area is None:
        await update.effective_message.reply_text(context.t("review-only-reviewers"))
        return
    listed = await review_store.listing(reader, scope.area.path, ("pending",))
    listed = [item for item in listed if item.member_id != member.id]  # never one's own
    if scope.team_id is not None:
        team = await context.member_team()
        listed = [item for item in listed if team is not None and item.team_code == team.code]
    if not listed:
        await update.effective_message.reply_text(context.t("review-list-empty"))
        return
    rendered = card_view(context)
    now = context.deps.clock.now()
    lines = [
        context.t(
            "review-list-line",
            index=index,
            number=str(item.report_id),
            name=item.member_name,
            day=context.date(item.report_date, "short"),
            activity=rendered.activity(item.category),
            days=review_store.age_days(item.since, now),
        )
        for index, item in enumerate(listed[:LIST_MAX], start=1)
    ]
    text = [context.t("review-list-title", count=len(listed)), *lines]
    if len(listed) > LIST_MAX:
        text.append(context.t("review-list-more", count=len(listed) - LIST_MAX))
    text.append(context.t("review-list-hint"))
    rows = [
        [
            {
                "text": rendered.plain("review-list-open", number=str(item.report_id)),
                "callback_data": pack(Action.REVIEW, "open", item.report_id),
            }
        ]
        for item in listed[:LIST_MAX]
    ]
    await update.effective_message.reply_text("\n".join(text), reply_markup=keyboard(rows))


def build() -> list[BaseHandler]:
    """Return the review handlers: the typed-reason dialog, the card's answers, /review."""
    restart = [CallbackQueryHandler(ask_reason, pattern=ops("type"))]
    return [
        common.conversation(
            name="review",
            entry_points=restart,
            states={
                State.REASON: [
                    MessageHandler(filters.TEXT & ~filters.COMMAND, reason_typed),
                    *restart,
                ]
            },
            expect={State.REASON: "review-expect-reason"},
            fallbacks=common.dialog_fallbacks(),
        ),
        CallbackQueryHandler(on_answer, pattern=ops("ok", "back", "why", "open")),
        CommandHandler("review", list_waiting),
    ]
