"""What counts (issue 16): summaries, charts, targets and exports show confirmed figures, with
what waits for review beside them; the export carries each report's state, flags and history;
`python -m bot review list|stats` for operators. Real SQLite files, reports stored the way the
bot stores them (bot.domain.reporting.store_report, flags making them held).
"""

from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest

from bot.app.settings import Settings
from bot.cli.main import main
from bot.core.clock import iso_utc
from bot.core.i18n import Texts
from bot.domain import review
from bot.domain.anomaly import Flag, Rule
from bot.domain.export import Export, write_xlsx
from bot.domain.form import load_form
from bot.domain.reporting import Entry, Submission, delete_report, store_report
from bot.domain.summary import build_summary, render
from bot.domain.summary_text import visible_length
from bot.domain.workbook import HEADER_ROW
from bot.ui.charts import summary_charts
from storage import export as store
from storage import members, targets
from storage.db import Database
from storage.members import Member
from tests.conftest import Roster

FORM = load_form()
TEXTS = Texts()
DAY = date(2026, 11, 27)
TZ = Settings(_env_file=None).tz
SPIKE = Flag("residents_helped", 500, Rule.OWN, 10)
SOFT = Flag("residents_helped", 200, Rule.SOFT_MAX, 150)
HIGH = Flag("residents_helped", 95, Rule.PEERS, 10)


def at(day: date, hour: int = 9) -> str:
    """The stamp storage keeps for `hour` o'clock local time (UTC+7) on `day`."""
    return iso_utc(datetime(day.year, day.month, day.day, hour, tzinfo=TZ))


@dataclass
class People:
    db: Database
    roster: Roster
    lan: Member  # team A
    minh: Member  # team B
    leader: Member  # team A's leader
    coordinator: Member  # over the commune


async def _person(conn, chat_id, name, team_id, role="member"):
    return await members.create(
        conn, chat_id=chat_id, full_name=name, phone=None, team_id=team_id, role=role,
        language="vi", now="2026-11-01T01:00:00Z", consent_at="2026-11-01T01:00:00Z",
    )  # fmt: skip


@pytest.fixture
async def people(db_path, roster):
    async with Database(db_path) as db:
        async with db.transaction() as conn:
            lan = await _person(conn, 601, "Lò Thị Lan", roster.team_a.id)
            minh = await _person(conn, 602, "Trần Văn Minh", roster.team_b.id)
            leader = await _person(conn, 603, "Nguyễn Văn An", roster.team_a.id, "leader")
            coordinator = await _person(conn, 604, "Hoàng Thị Hoa", None)
            await members.set_role(conn, coordinator.id, "coordinator", roster.commune.id, at(DAY))
            coordinator = await members.get(conn, coordinator.id)
        yield People(db, roster, lan, minh, leader, coordinator)


_sources = iter(range(10_000))


async def file(
    p: People,
    member: Member,
    day: date,
    values: dict[str, int],
    *,
    flags: tuple[Flag, ...] = (),
    category: str = "vneid",
) -> int:
    """Store one report as the dialog would; flags hold it for review."""
    area_id = p.roster.village.id if member.team_id == p.roster.team_a.id else p.roster.commune.id
    entries = (Entry(category, values, flags),)
    submission = Submission(
        member.id, member.team_id, area_id, day, entries, None, source=f"test:{next(_sources)}"
    )
    stored = await store_report(p.db, submission, at(day))
    (report_id,) = stored.created
    return report_id


async def held_week(p: People) -> dict[str, int]:
    """Lan's usual reports, one spike held for review, Minh's held report (soft maximum)."""
    ids = {}
    for offset in range(1, 4):
        await file(p, p.lan, DAY - timedelta(days=offset), {"residents_helped": 10})
    ids["usual"] = await file(p, p.lan, DAY, {"residents_helped": 12, "vneid_activated": 3})
    ids["spike"] = await file(
        p, p.lan, DAY, {"residents_helped": 500, "vneid_activated": 10}, flags=(SPIKE,),
        category="dvc",
    )  # fmt: skip
    ids["minh"] = await file(p, p.minh, DAY - timedelta(days=1), {"residents_helped": 200},
                             flags=(SOFT,))  # fmt: skip
    return ids


