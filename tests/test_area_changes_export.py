"""Exports after a merge and a split: today's map (the merged communes counted in their
successor, named with its history) and the map as it was on a day (`--as-of`: the old communes
listed separately, with their names of then), every total still the sum of its reports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from bot.app.settings import Settings
from bot.cli.main import main
from bot.core.i18n import Texts
from bot.domain import area_changes
from bot.domain.export import Export, write_xlsx
from bot.domain.form import load_form
from bot.domain.workbook import HEADER_ROW
from storage import areas, audit
from storage import export as store
from tests.test_area_changes import (
    FIRST,
    MERGE_ON,
    NOW,
    World,
    build,
    dump_sync,
    file_reports,
    reorganise,
)

FORM = load_form()
TEXTS = Texts()
TZ = Settings(_env_file=None).tz
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
async def world(tmp_path: Path):
    found = await build(tmp_path / "cns.sqlite3")
    await file_reports(found, FIRST, MERGE_ON - timedelta(days=1), list(found.team))
    await reorganise(found)
    async with found.db.transaction() as conn:
        await area_changes.rename(conn, code="E", name="Phường E", on=date(2025, 8, 1), now=NOW)
    try:
        yield found
    finally:
        await found.db.close()


async def export(world: World, tmp_path: Path, as_of: date | None = None, period=YEAR):
    top = await areas.get_by_code(world.db.reader, "p")
    job = Export(top, *period, FORM, TEXTS, TZ, as_of=as_of)
    out = tmp_path / "out.xlsx"
    async with store.snapshot(world.db.path) as conn:
        rows = await write_xlsx(conn, job, out)
    return rows, openpyxl.load_workbook(out)


def table(sheet) -> tuple[list, list[list]]:
    header, *rows = [list(r) for r in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]
    return header, rows


async def live_reports(world: World, codes: list[str] | None = None) -> int:
    sql = (
        "SELECT count(*) FROM reports r JOIN areas a ON a.id = r.area_id WHERE deleted_at IS NULL"
    )
    params: tuple = ()
    if codes:
        sql += f" AND a.code IN ({','.join('?' * len(codes))})"
        params = tuple(codes)
    (count,) = (await world.db.reader.execute_fetchall(sql, params))[0]
    return count


async def test_todays_map_counts_merged_communes_in_their_successor(world, tmp_path):
    rows, book = await export(world, tmp_path)
    header, data = table(book["Tổng hợp"])
    *units, total = data
    names = [row[1] for row in units]
    assert names == [
        "Phường E", "Xã D (đã chia tách ngày 15/07/2025)",
        "Xã Hòa An (sáp nhập 3 xã ngày 01/07/2025)", "Xã Tây", "Xã Đông",
    ]  # fmt: skip
    reports_at = header.index("Số báo cáo")
    by_name = {row[1]: row[reports_at] for row in units}
    assert by_name[names[2]] == await live_reports(world, ["A", "B", "C", "V", "hoa-an"])
    assert by_name[names[1]] == await live_reports(world, ["D"])
    assert total[reports_at] == sum(by_name.values()) == rows == await live_reports(world)
    target_at = header.index(f"{FORM.indicators['vneid_activated'].vi} — chỉ tiêu")
    assert units[2][target_at] == 150
    _, by_area = table(book["Theo khu vực"])
    assert sorted(row[1] for row in by_area) == ["D1", "D2", "E", "V", "hoa-an", "p"]
    _, report_rows = table(book["Báo cáo"])
    places = {row[1] for row in report_rows[:-1]}
    assert "Tỉnh Thử › Xã Hòa An › Xã B" in places  # a report names where it was filed


async def test_as_of_lists_the_old_communes_with_their_names_of_then(world, tmp_path):
    rows, book = await export(world, tmp_path, as_of=date(2025, 6, 30))
    header, data = table(book["Tổng hợp"])
    *units, total = data
    reports_at = header.index("Số báo cáo")
    by_name = {row[1]: row[reports_at] for row in units}
    # Reports filed after the changes in areas made by them count in the province itself.
    assert by_name == {
        "Tỉnh Thử (trực thuộc)": await live_reports(world, ["hoa-an", "D1", "D2"]),
        "Xã A": await live_reports(world, ["A", "V"]),
        "Xã B": await live_reports(world, ["B"]),
        "Xã C": await live_reports(world, ["C"]),
        "Xã D": await live_reports(world, ["D"]),
        "Xã E": await live_reports(world, ["E"]),
    }
    assert total[reports_at] == rows == await live_reports(world)
    target_at = header.index(f"{FORM.indicators['vneid_activated'].vi} — chỉ tiêu")
    targets = {row[1]: row[target_at] for row in units}
    assert (
        targets["Xã A"] == 100
        and targets["Xã B"] == 50
        and targets["Xã D"] == 30
        and targets["Tỉnh Thử (trực thuộc)"] is None
    )
    head, by_area = table(book["Theo khu vực"])
    listed = {row[1]: row for row in by_area}
    assert sorted(listed) == ["A", "B", "C", "D", "E", "V", "p"]
    assert listed["V"][0] == "Tỉnh Thử › Xã A › Thôn V"
    teams_at = head.index("Số tổ")
    assert listed["D"][teams_at] == 2 and listed["A"][teams_at] == 2  # A's own team and V's
    place = "Khu vực: Tỉnh Thử (theo địa giới hành chính ngày 30/06/2025)"
    assert book["Theo khu vực"].cell(2, 1).value == place
    _, members = table(book["Thành viên"])
    assert {row[0] for row in members if row[1] == "TB"} == {"Tỉnh Thử › Xã B"}


async def test_as_of_between_the_changes(world, tmp_path):
    _, book = await export(world, tmp_path, as_of=date(2025, 7, 10))
    _, data = table(book["Tổng hợp"])
    names = [row[1] for row in data[:-1]]
    assert names == ["Tỉnh Thử (trực thuộc)", "Xã D", "Xã E", "Xã Hòa An"]


def test_cli_export_as_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import asyncio

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "cns.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))

    async def make() -> None:
        world = await build(path)
        await file_reports(world, FIRST, MERGE_ON - timedelta(days=1), list(world.team))
        await reorganise(world)
        await world.db.close()

    asyncio.run(make())
    out = tmp_path / "old.xlsx"
    argv = ["export", "--from", "2025-06-01", "--to", "2025-06-30", "--out", str(out)]
    assert main([*argv, "--as-of", "2025-06-30"]) == 0
    _, data = table(openpyxl.load_workbook(out)["Tổng hợp"])
    assert [row[1] for row in data[:-1]] == [
        "Tỉnh Thử (trực thuộc)", "Xã A", "Xã B", "Xã C", "Xã D", "Xã E"
    ]  # fmt: skip
    before = dump_sync(path)["areas"]
    assert main(argv) == 0
    _, data = table(openpyxl.load_workbook(out)["Tổng hợp"])
    assert [row[1] for row in data[:-1]] == [
        "Xã D (đã chia tách ngày 15/07/2025)", "Xã E",
        "Xã Hòa An (sáp nhập 3 xã ngày 01/07/2025)", "Xã Tây", "Xã Đông",
    ]  # fmt: skip
    assert dump_sync(path)["areas"] == before

    async def logged() -> list:
        from storage.db import Database

        async with Database(path) as db:
            return await audit.entries(db.reader, "export")

    first, second = asyncio.run(logged())
    assert first["detail"]["as_of"] == "2025-06-30" and "as_of" not in second["detail"]
