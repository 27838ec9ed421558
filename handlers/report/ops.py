"""What each button of the report card does, saving the report, and pausing a silent dialog."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from bot.domain.anomaly import Flag, Rule
from bot.domain.reporting import Entry, Submission, store_report
from bot.ui.callbacks import Action, ReportOp, pack
from bot.ui.review_card import queue_review_cards
from handlers.report import checks, evidence
from handlers.report import draft as drafts
from handlers.report.asking import (
    AskDate,
    AskNote,
    AskValue,
    CheckValue,
    ChooseField,
    RepeatDay,
    Then,
)
from handlers.report.draft import Draft, Item
from handlers.report.flow import (
    END,
    State,
    after_value,
    ask,
    asked,
    card,
    category_card,
    confirm_card,
    eligible,
    go_on,
    missing_required,
    same_as_before,
    same_day_reports,
    settle,
    view,
)
from handlers.report.reply import deliver
from handlers.report.view import REASONS
from storage import chat_ids, reports

logger = logging.getLogger(__name__)

Operation = Callable[[Update, CnsContext, Draft, list], Awaitable[State | int]]


def day_allowed(context: CnsContext, day: str | date) -> bool:
    """Tell whether a report may be for this day: not in the future, within the back-fill."""
    try:
        wanted = day if isinstance(day, date) else date.fromisoformat(day)
    except ValueError:
        return False
    today = view(context).today
    return today - timedelta(days=context.deps.settings.report_backfill_days) <= wanted <= today


def stale(context: CnsContext, draft: Draft) -> bool:
    """Tell whether the member has been silent too long for the dialog to go on."""
    if not draft.touched:
        return False
    silence = context.deps.clock.now() - datetime.fromisoformat(draft.touched)
    return silence > timedelta(minutes=context.deps.settings.dialog_timeout_minutes)


async def offer_paused(update: Update, context: CnsContext, draft: Draft, prefix: str = "") -> int:
    """Offer a paused draft: continue it, or start again."""
    rendered = view(context)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    rendered.plain("report-resume"), callback_data=pack(Action.REPORT_RESUME, "go")
                ),
                InlineKeyboardButton(
                    rendered.plain("report-start-over"),
                    callback_data=pack(Action.REPORT_RESUME, "new"),
                ),
            ]
        ]
    )
    text = context.t("report-draft-waiting", date=rendered.day(draft.report_date))
    await update.effective_chat.send_message(
        f"{prefix}\n{text}" if prefix else text, reply_markup=keyboard
    )
    return END


async def pause(update: Update, context: CnsContext, draft: Draft) -> int:
    """End a dialog after a long silence, keeping its draft to offer again."""
    if update.callback_query is not None:
        await update.callback_query.edit_message_reply_markup(None)
    context.user_data.pop(drafts.KEY, None)
    context.user_data[drafts.PAUSED_KEY] = draft.to_json()
    minutes = context.deps.settings.dialog_timeout_minutes
    return await offer_paused(
        update, context, draft, context.t("report-timed-out", minutes=minutes)
    )


async def _category(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    category = context.deps.form.category(args[0])
    if category is None or category.retired:
        return await category_card(update, context, draft)
    draft.items = [Item(category.id)]
    draft.asking = AskValue(0, category.indicators[0])
    return await ask(update, context, draft)


async def _day(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    draft.asking = AskDate(back_to_card=bool(draft.items))
    rows = view(context).choose_date(context.deps.settings.report_backfill_days)
    return await card(update, context, draft, *rows, State.CHOOSING)


async def _date(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    back_to_card = isinstance(draft.asking, AskDate) and draft.asking.back_to_card
    if day_allowed(context, args[0]):
        draft.day = args[0].isoformat()
    if back_to_card:
        return await confirm_card(update, context, draft)
    return await category_card(update, context, draft)


async def _same(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    return await same_as_before(update, context, draft)


async def _skip(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    _, indicator = asked(context, draft)
    if indicator.required:
        return await ask(update, context, draft)
    draft.items[draft.asking.item].values.pop(indicator.id, None)
    return await after_value(update, context, draft)


async def _note(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    limit = context.deps.settings.note_max_length
    rows = [[(view(context).plain("report-note-none"), ("nonote",))]]
    return await card(
        update, context, draft, context.t("report-ask-note", max=limit), rows, State.NOTE
    )


async def _no_note(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    draft.note = None
    return await confirm_card(update, context, draft)


async def _edit(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    fields, (text, rows) = view(context).fields(draft)
    draft.asking = ChooseField(fields)
    return await card(update, context, draft, text, rows, State.CHOOSING)


async def _field(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    fields = draft.asking.fields if isinstance(draft.asking, ChooseField) else ()
    (index,) = args
    if not 0 <= index < len(fields):
        return await confirm_card(update, context, draft)
    match fields[index]:
        case AskDate():
            return await _day(update, context, draft, [])
        case AskNote():
            return await _note(update, context, draft, [])
        case AskValue() as value:
            draft.asking = value
            return await ask(update, context, draft)


async def _add(update: Update, context: CnsContext, draft: Draft, args: list):
    draft.replaces = {}
    return await _repeated(update, context, draft)


async def _replace(update: Update, context: CnsContext, draft: Draft, args: list):
    stored = await same_day_reports(context, draft)
    draft.replaces = {report.category: report.id for report in stored}
    return await _repeated(update, context, draft)


async def _repeated(update: Update, context: CnsContext, draft: Draft) -> State:
    """The card of a repeated day, saying which stored reports it will replace."""
    if not isinstance(draft.asking, RepeatDay):  # not a repeated day's card: show the draft
        return await confirm_card(update, context, draft)
    source = date.fromisoformat(draft.asking.source_day)
    header = context.t("report-same-title", date=view(context).day(source))
    if draft.replaces:
        header += "\n" + context.t("report-same-replacing", count=len(draft.replaces))
    return await confirm_card(update, context, draft, header)


async def _back(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    return await confirm_card(update, context, draft)


async def _cancel(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    context.user_data.pop(drafts.KEY, None)
    await update.effective_chat.send_message(context.t("report-cancelled"))
    return END


async def _send(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    team = await eligible(update, context)
    if team is None:
        context.user_data.pop(drafts.KEY, None)
        return END
    missing = missing_required(context, draft)
    if missing is not None:
        draft.asking = missing
        return await ask(update, context, draft)
    if not day_allowed(context, draft.day) and draft.report_id is None:
        return await _day(update, context, draft, [])
    checked = await checks.check(context, draft)
    if checked.question is not None:  # a value changed since it was checked: ask first
        return await settle(update, context, draft, None)
    deps = context.deps
    if draft.report_id is not None and draft.reason is None:
        corrected = await reports.get(deps.db.reader, draft.report_id)
        if corrected is not None and corrected.review == "confirmed":
            return await _ask_reason(update, context, draft)
    # The card's message id names the submission: a double tap or a replayed update finds
    # its reports already stored.
    source = f"{chat_ids.source_prefix(update.effective_chat.id)}:{draft.card_message}"
    submission = Submission(
        member_id=context.member.id,
        team_id=team.id,
        area_id=team.area_id,
        report_date=draft.report_date,
        entries=tuple(
            Entry(item.category, dict(item.values), flags)
            for item, flags in zip(draft.items, checked.flags, strict=True)
        ),
        note=draft.note,
        source=source,
        report_id=draft.report_id,
        replaces=dict(draft.replaces),
        reason=draft.reason,
    )
    stored = await store_report(deps.db, submission, iso_utc(deps.clock.now()))
    await evidence.attach_sent(context, draft, stored)
    context.user_data.pop(drafts.KEY, None)
    sent = [await reports.get(deps.db.reader, i) for i in (*stored.created, *stored.updated)]
    held = [report for report in sent if report is not None and report.held]
    await _say_saved(update, context, draft, held)
    if held:  # the reviewer's card now, not at the next tick (idempotent: queued once a round)
        await queue_review_cards(deps)
    return END


def _held_text(held: list[reports.Report]) -> str | None:
    """What the saved message says of reports held for review: unusual numbers, or only
    indicators the province reviews in every report."""
    if not held:
        return None
    rules = {flag.get("rule") for report in held for flag in report.flags}
    return "report-held-rule" if rules == {Rule.REVIEW_ALL.value} else "report-held"


async def _say_saved(
    update: Update, context: CnsContext, draft: Draft, held: list[reports.Report]
) -> None:
    rendered = view(context)
    today = rendered.today
    monday = today - timedelta(days=today.weekday())
    totals = await reports.member_totals(context.deps.db.reader, context.member.id, monday, today)
    text_id = "report-updated" if draft.report_id else "report-saved"
    text = context.t(text_id, date=rendered.day(draft.report_date))
    held_id = _held_text(held)
    if held_id:
        text += "\n" + context.t(held_id)
    text += "\n\n" + rendered.week_totals(totals, monday, today)
    button = {
        "text": rendered.plain("report-add-another"),
        "callback_data": pack(Action.REPORT_MORE, draft.day),
    }
    key = f"saved:{update.effective_chat.id}:{draft.card_message}"
    await deliver(update, context, text, key=key, buttons=[[button]])


async def _sure(update: Update, context: CnsContext, draft: Draft, args: list):
    check = draft.asking
    if not isinstance(check, CheckValue):  # not the question's card: show the draft
        return await confirm_card(update, context, draft)
    checks.confirm(draft, check.item, Flag.from_json(check.flag))
    return await go_on(update, context, draft)


async def _retype(update: Update, context: CnsContext, draft: Draft, args: list):
    check = draft.asking
    if not isinstance(check, CheckValue):
        return await confirm_card(update, context, draft)
    after = check.after
    # Typed again in the flow of questions it came from, else straight back to the card.
    then = after.then if after is not None and after.indicator == check.indicator else Then.CONFIRM
    draft.asking = AskValue(check.item, check.indicator, then)
    return await ask(update, context, draft)


async def _ask_reason(update: Update, context: CnsContext, draft: Draft) -> State:
    text, rows = view(context).reason()
    return await card(update, context, draft, text, rows, State.REASON)


async def _reason(update: Update, context: CnsContext, draft: Draft, args: list):
    (index,) = args
    if not 0 <= index < len(REASONS):
        return await _ask_reason(update, context, draft)
    # Kept in Vietnamese, as the department reads the report's history.
    draft.reason = context.deps.texts.plain("vi", REASONS[index])
    return await _send(update, context, draft, [])


# Every operation of the card has its handler: checked below at import, and by a test.
OPERATIONS: dict[ReportOp, Operation] = {
    ReportOp.CATEGORY: _category,
    ReportOp.DAY: _day,
    ReportOp.DATE: _date,
    ReportOp.SAME: _same,
    ReportOp.SKIP: _skip,
    ReportOp.NOTE: _note,
    ReportOp.NO_NOTE: _no_note,
    ReportOp.EDIT: _edit,
    ReportOp.FIELD: _field,
    ReportOp.BACK: _back,
    ReportOp.CANCEL: _cancel,
    ReportOp.SEND: _send,
    ReportOp.ADD: _add,
    ReportOp.REPLACE: _replace,
    ReportOp.SURE: _sure,
    ReportOp.RETYPE: _retype,
    ReportOp.REASON: _reason,
}
if OPERATIONS.keys() != set(ReportOp):  # a button nobody handles must fail at start-up
    raise RuntimeError(f"report operations without a handler: {set(ReportOp) ^ OPERATIONS.keys()}")


async def dispatch(
    update: Update, context: CnsContext, draft: Draft, op: str, args: list
) -> State | int:
    """Do what a pressed (or typed) operation of the live card asks."""
    return await OPERATIONS[ReportOp(op)](update, context, draft, args)
