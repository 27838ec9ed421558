"""Excel (XLSX) and CSV exports of an area's reports, streamed so memory stays flat.

The workbook follows the way provincial offices file periodic reports, in the exporter's
language (Vietnamese unless they chose English):

- Tổng hợp (Overview): one row per sub-area of the exported area, one column per indicator,
  with the period's target and the share of it reached, then a totals row.
- Báo cáo (Reports): one row per report, then a totals row; "Báo cáo (2)", … past Excel's row
  limit (each sheet then ends with its own subtotal, the last one with the total of all).
- Theo khu vực (By area): the totals of every area of the subtree, rolled up, with targets.
- Thành viên (Members): phones only when asked for.
- Lịch sử sửa (History): every audited change of the reports that have one (corrected,
  flagged, reviewed, deleted): when, who, what, before, after, why.

What counts is what summaries count: accepted and confirmed reports. Reports waiting for
review are listed on the Reports sheet with their state and why they were flagged, and the
area sheets show them beside the counted figures ("— chờ xác nhận (chưa tính)"), so that
counted + held is everything filed: nothing leaves a total without a word.

Every sheet opens with a title block (report name, area, period, when and by whom it was
made); under it a bold header row that stays frozen and carries an autofilter. Dates are real
Excel dates shown dd/mm/yyyy, counts are numbers shown #,##0, columns are as wide as their
content. Totals are written as computed values, not formulas: openpyxl does not calculate, so
a formula would show nothing in a reader without a calculation engine (a phone's preview,
pandas, openpyxl); the values are exactly the sums of the rows above them.
"""

from __future__ import annotations

import calendar
import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import IO, Any

import aiosqlite
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from bot.core.i18n import Texts
from bot.domain import area_map, export_history, review_words
from bot.domain.area_map import AreaMap
from bot.domain.form import Form
from bot.domain.phones import display_phone
from bot.domain.workbook import (
    MAX_TEXT_WIDTH,
    REPORT_ROWS,
    Column,
    Kind,
    Sheet,
    TotalLabels,
)
from storage import audit, evidence
from storage import export as store
from storage.areas import Area
from storage.db import Database
from storage.review import STATES

PROGRESS_EVERY = 5000  # report rows between progress calls
# The sheets, in the workbook's order; the name of each is the text "export-sheet-<sheet>".
OVERVIEW, REPORTS, BY_AREA, MEMBERS = "overview", "reports", "by-area", "members"
HISTORY = "history"
FLAGS_WIDTH = 40  # a flag in words is about fifty characters; the header wraps it
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheet apps would evaluate

ROLES = ("member", "leader", "coordinator", "admin")

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Export:
    """What to export (an area subtree, dates first..last inclusive) and how to label it.

    `author` and `generated_at` (local time) go into each sheet's title block.
    """

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
    author: str = ""
    generated_at: datetime | None = None
    # The map as it was on this day (bot/domain/area_map.py); None: today's map.
    as_of: date | None = None

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


async def _area_map(conn: aiosqlite.Connection, export: Export) -> AreaMap:
    """Return the subtree's map (today's or as of a day) and its labels from the root."""
    return await area_map.read(
        conn, export.area, export.texts, export.language, export.as_of, export.first
    )


def _place(export: Export, view: AreaMap) -> str:
    """The exported area in the title block, from the root, named with its history."""
    *above, _ = view.labels[export.area.id].split(" › ")
    place = " › ".join([*above, view.display.get(export.area.id, export.area.name)])
    if export.as_of is None:
        return place
    day = export.texts.date(export.language, export.as_of)
    return export.text("export-head-as-of", area=place, date=day)


# --- columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportColumn:
    """A column of the Reports sheet (and the CSV): label text "export-col-<key>"."""

    key: str
    kind: Kind
    value: Callable[[_Reports, store.ReportRow], Any]


def _report_date(columns: _Reports, report: store.ReportRow) -> date:
    return date.fromisoformat(report.report_date)


def _member(columns: _Reports, report: store.ReportRow) -> str:
    return columns.erased if report.member_status == "erased" else report.member_name


def _category(columns: _Reports, report: store.ReportRow) -> str:
    category = columns.export.form.category(report.category)
    return category.label(columns.export.language) if category else report.category


