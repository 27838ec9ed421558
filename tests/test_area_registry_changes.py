"""The official registry and the changes of the map together, the way an operator uses them.

Issue 17's "done when": a province is set up from its official list without typing a commune
code (`areas seed`, then a roster naming communes by typed names only), and a merge of three
communes keeps every total true (`areas merge A B C --into A --on DATE` with the codes the
seed gave; totals before, across and after the date equal the plain sums of the reports).
Then the registry follows the changes: a merged commune's name maps to its successor, a split
one is a decision listing its successors, a renamed one's old name finds it, and no team is
ever put in a retired area. Real SQLite files, the real command line.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from bot.cli.main import main
from bot.core.i18n import Texts
from bot.domain.anomaly import Flag, Rule
from bot.domain.area_registry import load_registry, match_commune
from bot.domain.form import load_form
from bot.domain.reporting import Entry, Submission, store_report
from bot.domain.summary import build_summary, render
from storage import areas, members, reports, summary, teams
from storage.db import Database
from tests.cli_fixtures import write_table

HEADER = ["team_code", "team_name", "province", "commune", "village"]
NOW = "2026-07-20T03:00:00Z"
MERGE_ON = date(2026, 7, 1)
SPLIT_ON = date(2026, 7, 15)
FIRST, LAST = date(2026, 6, 10), date(2026, 7, 31)
PERIODS = (
    (date(2026, 6, 1), date(2026, 6, 30)),  # before, a whole month (from the roll-up)
    (date(2026, 6, 10), date(2026, 6, 25)),  # before, days only
    (date(2026, 6, 20), date(2026, 7, 10)),  # across
    (date(2026, 6, 1), date(2026, 7, 31)),  # across, whole months
    (date(2026, 7, 1), date(2026, 7, 31)),  # after, from the first day
    (date(2026, 7, 5), date(2026, 7, 25)),  # after, days only
    (date(2026, 1, 1), date(2026, 12, 31)),  # the year
)
# Typed as a roster would: mixed diacritics, prefixes, case and spacing; never a code.
ROSTER = [
    ["T1", "Tổ Hà Tu", "Quảng Ninh", "P. Ha Tu", ""],
    ["T2", "Tổ Cao Xanh", "quang ninh", "PHƯỜNG  CAO XANH", ""],
    ["T3", "Tổ Việt Hưng", "Tỉnh Quảng Ninh", "viet hung", "Khu 3"],
    ["T4", "Tổ Bãi Cháy 1", "TP Quảng Ninh", "p.Bãi Cháy", ""],
    ["T5", "Tổ Bãi Cháy 2", "Quang Ninh", "Phuong Bai Chay", ""],
    ["T6", "Tổ Hồng Gai", "Quảng Ninh", "Hồng Gai", ""],
]
HA_TU, CAO_XANH, VIET_HUNG, BAI_CHAY, HONG_GAI = "06652", "06658", "06661", "06673", "06685"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    return write_table(path, HEADER, rows)


def query(database: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return list(conn.execute(sql, params))


def team_areas(database: Path) -> dict[str, str]:
    """Team code → the code of the area it is in."""
    return dict(
        query(database, "SELECT t.code, a.code FROM teams t JOIN areas a ON a.id = t.area_id")
    )


def dump(database: Path) -> list[tuple]:
    return [
        (table, *row)
        for table in ("areas", "area_names", "teams", "audit_log", "area_change_links")
        for row in query(database, f"SELECT * FROM {table}")
    ]


def seed_and_import(database: Path, tmp_path: Path, capsys) -> None:
    assert main(["areas", "seed", "--province", "Quảng Ninh"]) == 0
    assert main(["roster", "import", str(write_csv(tmp_path / "roster.csv", ROSTER))]) == 0
    out = capsys.readouterr().out
    assert "Teams: 6 added" in out
    # Every commune found its official unit without a code typed: the seed's codes.
    assert team_areas(database) == {
        "T1": HA_TU, "T2": CAO_XANH, "T3": f"{VIET_HUNG}/khu-3", "T4": BAI_CHAY,
        "T5": BAI_CHAY, "T6": HONG_GAI,
    }  # fmt: skip


async def file_reports(
    database: Path, first: date, last: date, codes: list[str], tag: str
) -> None:
    """Each team's member reports every other day first..last through store_report, in the
    team's area of now; some reports go to review (held) and some are deleted afterwards."""
    async with Database(database) as db:
        async with db.transaction() as conn:
            people = {}
            for code in codes:
                team = await teams.get_by_code(conn, code)
                assert team is not None
                member = await members.get_by_chat_id(conn, 1000 + team.id)
                if member is None:
                    member = await members.create(
                        conn, chat_id=1000 + team.id, full_name=f"Người {code}", phone=None,
                        team_id=team.id, role="member", language="vi", now=NOW, consent_at=NOW,
                    )  # fmt: skip
                people[code] = (team, member.id)
        day, n = first, 0
        while day <= last:
            for index, (code, (team, member_id)) in enumerate(people.items()):
                if (day.toordinal() + index) % 2:
                    continue
                n += 1
                values = {"vneid_activated": day.day + index, "residents_helped": 1 + n % 3}
                flags = (Flag("vneid_activated", values["vneid_activated"], Rule.REVIEW_ALL),)
                entry = Entry("vneid", values, flags if n % 7 == 0 else ())
                stored = await store_report(
                    db,
                    Submission(
                        member_id,
                        team.id,
                        team.area_id,
                        day,
                        (entry,),
                        None,
                        f"{tag}:{code}:{day}",
                    ),
                    NOW,
                )
                if n % 11 == 0:
                    async with db.transaction() as conn:
                        await reports.delete(conn, stored.created[0], NOW)
            day += timedelta(days=1)


