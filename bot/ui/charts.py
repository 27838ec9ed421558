"""The summary's charts as PNG bytes for a phone: progress against targets, and a 14-day trend.

`summary_charts` is the one renderer the daily job and /summary share. Pictures are 600 px wide
and shown about 300 px wide, so text is large (16 pt at 100 dpi is ~11 px on the screen), labels
are few and names are shortened ("Xã Hòa An", not "Ủy ban nhân dân xã Hòa An").

Cheap enough for a national daily job: matplotlib's object API on an Agg canvas (no pyplot, so
nothing global changes and a chart can be drawn in a worker thread), one figure reused per
thread, axes placed by hand instead of a layout engine, 100 dpi, and fast PNG compression.
Text is set in DejaVu Sans, which matplotlib ships and which has every Vietnamese letter;
labels are NFC-normalised because matplotlib places each code point on its own.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from bot.core.i18n import Html, Texts
from bot.domain.summary import Ranking, Summary, short_label
from bot.domain.summary_text import held_since

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_INCHES = 6.0
DPI = 100  # 600 px wide: twice the ~300 px a phone shows, sharp and small
FONT = "DejaVu Sans"
TITLE_PT, LABEL_PT, SMALL_PT = 17, 15, 12
LABEL_MAX = 18  # characters of a bar's name
TITLE_MAX = 44
ROWS_ONE_PANEL = 8
ROWS_PER_PANEL = 5
PANELS = 2
ROW_INCHES = 0.5
COLOURS = ("#1f6fb2", "#e07b00", "#2a9d55")
DONE_COLOUR = "#2a9d55"
SCOPE_COLOUR = "#0b3d6b"
GREY = "#555555"
_PREFIXES = re.compile(
    r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd|tổ công nghệ số cộng đồng|tổ cnscđ)\s+", re.IGNORECASE
)
_local = threading.local()


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str


def short_place(name: str, limit: int = LABEL_MAX) -> str:
    """Shorten an area or team name for a chart: "Ủy ban nhân dân xã Hòa An" → "Xã Hòa An"."""
    name = unicodedata.normalize("NFC", name).strip()
    rest = _PREFIXES.sub("", name)
    if rest != name:
        team = name.lower().startswith(("tổ công nghệ", "tổ cns"))
        name = ("Tổ " if team else "") + rest[:1].upper() + rest[1:]
    return _clip(name, limit)


def _clip(text: str, limit: int) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _figure(height: float) -> Figure:
    """This thread's figure, emptied and sized: building one costs more than clearing it."""
    figure = getattr(_local, "figure", None)
    if figure is None:
        # matplotlib costs ~50 MB and 0.3 s to import: only a process that draws pays for it.
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(dpi=DPI)
        FigureCanvasAgg(figure)
        _local.figure = figure
    figure.clear()
    figure.set_size_inches(WIDTH_INCHES, height)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _title(figure: Figure, height: float, title: str, footnote: str) -> None:
    figure.text(
        0.03, 1 - 0.12 / height, _clip(title, TITLE_MAX), fontsize=TITLE_PT,
        fontfamily=FONT, fontweight="bold", va="top",
    )  # fmt: skip
    figure.text(
        0.03, 0.08 / height, _clip(footnote, 2 * TITLE_MAX), fontsize=SMALL_PT - 1,
        fontfamily=FONT, color=GREY, va="bottom",
    )  # fmt: skip


def _rect(figure: Figure, x: float, y: float, width: float, height: float, colour: str) -> None:
    from matplotlib.patches import Rectangle

    figure.add_artist(Rectangle((x, y), width, height, facecolor=colour, edgecolor="none"))


def _line(
    figure: Figure, xs: tuple[float, float], ys: tuple[float, float], colour: str, style="-"
) -> None:
    from matplotlib.lines import Line2D

    figure.add_artist(Line2D(xs, ys, color=colour, linewidth=1.5, linestyle=style))


def _bars(
    figure: Figure,
    box: tuple[float, float, float, float],
    rows: list[tuple[str, float, str, str]],
    *,
    limit: float,
    target_line: bool,
    target_label: str,
) -> None:
    """Draw (label, value, text after the bar, colour) rows top-down in `box`, 0..limit.

    Straight onto the figure, without axes: an axes' ticks and spines cost more to build and
    clear than the bars themselves.
    """
    left, bottom, width, height = box
    row = height / len(rows)
    scale = width / (limit * 1.32)  # room for the text after the longest bar
    for index, (label, value, text, colour) in enumerate(rows):
        middle = bottom + height - (index + 0.5) * row
        length = min(value, limit) * scale
        _rect(figure, left, middle - 0.31 * row, length, 0.62 * row, colour)
        figure.text(left - 0.012, middle, label, ha="right", va="center", fontsize=LABEL_PT,
                    fontfamily=FONT)  # fmt: skip
        figure.text(left + length + 0.012, middle, text, va="center", fontsize=LABEL_PT,
                    fontfamily=FONT)  # fmt: skip
    _line(figure, (left, left), (bottom, bottom + height), "#000000")
    if target_line:
        x = left + scale
        _line(figure, (x, x), (bottom, bottom + height), "#c0392b", "--")
        figure.text(x, bottom + height, target_label, color="#c0392b", ha="center",
                    va="bottom", fontsize=SMALL_PT, fontfamily=FONT)  # fmt: skip


