"""Targets files (CSV or XLSX): one target per row, checked whole, imported in one transaction.

Columns: indicator (a form indicator id or its label), area_code (a roster area code), period
("2026-11" or "11/2026" for a month, "2026" for a year) and target (a whole number of at least
1). Vietnamese headers work too — chỉ tiêu, mã địa bàn, kỳ, mục tiêu — matched like roster
headers, without case or diacritics.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.domain.form import Form
from bot.domain.numbers import parse_count
from bot.domain.tabular import Problem, ascii_key, header_names, read_cells, to_table
from storage import areas, audit, targets

COLUMNS = ("indicator", "area_code", "period", "target")
ALIASES = {
    "indicator": "chỉ tiêu | mã chỉ tiêu | indicator id",
    "area_code": "mã địa bàn | mã khu vực | area | mã",
    "period": "kỳ | kỳ chỉ tiêu | thời kỳ | tháng/năm",
    "target": "mục tiêu | giá trị | chỉ tiêu giao | value",
}
HEADERS = header_names(COLUMNS, ALIASES)
TARGET_MAX = 1_000_000_000
_YEAR = r"(20[2-9][0-9])"
# A month as typed ("2026-11", "11/2026", "tháng 11/2026") or as Excel keeps a date cell.
_MONTH = (
    re.compile(rf"{_YEAR}-([0-9]{{1,2}})(?:-01(?: 00:00:00)?)?"),
    re.compile(rf"(?:tháng|t)?\s*([0-9]{{1,2}})[/.-]{_YEAR}"),
)
_YEAR_ONLY = re.compile(rf"(?:năm)?\s*{_YEAR}")


@dataclass(frozen=True, slots=True)
class TargetRow:
    row: int
    indicator: str
    area_code: str
    period: str
    value: int


@dataclass(frozen=True, slots=True)
class Counts:
    added: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"Targets: {self.added} added, {self.updated} updated, {self.unchanged} unchanged."


@dataclass(frozen=True, slots=True)
class TargetsFile:
    rows: list[TargetRow]  # the rows without problems
    problems: list[Problem]
    area_rows: dict[str, list[int]]  # every area code named, with the rows that name it


class InvalidTargets(Exception):
    """The file has problems, its own or with the database's areas; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def parse_period(text: str) -> str | None:
    """Return "YYYY-MM" or "YYYY" for a period as people write it, or None."""
    text = text.strip().lower()
    for pattern in _MONTH:
        if match := pattern.fullmatch(text):
            year, month = match.groups() if pattern is _MONTH[0] else match.groups()[::-1]
            return f"{year}-{int(month):02}" if 1 <= int(month) <= 12 else None
    match = _YEAR_ONLY.fullmatch(text)
    return match[1] if match else None


def _indicator_names(form: Form) -> dict[str, str]:
    return {
        ascii_key(name): indicator.id
        for indicator in form.indicators.values()
        for name in (indicator.id, indicator.vi, indicator.en)
    }


def _parse_row(
    number: int, row: dict[str, str], names: dict[str, str], problems: list[Problem]
) -> TargetRow | None:
    before = len(problems)
    indicator = names.get(ascii_key(row["indicator"]))
    if indicator is None:
        close = difflib.get_close_matches(row["indicator"], list(names.values()), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        problems.append(Problem(number, f"unknown indicator {row['indicator']!r}{hint}"))
    if not row["area_code"]:
        problems.append(Problem(number, "missing area code"))
    period = parse_period(row["period"])
    if period is None:
        problems.append(
            Problem(number, f"period {row['period']!r} is not a month (2026-11) or year (2026)")
        )
    value = parse_count(row["target"], minimum=1, maximum=TARGET_MAX)
    if not isinstance(value, int):
        problems.append(
            Problem(number, f"target {row['target']!r} is not a whole number of at least 1")
        )
    if len(problems) > before:
        return None
    return TargetRow(number, indicator, row["area_code"], period, value)


def read_targets(path: Path, form: Form) -> TargetsFile:
    """Read and check a targets file; UnreadableFile if it is not a CSV or XLSX table."""
    table = to_table(read_cells(path), HEADERS, COLUMNS)
    if table.problems:
        return TargetsFile([], table.problems, {})
    problems: list[Problem] = []
    names = _indicator_names(form)
    found: list[TargetRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    area_rows: dict[str, list[int]] = {}
    for number, row in table.rows:
        if row["area_code"]:
            area_rows.setdefault(row["area_code"], []).append(number)
        parsed = _parse_row(number, row, names, problems)
        if parsed is None:
            continue
        key = (parsed.indicator, parsed.area_code, parsed.period)
        if key in seen:
            problems.append(Problem(number, f"the same target as row {seen[key]}"))
        seen.setdefault(key, number)
        found.append(parsed)
    return TargetsFile(found, problems, area_rows)


async def import_targets(
    conn: aiosqlite.Connection, file: TargetsFile, *, file_name: str, now: str
) -> Counts:
    """Check the file's area codes, then write every row in the caller's transaction.

    Any problem, in the file or with an area code, raises InvalidTargets with all of them,
    in row order, before anything is written.
    """
    area_ids: dict[str, int] = {}
    problems = list(file.problems)
    for code, rows in file.area_rows.items():
        area = await areas.get_by_code(conn, code)
        if area is None:
            problems.extend(Problem(row, f"unknown area code {code!r}") for row in rows)
        else:
            area_ids[code] = area.id
    if problems:
        raise InvalidTargets(sorted(problems, key=lambda problem: problem.row or 0))
    outcomes = {"added": 0, "updated": 0, "unchanged": 0}
    for row in file.rows:
        outcome = await targets.upsert(
            conn,
            indicator=row.indicator,
            area_id=area_ids[row.area_code],
            period=row.period,
            value=row.value,
            now=now,
        )
        outcomes[outcome] += 1
    await audit.record(
        conn,
        actor_id=None,
        action="targets.import",
        detail={"file": file_name, **outcomes},
        now=now,
    )
    return Counts(**outcomes)