async def raw(database: Path, area_ids: set[int], first: date, last: date) -> dict[str, int]:
    """The plain sum over the counted reports filed in these areas, dated first..last."""
    marks = ",".join("?" * len(area_ids))
    async with (
        Database(database) as db,
        db.reader.execute(
            "SELECT v.indicator, sum(v.value) FROM reports r JOIN report_values v"
            " ON v.report_id = r.id WHERE r.deleted_at IS NULL"
            " AND r.review IN ('accepted', 'confirmed')"
            f" AND r.area_id IN ({marks}) AND r.report_date BETWEEN ? AND ?"
            " GROUP BY v.indicator",
            (*area_ids, first.isoformat(), last.isoformat()),
        ) as cursor,
    ):
        return {indicator: total async for indicator, total in cursor}


def ids_under(database: Path, *codes: str) -> set[int]:
    """The ids of these areas and everything below them (as filed: villages included)."""
    found: set[int] = set()
    for code in codes:
        ((path,),) = query(database, "SELECT path FROM areas WHERE code = ?", code)
        found |= {
            i for (i,) in query(database, "SELECT id FROM areas WHERE path LIKE ?", f"{path}%")
        }
    return found


async def read_totals(
    database: Path, code: str, first: date, last: date
) -> tuple[dict[str, int], dict[int, dict[str, int]]]:
    async with Database(database) as db:
        area = await areas.get_by_code(db.reader, code)
        assert area is not None
        return (
            await summary.totals(db.reader, area.path, first, last),
            await summary.child_totals(db.reader, area.id, first, last),
        )


def area_id(database: Path, code: str) -> int:
    ((found,),) = query(database, "SELECT id FROM areas WHERE code = ?", code)
    return found


