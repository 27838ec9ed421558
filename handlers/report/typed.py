"""Reports typed by number, for channels without buttons (and anyone who likes typing).

- "3 5 12 2" from the main menu or on the activities card: activity 3 of the card, its numbers
  in the order the dialog asks them. Fewer numbers fill the first ones and leave the rest
  empty (the first is always given, so the card can be sent at once; "Sửa" changes any).
  The confirmation card follows: one more message sends it.
- "5 12 2" when the dialog asks an activity's number: that number and the next ones in
  order; fewer numbers fill the first ones and the dialog asks the rest.
More numbers than there are, digit groups that may be one number or two ("1 234"), or a
number out of its range are answered with what is expected, and nothing is taken.
"""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from bot.app.context import CnsContext
from bot.domain.form import Category, Indicator
from bot.domain.typed_numbers import (
    Grouped,
    NumberedReport,
    TooMany,
    TypedNumbers,
    WrongNumber,
    fill,
    parse_numbered,
    read_numbers,
)
from bot.ui.callbacks import Action, ReportOp, parse
from bot.ui.menu import numbered_activities
from handlers.report.asking import AskValue, Then
from handlers.report.draft import Draft, Item
from handlers.report.flow import (
    State,
    ask,
    asked,
    confirm_card,
    example,
    retire_card,
    settle,
)


def parse_typed(text: str, context: CnsContext) -> NumberedReport | None:
    """Read "3 5 12 2" against the deployment's form."""
    return parse_numbered(text, context.deps.form)


def takes_typed(draft: Draft) -> bool:
    """Whether the live card takes "3 5 12 2": the activities card, or the confirmation card
    of a new report (the typed activity is added, or replaces its numbers there)."""
    ops = set()
    for data in draft.options:
        option = parse(data)
        if option and option.action is Action.REPORT and len(option.args) > 1:
            ops.add(option.args[1])
    if ReportOp.CATEGORY in ops:
        return True
    return ReportOp.SEND in ops and draft.asking is None and draft.report_id is None


def _labels(context: CnsContext, indicators: list[Indicator]) -> str:
    return "; ".join(indicator.label(context.language) for indicator in indicators)


def explain(
    context: CnsContext,
    category: Category,
    indicators: list[Indicator],
    result: TooMany | Grouped | WrongNumber,
    *,
    rest: bool = False,
    before: str = "",
) -> str:
    """Say why typed numbers were not taken, and what is expected; `before` starts the
    example (the activity's number, when the activity was typed too)."""
    match result:
        case TooMany(expected, given):
            return context.t(
                "typed-too-many-rest" if rest else "typed-too-many",
                category=category.short(context.language),
                expected=expected,
                given=given,
                indicators=_labels(context, indicators),
                example=before + example(expected),
            )
        case Grouped(typed):
            return context.t(
                "typed-grouped",
                typed=typed,
                joined=typed.replace(" ", "."),
                commas=typed.replace(" ", ", "),
            )
        case WrongNumber(indicator_id, typed, reason):
            indicator = context.deps.form.indicators[indicator_id]
            why = context.deps.texts.plain(
                context.language, f"number-{reason.value}", min=indicator.min, max=indicator.max
            )
            return context.t(
                "typed-wrong-number",
                typed=typed,
                indicator=indicator.label(context.language),
                reason=why,
            )
    raise TypeError(f"not a problem: {result!r}")


async def start_numbered(
    update: Update, context: CnsContext, draft: Draft, typed: NumberedReport
) -> State | None:
    """Turn "3 5 12 2" into the confirmation card; None when it was answered instead."""
    form = context.deps.form
    category = form.category(typed.category) if typed.category else None
    if category is None:
        activities = numbered_activities(form, context.language)
        await update.effective_message.reply_text(
            context.t(
                "typed-no-activity",
                number=typed.number,
                activities=context.t("typed-activities", activities=activities),
            )
        )
        return None
    indicators = form.indicators_of(category)
    result = fill(indicators, typed.values)
    if not isinstance(result, dict):
        await update.effective_message.reply_text(
            explain(context, category, indicators, result, before=f"{typed.number} ")
        )
        return None
    await retire_card(update, context, draft)
    kept = [item for item in draft.items if item.category != category.id]
    draft.items = [*kept, Item(category.id, result)]
    draft.quick = {}
    return await confirm_card(update, context, draft, context.t("quick-title"))


def several(text: str) -> TypedNumbers | None:
    """Several numbers typed as one answer ("5 12 2"), or None."""
    typed = read_numbers(text)
    return typed if typed is not None and len(typed.numbers) > 1 else None


async def values_typed(
    update: Update, context: CnsContext, draft: Draft, typed: TypedNumbers
) -> State:
    """Take "5 12 2" for the number asked and the activity's next ones, in order."""
    category, indicator = asked(context, draft)
    asking = draft.asking
    assert isinstance(asking, AskValue)
    indicators = context.deps.form.indicators_of(category)
    position = [i.id for i in indicators].index(indicator.id)
    ahead = indicators[position:]
    result = fill(ahead, typed)
    await retire_card(update, context, draft)
    if not isinstance(result, dict):
        problem = explain(context, category, ahead, result, rest=position > 0)
        return await ask(update, context, draft, problem)
    draft.items[asking.item].values.update(result)
    last = list(result)[-1]
    return await settle(update, context, draft, replace(asking, indicator=last))


def takes_several(context: CnsContext, draft: Draft) -> bool:
    """Whether the question asked may take the activity's next numbers too."""
    asking = draft.asking
    if not isinstance(asking, AskValue) or asking.then is not Then.NEXT:
        return False
    category, indicator = asked(context, draft)
    return category.indicators.index(indicator.id) + 1 < len(category.indicators)
