"""Checks at entry in the report dialog: which values to ask about, and the flags to send.

Every value a member enters — by button, typed, in a quick report, or repeated from a stored
day — is checked by bot.domain.anomaly before the confirmation card. An unusual value is
asked about once; the member's ✅ Đúng is kept in the draft (`Draft.confirmed`), so it is not
asked again and goes with the report as its flag (held for review). A changed value is a new
value: checked again.

Repeated values ("same as yesterday") are checked too: the day they come from was counted
under its own checks, but today's copy enters today's totals, and a spike that was held for
review must not count unreviewed by being repeated. A value its member already confirmed on
the stored day (that report's flags) counts as confirmed: it is not asked again, and goes to
review again.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.app.context import CnsContext
from bot.domain import anomaly
from bot.domain.anomaly import Flag
from handlers.report.draft import Draft
from storage.reports import Report


@dataclass(frozen=True)
class Checked:
    """A draft's values as checked: each item's flags to send, and what is still to ask."""

    flags: tuple[tuple[Flag, ...], ...]  # by item: confirmed unusual values, reviewed by rule
    question: tuple[int, Flag] | None  # the first unusual value not confirmed yet


def is_confirmed(draft: Draft, category: str, flag: Flag) -> bool:
    """Whether the member said this value is right (the same activity, indicator and value)."""
    return any(
        kept.get("category") == category
        and kept.get("indicator") == flag.indicator
        and kept.get("value") == flag.value
        for kept in draft.confirmed
    )


def confirm(draft: Draft, item: int, flag: Flag) -> None:
    """Keep the member's ✅ Đúng for this value."""
    category = draft.items[item].category
    if not is_confirmed(draft, category, flag):
        draft.confirmed.append({**flag.as_json(), "category": category})


def confirmed_in(report: Report) -> list[dict]:
    """The values of a stored report its member confirmed when sending it (its flags)."""
    return [
        {**flag, "category": report.category}
        for flag in report.flags
        if Flag.from_json(flag).asks_member
        and report.values.get(flag.get("indicator")) == flag.get("value")
    ]


async def check(context: CnsContext, draft: Draft) -> Checked:
    """Check every value of the draft against the member's history and their peers'."""
    deps = context.deps
    settings = deps.settings
    team = await context.member_team()
    found: list[tuple[Flag, ...]] = []
    question: tuple[int, Flag] | None = None
    for index, item in enumerate(draft.items):
        unusual: list[Flag] = []
        if settings.anomaly_checks and context.member is not None and team is not None:
            unusual = await anomaly.unusual(
                deps.db.reader,
                deps.form,
                member_id=context.member.id,
                area_id=team.area_id,
                values=item.values,
                day=draft.report_date,
                rules=settings.anomaly_rules,
                exclude_report=draft.report_id,
            )
        kept = [flag for flag in unusual if is_confirmed(draft, item.category, flag)]
        if question is None:
            waiting = next((f for f in unusual if not is_confirmed(draft, item.category, f)), None)
            question = (index, waiting) if waiting is not None else None
        by_rule = anomaly.reviewed_by_rule(item.values, settings.review_indicators)
        found.append((*kept, *by_rule))
    return Checked(tuple(found), question)