# The Reports sheet's columns, in order, in one place: the form's indicators (one column
# each) come between REPORT_COLUMNS and REPORT_COLUMNS_AFTER. A new column is one entry here,
# a text "export-col-<key>" in each catalog and, if its content is long text, a width in
# _Reports.lengths.
REPORT_COLUMNS: tuple[ReportColumn, ...] = (
    ReportColumn("date", "date", _report_date),
    ReportColumn("area", "text", lambda c, r: c.labels.get(r.area_id, "")),
    ReportColumn("team-code", "text", lambda c, r: r.team_code),
    ReportColumn("team", "text", lambda c, r: r.team_name),
    ReportColumn("member", "text", _member),
    ReportColumn("category", "text", _category),
)


def _review(columns: _Reports, report: store.ReportRow) -> str:
    return columns.states.get(report.review, report.review)


def _flags(columns: _Reports, report: store.ReportRow) -> str | None:
    if not report.flags:
        return None
    export = columns.export
    return review_words.flags(export.texts, export.language, export.form, json.loads(report.flags))


REPORT_COLUMNS_AFTER: tuple[ReportColumn, ...] = (
    ReportColumn("review", "text", _review),
    ReportColumn("flags", "text", _flags),
    ReportColumn("note", "text", lambda c, r: r.note),
    ReportColumn("created", "datetime", lambda c, r: c.local(r.created_at)),
    ReportColumn("updated", "datetime", lambda c, r: c.local(r.updated_at)),
    ReportColumn("id", "id", lambda c, r: r.id),  # what the History sheet refers to
)


class _Reports:
    """The Reports columns, and how one stored report becomes one row."""

    def __init__(
        self,
        export: Export,
        labels: dict[int, str],
        indicators: list[str],
        lengths: dict[str, int] | None = None,
    ) -> None:
        self.export, self.labels, self.indicators = export, labels, indicators
        self.erased = export.text("export-erased")
        # Rendered once: a province-year has millions of rows and four states.
        self.states = {
            state: review_words.state(export.texts, export.language, state) for state in STATES
        }
        self.lengths = lengths or {}  # column key → characters of its longest value

    def columns(self) -> list[Column]:
        """The header labels, kinds and widths."""
        text = self.export.text

        def column(spec: ReportColumn) -> Column:
            label = text(f"export-col-{spec.key}")
            return Column(label, spec.kind, self.lengths.get(spec.key, 0))

        return [
            *map(column, REPORT_COLUMNS),
            *(Column(self.export.indicator(i), "count") for i in self.indicators),
            *map(column, REPORT_COLUMNS_AFTER),
        ]

    def header(self) -> list[str]:
        return [column.label for column in self.columns()]

    def local(self, stamp: str) -> datetime:
        return datetime.fromisoformat(stamp).astimezone(self.export.tz).replace(tzinfo=None)

    def row(self, report: store.ReportRow) -> list[Any]:
        values = report.values
        return [
            *(spec.value(self, report) for spec in REPORT_COLUMNS),
            *(values.get(indicator) for indicator in self.indicators),
            *(spec.value(self, report) for spec in REPORT_COLUMNS_AFTER),
        ]


# --- sheets ----------------------------------------------------------------------------------


def title_lines(export: Export, sheet: str, place: str) -> list[str]:
    """The title block of a sheet: report name, area, period, generated at, generated by."""
    text, texts, language = export.text, export.texts, export.language
    at = f"{export.generated_at:%d/%m/%Y %H:%M}" if export.generated_at else "—"
    return [
        text(f"export-title-{sheet}"),
        text("export-head-area", area=place),
        text(
            "export-head-period",
            first=texts.date(language, export.first),
            last=texts.date(language, export.last),
        ),
        text("export-head-generated", at=at),
        text("export-head-author", author=export.author or "—"),
    ]


def _sheet(
    book: Workbook,
    export: Export,
    sheet: str,
    columns: list[Column],
    place: str,
    max_rows: int = REPORT_ROWS,
    *,
    totals: bool = False,
) -> Sheet:
    """One of the export's sheets, named and titled in the export's language."""
    text = export.text
    labels = TotalLabels(text("export-subtotal"), text("export-total"), text("export-total-all"))
    title, lines = text(f"export-sheet-{sheet}"), title_lines(export, sheet, place)
    return Sheet(book, title, lines, columns, labels, max_rows, totals=totals)