# --- summaries -------------------------------------------------------------------------------


async def test_summary_counts_confirmed_figures_and_says_what_waits(people):
    p = people
    ids = await held_week(p)
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    month = {t.indicator.id: t.month for t in built.totals}
    assert month["residents_helped"] == 42  # 3 × 10 + 12: neither held report
    assert built.held.reports == 2
    assert built.held.totals == {"residents_helped": 700, "vneid_activated": 10}
    text = render(built, TEXTS, "vi", show_phones=True)
    assert (
        "⏳ <b>2 báo cáo</b> từ đầu tháng 11/2026 chờ xác nhận"
        " (chưa tính: 700 người dân được hỗ trợ, 10 tài khoản VNeID mức 2 được kích hoạt)"
    ) in text
    # Beside the figures: right under the results, before the silent teams.
    lines = text.split("\n")
    held_at = next(i for i, line in enumerate(lines) if line.startswith("⏳"))
    assert lines[held_at - 1].startswith("• ") and lines[held_at + 1] == ""
    english = render(built, TEXTS, "en", show_phones=True)
    assert "⏳ <b>2 reports</b> since the start of 11/2026 awaiting confirmation" in english

    # Confirmed: it counts from then on, and the line says one report waits.
    change = await review.confirm(p.db, p.leader, ids["spike"], None, at(DAY, 10))
    assert change.outcome is review.Outcome.DONE
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    today = {t.indicator.id: t.today for t in built.totals}
    assert today["residents_helped"] == 512 and today["vneid_activated"] == 13
    assert built.held.reports == 1
    text = render(built, TEXTS, "vi", show_phones=True)
    assert "⏳ <b>1 báo cáo</b> từ đầu tháng 11/2026 chờ xác nhận (chưa tính: 200 người" in text


async def test_leader_sees_their_team_only(people):
    p = people
    await held_week(p)
    built = await build_summary(p.db, FORM, area_id=None, team_id=p.roster.team_a.id, day=DAY)
    assert built.held.reports == 1 and built.held.totals["residents_helped"] == 500
    text = render(built, TEXTS, "vi", show_phones=False)
    assert "⏳ <b>1 báo cáo</b> từ đầu tháng 11/2026 chờ xác nhận" in text
    team_b = await build_summary(p.db, FORM, area_id=None, team_id=p.roster.team_b.id, day=DAY)
    assert team_b.held.reports == 1
    assert "200 người dân" in render(team_b, TEXTS, "vi", show_phones=False)


async def test_nothing_waiting_no_line(people):
    p = people
    await file(p, p.lan, DAY, {"residents_helped": 12})
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    assert built.held.reports == 0
    assert "⏳" not in render(built, TEXTS, "vi", show_phones=True)
    assert all("⏳" not in chart.caption for chart in summary_charts(built, TEXTS, "vi"))


async def test_week_across_months_counts_held_from_its_first_day(people):
    p = people
    await file(p, p.lan, date(2026, 10, 30), {"residents_helped": 300}, flags=(SPIKE,))
    await file(p, p.lan, date(2026, 9, 30), {"residents_helped": 300}, flags=(SPIKE,))
    day = date(2026, 11, 2)  # a Monday; the week before began on 26 October
    built = await build_summary(
        p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=day, period="yesterday"
    )
    assert built.held.reports == 0  # yesterday is 1 November; nothing held since
    built = await build_summary(
        p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=date(2026, 11, 1),
        period="week",
    )  # fmt: skip
    assert built.held_first == date(2026, 10, 26) and built.held.reports == 1
    assert "⏳ <b>1 báo cáo</b> từ ngày 26/10/2026 chờ xác nhận" in render(
        built, TEXTS, "vi", show_phones=True
    )


async def test_held_line_keeps_the_summary_within_zalo_limit(people):
    p = people
    for n in range(40):
        values = dict.fromkeys(FORM.indicators, 900 + n)
        await file(p, p.lan, DAY, values, flags=(SPIKE,), category="vneid")
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    text = render(built, TEXTS, "vi", show_phones=True)
    assert visible_length(text) <= 2000
    assert "⏳ <b>40 báo cáo</b>" in text and ", …)" in text  # two indicators named, then …


