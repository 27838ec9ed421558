"""Merges, splits and renames with a date, on real SQLite files through the project's migrations.

The province: communes A (with village V), B and C are merged into a new Xã Hòa An on
01/07/2025; commune D is split into D1 and D2 on 15/07/2025; E does not change. Reports lie on
both sides of both changes (some dated before a change but filed after it, as late reports
are), and every total read after the changes, over periods before, across and after them
(whole months from the roll-up included), must equal the plain sum of the reports it covers
and what the same period read before the changes.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.domain import area_changes
from bot.domain.area_changes import ChangeRefused
from storage import area_changes as store
from storage import areas, audit, deadlines, members, reports, summary, targets, teams
from storage.db import Database

NOW = "2025-07-20T03:00:00Z"
CREATED = "2025-01-01T00:00:00Z"
MERGE_ON = date(2025, 7, 1)
SPLIT_ON = date(2025, 7, 15)
FIRST, LAST = date(2025, 5, 20), date(2025, 8, 20)
PERIODS = (
    (date(2025, 6, 1), date(2025, 6, 30)),  # before, a whole month
    (date(2025, 5, 20), date(2025, 6, 10)),  # before, days only
    (date(2025, 6, 15), date(2025, 7, 20)),  # across both changes
    (date(2025, 6, 1), date(2025, 7, 31)),  # across, whole months
    (date(2025, 7, 1), date(2025, 8, 20)),  # after the merge, across the split
    (date(2025, 7, 16), date(2025, 8, 20)),  # after both
    (date(2025, 1, 1), date(2025, 12, 31)),  # the year
)
TABLES = (
    "areas", "teams", "members", "targets", "deadlines", "group_links", "audit_log",
    "area_changes", "area_change_links", "area_name_history", "area_moves", "area_change_teams",
    "reports", "report_values", "area_month_totals",
)  # fmt: skip


@dataclass
class World:
    db: Database
    area: dict[str, areas.Area]
    team: dict[str, teams.Team]
    member: dict[str, int]  # team code → its member's id
    coordinators: dict[str, int] = field(default_factory=dict)
    sources: int = 0


async def build(path: Path) -> World:
    db = Database(path)
    await db.open()
    found: dict[str, areas.Area] = {}
    async with db.transaction() as conn:

        async def area(code: str, name: str, level: str, parent: str | None) -> None:
            found[code], _ = await areas.upsert(
                conn, code=code, name=name, level=level,
                parent=found[parent] if parent else None, now=CREATED,
            )  # fmt: skip

        await area("p", "Tỉnh Thử", "province", None)
        for code in "ABCDE":
            await area(code, f"Xã {code}", "commune", "p")
        await area("V", "Thôn V", "village", "A")
        homes = {"TA": "A", "TV": "V", "TB": "B", "TC": "C", "TD1": "D", "TD2": "D", "TE": "E"}
        made = {}
        people = {}
        for n, (code, home) in enumerate(homes.items()):
            made[code] = await teams.create(
                conn, code=code, name=f"Tổ {code}", area_id=found[home].id, leader_name=None,
                leader_phone=None, now=CREATED,
            )  # fmt: skip
            member = await members.create(
                conn, chat_id=100 + n, full_name=f"Người {code}", phone=None,
                team_id=made[code].id, role="member", language="vi", now=CREATED,
                consent_at=CREATED,
            )  # fmt: skip
            people[code] = member.id
        world = World(db, found, made, people)
        for n, scope in enumerate(("A", "B", "D")):
            coordinator = await members.create(
                conn, chat_id=900 + n, full_name=f"Điều phối {scope}", phone=None, team_id=None,
                role="member", language="vi", now=CREATED, consent_at=CREATED,
            )  # fmt: skip
            await members.set_role(conn, coordinator.id, "coordinator", found[scope].id, CREATED)
            world.coordinators[scope] = coordinator.id
        for indicator, code, period, value in (
            ("vneid_activated", "A", "2025", 100),
            ("vneid_activated", "B", "2025", 50),
            ("vneid_activated", "A", "2025-06", 10),  # ended before the merge: stays on A
            ("residents_helped", "C", "2025-07", 5),
            ("vneid_activated", "D", "2025", 30),
        ):
            await targets.upsert(
                conn, indicator=indicator, area_id=found[code].id, period=period, value=value,
                now=CREATED,
            )  # fmt: skip
        for title, code, end in (("Tháng 7", "A", "2025-07-31"), ("Tháng 6", "B", "2025-06-30"),
                                 ("Tháng 7", "D", "2025-07-31")):  # fmt: skip
            await deadlines.create(
                conn, title=title, due_at=f"{end}T10:00:00+00:00", area_id=found[code].id,
                roles=("member",), categories=(), period_start=date(2025, 6, 1),
                period_end=date.fromisoformat(end), created_by=None, now=CREATED,
            )  # fmt: skip
    return world


async def file_reports(world: World, first: date, last: date, codes: list[str]) -> None:
    """Each team's member reports every other day first..last, in the team's area of now."""
    async with world.db.transaction() as conn:
        day = first
        while day <= last:
            for n, code in enumerate(codes):
                if (day.toordinal() + n) % 2:
                    continue
                team = await teams.get_by_code(conn, code)
                assert team is not None
                world.sources += 1
                report, _ = await reports.create(
                    conn, member_id=world.member[code], team_id=team.id, area_id=team.area_id,
                    report_date=day, category="vneid",
                    values={"vneid_activated": day.day + n, "residents_helped": 1 + n % 3},
                    note=None, source=f"s{world.sources}", now=CREATED,
                )  # fmt: skip
                if world.sources % 11 == 0:
                    await reports.delete(conn, report.id, CREATED)
            day += timedelta(days=1)


async def raw(conn, area_ids: set[int], first: date, last: date) -> dict[str, int]:
    """The plain sum over the live reports filed in these areas, dated first..last."""
    marks = ",".join("?" * len(area_ids))
    async with conn.execute(
        "SELECT v.indicator, sum(v.value) FROM reports r JOIN report_values v"
        f" ON v.report_id = r.id WHERE r.deleted_at IS NULL AND r.area_id IN ({marks})"
        " AND r.report_date BETWEEN ? AND ? GROUP BY v.indicator",
        (*area_ids, first.isoformat(), last.isoformat()),
    ) as cursor:
        return {indicator: total async for indicator, total in cursor}


def add(one: dict[str, int], other: dict[str, int]) -> dict[str, int]:
    return {k: one.get(k, 0) + other.get(k, 0) for k in one.keys() | other.keys()}


async def area_of(conn, code: str) -> areas.Area:
    found = await areas.get_by_code(conn, code)
    assert found is not None
    return found


async def reorganise(world: World) -> None:
    async with world.db.transaction() as conn:
        await area_changes.merge(
            conn, old=["A", "B", "C"], into="hoa-an", on=MERGE_ON, now=NOW, name="Xã Hòa An"
        )
    # Late reports: dated in June, filed after the merge, in the team's new area.
    await file_reports(world, date(2025, 6, 25), date(2025, 6, 30), ["TB"])
    everyone = ["TA", "TV", "TB", "TC", "TD1", "TD2", "TE"]
    await file_reports(world, MERGE_ON, SPLIT_ON - timedelta(days=1), everyone)
    async with world.db.transaction() as conn:
        await area_changes.split(
            conn, old="D", into={"D1": ["TD1"], "D2": ["TD2"]},
            names={"D1": "Xã Đông", "D2": "Xã Tây"}, on=SPLIT_ON, now=NOW,
            drop_targets=True, coordinators_to="D1",
        )  # fmt: skip
    await file_reports(world, SPLIT_ON, LAST, everyone)


@pytest.fixture
async def world(tmp_path: Path):
    found = await build(tmp_path / "cns.sqlite3")
    await file_reports(found, FIRST, MERGE_ON - timedelta(days=1), list(found.team))
    try:
        yield found
    finally:
        await found.db.close()


async def test_totals_add_up_before_across_and_after_the_changes(world: World) -> None:
    conn = world.db.reader
    ids = {code: area.id for code, area in world.area.items()}
    before = {}
    for first, last in PERIODS:
        province = await summary.totals(conn, world.area["p"].path, first, last)
        merged = {}
        for code in "ABC":
            for k, v in (await summary.totals(conn, world.area[code].path, first, last)).items():
                merged[k] = merged.get(k, 0) + v
        before[first, last] = (province, merged)
    await reorganise(world)
    p, hoa_an = await area_of(conn, "p"), await area_of(conn, "hoa-an")
    d, d1, d2 = [await area_of(conn, c) for c in ("D", "D1", "D2")]
    covers = {
        "p": set(ids.values()) | {hoa_an.id, d1.id, d2.id},
        "hoa-an": {ids["A"], ids["B"], ids["C"], ids["V"], hoa_an.id},
        "A": {ids["A"]},  # retired: its own history; its village went to the successor
        "D": {ids["D"]},
        "D1": {d1.id},
        "D2": {d2.id},
        "E": {ids["E"]},
    }
    for first, last in PERIODS:
        for code, covered in covers.items():
            area = await area_of(conn, code)
            got = await summary.totals(conn, area.path, first, last)
            assert got == await raw(conn, covered, first, last), (code, first, last)
        children = await summary.child_totals(conn, p.id, first, last)
        assert children[hoa_an.id] == await summary.totals(conn, hoa_an.path, first, last)
        summed: dict[str, int] = {}
        for by_indicator in children.values():
            for k, v in by_indicator.items():
                summed[k] = summed.get(k, 0) + v
        assert summed == await summary.totals(conn, p.path, first, last)
        # Reports filed before the changes read the same from either side of them.
        # (plus the late reports, filed in the successor after the merge).
        province, merged = before[first, last]
        if last < MERGE_ON:
            late = await raw(conn, {hoa_an.id}, first, last)
            assert await summary.totals(conn, p.path, first, last) == add(province, late)
            assert await summary.totals(conn, hoa_an.path, first, last) == add(merged, late)
    # The roll-up still matches the reports row for row.
    rolled = await conn.execute_fetchall(
        "SELECT area_id, month, indicator, total FROM area_month_totals ORDER BY 1, 2, 3"
    )
    fresh = await conn.execute_fetchall(
        "SELECT r.area_id, substr(r.report_date, 1, 7), v.indicator, sum(v.value) FROM reports r"
        " JOIN report_values v ON v.report_id = r.id WHERE r.deleted_at IS NULL"
        " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    assert [tuple(r) for r in rolled] == [tuple(r) for r in fresh]
    assert d.path.startswith(p.path)


async def test_teams_scopes_targets_and_deadlines_move(world: World) -> None:
    await reorganise(world)
    conn = world.db.reader
    hoa_an, d1, d2 = [await area_of(conn, c) for c in ("hoa-an", "D1", "D2")]
    for code in ("TA", "TB", "TC"):
        assert (await teams.get_by_code(conn, code)).area_id == hoa_an.id
    village = await area_of(conn, "V")
    assert village.parent_id == hoa_an.id and village.path == f"{hoa_an.path}{village.id}/"
    assert (await teams.get_by_code(conn, "TV")).area_id == village.id
    assert (await teams.get_by_code(conn, "TD1")).area_id == d1.id
    assert (await teams.get_by_code(conn, "TD2")).area_id == d2.id
    for code in "ABC":
        old = await area_of(conn, code)
        assert old.parent_id == hoa_an.id and old.path == f"{hoa_an.path}{old.id}/"
    scope = {s: (await members.get(conn, m)).scope_area_id for s, m in world.coordinators.items()}
    assert scope == {"A": hoa_an.id, "B": hoa_an.id, "D": d1.id}
    assert await targets.for_area(conn, hoa_an.id, ["2025"]) == {"vneid_activated": 150}
    assert await targets.for_area(conn, hoa_an.id, ["2025-07"]) == {"residents_helped": 5}
    assert await targets.for_area(conn, world.area["A"].id, ["2025-06"]) == {"vneid_activated": 10}
    assert await targets.for_area(conn, world.area["A"].id, ["2025"]) == {}
    assert await targets.for_area(conn, world.area["D"].id, ["2025"]) == {}
    rows = await conn.execute_fetchall(
        "SELECT d.title, a.code, d.cancelled_at IS NOT NULL FROM deadlines d"
        " JOIN areas a ON a.id = d.area_id ORDER BY d.id"
    )
    assert [tuple(r) for r in rows] == [
        ("Tháng 7", "hoa-an", 0), ("Tháng 6", "B", 0), ("Tháng 7", "D", 1),
        ("Tháng 7", "D1", 0), ("Tháng 7", "D2", 0),
    ]  # fmt: skip
    # Retired areas are no choice in pickers, nor a live sub-area in summaries.
    live = [a.code for a in await areas.children(conn, world.area["p"].id)]
    assert sorted(live) == ["D1", "D2", "E", "hoa-an"]
    assert [a.code for a in await areas.children(conn, hoa_an.id)] == ["V"]
    shown = [c.name for c in await summary.children(conn, world.area["p"].id)]
    assert sorted(shown) == sorted(["Xã Đông", "Xã E", "Xã Hòa An", "Xã Tây"])
    entries = await audit.entries(conn)
    merge, split = (e for e in entries if e["action"] in ("area-merge", "area-split"))
    assert merge["detail"]["predecessors"] == ["A", "B", "C"]
    assert sorted(t[0] for t in merge["detail"]["teams"]) == ["TA", "TB", "TC"]
    assert merge["detail"]["targets"] == [
        ["vneid_activated", "2025", {"A": 100, "B": 50}, 150],
        ["residents_helped", "2025-07", {"C": 5}, 5],
    ]
    assert split["detail"]["targets_dropped"] == [["vneid_activated", "2025", 30]]
    merged = await store.merged(conn, [hoa_an.id])
    assert merged[hoa_an.id].count == 3 and merged[hoa_an.id].on == MERGE_ON


async def test_a_merge_into_one_of_the_old_communes_renames_it(world: World) -> None:
    async with world.db.transaction() as conn:
        out = await area_changes.merge(
            conn, old=["A", "B"], into="A", on=MERGE_ON, now=NOW, name="Xã Hòa An"
        )
    conn = world.db.reader
    a = await area_of(conn, "A")
    assert a.name == "Xã Hòa An" and a.path == world.area["A"].path
    assert (await area_of(conn, "B")).parent_id == a.id
    assert await targets.for_area(conn, a.id, ["2025"]) == {"vneid_activated": 150}
    assert await store.names_of(conn, a.id) == [("Xã A", date(2025, 6, 30))]
    assert any("150 for A" in line for line in out.lines)


async def test_refusals_change_nothing_and_say_why(world: World) -> None:
    before = await dump(world.db.path)
    cases = [
        ({"old": ["A"], "into": "X", "name": "X"}, "at least two"),
        ({"old": ["A", "V"], "into": "X", "name": "X"}, "different levels"),
        ({"old": ["A", "B"], "into": "E", "name": "X"}, "existing area"),
        ({"old": ["A", "B"], "into": "X"}, "--name"),
        ({"old": ["A", "zz"], "into": "X", "name": "X"}, "unknown area code 'zz'"),
    ]
    for args, reason in cases:
        with pytest.raises(ChangeRefused) as refused:
            async with world.db.transaction() as conn:
                await area_changes.merge(conn, on=MERGE_ON, now=NOW, **args)
        assert reason in str(refused.value)
    with pytest.raises(ChangeRefused) as refused:
        async with world.db.transaction() as conn:
            await area_changes.split(
                conn, old="D", into={"D1": ["TD1"], "D2": []}, names={"D1": "a", "D2": "b"},
                on=SPLIT_ON, now=NOW,
            )  # fmt: skip
    problems = " ".join(refused.value.problems)
    assert "unassigned: team TD2 Tổ TD2" in problems
    assert "targets for periods running" in problems and "vneid_activated 2025 = 30" in problems
    assert "--coordinators-to" in problems and "Điều phối D" in problems
    assert await dump(world.db.path) == before
    # A change may not come before one these areas already had.
    await reorganise(world)
    with pytest.raises(ChangeRefused, match="date order"):
        async with world.db.transaction() as conn:
            await area_changes.rename(
                conn, code="hoa-an", name="Xã Mới", on=MERGE_ON - timedelta(days=1), now=NOW
            )
    with pytest.raises(ChangeRefused, match="retired"):
        async with world.db.transaction() as conn:
            await area_changes.rename(conn, code="A", name="Xã Mới", on=LAST, now=NOW)


async def test_rename_keeps_the_old_name(world: World) -> None:
    async with world.db.transaction() as conn:
        await area_changes.rename(conn, code="E", name="Phường E", on=MERGE_ON, now=NOW)
    conn = world.db.reader
    e = await area_of(conn, "E")
    assert e.name == "Phường E"
    assert await store.names_of(conn, e.id) == [("Xã E", date(2025, 6, 30))]
    lines = await area_changes.history(conn, "E")
    assert "called 'Xã E' until 2025-06-30" in lines[1]
    assert "2025-07-01 rename" in lines[2] and "'Xã E' → 'Phường E'" in lines[2]
    on_the_day = await store.map_on(conn, world.area["p"].path, date(2025, 6, 30))
    assert on_the_day.names == {e.id: "Xã E"}
    assert (await store.map_on(conn, world.area["p"].path, MERGE_ON)).names == {}
    (entry,) = await audit.entries(conn, "area-rename")
    assert entry["detail"]["from"] == "Xã E" and entry["detail"]["to"] == "Phường E"


def dump_sync(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the database."""
    conn = sqlite3.connect(path)
    try:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        assert set(TABLES) <= set(names)
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in names}
    finally:
        conn.close()


