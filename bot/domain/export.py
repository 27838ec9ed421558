"""Excel (XLSX) and CSV exports of an area's reports, streamed so memory stays flat.

Sheets: Reports (one row per report; "Reports (2)", … past Excel's row limit), Summary (totals
per area of the subtree, with targets) and Members (phones only when asked for).
"""

from __future__ import annotations

import calendar
import csv
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import IO, Any

import aiosqlite
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.core.i18n import Texts
from bot.domain.form import Form
from bot.domain.phones import display_phone
from storage import areas, audit, evidence
from storage import export as store
from storage.areas import Area
from storage.db import Database

EXCEL_MAX_ROWS = 1_048_576  # per sheet, header included
PROGRESS_EVERY = 5000  # report rows between progress calls
REPORTS, SUMMARY, MEMBERS = "Reports", "Summary", "Members"
_BOLD = Font(bold=True)
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheet apps would evaluate

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Export:
    """What to export (an area subtree, dates first..last inclusive) and how to label it."""

    area: Area
    first: date
    last: date
    form: Form
    texts: Texts
    tz: tzinfo
    language: str = "vi"
    with_phone: bool = False
    # The Reports sheet's evidence column (see the end of this module); None: no such column.
    evidence: EvidenceColumn | None = None

    def text(self, text_id: str, **args: object) -> str:
        """Render a catalog text for a cell."""
        return self.texts.plain(self.language, text_id, **args)

    def indicator(self, indicator_id: str) -> str:
        """Label an indicator column; one the form no longer has keeps its id."""
        known = self.form.indicators.get(indicator_id)
        return known.label(self.language) if known else indicator_id


def target_period(first: date, last: date) -> str | None:
    """Return the targets' period an export spans: one whole month, one whole year, or None."""
    month_end = calendar.monthrange(first.year, first.month)[1]
    if first.day == 1 and last == first.replace(day=month_end):
        return f"{first:%Y-%m}"
    if (first, last) == (date(first.year, 1, 1), date(first.year, 12, 31)):
        return f"{first:%Y}"
    return None


def _natural(text: str) -> tuple[Any, ...]:
    """Order "Thôn 2" before "Thôn 10"."""
    return tuple(
        int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)
    )


def _ids(area: Area) -> list[int]:
    return [int(part) for part in area.path.strip("/").split("/")]


async def _area_labels(conn: aiosqlite.Connection, top: Area) -> tuple[list[Area], dict[int, str]]:
    """Return the subtree's areas and their labels from the root: "Lào Cai › Xã Bảo Yên"."""
    within = await store.areas_within(conn, top.path)
    names = {area.id: area.name for area in [*await areas.ancestors(conn, top), *within]}
    return within, {area.id: " › ".join(names[i] for i in _ids(area)) for area in within}


class _Reports:
    """The Reports columns, and how one stored report becomes one row."""

    def __init__(self, export: Export, labels: dict[int, str], indicators: list[str]) -> None:
        self.export, self.labels, self.indicators = export, labels, indicators
        self.erased = export.text("export-erased")

    def header(self) -> list[str]:
        text = self.export.text
        head = ["date", "area", "team-code", "team", "member", "category"]
        return [
            *(text(f"export-col-{column}") for column in head),
            *map(self.export.indicator, self.indicators),
            *(text(f"export-col-{column}") for column in ("note", "created", "updated")),
        ]

    def widths(self) -> list[int]:
        return [11, 45, 12, 28, 24, 34, *[14] * len(self.indicators), 40, 17, 17]

    def _local(self, stamp: str) -> datetime:
        return datetime.fromisoformat(stamp).astimezone(self.export.tz).replace(tzinfo=None)

    def row(self, report: store.ReportRow) -> list[Any]:
        category = self.export.form.category(report.category)
        erased = report.member_status == "erased"
        return [
            date.fromisoformat(report.report_date),
            self.labels.get(report.area_id, ""),
            report.team_code,
            report.team_name,
            self.erased if erased else report.member_name,
            category.label(self.export.language) if category else report.category,
            *(report.values.get(indicator) for indicator in self.indicators),
            report.note,
            self._local(report.created_at),
            self._local(report.updated_at),
        ]


