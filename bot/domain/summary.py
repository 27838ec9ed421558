"""Summaries of an area or a team for a day, week or month: the results officials are judged on.

`build_summary` gathers; `render` (bot/domain/summary_text.py) writes it for one reader; the
charts (bot/ui/charts.py) draw the same `Summary`.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from bot.domain.form import Form, Indicator
from bot.domain.timing import working_days
from storage import area_changes, areas, holidays, summary, targets, teams
from storage.area_changes import Merged
from storage.db import Database
from storage.summary import Child, Held, SilentTeam

Period = Literal["today", "yesterday", "week", "month"]
SILENT_DAYS = 3  # a team with no report for this many days is silent; younger ones are new
SILENT_SHOWN = 8
TREND_DAYS = 14
TREND_LINES = 3


@dataclass(frozen=True)
class Total:
    indicator: Indicator
    today: int
    period: int  # in the summary's period (up to its day)
    month: int  # month to date


@dataclass(frozen=True)
class Progress:
    indicator: Indicator
    done: int
    target: int
    period: str  # "2026-11" for the month's target, "2026" for the year's
    days_left: int  # working days after the summary's day until the period ends

    @property
    def share(self) -> float:
        """Return how much of the target is done (1.0 = reached)."""
        return self.done / self.target

    @property
    def needed(self) -> int:
        """Return what is still missing to reach the target."""
        return max(0, self.target - self.done)

    @property
    def per_day(self) -> int:
        """Return what each remaining working day must bring (all of it if none is left)."""
        return math.ceil(self.needed / self.days_left) if self.days_left else self.needed


@dataclass(frozen=True)
class Standing:
    """One sub-area (or team, or member) on a ranking."""

    name: str
    done: int
    target: int | None = None

    @property
    def share(self) -> float | None:
        """Return the share of its own target, if it has one."""
        return self.done / self.target if self.target else None


@dataclass(frozen=True)
class Ranking:
    """The sub-areas on one indicator: by progress against their targets, else by results."""

    indicator: Indicator
    period: str | None  # the targets' period ("2026-11", "2026"); None: the month's results
    rows: list[Standing]  # best first
    level: str  # what the rows are: "commune", "village", "district", "team", "member", "area"
    without_target: int = 0  # sub-areas left out because they have no target of their own


@dataclass(frozen=True)
class Summary:
    scope_name: str
    team_scope: bool  # a leader's team rather than an area
    day: date  # the day the summary is made on; month to date ends here
    period: Period
    first: date
    last: date
    totals: list[Total]  # indicators with a value this month or a target, targeted first
    progress: list[Progress]
    teams_reported: int
    teams_active: int
    members_reported: int
    members_active: int
    silent: list[SilentTeam]  # longest silent first, at most SILENT_SHOWN
    silent_total: int
    new: list[SilentTeam]  # younger than SILENT_DAYS, no report yet
    new_total: int
    missing: list[str]  # a team's members with no report in the period
    rankings: list[Ranking]  # one per indicator with a target, else one on the main indicator
    trend: list[tuple[date, dict[str, int]]]  # TREND_DAYS days up to `day`
    trend_indicators: list[Indicator]
    # The merge the scope came from, while its year to date holds the old communes' history.
    scope_merged: Merged | None = None
    # Reports waiting for review (kept out of every figure above) dated held_first..day: the
    # span of the figures shown, so that the line beside them names all they leave out.
    held: Held = field(default_factory=lambda: Held(0, {}))
    held_first: date | None = None
    held_values: list[tuple[Indicator, int]] = field(default_factory=list)  # in form order


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


def _period_end(key: str) -> date:
    """Return the last day of a target's period ("2026-11" or "2026")."""
    if len(key) == 4:
        return date(int(key), 12, 31)
    year, month = int(key[:4]), int(key[5:])
    return date(year, month, calendar.monthrange(year, month)[1])