def test_a_seeded_province_keeps_every_total_true_through_a_merge_of_three(
    cli_env: Path, tmp_path: Path, capsys
) -> None:
    seed_and_import(cli_env, tmp_path, capsys)
    codes = ["T1", "T2", "T3", "T4", "T6"]
    asyncio.run(file_reports(cli_env, FIRST, MERGE_ON - timedelta(days=1), codes, "before"))
    assert query(cli_env, "SELECT count(*) FROM reports WHERE review = 'pending'")[0][0] > 0
    assert query(cli_env, "SELECT count(*) FROM reports WHERE deleted_at IS NOT NULL")[0][0] > 0
    on = f"{MERGE_ON:%d/%m/%Y}"
    merge = ["areas", "merge", HA_TU, CAO_XANH, VIET_HUNG, "--into", HA_TU, "--on", on]
    before = dump(cli_env)
    assert main([*merge, "--dry-run"]) == 0
    assert dump(cli_env) == before
    assert main(merge) == 0
    out = capsys.readouterr().out
    assert "team T2 Tổ Cao Xanh: 06658 → 06652" in out
    assert "Phường Việt Hưng (06661): retired from 2026-07-01" in out
    # Reports after the merge, and late ones dated before it but filed after (in A now).
    asyncio.run(file_reports(cli_env, MERGE_ON, LAST, codes, "after"))
    asyncio.run(file_reports(cli_env, date(2026, 6, 25), date(2026, 6, 30), ["T2"], "late"))
    assert team_areas(cli_env)["T2"] == HA_TU
    province = query(cli_env, "SELECT code FROM areas WHERE official_code = '22'")[0][0]
    merged = ids_under(cli_env, HA_TU)
    assert ids_under(cli_env, CAO_XANH, VIET_HUNG) < merged  # kept under the successor
    everything = ids_under(cli_env, province)
    for first, last in PERIODS:
        whole, children = asyncio.run(read_totals(cli_env, province, first, last))
        assert whole == asyncio.run(raw(cli_env, everything, first, last)), (first, last)
        successor = asyncio.run(raw(cli_env, merged, first, last))
        assert successor, (first, last)
        assert children[area_id(cli_env, HA_TU)] == successor, (first, last)
        for code in (BAI_CHAY, HONG_GAI):
            assert children[area_id(cli_env, code)] == asyncio.run(
                raw(cli_env, {area_id(cli_env, code)}, first, last)
            )
        # Retired communes are no live sub-areas: their reports are in the successor's row.
        assert area_id(cli_env, CAO_XANH) not in children
        own, _ = asyncio.run(read_totals(cli_env, HA_TU, first, last))
        assert own == successor, (first, last)
    # The successor's summary name carries its history while the year holds it.
    assert "Phường Hà Tu (sáp nhập 3 phường ngày 01/07/2026)" in asyncio.run(
        render_summary(cli_env, HA_TU, LAST)
    )
    # A roster naming an old commune maps to the successor and says so; nothing goes to a
    # retired area.
    again = write_csv(
        tmp_path / "again.csv",
        [*ROSTER[:1], ["T2", "Tổ Cao Xanh", "Quảng Ninh", "Cao Xanh", ""],
         ["T7", "Tổ mới", "Quảng Ninh", "X. Việt Hưng", ""], *ROSTER[2:]],
    )  # fmt: skip
    assert main(["areas", "map-roster", str(again)]) == 0
    out = capsys.readouterr().out
    assert (
        "row 3: Cao Xanh, Quảng Ninh → Phường Hà Tu, Tỉnh Quảng Ninh"
        " (merged into Phường Hà Tu on 01/07/2026)"
    ) in out
    assert "row 4: X. Việt Hưng, Quảng Ninh → Phường Hà Tu" in out
    assert main(["roster", "import", str(again)]) == 0
    out = capsys.readouterr().out
    assert "Teams: 1 added, 0 updated, 6 unchanged. Areas: 0 added, 0 updated." in out
    assert "(merged into Phường Hà Tu on 01/07/2026)" in out
    # T3's village moved under the successor with its code; the same row finds it there.
    assert team_areas(cli_env) == {
        "T1": HA_TU, "T2": HA_TU, "T3": f"{VIET_HUNG}/khu-3", "T4": BAI_CHAY,
        "T5": BAI_CHAY, "T6": HONG_GAI, "T7": HA_TU,
    }  # fmt: skip
    assert query(
        cli_env,
        "SELECT count(*) FROM teams t JOIN areas a ON a.id = t.area_id"
        " WHERE a.retired_on IS NOT NULL",
    ) == [(0,)]
    # The retired communes are never offered as current units, by name or by code.
    registry = asyncio.run(registry_of(cli_env))
    assert CAO_XANH not in {unit.code for unit in registry.units}
    by_code = match_commune(registry, "06658")
    assert by_code.unit is not None and by_code.unit.code == HA_TU
    typo = match_commune(registry, "Cao Xnah")
    assert typo.unit is None and "Phường Cao Xanh → Phường Hà Tu" in typo.candidates
    assert "Phường Cao Xanh" not in typo.candidates
    # Seeding again leaves the merged communes retired where they are.
    before = dump(cli_env)
    assert main(["areas", "seed", "--province", "22"]) == 0
    out = capsys.readouterr().out
    assert "0 added, 0 updated, 52 unchanged" in out
    assert "2 retired by a change of the map, left as they are." in out
    assert dump(cli_env) == before