# --- the report rows -------------------------------------------------------------------------


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


def _longest(texts: Iterable[str]) -> int:
    return max(map(len, texts), default=0)


async def _report_lengths(
    conn: aiosqlite.Connection, export: Export, labels: dict[int, str], totals: store.AreaTotals
) -> dict[str, int]:
    """The longest value of each text column of the Reports sheet, in characters."""
    names = await store.name_lengths(conn, export.area.path)
    categories = [c.label(export.language) for c in export.form.categories]
    return {
        "area": _longest(labels.values()),
        "team-code": names.team_code,
        "team": names.team,
        "member": max(names.member, len(export.text("export-erased"))),
        "category": _longest(categories),
        "note": min(totals.longest_note, MAX_TEXT_WIDTH),
        "review": _longest(
            review_words.state(export.texts, export.language, state) for state in STATES
        ),
        "flags": FLAGS_WIDTH,
    }


# --- totals per area -------------------------------------------------------------------------


@dataclass
class _Tally:
    reports: int = 0  # filed, held ones included
    active_teams: int = 0
    teams: int = 0
    values: Counter[str] = field(default_factory=Counter)  # counted
    held_reports: int = 0
    held_values: Counter[str] = field(default_factory=Counter)  # waiting for review


@dataclass(frozen=True)
class _Totals:
    """Everything the Overview and By-area sheets show, read once."""

    within: list[Area]
    labels: dict[int, str]
    view: AreaMap
    own: store.AreaTotals  # each area's own reports
    teams: dict[int, tuple[int, int]]  # each area's own teams: active, all
    tallies: dict[int, _Tally]  # rolled up: each area with everything below it
    targets: dict[int, dict[str, int]]  # each area's own targets for the period
    indicators: list[str]

    @property
    def any_held(self) -> bool:
        """Whether any report of the export waits for review."""
        return bool(self.own.held_reports)

    @property
    def held(self) -> list[str]:
        """The indicators with a value waiting for review somewhere in the subtree."""
        found = {i for by_area in self.own.held_values.values() for i in by_area}
        return [indicator for indicator in self.indicators if indicator in found]

    @property
    def aimed(self) -> set[str]:
        """The indicators with a target somewhere in the subtree."""
        return {indicator for by_area in self.targets.values() for indicator in by_area}

    def direct(self, area: Area) -> _Tally:
        """An area's own teams and reports, without the areas below it."""
        active, total = self.teams.get(area.id, (0, 0))
        values = Counter(self.own.values.get(area.id, {}))
        held = Counter(self.own.held_values.get(area.id, {}))
        reports, held_reports = self.own.reports.get(area.id, 0), self.own.held_reports
        return _Tally(reports, active, total, values, held_reports.get(area.id, 0), held)


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
            tally.held_reports += totals.held_reports.get(area.id, 0)
            tally.held_values.update(totals.held_values.get(area.id, {}))
    return tallies


async def _read_totals(
    conn: aiosqlite.Connection, export: Export, view: AreaMap, own: store.AreaTotals
) -> _Totals:
    period = target_period(export.first, export.last)
    targets = await store.targets_within(conn, export.area.path, period) if period else {}
    targets = view.targets(period, targets) if period else {}
    teams, within = view.teams, view.within
    return _Totals(
        within,
        view.labels,
        view,
        own,
        teams,
        _roll_up(within, own, teams),
        targets,
        _indicators(export.form, own),
    )


def _result_columns(export: Export, totals: _Totals, content: int) -> list[Column]:
    """Teams, reports, then per indicator its result, and its target and share if aimed."""
    text, aimed, held = export.text, totals.aimed, totals.held
    columns = [
        Column(text("export-col-teams"), "count"),
        Column(text("export-col-reports"), "count"),
    ]
    if totals.any_held:
        columns.append(Column(text("export-col-held-reports"), "count"))
    for indicator in totals.indicators:
        label = export.indicator(indicator)
        columns.append(Column(label, "count", content))
        if indicator in aimed:
            columns += [
                Column(text("export-col-target", indicator=label), "count", content, False),
                Column(text("export-col-percent", indicator=label), "share"),
            ]
        if indicator in held:
            columns.append(Column(text("export-col-held", indicator=label), "count", content))
    return columns


