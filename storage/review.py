"""Review of reports: states, reviewers, the values checks compare with, lists and counts.

States (migration 0013): "accepted" (nothing asked for a review) and "confirmed" (a reviewer
said it is right) count in totals; "pending" (with `reviewer_id`) and "returned" (back with
its member) are held. `review_round` counts the times a report was sent to a reviewer;
`review_card` is the round whose card has been queued, so a card is queued once per round
whatever crashes in between. Every change of state is audited by bot/domain/review.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import aiosqlite

from storage.areas import subtree_bounds
from storage.reports import COUNTED_SQL, HELD

STATES = ("accepted", "pending", "returned", "confirmed")


async def own_values(
    conn: aiosqlite.Connection,
    member_id: int,
    indicator: str,
    first: date,
    last: date,
    *,
    exclude_report: int | None = None,
) -> list[int]:
    """A member's counted values of one indicator, reports dated first..last (inclusive)."""
    rows = await conn.execute_fetchall(
        "SELECT v.value FROM reports r JOIN report_values v ON v.report_id = r.id"
        f" AND v.indicator = ? WHERE r.member_id = ? AND {COUNTED_SQL}"
        " AND r.report_date BETWEEN ? AND ? AND r.id IS NOT ?",
        (indicator, member_id, first.isoformat(), last.isoformat(), exclude_report),
    )
    return [value for (value,) in rows]


async def peer_values(
    conn: aiosqlite.Connection,
    area_path: str,
    member_id: int,
    indicator: str,
    first: date,
    last: date,
    *,
    limit: int,
) -> list[int]:
    """Other members' newest counted values of one indicator in an area's subtree (a
    commune: its villages' teams and its own), dated first..last."""
    rows = await conn.execute_fetchall(
        # CROSS JOIN keeps the areas as the outer loop: each one's reports by reports_area_date.
        "SELECT v.value FROM areas a CROSS JOIN reports r CROSS JOIN report_values v"
        " WHERE a.path >= ? AND a.path < ? AND r.area_id = a.id AND v.report_id = r.id"
        f" AND v.indicator = ? AND r.member_id != ? AND {COUNTED_SQL}"
        " AND r.report_date BETWEEN ? AND ? ORDER BY r.report_date DESC LIMIT ?",
        (
            *subtree_bounds(area_path),
            indicator,
            member_id,
            first.isoformat(),
            last.isoformat(),
            limit,
        ),
    )
    return [value for (value,) in rows]


async def hold(
    conn: aiosqlite.Connection,
    report_id: int,
    *,
    flags: Sequence[dict],
    reviewer_id: int | None,
    now: str,
) -> None:
    """Send a report to review (a new round): held, with its flags, at its reviewer."""
    await conn.execute(
        "UPDATE reports SET review = 'pending', flags = ?, reviewer_id = ?, review_since = ?,"
        " review_round = review_round + 1, escalated_at = NULL WHERE id = ?",
        (json.dumps(list(flags), ensure_ascii=False), reviewer_id, now, report_id),
    )


async def set_state(
    conn: aiosqlite.Connection, report_id: int, state: str, *, expected: Sequence[str], now: str
) -> bool:
    """Move a report to `state` if it is in one of `expected`; tell whether it moved."""
    marks = ",".join("?" * len(expected))
    cursor = await conn.execute(
        f"UPDATE reports SET review = ?, review_since = ? WHERE id = ? AND review IN ({marks})"
        " AND deleted_at IS NULL",
        (state, now, report_id, *expected),
    )
    return cursor.rowcount == 1


async def escalate(conn: aiosqlite.Connection, report_id: int, reviewer_id: int, now: str) -> None:
    """Give a pending report to another reviewer, once, as a new round."""
    await conn.execute(
        "UPDATE reports SET reviewer_id = ?, escalated_at = ?, review_round = review_round + 1"
        " WHERE id = ? AND review = 'pending'",
        (reviewer_id, now, report_id),
    )


async def cards_due(conn: aiosqlite.Connection, *, limit: int = 500) -> list[tuple[int, int]]:
    """Return (report id, round) of pending reports whose round has no card queued yet."""
    rows = await conn.execute_fetchall(
        "SELECT id, review_round FROM reports WHERE review = 'pending' AND deleted_at IS NULL"
        " AND review_card < review_round ORDER BY id LIMIT ?",
        (limit,),
    )
    return [(report_id, round_) for report_id, round_ in rows]


async def mark_card(conn: aiosqlite.Connection, report_id: int, round_: int) -> None:
    """Note that the card of this round is queued."""
    await conn.execute(
        "UPDATE reports SET review_card = max(review_card, ?) WHERE id = ?", (round_, report_id)
    )


async def due_escalation(conn: aiosqlite.Connection, before: str) -> list[int]:
    """Return pending reports waiting since before `before` and never escalated."""
    rows = await conn.execute_fetchall(
        "SELECT id FROM reports WHERE review = 'pending' AND deleted_at IS NULL"
        " AND escalated_at IS NULL AND review_since < ? ORDER BY id",
        (before,),
    )
    return [report_id for (report_id,) in rows]


async def reviewer_of(conn: aiosqlite.Connection, report_id: int) -> int | None:
    """Return the member a pending report waits for."""
    async with conn.execute("SELECT reviewer_id FROM reports WHERE id = ?", (report_id,)) as c:
        row = await c.fetchone()
    return row[0] if row else None