async def render_summary(database: Path, code: str, day: date) -> str:
    async with Database(database) as db:
        area = await areas.get_by_code(db.reader, code)
        assert area is not None
        built = await build_summary(db, load_form(), area_id=area.id, team_id=None, day=day)
    return render(built, Texts(), "vi", show_phones=False)


async def registry_of(database: Path):
    async with Database(database) as db:
        (found,) = (await load_registry(db.reader)).provinces
    return found


def test_a_split_after_seeding_is_a_decision_and_its_new_communes_are_units(
    cli_env: Path, tmp_path: Path, capsys
) -> None:
    seed_and_import(cli_env, tmp_path, capsys)
    asyncio.run(file_reports(cli_env, FIRST, SPLIT_ON - timedelta(days=1), ["T4", "T5"], "b"))
    split = [
        "areas", "split", BAI_CHAY, "--into", "bai-chay-a=T4", "99001=T5",
        "--name", "bai-chay-a=Phường Bãi Cháy A", "--name", "99001=Phường Bãi Cháy B",
        "--on", SPLIT_ON.isoformat(),
    ]  # fmt: skip
    assert main(split) == 0
    out = capsys.readouterr().out
    assert "new area Phường Bãi Cháy B (99001) under" in out and "official code 99001" in out
    assert query(cli_env, "SELECT official_code, kind FROM areas WHERE code = '99001'") == [
        ("99001", "phường")
    ]
    asyncio.run(file_reports(cli_env, SPLIT_ON, LAST, ["T4", "T5"], "a"))
    province = query(cli_env, "SELECT code FROM areas WHERE official_code = '22'")[0][0]
    for first, last in PERIODS:
        whole, children = asyncio.run(read_totals(cli_env, province, first, last))
        assert whole == asyncio.run(raw(cli_env, ids_under(cli_env, province), first, last))
        for code in ("bai-chay-a", "99001"):
            assert children.get(area_id(cli_env, code), {}) == asyncio.run(
                raw(cli_env, {area_id(cli_env, code)}, first, last)
            )
    # Naming the split commune is a decision listing its successors; nothing is imported.
    rows = [*ROSTER[:3], ["T4", "Tổ Bãi Cháy 1", "Quảng Ninh", "Bãi Cháy", ""]]
    split_roster = write_csv(tmp_path / "split.csv", rows)
    before = dump(cli_env)
    assert main(["areas", "map-roster", str(split_roster)]) == 1
    assert (
        "row 5: commune 'Bãi Cháy' was split on 15/07/2026 into Phường Bãi Cháy A,"
        " Phường Bãi Cháy B: write the new commune the team works in"
    ) in capsys.readouterr().out
    assert main(["roster", "import", str(split_roster)]) == 1
    assert "was split on 15/07/2026" in capsys.readouterr().err
    assert dump(cli_env) == before
    # The new communes are units of the registry, matched by their names.
    rows[3] = ["T4", "Tổ Bãi Cháy 1", "Quảng Ninh", "bai chay b", ""]
    assert main(["roster", "import", str(write_csv(tmp_path / "ok.csv", rows))]) == 0
    assert team_areas(cli_env)["T4"] == "99001"


