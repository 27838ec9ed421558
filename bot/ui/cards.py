"""Printable invite cards: one card per team, eight to an A4 page (PDF) or one per PNG.

A card shows the team, its village and commune, the invite code in large type, a QR code for
each messenger the deployment serves and two lines telling the member what to do. Telegram's
QR is the team's deep link (t.me/<bot>?start=<code>), which joins the team by itself; Zalo's
opens the bot's chat, the same for every team, and the member types the code printed beside it.

Drawn with matplotlib's object API (no pyplot) in millimetres. Text is set in DejaVu Sans
(matplotlib ships it; it has every Vietnamese letter) and embedded as TrueType (pdf.fonttype
42), so the PDF's text can be searched and copied. QR codes are vector squares, sharp at any
printer resolution. Texts are NFC-normalised: matplotlib places each code point on its own.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import segno

from bot.core.i18n import Texts

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ft2font import FT2Font
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Transform

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH
PAGE_MM = (210.0, 297.0)  # A4 portrait
COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
CARD_MM = (95.0, 68.0)  # fits a 2 × 4 grid with 10 mm and 12.5 mm margins for cut marks
PAD_MM = 4.0
GAP_MM = 3.0  # between the text column and the QR codes
QR_ONE_MM = 34.0  # one messenger: one larger QR code
QR_TWO_MM = 24.5  # two messengers: two QR codes stacked
QR_LABEL_MM = 3.5
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules (inside the QR's box)
PNG_DPI = 300
FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"
GREY = "#555555"
MARK_MM = 5.0  # cut mark length, in the page margin
ONE_LINE_SHRINK = 0.85  # how much smaller a line may get before it wraps instead
CODE_GROUP = 5  # "K7M2Q X9P4B": two groups read and type more easily than ten letters


@dataclass(frozen=True, slots=True)
class Card:
    """What one team's card says; `qrs` are (label, content) pairs, top to bottom."""

    team: str
    place: str  # "Thôn Nà Phung · Xã Bảo Yên"
    province: str
    code: str
    code_label: str
    qrs: tuple[tuple[str, str], ...]
    steps: tuple[str, str]


@dataclass(frozen=True, slots=True)
class QrBox:
    """Where one QR code sits on its card, in mm from the card's bottom-left corner."""

    label: str
    content: str
    x: float
    y: float
    size: float  # the square, quiet zone included

    def module(self) -> float:
        """The side of one module, in mm."""
        return self.size / (qr_matrix_size(self.content) + 2 * QR_BORDER)


def card_steps(
    texts: Texts, language: str, code: str, channels: Sequence[str], telegram_bot: str | None
) -> tuple[str, str]:
    """The two lines of instructions for the messengers shown on the card."""
    if "zalo" in channels and "telegram" in channels:
        return (
            texts.plain(language, "card-zalo-step", code=code),
            texts.plain(language, "card-telegram-step"),
        )
    if "zalo" in channels:
        return (
            texts.plain(language, "card-zalo-only", code=code),
            texts.plain(language, "card-zalo-only-then"),
        )
    return (
        texts.plain(language, "card-telegram-only"),
        texts.plain(language, "card-telegram-only-then", bot=telegram_bot or "", code=code),
    )


def qr_boxes(card: Card) -> list[QrBox]:
    """Place the card's QR codes along its right edge, from the top."""
    width, height = CARD_MM
    size = QR_ONE_MM if len(card.qrs) == 1 else QR_TWO_MM
    boxes = []
    top = height - PAD_MM
    for label, content in card.qrs:
        boxes.append(QrBox(label, content, width - PAD_MM - size, top - size, size))
        top -= size + QR_LABEL_MM + 1.0
    return boxes


@lru_cache(maxsize=256)
def _qr(content: str) -> segno.QRCode:
    return segno.make_qr(content, error="m")


def qr_matrix_size(content: str) -> int:
    """Modules along one side of the content's QR code, quiet zone left out."""
    return len(_qr(content).matrix)


def qr_modules(content: str) -> list[list[bool]]:
    """The content's QR code as rows of dark (True) modules, top row first, no quiet zone."""
    return [[bool(cell) for cell in row] for row in _qr(content).matrix]


def grouped(code: str) -> str:
    """Write an invite code in groups for reading aloud and typing: "K7M2Q X9P4B"."""
    return " ".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


