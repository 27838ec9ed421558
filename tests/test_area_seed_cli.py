"""`areas seed`, `areas map-roster` and `roster import` of a seeded province, driven through
`bot.cli.main` on real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.cli.main import main
from tests.cli_fixtures import write_table

HEADER = ["team_code", "team_name", "province", "district", "commune", "village"]
SEEDED = (
    "Tỉnh Quảng Ninh (22): province added; 54 communes (30 phường, 22 xã, 2 đặc khu):"
    " 54 added, 0 updated, 0 unchanged; 184 old names added.\n"
)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    return write_table(path, HEADER, rows)


def dump(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return [
            (table, *row)
            for table in ("areas", "area_names", "teams", "audit_log")
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")
        ]


def test_seed_prints_a_summary_and_is_idempotent(cli_env: Path, capsys) -> None:
    assert main(["areas", "seed", "--province", "Quảng Ninh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(SEEDED)
    assert "Source: vietnamadminunits 1.0.4" in out
    before = dump(cli_env)
    assert main(["areas", "seed", "--province", "22"]) == 0
    assert capsys.readouterr().out.startswith(
        "Tỉnh Quảng Ninh (22): province unchanged; 54 communes (30 phường, 22 xã, 2 đặc khu):"
        " 0 added, 0 updated, 54 unchanged; 0 old names added.\n"
    )
    assert dump(cli_env) == before


def test_seed_dry_run_writes_nothing(cli_env: Path, capsys) -> None:
    assert main(["areas", "seed", "--province", "quang ninh", "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith(f"Dry run, nothing written: {SEEDED}")
    assert dump(cli_env) == []
    assert main(["areas", "seed", "--province", "quang ninh"]) == 0
    before = dump(cli_env)
    assert main(["areas", "seed", "--province", "quang ninh", "--dry-run"]) == 0
    assert "0 added, 0 updated, 54 unchanged" in capsys.readouterr().out
    assert dump(cli_env) == before


def test_seed_an_unknown_province(cli_env: Path, capsys) -> None:
    assert main(["areas", "seed", "--province", "Quang Nihn"]) == 1
    err = capsys.readouterr().err
    assert "No province 'Quang Nihn' in the official list. Closest: Tỉnh Quảng Ninh" in err
    assert not cli_env.exists()


def test_roster_import_of_a_seeded_province(cli_env: Path, tmp_path: Path, capsys) -> None:
    assert main(["areas", "seed", "--province", "22"]) == 0
    capsys.readouterr()
    roster = write_csv(
        tmp_path / "roster.csv",
        [
            ["QN1", "Tổ 1", "Quảng Ninh", "", "P. Hong Gai", "Khu 1"],
            ["QN2", "Tổ 2", "Quảng Ninh", "TP Hạ Long", "Xã Sơn Dương", ""],
        ],
    )
    assert main(["roster", "import", str(roster)]) == 0
    assert capsys.readouterr().out == (
        "Teams: 2 added, 0 updated, 0 unchanged. Areas: 1 added, 0 updated.\n"
        "Mapped to the current units (1 row):\n"
        "  row 3: Xã Sơn Dương, TP Hạ Long, Quảng Ninh → Phường Hoành Bồ, Tỉnh Quảng Ninh\n"
    )
    with sqlite3.connect(cli_env) as conn:
        placed = dict(
            conn.execute(
                "SELECT t.code, a.code FROM teams t JOIN areas a ON a.id = t.area_id ORDER BY 1"
            )
        )
    assert placed == {"QN1": "06685/khu-1", "QN2": "07030"}


def test_roster_import_refuses_an_unknown_commune(cli_env: Path, tmp_path: Path, capsys) -> None:
    assert main(["areas", "seed", "--province", "22"]) == 0
    before = dump(cli_env)
    roster = write_csv(
        tmp_path / "roster.csv", [["QN1", "Tổ 1", "Quảng Ninh", "", "Hồng Gia", ""]]
    )
    assert main(["roster", "import", str(roster)]) == 1
    err = capsys.readouterr().err
    assert "roster.csv: 1 problem(s); nothing was imported." in err
    assert "row 2: unknown commune 'Hồng Gia' in Tỉnh Quảng Ninh; closest: Phường Hồng Gai" in err
    assert dump(cli_env) == before


def test_map_roster_reports_mapped_and_decisions(cli_env: Path, tmp_path: Path, capsys) -> None:
    assert main(["areas", "seed", "--province", "22"]) == 0
    capsys.readouterr()
    before = dump(cli_env)
    roster = write_csv(
        tmp_path / "old.csv",
        [
            ["QN1", "Tổ 1", "Quảng Ninh", "Huyện Ba Chẽ", "Xã Thanh Sơn", ""],
            ["QN2", "Tổ 2", "Quảng Ninh", "Thành phố Uông Bí", "Phường Trưng Vương", ""],
            ["QN3", "Tổ 3", "Quảng Ninh", "", "Phường Hồng Gai", ""],
        ],
    )
    assert main(["areas", "map-roster", str(roster)]) == 1
    assert capsys.readouterr().out == (
        "Mapped to the current units (1 row):\n"
        "  row 2: Xã Thanh Sơn, Huyện Ba Chẽ, Quảng Ninh → Xã Ba Chẽ, Tỉnh Quảng Ninh\n"
        "Needs a decision (1):\n"
        "  row 3: commune 'Phường Trưng Vương' (Thành phố Uông Bí) was split in 2025 into"
        " Phường Uông Bí, Phường Vàng Danh: write the new commune the team works in\n"
        "Nothing was imported.\n"
    )
    assert dump(cli_env) == before


def test_map_roster_needs_a_seeded_province(cli_env: Path, tmp_path: Path, capsys) -> None:
    roster = write_csv(tmp_path / "r.csv", [["LC1", "Tổ 1", "Lào Cai", "", "Xã Bảo Hà", ""]])
    assert main(["areas", "map-roster", str(roster)]) == 1
    assert "No province is seeded yet" in capsys.readouterr().err
