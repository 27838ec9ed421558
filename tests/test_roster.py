"""Reading, checking and importing roster files, below the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.domain.phones import normalize_phone
from bot.domain.roster import InvalidRoster, import_roster, parse, slug
from bot.domain.tabular import UnreadableFile, read_table, to_table
from storage import areas, audit, teams
from storage.db import Database

NOW = "2025-07-01T02:00:00Z"
LATER = "2025-07-02T02:00:00Z"
VI_HEADER = [
    "STT", "Mã tổ", "Tên tổ", "Tỉnh", "XÃ/PHƯỜNG", "thon to dan pho", "Tổ trưởng", "SĐT",
]  # fmt: skip
VI_ROWS = [
    ["1", "LC001", "Tổ CNS thôn Nà Phung", "Tỉnh Lào Cai", "Xã Bảo Yên", "Thôn Nà Phung",
     "Nguyễn Văn An", "0912 345 678"],
    ["2", "LC002", "Tổ CNS xã Bảo Yên", "Tỉnh Lào Cai", "Xã Bảo Yên", "", "", ""],
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", bom: bool = False):
    """Write rows as a UTF-8 CSV file, the way Excel or LibreOffice would."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig" if bom else "utf-8")
    return path


def parsed(cells: list[list[str]]):
    """Return the roster and problems for an in-memory sheet."""
    return parse(to_table(cells))


@pytest.fixture
async def db(tmp_path: Path):
    async with Database(tmp_path / "roster.sqlite3") as database:
        yield database


async def run_import(db: Database, cells: list[list[str]], now: str = NOW):
    roster, problems = parsed(cells)
    assert problems == []
    async with db.transaction() as conn:
        return await import_roster(conn, roster, file_name="test.csv", now=now)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("0912-345-678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("+84 (0)912 345 678", "+84912345678"),
        ("0084 912 345 678", "+84912345678"),
        ("0321234567", "+84321234567"),
        ("912345678", "+84912345678"),  # Excel dropped the leading zero
        ("0212345678", None),  # not a mobile prefix
        ("091234567", None),
        ("09123456789", None),
        ("12345", None),
        ("0912abc678", None),
        ("+1 415 555 0100", None),
    ],
)
def test_normalize_phone(text: str, expected: str | None) -> None:
    assert normalize_phone(text) == expected


def test_slug_drops_diacritics_and_d_stroke() -> None:
    assert slug("Thôn Nà Phung") == "thon-na-phung"
    assert slug("Phường Đông Kinh") == "phuong-dong-kinh"
    assert slug("  Tổ dân phố số 5 (cũ) ") == "to-dan-pho-so-5-cu"


def test_vietnamese_headers_and_derived_codes() -> None:
    roster, problems = parsed([VI_HEADER, *VI_ROWS])
    assert problems == []
    assert [(a.code, a.level, a.parent_code) for a in roster.areas] == [
        ("lao-cai", "province", None),
        ("lao-cai/xa-bao-yen", "commune", "lao-cai"),
        ("lao-cai/xa-bao-yen/thon-na-phung", "village", "lao-cai/xa-bao-yen"),
    ]
    first, second = roster.teams
    assert (first.code, first.area_code, first.leader_phone) == (
        "LC001",
        "lao-cai/xa-bao-yen/thon-na-phung",
        "+84912345678",
    )
    assert (second.area_code, second.leader_name, second.leader_phone) == (
        "lao-cai/xa-bao-yen",
        None,
        None,
    )


def test_explicit_codes_and_district() -> None:
    header = ["team_code", "team_name", "Mã tỉnh", "province", "Quận/Huyện", "mã xã", "Xã",
              "village"]  # fmt: skip
    roster, problems = parsed([header, ["T1", "Tổ 1", "10", "Lào Cai", "Huyện Bảo Yên",
                                        "02821", "Xã Bảo Hà", "Thôn 1"]])  # fmt: skip
    assert problems == []
    assert [a.code for a in roster.areas] == ["10", "10/huyen-bao-yen", "02821", "02821/thon-1"]
    assert roster.areas[2].parent_code == "10/huyen-bao-yen"


def test_title_row_above_header_keeps_spreadsheet_row_numbers() -> None:
    cells = [["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"], [], VI_HEADER, ["1", "", "Tổ", "", "Xã A"]]
    _, problems = parsed(cells)
    assert [str(p) for p in problems] == ["row 4: missing team code, province"]


def test_missing_and_duplicate_columns() -> None:
    _, problems = parsed([["team_code", "Tên tổ", "team name", "tinh"]])
    assert [str(p) for p in problems] == [
        "row 1: columns 2 and 3 both mean team_name",
        "row 1: missing column(s): commune",
    ]
    _, problems = parsed([["whatever"], ["nothing"]])
    assert "no header row found" in str(problems[0])


