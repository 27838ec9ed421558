"""Operator commands on the official area registry: `areas seed`, `areas map-roster FILE`.

`register` builds the `areas` group; the merge, split and rename commands of
bot/cli/area_changes.py join the same group through its own `register(subcommands)`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.app.settings import Settings
from bot.cli import area_changes
from bot.core.clock import SystemClock, iso_utc
from bot.domain.area_registry import (
    Registry,
    SeedCounts,
    UnknownProvince,
    find_official_province,
    load_registry,
    seed_province,
)
from bot.domain.official_map import MapMissing, OfficialProvince, version
from bot.domain.roster import Roster, parse
from bot.domain.tabular import Problem, UnreadableFile, read_table
from storage.db import Database

SEED_HELP = (
    "Load a province and all its communes, wards and special zones from the official list"
    " (the National Statistics Office's codes, 2025 two-tier map), with their pre-2025 names"
    " for matching old addresses. CODE|NAME: the province's official code (15) or name"
    " (Lào Cai, Tỉnh Lào Cai, lao cai). Areas already imported under the same names are"
    " adopted and keep their codes. Running it again changes nothing. Afterwards roster"
    " files for the province need no commune codes."
)
MAP_HELP = (
    "Check a roster file against the seeded provinces without importing anything: list the"
    " rows whose old address (pre-2025 commune, district or province) was mapped to a current"
    " unit, and the rows that need a decision (an old commune split into several, a name"
    " that is unknown or could be several units). Exit code 1 when any row needs a decision."
)


class _DryRun(Exception):
    """Raised inside the transaction to undo a dry run's writes."""

    def __init__(self, counts: SeedCounts) -> None:
        super().__init__("dry run")
        self.counts = counts


async def _seed(settings: Settings, province: OfficialProvince, dry_run: bool) -> SeedCounts:
    async with Database(settings.database_path) as db:
        try:
            async with db.transaction() as conn:
                now = iso_utc(SystemClock().now())
                counts = await seed_province(conn, province, now=now)
                if dry_run:
                    raise _DryRun(counts)
        except _DryRun as undone:
            return undone.counts
        return counts


def _seed_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        province = find_official_province(args.province)
    except UnknownProvince as error:
        near = f" Closest: {', '.join(error.near)}." if error.near else ""
        print(f"No province {error.typed!r} in the official list.{near}", file=sys.stderr)
        return 1
    except MapMissing as error:
        print(f"The official list cannot be read: {error}.", file=sys.stderr)
        return 2
    counts = asyncio.run(_seed(settings, province, args.dry_run))
    print(f"{'Dry run, nothing written: ' if args.dry_run else ''}{counts}")
    print(f"Source: {version()}.")
    return 0


async def _registry(settings: Settings) -> Registry:
    async with Database(settings.database_path) as db:
        return await load_registry(db.reader)


def registry_for(settings: Settings) -> Registry | None:
    """The seeded provinces for a roster import; None without a database (nothing seeded)."""
    if not settings.database_path.exists():
        return None
    return asyncio.run(_registry(settings))


def mapping_report(roster: Roster, problems: list[Problem]) -> list[str]:
    """The old-address report: what was mapped, and what needs a decision."""
    lines = []
    if roster.mapped:
        count = len(roster.mapped)
        lines.append(f"Mapped to the current units ({count} row{'s' * (count != 1)}):")
        lines.extend(f"  {mapped}" for mapped in roster.mapped)
    if problems:
        lines.append(f"Needs a decision ({len(problems)}):")
        lines.extend(f"  {problem}" for problem in problems)
    return lines


def _map_roster(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    try:
        table = read_table(path)
    except UnreadableFile as error:
        print(f"Cannot read {path}: {error}.", file=sys.stderr)
        return 2
    registry = registry_for(settings)
    if registry is None or not registry.provinces:
        print("No province is seeded yet: run `areas seed --province ...` first.", file=sys.stderr)
        return 1
    roster, problems = parse(table, registry)
    lines = mapping_report(roster, problems)
    print("\n".join(lines) if lines else f"{path.name}: nothing to map, nothing to decide.")
    print("Nothing was imported.")
    return 1 if problems else 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `areas` commands to the command line."""
    parser = commands.add_parser("areas", help="the official registry of provinces and communes")
    area_commands = parser.add_subparsers(dest="areas_command", required=True)
    seed = area_commands.add_parser(
        "seed", help="load a province's communes from the official list", description=SEED_HELP
    )
    seed.add_argument("--province", required=True, metavar="CODE|NAME")
    seed.add_argument(
        "--dry-run", action="store_true", help="show what would change, write nothing"
    )
    seed.set_defaults(handler=_seed_command)
    mapping = area_commands.add_parser(
        "map-roster",
        help="map a roster's old addresses to the current units",
        description=MAP_HELP,
    )
    mapping.add_argument("file", type=Path, help="the roster file (.csv or .xlsx)")
    mapping.set_defaults(handler=_map_roster)
    # Merges, splits and renames (issue 17, item 2) live in their own module.
    area_changes.register(area_commands)
