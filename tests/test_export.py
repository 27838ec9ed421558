"""Excel and CSV exports: written from a seeded SQLite file, read back cell by cell."""

import argparse
import asyncio
from dataclasses import dataclass, replace
from datetime import date, datetime

import openpyxl
import pytest

from bot.app.settings import Settings
from bot.cli.export import register
from bot.core.clock import iso_utc
from bot.core.i18n import Texts
from bot.domain.export import Export, target_period, write_csv, write_xlsx
from bot.domain.form import Category, load_form
from storage import areas, audit, members, reports, targets, teams
from storage import export as store
from storage.db import Database

TZ = Settings(_env_file=None).tz
DEFAULT = load_form()
RETIRED = Category(
    "kiosk", "Quầy hỗ trợ lưu động", "Mobile help kiosk", "", "", "", ("residents_helped",), (),
    retired=True,
)  # fmt: skip
FORM = replace(DEFAULT, categories=(*DEFAULT.categories, RETIRED))
VNEID = next(c for c in FORM.active_categories() if "vneid_activated" in c.indicators)
TEXTS = Texts()
IDS = FORM.indicator_ids()
PATH = "Lào Cai › Xã Bảo Yên"


def utc(day: int, hour: int) -> str:
    return iso_utc(datetime(2026, 11, day, hour, 0, tzinfo=TZ))


@dataclass
class Seeded:
    province: areas.Area
    commune: areas.Area
    village: areas.Area


async def _member(conn, chat_id, name, team, phone=None):
    return await members.create(
        conn, chat_id=chat_id, full_name=name, phone=phone, team_id=team.id,
        role="member", language="vi", now=utc(1, 8), consent_at=utc(1, 8),
    )  # fmt: skip


@pytest.fixture
async def seeded(roster, db_path) -> Seeded:
    """Reports in Bảo Yên and elsewhere, in and out of November, live and deleted."""
    async with Database(db_path) as db, db.transaction() as conn:
        province = await areas.get_by_code(conn, "lc")
        other, _ = await areas.upsert(
            conn, code="lc/sa-pa", name="Phường Sa Pa", level="commune", parent=province,
            now=utc(1, 8),
        )  # fmt: skip
        team_c = await teams.create(
            conn, code="T003", name="Tổ CNS Sa Pa", area_id=other.id, leader_name=None,
            leader_phone=None, now=utc(1, 8),
        )  # fmt: skip
        lan = await _member(conn, 501, "Nguyễn Thị Lan", roster.team_a, "+84912345678")
        minh = await _member(conn, 502, "Trần Văn Minh", roster.team_b)
        hoa = await _member(conn, 503, "Lò Thị Hoa", roster.team_a, "+84987654321")
        mai = await _member(conn, 504, "Vàng Thị Mai", team_c)
        sources = iter(range(100))

        async def report(member, team, area, day, category, values, note=None):
            """Store a report made at 09:00 on its day (day 0: 31 October)."""
            stored, _ = await reports.create(
                conn, member_id=member.id, team_id=team.id, area_id=area.id,
                report_date=date(2026, 11, day) if day else date(2026, 10, 31),
                category=category, values=values, note=note, source=f"s{next(sources)}",
                now=utc(day or 1, 9),
            )  # fmt: skip
            return stored.id

        a, b, v = roster.team_a, roster.team_b, roster.village
        await report(
            lan, a, v, 3, VNEID.id, {"residents_helped": 5, "vneid_activated": 3}, "Xóm trên"
        )
        gone = await report(lan, a, v, 4, VNEID.id, {"residents_helped": 99})
        await report(minh, b, roster.commune, 4, "kiosk", {"residents_helped": 7})
        await report(hoa, a, v, 5, VNEID.id, {"residents_helped": 2, "old_count": 4}, "=SUM(1,2)")
        await report(minh, b, roster.commune, 30, VNEID.id, {"residents_helped": 1})
        await report(lan, a, v, 0, VNEID.id, {"residents_helped": 50})  # October
        await report(mai, team_c, other, 6, VNEID.id, {"residents_helped": 8})  # other commune
        await reports.delete(conn, gone, utc(4, 10))
        await members.erase(conn, hoa.id, utc(20, 8))
        await targets.upsert(
            conn, indicator="residents_helped", area_id=roster.commune.id, period="2026-11",
            value=40, now=utc(1, 8),
        )  # fmt: skip
    return Seeded(province, roster.commune, roster.village)


def job(area, first=date(2026, 11, 1), last=date(2026, 11, 30), **kw) -> Export:
    return Export(area, first, last, FORM, TEXTS, TZ, **kw)


