"""Excel and CSV exports: written from a seeded SQLite file, read back cell by cell."""

import argparse
import asyncio
from dataclasses import dataclass, replace
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from bot.app.settings import Settings
from bot.cli.export import register
from bot.core.clock import iso_utc
from bot.core.i18n import Texts
from bot.domain.export import Export, target_period, write_csv, write_xlsx
from bot.domain.form import Category, load_form
from bot.domain.workbook import HEADER_ROW
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


GENERATED = datetime(2026, 11, 27, 10, 5)
AUTHOR = "Trần Thị Hoa (điều phối viên)"


def job(area, first=date(2026, 11, 1), last=date(2026, 11, 30), **kw) -> Export:
    kw = {"author": AUTHOR, "generated_at": GENERATED, **kw}
    return Export(area, first, last, FORM, TEXTS, TZ, **kw)


async def export_xlsx(db_path, tmp_path, export, **kw):
    out = tmp_path / "out.xlsx"
    async with store.snapshot(db_path) as conn:
        rows = await write_xlsx(conn, export, out, **kw)
    return rows, openpyxl.load_workbook(out)


def values(sheet):
    """The header and the rows under it (the title block above is left out)."""
    return [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]


def rows_and_total(sheet):
    """The header, the data rows and the totals row of a sheet that has one."""
    header, *data, total = values(sheet)
    return header, data, total


async def test_reports_sheet_holds_each_live_report_cell_by_cell(seeded, db_path, tmp_path):
    rows, book = await export_xlsx(db_path, tmp_path, job(seeded.commune))
    assert rows == 4
    assert book.sheetnames == ["Tổng hợp", "Báo cáo", "Theo khu vực", "Thành viên", "Lịch sử sửa"]
    sheet = book["Báo cáo"]
    header, data, total = rows_and_total(sheet)
    labels = [FORM.indicators[i].vi for i in IDS]
    assert header == [
        "Ngày", "Khu vực", "Mã tổ", "Tên tổ", "Thành viên", "Hoạt động", *labels, "old_count",
        "Trạng thái", "Lý do đánh dấu", "Ghi chú", "Tạo lúc", "Sửa lúc", "Mã báo cáo",
    ]  # fmt: skip

    def indicators(**given):
        return [given.get(i) for i in [*IDS, "old_count"]]

    village = f"{PATH} › Thôn Nà Phung"
    assert data == [
        [datetime(2026, 11, 3), village, "T001", "Tổ CNS Nà Phung", "Nguyễn Thị Lan", VNEID.vi,
         *indicators(residents_helped=5, vneid_activated=3), "Đã ghi nhận", None, "Xóm trên",
         datetime(2026, 11, 3, 9), datetime(2026, 11, 3, 9), 1],
        [datetime(2026, 11, 4), PATH, "T002", "Tổ CNS Bảo Yên", "Trần Văn Minh",
         "Quầy hỗ trợ lưu động", *indicators(residents_helped=7), "Đã ghi nhận", None, None,
         datetime(2026, 11, 4, 9), datetime(2026, 11, 4, 9), 3],
        [datetime(2026, 11, 5), village, "T001", "Tổ CNS Nà Phung", "(đã xóa)", VNEID.vi,
         *indicators(residents_helped=2, old_count=4), "Đã ghi nhận", None, "=SUM(1,2)",
         datetime(2026, 11, 5, 9), datetime(2026, 11, 5, 9), 4],
        [datetime(2026, 11, 30), PATH, "T002", "Tổ CNS Bảo Yên", "Trần Văn Minh", VNEID.vi,
         *indicators(residents_helped=1), "Đã ghi nhận", None, None,
         datetime(2026, 11, 30, 9), datetime(2026, 11, 30, 9), 5],
    ]  # fmt: skip
    first = HEADER_ROW + 1
    assert sheet.cell(first + 2, len(header) - 3).data_type == "s"  # the note stays text
    # Real dates shown dd/mm/yyyy, counts #,##0, a bold header frozen under the title block.
    assert sheet.cell(first, 1).is_date and sheet.cell(first, 1).number_format == "dd/mm/yyyy"
    created = sheet.cell(first, len(header) - 2)
    assert created.is_date and created.number_format == "dd/mm/yyyy hh:mm"
    assert isinstance(sheet.cell(first, 7).value, int)
    assert sheet.cell(first, 7).number_format == "#,##0"
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.cell(HEADER_ROW, 1).font.b and not sheet.cell(first, 1).font.b
    last = get_column_letter(len(header))
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:{last}{HEADER_ROW + 4}"  # not the total
    assert sheet.column_dimensions["B"].width == len(f"{PATH} › Thôn Nà Phung") + 2
    # The totals row: each indicator's sum of the rows above, as a value.
    assert total[1:3] == ["Tổng cộng", "4 báo cáo"]
    for at in range(6, 6 + len(IDS) + 1):
        assert total[at] == sum(row[at] or 0 for row in data)
    assert total[6] == 15 and sheet.cell(HEADER_ROW + 5, 7).font.b