def test_every_problem_is_listed_by_row() -> None:
    header = ["team_code", "team_name", "province", "commune", "commune_code", "leader_phone"]
    cells = [
        header,
        ["T1", "Tổ 1", "Lào Cai", "Xã A", "C1", ""],
        ["", "Tổ 2", "Lào Cai", "Xã A", "C1", ""],
        ["T1", "Tổ 1", "Lào Cai", "Xã A", "C1", ""],  # an exact repeat is harmless
        ["T1", "Tổ 1 mới", "Lào Cai", "Xã A", "C1", ""],
        ["T4", "Tổ 4", "Lào Cai", "Xã B", "C1", ""],
        ["T5", "Tổ 5", "Lào Cai", "Xã A", "C1", "0123"],
        ["T6", "Tổ 6", "", "", "", ""],
    ]
    _, problems = parsed(cells)
    assert [str(p) for p in problems] == [
        "row 3: missing team code",
        "row 5: team code T1 is also on row 2 with another name",
        "row 6: area code C1 is 'Xã A' on row 2 but 'Xã B' here",
        "row 7: leader phone '0123' is not a mobile number",
        "row 8: missing province, commune",
    ]


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(",", False), (",", True), (";", True), (";", False)]
)
def test_csv_variants_read_alike(tmp_path: Path, delimiter: str, bom: bool) -> None:
    path = write_csv(tmp_path / "roster.csv", [VI_HEADER, *VI_ROWS], delimiter=delimiter, bom=bom)
    assert parse(read_table(path)) == parsed([VI_HEADER, *VI_ROWS])


def test_xlsx_reads_numbers_and_title_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Danh sách tổ CNSCĐ tỉnh Lào Cai"])
    sheet.append(["Mã tổ", "Tên tổ", "Tỉnh", "Xã/Phường/Đặc khu", "Mã xã", "Số điện thoại"])
    sheet.append([1001, "Tổ 1", "Tỉnh Lào Cai", "Xã Bảo Yên", 2821, 912345678])
    sheet.append([None] * 6)
    sheet.append([1002, "Tổ 2", "Tỉnh Lào Cai", "Xã Bảo Yên", 2821.0, "+84 987 654 321"])
    workbook.save(tmp_path / "roster.xlsx")
    roster, problems = parse(read_table(tmp_path / "roster.xlsx"))
    assert problems == []
    assert [(t.code, t.area_code, t.leader_phone, t.row) for t in roster.teams] == [
        ("1001", "2821", "+84912345678", 3),
        ("1002", "2821", "+84987654321", 5),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("roster.xls", b"\xd0\xcf\x11\xe0"),
        ("roster.xlsx", b"not a zip file"),
        ("roster.csv", "Mã;Tên\n".encode("latin-1")),  # not UTF-8
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(UnreadableFile):
        read_table(tmp_path / name)
    with pytest.raises(UnreadableFile):
        read_table(tmp_path / "missing.csv")


async def test_import_updates_in_place_and_keeps_invite_codes(db: Database) -> None:
    header = ["team_code", "team_name", "province", "commune", "commune_code", "village",
              "leader_name"]  # fmt: skip
    first = await run_import(db, [
        header,
        ["T1", "Tổ 1", "Lào Cai", "Xã A", "C1", "Thôn 1", "An"],
        ["T2", "Tổ 2", "Lào Cai", "Xã A", "C1", "Thôn 2", "Bình"],
    ])  # fmt: skip
    assert str(first) == "Teams: 2 added, 0 updated, 0 unchanged. Areas: 4 added, 0 updated."
    before = {team.code: team for team in await teams.all_teams(db.reader)}
    second = await run_import(db, [
        header,
        ["T1", "Tổ 1", "Lào Cai", "Xã A mới", "C1", "Thôn 2", "An"],
        ["T2", "Tổ 2", "Lào Cai", "Xã A mới", "C1", "Thôn 2", "Bình"],
    ], now=LATER)  # fmt: skip
    assert str(second) == "Teams: 0 added, 1 updated, 1 unchanged. Areas: 0 added, 1 updated."
    after = {team.code: team for team in await teams.all_teams(db.reader)}
    assert after["T1"].area_id == after["T2"].area_id != before["T1"].area_id
    assert {code: after[code].invite_code for code in before} == {
        code: team.invite_code for code, team in before.items()
    }
    commune = await areas.get_by_code(db.reader, "C1")
    assert commune is not None and commune.name == "Xã A mới"
    logged = await audit.entries(db.reader, "roster.import")
    assert logged[-1]["detail"]["teams_updated"] == 1
    assert logged[-1]["detail"]["file"] == "test.csv"


async def test_file_without_leader_columns_keeps_leaders(db: Database) -> None:
    header = ["team_code", "team_name", "province", "commune"]
    await run_import(db, [[*header, "leader_name", "leader_phone"],
                          ["T1", "Tổ 1", "Lào Cai", "Xã A", "An", "0912345678"]])  # fmt: skip
    counts = await run_import(db, [header, ["T1", "Tổ 1", "Lào Cai", "Xã A"]])
    assert counts.teams_unchanged == 1
    team = await teams.get_by_code(db.reader, "T1")
    assert team is not None and (team.leader_name, team.leader_phone) == ("An", "+84912345678")


async def test_area_code_under_another_parent_is_refused(db: Database) -> None:
    header = ["team_code", "team_name", "province_code", "province", "commune_code", "commune"]
    await run_import(db, [header, ["T1", "Tổ 1", "P1", "Lào Cai", "C1", "Xã A"]])
    roster, problems = parsed([header, ["T9", "Tổ 9", "P2", "Yên Bái", "C1", "Xã A"]])
    assert problems == []
    with pytest.raises(InvalidRoster) as raised:
        async with db.transaction() as conn:
            await import_roster(conn, roster, file_name="moved.csv", now=LATER)
    assert [str(p) for p in raised.value.problems] == [
        "row 2: area C1 is under P1 in the database, not P2; an import cannot move an area"
    ]
    assert await areas.get_by_code(db.reader, "P2") is None
    assert await teams.get_by_code(db.reader, "T9") is None
