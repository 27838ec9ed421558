"""Operator commands: `review list` (the reports waiting for review, or reviewed) and
`review stats` (per area: pending, returned, confirmed, accepted, and held reports by age)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.app.settings import Settings
from bot.cli.output import missing_database, print_rows
from bot.core.clock import SystemClock
from bot.core.i18n import Texts
from bot.domain import review_words
from bot.domain.form import FormError, load_form
from storage import areas, review
from storage.db import Database
from storage.reports import HELD

LIST_COLUMNS = (
    "id", "day", "member", "team", "area", "state", "waiting_days", "reviewer", "escalated",
    "why",
)  # fmt: skip
STATS_STATES = ("pending", "returned", "confirmed", "accepted")
STATS_COLUMNS = (
    "area_code", "area_name", *STATS_STATES, *(f"held_{age[0]}_days" for age in review.AGES),
)  # fmt: skip
LIST_HELP = (
    "List the reports of an area and everything below it (default: the province) by review"
    " state, the longest waiting first: pending (with a reviewer), returned (back with the"
    " member) or confirmed; by default the pending and returned ones, which are held out of"
    " every total. `why` says what the checks at entry found, in DEFAULT_LANGUAGE (or"
    " --language). A report nobody can review (no leader, coordinator or admin) shows no"
    " reviewer: appoint one, or confirm it in the bot."
)
STATS_HELP = (
    "Count the reports of each area (where they were filed) by review state, and the held"
    " ones (pending or returned) by the whole days they have waited in their state: <1,"
    " 1-2, 3-6 and 7+ days. A last line adds up the areas."
)


async def _area_path(db: Database, code: str | None) -> str | None:
    area = await (areas.get_by_code(db.reader, code) if code else areas.root(db.reader))
    return area.path if area else None


def _unknown(code: str | None) -> int:
    if code:
        print(f"Unknown area code {code!r}; see `roster list`.", file=sys.stderr)
    else:
        print("No areas yet; import a roster first.", file=sys.stderr)
    return 1


async def _list(args: argparse.Namespace, settings: Settings) -> int:
    form = load_form(settings.form_path)
    language = args.language or settings.default_language
    texts = Texts(language)
    states = (args.state,) if args.state else HELD
    async with Database(settings.database_path) as db:
        path = await _area_path(db, args.area)
        if path is None:
            return _unknown(args.area)
        found = await review.listing(db.reader, path, states, limit=args.limit)
    now = SystemClock().now()
    rows = [
        [
            str(item.report_id),
            item.report_date.isoformat(),
            item.member_name,
            item.team_code,
            item.area_code,
            item.review,
            str(review.age_days(item.since, now)) if item.review in HELD else "",
            item.reviewer_name or "—",
            "yes" if item.escalated else "",
            review_words.flags(texts, language, form, item.flags),
        ]
        for item in found
    ]
    if not rows and not args.csv:
        print(f"No {' or '.join(states)} reports.")
        return 0
    print_rows(LIST_COLUMNS, rows, args.csv)
    if len(rows) == args.limit and not args.csv:
        print(f"(the first {args.limit}; --limit shows more)", file=sys.stderr)
    return 0


async def _stats(args: argparse.Namespace, settings: Settings) -> int:
    async with Database(settings.database_path) as db:
        path = await _area_path(db, args.area)
        if path is None:
            return _unknown(args.area)
        found = await review.stats(db.reader, path, SystemClock().now())
    rows = [
        [
            entry.area_code,
            entry.area_name,
            *(str(entry.by_state[state]) for state in STATS_STATES),
            *(str(entry.held_by_age[age[0]]) for age in review.AGES),
        ]
        for entry in found
    ]
    if found:
        sums = [sum(int(row[i]) for row in rows) for i in range(2, len(STATS_COLUMNS))]
        rows.append(["total", "", *map(str, sums)])
    print_rows(STATS_COLUMNS, rows, args.csv)
    return 0


def _run(command):
    def run(args: argparse.Namespace, settings: Settings) -> int:
        if missing_database(settings):
            return 1
        try:
            return asyncio.run(command(args, settings))
        except FormError as error:
            print(f"The report form can't be used:\n{error}", file=sys.stderr)
            return 2

    return run


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `review` commands to the command line."""
    parser = commands.add_parser(
        "review", help="list the reports held for review, and count them by area and age"
    )
    review_commands = parser.add_subparsers(dest="review_command", required=True)
    listing = review_commands.add_parser(
        "list",
        help="list held (or confirmed) reports, longest waiting first",
        description=LIST_HELP,
    )
    listing.add_argument("--area", metavar="CODE", help="an area code (default: the province)")
    listing.add_argument(
        "--state", choices=("pending", "returned", "confirmed"), help="one state only"
    )
    listing.add_argument("--limit", type=int, default=200, help="at most this many (200)")
    listing.add_argument(
        "--language", choices=("vi", "en"), help="for `why` (default: DEFAULT_LANGUAGE)"
    )
    listing.add_argument("--csv", action="store_true", help="write CSV instead of a table")
    listing.set_defaults(handler=_run(_list))
    counting = review_commands.add_parser(
        "stats", help="count reports by review state and held ones by age", description=STATS_HELP
    )
    counting.add_argument("--area", metavar="CODE", help="an area code (default: the province)")
    counting.add_argument("--csv", action="store_true", help="write CSV instead of a table")
    counting.set_defaults(handler=_run(_stats))
