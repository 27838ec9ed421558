"""Summaries of an area or a team for a day, week or month: gathered, rendered and charted."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.core.i18n import Html, Texts, shorten
from bot.domain.form import Form, Indicator
from bot.domain.phones import display_phone
from storage import areas, summary, targets, teams
from storage.db import Database
from storage.summary import SilentTeam

Period = Literal["today", "yesterday", "week", "month"]
SILENT_DAYS = 3
SILENT_SHOWN = 8
NAME_MAX = 60  # a team, area or leader name in a list line
BAR_CELLS = 10


@dataclass(frozen=True)
class Total:
    indicator: Indicator
    period: int  # in the summary's period
    month: int  # month to date


@dataclass(frozen=True)
class Progress:
    indicator: Indicator
    done: int
    target: int
    period: str  # "2026-11" for the month's target, "2026" for the year's

    @property
    def share(self) -> float:
        """Return how much of the target is done (1.0 = reached)."""
        return self.done / self.target


@dataclass(frozen=True)
class Summary:
    scope_name: str
    team_scope: bool  # a leader's team rather than an area
    day: date  # the day the summary is made on; month to date ends here
    period: Period
    first: date
    last: date
    totals: list[Total]  # indicators with any value in the period or month, in form order
    progress: list[Progress]
    teams_reported: int
    teams_active: int
    members_reported: int
    members_active: int
    silent: list[SilentTeam]  # longest silent first, at most SILENT_SHOWN
    silent_total: int
    bars: list[tuple[str, int]]  # reports this month per sub-area, or per member of a team


def period_range(period: Period, day: date) -> tuple[date, date]:
    """Return the first and last day of a period as seen on `day` (weeks run Monday–Sunday)."""
    if period == "yesterday":
        return day - timedelta(days=1), day - timedelta(days=1)
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day, day


async def _scope(db: Database, area_id: int | None, team_id: int | None) -> tuple[str, areas.Area]:
    """Return the scope's name and area: a team's, an area's, or the province's by default."""
    if team_id is not None:
        team = await teams.get(db.reader, team_id)
        area = await areas.get(db.reader, team.area_id) if team else None
        name = team.name if team else ""
    else:
        area = await (
            areas.get(db.reader, area_id) if area_id is not None else areas.root(db.reader)
        )
        name = area.name if area else ""
    if area is None:
        raise LookupError(f"no such team {team_id}" if team_id else f"no such area {area_id}")
    return name, area


async def _progress(
    db: Database, form: Form, area: areas.Area, day: date, month: dict[str, int]
) -> list[Progress]:
    """Compare the month's totals with the month's targets, or the year's with the year's."""
    month_key, year_key = f"{day:%Y-%m}", f"{day:%Y}"
    monthly = await targets.for_area(db.reader, area.id, [month_key])
    yearly = await targets.for_area(db.reader, area.id, [year_key])
    year: dict[str, int] = {}
    if set(yearly) - set(monthly):
        # The months before this one (whole months: the roll-up), plus the month to date.
        month_first = day.replace(day=1)
        year = dict(month)
        if month_first.month > 1:
            before = await summary.totals(
                db.reader, area.path, month_first.replace(month=1), month_first - timedelta(days=1)
            )
            for indicator_id, total in before.items():
                year[indicator_id] = year.get(indicator_id, 0) + total
    found = []
    for indicator_id, indicator in form.indicators.items():
        if indicator_id in monthly:
            done, target, key = month.get(indicator_id, 0), monthly[indicator_id], month_key
        elif indicator_id in yearly:
            done, target, key = year.get(indicator_id, 0), yearly[indicator_id], year_key
        else:
            continue
        found.append(Progress(indicator, done, target, key))
    return found


async def build_summary(
    db: Database,
    form: Form,
    *,
    area_id: int | None,
    team_id: int | None,
    day: date,
    period: Period = "today",
) -> Summary:
    """Gather a summary of a team (if given), else an area (default: the province)."""
    name, area = await _scope(db, area_id, team_id)
    conn, path = db.reader, area.path
    first, last = period_range(period, day)
    until = min(last, day)
    month_first = day.replace(day=1)
    month = await summary.totals(conn, path, month_first, day, team_id=team_id)
    in_period = (
        month
        if (first, until) == (month_first, day)
        else await summary.totals(conn, path, first, until, team_id=team_id)
    )
    totals = [
        Total(indicator, in_period.get(key, 0), month.get(key, 0))
        for key, indicator in form.indicators.items()
        if in_period.get(key) or month.get(key)
    ]
    reporting = await summary.teams_reporting(conn, path, until, team_id=team_id, since=first)
    members = await summary.members_reporting(conn, path, until, team_id=team_id, since=first)
    if team_id is not None:
        progress, silent, silent_total = [], [], 0
        bars = await summary.by_member(conn, team_id, month_first, day)
    else:
        progress = await _progress(db, form, area, day, month)
        silent, silent_total = await summary.silent_teams(
            conn, path, until, SILENT_DAYS, limit=SILENT_SHOWN
        )
        bars = await summary.by_subarea(conn, path, month_first, day)
    return Summary(
        name, team_id is not None, day, period, first, last, totals, progress,
        *reporting, *members, silent, silent_total, bars,
    )  # fmt: skip


def _percent(share: float, language: str) -> str:
    shown = f"{share * 100:.1f}%"
    return shown.replace(".", ",") if language == "vi" else shown


def _bar(share: float) -> str:
    filled = min(BAR_CELLS, int(share * BAR_CELLS))
    return "▓" * filled + "░" * (BAR_CELLS - filled)


def _period_label(s: Summary, texts: Texts, language: str) -> Html:
    if s.period == "week":
        first, last = texts.date(language, s.first, "short"), texts.date(language, s.last)
        return Html(texts.get(language, "summary-period-week", first=first, last=last))
    if s.period == "month":
        return Html(
            texts.get(
                language, "summary-period-month", month=texts.date(language, s.first, "month")
            )
        )
    return Html(
        texts.get(language, f"summary-period-{s.period}", date=texts.date(language, s.first))
    )


def _totals(s: Summary, texts: Texts, language: str) -> list[str]:
    if not s.totals:
        return [texts.get(language, "summary-no-data")]
    month = texts.date(language, s.day, "month")
    n = texts.number
    if s.period == "month":
        return [texts.get(language, "summary-totals-month", month=month)] + [
            texts.get(
                language,
                "summary-total-month-line",
                indicator=t.indicator.label(language),
                value=n(language, t.month),
            )
            for t in s.totals
        ]
    short = Html(texts.get(language, f"summary-short-{s.period}"))
    return [texts.get(language, "summary-totals", period=short, month=month)] + [
        texts.get(
            language,
            "summary-total-line",
            indicator=t.indicator.label(language),
            value=n(language, t.period),
            month_value=n(language, t.month),
        )
        for t in s.totals
    ]


def _progress_lines(s: Summary, texts: Texts, language: str) -> list[str]:
    lines = [texts.get(language, "summary-targets")] if s.progress else []
    for p in s.progress:
        yearly = len(p.period) == 4
        lines.append(
            texts.get(
                language,
                "summary-target-year" if yearly else "summary-target-month",
                indicator=p.indicator.label(language),
                year=p.period,
                done=texts.number(language, p.done),
                target=texts.number(language, p.target),
                percent=_percent(p.share, language),
                bar=_bar(p.share),
            )
        )
    return lines


def _leader(team: SilentTeam, texts: Texts, language: str, show_phones: bool) -> str:
    if not team.leader_name:
        return Html(texts.get(language, "summary-no-leader"))
    name = shorten(team.leader_name, NAME_MAX)
    if show_phones and team.leader_phone:
        return f"{name}, {display_phone(team.leader_phone)}"
    return name


def _silent_lines(s: Summary, texts: Texts, language: str, show_phones: bool) -> list[str]:
    if not s.silent_total:
        return [texts.get(language, "summary-silent-none", days=SILENT_DAYS)]
    lines = [texts.get(language, "summary-silent", days=SILENT_DAYS, count=s.silent_total)]
    for team in s.silent:
        lines.append(
            texts.get(
                language,
                "summary-silent-line" if team.last_report else "summary-silent-never",
                team=shorten(team.name, NAME_MAX),
                area=shorten(team.area_name, NAME_MAX),
                leader=_leader(team, texts, language, show_phones),
                date=texts.date(language, team.last_report, "short") if team.last_report else "",
            )
        )
    if s.silent_total > len(s.silent):
        more = s.silent_total - len(s.silent)
        lines.append(texts.get(language, "summary-silent-more", count=more))
    return lines


def render(summary: Summary, texts: Texts, language: str, *, show_phones: bool) -> str:
    """Render the summary as one screen of HTML; phones only if the reader's role may see them."""
    s = summary
    head = [
        texts.get(
            language,
            "summary-title",
            area=shorten(s.scope_name, NAME_MAX),
            period=_period_label(s, texts, language),
        )
    ]
    if s.team_scope:
        head.append(
            texts.get(
                language, "summary-members", reported=s.members_reported, active=s.members_active
            )
        )
    else:
        head.append(
            texts.get(
                language,
                "summary-teams",
                reported=s.teams_reported,
                active=s.teams_active,
                members=s.members_reported,
                members_active=s.members_active,
            )
        )
    sections = [head, _totals(s, texts, language), _progress_lines(s, texts, language)]
    if not s.team_scope:
        sections.append(_silent_lines(s, texts, language, show_phones))
    return "\n\n".join("\n".join(lines) for lines in sections if lines)
