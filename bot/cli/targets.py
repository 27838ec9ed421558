"""Operator commands: `targets import FILE` and `targets list`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.app.settings import Settings
from bot.cli.output import missing_database, print_rows
from bot.core.clock import SystemClock, iso_utc
from bot.domain.form import FormError, load_form
from bot.domain.tabular import UnreadableFile
from bot.domain.targets import ALIASES, InvalidTargets, TargetsFile, import_targets, read_targets
from storage import targets
from storage.db import Database

LIST_COLUMNS = ("indicator", "area_code", "area_name", "period", "target")
IMPORT_HELP = (
    "Import targets from a CSV (UTF-8, comma or semicolon) or XLSX file with the columns"
    " indicator (a form indicator id, like online_applications, or its label), area_code"
    " (an area code from the roster, like lao-cai/xa-bao-yen), period (2026-11 or 11/2026 for"
    " a month, 2026 for a year) and target (a whole number of at least 1). Headers may be"
    " Vietnamese: "
    + "; ".join(f"{column} = {names.replace(' | ', ', ')}" for column, names in ALIASES.items())
    + ". A month's target comes before the year's in summaries. The whole file is checked"
    " first: any problem imports nothing (exit code 1); an unreadable file exits with 2."
    " Importing the same file again changes nothing."
)


async def _write(settings: Settings, file: TargetsFile, file_name: str) -> str:
    async with Database(settings.database_path) as db, db.transaction() as conn:
        now = iso_utc(SystemClock().now())
        return str(await import_targets(conn, file, file_name=file_name, now=now))


def _import(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    if missing_database(settings):
        return 1
    try:
        form = load_form(settings.form_path)
        file = read_targets(path, form)
    except FormError as error:
        print(f"The report form can't be used:\n{error}", file=sys.stderr)
        return 2
    except UnreadableFile as error:
        print(f"Cannot read {path}: {error}.", file=sys.stderr)
        return 2
    try:
        print(asyncio.run(_write(settings, file, path.name)))
        return 0
    except InvalidTargets as error:
        problems = error.problems
    print(f"{path.name}: {len(problems)} problem(s); nothing was imported.", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


async def _read(settings: Settings) -> list[targets.Target]:
    async with Database(settings.database_path) as db:
        return await targets.all_targets(db.reader)


def _list(args: argparse.Namespace, settings: Settings) -> int:
    if missing_database(settings):
        return 1
    found = asyncio.run(_read(settings))
    rows = [[t.indicator, t.area_code, t.area_name, t.period, str(t.value)] for t in found]
    print_rows(LIST_COLUMNS, rows, args.csv)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `targets` commands to the command line."""
    parser = commands.add_parser("targets", help="import and list targets per area and period")
    target_commands = parser.add_subparsers(dest="targets_command", required=True)
    importing = target_commands.add_parser(
        "import", help="import targets from a CSV or XLSX file", description=IMPORT_HELP
    )
    importing.add_argument("file", type=Path, help="the targets file (.csv or .xlsx)")
    importing.set_defaults(handler=_import)
    listing = target_commands.add_parser(
        "list",
        help="list every target",
        description="List every target by area code, period and indicator.",
    )
    listing.add_argument("--csv", action="store_true", help="write CSV instead of a table")
    listing.set_defaults(handler=_list)