async def test_chart_captions_name_the_held_reports(people):
    p = people
    await held_week(p)
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    charts = summary_charts(built, TEXTS, "vi")
    assert len(charts) == 2
    for chart in charts:
        assert chart.caption.endswith(
            "\n⏳ Chưa tính 2 báo cáo chờ xác nhận (từ đầu tháng 11/2026)"
        )
    # The trend drawn is the confirmed one: today holds 12, not 512.
    assert built.trend[-1][1]["residents_helped"] == 12


async def test_target_progress_counts_confirmed_figures(people):
    p = people
    ids = await held_week(p)
    async with p.db.transaction() as conn:
        await targets.upsert(
            conn, indicator="residents_helped", area_id=p.roster.commune.id, period="2026-11",
            value=100, now=at(DAY),
        )  # fmt: skip
        await targets.upsert(
            conn, indicator="vneid_activated", area_id=p.roster.commune.id, period="2026",
            value=100, now=at(DAY),
        )  # fmt: skip
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    progress = {item.indicator.id: item.done for item in built.progress}
    assert progress == {"residents_helped": 42, "vneid_activated": 3}
    assert built.held_first == date(2026, 1, 1)  # a yearly target is shown: the year's held
    text = render(built, TEXTS, "vi", show_phones=True)
    assert "⏳ <b>2 báo cáo</b> từ đầu năm 2026 chờ xác nhận" in text
    await review.confirm(p.db, p.leader, ids["spike"], None, at(DAY, 10))
    await review.confirm(p.db, p.coordinator, ids["minh"], None, at(DAY, 10))
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    progress = {item.indicator.id: item.done for item in built.progress}
    assert progress == {"residents_helped": 742, "vneid_activated": 13}
    assert built.held.reports == 0


# --- the export ------------------------------------------------------------------------------


async def every_state(p: People) -> dict[str, int]:
    """A month with a report in each review state, a correction with a reason, a deletion."""
    ids = await held_week(p)
    await review.confirm(p.db, p.leader, ids["spike"], None, at(DAY, 10))  # confirmed
    ids["back"] = await file(
        p, p.lan, DAY - timedelta(days=2), {"residents_helped": 95}, flags=(HIGH,),
        category="dvc",
    )  # fmt: skip
    await review.send_back(p.db, p.leader, ids["back"], None, "Số liệu quá cao", at(DAY, 11))
    # The coordinator corrects a usual report: a reason, and it counts as confirmed.
    corrected = Submission(
        p.lan.id, p.lan.team_id, p.roster.village.id, DAY, (Entry("vneid", {
            "residents_helped": 14, "vneid_activated": 3}),), None, source="fix",
        report_id=ids["usual"], reason="Nhập nhầm 12", actor_id=p.coordinator.id,
    )  # fmt: skip
    await store_report(p.db, corrected, at(DAY, 12))
    ids["gone"] = await file(p, p.minh, DAY - timedelta(days=3), {"residents_helped": 4})
    await delete_report(p.db, p.minh.id, ids["gone"], at(DAY, 13))
    return ids


async def export_month(p: People, tmp_path, language: str = "vi"):
    job = Export(
        p.roster.commune, date(2026, 11, 1), date(2026, 11, 30), FORM, TEXTS, TZ, language,
        author="test", generated_at=datetime(2026, 11, 27, 14, 0),
    )  # fmt: skip
    out = tmp_path / f"export-{language}.xlsx"
    async with store.snapshot(p.db.path) as conn:
        rows = await write_xlsx(conn, job, out)
    return rows, openpyxl.load_workbook(out)


def table(sheet) -> list[list]:
    """The header and the rows under it, without the title block."""
    return [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]


