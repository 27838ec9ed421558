"""Targets: storage upsert and lookup, and `targets import | list` on real SQLite files."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.app.settings import Settings
from bot.cli import targets as cli_targets
from bot.domain.targets import parse_period
from storage import areas, targets
from storage.db import Database

NOW = "2026-11-27T02:00:00Z"
GOOD = """\
STT;Chỉ tiêu;Mã địa bàn;Kỳ;Mục tiêu;Ghi chú
1;online_applications;lc/by;2026-11;500;
2;Số người dân được hỗ trợ;lc/by;11/2026;1.000;theo nghị quyết
3;vneid_activated;lc;2026;12000;

4;Residents helped;lc;tháng 12/2026;3 000;
"""


async def _seed_areas(database: Path) -> None:
    async with Database(database) as db, db.transaction() as conn:
        province, _ = await areas.upsert(
            conn, code="lc", name="Lào Cai", level="province", parent=None, now=NOW
        )
        await areas.upsert(
            conn, code="lc/by", name="Xã Bảo Yên", level="commune", parent=province, now=NOW
        )


@pytest.fixture
def database(tmp_path) -> Path:
    path = tmp_path / "bot.sqlite3"
    asyncio.run(_seed_areas(path))
    return path


def run(database: Path, *argv: str) -> int:
    """Run a `targets` command the way `python -m bot` would."""
    parser = argparse.ArgumentParser()
    cli_targets.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["targets", *argv])
    return args.handler(args, Settings(_env_file=None, database_path=database))


def rows(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT a.code, t.period, t.indicator, t.value FROM targets t"
            " JOIN areas a ON a.id = t.area_id ORDER BY 1, 2, 3"
        ).fetchall()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_reimport_and_change(database, tmp_path, capsys):
    good = write(tmp_path / "chi-tieu.csv", GOOD)
    assert run(database, "import", str(good)) == 0
    assert capsys.readouterr().out == "Targets: 4 added, 0 updated, 0 unchanged.\n"
    assert rows(database) == [
        ("lc", "2026", "vneid_activated", 12000),
        ("lc", "2026-12", "residents_helped", 3000),
        ("lc/by", "2026-11", "online_applications", 500),
        ("lc/by", "2026-11", "residents_helped", 1000),
    ]
    assert run(database, "import", str(good)) == 0
    assert capsys.readouterr().out == "Targets: 0 added, 0 updated, 4 unchanged.\n"
    write(good, GOOD.replace(";500;", ";600;"))
    assert run(database, "import", str(good)) == 0
    assert capsys.readouterr().out == "Targets: 0 added, 1 updated, 3 unchanged.\n"
    assert ("lc/by", "2026-11", "online_applications", 600) in rows(database)


def test_file_with_problems_imports_nothing(database, tmp_path, capsys):
    bad = write(
        tmp_path / "bad.csv",
        "indicator,area_code,period,target\n"
        "online_applications,lc/by,2026-11,500\n"
        "online_aplications,lc/by,2026-11,500\n"
        "online_applications,lc/nowhere,2026-13,0\n"
        "online_applications,,2026,12.5\n"
        "online_applications,lc/by,11/2026,700\n"
        "residents_helped,lc/nowhere,2026,10\n",
    )
    assert run(database, "import", str(bad)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "bad.csv: 8 problem(s); nothing was imported.",
        "  row 3: unknown indicator 'online_aplications' (did you mean \"online_applications\"?)",
        "  row 4: period '2026-13' is not a month (2026-11) or year (2026)",
        "  row 4: target '0' is not a whole number of at least 1",
        "  row 4: unknown area code 'lc/nowhere'",
        "  row 5: missing area code",
        "  row 5: target '12.5' is not a whole number of at least 1",
        "  row 6: the same target as row 2",
        "  row 7: unknown area code 'lc/nowhere'",
    ]
    assert rows(database) == []
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


def test_xlsx_with_excel_dates_and_numbers(database, tmp_path, capsys):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Danh sách chỉ tiêu năm 2026"])
    sheet.append(["MÃ ĐỊA BÀN", "CHỈ TIÊU", "KỲ", "MỤC TIÊU"])
    sheet.append(["lc/by", "vneid_activated", datetime(2026, 11, 1), 250])
    sheet.append(["lc", "attendees", 2026, 90000])
    workbook.save(tmp_path / "chi-tieu.xlsx")
    assert run(database, "import", str(tmp_path / "chi-tieu.xlsx")) == 0
    assert capsys.readouterr().out == "Targets: 2 added, 0 updated, 0 unchanged.\n"
    assert rows(database) == [
        ("lc", "2026", "attendees", 90000),
        ("lc/by", "2026-11", "vneid_activated", 250),
    ]


def test_missing_column_and_unreadable_file(database, tmp_path, capsys):
    partial = write(tmp_path / "partial.csv", "chỉ tiêu,kỳ,mục tiêu\nsessions,2026,5\n")
    assert run(database, "import", str(partial)) == 1
    assert "row 1: missing column(s): area_code" in capsys.readouterr().err
    old = write(tmp_path / "old.xls", "not a workbook")
    assert run(database, "import", str(old)) == 2
    assert "only .csv and .xlsx" in capsys.readouterr().err


def test_list(database, tmp_path, capsys):
    run(database, "import", str(write(tmp_path / "t.csv", GOOD)))
    capsys.readouterr()
    assert run(database, "list") == 0
    assert capsys.readouterr().out.splitlines() == [
        "indicator            area_code  area_name   period   target",
        "vneid_activated      lc         Lào Cai     2026     12000",
        "residents_helped     lc         Lào Cai     2026-12  3000",
        "online_applications  lc/by      Xã Bảo Yên  2026-11  500",
        "residents_helped     lc/by      Xã Bảo Yên  2026-11  1000",
    ]
    assert run(database, "list", "--csv") == 0
    assert capsys.readouterr().out.splitlines()[1] == "vneid_activated,lc,Lào Cai,2026,12000"


@pytest.mark.parametrize(
    ("typed", "period"),
    [
        ("2026", "2026"),
        ("năm 2026", "2026"),
        ("2026-11", "2026-11"),
        ("2026-3", "2026-03"),
        ("11/2026", "2026-11"),
        ("T3/2026", "2026-03"),
        ("Tháng 12/2026", "2026-12"),
        ("2026-11-01 00:00:00", "2026-11"),  # a date cell in Excel
        ("2026-11-15", None),
        ("13/2026", None),
        ("1999", None),
        ("tháng 11", None),
    ],
)
def test_periods(typed, period):
    assert parse_period(typed) == period


async def test_upsert_and_lookup(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db, db.transaction() as conn:
        area, _ = await areas.upsert(
            conn, code="x", name="X", level="commune", parent=None, now=NOW
        )
        kwargs = {"indicator": "sessions", "area_id": area.id, "now": NOW}
        assert await targets.upsert(conn, **kwargs, period="2026-11", value=5) == "added"
        assert await targets.upsert(conn, **kwargs, period="2026-11", value=5) == "unchanged"
        assert await targets.upsert(conn, **kwargs, period="2026-11", value=6) == "updated"
        assert await targets.upsert(conn, **kwargs, period="2026", value=50) == "added"
        assert await targets.for_area(conn, area.id, ["2026-11", "2026"]) == {"sessions": 6}
        assert await targets.for_area(conn, area.id, ["2026-12", "2026"]) == {"sessions": 50}
        assert await targets.for_area(conn, area.id + 1, ["2026"]) == {}
        assert [t.value for t in await targets.all_targets(conn)] == [50, 6]
