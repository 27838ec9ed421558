"""Operator command: `form check FILE`, to try a province's report form before using it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app.settings import Settings
from bot.domain.form import FormError, load_form

CHECK_HELP = (
    "Check a report form file (TOML, UTF-8) the way the bot will load it, and print every"
    " problem with its place in the file, one per line. Start from the default form,"
    " bot/domain/forms/default.toml, whose comments explain each key; set FORM_PATH to use"
    " the file."
    " Exit code 0: the form is fine; 1: it has problems; 2: the file can't be read."
)


def _check(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    try:
        form = load_form(path)
    except OSError as error:
        print(f"Cannot read {path}: {error.strerror or error}.", file=sys.stderr)
        return 2
    except FormError as error:
        print(error)
        return 1
    retired = len(form.categories) - len(form.active_categories())
    print(
        f"{path}: OK — {len(form.categories)} categories"
        + (f" ({retired} retired)" if retired else "")
        + f", {len(form.indicators)} indicators"
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `form check` command to the command line."""
    form = commands.add_parser("form", help="check a report form file")
    form_commands = form.add_subparsers(dest="form_command", required=True)
    check = form_commands.add_parser(
        "check", help="check a report form file and list its problems", description=CHECK_HELP
    )
    check.add_argument("file", type=Path, help="the form file (.toml)")
    check.set_defaults(handler=_check)
