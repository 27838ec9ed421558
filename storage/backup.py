"""Online backups of the SQLite file: safe while the bot runs, checked before they count."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def backup(source: Path, target: Path) -> dict[str, int]:
    """Copy a live database to `target` with SQLite's online backup; check and count it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as live, sqlite3.connect(partial) as copy:
        # Copies page by page and restarts by itself if the bot writes meanwhile.
        live.backup(copy, pages=4096)
        # A backup is one self-contained file, not a database with WAL files beside it.
        copy.execute("PRAGMA journal_mode = DELETE")
    counts = verify(partial)
    partial.replace(target)  # only a verified copy takes the final name
    return counts


def verify(path: Path) -> dict[str, int]:
    """Check a backup's integrity and return its row counts; raise if it is damaged."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise sqlite3.DatabaseError(f"backup {path} failed its integrity check: {status}")
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("areas", "teams", "members", "reports", "outbox")
        }


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in a folder; return what was deleted."""
    found = sorted(directory.glob("cns-bot-*.sqlite3"))
    doomed = found[:-keep] if keep > 0 else found
    for path in doomed:
        path.unlink()
    return doomed
