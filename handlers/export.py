"""/export: a coordinator or admin picks a period and an area and gets an Excel file.

Stateless: every button carries what it needs (a period, or dates and an area id), and every
press re-checks the presser's role and scope on the server, so a forged button gets nothing.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO

import aiosqlite
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app.context import CnsContext
from bot.core.clock import iso_utc, local_today
from bot.domain.access import Scope, scope_for
from bot.domain.export import EvidenceColumn, Export, record_export, target_period, write_xlsx
from bot.domain.roster import slug
from bot.ui.callbacks import Action, pack, pattern, pressed
from handlers.pickers import area_rows
from handlers.report.evidence import links_for
from storage import areas
from storage import export as store
from storage.areas import Area
from storage.members import Member

logger = logging.getLogger(__name__)

CHAT_MAX_ROWS = 200_000  # a bigger file nears Telegram's 50 MB upload limit: use the CLI
# Button tag → period name (text id "export-period-<name>").
PERIODS = {"tm": "this-month", "lm": "last-month", "tw": "this-week", "7d": "last-7-days",
           "ty": "this-year"}  # fmt: skip
_DAY = "%Y%m%d"


@dataclass(frozen=True)
class Granted:
    """An export someone may make: their scope and the area they asked for."""

    scope: Scope
    area: Area


async def authorize(
    conn: aiosqlite.Connection, member: Member | None, area_id: int | None = None
) -> Granted | str:
    """Return what the member may export (default: their whole scope), or a refusal text id."""
    if member is None or member.status != "active":
        return "not-registered"
    if member.role == "leader":
        return "export-leader-hint"
    scope = await scope_for(conn, member)
    if scope is None or scope.role not in ("coordinator", "admin"):
        return "export-not-allowed"
    area = scope.area if area_id is None else await areas.get(conn, area_id)
    if area is None:
        return "export-no-areas" if area_id is None else "not-allowed-area"
    return Granted(scope, area) if scope.covers(area.path) else "not-allowed-area"


def period_dates(period: str, today: date) -> tuple[date, date]:
    """Return the first and last day of a named period as seen on `today` (weeks from Monday)."""
    if period == "this-month":
        next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return today.replace(day=1), next_month - timedelta(days=1)
    if period == "last-month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if period == "this-week":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6)
    if period == "last-7-days":
        return today - timedelta(days=6), today
    if period == "this-year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    raise ValueError(f"unknown period {period!r}")


def file_name(area: Area, first: date, last: date) -> str:
    """Name the file by period and area: cns-baocao-2026-11-lc-bao-yen.xlsx."""
    period = target_period(first, last) or f"{first:%Y%m%d}-{last:%Y%m%d}"
    return f"cns-baocao-{period}-{slug(area.code) or area.id}.xlsx"


def _button(label: str, *args: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(Action.EXPORT, *args))


def _plain(context: CnsContext, text_id: str, **args: object) -> str:
    return context.deps.texts.plain(context.language, text_id, **args)


async def start(update: Update, context: CnsContext) -> None:
    """Offer the periods (coordinators and admins); tell anyone else what they can use."""
    granted = await authorize(context.deps.db.reader, context.member)
    if isinstance(granted, str):
        await update.effective_message.reply_text(context.t(granted))
        return
    rows = [
        [_button(_plain(context, f"export-period-{name}"), "p", tag)]
        for tag, name in PERIODS.items()
    ]
    await update.effective_message.reply_text(
        context.t("export-choose-period"), reply_markup=InlineKeyboardMarkup(rows)
    )


async def _areas_card(
    context: CnsContext, top: Area, first: date, last: date, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The scope's area and its direct children, a page of buttons at a time."""
    span = (f"{first:{_DAY}}", f"{last:{_DAY}}")

    def area_button(area: Area) -> InlineKeyboardButton:
        whole = area.id == top.id
        label = _plain(context, "export-area-whole", area=top.name) if whole else area.name
        return _button(label, "a", *span, area.id)

    def page_button(number: int, forward: bool) -> InlineKeyboardButton:
        label = _plain(context, "export-page-next" if forward else "export-page-previous")
        return _button(label, "g", *span, number)

    rows = await area_rows(
        context.deps.db.reader, top, page, area_button=area_button, page_button=page_button
    )
    text = context.t("export-choose-area", first=context.date(first), last=context.date(last))
    return text, InlineKeyboardMarkup(rows)


