"""Operator command: `export --from DAY --to DAY [--area CODE] --out FILE.xlsx|FILE.csv`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from bot.app.settings import Settings
from bot.cli.output import missing_database
from bot.core.clock import SystemClock, iso_utc
from bot.core.i18n import Texts
from bot.domain.export import Export, write_csv, write_xlsx
from bot.domain.form import FormError, load_form
from storage import areas, audit
from storage import export as store
from storage.db import Database

EXPORT_HELP = (
    "Export the reports dated FROM..TO (inclusive) of an area and everything below it (default:"
    " the province). FILE.xlsx is laid out as provincial offices file reports, in Vietnamese"
    " (--language en: English), each sheet under a title block (area, period, when, by whom):"
    " Tổng hợp (one row per sub-area, one column per indicator, with targets and % when the"
    " period is one whole month or year, and a total), Báo cáo (one row per report and a total,"
    " continued in 'Báo cáo (2)' past Excel's row limit, each with its review state and why it"
    " was flagged), Theo khu vực (totals of every area), Thành viên (members) and Lịch sử sửa"
    " (each change of the reports that have one: when, who, what, before, after, why). Totals"
    " count accepted and confirmed reports; what waits for review is shown beside them, so"
    " counted + waiting = filed. Dates are real Excel dates shown dd/mm/yyyy. FILE.csv gets"
    " the report rows only"
    " (UTF-8 with BOM, so Excel reads Vietnamese). Rows are streamed: a province-year of"
    " millions of reports needs no more memory than a day. Phone numbers are personal data"
    " and are left out unless --with-phone is given. Every export is written to the audit log."
    " --as-of DATE draws the map as it was that day (communes merged or split since then"
    " listed as they were, with their names of then), for continuity with older reports."
)


class _Progress:
    """One terminal line, rewritten in place: "Reports: 120,000 / 2,000,000 rows…"."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = total, stream

    def __call__(self, rows: int) -> None:
        self.stream.write(f"\rReports: {rows:,} / {self.total:,} rows…")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-30") from None


def _out(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise argparse.ArgumentTypeError(f"{text!r} must end in .xlsx or .csv")
    return path


async def _write(db: Database, job: Export, out: Path) -> int:
    """Write to OUT.part and rename it, so a failed export never leaves half a file as OUT."""
    partial = out.with_name(out.name + ".part")
    async with store.snapshot(db.path) as conn:
        total = await store.count_reports(conn, job.area.path, job.first, job.last)
        progress = _Progress(total, sys.stderr) if sys.stderr.isatty() else None
        try:
            if out.suffix.lower() == ".csv":
                rows = await write_csv(conn, job, partial, progress=progress)
            else:
                rows = await write_xlsx(conn, job, partial, progress=progress)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            if progress:
                progress.finish()
    partial.replace(out)
    return rows


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    form = load_form(settings.form_path)
    language = args.language or settings.default_language
    texts = Texts(language)
    async with Database(settings.database_path) as db:
        area = await (
            areas.get_by_code(db.reader, args.area) if args.area else areas.root(db.reader)
        )
        if area is None:
            print(f"Unknown area code {args.area!r}; see `roster list`.", file=sys.stderr)
            return 1
        now = SystemClock().now()
        job = Export(
            area, args.first, args.last, form, texts, settings.tz, language,
            with_phone=args.with_phone, author=texts.plain(language, "export-author-cli"),
            generated_at=now.astimezone(settings.tz).replace(tzinfo=None), as_of=args.as_of,
        )  # fmt: skip
        rows = await _write(db, job, args.out)
        detail = {"area": area.code, "from": args.first.isoformat(), "to": args.last.isoformat(),
                  "rows": rows, "with_phone": args.with_phone, "via": "cli"}  # fmt: skip
        if args.as_of is not None:
            detail["as_of"] = args.as_of.isoformat()
        async with db.transaction() as conn:
            await audit.record(
                conn, actor_id=None, action="export", detail=detail, now=iso_utc(now)
            )
    print(f"Wrote {rows:,} reports of {area.name} ({args.first}..{args.last}) to {args.out}.")
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if args.first > args.last:
        print("--from must not be after --to.", file=sys.stderr)
        return 2
    if missing_database(settings):
        return 1
    try:
        return asyncio.run(_export(args, settings))
    except FormError as error:
        print(f"The report form can't be used:\n{error}", file=sys.stderr)
        return 2


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `export` command to the command line."""
    export = commands.add_parser(
        "export", help="export reports to an Excel (or CSV) file", description=EXPORT_HELP
    )
    export.add_argument("--from", dest="first", type=_day, required=True, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="last", type=_day, required=True, metavar="YYYY-MM-DD")
    export.add_argument("--area", metavar="CODE", help="an area code (default: the province)")
    export.add_argument(
        "--out", type=_out, required=True, metavar="FILE", help="FILE.xlsx or FILE.csv"
    )
    export.add_argument(
        "--with-phone",
        action="store_true",
        help="add phone numbers to the Members sheet (personal data)",
    )
    export.add_argument(
        "--as-of",
        dest="as_of",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the map of areas as it was on that day (default: today's)",
    )
    export.add_argument(
        "--language",
        choices=("vi", "en"),
        help="sheet names, headers and labels (default: DEFAULT_LANGUAGE, Vietnamese)",
    )
    export.set_defaults(handler=_run)
