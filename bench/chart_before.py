"""The summary chart as it was drawn before (bench baseline): bars, constrained layout, 150 dpi.

Figures are built through matplotlib's object API (no pyplot), so nothing global changes and a
chart can be drawn in a worker thread. Text is set in DejaVu Sans, which matplotlib ships and
which has every Vietnamese letter; labels are NFC-normalised because matplotlib places each
code point on its own, so a decomposed "ệ" would draw its marks beside the letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from io import BytesIO

from bot.domain.form import fold_diacritics

MAX_BARS = 15
SIZE_INCHES = (6, 4)
DPI = 150
LABEL_MAX = 26  # characters; longer names end in "…" so the bars keep their room
TITLE_MAX = 60  # what fits across the figure at the title's size
FONT = "DejaVu Sans"
BAR_COLOUR = "#1f6fb2"
OTHER_COLOUR = "#9aa5b1"


def group_bars(
    bars: list[tuple[str, int]], other_label: str, limit: int = MAX_BARS
) -> list[tuple[str, int]]:
    """Sort bars largest first; beyond `limit`, sum the smallest into one `other_label` bar."""
    # "Đ" among the "D"s
    ordered = sorted(bars, key=lambda bar: (-bar[1], fold_diacritics(bar[0])))
    if len(ordered) <= limit:
        return ordered
    rest = ordered[limit - 1 :]
    return [*ordered[: limit - 1], (other_label, sum(value for _, value in rest))]


def _clip(text: str, limit: int) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(
    bars: list[tuple[str, int]],
    *,
    title: str,
    footnote: str,
    other_label: str,
    empty_label: str,
    number: Callable[[int], str] = str,
) -> bytes:
    """Draw (label, value) bars, largest on top, and return the PNG."""
    shown = group_bars(bars, other_label)[::-1]  # barh draws bottom-up
    grouped = len(bars) > MAX_BARS  # then the bottom bar is "other"
    # matplotlib costs ~50 MB and 0.3 s to import: only a process that draws pays for it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(_clip(title, TITLE_MAX), fontfamily=FONT, fontsize=11)
    # A figure-level label, so the constrained layout keeps room for it under the bars.
    figure.supxlabel(_clip(footnote, 2 * TITLE_MAX), fontfamily=FONT, fontsize=7, color="#555")
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.set_xticks([])
    if not shown:
        axes.set_axis_off()
        axes.text(0.5, 0.5, empty_label, ha="center", va="center", fontfamily=FONT)
    else:
        values = [value for _, value in shown]
        colours = [BAR_COLOUR] * len(shown)
        if grouped:
            colours[0] = OTHER_COLOUR
        drawn = axes.barh(range(len(shown)), values, color=colours, height=0.7)
        axes.set_yticks(
            range(len(shown)),
            [_clip(label, LABEL_MAX) for label, _ in shown],
            fontfamily=FONT,
            fontsize=8,
        )
        axes.bar_label(drawn, [number(v) for v in values], padding=3, fontfamily=FONT, fontsize=8)
        axes.set_xlim(0, max(*values, 1) * 1.15)  # room for the numbers after the bars
        axes.tick_params(axis="y", length=0)
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