async def export_xlsx(db_path, tmp_path, export, **kw):
    out = tmp_path / "out.xlsx"
    async with store.snapshot(db_path) as conn:
        rows = await write_xlsx(conn, export, out, **kw)
    return rows, openpyxl.load_workbook(out)


def values(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


async def test_reports_sheet_holds_each_live_report_cell_by_cell(seeded, db_path, tmp_path):
    rows, book = await export_xlsx(db_path, tmp_path, job(seeded.commune))
    assert rows == 4
    assert book.sheetnames == ["Reports", "Summary", "Members"]
    sheet = book["Reports"]
    header, *data = values(sheet)
    labels = [FORM.indicators[i].vi for i in IDS]
    assert header == [
        "Ngày", "Khu vực", "Mã tổ", "Tên tổ", "Thành viên", "Hoạt động", *labels, "old_count",
        "Ghi chú", "Tạo lúc", "Sửa lúc",
    ]  # fmt: skip

    def indicators(**given):
        return [given.get(i) for i in [*IDS, "old_count"]]

    village = f"{PATH} › Thôn Nà Phung"
    assert data == [
        [datetime(2026, 11, 3), village, "T001", "Tổ CNS Nà Phung", "Nguyễn Thị Lan", VNEID.vi,
         *indicators(residents_helped=5, vneid_activated=3), "Xóm trên",
         datetime(2026, 11, 3, 9), datetime(2026, 11, 3, 9)],
        [datetime(2026, 11, 4), PATH, "T002", "Tổ CNS Bảo Yên", "Trần Văn Minh",
         "Quầy hỗ trợ lưu động", *indicators(residents_helped=7), None,
         datetime(2026, 11, 4, 9), datetime(2026, 11, 4, 9)],
        [datetime(2026, 11, 5), village, "T001", "Tổ CNS Nà Phung", "(đã xóa)", VNEID.vi,
         *indicators(residents_helped=2, old_count=4), "=SUM(1,2)",
         datetime(2026, 11, 5, 9), datetime(2026, 11, 5, 9)],
        [datetime(2026, 11, 30), PATH, "T002", "Tổ CNS Bảo Yên", "Trần Văn Minh", VNEID.vi,
         *indicators(residents_helped=1), None,
         datetime(2026, 11, 30, 9), datetime(2026, 11, 30, 9)],
    ]  # fmt: skip
    assert sheet.cell(4, len(header) - 2).data_type == "s"  # the note stays text
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.column_dimensions["B"].width == 45
    assert sheet["A2"].is_date and isinstance(sheet["G2"].value, int)


async def test_summary_rolls_totals_up_with_the_months_targets(seeded, db_path, tmp_path):
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.commune))
    header, commune, village = values(book["Summary"])
    residents = FORM.indicators["residents_helped"].vi
    at = header.index(residents)
    assert header[:4] == ["Khu vực", "Mã khu vực", "Số tổ", "Số báo cáo"]
    assert header[at + 1 : at + 3] == [f"{residents} — chỉ tiêu", f"{residents} — % chỉ tiêu"]
    assert header[-1] == "old_count"
    assert commune[:4] == [PATH, "lc/bao-yen", 2, 4]
    assert commune[at : at + 3] == [15, 40, pytest.approx(15 / 40)]
    assert book["Summary"].cell(2, at + 3).number_format == "0.0%"
    assert village[:4] == [f"{PATH} › Thôn Nà Phung", "lc/bao-yen/na-phung", 1, 2]
    assert village[at : at + 3] == [7, None, None]
    assert commune[-1] == village[-1] == 4


async def test_targets_only_for_a_whole_month_or_year(seeded, db_path, tmp_path):
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.province, last=date(2026, 11, 29)))
    header, *rows = values(book["Summary"])
    assert not any("chỉ tiêu" in label for label in header)
    assert [row[0] for row in rows] == [
        "Lào Cai", "Lào Cai › Phường Sa Pa", PATH, f"{PATH} › Thôn Nà Phung",
    ]  # fmt: skip
    assert rows[0][3] == 4  # the 30th is out, Sa Pa's report in
    assert target_period(date(2026, 11, 1), date(2026, 11, 30)) == "2026-11"
    assert target_period(date(2026, 2, 1), date(2026, 2, 28)) == "2026-02"
    assert target_period(date(2026, 1, 1), date(2026, 12, 31)) == "2026"
    assert target_period(date(2026, 11, 23), date(2026, 11, 29)) is None
    assert target_period(date(2025, 1, 1), date(2026, 12, 31)) is None


