"""Read a roster file (CSV or XLSX) into rows of named cells, whatever the header language.

Headers are matched by their folded form: lower case, Vietnamese diacritics removed ("đ" → "d"),
and everything but letters and digits dropped, so "Xã/Phường", "xa phuong" and "XÃ, PHƯỜNG"
are one header. Unknown columns (STT, ghi chú, ...) are ignored. The header is the first row,
among the first few, that has a known header; rows keep their spreadsheet numbers.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

REQUIRED = ("team_code", "team_name", "province", "commune")
OPTIONAL = (
    "district",
    "village",
    "leader_name",
    "leader_phone",
    "province_code",
    "district_code",
    "commune_code",
    "village_code",
)
# Other names each column may have; matched after ascii_key(), so "Mã Tổ" or "ma to" work too.
ALIASES = {
    "team_code": (
        "mã tổ | mã tổ cns | mã tổ cnscđ | mã tổ công nghệ số | mã tổ công nghệ số cộng đồng"
    ),
    "team_name": (
        "team | tên tổ | tên tổ cns | tên tổ cnscđ | tên tổ công nghệ số"
        " | tên tổ công nghệ số cộng đồng"
    ),
    "province": "tỉnh | tỉnh/thành phố | tỉnh/thành | tỉnh/tp",
    "district": (
        "quận/huyện | quận | huyện | huyện/thị xã/thành phố | quận/huyện/thị xã/thành phố"
    ),
    "commune": (
        "ward | xã/phường | xã | phường | phường/xã | xã/phường/đặc khu"
        " | xã/phường/thị trấn | đặc khu"
    ),
    "village": (
        "thôn/tổ dân phố | thôn | tổ dân phố | bản | thôn/bản | thôn/tdp | thôn/bản/tổ dân phố"
    ),
    "leader_name": "leader | tổ trưởng | tên tổ trưởng | họ tên tổ trưởng | họ và tên tổ trưởng",
    "leader_phone": (
        "phone | số điện thoại | điện thoại | sđt | số điện thoại tổ trưởng"
        " | điện thoại tổ trưởng | sđt tổ trưởng"
    ),
    "province_code": "mã tỉnh | mã tỉnh/thành phố",
    "district_code": "mã quận/huyện | mã huyện | mã quận",
    "commune_code": (
        "mã xã/phường | mã xã | mã phường | mã xã/phường/đặc khu | mã xã/phường/thị trấn"
    ),
    "village_code": "mã thôn/tổ dân phố | mã thôn | mã tổ dân phố",
}
HEADER_SEARCH_ROWS = 10
DELIMITERS = ",;\t"


class UnreadableFile(Exception):
    """The file cannot be read as a table at all (wrong format, not UTF-8, corrupt)."""


@dataclass(frozen=True, slots=True)
class Problem:
    row: int | None
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row else self.message


@dataclass(frozen=True, slots=True)
class Table:
    columns: frozenset[str]
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Problem]


def ascii_key(text: str) -> str:
    """Return `text` lower-cased, without diacritics, keeping only ASCII letters and digits."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def header_names(fields: tuple[str, ...], aliases: dict[str, str]) -> dict[str, str]:
    """Map each header a column may have, as ascii_key() reads it, to its field name."""
    return {ascii_key(field): field for field in fields} | {
        ascii_key(alias): field for field, names in aliases.items() for alias in names.split(" | ")
    }


HEADERS = header_names(REQUIRED + OPTIONAL, ALIASES)


def clean(value: object) -> str:
    """Render one cell as trimmed NFC text; whole-number floats lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("it is not UTF-8 text; in Excel, save it as 'CSV UTF-8'") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(path: Path) -> list[tuple[object, ...]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile(f"it is not a readable .xlsx workbook ({error})") from None
    try:
        sheet = workbook.active
        # Some generators write a wrong sheet size; read every row that is really there.
        sheet.reset_dimensions()
        return list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_cells(path: Path) -> list[list[str]]:
    """Return the cleaned cells of the file's (active) sheet, one list per spreadsheet row."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            raw: list = _csv_rows(path)
        elif suffix in (".xlsx", ".xlsm"):
            raw = _xlsx_rows(path)
        else:
            raise UnreadableFile("only .csv and .xlsx files are accepted (save .xls as .xlsx)")
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None
    return [[clean(value) for value in row] for row in raw]


def _header(
    cells: list[list[str]], headers: dict[str, str], required: tuple[str, ...]
) -> tuple[int, dict[int, str], list[Problem]] | None:
    for number, row in enumerate(cells[:HEADER_SEARCH_ROWS], start=1):
        known = {
            i: headers[key] for i, cell in enumerate(row) if (key := ascii_key(cell)) in headers
        }
        if not known:
            continue
        problems = []
        seen: dict[str, int] = {}
        for index, field in known.items():
            if field in seen:
                problems.append(
                    Problem(number, f"columns {seen[field] + 1} and {index + 1} both mean {field}")
                )
            seen.setdefault(field, index)
        missing = [field for field in required if field not in seen]
        if missing:
            problems.append(Problem(number, f"missing column(s): {', '.join(missing)}"))
        return number, known, problems
    return None


def to_table(
    cells: list[list[str]],
    headers: dict[str, str] = HEADERS,
    required: tuple[str, ...] = REQUIRED,
) -> Table:
    """Find the header, name every cell below it and drop blank rows.

    `headers` (from header_names) and `required` say which table: the roster's by default.
    """
    header = _header(cells, headers, required)
    if header is None:
        expected = ", ".join(required)
        problem = Problem(None, f"no header row found; expected columns {expected}")
        return Table(frozenset(), [], [problem])
    header_row, fields, problems = header
    rows = []
    for number, row in enumerate(cells[header_row:], start=header_row + 1):
        if not any(row):
            continue
        named = {field: row[index] if index < len(row) else "" for index, field in fields.items()}
        rows.append((number, named))
    return Table(frozenset(fields.values()), rows, problems)


def read_table(path: Path) -> Table:
    """Read a roster file; raise UnreadableFile if it is not a CSV or XLSX table."""
    return to_table(read_cells(path))
