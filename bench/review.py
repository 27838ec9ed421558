"""review: how often the checks at entry ask, hold and catch, on a generated province year.

The province year of bench.generate (PROVINCE_YEAR: 100 communes, 1,239 teams, 5,000
members, 365 days) draws its values uniformly from 1..40, which says nothing about slips of
the finger. Here the same shape reports values as people do: each member has their own level
per indicator (log-normal around the indicator's typical day, a few members five times
higher; sessions about one a day for everybody), each day varies around it (gamma,
coefficient of variation 0.5), campaign days triple it, and a known share of values are
slips: an extra zero, two extra zeros, a digit typed twice ("55" for 5). The real rules
(bot.domain.anomaly.check, the default form's soft maximums, the default Rules) are replayed
day by day over in-memory histories kept as the database would give them: the member's
counted values of the last 30 days, and their commune's other members' newest 400.

A member asked about a slip corrects it (80%) or confirms it anyway (20%); asked about a true
value, they confirm it. Confirmed values are held for review and count only once a reviewer
confirms them (here: true values confirmed, slips returned and corrected).

Figures: the share of reports asked about (the cost to members), held (the reviewers' load:
the flag rate), slips caught, what slips would have added to the totals that was caught; and
the cost of the check on the real province-year database against the week-totals query
every saved report already runs.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import timedelta

from bench.common import Figure
from bench.generate import PROVINCE_YEAR, Scale, cached_db
from bot.domain import anomaly
from bot.domain.anomaly import Rule, Rules
from bot.domain.form import Form, load_form
from storage import reports
from storage.db import Database

NAME = "review"

# An ordinary day's value per member and indicator, before each member's own level.
TYPICAL = {
    "residents_helped": 8,
    "vneid_activated": 3,
    "online_applications": 3,
    "payment_accounts": 2,
    "payment_transactions": 15,
    "sessions": 1,
    "attendees": 30,
}
SLIP_RATE = 0.004  # values typed wrong: 1 in 250
HIGH_SHARE = 0.05  # members who work at five times the usual level, every day
CAMPAIGN_DAYS = 0.02  # days a member's values triple (a campaign in the commune)
CORRECTS_SLIP = 0.8  # asked about a slip, the member corrects it


def _slip(rng: random.Random, value: int) -> int:
    kind = rng.random()
    if kind < 0.5:
        return value * 10
    if kind < 0.75:
        return value * 100
    return int(str(value) * 2)


@dataclass
class Tally:
    """What the replay saw."""

    reports: int = 0
    values: int = 0
    asked_reports: int = 0
    held_reports: int = 0
    slips: int = 0
    slips_asked: int = 0
    slips_reaching_totals: int = 0
    true_asked: int = 0
    slip_excess: int = 0  # what slips would add to the totals, unchecked
    slip_excess_caught: int = 0  # ... of which the members were asked about
    true_by_indicator: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_rule: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


DEFAULT_RULES = Rules()


def replay(
    scale: Scale = PROVINCE_YEAR, rules: Rules = DEFAULT_RULES, form: Form | None = None
) -> Tally:
    """Replay a year of reports through the rules; return the counts."""
    form = form or load_form()
    rng = random.Random(scale.seed)
    categories = [
        (c.id, [form.indicators[i] for i in c.indicators]) for c in form.active_categories()
    ]
    communes = scale.communes
    # (member, commune, chance, level per indicator)
    people = []
    mean = scale.reports_per_member_day / 0.92
    for m in range(scale.members):
        team = m * scale.teams // scale.members
        silent = rng.random() < 0.08
        chance = 0.0 if silent else min(1.0, mean * 2 * rng.random())
        high = 5.0 if rng.random() < HIGH_SHARE else 1.0
        levels = {
            indicator: max(0.3, TYPICAL[indicator] * high * math.exp(rng.gauss(0, 0.7)))
            for indicator in TYPICAL
        }
        # Sessions are what a day holds, not how hard one works: about one, for everybody.
        levels["sessions"] = math.exp(rng.gauss(0, 0.3))
        if chance:
            people.append((m, team * communes // scale.teams, chance, levels))
    own: dict[tuple[int, str], deque[tuple[int, int]]] = defaultdict(deque)
    peers: dict[tuple[int, str], deque[tuple[int, int, int]]] = defaultdict(deque)
    window = rules.history_days
    tally = Tally()
    began = time.perf_counter()
    for day in range(scale.days):
        for member, commune, chance, levels in people:
            if rng.random() >= chance:
                continue
            campaign = 3.0 if rng.random() < CAMPAIGN_DAYS else 1.0
            _, indicators = rng.choice(categories)
            tally.reports += 1
            asked = held = False
            stored: list[tuple[str, int]] = []
            for n, indicator in enumerate(indicators):
                if n and rng.random() >= 0.5:
                    continue
                level = levels[indicator.id] * campaign
                true = max(1, round(rng.gammavariate(4, level / 4)))
                true = min(true, indicator.max)
                slip = rng.random() < SLIP_RATE
                typed = min(_slip(rng, true), indicator.max) if slip else true
                tally.values += 1
                tally.slips += slip
                tally.slip_excess += typed - true
                history = own[(member, indicator.id)]
                while history and history[0][0] <= day - window:
                    history.popleft()
                values = [value for _, value in history]
                pool: list[int] = []
                if len(values) < rules.min_history:
                    crowd = peers[(commune, indicator.id)]
                    while crowd and crowd[0][0] <= day - window:
                        crowd.popleft()
                    pool = [value for _, who, value in reversed(crowd) if who != member]
                    pool = pool[: rules.peer_limit]
                flag = anomaly.check(indicator, typed, values, pool, rules)
                value = typed
                if flag is not None:
                    asked = True
                    tally.by_rule[flag.rule.value] += 1
                    if slip:
                        tally.slips_asked += 1
                        tally.slip_excess_caught += typed - true
                        if rng.random() < CORRECTS_SLIP:
                            value = true  # corrected: usual again, counts at once
                        else:
                            held = True  # confirmed by mistake: held, the reviewer returns it
                    else:
                        tally.true_asked += 1
                        tally.true_by_indicator[f"{flag.rule.value}:{indicator.id}"] += 1
                        held = True  # a true unusual value: held until a reviewer confirms
                elif slip:
                    tally.slips_reaching_totals += 1
                stored.append((indicator.id, value))
            tally.asked_reports += asked
            tally.held_reports += held
            # Counted values enter the histories: what the reviewer confirms does too (true
            # values); slips held are returned and corrected, so their true value counts.
            for indicator_id, value in stored:
                own[(member, indicator_id)].append((day, value))
                crowd = peers[(commune, indicator_id)]
                crowd.append((day, member, value))
                if len(crowd) > 4 * rules.peer_limit:
                    crowd.popleft()
    tally.seconds = time.perf_counter() - began
    return tally


async def check_cost(samples: int = 300) -> tuple[float, float]:
    """Milliseconds per `unusual` check and per week-totals query on the province year."""
    generated = await cached_db(PROVINCE_YEAR, "province-year")
    form = load_form()
    day = PROVINCE_YEAR.last_day
    async with Database(generated.path) as db:
        rows = await db.reader.execute_fetchall(
            "SELECT DISTINCT r.member_id, t.area_id FROM reports r JOIN teams t"
            " ON t.id = r.team_id WHERE r.report_date = ? ORDER BY r.member_id LIMIT ?",
            (day.isoformat(), samples),
        )
        values = {"residents_helped": 12, "vneid_activated": 3}
        began = time.perf_counter()
        for member_id, area_id in rows:
            await anomaly.unusual(
                db.reader, form, member_id=member_id, area_id=area_id, values=values, day=day
            )
        checked = (time.perf_counter() - began) * 1000 / len(rows)
        monday = day - timedelta(days=day.weekday())
        began = time.perf_counter()
        for member_id, _ in rows:
            await reports.member_totals(db.reader, member_id, monday, day)
        baseline = (time.perf_counter() - began) * 1000 / len(rows)
    return checked, baseline


def _share(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


async def run() -> list[Figure]:
    """Replay the province year; measure the check on its database."""
    tally = replay()
    print(
        f"replayed {tally.reports:,} reports, {tally.values:,} values,"
        f" {tally.slips:,} slips in {tally.seconds:.0f} s"
    )
    for rule in Rule:
        print(f"  asked by {rule.value}: {tally.by_rule.get(rule.value, 0):,} values")
    checked, baseline = await check_cost()
    return [
        Figure("reports asked about at entry", _share(tally.asked_reports, tally.reports), "%"),
        Figure(
            "reports held for review (flag rate)",
            _share(tally.held_reports, tally.reports),
            "%",
            note="true unusual values confirmed by members, and slips confirmed by mistake",
        ),
        Figure("slips asked about (caught)", _share(tally.slips_asked, tally.slips), "%"),
        Figure(
            "slips reaching the totals unasked",
            _share(tally.slips_reaching_totals, tally.slips),
            "%",
            note="small slips (a digit doubled on a 1-9 value) under the floor",
        ),
        Figure(
            "what slips would add to the totals, asked about",
            _share(tally.slip_excess_caught, tally.slip_excess),
            "%",
        ),
        Figure(
            "true values asked about",
            _share(tally.true_asked, tally.values - tally.slips),
            "%",
        ),
        Figure(
            "entry check on the province year",
            checked,
            "ms",
            baseline=baseline,
            note="baseline: the week-totals query every saved report runs",
        ),
    ]