def _text_cell(sheet: Any, value: str) -> Any:
    """Keep user text as text: no control characters, and "=…" never becomes a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


class _Sheet:
    """A write-only sheet with a bold, frozen header; continues in "Title (2)" when full."""

    def __init__(
        self, book: Workbook, title: str, header: list[str], widths: list[int], max_rows: int
    ) -> None:
        self.book, self.title, self.header, self.widths = book, title, header, widths
        self.max_rows, self.sheets = max_rows, 0
        self._open()

    def _open(self) -> None:
        self.sheets += 1
        title = self.title if self.sheets == 1 else f"{self.title} ({self.sheets})"
        self.sheet = self.book.create_sheet(title)
        for number, width in enumerate(self.widths, start=1):
            self.sheet.column_dimensions[get_column_letter(number)].width = width
        self.sheet.freeze_panes = "A2"
        bold = [WriteOnlyCell(self.sheet, label) for label in self.header]
        for cell in bold:
            cell.font = _BOLD
        self.sheet.append(bold)
        self._rows = 1

    def append(self, values: list[Any]) -> None:
        """Add one row, starting the next sheet when this one is full."""
        if self._rows >= self.max_rows:
            self._open()
        sheet = self.sheet
        sheet.append([_text_cell(sheet, v) if type(v) is str else v for v in values])
        self._rows += 1


def _indicators(form: Form, totals: store.AreaTotals) -> list[str]:
    """Return the form's indicators, then any the data holds that the form no longer has."""
    known = form.indicator_ids()
    return known + sorted(totals.indicators() - set(known))


async def _stream(
    conn: aiosqlite.Connection,
    export: Export,
    columns: _Reports | _WithEvidence,
    write: Callable[[list[Any]], None],
    progress: Progress | None,
) -> int:
    count = 0
    async for report in store.reports(conn, export.area.path, export.first, export.last):
        write(columns.row(report))
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    if progress:
        progress(count)
    return count


@dataclass
class _Tally:
    reports: int = 0
    active_teams: int = 0
    teams: int = 0
    values: Counter[str] = field(default_factory=Counter)


def _roll_up(within: list[Area], totals: store.AreaTotals, teams: dict) -> dict[int, _Tally]:
    """Add each area's own numbers to it and to every ancestor inside the subtree."""
    tallies = {area.id: _Tally() for area in within}
    for area in within:
        active, total = teams.get(area.id, (0, 0))
        for ancestor in (i for i in _ids(area) if i in tallies):
            tally = tallies[ancestor]
            tally.reports += totals.reports.get(area.id, 0)
            tally.active_teams += active
            tally.teams += total
            tally.values.update(totals.values.get(area.id, {}))
    return tallies


async def _write_summary(
    conn: aiosqlite.Connection,
    book: Workbook,
    export: Export,
    areas_labels: tuple[list[Area], dict[int, str]],
    totals: store.AreaTotals,
    indicators: list[str],
) -> None:
    within, labels = areas_labels
    period = target_period(export.first, export.last)
    targets = await store.targets_within(conn, export.area.path, period) if period else {}
    aimed = {indicator for by_area in targets.values() for indicator in by_area}
    teams = await store.team_counts(conn, export.area.path)
    tallies = _roll_up(within, totals, teams)
    text = export.text
    header = [text(f"export-col-{c}") for c in ("area", "area-code", "teams", "reports")]
    widths = [45, 22, 10, 12]
    for indicator in indicators:
        label = export.indicator(indicator)
        header.append(label)
        if indicator in aimed:
            header += [
                text("export-col-target", indicator=label),
                text("export-col-percent", indicator=label),
            ]
        widths += [14, 14, 10] if indicator in aimed else [14]
    sheet = _Sheet(book, SUMMARY, header, widths, EXCEL_MAX_ROWS)
    shown = [a for a in within if tallies[a.id].teams]
    for area in sorted(shown, key=lambda a: _natural(labels[a.id])):
        tally, aims = tallies[area.id], targets.get(area.id, {})
        row: list[Any] = [labels[area.id], area.code, tally.active_teams, tally.reports]
        for indicator in indicators:
            done = tally.values.get(indicator, 0)
            row.append(done)
            if indicator in aimed:
                target = aims.get(indicator)
                share = WriteOnlyCell(sheet.sheet, done / target if target else None)
                share.number_format = "0.0%"
                row += [target, share]
        sheet.append(row)


async def _write_members(
    conn: aiosqlite.Connection, book: Workbook, export: Export, labels: dict[int, str]
) -> None:
    text = export.text
    head = ["area", "team-code", "team", "member", "role", "status", "last-report"]
    head += ["phone"] if export.with_phone else []
    widths = [45, 12, 28, 24, 16, 14, 14, 14][: len(head)]
    header = [text(f"export-col-{column}") for column in head]
    sheet = _Sheet(book, MEMBERS, header, widths, EXCEL_MAX_ROWS)
    erased = text("export-erased")
    async for member in store.members(conn, export.area.path):
        gone = member.status == "erased"
        row = [
            labels.get(member.area_id, ""),
            member.team_code,
            member.team_name,
            erased if gone else member.full_name,
            text(f"role-{member.role}"),
            text(f"export-status-{member.status}"),
            date.fromisoformat(member.last_report) if member.last_report else None,
        ]
        if export.with_phone:
            row.append(display_phone(member.phone) if member.phone and not gone else None)
        sheet.append(row)


