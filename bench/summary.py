"""summary: the daily summary's queries on a generated province (a year, a week) and nation."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from statistics import median

from bench.chart_before import bar_chart
from bench.common import BENCH_DAY, CACHE_DIR, Figure, one_cpu, table
from bench.generate import (
    NATIONAL,
    PROVINCE_WEEK,
    PROVINCE_YEAR,
    Generated,
    Scale,
    cached_db,
    has_year_target,
)
from bot.core.i18n import Texts
from bot.domain import summary as summaries
from bot.domain.form import load_form
from bot.ui.charts import progress_chart, summary_charts, trend_chart
from storage import areas, summary, targets
from storage.db import Database

NAME = "summary"
COMMUNES = 20
TEAMS = 20
PASSES = 7
CHARTS = 5
PICTURES = 2  # per coordinator: progress against targets, and the trend

Call = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Timing:
    """How long one database's summaries took, in milliseconds per summary."""

    label: str
    generated: Generated
    commune_ms: float  # a coordinator's summary of a commune that has a yearly target
    plain_ms: float  # the same for a commune without one
    team_ms: float  # a leader's summary of a team
    steps: dict[str, float]  # the queries of a commune summary with a yearly target
    chart_ms: float  # each of the summary's pictures (progress, trend), per picture
    chart_kb: float
    before_ms: float  # the previous renderer's one chart (bench/chart_before.py)
    progress_ms: float
    trend_ms: float


@dataclass(frozen=True)
class Summaries:
    """The timings of every database, and the cost of one query's round trip."""

    timings: list[Timing]
    round_trip_one_cpu_us: float
    round_trip_two_cpus_us: float


def _steps(conn, area: areas.Area, day: date) -> dict[str, Call]:
    """The queries build_summary makes for a commune's summary of today, one by one."""
    path, month_first = area.path, day.replace(day=1)
    return {
        "month totals": lambda: summary.totals(conn, path, month_first, day),
        "today totals": lambda: summary.totals(conn, path, day, day),
        "teams reporting": lambda: summary.teams_reporting(conn, path, day, since=day),
        "members reporting": lambda: summary.members_reporting(conn, path, day, since=day),
        "targets": lambda: targets.for_area(conn, area.id, [f"{day:%Y-%m}", f"{day:%Y}"]),
        # Asked because the area has a yearly target: the whole months since 1 January (from
        # the monthly roll-up), to which the month totals above are added.
        "year to date": lambda: summary.totals(
            conn, path, day.replace(month=1, day=1), month_first - timedelta(days=1)
        ),
        "silent teams": lambda: summary.silent_teams(conn, path, day, summaries.SILENT_DAYS),
        "sub-areas": lambda: summary.children(conn, area.id),
        "sub-area totals": lambda: summary.child_totals(conn, area.id, month_first, day),
        "sub-area targets": lambda: summary.child_targets(
            conn, area.id, [f"{day:%Y-%m}", f"{day:%Y}"]
        ),
        "14-day trend": lambda: summary.daily_totals(
            conn, path, day - timedelta(days=summaries.TREND_DAYS - 1), day
        ),
    }


