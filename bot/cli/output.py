"""What every operator command prints the same way: tables or CSV, and a missing database."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence

from bot.app.settings import Settings


def print_rows(header: Sequence[str], rows: list[list[str]], as_csv: bool) -> None:
    """Print rows as an aligned table, or as CSV with a header line."""
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    widths = [max(map(len, column)) for column in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


def missing_database(settings: Settings) -> bool:
    """Say so on stderr, and return True, when there is no database to read yet."""
    if settings.database_path.exists():
        return False
    print(f"No database at {settings.database_path}; import a roster first.", file=sys.stderr)
    return True