def _parse(step: str, args: list, today: date) -> tuple[date, date, int]:
    """Return the dates and the page or area id a button carries; ValueError if they clash."""
    if step == "p":
        return (*period_dates(PERIODS[args[0]], today), 0)
    first, last, number = args
    if first > last:
        raise ValueError(f"export button from {first} to {last}")
    return first, last, number


async def on_button(update: Update, context: CnsContext) -> None:
    """Take the period, turn the page of areas, or make the file — each time re-authorised."""
    query = update.callback_query
    step, *args = pressed(update)
    deps = context.deps
    try:
        first, last, number = _parse(step, args, local_today(deps.clock, deps.settings.tz))
    except ValueError:
        await query.answer(_plain(context, "card-expired"), show_alert=True)
        return
    area_id = number if step == "a" else None
    granted = await authorize(deps.db.reader, context.member, area_id)
    if isinstance(granted, str):
        await query.answer(_plain(context, granted), show_alert=True)
        return
    await query.answer()
    if step != "a":
        text, keyboard = await _areas_card(context, granted.area, first, last, number)
        await query.edit_message_text(text, reply_markup=keyboard)
        return
    await query.edit_message_text(
        context.t(
            "export-working",
            area=granted.area.name,
            first=context.date(first),
            last=context.date(last),
        )
    )
    # A big area takes seconds: other people's updates go on while the file is made.
    context.application.create_task(_deliver(update, context, granted, first, last), update)


async def _write(path: Path, job: Export, file: IO[bytes]) -> int | None:
    """Write the workbook from one snapshot; None when it is too big for a chat."""
    async with store.snapshot(path) as conn:
        if await store.count_reports(conn, job.area.path, job.first, job.last) > CHAT_MAX_ROWS:
            return None
        return await write_xlsx(conn, job, file)


def _evidence(context: CnsContext) -> EvidenceColumn:
    """The evidence column: signed links that expire, if the bot has a public address."""
    links, now = links_for(context.deps.settings), context.deps.clock.now()
    return EvidenceColumn(link=None if links is None else (lambda photo: links.url(photo, now)))


async def _deliver(
    update: Update, context: CnsContext, granted: Granted, first: date, last: date
) -> None:
    """Make the file, record the export, and send it as a document."""
    deps, area = context.deps, granted.area
    member, tz = context.member, deps.settings.tz
    role = _plain(context, f"role-{member.role}")
    job = Export(
        area, first, last, deps.form, deps.texts, tz, context.language,
        with_phone=granted.scope.sees_phones, evidence=_evidence(context),
        author=_plain(context, "export-author", name=member.full_name, role=role),
        generated_at=deps.clock.now().astimezone(tz).replace(tzinfo=None),
    )  # fmt: skip
    with tempfile.TemporaryFile() as file:
        # Writing cells is CPU work: on a thread with its own loop, the bot keeps answering.
        rows = await asyncio.to_thread(asyncio.run, _write(deps.db.path, job, file))
        if rows is None:
            await update.effective_message.edit_text(
                context.t("export-too-big", max=CHAT_MAX_ROWS)
            )
            return
        await record_export(deps.db, context.member.id, job, rows, iso_utc(deps.clock.now()))
        logger.info("Member %s exported %s rows of %s", context.member.id, rows, area.code)
        file.seek(0)
        dates = {"first": context.date(first), "last": context.date(last)}
        await update.effective_message.reply_document(
            file,
            filename=file_name(area, first, last),
            caption=context.t("export-caption", area=area.name, rows=rows, **dates),
        )


def build() -> list[BaseHandler]:
    """Return the handlers of /export and its buttons."""
    return [
        CommandHandler("export", start),
        CallbackQueryHandler(on_button, pattern=pattern(Action.EXPORT)),
    ]