async def test_reports_sheet_says_each_state_and_why(people, tmp_path):
    p = people
    ids = await every_state(p)
    rows, book = await export_month(p, tmp_path)
    assert rows == 7  # three usual days, the usual day corrected, spike, Minh's, returned
    header, *data, total = table(book["Báo cáo"])
    state, why, report = (header.index(name) for name in ("Trạng thái", "Lý do đánh dấu",
                                                          "Mã báo cáo"))  # fmt: skip
    by_id = {row[report]: row for row in data}
    assert ids["gone"] not in by_id
    assert [by_id[ids[key]][state] for key in ("usual", "spike", "minh", "back")] == [
        "Đã xác nhận", "Đã xác nhận", "Chờ xác nhận", "Bị trả lại",
    ]  # fmt: skip
    assert {row[state] for row in data if row[report] not in ids.values()} == {"Đã ghi nhận"}
    assert by_id[ids["spike"]][why] == "Số người dân được hỗ trợ 500: gấp 50 lần mức thường (10)"
    assert by_id[ids["back"]][why] == (
        "Số người dân được hỗ trợ 95: gấp hơn 9 lần mức thường của địa bàn (10)"
    )
    assert by_id[ids["minh"]][why] == "Số người dân được hỗ trợ 200: vượt mức hợp lý 150"
    assert by_id[ids["usual"]][why] is None
    # The total row lists everything filed, and says how much of it waits.
    assert total[1:3] == ["Tổng cộng", "7 báo cáo (2 chờ xác nhận)"]
    residents = header.index(FORM.indicators["residents_helped"].vi)
    assert total[residents] == 30 + 14 + 500 + 200 + 95

    _, english = await export_month(p, tmp_path, "en")
    header, *data, _ = table(english["Reports"])
    assert {"Recorded", "Awaiting confirmation", "Returned", "Confirmed"} == {
        row[header.index("Review")] for row in data
    }
    spike = next(row for row in data if row[header.index("Report id")] == ids["spike"])
    assert spike[header.index("Why flagged")] == "Residents helped 500: 50 times the usual (10)"


async def test_area_sheets_show_what_waits_beside_what_counts(people, tmp_path):
    p = people
    await every_state(p)
    _, book = await export_month(p, tmp_path)
    residents = FORM.indicators["residents_helped"].vi
    vneid = FORM.indicators["vneid_activated"].vi
    filed_residents = 30 + 14 + 500 + 200 + 95
    for name in ("Tổng hợp", "Theo khu vực"):
        header, *rows = table(book[name])
        held_reports = header.index("Trong đó chờ xác nhận")
        assert held_reports == header.index("Số báo cáo") + 1
        counted, held = (
            header.index(residents),
            header.index(f"{residents} — chờ xác nhận (chưa tính)"),
        )
        assert f"{vneid} — chờ xác nhận (chưa tính)" not in header  # nothing of it waits
        whole = rows[-1] if name == "Tổng hợp" else rows[0]  # the total; the commune itself
        assert whole[header.index("Số báo cáo")] == 7 and whole[held_reports] == 2
        assert (whole[counted], whole[held]) == (30 + 14 + 500, 200 + 95)
        assert whole[counted] + whole[held] == filed_residents  # nothing silently dropped
    # A sub-area's row: the village (Lan's team) holds the returned report, the commune's own
    # team (Minh) the pending one.
    header, *rows = table(book["Tổng hợp"])
    held = header.index(f"{residents} — chờ xác nhận (chưa tính)")
    assert sorted(row[held] for row in rows[:-1]) == [95, 200]


async def test_no_held_columns_when_nothing_waits(people, tmp_path):
    p = people
    await file(p, p.lan, DAY, {"residents_helped": 12})
    _, book = await export_month(p, tmp_path)
    header, *_ = table(book["Tổng hợp"])
    assert "Trong đó chờ xác nhận" not in header
    assert not any("chờ xác nhận" in label for label in header)
    assert table(book["Báo cáo"])[-1][2] == "1 báo cáo"
    assert table(book["Lịch sử sửa"]) == [table(book["Lịch sử sửa"])[0]]  # a header only