def _panels(summary: Summary, texts: Texts, language: str) -> list[tuple[str, list, bool]]:
    """Each panel: its heading, its rows, and whether it measures against targets (to 100%)."""
    pct, n = (lambda share: texts.percent(language, share)), texts.number
    ranked = [r for r in summary.rankings if r.period][:PANELS]
    if ranked:
        per_panel = ROWS_ONE_PANEL if len(ranked) == 1 else ROWS_PER_PANEL
        panels = []
        for r in ranked:
            progress = next(p for p in summary.progress if p.indicator == r.indicator)
            scope = short_place(summary.scope_name)
            rows = [(scope, progress.share, pct(progress.share), SCOPE_COLOUR)]
            for row in r.rows[: per_panel - 1]:
                share = row.share or 0
                colour = DONE_COLOUR if share >= 1 else COLOURS[0]
                rows.append((short_place(row.name), share, pct(share), colour))
            more = len(r.rows) - (per_panel - 1)
            panels.append((_panel_heading(r, texts, language, more), rows, True))
        return panels
    if summary.progress:  # targets for the scope only: one bar per indicator
        rows = [
            (_clip(short_label(p.indicator, language), LABEL_MAX + 4), p.share, pct(p.share),
             DONE_COLOUR if p.share >= 1 else COLOURS[0])
            for p in summary.progress[:ROWS_ONE_PANEL]
        ]  # fmt: skip
        return [("", rows, True)]
    if summary.rankings:  # no target at all: the month's results of the main indicator
        r = summary.rankings[0]
        rows = [
            (short_place(row.name), row.done, n(language, row.done), COLOURS[0])
            for row in r.rows[:ROWS_ONE_PANEL]
        ]
        heading = texts.plain(
            language,
            "summary-chart-results",
            month=texts.date(language, summary.day, "month"),
            indicator=short_label(r.indicator, language),
        )
        more = len(r.rows) - ROWS_ONE_PANEL
        if more > 0:
            heading += " · " + _more(r, texts, language, more)
        return [(heading, rows, False)]
    return []


def _more(r: Ranking, texts: Texts, language: str, count: int) -> str:
    level = texts.plain(language, f"summary-level-{r.level}")
    return texts.plain(language, "summary-chart-more", count=count, level=level)


def _panel_heading(r: Ranking, texts: Texts, language: str, more: int) -> str:
    assert r.period is not None
    yearly = len(r.period) == 4
    period = r.period if yearly else f"{r.period[5:]}/{r.period[:4]}"
    heading = texts.plain(
        language,
        "summary-chart-by",
        indicator=short_label(r.indicator, language),
        period=texts.plain(
            language, f"summary-chart-period-{'year' if yearly else 'month'}", period=period
        ),
    )
    return heading + (" · " + _more(r, texts, language, more) if more > 0 else "")


def _footnote(summary: Summary, texts: Texts, language: str) -> str:
    return texts.plain(
        language,
        "summary-chart-footnote",
        area=short_place(summary.scope_name, TITLE_MAX),
        date=texts.date(language, summary.day),
    )