def _results(totals: _Totals, tally: _Tally, aims: dict[str, int] | None) -> list[Any]:
    row: list[Any] = [tally.active_teams, tally.reports]
    aimed, held = totals.aimed, set(totals.held)
    if totals.any_held:
        row.append(tally.held_reports)
    for indicator in totals.indicators:
        done = tally.values.get(indicator, 0)
        row.append(done)
        if indicator in aimed:
            target = (aims or {}).get(indicator)
            row += [target, done / target if target else None]
        if indicator in held:
            row.append(tally.held_values.get(indicator, 0))
    return row


def _digits(totals: _Totals, top: Area) -> int:
    """Characters of the biggest number the area sheets show (with thousands separators)."""
    targets = [value for by_area in totals.targets.values() for value in by_area.values()]
    tally = totals.tallies[top.id]
    biggest = max([*tally.values.values(), *tally.held_values.values(), *targets, 0])
    return len(f"{biggest:,}")


def _write_overview(book: Workbook, export: Export, totals: _Totals) -> None:
    """One row per sub-area (rolled up), the area's own teams if any, then the total."""
    top, text = export.area, export.text
    display, quiet = totals.view.display, totals.view.quiet
    children = sorted(
        (
            area
            for area in totals.within
            if area.parent_id == top.id
            and (area.id not in quiet or totals.tallies[area.id].reports)
        ),
        key=lambda area: _natural(area.name),
    )
    rows: list[tuple[str, _Tally, dict[str, int] | None]] = [
        (display.get(area.id, area.name), totals.tallies[area.id], totals.targets.get(area.id))
        for area in children
    ]
    own = totals.direct(top)
    if own.teams or own.reports or not children:
        top_name = display.get(top.id, top.name)
        name = text("export-direct", area=top_name) if children else top_name
        rows.insert(0, (name, own, None if children else totals.targets.get(top.id)))
    results = _result_columns(export, totals, _digits(totals, top))
    total_label = max(len(text("export-total")), _longest(name for name, _, _ in rows))
    columns = [
        Column(text("export-col-number"), "count", 3, False),
        Column(text("export-col-unit"), "text", total_label),
        *results,
    ]
    sheet = _sheet(book, export, OVERVIEW, columns, _place(export, totals.view), totals=True)
    for number, (name, tally, aims) in enumerate(rows, start=1):
        sheet.append([number, name, *_results(totals, tally, aims)])
    # The total's target: the area's own, else what its sub-areas' targets add up to.
    own_aims = totals.targets.get(top.id, {})
    aims = dict(own_aims)
    for _, _, sub in rows:
        for indicator, value in (sub or {}).items():
            if indicator not in own_aims:
                aims[indicator] = aims.get(indicator, 0) + value
    whole = _results(totals, totals.tallies[top.id], aims)
    # The counts are the sums of the rows; the targets and shares are given.
    sheet.close(
        {
            2 + i: v
            for i, v in enumerate(whole)
            if not results[i].summed or results[i].kind == "share"
        }
    )


def _write_by_area(book: Workbook, export: Export, totals: _Totals) -> None:
    """Every area of the subtree that has teams, rolled up, with its code and targets."""
    labels, text = totals.labels, export.text
    shown = [a for a in totals.within if totals.tallies[a.id].teams]
    columns = [
        Column(text("export-col-area"), "text", _longest(labels[a.id] for a in shown)),
        Column(text("export-col-area-code"), "text", _longest(a.code for a in shown)),
        *_result_columns(export, totals, _digits(totals, export.area)),
    ]
    sheet = _sheet(book, export, BY_AREA, columns, _place(export, totals.view))
    for area in sorted(shown, key=lambda a: _natural(labels[a.id])):
        tally = totals.tallies[area.id]
        aims = totals.targets.get(area.id)
        sheet.append([labels[area.id], area.code, *_results(totals, tally, aims)])
    sheet.close()


