"""What each button of the report dialog does, saving the report, and paused drafts."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from bot.ui.callbacks import Action, pack, pressed
from handlers.report import draft as drafts
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
    fresh_draft,
    load,
    missing_required,
    same_as_before,
    same_day_reports,
    view,
)
from storage import audit, outbox, reports

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


def editable_until(context: CnsContext, report_date: date) -> date:
    """Return the last day on which a report of this date can be corrected."""
    return report_date + timedelta(days=context.deps.settings.report_edit_days)


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


async def continue_at(update: Update, context: CnsContext, draft: Draft) -> State:
    """Show the step a draft was at."""
    draft.options = []
    if draft.asking and "indicator" in draft.asking:
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
    if view(context).today > until:
        await update.effective_chat.send_message(
            context.t("myreports-too-late", until=context.date(until))
        )
        return END
    draft = Draft(
        day=report.report_date.isoformat(),
        items=[Item(report.category, dict(report.values))],
        note=report.note,
        report_id=report.id,
    )
    return await confirm_card(update, context, draft)


async def _category(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    category = context.deps.form.category(args[0])
    if category is None or category.retired:
        return await category_card(update, context, draft)
    draft.items = [Item(category.id)]
    draft.asking = {"item": 0, "indicator": category.indicators[0], "then": "next"}
    return await ask(update, context, draft)


async def _day(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    draft.asking = {"date_then": "confirm" if draft.items else "category"}
    rows = view(context).choose_date(context.deps.settings.report_backfill_days)
    return await card(update, context, draft, *rows, State.CHOOSING)


async def _date(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    then = (draft.asking or {}).get("date_then", "category")
    if day_allowed(context, args[0]):
        draft.day = args[0].isoformat()
    if then == "confirm":
        return await confirm_card(update, context, draft)
    return await category_card(update, context, draft)


async def _same(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    return await same_as_before(update, context, draft)


async def _skip(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    _, indicator = asked(context, draft)
    if indicator.required:
        return await ask(update, context, draft)
    draft.items[draft.asking["item"]].values.pop(indicator.id, None)
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
    draft.asking = {"fields": [list(f) for f in fields]}
    return await card(update, context, draft, text, rows, State.CHOOSING)


async def _field(update: Update, context: CnsContext, draft: Draft, args: list[str]):
    fields = (draft.asking or {}).get("fields", [])
    (index,) = args
    if not 0 <= index < len(fields):
        return await confirm_card(update, context, draft)
    kind, *where = fields[index]
    if kind == "date":
        return await _day(update, context, draft, [])
    if kind == "note":
        return await _note(update, context, draft, [])
    draft.asking = {"item": int(where[0]), "indicator": where[1], "then": "confirm"}
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
    source = (draft.asking or {}).get("same_from")
    if source is None:  # the card was not a repeated day's: just show the draft
        return await confirm_card(update, context, draft)
    header = context.t("report-same-title", date=view(context).day(date.fromisoformat(source)))
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
    member, deps = context.member, context.deps
    now = iso_utc(deps.clock.now())
    # The card's message id makes the key: a double tap or a replayed update finds it taken.
    source = f"tg:{update.effective_chat.id}:{draft.card_message}"
    async with deps.db.transaction() as conn:
        if draft.report_id is not None:
            item = draft.items[0]
            before, after = await reports.update(
                conn,
                draft.report_id,
                report_date=draft.report_date,
                category=item.category,
                values=item.values,
                note=draft.note,
                now=now,
            )
            await audit.record(
                conn,
                actor_id=member.id,
                action="report.updated",
                detail={
                    "report": after.id,
                    "before": before.as_audit(),
                    "after": after.as_audit(),
                },
                now=now,
            )
        for index, item in enumerate(draft.items if draft.report_id is None else []):
            replaced = await _replace_stored(conn, context, draft, item, now)
            if replaced:
                continue
            report, created = await reports.create(
                conn,
                member_id=member.id,
                team_id=team.id,
                area_id=team.area_id,
                report_date=draft.report_date,
                category=item.category,
                values=item.values,
                note=draft.note,
                source=f"{source}:{index}",
                now=now,
            )
            if created:
                await audit.record(
                    conn,
                    actor_id=member.id,
                    action="report.created",
                    detail={"report": report.id, "after": report.as_audit()},
                    now=now,
                )
    context.user_data.pop(drafts.KEY, None)
    await _say_saved(update, context, draft)
    return END


async def _replace_stored(conn, context: CnsContext, draft: Draft, item: Item, now: str) -> bool:
    """Put the item's values in place of the same-day report it replaces, if it still may."""
    report_id = draft.replaces.get(item.category)
    stored = await reports.get(conn, report_id) if report_id else None
    member = context.member
    if (
        stored is None
        or stored.member_id != member.id
        or stored.deleted_at
        or stored.report_date != draft.report_date
    ):
        return False
    before, after = await reports.update(
        conn,
        stored.id,
        report_date=draft.report_date,
        category=item.category,
        values=item.values,
        note=draft.note if draft.note is not None else stored.note,
        now=now,
    )
    await audit.record(
        conn,
        actor_id=member.id,
        action="report.updated",
        detail={"report": after.id, "before": before.as_audit(), "after": after.as_audit()},
        now=now,
    )
    return True


async def _say_saved(update: Update, context: CnsContext, draft: Draft) -> None:
    rendered = view(context)
    today = rendered.today
    monday = today - timedelta(days=today.weekday())
    totals = await reports.member_totals(context.deps.db.reader, context.member.id, monday, today)
    text_id = "report-updated" if draft.report_id else "report-saved"
    text = context.t(text_id, date=rendered.day(draft.report_date))
    text += "\n\n" + rendered.week_totals(totals, monday, today)
    button = {
        "text": rendered.plain("report-add-another"),
        "callback_data": pack(Action.REPORT_MORE, draft.day),
    }
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(**button)]])
    try:
        await update.effective_chat.send_message(text, reply_markup=keyboard)
    except (BadRequest, Forbidden):
        raise
    except TelegramError as error:
        # The report is stored; its "saved" must still arrive: the outbox keeps trying.
        logger.warning("Saved-reply to %s failed (%s); queued", update.effective_chat.id, error)
        deps = context.deps
        async with deps.db.transaction() as conn:
            await outbox.enqueue(
                conn,
                kind="reply",
                member_id=context.member.id,
                chat_id=update.effective_chat.id,
                payload={"text": text, "buttons": [[button]]},
                dedupe_key=f"saved:{update.effective_chat.id}:{draft.card_message}",
                now=iso_utc(deps.clock.now()),
            )
        context.deps.wake_delivery()


OPERATIONS: dict[str, Operation] = {
    "cat": _category,
    "day": _day,
    "date": _date,
    "same": _same,
    "skip": _skip,
    "note": _note,
    "nonote": _no_note,
    "edit": _edit,
    "field": _field,
    "back": _back,
    "cancel": _cancel,
    "send": _send,
    "add": _add,
    "replace": _replace,
}