async def round_of(conn: aiosqlite.Connection, report_id: int) -> int | None:
    """Return a report's review round (cards and answers of older rounds are stale)."""
    async with conn.execute("SELECT review_round FROM reports WHERE id = ?", (report_id,)) as c:
        row = await c.fetchone()
    return row[0] if row else None


async def team_leader(conn: aiosqlite.Connection, team_id: int) -> int | None:
    """Return the team's active leader who can be reached, if any (the first appointed)."""
    async with conn.execute(
        "SELECT id FROM members WHERE team_id = ? AND role = 'leader' AND status = 'active'"
        " AND chat_id IS NOT NULL ORDER BY id LIMIT 1",
        (team_id,),
    ) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else None


async def coordinators_over(conn: aiosqlite.Connection, area_path: str) -> list[tuple[int, str]]:
    """Return (member id, scope path) of reachable coordinators covering an area, nearest first."""
    rows = await conn.execute_fetchall(
        "SELECT m.id, s.path FROM members m JOIN areas s ON s.id = m.scope_area_id"
        " WHERE m.role = 'coordinator' AND m.status = 'active' AND m.chat_id IS NOT NULL"
        " AND ? LIKE s.path || '%' ORDER BY length(s.path) DESC, m.id",
        (area_path,),
    )
    return [(member_id, path) for member_id, path in rows]


async def admins(conn: aiosqlite.Connection) -> list[int]:
    """Return the reachable admins, first appointed first."""
    rows = await conn.execute_fetchall(
        "SELECT id FROM members WHERE role = 'admin' AND status = 'active'"
        " AND chat_id IS NOT NULL ORDER BY id"
    )
    return [member_id for (member_id,) in rows]


@dataclass(frozen=True, slots=True)
class Listed:
    """A report in a review list."""

    report_id: int
    report_date: date
    category: str
    review: str
    since: str | None
    member_name: str
    team_code: str
    area_code: str
    area_name: str
    reviewer_name: str | None
    escalated: bool
    flags: tuple[dict, ...]
    values: dict[str, int]
    member_id: int = 0


async def listing(
    conn: aiosqlite.Connection,
    area_path: str,
    states: Sequence[str] = HELD,
    *,
    limit: int = 200,
) -> list[Listed]:
    """Return the area subtree's live reports in these review states, oldest waiting first."""
    marks = ",".join("?" * len(states))
    rows = await conn.execute_fetchall(
        "SELECT r.id, r.report_date, r.category, r.review, r.review_since, m.full_name,"
        " t.code, a.code, a.name, rv.full_name, r.escalated_at IS NOT NULL, r.flags, r.member_id"
        " FROM reports r JOIN members m ON m.id = r.member_id JOIN teams t ON t.id = r.team_id"
        " JOIN areas a ON a.id = r.area_id LEFT JOIN members rv ON rv.id = r.reviewer_id"
        f" WHERE r.deleted_at IS NULL AND r.review IN ({marks})"
        " AND a.path >= ? AND a.path < ?"
        " ORDER BY r.review_since, r.id LIMIT ?",
        (*states, *subtree_bounds(area_path), limit),
    )
    values: dict[int, dict[str, int]] = {row[0]: {} for row in rows}
    if values:
        ids = list(values)
        for report_id, indicator, value in await conn.execute_fetchall(
            "SELECT report_id, indicator, value FROM report_values"
            f" WHERE report_id IN ({','.join('?' * len(ids))})",
            ids,
        ):
            values[report_id][indicator] = value
    return [
        Listed(
            row[0],
            date.fromisoformat(row[1]),
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            row[9],
            bool(row[10]),
            tuple(json.loads(row[11])) if row[11] else (),
            values[row[0]],
            row[12],
        )
        for row in rows
    ]


# Ages of a held report, in whole days since it entered its state: (label, lowest, highest).
AGES = (("<1", 0, 0), ("1-2", 1, 2), ("3-6", 3, 6), ("7+", 7, None))


@dataclass(slots=True)
class AreaStats:
    """Review counts of one area (where the reports were filed)."""

    area_code: str
    area_name: str
    by_state: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    held_by_age: dict[str, int] = field(default_factory=lambda: {a[0]: 0 for a in AGES})


async def stats(conn: aiosqlite.Connection, area_path: str, now: datetime) -> list[AreaStats]:
    """Count reports by review state per area of the subtree, and held ones by age."""
    rows = await conn.execute_fetchall(
        "SELECT a.code, a.name, r.review, CASE WHEN r.review IN ('pending', 'returned')"
        " THEN r.review_since END AS since, count(*)"
        " FROM reports r JOIN areas a ON a.id = r.area_id"
        " WHERE r.deleted_at IS NULL AND a.path >= ? AND a.path < ?"
        " GROUP BY a.id, r.review, since ORDER BY a.code",
        subtree_bounds(area_path),
    )
    found: dict[str, AreaStats] = {}
    for code, name, state, since, count in rows:
        entry = found.setdefault(code, AreaStats(code, name))
        entry.by_state[state] += count
        if since:
            age = age_days(since, now)
            label = next(
                label for label, low, high in AGES if age >= low and (high is None or age <= high)
            )
            entry.held_by_age[label] += count
    return list(found.values())


def age_days(since: str | None, now: datetime) -> int:
    """Whole days a report has waited in its state."""
    return (now - datetime.fromisoformat(since)).days if since else 0