async def test_members_get_phones_only_when_asked(seeded, db_path, tmp_path):
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.commune))
    header, *rows = values(book["Members"])
    assert header == [
        "Khu vực", "Mã tổ", "Tên tổ", "Thành viên", "Vai trò", "Trạng thái", "Báo cáo gần nhất",
    ]  # fmt: skip
    village, active = f"{PATH} › Thôn Nà Phung", "đang hoạt động"
    assert rows == [
        [village, "T001", "Tổ CNS Nà Phung", "Nguyễn Thị Lan", "thành viên", active,
         datetime(2026, 11, 3)],
        [village, "T001", "Tổ CNS Nà Phung", "(đã xóa)", "thành viên", "đã xóa dữ liệu",
         datetime(2026, 11, 5)],
        [PATH, "T002", "Tổ CNS Bảo Yên", "Trần Văn Minh", "thành viên", active,
         datetime(2026, 11, 30)],
    ]  # fmt: skip
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.commune, with_phone=True))
    header, *rows = values(book["Members"])
    assert header[-1] == "Số điện thoại"
    assert [row[-1] for row in rows] == ["0912 345 678", None, None]  # erased: no phone


async def test_reports_continue_on_a_new_sheet_past_the_row_limit(seeded, db_path, tmp_path):
    rows, book = await export_xlsx(db_path, tmp_path, job(seeded.province), max_rows=3)
    assert rows == 5
    assert book.sheetnames == ["Reports", "Reports (2)", "Reports (3)", "Summary", "Members"]
    split = [values(book[name]) for name in book.sheetnames[:3]]
    assert [len(sheet) for sheet in split] == [3, 3, 2]
    assert split[0][0] == split[1][0] == split[2][0]  # each sheet has the header
    assert [row[0].day for sheet in split for row in sheet[1:]] == [3, 4, 5, 6, 30]
    assert book["Reports (2)"].freeze_panes == "A2"


async def test_csv_has_the_report_rows_with_a_bom(seeded, db_path, tmp_path):
    out = tmp_path / "out.csv"
    async with store.snapshot(db_path) as conn:
        rows = await write_csv(conn, job(seeded.commune, language="en"), out)
    raw = out.read_bytes()
    assert rows == 4 and raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Date,Area,Team code,Team,Member,Activity,Residents helped,")
    assert lines[1].startswith(f"2026-11-03,{PATH} › Thôn Nà Phung,T001,")
    assert lines[1].endswith(",Xóm trên,2026-11-03 09:00:00,2026-11-03 09:00:00")
    assert "Mobile help kiosk" in lines[2] and "(erased)" in lines[3]
    assert ',"\'=SUM(1,2)",' in lines[3]  # spreadsheet apps would run it
    assert len(lines) == 5


async def test_snapshot_is_read_only(roster, db_path):
    async with store.snapshot(db_path) as conn:
        with pytest.raises(Exception, match=r"readonly|read-only|query_only|attempt to write"):
            await conn.execute("DELETE FROM teams")


def cli(*argv: str):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["export", *argv])


def test_cli_writes_the_file_and_audits_it(seeded, db_path, tmp_path, capsys):
    out = tmp_path / "bao-yen.xlsx"
    args = cli("--from", "2026-11-01", "--to", "2026-11-30", "--area", "lc/bao-yen",
               "--out", str(out), "--with-phone")  # fmt: skip
    assert args.handler(args, Settings(_env_file=None, database_path=db_path)) == 0
    assert "Wrote 4 reports of Xã Bảo Yên" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert len(values(book["Reports"])) == 5 and values(book["Members"])[0][-1] == "Số điện thoại"
    assert not (tmp_path / "bao-yen.xlsx.part").exists()

    async def logged():
        async with Database(db_path) as db:
            return await audit.entries(db.reader, "export")

    [entry] = asyncio.run(logged())
    assert entry["actor_id"] is None
    assert entry["detail"] == {
        "area": "lc/bao-yen", "from": "2026-11-01", "to": "2026-11-30", "rows": 4,
        "with_phone": True, "via": "cli",
    }  # fmt: skip


def test_cli_refuses_bad_arguments(seeded, db_path, tmp_path, capsys):
    settings = Settings(_env_file=None, database_path=db_path)
    for argv in (["--from", "1/11/2026", "--to", "2026-11-30", "--out", "x.xlsx"],
                 ["--from", "2026-11-01", "--to", "2026-11-30", "--out", "x.pdf"]):  # fmt: skip
        with pytest.raises(SystemExit):
            cli(*argv)
    late = cli("--from", "2026-12-01", "--to", "2026-11-30", "--out", str(tmp_path / "x.csv"))
    assert late.handler(late, settings) == 2
    unknown = cli("--from", "2026-11-01", "--to", "2026-11-30", "--area", "nowhere",
                  "--out", str(tmp_path / "x.csv"))  # fmt: skip
    assert unknown.handler(unknown, settings) == 1
    assert "Unknown area code 'nowhere'" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
