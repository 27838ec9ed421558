"""The command line's test set-up, shared by the roster and area command tests (a plugin)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

# Settings a developer's shell or .env may hold that would point the commands elsewhere.
SETTINGS_FROM_OUTSIDE = (
    "BOT_TOKEN", "BOT_USERNAME", "TELEGRAM_API_URL", "TIMEZONE", "DEFAULT_LANGUAGE",
    "ZALO_BOT_TOKEN", "ZALO_BOT_LINK", "ZALO_API_URL",
)  # fmt: skip


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the command line at a fresh database, away from any .env file or bot token."""
    monkeypatch.chdir(tmp_path)
    for name in SETTINGS_FROM_OUTSIDE:
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "data" / "cns.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(database))
    return database


def write_table(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write a roster CSV (UTF-8) with this header; return its path."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