async def _workload(db: Database, scale: Scale, communes: int, teams: int) -> dict[str, list]:
    """Name → the calls to time: whole summaries, then each query of one."""
    form, day = load_form(), scale.last_day
    ids = [i for pair in scale.commune_pairs(max(1, communes // 2)) for i in pair]
    with_target = [await areas.get(db.reader, i) for i in ids if has_year_target(i)]
    plain = [await areas.get(db.reader, i) for i in ids if not has_year_target(i)]

    def build(area_id: int | None, team_id: int | None) -> Call:
        return lambda: summaries.build_summary(db, form, area_id=area_id, team_id=team_id, day=day)

    work = {
        "coordinator": [build(a.id, None) for a in with_target],
        "plain": [build(a.id, None) for a in plain],
        "leader": [build(None, t) for t in scale.team_ids(teams)],
    }
    for name in _steps(db.reader, with_target[0], day):
        work[name] = [_steps(db.reader, area, day)[name] for area in with_target]
    return work


async def _mean_ms(calls: list[Call]) -> float:
    began = time.perf_counter()
    for call in calls:
        await call()
    return (time.perf_counter() - began) / len(calls) * 1000


def _chart(db_summary: summaries.Summary, charts: int) -> tuple[float, float, float, float, float]:
    """Milliseconds per picture now, its KB, before, and per progress and trend chart."""
    texts = Texts("vi")
    bars = [(row.name, row.done) for row in db_summary.rankings[0].rows]

    def per_chart(draw) -> float:
        draw()  # the first draw of a kind builds the figure and its fonts
        began = time.perf_counter()
        for _ in range(charts):
            draw()
        return (time.perf_counter() - began) / charts * 1000

    before = per_chart(
        lambda: bar_chart(
            bars, title="Số báo cáo", footnote="x", other_label="Khác", empty_label=""
        )
    )
    progress = per_chart(lambda: progress_chart(db_summary, texts, "vi"))
    trend = per_chart(lambda: trend_chart(db_summary, texts, "vi"))
    pictures = summary_charts(db_summary, texts, "vi")
    kb = sum(len(p.png) for p in pictures) / len(pictures) / 1024
    return (progress + trend) / 2, kb, before, progress, trend


async def round_trip_us(path: Path, calls: int, opens: int = 5) -> float:
    """Microseconds per trivial query (one area by id): mostly aiosqlite's thread hops.

    The median over several fresh connections, since each gets threads placed anew.
    """
    means = []
    for _ in range(opens):
        async with Database(path) as db:
            for _ in range(calls // 10):
                await areas.get(db.reader, 1)
            began = time.perf_counter()
            for _ in range(calls):
                await areas.get(db.reader, 1)
            means.append((time.perf_counter() - began) / calls * 1e6)
    return median(means)


async def measure(
    scales: dict[str, Scale],
    cache: Path = CACHE_DIR,
    *,
    communes: int = COMMUNES,
    teams: int = TEAMS,
    passes: int = PASSES,
    charts: int = CHARTS,
    round_trips: int = 500,
) -> Summaries:
    """Generate (or reuse) each database, then time all of them on one CPU.

    Each pass times every database in turn, and each figure is the median pass, so that a
    slower spell of the machine falls on all databases alike.
    """
    generated = {
        label: await cached_db(scale, label.replace(" ", "-").replace(",", ""), cache)
        for label, scale in scales.items()
    }
    first = next(iter(generated.values())).path
    two_cpus = await round_trip_us(first, round_trips)
    with one_cpu():
        one = await round_trip_us(first, round_trips)
        timings = await _time_all(generated, communes, teams, passes, charts)
    return Summaries(timings, one, two_cpus)


async def _time_all(
    generated: dict[str, Generated], communes: int, teams: int, passes: int, charts: int
) -> list[Timing]:
    async with AsyncExitStack() as stack:
        dbs = {
            label: await stack.enter_async_context(Database(g.path))
            for label, g in generated.items()
        }
        work = {
            label: await _workload(dbs[label], g.scale, communes, teams)
            for label, g in generated.items()
        }
        for label in work:  # warm-up: the first summary of a database reads its schema
            await work[label]["leader"][0]()
        samples: dict[str, dict[str, list[float]]] = {
            label: {name: [] for name in work[label]} for label in work
        }
        for _ in range(passes):
            for label, calls in work.items():
                for name, batch in calls.items():
                    samples[label][name].append(await _mean_ms(batch))
        built = {label: await work[label]["coordinator"][0]() for label in work}
    timings = []
    for label, g in generated.items():
        ms = {name: median(values) for name, values in samples[label].items()}
        chart_ms, chart_kb, before, progress, trend = _chart(built[label], charts)
        steps = {name: ms[name] for name in list(ms)[3:]}
        timings.append(
            Timing(
                label,
                g,
                ms["coordinator"],
                ms["plain"],
                ms["leader"],
                steps,
                chart_ms,
                chart_kb,
                before,
                progress,
                trend,
            )
        )
    return timings


def daily_job_estimate(timing: Timing) -> tuple[float, float]:
    """Seconds and MB of PNGs for one day's summaries: every coordinator and team leader.

    A coordinator per commune (3,321 nationally, product.md) gets the text and two pictures;
    a leader per team (74,000) the text only.
    """
    scale = timing.generated.scale
    coordinator = (timing.commune_ms + timing.plain_ms) / 2 + PICTURES * timing.chart_ms
    seconds = (scale.communes * coordinator + scale.teams * timing.team_ms) / 1000
    return seconds, scale.communes * PICTURES * timing.chart_kb / 1024


def before_estimate(timing: Timing) -> float:
    """The same job's seconds with the previous renderer's single chart."""
    scale = timing.generated.scale
    coordinator = (timing.commune_ms + timing.plain_ms) / 2 + timing.before_ms
    return (scale.communes * coordinator + scale.teams * timing.team_ms) / 1000


def report(measured: Summaries) -> list[Figure]:
    """Print the tables; return the figures."""
    timings = measured.timings
    rows = []
    for t in timings:
        g = t.generated
        rows.append(
            (
                t.label,
                g.areas,
                g.teams,
                g.members,
                g.reports,
                g.values,
                g.scale.days,
                f"{g.seconds:.0f} s" if g.seconds else "cached",
            )
        )
    print(
        table(
            f"Generated databases (history up to {BENCH_DAY})",
            ("database", "areas", "teams", "members", "reports", "values", "days", "generated"),
            rows,
        )
    )
    print()
    print(
        f"One trivial query through aiosqlite (median of 5 connections): "
        f"{measured.round_trip_one_cpu_us:.0f} µs on one CPU, "
        f"{measured.round_trip_two_cpus_us:.0f} µs free to use both; the summaries below are"
        " timed on one CPU\n"
    )
    print(
        table(
            f"Milliseconds per summary of today (median of {PASSES} interleaved passes)",
            ("database", "coordinator, yearly target", "coordinator, none", "leader"),
            [(t.label, t.commune_ms, t.plain_ms, t.team_ms) for t in timings],
        )
    )
    print()
    names = list(timings[0].steps)
    print(
        table(
            "Milliseconds per query of a coordinator's summary (commune with a yearly target)",
            ("database", *names),
            [(t.label, *t.steps.values()) for t in timings],
        )
    )
    print()
    rows = []
    for t in timings:
        seconds, png_mb = daily_job_estimate(t)
        rows.append(
            (t.label, t.before_ms, t.progress_ms, t.trend_ms, t.before_ms / t.chart_ms,
             t.chart_kb, before_estimate(t), seconds, png_mb)
        )  # fmt: skip
    print(
        table(
            "Charts (ms per picture) and the daily job: every coordinator (text + 2 pictures)"
            " and leader (text)",
            (
                "database",
                "before ms",
                "progress ms",
                "trend ms",
                "before/after",
                "PNG KB",
                "job s before",
                "job s now",
                "PNGs MB",
            ),
            rows,
        )
    )
    by_label = {t.label: t for t in timings}
    year, week = by_label.get("province, year"), by_label.get("province, week")
    figures = []
    if year and week:
        figures.append(
            Figure(
                "summary_coordinator_year_vs_week",
                year.commune_ms,
                "ms",
                baseline=week.commune_ms,
                goal="ratio ≤ 1.5",
            )
        )
        figures.append(
            Figure(
                "summary_coordinator_year_vs_week_no_yearly_target",
                year.plain_ms,
                "ms",
                baseline=week.plain_ms,
                goal="ratio ≤ 1.5",
            )
        )
    national = by_label.get("national")
    if national:
        figures.append(Figure("summary_national_coordinator", national.commune_ms, "ms"))
        figures.append(Figure("summary_national_leader", national.team_ms, "ms"))
        figures.append(
            Figure(
                "summary_national_daily_job_estimate",
                daily_job_estimate(national)[0],
                "s",
                baseline=before_estimate(national),
                note="two pictures per coordinator now; baseline: one chart, before",
            )
        )
    last = timings[-1]
    figures.append(
        Figure(
            "summary_chart_ms",
            last.chart_ms,
            "ms",
            baseline=last.before_ms,
            note="per picture; baseline: the previous renderer's chart",
        )
    )
    figures.append(
        Figure(
            "aiosqlite_round_trip_two_cpus",
            measured.round_trip_two_cpus_us,
            "µs",
            baseline=measured.round_trip_one_cpu_us,
        )
    )
    return figures


async def run() -> list[Figure]:
    """Run the benchmark at full size."""
    timings = await measure(
        {"province, year": PROVINCE_YEAR, "province, week": PROVINCE_WEEK, "national": NATIONAL}
    )
    return report(timings)