class _Year:
    """Year-to-date totals, read once when a yearly target needs them."""

    def __init__(self, db: Database, day: date) -> None:
        self.db, self.day = db, day
        self.first, self.month_first = day.replace(month=1, day=1), day.replace(day=1)

    async def area(self, area: areas.Area, month: dict[str, int]) -> dict[str, int]:
        """The area's whole months before this one (the roll-up), plus the month to date."""
        year = dict(month)
        if self.month_first.month > 1:
            before = await summary.totals(
                self.db.reader, area.path, self.first, self.month_first - timedelta(days=1)
            )
            for indicator_id, total in before.items():
                year[indicator_id] = year.get(indicator_id, 0) + total
        return year


async def _progress(
    db: Database, form: Form, area: areas.Area, day: date, month: dict[str, int]
) -> list[Progress]:
    """Compare the month's totals with the month's targets, or the year's with the year's."""
    month_key, year_key = f"{day:%Y-%m}", f"{day:%Y}"
    monthly = await targets.for_area(db.reader, area.id, [month_key])
    yearly = await targets.for_area(db.reader, area.id, [year_key])
    if not monthly and not yearly:
        return []
    year = await _Year(db, day).area(area, month) if set(yearly) - set(monthly) else {}
    off = await holidays.between(db.reader, day, date(day.year, 12, 31))
    found = []
    for indicator_id, indicator in form.indicators.items():
        if indicator_id in monthly:
            done, target, key = month.get(indicator_id, 0), monthly[indicator_id], month_key
        elif indicator_id in yearly:
            done, target, key = year.get(indicator_id, 0), yearly[indicator_id], year_key
        else:
            continue
        left = working_days(day + timedelta(days=1), _period_end(key), off)
        found.append(Progress(indicator, done, target, key, left))
    return found


def _level(found: list[Child]) -> str:
    levels = {child.level for child in found}
    return levels.pop() if len(levels) == 1 else "area"


async def _rankings(
    db: Database, form: Form, area: areas.Area, day: date, progress: list[Progress]
) -> list[Ranking]:
    """Rank the sub-areas on each targeted indicator (or the main one, with no target)."""
    conn, month_first = db.reader, day.replace(day=1)
    found = await summary.children(conn, area.id)
    if not found:
        return []
    month = await summary.child_totals(conn, area.id, month_first, day)
    team_month = await summary.team_totals(conn, area.id, month_first, day)
    own = await summary.child_targets(conn, area.id, [f"{day:%Y-%m}", f"{day:%Y}"])
    year: dict[int, dict[str, int]] | None = None
    level = _level(found)

    def results(indicator: str) -> list[Standing]:
        rows = []
        for child in found:
            values = (
                month.get(child.area_id, {})
                if child.area_id is not None
                else team_month.get(child.team_id or 0, {})
            )
            rows.append(Standing(child.name, values.get(indicator, 0)))
        return sorted(rows, key=lambda row: -row.done)

    rankings = []
    for p in progress:
        key = p.indicator.id
        targeted = [c for c in found if c.area_id is not None and key in own.get(c.area_id, {})]
        if not targeted:
            rankings.append(Ranking(p.indicator, None, results(key), level))
            continue
        rows = []
        for child in targeted:
            assert child.area_id is not None
            target, period = own[child.area_id][key]
            if len(period) == 4:
                if year is None:
                    year_first = day.replace(month=1, day=1)
                    year = await summary.child_totals(conn, area.id, year_first, day)
                done = year.get(child.area_id, {}).get(key, 0)
            else:
                done = month.get(child.area_id, {}).get(key, 0)
            rows.append(Standing(child.name, done, target))
        rows.sort(key=lambda row: (-(row.share or 0), -row.done))
        # One period named for the ranking: the one most of its targets share.
        periods = [own[c.area_id][key][1] for c in targeted if c.area_id is not None]
        period = max(set(periods), key=periods.count)
        rankings.append(Ranking(p.indicator, period, rows, level, len(found) - len(targeted)))
    if not rankings:
        values = [*month.values(), *team_month.values()]
        main = _main_indicators(form, progress, {k: v for t in values for k, v in t.items()})
        if main:
            rankings.append(Ranking(main[0], None, results(main[0].id), level))
    return rankings