def test_a_rename_and_a_merge_into_a_new_official_unit(
    cli_env: Path, tmp_path: Path, capsys
) -> None:
    seed_and_import(cli_env, tmp_path, capsys)
    assert main(["areas", "rename", HONG_GAI, "Phường Hồng Gai Mới", "--on", "2026-08-01"]) == 0
    rows = [*ROSTER[:5], ["T6", "Tổ Hồng Gai", "Quảng Ninh", "p. hong gai", ""]]
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", rows))]) == 0
    out = capsys.readouterr().out
    assert ("→ Phường Hồng Gai Mới, Tỉnh Quảng Ninh (renamed on 01/08/2026)") in out
    assert team_areas(cli_env)["T6"] == HONG_GAI
    # An official unit already seeded is no new area: the message names its code, and an
    # area with teams or reports is no successor unless it is merged too.
    taken = ["areas", "merge", HA_TU, CAO_XANH, "--into", "Phường Bãi Cháy", "--on", "01/07/2026"]
    assert main(taken) == 1
    assert "Phường Bãi Cháy (06673) is already the area 06673: give --into 06673" in (
        capsys.readouterr().err
    )
    assert main([*taken[:5], BAI_CHAY, *taken[6:]]) == 1
    assert "06673 is an existing area with teams, reports or history" in capsys.readouterr().err
    # An empty unit (seeded ahead, from a newer official list) can be the merged one.
    ahead = ["areas", "merge", "06706", "06709", "--into", "06712", "--on", "01/07/2026"]
    assert main(ahead) == 0
    assert "Phường Móng Cái 1 (06712): exists from 2026-07-01, the merged unit" in (
        capsys.readouterr().out
    )
    assert query(cli_env, "SELECT valid_from FROM areas WHERE code = '06712'") == [("2026-07-01",)]
    assert query(
        cli_env, "SELECT count(*) FROM areas WHERE code IN ('06706', '06709') AND retired_on"
    ) == [(2,)]
    # A new five-digit code in a seeded province is the new unit's official code.
    assert main([
        "areas", "merge", HA_TU, CAO_XANH, "--into", "99002", "--name", "Phường Hạ Long Mới",
        "--on", "01/07/2026",
    ]) == 0  # fmt: skip
    capsys.readouterr()
    made = "SELECT official_code, kind, valid_from FROM areas WHERE code = '99002'"
    assert query(cli_env, made) == [("99002", "phường", "2026-07-01")]
    rows[0] = ["T1", "Tổ Hà Tu", "Quảng Ninh", "Hà Tu", ""]
    rows[1] = ["T2", "Tổ Cao Xanh", "Quảng Ninh", "ha long moi", ""]
    assert main(["roster", "import", str(write_csv(tmp_path / "m.csv", rows))]) == 0
    out = capsys.readouterr().out
    assert "row 2: Hà Tu, Quảng Ninh → Phường Hạ Long Mới" in out
    assert team_areas(cli_env)["T1"] == team_areas(cli_env)["T2"] == "99002"
    # By its old official code too.
    table = tmp_path / "coded.csv"
    table.write_text(
        "team_code,team_name,province,commune,commune_code\n"
        f"T9,Tổ cũ,Quảng Ninh,Cao Xanh,{CAO_XANH}\n",
        encoding="utf-8",
    )
    assert main(["roster", "import", str(table)]) == 0
    assert team_areas(cli_env)["T9"] == "99002"