@lru_cache(maxsize=8)
def _font(bold: bool, mono: bool) -> FT2Font:
    from matplotlib.font_manager import FontProperties, findfont, get_font

    prop = FontProperties(family=MONO if mono else FONT, weight="bold" if bold else "normal")
    return get_font(findfont(prop))


@lru_cache(maxsize=4096)
def _advance(char: str, bold: bool, mono: bool) -> float:
    """How far one character moves the pen at 1 pt, in mm."""
    font = _font(bold, mono)
    font.set_size(100, 72)  # 72 dpi: one pixel is one point
    return float(font.load_char(ord(char)).linearHoriAdvance) / 65536 / 100 / PT_PER_MM


def text_width(text: str, size: float, bold: bool = False, mono: bool = False) -> float:
    """The width of one line of text, in mm: the sum of its characters' advances, which is
    what matplotlib lays out less kerning (FreeType's own layout costs 5 ms a line)."""
    return size * sum(_advance(char, bold, mono) for char in text)


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Break text into lines no wider than `width` mm (a word longer than a line stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def fit(
    text: str, size: float, width: float, max_lines: int, bold: bool = False, smallest: float = 6
) -> tuple[list[str], float]:
    """Wrap text into at most `max_lines` lines, shrinking it down to `smallest` pt to fit;
    what still does not fit ends in "…"."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    # One line a little smaller reads better than two ("Tổ CNSCĐ thôn Nà / Phung").
    one_line = max(size * ONE_LINE_SHRINK, smallest)
    if max_lines > 1 and text_width(text, one_line, bold) <= width:
        return [text], min(size, width / text_width(text, 1.0, bold))
    while True:
        lines = wrap(text, size, width, bold)
        fits = len(lines) <= max_lines and all(text_width(x, size, bold) <= width for x in lines)
        if fits or size <= smallest:
            break
        size -= 0.5
    if len(lines) > max_lines or any(text_width(x, size, bold) > width for x in lines):
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size, bold) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines, size


def _qr_path(box: QrBox, x0: float, y0: float) -> MplPath:
    """The QR code's dark modules as one path, in mm on the page (runs merged per row)."""
    from matplotlib.path import Path as MplPath

    unit = box.module()
    left = x0 + box.x + QR_BORDER * unit
    top = y0 + box.y + box.size - QR_BORDER * unit
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    move, line, close = int(MplPath.MOVETO), int(MplPath.LINETO), int(MplPath.CLOSEPOLY)
    for r, row in enumerate(qr_modules(box.content)):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            x1, x2 = left + start * unit, left + c * unit
            y1, y2 = top - (r + 1) * unit, top - r * unit
            vertices += [(x1, y1), (x2, y1), (x2, y2), (x1, y2), (x1, y1)]
            codes += [move, line, line, line, close]
    return MplPath(vertices, codes)


def _draw_card(figure: Figure, mm: Transform, card: Card, x0: float, y0: float) -> None:
    """Draw one card with its bottom-left corner at (x0, y0) mm on the figure."""
    from matplotlib.patches import PathPatch

    width, height = CARD_MM
    boxes = qr_boxes(card)
    column = width - 2 * PAD_MM - GAP_MM - (boxes[0].size if boxes else 0)

    def put(x: float, y: float, text: str, size: float, **style: Any) -> None:
        figure.text(
            x0 + x, y0 + y, text, transform=mm, fontsize=size, va="top", ha="left",
            **{"family": FONT, **style},
        )  # fmt: skip

    y = height - PAD_MM
    for text, largest, lines, style in (
        (card.team, 12.0, 2, {"weight": "bold"}),
        (card.place, 8.5, 2, {}),
        (card.province, 7.5, 1, {"color": GREY}),
    ):
        if not text:
            continue
        wrapped, size = fit(text, largest, column, lines, bold=style.get("weight") == "bold")
        for line in wrapped:
            put(PAD_MM, y, line, size, **style)
            y -= size / PT_PER_MM * 1.25
        y -= 0.8

    # The code sits at the same height on every card, whatever the header took.
    code_top = 31.0
    put(PAD_MM, code_top, card.code_label.upper(), 7.0, color=GREY)
    code_size = 21.0
    while text_width(grouped(card.code), code_size, True, True) > column and code_size > 12:
        code_size -= 1
    put(PAD_MM, code_top - 3.4, grouped(card.code), code_size, family=MONO, weight="bold")

    # Under a single QR code the steps may run the card's whole width.
    line_mm = 7.0 / PT_PER_MM * 1.3
    steps: list[str] = []
    for step_width in (width - 2 * PAD_MM, column):
        steps = [
            line for step in card.steps for line in fit(step, 7.0, step_width, 2, smallest=7.0)[0]
        ]
        below = min((box.y for box in boxes), default=height) - QR_LABEL_MM - 1.0
        if PAD_MM + line_mm * len(steps) <= below:
            break
    y = PAD_MM + line_mm * len(steps)
    for line in steps:
        put(PAD_MM, y, line, 7.0)
        y -= line_mm

    for box in boxes:
        figure.add_artist(
            PathPatch(_qr_path(box, x0, y0), transform=mm, facecolor="black", linewidth=0)
        )
        figure.text(
            x0 + box.x + box.size / 2, y0 + box.y - 0.3, box.label, transform=mm, fontsize=8,
            va="top", ha="center", family=FONT, weight="bold",
        )  # fmt: skip


def _figure(size_mm: tuple[float, float]) -> tuple[Figure, Transform]:
    from matplotlib.figure import Figure
    from matplotlib.transforms import Affine2D

    figure = Figure(figsize=(size_mm[0] / MM_PER_INCH, size_mm[1] / MM_PER_INCH))
    figure.patch.set_facecolor("white")
    mm = Affine2D().scale(1 / size_mm[0], 1 / size_mm[1]) + figure.transFigure
    return figure, mm


def _cut_marks(figure: Figure, mm: Transform, origin: tuple[float, float]) -> None:
    """Short lines in the margins where the page is cut, and a faint line around each card."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    left, bottom = origin
    right, top = left + COLUMNS * CARD_MM[0], bottom + ROWS * CARD_MM[1]
    for i in range(COLUMNS + 1):
        x = left + i * CARD_MM[0]
        for y1, y2 in ((top + 1, top + 1 + MARK_MM), (bottom - 1 - MARK_MM, bottom - 1)):
            figure.add_artist(Line2D([x, x], [y1, y2], transform=mm, color="black", lw=0.4))
    for j in range(ROWS + 1):
        y = bottom + j * CARD_MM[1]
        for x1, x2 in ((left - 1 - MARK_MM, left - 1), (right + 1, right + 1 + MARK_MM)):
            figure.add_artist(Line2D([x1, x2], [y, y], transform=mm, color="black", lw=0.4))
    for i in range(COLUMNS):
        for j in range(ROWS):
            corner = (left + i * CARD_MM[0], bottom + j * CARD_MM[1])
            figure.add_artist(
                Rectangle(
                    corner,
                    *CARD_MM,
                    transform=mm,
                    fill=False,
                    edgecolor="#cccccc",
                    lw=0.3,
                    linestyle=(0, (2, 2)),
                )
            )


def page_count(cards: int) -> int:
    """A4 pages needed for this many cards."""
    return math.ceil(cards / PER_PAGE)


def write_pdf(cards: Iterable[Card], path: Path, title: str = "Invite cards") -> int:
    """Write the cards, eight to an A4 page, left to right and top to bottom; return pages."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    origin = ((PAGE_MM[0] - COLUMNS * CARD_MM[0]) / 2, (PAGE_MM[1] - ROWS * CARD_MM[1]) / 2)
    listed = list(cards)
    with (
        rc_context({"pdf.fonttype": 42}),
        PdfPages(path, metadata={"Title": title, "Creator": "cns-bot"}) as pdf,
    ):
        for first in range(0, len(listed), PER_PAGE):
            figure, mm = _figure(PAGE_MM)
            _cut_marks(figure, mm, origin)
            for n, card in enumerate(listed[first : first + PER_PAGE]):
                column, row = n % COLUMNS, n // COLUMNS
                x0 = origin[0] + column * CARD_MM[0]
                y0 = origin[1] + (ROWS - 1 - row) * CARD_MM[1]
                _draw_card(figure, mm, card, x0, y0)
            pdf.savefig(figure)
    return page_count(len(listed))


def card_png(card: Card, dpi: int = PNG_DPI) -> bytes:
    """Draw one card alone, edge to edge, as a PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure, mm = _figure(CARD_MM)
    FigureCanvasAgg(figure)
    _draw_card(figure, mm, card, 0.0, 0.0)
    out = BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def png_size(dpi: int = PNG_DPI) -> tuple[int, int]:
    """A card PNG's width and height in pixels."""
    return round(CARD_MM[0] / MM_PER_INCH * dpi), round(CARD_MM[1] / MM_PER_INCH * dpi)
