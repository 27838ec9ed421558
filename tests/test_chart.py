"""The summary's pictures: valid PNGs of the expected size, in Vietnamese, with short names."""

from __future__ import annotations

import struct
import warnings
from datetime import date

import pytest

from bench.pictures import DAY, seed_province
from bot.core.i18n import Texts
from bot.domain.form import load_form
from bot.domain.summary import build_summary
from bot.ui.charts import DPI, WIDTH_INCHES, short_place, summary_charts
from storage.db import Database

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FORM = load_form()


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])  # the IHDR chunk: width, height


@pytest.fixture
async def province(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        yield db, await seed_province(db)


def test_places_are_shortened_sensibly():
    assert short_place("Ủy ban nhân dân xã Hòa An") == "Xã Hòa An"
    assert short_place("UBND phường Cam Đường") == "Phường Cam Đường"
    assert short_place("Tổ công nghệ số cộng đồng Thôn Nà Phung") == "Tổ Thôn Nà Phung"
    assert short_place("Tho\u0302n Na\u0300 Phung") == "Thôn Nà Phung"  # composed
    assert short_place("Tổ dân phố số 10 phường Bắc Lệnh") == "Tổ dân phố số 10…"


@pytest.mark.parametrize("scope", ["commune", "province", "village", "team"])
async def test_every_chart_is_a_png_600_px_wide(province, scope):
    db, seeded = province
    commune = seeded.communes[0]
    village = seeded.villages[commune.id][0]
    where = {
        "commune": {"area_id": commune.id, "team_id": None},
        "province": {"area_id": None, "team_id": None},
        "village": {"area_id": village.id, "team_id": None},
        "team": {"area_id": None, "team_id": seeded.teams[village.id].id},
    }[scope]
    built = await build_summary(db, FORM, day=DAY, **where)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning
        charts = summary_charts(built, Texts(), "vi")
    assert len(charts) == 2
    for chart in charts:
        width, height = _size(chart.png)
        assert width == WIDTH_INCHES * DPI == 600
        assert 250 <= height <= 1200
        assert len(chart.png) < 200_000
    assert charts[1].caption.startswith("📈 Kết quả 14 ngày qua")
    expected = "🎯 Tiến độ chỉ tiêu" if built.progress else "📊 Kết quả tháng"
    assert charts[0].caption.startswith(expected)


async def test_empty_charts_say_so_in_english(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        from storage import areas

        async with db.transaction() as conn:
            await areas.upsert(
                conn, code="x", name="Empty", level="province", parent=None, now="2026-11-01"
            )
        built = await build_summary(db, FORM, area_id=None, team_id=None, day=date(2026, 11, 27))
    charts = summary_charts(built, Texts(), "en")
    assert [_size(chart.png)[0] for chart in charts] == [600, 600]
    assert charts[0].caption.startswith("📊 This month's results")
