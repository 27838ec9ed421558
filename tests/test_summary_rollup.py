"""The monthly roll-up: filled by its migration, kept exact by triggers, read for whole months.

Every check compares with the reports themselves: the roll-up table with a fresh GROUP BY over
the live reports that count (not held for review), and `summary.totals` with the plain sum
over reports it used to be, for random histories (reports made, corrected, deleted,
restored, moved between days, areas and teams, values changed or removed) and random ranges,
areas and teams.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import areas, members, reports, summary, teams
from storage.db import Database
from storage.summary import _whole_months

CREATED = "2025-11-01T02:00:00Z"
FIRST_DAY = date(2025, 11, 20)
SPAN = 150  # days of history: across a new year and a February
INDICATORS = ("residents_helped", "vneid_activated", "online_applications")
# Whole months, several at once, and no whole month at all.
FIXED_RANGES = (
    (date(2025, 1, 1), date(2026, 12, 31)),
    (date(2026, 1, 1), date(2026, 3, 31)),
    (date(2025, 12, 1), date(2026, 1, 31)),
    (date(2026, 2, 1), date(2026, 2, 28)),
    (date(2025, 12, 15), date(2026, 1, 14)),
    (date(2025, 11, 20), date(2026, 4, 18)),
    (date(2026, 3, 1), date(2026, 2, 28)),
)
REVIEW_STATES = ("accepted", "pending", "returned", "confirmed")
ROLLED_UP = (
    "SELECT area_id, month, indicator, total, value_count FROM area_month_totals ORDER BY 1, 2, 3"
)
FROM_REPORTS = (
    "SELECT r.area_id, substr(r.report_date, 1, 7), v.indicator, sum(v.value), count(*)"
    " FROM reports r JOIN report_values v ON v.report_id = r.id"
    " WHERE r.deleted_at IS NULL AND r.review IN ('accepted', 'confirmed')"
    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
)


@dataclass
class Province:
    """A province of two communes, three villages, a team in each and one right in a commune."""

    db: Database
    areas: list[areas.Area]
    teams: list[teams.Team]
    members: list[tuple[int, teams.Team]]
    report_ids: list[int]


async def _province(db: Database) -> Province:
    async with db.transaction() as conn:

        async def area(code: str, level: str, parent: areas.Area | None) -> areas.Area:
            found, _ = await areas.upsert(
                conn, code=code, name=code, level=level, parent=parent, now=CREATED
            )
            return found

        province = await area("p", "province", None)
        first = await area("p/0", "commune", province)
        second = await area("p/1", "commune", province)
        villages = [
            await area("p/0/0", "village", first),
            await area("p/0/1", "village", first),
            await area("p/1/0", "village", second),
        ]
        homes = [*villages, second]
        found_teams = [
            await teams.create(
                conn,
                code=f"T{n}",
                name=f"Tổ {n}",
                area_id=home.id,
                leader_name=None,
                leader_phone=None,
                now=CREATED,
            )
            for n, home in enumerate(homes)
        ]
        people = []
        for n, team in enumerate(found_teams * 2):
            member = await members.create(
                conn,
                chat_id=1000 + n,
                full_name=f"Người {n}",
                phone=None,
                team_id=team.id,
                role="member",
                language="vi",
                now=CREATED,
                consent_at=CREATED,
            )
            people.append((member.id, team))
    return Province(db, [province, first, second, *villages], found_teams, people, [])


async def _apply(p: Province, op: tuple) -> None:
    """Apply one write of a random history; writes to a report that is gone change nothing."""
    kind, *args = op
    pick = p.report_ids[args[0] % len(p.report_ids)] if p.report_ids and args else None
    async with p.db.transaction() as conn:
        if kind == "create":
            _, person, offset, values = op
            member_id, team = p.members[person % len(p.members)]
            report, _ = await reports.create(
                conn,
                member_id=member_id,
                team_id=team.id,
                area_id=team.area_id,
                report_date=FIRST_DAY + timedelta(days=offset),
                category="vneid",
                values=values,
                note=None,
                source=f"s{len(p.report_ids)}",
                now=CREATED,
            )
            p.report_ids.append(report.id)
        elif pick is None:
            return
        elif kind == "edit":
            _, _, offset, values = op
            before = await reports.get(conn, pick)
            if before is not None and before.deleted_at is None:
                day = FIRST_DAY + timedelta(days=offset)
                await reports.update(
                    conn, pick, report_date=day, category="vneid", values=values, note=None,
                    now=CREATED,
                )  # fmt: skip
        elif kind == "delete":
            await reports.delete(conn, pick, CREATED)
        elif kind == "restore":
            await conn.execute("UPDATE reports SET deleted_at = NULL WHERE id = ?", (pick,))
        elif kind == "review":  # held for review, returned, confirmed: only some count
            state = REVIEW_STATES[args[1] % len(REVIEW_STATES)]
            await conn.execute("UPDATE reports SET review = ? WHERE id = ?", (state, pick))
        elif kind == "move_area":
            area_id = p.areas[args[1] % len(p.areas)].id
            await conn.execute("UPDATE reports SET area_id = ? WHERE id = ?", (area_id, pick))
        elif kind == "move_team":
            team = p.teams[args[1] % len(p.teams)]
            await conn.execute(
                "UPDATE reports SET team_id = ?, area_id = ? WHERE id = ?",
                (team.id, team.area_id, pick),
            )
        elif kind == "set_value":
            _, _, indicator, value = op
            await conn.execute(
                "INSERT INTO report_values SELECT id, ?, ? FROM reports WHERE id = ?"
                " ON CONFLICT (report_id, indicator) DO UPDATE SET value = excluded.value",
                (INDICATORS[indicator], value, pick),
            )
        elif kind == "drop_value":
            await conn.execute(
                "DELETE FROM report_values WHERE report_id = ? AND indicator = ?",
                (pick, INDICATORS[args[1] % len(INDICATORS)]),
            )
        elif kind == "rename_value":
            await conn.execute(
                "UPDATE OR IGNORE report_values SET indicator = ? WHERE report_id = ?"
                " AND indicator = ?",
                (INDICATORS[args[2]], pick, INDICATORS[args[1]]),
            )
        elif kind == "move_value":
            target = p.report_ids[args[1] % len(p.report_ids)]
            await conn.execute(
                "UPDATE OR IGNORE report_values SET report_id = ? WHERE report_id = ?"
                " AND EXISTS (SELECT 1 FROM reports WHERE id = ?)",
                (target, pick, target),
            )
        elif kind == "erase":
            await conn.execute("DELETE FROM report_values WHERE report_id = ?", (pick,))
            await conn.execute("DELETE FROM reports WHERE id = ?", (pick,))
        elif kind == "delete_day":
            day = (FIRST_DAY + timedelta(days=args[0] % SPAN)).isoformat()
            await conn.execute(
                "UPDATE reports SET deleted_at = ? WHERE report_date = ?", (CREATED, day)
            )


async def _raw_totals(
    conn, area_path: str, first: date, last: date, team_id: int | None
) -> dict[str, int]:
    """The plain sum over reports, as `totals` read it before the roll-up."""
    if team_id is not None:
        scope, params = "r.team_id = ?", (team_id,)
    else:
        scope, params = (
            "r.area_id IN (SELECT id FROM areas WHERE path >= ? AND path < ?)",
            areas.subtree_bounds(area_path),
        )
    async with conn.execute(
        "SELECT v.indicator, sum(v.value) FROM reports r"
        " JOIN report_values v ON v.report_id = r.id"
        f" WHERE {scope} AND r.deleted_at IS NULL AND r.review IN ('accepted', 'confirmed')"
        " AND r.report_date BETWEEN ? AND ? GROUP BY v.indicator",
        (*params, first.isoformat(), last.isoformat()),
    ) as cursor:
        return dict(await cursor.fetchall())


async def _rows(conn, sql: str) -> list[tuple]:
    async with conn.execute(sql) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]


async def _check(p: Province, ranges: list[tuple[date, date]]) -> None:
    """The roll-up is what the live reports say, and totals() what the plain sum says."""
    conn = p.db.reader
    assert await _rows(conn, ROLLED_UP) == await _rows(conn, FROM_REPORTS)
    scopes = [(area.path, None) for area in p.areas]
    by_id = {area.id: area for area in p.areas}
    scopes += [(by_id[team.area_id].path, team.id) for team in p.teams]
    for first, last in [*FIXED_RANGES, *ranges]:
        for path, team_id in scopes:
            expected = await _raw_totals(conn, path, first, last, team_id)
            found = await summary.totals(conn, path, first, last, team_id=team_id)
            assert found == expected, (path, team_id, first, last)


values_st = st.dictionaries(st.sampled_from(INDICATORS), st.integers(0, 40), max_size=3)
pick_st = st.integers(0, 1000)
offset_st = st.integers(0, SPAN - 1)
indicator_st = st.integers(0, len(INDICATORS) - 1)
op_st = st.one_of(
    st.tuples(st.just("create"), pick_st, offset_st, values_st),
    st.tuples(st.just("edit"), pick_st, offset_st, values_st),
    st.tuples(st.just("delete"), pick_st),
    st.tuples(st.just("restore"), pick_st),
    st.tuples(st.just("review"), pick_st, pick_st),
    st.tuples(st.just("move_area"), pick_st, pick_st),
    st.tuples(st.just("move_team"), pick_st, pick_st),
    st.tuples(st.just("set_value"), pick_st, indicator_st, st.integers(0, 40)),
    st.tuples(st.just("drop_value"), pick_st, indicator_st),
    st.tuples(st.just("rename_value"), pick_st, indicator_st, indicator_st),
    st.tuples(st.just("move_value"), pick_st, pick_st),
    st.tuples(st.just("erase"), pick_st),
    st.tuples(st.just("delete_day"), offset_st),
)
range_st = st.tuples(st.integers(-40, SPAN + 40), st.integers(-3, 200)).map(
    lambda r: (FIRST_DAY + timedelta(days=r[0]), FIRST_DAY + timedelta(days=r[0] + r[1]))
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    history=st.lists(op_st, min_size=1, max_size=40),
    ranges=st.lists(range_st, min_size=1, max_size=6),
)
async def test_totals_match_the_reports_after_any_history(history, ranges):
    with tempfile.TemporaryDirectory() as folder:
        async with Database(Path(folder) / "bot.sqlite3") as db:
            p = await _province(db)
            for op in [("create", 0, 0, {"residents_helped": 1}), *history]:
                await _apply(p, op)
            await _check(p, ranges)


async def test_totals_match_the_reports_after_a_long_random_history(tmp_path):
    rng = random.Random(2026)

    def values() -> dict[str, int]:
        chosen = rng.sample(INDICATORS, rng.randint(0, 3))
        return {indicator: rng.choice((0, rng.randint(1, 40))) for indicator in chosen}

    def op() -> tuple:
        kind = rng.choices(
            ["create", "edit", "delete", "restore", "move_area", "move_team", "set_value",
             "drop_value", "rename_value", "move_value", "erase", "delete_day", "review"],
            weights=[40, 10, 6, 4, 3, 3, 5, 3, 2, 1, 1, 1, 8],
        )[0]  # fmt: skip
        n = rng.randrange(10_000)
        if kind in ("create", "edit"):
            return kind, n, rng.randrange(SPAN), values()
        if kind in ("set_value", "rename_value"):
            last = rng.randrange(41) if kind == "set_value" else rng.randrange(len(INDICATORS))
            return kind, n, rng.randrange(len(INDICATORS)), last
        return kind, n, rng.randrange(10_000)

    async with Database(tmp_path / "bot.sqlite3") as db:
        p = await _province(db)
        for _ in range(1500):
            await _apply(p, op())
        starts = [rng.randrange(-40, SPAN + 40) for _ in range(40)]
        ranges = [
            (FIRST_DAY + timedelta(days=s), FIRST_DAY + timedelta(days=s + rng.randrange(200)))
            for s in starts
        ]
        await _check(p, ranges)
        assert len(await _rows(db.reader, ROLLED_UP)) > 50


async def test_the_migration_fills_the_rollup_from_reports_made_before_it(tmp_path):
    path = tmp_path / "bot.sqlite3"
    async with Database(path) as db:
        p = await _province(db)
        rng = random.Random(8)
        for n in range(300):
            day = rng.randrange(SPAN)
            await _apply(p, ("create", n, day, {"residents_helped": n % 7, "vneid_activated": 2}))
        for n in range(0, 300, 9):
            await _apply(p, ("delete", n))
    # Back to the schema before the roll-up, as a database made by an older bot would be.
    with sqlite3.connect(path) as conn:
        triggers = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN"
            " ('reports', 'report_values')"
        ).fetchall()
        for (name,) in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE area_month_totals")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0008_month_totals.sql'")
    db = Database(path)
    assert await db.open() == ["0008_month_totals.sql"]
    p.db = db
    await _check(p, [])
    await db.close()
    assert await db.open() == []
    await db.close()


@pytest.mark.parametrize(
    ("first", "last", "whole"),
    [
        (date(2026, 1, 1), date(2026, 1, 31), (date(2026, 1, 1), date(2026, 1, 31))),
        (date(2026, 1, 2), date(2026, 3, 31), (date(2026, 2, 1), date(2026, 3, 31))),
        (date(2026, 1, 2), date(2026, 3, 30), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2025, 12, 31), date(2026, 2, 1), (date(2026, 1, 1), date(2026, 1, 31))),
        (date(2028, 2, 1), date(2028, 2, 29), (date(2028, 2, 1), date(2028, 2, 29))),
        (date(2026, 1, 1), date(2026, 11, 27), (date(2026, 1, 1), date(2026, 10, 31))),
        (date(2026, 11, 1), date(2026, 11, 27), None),
        (date(2025, 12, 15), date(2026, 1, 14), None),
        (date(2026, 1, 2), date(2026, 2, 27), None),
        (date(2026, 3, 1), date(2026, 2, 28), None),
    ],
)
def test_whole_months_of_a_range(first, last, whole):
    assert _whole_months(first, last) == whole


async def test_whole_months_read_the_rollup_not_the_reports(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        p = await _province(db)
        for n in range(SPAN):
            await _apply(p, ("create", n, n, {"residents_helped": 1}))
        statements: list[str] = []
        await db.reader.set_trace_callback(statements.append)
        path = p.areas[0].path
        months = await summary.totals(db.reader, path, date(2025, 12, 1), date(2026, 3, 31))
        ends = await summary.totals(db.reader, path, date(2025, 11, 25), date(2026, 4, 2))
        await db.reader.set_trace_callback(None)
        async with db.reader.execute(f"EXPLAIN QUERY PLAN {statements[0]}") as cursor:
            plan = [row[3] for row in await cursor.fetchall()]
    assert months == {"residents_helped": 31 + 31 + 28 + 31}
    assert ends == {"residents_helped": 6 + 31 + 31 + 28 + 31 + 2}
    assert "reports" not in statements[0]
    assert "area_month_totals" in statements[1] and "reports" in statements[1]
    assert any("SEARCH area_month_totals USING PRIMARY KEY" in line for line in plan), plan