async def dump(path: Path) -> dict[str, list[tuple]]:
    return await asyncio.to_thread(dump_sync, path)


@pytest.fixture
def cli_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("BOT_TOKEN", "ZALO_BOT_TOKEN", "TIMEZONE", "DEFAULT_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "cns.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))

    async def make() -> None:
        world = await build(path)
        await file_reports(world, FIRST, MERGE_ON - timedelta(days=1), list(world.team))
        await world.db.close()

    asyncio.run(make())
    return path


def test_cli_dry_run_changes_nothing_then_the_change_matches_it(
    cli_world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump_sync(cli_world)
    merge = ["areas", "merge", "A", "B", "C", "--into", "hoa-an", "--on", "01/07/2025",
             "--name", "Xã Hòa An"]  # fmt: skip
    assert main([*merge, "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert dump_sync(cli_world) == before
    assert dry.startswith("Dry run, nothing changed")
    assert "team TB Tổ TB: B → hoa-an" in dry
    assert "coordinator Điều phối A" in dry
    assert "target vneid_activated 2025: 100 (A) + 50 (B) = 150 for hoa-an" in dry
    assert main(merge) == 0
    done = capsys.readouterr().out
    assert done.startswith("Done:")
    assert done.splitlines()[1:] == dry.splitlines()[1:]
    assert dump_sync(cli_world) != before
    split = ["areas", "split", "D", "--into", "D1=TD1", "D2=TD2", "--on", "2025-07-15",
             "--name", "D1=Xã Đông", "--name", "D2=Xã Tây"]  # fmt: skip
    middle = dump_sync(cli_world)
    assert main(split) == 1
    refused = capsys.readouterr().err
    assert "--drop-targets" in refused and "--coordinators-to" in refused
    assert dump_sync(cli_world) == middle
    assert main([*split, "--drop-targets", "--coordinators-to", "D1", "--dry-run"]) == 0
    assert dump_sync(cli_world) == middle
    assert main([*split, "--drop-targets", "--coordinators-to", "D1"]) == 0
    capsys.readouterr()
    assert main(["areas", "history", "A"]) == 0
    history = capsys.readouterr().out
    assert "retired on 2025-07-01" in history and "merge" in history and "hoa-an" in history
    assert main(["areas", "history", "D"]) == 0
    assert "split" in capsys.readouterr().out


async def test_a_merge_in_mid_month_keeps_each_teams_month(world: World) -> None:
    mid = date(2025, 6, 16)
    async with world.db.transaction() as conn:
        await area_changes.merge(conn, old=["A", "B"], into="A", on=mid, now=NOW)
    conn = world.db.reader
    a = await area_of(conn, "A")
    june = (date(2025, 6, 1), date(2025, 6, 30))
    found = await summary.team_totals(conn, a.id, *june)
    for code in ("TA", "TB"):
        team = world.team[code]
        async with conn.execute(
            "SELECT v.indicator, sum(v.value) FROM reports r JOIN report_values v"
            " ON v.report_id = r.id WHERE r.deleted_at IS NULL AND r.team_id = ?"
            " AND r.report_date BETWEEN ? AND ? GROUP BY 1",
            (team.id, *(d.isoformat() for d in june)),
        ) as cursor:
            expected = {indicator: total async for indicator, total in cursor}
        assert expected and found[team.id] == expected
    assert world.team["TV"].id not in found  # the village's team counts under the village


async def test_summary_title_names_the_merge_while_the_year_holds_it(world: World) -> None:
    from bot.core.i18n import Texts
    from bot.domain.form import load_form
    from bot.domain.summary import build_summary, render

    await reorganise(world)
    hoa_an = await area_of(world.db.reader, "hoa-an")
    form, texts = load_form(), Texts()
    during = await build_summary(world.db, form, area_id=hoa_an.id, team_id=None, day=LAST)
    assert "Xã Hòa An (sáp nhập 3 xã ngày 01/07/2025)" in render(
        during, texts, "vi", show_phones=False
    )
    assert "Xã Hòa An (from 3 communes merged on 01/07/2025)" in render(
        during, texts, "en", show_phones=False
    )
    later = await build_summary(
        world.db, form, area_id=hoa_an.id, team_id=None, day=date(2026, 2, 1)
    )
    assert "Xã Hòa An</b>" in render(later, texts, "vi", show_phones=False)
    assert "sáp nhập" not in render(later, texts, "vi", show_phones=False)
