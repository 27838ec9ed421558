"""/myreports: a member's own reports, page by page, to correct or delete within the window."""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app.context import CnsContext
from bot.core.clock import iso_utc, local_today
from bot.domain.reporting import delete_report
from bot.ui.callbacks import Action, pack, pattern, pressed
from handlers import cards, history
from handlers.report.draft import Draft, Item
from handlers.report.reply import deliver
from handlers.report.view import ReportView
from storage import audit, evidence, reports

logger = logging.getLogger(__name__)

PAGE_SIZE = 5


def _view(context: CnsContext) -> ReportView:
    deps = context.deps
    return ReportView(
        deps.texts, context.language, deps.form, local_today(deps.clock, deps.settings.tz)
    )


def _editable(context: CnsContext, report: reports.Report) -> bool:
    if report.review == "returned":  # its reviewer asks for a correction: always fixable
        return True
    days = context.deps.settings.report_edit_days
    return _view(context).today <= report.report_date + timedelta(days=days)


# A held report's mark under its line.
_MARKS = {"pending": "myreports-pending", "returned": "myreports-returned"}


async def _page(context: CnsContext, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    member, db = context.member, context.deps.db
    total = await reports.count_for_member(db.reader, member.id)
    if total == 0:
        return context.t("myreports-empty"), None
    pages = math.ceil(total / PAGE_SIZE)
    page = max(0, min(page, pages - 1))
    shown = await reports.for_member(
        db.reader, member.id, limit=PAGE_SIZE, offset=page * PAGE_SIZE
    )
    rendered = _view(context)
    photos = await evidence.counts(db.reader, [report.id for report in shown])
    # A history worth a button says more than "sent": corrected, flagged, reviewed.
    changes = await audit.counts_for_reports(db.reader, [report.id for report in shown])
    lines = [context.t("myreports-title", page=page + 1, pages=pages)]
    rows = []
    for number, report in enumerate(shown, start=1):
        emoji, label = rendered.category_label(report.category)
        line = context.t(
            "myreports-line",
            number=number,
            date=context.date(report.report_date, "short"),
            emoji=emoji,
            category=label,
            values=rendered.compact_values(report.values),
        )
        if report.id in photos:  # the report has evidence photos
            line += " " + context.t("myreports-photos", count=photos[report.id])
        lines.append(line)
        if report.note:
            lines.append(context.t("myreports-note", note=report.note[:80]))
        if report.review in _MARKS:
            lines.append(context.t(_MARKS[report.review]))
        row = []
        if _editable(context, report):
            row += [
                InlineKeyboardButton(
                    rendered.plain("myreports-edit", number=number),
                    callback_data=pack(Action.REPORT_EDIT, report.id),
                ),
                InlineKeyboardButton(
                    rendered.plain("myreports-delete", number=number),
                    callback_data=pack(Action.MY_REPORTS, "d", report.id),
                ),
            ]
        else:
            lines.append(context.t("myreports-locked"))
        if changes.get(report.id, 0) > 1:
            row.append(
                InlineKeyboardButton(
                    rendered.plain("myreports-history", number=number),
                    callback_data=pack(Action.MY_REPORTS, "h", report.id),
                )
            )
        if row:
            rows.append(row)
    nav = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(
                rendered.plain("myreports-previous"),
                callback_data=pack(Action.MY_REPORTS, "p", page - 1),
            )
        )
    if page + 1 < pages:
        nav.append(
            InlineKeyboardButton(
                rendered.plain("myreports-next"),
                callback_data=pack(Action.MY_REPORTS, "p", page + 1),
            )
        )
    if nav:
        rows.append(nav)
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None


async def show_first_page(update: Update, context: CnsContext) -> None:
    """List the newest reports."""
    if context.member is None or context.member.status != "active":
        await update.effective_message.reply_text(context.t("not-registered"))
        return
    text, keyboard = await _page(context, 0)
    await update.effective_message.reply_text(text, reply_markup=keyboard)


async def _own_report(
    update: Update, context: CnsContext, report_id: int
) -> reports.Report | None:
    """Return the caller's own, still editable report, or say why not."""
    report = await reports.get(context.deps.db.reader, report_id)
    member = context.member
    if report is None or member is None or report.member_id != member.id or report.deleted_at:
        await update.effective_chat.send_message(context.t("myreports-gone"))
        return None
    if not _editable(context, report):
        until = report.report_date + timedelta(days=context.deps.settings.report_edit_days)
        await update.effective_chat.send_message(
            context.t("myreports-too-late", until=context.date(until))
        )
        return None
    return report


async def on_button(update: Update, context: CnsContext) -> None:
    """Page, ask before deleting, delete, or keep."""
    query = update.callback_query
    op, arg = pressed(update)
    if op == "x" and not cards.confirmed(update, context, _deleting(arg)):
        await cards.expired(update, context)
        return
    await query.answer()
    if context.member is None or context.member.status != "active":
        await update.effective_chat.send_message(context.t("not-registered"))
        return
    if op == "p":
        text, keyboard = await _page(context, arg)
        await query.edit_message_text(text, reply_markup=keyboard)
        return
    if op == "k":
        context.user_data.pop(cards.CONFIRM, None)
        await query.edit_message_reply_markup(None)
        await update.effective_chat.send_message(context.t("myreports-kept"))
        return
    if op == "h":
        await _show_history(update, context, arg)
        return
    report = await _own_report(update, context, arg)
    if report is None:
        return
    rendered = _view(context)
    if op == "d":
        summary = "\n".join(rendered.items(_as_draft(report)))
        await cards.ask_confirmation(
            update,
            context,
            _deleting(report.id),
            f"{context.t('myreports-confirm-delete')}\n{summary}",
            InlineKeyboardButton(
                rendered.plain("myreports-delete-yes"),
                callback_data=pack(Action.MY_REPORTS, "x", report.id),
            ),
            InlineKeyboardButton(
                rendered.plain("myreports-delete-no"),
                callback_data=pack(Action.MY_REPORTS, "k", report.id),
            ),
        )
        return
    await query.edit_message_reply_markup(None)
    now = iso_utc(context.deps.clock.now())
    await delete_report(context.deps.db, context.member.id, report.id, now)
    await deliver(
        update,
        context,
        context.t("myreports-deleted", date=rendered.day(report.report_date)),
        key=f"deleted:{update.effective_chat.id}:{report.id}",
    )


async def _show_history(update: Update, context: CnsContext, report_id: int) -> None:
    """Show one of the caller's own reports' history: when, who, what changed, why."""
    deps = context.deps
    report = await reports.get(deps.db.reader, report_id)
    member = context.member
    if report is None or report.member_id != member.id:  # only one's own reports
        await update.effective_chat.send_message(context.t("myreports-gone"))
        return
    rendered = _view(context)
    emoji, label = rendered.category_label(report.category)
    title = context.t(
        "myreports-history-title",
        date=context.date(report.report_date),
        emoji=emoji,
        category=label,
    )
    entries = await audit.for_report(deps.db.reader, report.id)
    lines = history.render(deps.texts, context.language, deps.form, deps.settings.tz, entries)
    await update.effective_chat.send_message("\n".join([title, *lines]))


def _deleting(report_id: int) -> str:
    return f"report.delete:{report_id}"


def _as_draft(report: reports.Report) -> Draft:
    return Draft(day=report.report_date.isoformat(), items=[Item(report.category, report.values)])


def build() -> list[BaseHandler]:
    """Return the handlers of /myreports and its buttons."""
    return [
        CommandHandler("myreports", show_first_page),
        CallbackQueryHandler(on_button, pattern=pattern(Action.MY_REPORTS)),
    ]
