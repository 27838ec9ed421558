"""`roster cards`: the A4 PDF read back, the PNG cards' QR codes read module by module."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from bot.cli.main import main
from bot.ui.cards import (
    CARD_MM,
    MM_PER_INCH,
    PER_PAGE,
    PNG_DPI,
    QR_BORDER,
    Card,
    fit,
    png_size,
    qr_boxes,
    qr_modules,
    text_width,
)
from tests import test_cli_roster as roster_tests
from tests.test_cli_roster import BOT_USERNAME, ZALO_LINK, invites, roster_rows, write_csv

# The doubles answering getMe (the fresh database, cli_env, is tests/cli_fixtures.py's).
telegram_double = roster_tests.telegram_double
zalo_double = roster_tests.zalo_double

TEAMS = 10  # two pages: 8 + 2


def imported(tmp_path: Path, count: int = TEAMS) -> dict[str, str]:
    """Import `count` teams (12 per commune); return their invite codes by team code."""
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(count)))]) == 0
    return invites(tmp_path / "data" / "cns.sqlite3")


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def test_pdf_has_a_card_per_team_eight_to_a_page(
    cli_env: Path, tmp_path: Path, capsys, telegram_double, zalo_double
) -> None:
    codes = imported(tmp_path)
    capsys.readouterr()
    out = tmp_path / "print" / "cards.pdf"
    assert main(["roster", "cards", "--out", str(out)]) == 0
    assert capsys.readouterr().err == f"Wrote {TEAMS} cards on 2 pages to {out}.\n"

    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == math.ceil(TEAMS / PER_PAGE) == 2
    width, height = (float(side) * MM_PER_INCH / 72 for side in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (210, 297)  # A4
    pages = pdf_pages(out)
    # Ordered by area, then team code.
    for n, team_code in enumerate(sorted(codes)):
        code = codes[team_code]
        page = pages[n // PER_PAGE]
        assert f"gõ mã mời\n{code}" in page or f"gõ mã mời {code}" in page
        assert f"{code[:5]} {code[5:]}" in page  # in large type, in two groups
        assert f"Tổ CNSCĐ số {int(team_code[2:])}\n" in page
    assert "Thôn 1 · Xã Số 1" in pages[0] and "Tỉnh Lào Cai" in pages[0]
    assert "Telegram: quét mã Telegram, bấm Bắt đầu" in pages[0]
    assert pages[0].count("Zalo\n") >= PER_PAGE and pages[0].count("MÃ MỜI") == PER_PAGE
    assert pages[1].count("MÃ MỜI") == TEAMS - PER_PAGE


def test_area_filter(cli_env: Path, tmp_path: Path, capsys, telegram_double) -> None:
    codes = imported(tmp_path, 14)
    out = tmp_path / "xa-so-2.pdf"
    assert main(["roster", "cards", "--out", str(out), "--area", "lao-cai/xa-so-2"]) == 0
    (page,) = pdf_pages(out)
    inside = {team for team in codes if int(team[2:]) >= 12}  # the 13th team on: Xã Số 2
    assert len(inside) == 2
    for team, code in codes.items():
        assert (code in page) == (team in inside)
    assert "Xã Số 1" not in page
    capsys.readouterr()
    assert main(["roster", "cards", "--out", str(out), "--area", "nowhere"]) == 1
    assert "Unknown area code 'nowhere'" in capsys.readouterr().err


def dark_modules(image: Image.Image, card: Card) -> list[tuple[str, list[list[bool]]]]:
    """Read each QR code off a card PNG: sample the centre of every module."""
    grey = image.convert("L")
    px_per_mm = PNG_DPI / MM_PER_INCH
    found = []
    for box in qr_boxes(card):
        unit = box.module()
        size = len(qr_modules(box.content))
        rows = []
        for r in range(size):
            y_mm = box.y + box.size - (QR_BORDER + r + 0.5) * unit
            row = []
            for c in range(size):
                x_mm = box.x + (QR_BORDER + c + 0.5) * unit
                pixel = grey.getpixel((x_mm * px_per_mm, (CARD_MM[1] - y_mm) * px_per_mm))
                row.append(isinstance(pixel, int) and pixel < 128)
            rows.append(row)
        found.append((box.content, rows))
    return found


def test_png_cards_and_their_qr_codes(
    cli_env: Path, tmp_path: Path, capsys, telegram_double, zalo_double
) -> None:
    codes = imported(tmp_path, 3)
    capsys.readouterr()
    assert main(["roster", "cards", "--png", str(tmp_path / "png")]) == 0
    assert capsys.readouterr().err == f"Wrote 3 cards to {tmp_path / 'png'}.\n"
    written = sorted((tmp_path / "png").iterdir())
    assert [path.name for path in written] == ["LC00000.png", "LC00001.png", "LC00002.png"]
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            assert image.size == png_size() == (1122, 803)
            code = codes[path.stem]
            deep_link = f"https://t.me/{BOT_USERNAME}?start={code}"  # the username from getMe
            # Only where the modules are read matters: the layout follows the QR contents.
            card = Card("", "", "", code, "", (("Zalo", ZALO_LINK), ("Telegram", deep_link)),
                        ("", ""))  # fmt: skip
            read = dark_modules(image, card)
        assert [content for content, _ in read] == [ZALO_LINK, deep_link]
        for content, modules in read:
            assert modules == qr_modules(content)


@pytest.mark.skipif(
    shutil.which("zbarimg") is None,
    reason="zbarimg (apt install zbar-tools) is not installed here;"
    " test_png_cards_and_their_qr_codes reads the same modules without it",
)
def test_a_qr_reader_reads_the_cards(
    cli_env: Path, tmp_path: Path, capsys, telegram_double, zalo_double
) -> None:
    codes = imported(tmp_path, 1)
    assert main(["roster", "cards", "--png", str(tmp_path / "png")]) == 0
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "png" / "LC00000.png")],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert sorted(result.stdout.split()) == sorted(
        [ZALO_LINK, f"https://t.me/{BOT_USERNAME}?start={codes['LC00000']}"]
    )


def test_one_messenger_one_qr_code(cli_env: Path, tmp_path: Path, capsys, zalo_double) -> None:
    codes = imported(tmp_path, 2)
    out = tmp_path / "cards.pdf"
    assert main(["roster", "cards", "--out", str(out), "--png", str(tmp_path / "png")]) == 0
    (page,) = pdf_pages(out)
    assert "Telegram" not in page and "t.me" not in page
    assert f"Mở Zalo, quét mã QR, rồi gõ mã mời {codes['LC00000']} vào khung chat." in page
    with Image.open(tmp_path / "png" / "LC00000.png") as image:
        card = Card("", "", "", codes["LC00000"], "", (("Zalo", ZALO_LINK),), ("", ""))
        ((content, modules),) = dark_modules(image, card)
    assert content == ZALO_LINK and modules == qr_modules(ZALO_LINK)


def test_telegram_only_username_from_get_me(
    cli_env: Path, tmp_path: Path, capsys, telegram_double
) -> None:
    codes = imported(tmp_path, 1)
    out = tmp_path / "cards.pdf"
    assert main(["roster", "cards", "--out", str(out)]) == 0
    (page,) = pdf_pages(out)
    assert "Zalo" not in page
    assert "Mở Telegram, quét mã QR, bấm Bắt đầu." in page
    assert f"Tìm @{BOT_USERNAME} và gõ mã mời {codes['LC00000']}." in " ".join(page.split())


def test_cards_need_every_link(cli_env: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    imported(tmp_path, 2)
    capsys.readouterr()
    out = tmp_path / "cards.pdf"
    assert main(["roster", "cards", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "set BOT_USERNAME" in err and "ZALO_BOT_LINK" in err
    assert "No cards written: they need each messenger's link." in err
    assert not out.exists()
    monkeypatch.setenv("BOT_USERNAME", "@cns_named_bot")
    monkeypatch.setenv("ZALO_BOT_LINK", "https://zalo.me/bot.named")
    assert main(["roster", "cards", "--out", str(out)]) == 0  # no token: nothing to ask
    assert "Zalo: mở Zalo, quét mã Zalo" in pdf_pages(out)[0]
    assert main(["roster", "cards"]) == 2
    assert "--out FILE.pdf or --png DIR" in capsys.readouterr().err


def test_long_names_shrink_then_end_in_an_ellipsis() -> None:
    name = "Tổ công nghệ số cộng đồng " * 6
    lines, size = fit(name, 12.0, 50.0, 2, bold=True)
    assert len(lines) == 2 and size < 12.0 and lines[-1].endswith("…")
    assert all(text_width(line, size, bold=True) <= 50.0 for line in lines)
    lines, size = fit("Tổ Nà Phung", 12.0, 50.0, 2, bold=True)
    assert (lines, size) == (["Tổ Nà Phung"], 12.0)


def test_png_size_follows_the_resolution() -> None:
    assert png_size(150) == (561, 402)