def _main_indicators(
    form: Form, progress: list[Progress], values: dict[str, int], limit: int = TREND_LINES
) -> list[Indicator]:
    """The indicators with targets, then those with results in form order, up to `limit`."""
    chosen = [p.indicator for p in progress]
    chosen += [i for key, i in form.indicators.items() if values.get(key) and i not in chosen]
    return chosen[:limit]


_SHORT_CUTS = (" được ", " mở mới", " thành công")


def short_label(indicator: Indicator, language: str) -> str:
    """Return an indicator's label without its counting words, for headings and charts.

    "Số tài khoản VNeID mức 2 được kích hoạt" becomes "Tài khoản VNeID mức 2".
    """
    label = indicator.label(language)
    if language != "vi":
        return label
    short = label.removeprefix("Số ")
    for cut in _SHORT_CUTS:
        if cut in short and len(short[: short.index(cut)].split()) >= 3:
            short = short[: short.index(cut)]
    return (short[:1].upper() + short[1:]) or label


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
    today = await summary.totals(conn, path, day, day, team_id=team_id)
    known = {(day, day): today, (month_first, day): month}
    in_period = known.get((first, until))
    if in_period is None:
        in_period = await summary.totals(conn, path, first, until, team_id=team_id)
    reporting = await summary.teams_reporting(conn, path, until, team_id=team_id, since=first)
    members = await summary.members_reporting(conn, path, until, team_id=team_id, since=first)
    trend_first = day - timedelta(days=TREND_DAYS - 1)
    daily = await summary.daily_totals(conn, path, trend_first, day, team_id=team_id)
    trend = [
        (trend_first + timedelta(days=n), daily.get(trend_first + timedelta(days=n), {}))
        for n in range(TREND_DAYS)
    ]
    recent = {k: v for values in daily.values() for k, v in values.items()}
    if team_id is not None:
        progress: list[Progress] = []
        silent, silent_total, new, new_total, rankings = [], 0, [], 0, []
        missing = await summary.members_without_report(conn, team_id, first, until)
        main = _main_indicators(form, [], month)
        if main:
            rows = await summary.by_member(conn, team_id, month_first, day, indicator=main[0].id)
            rankings = [Ranking(main[0], None, [Standing(n, v) for n, v in rows], "member")]
    else:
        progress = await _progress(db, form, area, day, month)
        silent, silent_total = await summary.silent_teams(
            conn, path, until, SILENT_DAYS, limit=SILENT_SHOWN
        )
        new, new_total = await summary.new_teams(
            conn, path, until, SILENT_DAYS, limit=SILENT_SHOWN
        )
        missing = []
        rankings = await _rankings(db, form, area, day, progress)
    merged = None
    if team_id is None:
        merged = (await area_changes.merged(conn, [area.id])).get(area.id)
        if merged is not None and not day.replace(month=1, day=1) < merged.on <= day:
            merged = None
    held_first = _held_first(first, month_first, progress)
    held = await summary.held(conn, path, held_first, day, team_id=team_id)
    targeted = [p.indicator.id for p in progress]
    order = targeted + [key for key in form.indicators if key not in targeted]
    totals = [
        Total(form.indicators[key], today.get(key, 0), in_period.get(key, 0), month.get(key, 0))
        for key in order
        if key in targeted or month.get(key) or in_period.get(key)
    ]
    return Summary(
        name, team_id is not None, day, period, first, last, totals, progress,
        *reporting, *members, silent, silent_total, new, new_total, missing, rankings,
        trend, _main_indicators(form, progress, recent), merged, held, held_first,
        [(i, held.totals[key]) for key, i in form.indicators.items() if held.totals.get(key)],
    )  # fmt: skip


def _held_first(first: date, month_first: date, progress: list[Progress]) -> date:
    """The first day of what the summary's figures span: the month to date, or the period's
    first day if earlier (a week across months), or the year's with a yearly target shown."""
    if any(len(p.period) == 4 for p in progress):
        return month_first.replace(month=1)
    return min(first, month_first)


# Callers say `summaries.render(...)`; the writing lives in its own module.
from bot.domain.summary_text import render  # noqa: E402

__all__ = ["Summary", "build_summary", "period_range", "render"]
