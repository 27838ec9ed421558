"""Operator commands: `areas ...` (the map's changes live in bot/cli/area_changes.py)."""

from __future__ import annotations

import argparse

from bot.cli import area_changes


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `areas` group of commands to the command line."""
    parser = commands.add_parser("areas", help="the map of areas: merges, splits, renames")
    area_commands = parser.add_subparsers(dest="areas_command", required=True)
    area_changes.register(area_commands)