def progress_chart(summary: Summary, texts: Texts, language: str) -> bytes:
    """Draw progress against targets per sub-area (or per indicator), else the month's results."""
    panels = _panels(summary, texts, language)
    spans = [
        (0.45 if heading else 0) + ROW_INCHES * len(rows) + 0.35 for heading, rows, _ in panels
    ]
    height = 0.75 + sum(spans) + 0.45 * max(0, len(spans) - 1) + 0.55 if panels else 3.0
    figure = _figure(height)
    area = short_place(summary.scope_name, TITLE_MAX)
    title = (
        texts.plain(language, "summary-chart-progress", area=area) if summary.progress else area
    )
    _title(figure, height, title, _footnote(summary, texts, language))
    if not panels:
        figure.text(0.5, 0.5, texts.plain(language, "summary-chart-empty"), ha="center",
                    fontsize=LABEL_PT, fontfamily=FONT)  # fmt: skip
        return _png(figure)
    top = height - 0.75  # inches from the bottom where the first panel's heading goes
    for heading, panel_rows, to_target in panels:
        if heading:
            figure.text(0.03, top / height, _clip(heading, 52), fontsize=LABEL_PT, fontfamily=FONT,
                        va="top", color=SCOPE_COLOUR)  # fmt: skip
            top -= 0.45
        span = ROW_INCHES * len(panel_rows) + 0.35
        # The names' column as wide as the longest name needs (a character at LABEL_PT is
        # about 2% of the width), so none is cut at the left edge.
        left = min(0.5, max(0.3, 0.05 + 0.021 * max(len(row[0]) for row in panel_rows)))
        box = (left, (top - span) / height, 0.98 - left, (span - 0.1) / height)
        # Against targets: 0 to 100% (or to 150% when a bar passes it); else to the longest.
        longest = max(1.0, *(value for _, value, _, _ in panel_rows))
        _bars(
            figure,
            box,
            panel_rows,
            limit=min(longest, 1.5) if to_target else longest,
            target_line=to_target,
            target_label=texts.plain(language, "summary-chart-target"),
        )
        top -= span + 0.45
    return _png(figure)


def trend_chart(summary: Summary, texts: Texts, language: str) -> bytes:
    """Draw each main indicator's daily results over the last days: one strip of bars each.

    Strips rather than lines on one axis: the indicators' scales differ tenfold, and a day
    without reports (a Sunday) shows as a gap, not as a plunge.
    """
    lines = summary.trend_indicators
    strip = 1.55
    height = 1.35 + strip * max(1, len(lines))
    figure = _figure(height)
    days = len(summary.trend)
    area = short_place(summary.scope_name, 26)
    _title(figure, height, texts.plain(language, "summary-chart-trend", days=days, area=area),
           _footnote(summary, texts, language))  # fmt: skip
    if not lines:
        figure.text(0.5, 0.5, texts.plain(language, "summary-chart-empty"), ha="center",
                    fontsize=LABEL_PT, fontfamily=FONT)  # fmt: skip
        return _png(figure)
    top = height - 0.75
    left, width = 0.12, 0.84
    slot = width / days
    for index, indicator in enumerate(lines):
        colour = COLOURS[index % len(COLOURS)]
        ys = [values.get(indicator.id, 0) for _, values in summary.trend]
        figure.text(0.03, top / height, _clip(short_label(indicator, language), TITLE_MAX),
                    color=colour, fontsize=LABEL_PT, fontfamily=FONT, va="top",
                    fontweight="bold")  # fmt: skip
        bottom, tall = (top - strip + 0.2) / height, (strip - 0.6) / height
        peak = max(ys) or 1
        for day, value in enumerate(ys):
            if value:
                x = left + (day + 0.15) * slot
                _rect(figure, x, bottom, 0.7 * slot, tall * value / peak / 1.1, colour)
        _line(figure, (left, left + width), (bottom, bottom), "#000000")
        for value, y in ((0, bottom), (peak, bottom + tall / 1.1)):
            figure.text(left - 0.012, y, texts.number(language, value), ha="right",
                        va="center", fontsize=SMALL_PT + 1, fontfamily=FONT)  # fmt: skip
        top -= strip
    for day in (0, days // 2, days - 1):
        figure.text(
            left + (day + 0.5) * slot, (top + 0.12) / height,
            texts.date(language, summary.trend[day][0], "short"), ha="center", va="top",
            fontsize=SMALL_PT + 1, fontfamily=FONT,
        )  # fmt: skip
    return _png(figure)


def _held_note(summary: Summary, texts: Texts, language: str) -> str:
    """The caption's line for reports the pictures leave out while they wait for review."""
    if not summary.held.reports:
        return ""
    return "\n" + texts.get(
        language,
        "review-counts-chart-held",
        reports=texts.number(language, summary.held.reports),
        since=Html(held_since(summary, texts, language)),
    )


def summary_charts(summary: Summary, texts: Texts, language: str) -> list[Chart]:
    """Draw the summary's pictures with their captions: progress (or results), then the trend.

    Both show confirmed figures only; a caption says how many reports wait for review.
    """
    area, held = summary.scope_name, _held_note(summary, texts, language)
    caption = "summary-chart-caption" if summary.progress else "summary-results-caption"
    progress = Chart(
        progress_chart(summary, texts, language), texts.get(language, caption, area=area) + held
    )
    trend = Chart(
        trend_chart(summary, texts, language),
        texts.get(language, "summary-trend-caption", area=area, days=len(summary.trend)) + held,
    )
    return [progress, trend]