def test_a_roster_of_an_unseeded_province_never_fills_a_retired_commune(
    cli_env: Path, tmp_path: Path, capsys
) -> None:
    rows = [["U1", "Tổ A", "Tỉnh Thử", "Xã A", ""], ["U2", "Tổ B", "Tỉnh Thử", "Xã B", ""]]
    legacy = write_csv(tmp_path / "legacy.csv", rows)
    assert main(["roster", "import", str(legacy)]) == 0
    merge = ["areas", "merge", "thu/xa-a", "thu/xa-b", "--into", "thu/xa-a", "--on", "01/07/2026"]
    assert main(merge) == 0
    capsys.readouterr()
    before = dump(cli_env)
    assert main(["roster", "import", str(legacy)]) == 1
    assert (
        "row 3: area Xã B (thu/xa-b) was merged on 2026-07-01 and no longer exists"
    ) in capsys.readouterr().err
    rows.append(["U3", "Tổ B2", "Tỉnh Thử", "Xã B", "Thôn 1"])
    assert main(["roster", "import", str(write_csv(tmp_path / "v.csv", rows[2:]))]) == 1
    assert "parent area Xã B (thu/xa-b) was merged on" in capsys.readouterr().err
    assert dump(cli_env) == before
    # A split commune stays under its parent, retired: a roster naming it adds nothing there.
    rows = [["U4", "Tổ C1", "Tỉnh Thử", "Xã C", ""], ["U5", "Tổ C2", "Tỉnh Thử", "Xã C", ""]]
    assert main(["roster", "import", str(write_csv(tmp_path / "c.csv", rows))]) == 0
    split = [
        "areas", "split", "thu/xa-c", "--into", "thu/xa-c1=U4", "thu/xa-c2=U5",
        "--name", "thu/xa-c1=Xã C Một", "--name", "thu/xa-c2=Xã C Hai", "--on", "2026-07-15",
    ]  # fmt: skip
    assert main(split) == 0
    capsys.readouterr()
    before = dump(cli_env)
    rows.append(["U6", "Tổ C3", "Tỉnh Thử", "Xã C", ""])
    assert main(["roster", "import", str(write_csv(tmp_path / "c2.csv", rows))]) == 1
    assert "area Xã C (thu/xa-c) was split on 2026-07-15" in capsys.readouterr().err
    assert dump(cli_env) == before


def test_a_merged_commune_whose_successor_was_split_since_lists_where_it_went(
    cli_env: Path, tmp_path: Path, capsys
) -> None:
    seed_and_import(cli_env, tmp_path, capsys)
    merge = ["areas", "merge", HA_TU, CAO_XANH, "--into", HA_TU, "--on", "2026-07-01"]
    assert main(merge) == 0
    split = [
        "areas", "split", HA_TU, "--into", "ha-tu-a=T1", "ha-tu-b=T2",
        "--name", "ha-tu-a=Phường Hà Tu A", "--name", "ha-tu-b=Phường Hà Tu B",
        "--on", "2026-07-15",
    ]  # fmt: skip
    assert main(split) == 0
    capsys.readouterr()
    rows = [["T2", "Tổ Cao Xanh", "Quảng Ninh", "Cao Xanh", ""]]
    assert main(["areas", "map-roster", str(write_csv(tmp_path / "x.csv", rows))]) == 1
    assert (
        "row 2: commune 'Cao Xanh' was merged on 01/07/2026 into a commune split since into"
        " Phường Hà Tu A, Phường Hà Tu B: write the new commune the team works in"
    ) in capsys.readouterr().out
    registry = asyncio.run(registry_of(cli_env))
    assert {HA_TU, CAO_XANH}.isdisjoint(unit.code for unit in registry.units)
    found = match_commune(registry, "Hà Tu B")
    assert found.unit is not None and found.unit.code == "ha-tu-b"