TITLES = ("BÁO CÁO TỔNG HỢP", "DANH SÁCH BÁO CÁO", "KẾT QUẢ HOẠT ĐỘNG THEO", "DANH SÁCH THÀNH")
TITLES += ("LỊCH SỬ TẠO, SỬA",)


async def test_every_sheet_opens_with_its_title_block(seeded, db_path, tmp_path):
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.commune))
    for sheet, title in zip(
        book.worksheets,
        TITLES,
        strict=True,
    ):
        block = [sheet.cell(row, 1).value for row in range(1, HEADER_ROW)]
        assert block[0].startswith(title) and sheet["A1"].font.b
        assert block[1:] == [
            f"Khu vực: {PATH}",
            "Kỳ báo cáo: từ ngày 01/11/2026 đến ngày 30/11/2026",
            "Thời điểm xuất: 27/11/2026 10:05",
            f"Người xuất: {AUTHOR}",
        ]
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
        assert sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:")


async def test_english_when_asked(seeded, db_path, tmp_path):
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.commune, language="en"))
    assert book.sheetnames == ["Overview", "Reports", "By area", "Members", "History"]
    sheet = book["Reports"]
    assert sheet["A1"].value == "ACTIVITY REPORTS OF THE COMMUNITY DIGITAL TECHNOLOGY TEAMS"
    assert sheet["A3"].value == "Period: 01/11/2026 to 30/11/2026"
    assert values(sheet)[0][:3] == ["Date", "Area", "Team code"]
    assert values(sheet)[-1][1:3] == ["Total", "4 reports"]
    assert sheet.cell(HEADER_ROW + 1, 1).number_format == "dd/mm/yyyy"


async def test_overview_has_a_row_per_sub_area_with_target_and_share(seeded, db_path, tmp_path):
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.commune))
    sheet = book["Tổng hợp"]
    header, data, total = rows_and_total(sheet)
    residents = FORM.indicators["residents_helped"].vi
    at = header.index(residents)
    assert header[:4] == ["STT", "Đơn vị", "Số tổ", "Số báo cáo"]
    assert header[at + 1 : at + 3] == [f"{residents} — chỉ tiêu", f"{residents} — % chỉ tiêu"]
    # Bảo Yên's own team (T002) first, then its village; the total is the commune's.
    assert [row[:4] for row in data] == [
        [1, "Xã Bảo Yên (trực thuộc)", 1, 2],
        [2, "Thôn Nà Phung", 1, 2],
    ]
    assert [row[at] for row in data] == [8, 7]
    assert total[1] == "Tổng cộng"
    for column in [2, 3, at, header.index("old_count")]:
        assert total[column] == sum(row[column] for row in data)
    assert total[at : at + 3] == [15, 40, pytest.approx(15 / 40)]  # the commune's target
    share = sheet.cell(HEADER_ROW + 3, at + 3)
    assert share.number_format == "0.0%" and sheet.cell(HEADER_ROW + 1, 3).number_format == "#,##0"
    assert sheet.auto_filter.ref.endswith(str(HEADER_ROW + 2))  # the rows, not the total
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.province))
    _, data, total = rows_and_total(book["Tổng hợp"])
    assert [row[1] for row in data] == ["Phường Sa Pa", "Xã Bảo Yên"]
    assert total[3] == 5 == sum(row[3] for row in data)