async def test_history_sheet_tells_each_change_in_words(people, tmp_path):
    p = people
    ids = await every_state(p)
    _, book = await export_month(p, tmp_path)
    sheet = book["Lịch sử sửa"]
    assert sheet["A1"].value == "LỊCH SỬ TẠO, SỬA VÀ XÁC NHẬN BÁO CÁO"
    header, *rows = table(sheet)
    assert header == [
        "Mã báo cáo", "Ngày báo cáo", "Thời điểm", "Người thực hiện", "Thao tác", "Trước",
        "Sau", "Lý do",
    ]  # fmt: skip
    # Only reports with a history beyond being filed: the three usual days are not there.
    assert {row[0] for row in rows} == {ids[k] for k in ("usual", "spike", "minh", "back",
                                                         "gone")}  # fmt: skip

    def of(key):
        return [row[3:] for row in rows if row[0] == ids[key]]

    filed = (
        "Ngày 27/11/2026; Dịch vụ công trực tuyến; Số người dân được hỗ trợ: 500;"
        " Số tài khoản VNeID mức 2 được kích hoạt: 10"
    )
    assert of("spike") == [
        ["Lò Thị Lan", "tạo", None, filed, None],
        ["Lò Thị Lan", "đánh dấu", None, "Chờ xác nhận (Nguyễn Văn An)",
         "Số người dân được hỗ trợ 500: gấp 50 lần mức thường (10)"],
        ["Nguyễn Văn An", "xác nhận", "Chờ xác nhận", "Đã xác nhận", None],
    ]  # fmt: skip
    assert of("back")[-1] == [
        "Nguyễn Văn An", "trả lại", "Chờ xác nhận", "Bị trả lại", "Số liệu quá cao"
    ]  # fmt: skip
    # A coordinator's correction shows what it changed and why, then that it is confirmed.
    assert of("usual")[-2] == [
        "Hoàng Thị Hoa", "sửa", "Số người dân được hỗ trợ: 12", "Số người dân được hỗ trợ: 14",
        "Nhập nhầm 12",
    ]  # fmt: skip
    assert of("usual")[-1][:4] == ["Hoàng Thị Hoa", "xác nhận", "Đã ghi nhận", "Đã xác nhận"]
    assert of("gone")[-1][:4] == [
        "Trần Văn Minh", "xóa", "Ngày 24/11/2026; Hỗ trợ VNeID (cài đặt, kích hoạt mức 2);"
        " Số người dân được hỗ trợ: 4", None,
    ]  # fmt: skip
    # When, in local time, as a real Excel date; the report's day too.
    confirmed = next(row for row in rows if row[0] == ids["spike"] and row[4] == "xác nhận")
    assert confirmed[1] == datetime(2026, 11, 27) and confirmed[2] == datetime(2026, 11, 27, 10)
    assert sheet.cell(HEADER_ROW + 1, 3).number_format == "dd/mm/yyyy hh:mm"
    assert sheet.cell(HEADER_ROW + 1, 1).number_format == "0"


# --- python -m bot review list | stats -------------------------------------------------------


