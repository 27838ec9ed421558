"""The report dialog's building blocks: the draft, its cards, and the questions in order."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    ConversationHandler,
)

from bot.app.context import CnsContext
from bot.core.clock import iso_utc, local_today
from bot.core.i18n import CURRENT_CHANNEL
from bot.domain.anomaly import Flag
from bot.domain.form import Category, Indicator
from bot.ui.callbacks import Action, pack
from handlers.report import checks
from handlers.report import draft as drafts
from handlers.report.asking import AskValue, CheckValue, RepeatDay, Then
from handlers.report.draft import Draft, Item
from handlers.report.view import ReportView, Rows
from storage import reports
from storage.teams import Team

logger = logging.getLogger(__name__)


class State(StrEnum):
    """Where the report dialog waits for the member."""

    CHOOSING = "report.choosing"  # a card with buttons is live
    VALUE = "report.value"  # a number is asked
    NOTE = "report.note"  # a note is asked
    CHECK = "report.check"  # an unusual value is asked about: ✅ Đúng, ✏️ Sửa, or a number
    REASON = "report.reason"  # why a confirmed report is corrected: picked or typed


END = ConversationHandler.END


def view(context: CnsContext) -> ReportView:
    """Return the card renderer for the caller's language and today."""
    deps = context.deps
    today = local_today(deps.clock, deps.settings.tz)
    return ReportView(deps.texts, context.language, deps.form, today)


def load(context: CnsContext) -> Draft | None:
    """Return the live draft, if a report dialog is running."""
    data = context.user_data.get(drafts.KEY)
    return Draft.from_json(data) if data else None


def save(context: CnsContext, draft: Draft) -> None:
    """Keep the draft (persisted with the dialog state after this update)."""
    context.user_data[drafts.KEY] = draft.to_json()


async def eligible(update: Update, context: CnsContext) -> Team | None:
    """Return the caller's team if they may report now; if not, tell them why."""
    member = context.member
    if member is None or member.status != "active":
        await update.effective_message.reply_text(context.t("join-not-active"))
        return None
    team = await context.member_team()
    if team is None or not team.active:
        text_id = "report-no-team" if team is None else "report-team-inactive"
        await update.effective_message.reply_text(context.t(text_id))
        return None
    return team


async def card(
    update: Update, context: CnsContext, draft: Draft, text: str, rows: Rows, state: State
) -> State:
    """Send a card whose buttons belong to the draft's next card number."""
    # The silence before the member's answer counts from the moment the card is sent.
    draft.touched = iso_utc(context.deps.clock.now())
    draft.card = draft.card % 999 + 1
    buttons = [
        [
            InlineKeyboardButton(label, callback_data=pack(Action.REPORT, draft.card, *op))
            for label, op in row
        ]
        for row in rows
    ]
    draft.options = [button.callback_data for row in buttons for button in row]
    message = await update.effective_chat.send_message(
        text, reply_markup=InlineKeyboardMarkup(buttons) if buttons else None
    )
    draft.card_message = message.message_id
    save(context, draft)
    return state


async def retire_card(update: Update, context: CnsContext, draft: Draft) -> None:
    """Take the buttons off the card that was just answered."""
    if not draft.options or draft.card_message is None:
        return
    try:
        await context.bot.edit_message_reply_markup(
            update.effective_chat.id, draft.card_message, reply_markup=None
        )
    except BadRequest as error:  # already gone or unchanged: nothing to take off
        logger.info("Could not retire card %s: %s", draft.card_message, error)
    draft.options = []


async def category_card(update: Update, context: CnsContext, draft: Draft) -> State:
    """Show the activities to choose from."""
    return await card(
        update, context, draft, *view(context).choose_category(draft), State.CHOOSING
    )


async def confirm_card(
    update: Update, context: CnsContext, draft: Draft, header: str | None = None
) -> State:
    """Show the confirmation card, once every unusual value has been asked about."""
    return await settle(update, context, draft, None, header)


async def settle(
    update: Update,
    context: CnsContext,
    draft: Draft,
    after: AskValue | None,
    header: str | None = None,
) -> State:
    """Ask about the first unusual value not confirmed yet; else go on from `after` (the
    question just answered), or to the confirmation card when it is None."""
    question = (await checks.check(context, draft)).question
    if question is not None:
        item, flag = question
        draft.asking = CheckValue(item, flag.as_json(), after, header)
        return await ask_check(update, context, draft)
    if after is not None:
        draft.asking = after
        return await after_value(update, context, draft)
    draft.asking = None
    return await card(
        update, context, draft, *view(context).confirm(draft, header), State.CHOOSING
    )


async def ask_check(update: Update, context: CnsContext, draft: Draft, problem: str = "") -> State:
    """Ask whether the unusual value the draft holds is right."""
    check = draft.asking
    if not isinstance(check, CheckValue):
        raise LookupError(f"no value is being checked: {check!r}")
    form = context.deps.form
    category = form.category(draft.items[check.item].category)
    indicator = form.indicators[check.indicator]
    text, rows = view(context).check(category, indicator, Flag.from_json(check.flag))
    text = f"{problem}\n\n{text}" if problem else text
    return await card(update, context, draft, text, rows, State.CHECK)


