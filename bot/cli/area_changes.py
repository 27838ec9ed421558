"""Operator commands: `areas merge | split | rename | history` (changes of the map with a date).

Each change runs in one transaction with its audit entry; `--dry-run` makes the very same
change and rolls it back, so what it prints is exactly what would happen.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import date

import aiosqlite

from bot.app.settings import Settings
from bot.cli.output import missing_database
from bot.core.clock import SystemClock, iso_utc
from bot.domain import area_changes as changes
from bot.domain.area_changes import ChangeRefused, Outcome
from storage.db import Database

MERGE_HELP = (
    "Merge communes (or villages) into one from DATE: NEW is one of OLD (the others join it)"
    " or a new code (give --name). The old units are kept, retired, under NEW with their"
    " reports, so every total before, across and after DATE stays the same. Teams, coordinator"
    " scopes, running deadlines and group chats move to NEW; targets of periods that end on or"
    " after DATE are summed into NEW. In a province set up with `areas seed`, NEW may be the"
    " new commune's official code or its name in the official list (it then gets that code),"
    " or an empty unit already seeded from a newer list. Try --dry-run first: it prints what"
    " would change."
)
SPLIT_HELP = (
    "Split an area from DATE: --into NEW=TEAM,TEAM NEW2=TEAM,... gives each new area the listed"
    " teams (or sub-areas, by code); every team of OLD must be listed. OLD may be one of the"
    " NEW codes (it stays with its teams); otherwise it is retired and keeps its history under"
    " its parent. New areas need --name CODE=NAME. Running targets are refused unless"
    " --drop-targets; coordinators of a retired OLD need --coordinators-to CODE."
)


def _day(text: str) -> date:
    try:
        return changes.parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-07-01") from None


def _pair(text: str) -> tuple[str, str]:
    code, sep, rest = text.partition("=")
    if not sep or not code.strip() or not rest.strip():
        raise argparse.ArgumentTypeError(f"{text!r} should look like CODE=...")
    return code.strip(), rest.strip()


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


Change = Callable[[aiosqlite.Connection, str], Awaitable[Outcome]]


async def _apply(settings: Settings, change: Change, dry_run: bool) -> Outcome:
    now = iso_utc(SystemClock().now())
    async with Database(settings.database_path) as db:
        outcome: Outcome | None = None
        try:
            async with db.transaction() as conn:
                outcome = await change(conn, now)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    assert outcome is not None
    return outcome


def _run(args: argparse.Namespace, settings: Settings, change: Change) -> int:
    if missing_database(settings):
        return 1
    try:
        outcome = asyncio.run(_apply(settings, change, args.dry_run))
    except ChangeRefused as refused:
        print("Nothing was changed:", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    head = "Dry run, nothing changed; this would happen:" if args.dry_run else "Done:"
    print(head)
    for line in outcome.lines:
        print(f"  {line}")
    return 0


def _merge(args: argparse.Namespace, settings: Settings) -> int:
    def change(conn: aiosqlite.Connection, now: str) -> Awaitable[Outcome]:
        return changes.merge(
            conn, old=args.old, into=args.into, on=args.on, now=now, name=args.name,
            parent=args.parent,
        )  # fmt: skip

    return _run(args, settings, change)


def _split(args: argparse.Namespace, settings: Settings) -> int:
    into: dict[str, list[str]] = {}
    for code, items in args.into:
        into.setdefault(code, []).extend(i.strip() for i in items.split(",") if i.strip())
    names = dict(args.name or [])

    def change(conn: aiosqlite.Connection, now: str) -> Awaitable[Outcome]:
        return changes.split(
            conn, old=args.old, into=into, names=names, on=args.on, now=now,
            drop_targets=args.drop_targets, coordinators_to=args.coordinators_to,
        )  # fmt: skip

    return _run(args, settings, change)


def _rename(args: argparse.Namespace, settings: Settings) -> int:
    def change(conn: aiosqlite.Connection, now: str) -> Awaitable[Outcome]:
        return changes.rename(conn, code=args.code, name=args.name, on=args.on, now=now)

    return _run(args, settings, change)


async def _read_history(settings: Settings, code: str) -> list[str]:
    async with Database(settings.database_path) as db:
        return await changes.history(db.reader, code)


def _history(args: argparse.Namespace, settings: Settings) -> int:
    if missing_database(settings):
        return 1
    try:
        lines = asyncio.run(_read_history(settings, args.code))
    except ChangeRefused as refused:
        print("; ".join(refused.problems), file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def register(areas_subparsers: argparse._SubParsersAction) -> None:
    """Add `merge`, `split`, `rename` and `history` to the `areas` commands."""
    merge = areas_subparsers.add_parser(
        "merge", help="merge areas into one from a date", description=MERGE_HELP
    )
    merge.add_argument("old", nargs="+", metavar="OLD", help="codes of the areas to merge")
    merge.add_argument(
        "--into",
        required=True,
        metavar="NEW",
        help="the successor's code (or official code or name)",
    )
    merge.add_argument("--on", required=True, type=_day, metavar="DATE", help="first day merged")
    merge.add_argument("--name", help="the successor's name (a new one, or a new name)")
    merge.add_argument("--parent", metavar="CODE", help="where a new successor goes")
    merge.add_argument("--dry-run", action="store_true", help="show what would change")
    merge.set_defaults(handler=_merge)
    split = areas_subparsers.add_parser(
        "split", help="split an area into several from a date", description=SPLIT_HELP
    )
    split.add_argument("old", metavar="OLD", help="the code of the area to split")
    split.add_argument(
        "--into", required=True, nargs="+", type=_pair, metavar="NEW=TEAM,TEAM",
        help="each successor's code and its teams (or sub-areas)",
    )  # fmt: skip
    split.add_argument(
        "--name", action="append", type=_pair, metavar="CODE=NAME", help="a new area's name"
    )
    split.add_argument("--on", required=True, type=_day, metavar="DATE", help="first day split")
    split.add_argument("--drop-targets", action="store_true", help="remove OLD's running targets")
    split.add_argument(
        "--coordinators-to", metavar="CODE", help="the successor OLD's coordinators go to"
    )
    split.add_argument("--dry-run", action="store_true", help="show what would change")
    split.set_defaults(handler=_split)
    rename = areas_subparsers.add_parser(
        "rename", help="rename an area from a date, keeping the old name",
        description="Rename an area from DATE; the old name is kept for the days before.",
    )  # fmt: skip
    rename.add_argument("code", metavar="CODE")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("--on", required=True, type=_day, metavar="DATE", help="first day")
    rename.add_argument("--dry-run", action="store_true", help="show what would change")
    rename.set_defaults(handler=_rename)
    history = areas_subparsers.add_parser(
        "history", help="an area's changes and old names",
        description="Show an area's validity, old names and every change it took part in.",
    )  # fmt: skip
    history.add_argument("code", metavar="CODE")
    history.set_defaults(handler=_history)
