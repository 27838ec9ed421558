"""Checks at entry: does a typed value look like a slip of the finger?

A value is unusual when it is above its indicator's soft maximum (the form's `soft_max`) and
higher than the member's own counted history ever went, or,
above a floor, more than `ratio` times what the member usually reports (the median of their
own values of the last `history_days`), or — for a member with too little history of their
own — more than `ratio` times what their commune's other members usually report. A steady
high reporter is judged against themself, so only a change flags; a newcomer is judged
against their peers; with neither, only the soft maximum applies.

An unusual value is asked once ("Bạn nhập 500 người — đúng không?"). If the member confirms
it, the report is stored with its flags and held for review (bot/domain/review.py): out of
the totals until a reviewer confirms it.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import aiosqlite

from bot.domain.form import Form, Indicator
from storage import areas
from storage import review as review_store


class Rule(StrEnum):
    """Why a value was flagged."""

    SOFT_MAX = "soft_max"  # above the form's soft maximum for one member and day
    OWN = "own_history"  # far above the member's own usual value
    PEERS = "peers"  # far above the commune's usual value (a member without history)
    REVIEW_ALL = "review_all"  # the province reviews every report of this indicator


@dataclass(frozen=True)
class Rules:
    """The thresholds (settings ANOMALY_*); see the README for why they are what they are."""

    ratio: float = 5.0
    # Members differ more from each other than a member from their own days: a newcomer is
    # asked only far above their commune's usual value.
    peer_ratio: float = 10.0
    floor: int = 20
    history_days: int = 30
    min_history: int = 3  # own values needed before the member is judged against themself
    min_peers: int = 5  # peer values needed before a newcomer is judged against peers
    peer_limit: int = 400  # the newest peer values read: enough for a stable median

    def floor_for(self, indicator: Indicator) -> int:
        """The value at or below which history never flags: lower for small indicators."""
        return min(self.floor, max(1, indicator.max // 10))


@dataclass(frozen=True)
class Flag:
    """One value found unusual (or reviewed by rule), and what it was compared with."""

    indicator: str
    value: int
    rule: Rule
    reference: int | None = None  # the soft maximum, or the median compared with

    def as_json(self) -> dict[str, Any]:
        """Return the flag as stored in reports.flags."""
        return {
            "indicator": self.indicator,
            "value": self.value,
            "rule": self.rule.value,
            "reference": self.reference,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Flag:
        """Read what as_json wrote."""
        return cls(
            str(data["indicator"]), int(data["value"]), Rule(data["rule"]), data.get("reference")
        )

    @property
    def asks_member(self) -> bool:
        """Whether the member is asked about it at entry (a rule of the province is not)."""
        return self.rule is not Rule.REVIEW_ALL


def check(
    indicator: Indicator,
    value: int,
    own: Sequence[int],
    peers: Sequence[int],
    rules: Rules = Rules(),
) -> Flag | None:
    """Return why `value` is unusual for this member, or None when it is not."""
    if value <= 0:
        return None
    known = len(own) >= rules.min_history
    # Above the soft maximum, unless the member's own counted history already went as high:
    # a steady high reporter (or one whose high day a reviewer confirmed) is not asked daily.
    soft_max = indicator.soft_max
    if soft_max is not None and value > soft_max and not (known and value <= max(own)):
        return Flag(indicator.id, value, Rule.SOFT_MAX, indicator.soft_max)
    if value <= rules.floor_for(indicator):
        return None
    if known:
        usual = statistics.median(own)
        if value > rules.ratio * max(usual, 1):
            return Flag(indicator.id, value, Rule.OWN, round(usual))
        return None
    if len(peers) >= rules.min_peers:
        usual = statistics.median(peers)
        if value > rules.peer_ratio * max(usual, 1):
            return Flag(indicator.id, value, Rule.PEERS, round(usual))
    return None


async def unusual(
    conn: aiosqlite.Connection,
    form: Form,
    *,
    member_id: int,
    area_id: int,
    values: Mapping[str, int],
    day: date,
    rules: Rules = Rules(),
    exclude_report: int | None = None,
) -> list[Flag]:
    """Check a member's values for one day against their history and their commune's.

    `exclude_report` leaves out the report being corrected, so it is not its own history.
    """
    first = day - timedelta(days=rules.history_days)
    found: list[Flag] = []
    scope: str | None = None
    for indicator_id, value in values.items():
        indicator = form.indicators.get(indicator_id)
        if indicator is None or value <= 0:
            continue
        own = await review_store.own_values(
            conn, member_id, indicator_id, first, day, exclude_report=exclude_report
        )
        peers: list[int] = []
        if len(own) < rules.min_history:
            scope = scope or await peer_scope(conn, area_id)
            peers = await review_store.peer_values(
                conn, scope, member_id, indicator_id, first, day, limit=rules.peer_limit
            )
        flag = check(indicator, value, own, peers, rules)
        if flag is not None:
            found.append(flag)
    return found


async def peer_scope(conn: aiosqlite.Connection, area_id: int) -> str:
    """The path of the commune over an area (the area itself where there is none): a
    newcomer's peers are the members of their commune, not only of their village."""
    area = await areas.get(conn, area_id)
    if area is None:
        return "/"
    chain = await areas.ancestors(conn, area)
    commune = next((a for a in reversed(chain) if a.level == "commune"), area)
    return commune.path


def reviewed_by_rule(values: Mapping[str, int], indicators: Sequence[str]) -> list[Flag]:
    """Flags for the indicators the province reviews in every report (REVIEW_INDICATORS)."""
    return [
        Flag(indicator, value, Rule.REVIEW_ALL)
        for indicator, value in values.items()
        if indicator in indicators and value > 0
    ]