async def go_on(update: Update, context: CnsContext, draft: Draft) -> State:
    """The value asked about is settled: on to what comes after it."""
    check = draft.asking
    assert isinstance(check, CheckValue)
    return await settle(update, context, draft, check.after, check.header)


# A typed example of n numbers: "5", "5 12", "5 12 2", ...
EXAMPLE = ("5", "12", "2", "3", "1", "4")


def example(count: int) -> str:
    """A typed example of `count` numbers, separated by spaces."""
    return " ".join(EXAMPLE[i % len(EXAMPLE)] for i in range(count))


def on_zalo() -> bool:
    """Whether this update came from Zalo, where every option is typed."""
    return CURRENT_CHANNEL.get() == "zalo"


def asked(context: CnsContext, draft: Draft) -> tuple[Category, Indicator]:
    """Return the activity and the indicator (as that activity asks it) being asked."""
    asking = draft.asking
    if not isinstance(asking, AskValue):
        raise LookupError(f"no value is being asked: {asking!r}")
    form = context.deps.form
    category = form.category(draft.items[asking.item].category)
    indicator = next(i for i in form.indicators_of(category) if i.id == asking.indicator)
    return category, indicator


async def ask(update: Update, context: CnsContext, draft: Draft, problem: str = "") -> State:
    """Ask for the indicator the draft is waiting for."""
    category, indicator = asked(context, draft)
    step = category.indicators.index(indicator.id) + 1
    text, rows = view(context).ask_value(category, indicator, step)
    ahead = len(category.indicators) - step + 1
    if on_zalo() and ahead > 1 and draft.asking.then is Then.NEXT:
        # Typing is the only way on Zalo: say that this and the next numbers go in one message.
        text += "\n" + context.t("typed-several-hint", count=ahead, example=example(ahead))
    return await card(
        update, context, draft, f"{problem}\n\n{text}" if problem else text, rows, State.VALUE
    )


async def after_value(update: Update, context: CnsContext, draft: Draft) -> State:
    """Go to the next indicator of the activity, or to the card when done or correcting."""
    asking = draft.asking
    if isinstance(asking, AskValue) and asking.then is Then.NEXT:
        category = context.deps.form.category(draft.items[asking.item].category)
        position = category.indicators.index(asking.indicator)
        if position + 1 < len(category.indicators):
            draft.asking = replace(asking, indicator=category.indicators[position + 1])
            return await ask(update, context, draft)
    return await confirm_card(update, context, draft)


def missing_required(context: CnsContext, draft: Draft) -> AskValue | None:
    """Return what to ask next if a required value is still missing."""
    form = context.deps.form
    for index, item in enumerate(draft.items):
        category = form.category(item.category)
        for indicator in form.indicators_of(category):
            if indicator.required and indicator.id not in item.values:
                return AskValue(index, indicator.id, Then.CONFIRM)
    return None


def fresh_draft(context: CnsContext, days_ago: int = 0) -> Draft:
    """Start a draft for a day."""
    day = view(context).today - timedelta(days=days_ago)
    return Draft(day=day.isoformat())


async def same_as_before(update: Update, context: CnsContext, draft: Draft) -> State:
    """Copy the member's latest reported day into a draft for today, shown before saving."""
    rendered = view(context)
    previous = await reports.last_day(context.deps.db.reader, context.member.id, rendered.today)
    form = context.deps.form
    usable = [r for r in previous if (c := form.category(r.category)) and not c.retired]
    if not usable:
        await update.effective_chat.send_message(context.t("report-nothing-before"))
        return await category_card(update, context, draft)
    draft.day = rendered.today.isoformat()
    draft.items = [Item(r.category, dict(r.values)) for r in usable]
    # What the member confirmed on that day is not asked again (handlers/report/checks.py).
    draft.confirmed = [kept for r in usable for kept in checks.confirmed_in(r)]
    header = context.t("report-same-title", date=rendered.day(usable[0].report_date))
    clashing = await same_day_reports(context, draft)
    if clashing:  # today already has some of these activities: add to them, or replace them?
        draft.asking = RepeatDay(usable[0].report_date.isoformat())
        text, rows = rendered.clash(clashing)
        return await card(update, context, draft, f"{header}\n\n{text}", rows, State.CHOOSING)
    return await confirm_card(update, context, draft, header)


async def same_day_reports(context: CnsContext, draft: Draft) -> list[reports.Report]:
    """The member's stored reports of the draft's day for the draft's activities."""
    wanted = {item.category for item in draft.items}
    stored = await reports.of_day(context.deps.db.reader, context.member.id, draft.report_date)
    return [report for report in stored if report.category in wanted]
