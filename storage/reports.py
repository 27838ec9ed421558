"""Reports and their values: stored by indicator id, soft-deleted, deduplicated by source."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import aiosqlite


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    member_id: int
    team_id: int
    area_id: int
    report_date: date
    category: str
    note: str | None
    created_at: str
    updated_at: str
    deleted_at: str | None = None
    values: dict[str, int] = field(default_factory=dict)
    # Review (migration 0013): "accepted" and "confirmed" count in totals; "pending" (with a
    # reviewer) and "returned" (back with its member) are held, and counted beside them.
    review: str = "accepted"
    flags: tuple[dict, ...] = ()  # why it was held: bot.domain.anomaly.Flag.as_json() each

    @property
    def held(self) -> bool:
        """Whether the report waits for a review and is kept out of the totals meanwhile."""
        return self.review in HELD

    def as_audit(self) -> dict:
        """The report as an audit-log entry keeps it: what it said, not who said it."""
        return {
            "date": self.report_date.isoformat(),
            "category": self.category,
            "values": self.values,
            "note": self.note,
        }


HELD = ("pending", "returned")
# The SQL condition on a report aliased `r` that makes its values count in totals.
COUNTED_SQL = "r.deleted_at IS NULL AND r.review IN ('accepted', 'confirmed')"

_COLUMNS = (
    "id, member_id, team_id, area_id, report_date, category, note, created_at, updated_at,"
    " deleted_at, review, flags"
)


async def _with_values(conn: aiosqlite.Connection, rows: list[aiosqlite.Row]) -> list[Report]:
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    marks = ",".join("?" * len(ids))
    values: dict[int, dict[str, int]] = {i: {} for i in ids}
    for report_id, indicator, value in await conn.execute_fetchall(
        f"SELECT report_id, indicator, value FROM report_values WHERE report_id IN ({marks})",
        ids,
    ):
        values[report_id][indicator] = value
    return [
        Report(
            row["id"],
            row["member_id"],
            row["team_id"],
            row["area_id"],
            date.fromisoformat(row["report_date"]),
            row["category"],
            row["note"],
            row["created_at"],
            row["updated_at"],
            row["deleted_at"],
            values[row["id"]],
            row["review"],
            tuple(json.loads(row["flags"])) if row["flags"] else (),
        )
        for row in rows
    ]


async def get(conn: aiosqlite.Connection, report_id: int) -> Report | None:
    """Return one report, deleted or not."""
    rows = await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM reports WHERE id = ?", (report_id,)
    )
    found = await _with_values(conn, list(rows))
    return found[0] if found else None


async def create(
    conn: aiosqlite.Connection,
    *,
    member_id: int,
    team_id: int,
    area_id: int,
    report_date: date,
    category: str,
    values: dict[str, int],
    note: str | None,
    source: str,
    now: str,
) -> tuple[Report, bool]:
    """Store a report; if its source was stored before, return that one and False."""
    cursor = await conn.execute(
        "INSERT INTO reports (member_id, team_id, area_id, report_date, category, note, source,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (source) DO NOTHING",
        (member_id, team_id, area_id, report_date.isoformat(), category, note, source, now, now),
    )
    if cursor.rowcount == 0:
        async with conn.execute("SELECT id FROM reports WHERE source = ?", (source,)) as c:
            existing = await c.fetchone()
        report = await get(conn, existing[0])
        assert report is not None
        return report, False
    report_id = cursor.lastrowid
    await conn.executemany(
        "INSERT INTO report_values (report_id, indicator, value) VALUES (?, ?, ?)",
        [(report_id, indicator, value) for indicator, value in values.items()],
    )
    # Just written: no need to read it back.
    report = Report(
        report_id,
        member_id,
        team_id,
        area_id,
        report_date,
        category,
        note,
        now,
        now,
        values=dict(values),
    )
    return report, True


async def update(
    conn: aiosqlite.Connection,
    report_id: int,
    *,
    report_date: date,
    category: str,
    values: dict[str, int],
    note: str | None,
    now: str,
) -> tuple[Report, Report]:
    """Correct a report in place; return it before and after."""
    before = await get(conn, report_id)
    if before is None or before.deleted_at is not None:
        raise LookupError(f"report {report_id} does not exist")
    await conn.execute(
        "UPDATE reports SET report_date = ?, category = ?, note = ?, updated_at = ? WHERE id = ?",
        (report_date.isoformat(), category, note, now, report_id),
    )
    await conn.execute("DELETE FROM report_values WHERE report_id = ?", (report_id,))
    await conn.executemany(
        "INSERT INTO report_values (report_id, indicator, value) VALUES (?, ?, ?)",
        [(report_id, indicator, value) for indicator, value in values.items()],
    )
    after = await get(conn, report_id)
    assert after is not None
    return before, after


async def delete(conn: aiosqlite.Connection, report_id: int, now: str) -> Report | None:
    """Take a report out of every total; return it, or None if it was already gone."""
    cursor = await conn.execute(
        "UPDATE reports SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
        (now, now, report_id),
    )
    return await get(conn, report_id) if cursor.rowcount else None


async def for_member(
    conn: aiosqlite.Connection, member_id: int, *, limit: int, offset: int = 0
) -> list[Report]:
    """Return a member's reports, newest day first."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM reports WHERE member_id = ? AND deleted_at IS NULL"
        " ORDER BY report_date DESC, id DESC LIMIT ? OFFSET ?",
        (member_id, limit, offset),
    ) as cursor:
        rows = await cursor.fetchall()
    return await _with_values(conn, list(rows))


async def count_for_member(conn: aiosqlite.Connection, member_id: int) -> int:
    """Count a member's reports."""
    async with conn.execute(
        "SELECT count(*) FROM reports WHERE member_id = ? AND deleted_at IS NULL", (member_id,)
    ) as cursor:
        return (await cursor.fetchone())[0]


async def last_day(conn: aiosqlite.Connection, member_id: int, before: date) -> list[Report]:
    """Return the member's reports of their latest reported day before `before`."""
    async with conn.execute(
        "SELECT max(report_date) FROM reports"
        " WHERE member_id = ? AND deleted_at IS NULL AND report_date < ?",
        (member_id, before.isoformat()),
    ) as cursor:
        day = (await cursor.fetchone())[0]
    if day is None:
        return []
    return await of_day(conn, member_id, date.fromisoformat(day))


async def of_day(conn: aiosqlite.Connection, member_id: int, day: date) -> list[Report]:
    """Return the member's (not deleted) reports of one day, oldest first."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM reports WHERE member_id = ? AND deleted_at IS NULL"
        " AND report_date = ? ORDER BY id",
        (member_id, day.isoformat()),
    ) as cursor:
        rows = await cursor.fetchall()
    return await _with_values(conn, list(rows))


async def member_totals(
    conn: aiosqlite.Connection, member_id: int, first: date, last: date
) -> dict[str, int]:
    """Sum a member's values per indicator over a date range (inclusive)."""
    rows = await conn.execute_fetchall(
        "SELECT v.indicator, sum(v.value) FROM reports r"
        " JOIN report_values v ON v.report_id = r.id"
        " WHERE r.member_id = ? AND r.deleted_at IS NULL AND r.report_date BETWEEN ? AND ?"
        " GROUP BY v.indicator",
        (member_id, first.isoformat(), last.isoformat()),
    )
    return dict(rows)
