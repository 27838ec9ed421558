"""Opening a draft again: a paused one, the one in progress, or a stored report to correct."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import Update

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from bot.domain import review
from bot.ui.callbacks import pressed
from bot.ui.review_card import queue_review_cards
from handlers import cards
from handlers.report import checks
from handlers.report import draft as drafts
from handlers.report.asking import AskValue
from handlers.report.draft import Draft, Item
from handlers.report.flow import (
    END,
    State,
    ask,
    category_card,
    confirm_card,
    eligible,
    fresh_draft,
    load,
    view,
)
from handlers.report.ops import day_allowed
from handlers.report.reply import deliver
from storage import reports
from storage import review as review_store


def editable_until(context: CnsContext, report_date: date) -> date:
    """Return the last day on which a report of this date can be corrected."""
    return report_date + timedelta(days=context.deps.settings.report_edit_days)


async def continue_at(update: Update, context: CnsContext, draft: Draft) -> State:
    """Show the step a draft was at."""
    draft.options = []
    if isinstance(draft.asking, AskValue):
        return await ask(update, context, draft)
    if draft.items:
        return await confirm_card(update, context, draft)
    return await category_card(update, context, draft)


async def resume(update: Update, context: CnsContext) -> State | int:
    """Continue the paused draft, or drop it and start afresh."""
    query = update.callback_query
    await query.answer()
    await query.edit_message_reply_markup(None)
    if not await eligible(update, context):
        return END
    paused = context.user_data.pop(drafts.PAUSED_KEY, None)
    if pressed(update) == ("go",) and paused:
        draft = Draft.from_json(paused)
        if day_allowed(context, draft.day) or draft.report_id:
            return await continue_at(update, context, draft)
    return await category_card(update, context, fresh_draft(context))


async def show_current(update: Update, context: CnsContext) -> State | int:
    """Show again where the dialog is (for /report in the middle of a report)."""
    draft = load(context)
    if draft is None:  # the dialog lost its draft (a reply failed): start afresh
        if not await eligible(update, context):
            return END
        draft = fresh_draft(context)
    return await continue_at(update, context, draft)


async def start_edit(update: Update, context: CnsContext) -> State | int:
    """Open a stored report of one's own on a confirmation card, to correct it."""
    query = update.callback_query
    await query.answer()
    (report_id,) = pressed(update)
    report = await reports.get(context.deps.db.reader, report_id)
    member = context.member
    if report is None or member is None or report.member_id != member.id or report.deleted_at:
        await update.effective_chat.send_message(context.t("myreports-gone"))
        return END
    until = editable_until(context, report.report_date)
    # A report its reviewer returned may be corrected however old it is.
    if view(context).today > until and report.review != "returned":
        await update.effective_chat.send_message(
            context.t("myreports-too-late", until=context.date(until))
        )
        return END
    return await confirm_card(update, context, _correcting(report))


def _correcting(report: reports.Report) -> Draft:
    """A draft that corrects a stored report."""
    return Draft(
        day=report.report_date.isoformat(),
        items=[Item(report.category, dict(report.values))],
        note=report.note,
        report_id=report.id,
        confirmed=checks.confirmed_in(report),  # what its member confirmed when sending it
    )


async def returned(update: Update, context: CnsContext) -> State | None:
    """Answer a report returned by its reviewer: correct it (the correction card, however
    old the report), or keep it as it is (back to the reviewer). Works in any dialog step:
    a returned report arrives whenever the reviewer answers."""
    query = update.callback_query
    op, report_id, round_ = pressed(update)
    deps = context.deps
    report = await reports.get(deps.db.reader, report_id)
    member = context.member
    if (
        report is None
        or member is None
        or member.status != "active"
        or report.member_id != member.id
        or report.deleted_at is not None
        or report.review != "returned"
        or await review_store.round_of(deps.db.reader, report_id) != round_
    ):
        await cards.expired(update, context)
        return None
    await query.answer()
    await query.edit_message_reply_markup(None)
    if op == "fix":
        context.user_data.pop(drafts.KEY, None)
        header = context.t("returned-fix-header")
        return await confirm_card(update, context, _correcting(report), header)
    now = iso_utc(deps.clock.now())
    change = await review.keep(deps.db, member.id, report_id, now)
    if change.outcome is not review.Outcome.DONE:
        await update.effective_chat.send_message(context.t("returned-stale"))
        return None
    await deliver(
        update,
        context,
        context.t("returned-kept", date=view(context).day(report.report_date)),
        key=f"kept:{update.effective_chat.id}:{report_id}:{round_}",
    )
    await queue_review_cards(deps)  # back to the reviewer now, not at the next tick
    return None