async def _write_members(
    conn: aiosqlite.Connection, book: Workbook, export: Export, view: AreaMap
) -> None:
    text, labels = export.text, view.labels
    names = await store.name_lengths(conn, export.area.path)
    erased = text("export-erased")
    statuses = ("active", "left", "unreachable", "erased")
    spec: list[tuple[str, Kind, int]] = [
        ("area", "text", _longest(labels.values())),
        ("team-code", "text", names.team_code),
        ("team", "text", names.team),
        ("member", "text", max(names.member, len(erased))),
        ("role", "text", _longest(text(f"role-{role}") for role in ROLES)),
        ("status", "text", _longest(text(f"export-status-{s}") for s in statuses)),
        ("last-report", "date", 0),
    ]
    if export.with_phone:
        spec.append(("phone", "text", 12))
    columns = [Column(text(f"export-col-{key}"), kind, size) for key, kind, size in spec]
    sheet = _sheet(book, export, MEMBERS, columns, _place(export, view))
    async for member in store.members(conn, export.area.path):
        gone = member.status == "erased"
        area_id = view.team_areas.get(member.team_code or "", member.area_id)
        row = [
            labels.get(area_id or 0, ""),
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
    sheet.close()


async def write_xlsx(
    conn: aiosqlite.Connection,
    export: Export,
    out: Path | IO[bytes],
    *,
    max_rows: int = REPORT_ROWS,
    progress: Progress | None = None,
) -> int:
    """Write the workbook to a path or binary file; return the number of report rows.

    `conn` should be a `storage.export.snapshot`, so that the sheets agree with each other.
    `max_rows` is the number of report rows per Reports sheet.
    """
    view = await _area_map(conn, export)
    labels = view.labels
    filed = await store.area_totals(conn, export.area.path, export.first, export.last)
    own = view.own(filed)
    totals = await _read_totals(conn, export, view, own)
    book = Workbook(write_only=True)
    _write_overview(book, export, totals)
    lengths = await _report_lengths(conn, export, labels, filed)
    columns = await _with_evidence(
        conn, export, _Reports(export, labels, totals.indicators, lengths)
    )
    place = _place(export, view)
    reports = _sheet(book, export, REPORTS, columns.columns(), place, max_rows, totals=True)
    write = _xlsx_links(reports) if isinstance(columns, _WithEvidence) else reports.append
    rows = await _stream(conn, export, columns, write, progress)
    held = totals.tallies[export.area.id].held_reports
    counted = (
        export.text("export-total-reports-held", count=rows, held=held)
        if held
        else export.text("export-total-reports", count=rows)
    )
    reports.close({2: counted})
    _write_by_area(book, export, totals)
    await _write_members(conn, book, export, view)
    await write_history(conn, book, export, place)
    book.save(out)
    return rows


async def write_history(
    conn: aiosqlite.Connection, book: Workbook, export: Export, place: str
) -> int:
    """The History sheet: the audit entries of the reports with a history; return the rows."""
    columns = export_history.columns(export)
    sheet = _sheet(book, export, HISTORY, columns, place)
    count = 0
    async for row in export_history.rows(conn, export):
        sheet.append(row)
        count += 1
    sheet.close()
    return count


def _csv_text(value: Any) -> Any:
    """Quote text a spreadsheet app would run as a formula (CSV injection)."""
    if type(value) is str and value.startswith(_CSV_FORMULA):
        return "'" + value
    return value


async def write_csv(
    conn: aiosqlite.Connection, export: Export, out: Path, *, progress: Progress | None = None
) -> int:
    """Write the Reports rows as CSV (UTF-8 with BOM, for Excel); return the row count.

    Dates stay ISO (2026-11-03) here: a CSV carries no types, and Excel would read 03/11 as
    the 11th of March under a US locale.
    """
    labels = (await _area_map(conn, export)).labels
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
        self.reports, self.photos = columns, photos
        self.export = columns.export
        assert self.export.evidence is not None
        self.link = self.export.evidence.link

    def header(self) -> list[str]:
        return [*self.reports.header(), self.export.text("export-col-evidence")]

    def columns(self) -> list[Column]:
        label = self.export.text("export-col-evidence")
        return [*self.reports.columns(), Column(label, "text", MAX_TEXT_WIDTH)]

    def row(self, report: store.ReportRow) -> list[Any]:
        return [*self.reports.row(report), self._cell(self.photos.get(report.id, []))]

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


def _xlsx_links(sheet: Sheet) -> Callable[[list[Any]], None]:
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