async def test_summary_rolls_totals_up_with_the_months_targets(seeded, db_path, tmp_path):
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.commune))
    header, commune, village = values(book["Theo khu vực"])
    residents = FORM.indicators["residents_helped"].vi
    at = header.index(residents)
    assert header[:4] == ["Khu vực", "Mã khu vực", "Số tổ", "Số báo cáo"]
    assert header[at + 1 : at + 3] == [f"{residents} — chỉ tiêu", f"{residents} — % chỉ tiêu"]
    assert header[-1] == "old_count"
    assert commune[:4] == [PATH, "lc/bao-yen", 2, 4]
    assert commune[at : at + 3] == [15, 40, pytest.approx(15 / 40)]
    assert book["Theo khu vực"].cell(HEADER_ROW + 1, at + 3).number_format == "0.0%"
    assert village[:4] == [f"{PATH} › Thôn Nà Phung", "lc/bao-yen/na-phung", 1, 2]
    assert village[at : at + 3] == [7, None, None]
    assert commune[-1] == village[-1] == 4


async def test_targets_only_for_a_whole_month_or_year(seeded, db_path, tmp_path):
    _, book = await export_xlsx(db_path, tmp_path, job(seeded.province, last=date(2026, 11, 29)))
    header, *rows = values(book["Theo khu vực"])
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
    header, *rows = values(book["Thành viên"])
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
    header, *rows = values(book["Thành viên"])
    assert header[-1] == "Số điện thoại"
    assert [row[-1] for row in rows] == ["0912 345 678", None, None]  # erased: no phone


async def test_reports_continue_on_a_new_sheet_past_the_row_limit(seeded, db_path, tmp_path):
    rows, book = await export_xlsx(db_path, tmp_path, job(seeded.province), max_rows=2)
    assert rows == 5
    names = ["Báo cáo", "Báo cáo (2)", "Báo cáo (3)"]
    assert book.sheetnames == ["Tổng hợp", *names, "Theo khu vực", "Thành viên", "Lịch sử sửa"]
    split = [values(book[name]) for name in names]
    # Each sheet: the header, its rows, its subtotal; the last one also the total of all.
    assert [len(sheet) for sheet in split] == [4, 4, 4]
    assert split[0][0] == split[1][0] == split[2][0]
    assert [row[0].day for sheet in split for row in sheet[1:-1] if row[0]] == [3, 4, 5, 6, 30]
    subtotals = [sheet[-1] if n < 2 else sheet[-2] for n, sheet in enumerate(split)]
    assert [row[1] for row in subtotals] == ["Cộng trang này"] * 3
    assert [row[6] for row in subtotals] == [5 + 7, 2 + 8, 1]
    assert split[2][-1][1:3] == ["Tổng cộng (tất cả các trang)", "5 báo cáo"]
    assert split[2][-1][6] == 23
    assert book["Báo cáo (2)"].freeze_panes == f"A{HEADER_ROW + 1}"


async def test_csv_has_the_report_rows_with_a_bom(seeded, db_path, tmp_path):
    out = tmp_path / "out.csv"
    async with store.snapshot(db_path) as conn:
        rows = await write_csv(conn, job(seeded.commune, language="en"), out)
    raw = out.read_bytes()
    assert rows == 4 and raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Date,Area,Team code,Team,Member,Activity,Residents helped,")
    assert lines[1].startswith(f"2026-11-03,{PATH} › Thôn Nà Phung,T001,")
    assert lines[1].endswith(",Recorded,,Xóm trên,2026-11-03 09:00:00,2026-11-03 09:00:00,1")
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
    assert len(values(book["Báo cáo"])) == 6  # the header, 4 reports, the total
    assert values(book["Thành viên"])[0][-1] == "Số điện thoại"
    assert book["Báo cáo"]["A5"].value == "Người xuất: quản trị hệ thống (dòng lệnh)"

    async def logged():
        async with Database(db_path) as db:
            return await audit.entries(db.reader, "export")

    [entry] = asyncio.run(logged())
    assert entry["actor_id"] is None
    assert entry["detail"] == {
        "area": "lc/bao-yen", "from": "2026-11-01", "to": "2026-11-30", "rows": 4,
        "with_phone": True, "via": "cli",
    }  # fmt: skip
    english = tmp_path / "en.xlsx"
    args = cli("--from", "2026-11-01", "--to", "2026-11-30", "--out", str(english),
               "--language", "en")  # fmt: skip
    assert args.handler(args, Settings(_env_file=None, database_path=db_path)) == 0
    assert openpyxl.load_workbook(english).sheetnames == [
        "Overview",
        "Reports",
        "By area",
        "Members",
        "History",
    ]
    assert not (tmp_path / "bao-yen.xlsx.part").exists()


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