async def write_xlsx(
    conn: aiosqlite.Connection,
    export: Export,
    out: Path | IO[bytes],
    *,
    max_rows: int = EXCEL_MAX_ROWS,
    progress: Progress | None = None,
) -> int:
    """Write the workbook to a path or binary file; return the number of report rows.

    `conn` should be a `storage.export.snapshot`, so that the sheets agree with each other.
    """
    within, labels = await _area_labels(conn, export.area)
    totals = await store.area_totals(conn, export.area.path, export.first, export.last)
    indicators = _indicators(export.form, totals)
    book = Workbook(write_only=True)
    columns = await _with_evidence(conn, export, _Reports(export, labels, indicators))
    reports = _Sheet(book, REPORTS, columns.header(), columns.widths(), max_rows)
    write = _xlsx_links(reports) if isinstance(columns, _WithEvidence) else reports.append
    rows = await _stream(conn, export, columns, write, progress)
    await _write_summary(conn, book, export, (within, labels), totals, indicators)
    await _write_members(conn, book, export, labels)
    book.save(out)
    return rows


def _csv_text(value: Any) -> Any:
    """Quote text a spreadsheet app would run as a formula (CSV injection)."""
    if type(value) is str and value.startswith(_CSV_FORMULA):
        return "'" + value
    return value


async def write_csv(
    conn: aiosqlite.Connection, export: Export, out: Path, *, progress: Progress | None = None
) -> int:
    """Write the Reports rows as CSV (UTF-8 with BOM, for Excel); return the row count."""
    _, labels = await _area_labels(conn, export.area)
    totals = await store.area_totals(conn, export.area.path, export.first, export.last)
    columns = await _with_evidence(
        conn, export, _Reports(export, labels, _indicators(export.form, totals))
    )
    with out.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns.header())
        return await _stream(
            conn,
            export,
            columns,
            lambda row: writer.writerow(map(_csv_text, map(_link_text, row))),
            progress,
        )


async def record_export(
    db: Database, member_id: int | None, export: Export, rows: int, now: str
) -> None:
    """Record who exported what (area, dates, rows, phones or not) in the audit log."""
    detail = {
        "area": export.area.code,
        "from": export.first.isoformat(),
        "to": export.last.isoformat(),
        "rows": rows,
        "with_phone": export.with_phone,
    }
    async with db.transaction() as conn:
        await audit.record(conn, actor_id=member_id, action="export", detail=detail, now=now)


# --- the evidence column (task "evidence") ------------------------------------------------
# One column at the end of the Reports sheet: each report's photos, as signed links that
# expire (or, without a public address for links, that it has photos). Only exports, which
# coordinators and admins make of their own scope, carry the links.


@dataclass(frozen=True)
class EvidenceColumn:
    """How to name a report's photos: photo id → link, or None to say "has photos"."""

    link: Callable[[int], str] | None = None


@dataclass(frozen=True)
class _Links:
    """A cell of links: its text (one link a line) and the link a click opens (the first)."""

    text: str
    target: str | None


class _WithEvidence:
    """The Reports columns, and the evidence column after them."""

    def __init__(self, columns: _Reports, photos: dict[int, list[int]]) -> None:
        self.columns, self.photos = columns, photos
        self.export = columns.export
        assert self.export.evidence is not None
        self.link = self.export.evidence.link

    def header(self) -> list[str]:
        return [*self.columns.header(), self.export.text("export-col-evidence")]

    def widths(self) -> list[int]:
        return [*self.columns.widths(), 60]

    def row(self, report: store.ReportRow) -> list[Any]:
        return [*self.columns.row(report), self._cell(self.photos.get(report.id, []))]

    def _cell(self, photo_ids: list[int]) -> _Links | None:
        if not photo_ids:
            return None
        if self.link is None:
            return _Links(self.export.text("export-evidence-no-link", count=len(photo_ids)), None)
        links = [self.link(photo_id) for photo_id in photo_ids]
        return _Links("\n".join(links), links[0])


async def _with_evidence(
    conn: aiosqlite.Connection, export: Export, columns: _Reports
) -> _Reports | _WithEvidence:
    """Add the evidence column if the export asks for it."""
    if export.evidence is None:
        return columns
    first, last = export.first.isoformat(), export.last.isoformat()
    return _WithEvidence(columns, await evidence.within(conn, export.area.path, first, last))


def _xlsx_links(sheet: _Sheet) -> Callable[[list[Any]], None]:
    """Append rows whose evidence links become cells that open them when clicked."""

    def append(values: list[Any]) -> None:
        last = values[-1]  # the evidence column is the last
        if isinstance(last, _Links):
            values[-1] = _link_cell(sheet.sheet, last)
        sheet.append(values)

    return append


def _link_cell(sheet: Any, links: _Links) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, links.text)
    if links.target:
        cell.hyperlink = links.target
    return cell


def _link_text(value: Any) -> Any:
    return value.text if isinstance(value, _Links) else value
