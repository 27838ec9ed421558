"""The summary chart: a small valid PNG with one bar per sub-area, at most 15, in Vietnamese."""

from __future__ import annotations

import struct
import warnings
from datetime import date

import pytest
from matplotlib.axes import Axes

from bot.core.i18n import Texts
from bot.domain.summary import Summary
from bot.ui.charts import MAX_BARS, bar_chart, group_bars, summary_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", png[16:24])  # the IHDR chunk: width, height


def _summary(bars: list[tuple[str, int]]) -> Summary:
    day = date(2026, 11, 27)
    return Summary(
        "Xã Bảo Yên", False, day, "today", day, day, [], [], 0, 0, 0, 0, [], 0, bars
    )  # fmt: skip


@pytest.fixture
def drawn(monkeypatch) -> list[tuple[list[str], list[int]]]:
    """Record the labels and values of every bar chart drawn."""
    calls = []
    barh = Axes.barh

    def spy(self, y, width, *args, **kwargs):
        container = barh(self, y, width, *args, **kwargs)
        calls.append((width, self))
        return container

    monkeypatch.setattr(Axes, "barh", spy)
    yield calls


def test_group_bars_keeps_the_largest_and_sums_the_rest():
    bars = [(f"Thôn {n}", n) for n in range(1, 21)]
    grouped = group_bars(bars, "Khác")
    assert len(grouped) == MAX_BARS
    assert grouped[0] == ("Thôn 20", 20)
    assert grouped[-2] == ("Thôn 7", 7)
    assert grouped[-1] == ("Khác", sum(range(1, 7)))
    assert group_bars(bars[:3], "Khác") == [("Thôn 3", 3), ("Thôn 2", 2), ("Thôn 1", 1)]


def test_chart_is_a_small_png_with_vietnamese_labels(drawn):
    bars = [(f"Thôn Nà Phung Đường Ệ {n}", n * 37 % 101) for n in range(40)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning
        png = summary_chart(_summary(bars), Texts(), "vi")
    assert _size(png) == (900, 600)  # 6 × 4 inches at 150 dpi
    assert len(png) < 1_000_000
    ((values, axes),) = drawn
    assert len(values) == MAX_BARS
    assert sum(values) == sum(value for _, value in bars)
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels[0] == "Khác"  # the bottom bar
    assert axes.get_title() == "Số báo cáo tháng 11/2026 theo địa bàn"


def test_long_and_decomposed_names_are_clipped_and_composed(drawn):
    decomposed = "Tho\u0302n Na\u0300 Phung"  # "Thôn Nà Phung" as some phones send it
    long_name = "Tổ dân phố số 10 phường Bắc Lệnh thành phố Lào Cai"
    bar_chart(
        [(decomposed, 2), (long_name, 1)],
        title="T",
        footnote="F",
        other_label="Khác",
        empty_label="Trống",
    )
    ((_, axes),) = drawn
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels == ["Tổ dân phố số 10 phường B…", "Thôn Nà Phung"]


def test_empty_chart_says_so_in_english():
    png = summary_chart(_summary([]), Texts(), "en")
    assert _size(png) == (900, 600)