@pytest.fixture
def cli_env(db_path, tmp_path, monkeypatch):
    """The command line on the test's database, away from any .env file."""
    monkeypatch.chdir(tmp_path)
    for name in (
        "BOT_TOKEN",
        "TELEGRAM_API_URL",
        "TIMEZONE",
        "DEFAULT_LANGUAGE",
        "ZALO_BOT_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(db_path))


async def waited(p: People, report_id: int, days: int) -> None:
    """Say a report entered its review state `days` days (and an hour) ago."""
    since = datetime.now(UTC) - timedelta(days=days, hours=1)
    async with p.db.transaction() as conn:
        await conn.execute(
            "UPDATE reports SET review_since = ? WHERE id = ?", (iso_utc(since), report_id)
        )


async def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(main, list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


async def test_review_list_shows_what_waits_longest_first(people, cli_env, capsys):
    p = people
    ids = await every_state(p)
    await waited(p, ids["minh"], 8)
    await waited(p, ids["back"], 2)
    code, out, _ = await run_cli(capsys, "review", "list")
    assert code == 0
    header, *lines = out.splitlines()
    assert header.split() == [
        "id", "day", "member", "team", "area", "state", "waiting_days", "reviewer", "escalated",
        "why",
    ]  # fmt: skip
    assert len(lines) == 2  # the held ones: Minh's pending, Lan's returned
    assert lines[0].startswith(f"{ids['minh']}   2026-11-26  Trần Văn Minh  T002  lc/bao-yen  ")
    assert " pending " in lines[0] and " 8 " in lines[0] and "Hoàng Thị Hoa" in lines[0]
    assert lines[0].endswith("Số người dân được hỗ trợ 200: vượt mức hợp lý 150")
    assert " returned " in lines[1] and " 2 " in lines[1] and "Nguyễn Văn An" in lines[1]

    code, out, _ = await run_cli(capsys, "review", "list", "--state", "confirmed", "--csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][0] == "id" and sorted(int(row[0]) for row in rows[1:]) == sorted(
        [ids["spike"], ids["usual"]]
    )
    spike = next(row for row in rows if row[0] == str(ids["spike"]))
    assert spike[5:7] == ["confirmed", ""]
    code, out, _ = await run_cli(capsys, "review", "list", "--language", "en", "--area",
                                 "lc/bao-yen/na-phung")  # fmt: skip
    assert len(out.splitlines()) == 2 and "over 9 times the area's usual (10)" in out
    code, out, _ = await run_cli(capsys, "review", "list", "--state", "pending", "--area",
                                 "lc/bao-yen/na-phung")  # fmt: skip
    assert code == 0 and out == "No pending reports.\n"


async def test_review_stats_counts_by_area_state_and_age(people, cli_env, capsys):
    p = people
    ids = await every_state(p)
    await waited(p, ids["minh"], 8)
    await waited(p, ids["back"], 0)
    code, out, _ = await run_cli(capsys, "review", "stats", "--csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "area_code", "area_name", "pending", "returned", "confirmed", "accepted",
        "held_<1_days", "held_1-2_days", "held_3-6_days", "held_7+_days",
    ]  # fmt: skip
    by_area = {row[0]: row[2:] for row in rows[1:]}
    # The commune's own team (Minh): one pending for 8 days; the deleted report is not there.
    assert by_area["lc/bao-yen"] == ["1", "0", "0", "0", "0", "0", "0", "1"]
    # The village (Lan): one returned today, two confirmed, three accepted.
    assert by_area["lc/bao-yen/na-phung"] == ["0", "1", "2", "3", "1", "0", "0", "0"]
    assert by_area["total"] == ["1", "1", "2", "3", "1", "0", "0", "1"]
    code, out, _ = await run_cli(capsys, "review", "stats", "--area", "lc/bao-yen/na-phung")
    table_lines = out.splitlines()
    assert table_lines[0].split()[:3] == ["area_code", "area_name", "pending"]
    assert table_lines[1].split()[:2] == ["lc/bao-yen/na-phung", "Thôn"]


async def test_review_commands_say_what_is_missing(tmp_path, cli_env, db_path, capsys):
    code, _, err = await run_cli(capsys, "review", "list")
    assert code == 1 and f"No database at {db_path}" in err
    async with Database(db_path):
        pass  # the schema, no areas
    code, _, err = await run_cli(capsys, "review", "stats", "--area", "nowhere")
    assert code == 1 and "Unknown area code 'nowhere'" in err


async def test_history_searches_the_audit_log_by_report(people):
    """A week's export reads that week's reports and their entries, never the whole log."""
    p = people
    await every_state(p)
    statements: list[str] = []
    async with store.snapshot(p.db.path) as conn:
        await conn.set_trace_callback(statements.append)
        found = [row async for row in store.history(conn, "/", DAY, DAY)]
        await conn.set_trace_callback(None)
        assert {row.report_date for row in found} == {DAY.isoformat()}
        [sql] = [s for s in statements if "audit_log" in s]
        plan = [row[3] for row in await conn.execute_fetchall(f"EXPLAIN QUERY PLAN {sql}")]
    assert any("SEARCH r USING INDEX reports_area_date" in line for line in plan)
    assert any("SEARCH l USING INDEX audit_log_report" in line for line in plan)
    assert not any(line.startswith("SCAN") for line in plan)
