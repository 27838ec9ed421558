"""What a reviewer's card shows beyond the report: its round, and the member's recent values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import aiosqlite

from storage.reports import COUNTED_SQL


@dataclass(frozen=True, slots=True)
class Round:
    """Where a report's review stands (migration 0013)."""

    review: str
    round: int
    reviewer_id: int | None
    since: str | None
    escalated_at: str | None
    updated_at: str
    deleted: bool
    card: int  # the round whose card is queued

    @property
    def card_due(self) -> bool:
        """Whether this round's card still has to be queued."""
        return self.review == "pending" and not self.deleted and self.card < self.round


async def review_state(conn: aiosqlite.Connection, report_id: int) -> Round | None:
    """Return where a report stands in review (state, round, reviewer, card), or None if
    there is no such report; storage.review.round_of reads the round alone."""
    async with conn.execute(
        "SELECT review, review_round, reviewer_id, review_since, escalated_at, updated_at,"
        " deleted_at IS NOT NULL, review_card FROM reports WHERE id = ?",
        (report_id,),
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    return Round(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7])


async def recent_values(
    conn: aiosqlite.Connection,
    member_id: int,
    indicator: str,
    *,
    exclude_report: int,
    limit: int = 7,
) -> list[tuple[date, int]]:
    """A member's latest counted values of one indicator (day, value), newest first."""
    rows = await conn.execute_fetchall(
        "SELECT r.report_date, v.value FROM reports r JOIN report_values v"
        " ON v.report_id = r.id AND v.indicator = ?"
        f" WHERE r.member_id = ? AND {COUNTED_SQL} AND r.id != ?"
        " ORDER BY r.report_date DESC, r.id DESC LIMIT ?",
        (indicator, member_id, exclude_report, limit),
    )
    return [(date.fromisoformat(day), value) for day, value in rows]
