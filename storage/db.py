"""One SQLite file: a writer connection serialised by a lock, and a reader for snapshots."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path

import aiosqlite

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def _migrations() -> list[tuple[int, str, str]]:
    """Return (number, name, sql) for every migration file, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL is durable across application crashes in WAL mode; only a power cut can
    # lose the last transactions, never corrupt the file.
    await conn.execute("PRAGMA synchronous = NORMAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    return conn


async def migrate(conn: aiosqlite.Connection) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    async with conn.execute("SELECT number FROM schema_migrations") as cursor:
        done = {row[0] async for row in cursor}
    applied = []
    for number, name, sql in _migrations():
        if number in done:
            continue
        # One script per migration, so a migration and its record commit together.
        await conn.executescript(
            f"BEGIN;\n{sql}\nINSERT INTO schema_migrations VALUES "
            f"({number}, '{name}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));\nCOMMIT;"
        )
        logger.info("Applied migration %s", name)
        applied.append(name)
    return applied


Statement = tuple[str, Sequence[object]]


class Batch:
    """Writes gathered to commit together; no statement's answer (rows, counts) is needed."""

    def __init__(self) -> None:
        self.statements: list[Statement] = []

    async def execute(self, sql: str, parameters: Sequence[object] = ()) -> None:
        """Queue one statement."""
        self.statements.append((sql, parameters))


def _commit_all(conn: sqlite3.Connection, statements: list[Statement]) -> None:
    """Run statements in one transaction, on the connection's own thread."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql, parameters in statements:
            conn.execute(sql, parameters)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class Database:
    """The bot's SQLite file: open once, share everywhere."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        # Set while a task (and the tasks it starts) runs inside a transaction, so that a
        # nested transaction() joins the open one instead of waiting for its own lock.
        self._joined: ContextVar[bool] = ContextVar(f"in_transaction_{id(self)}", default=False)
        # Set while a task gathers writes (see batched()).
        self._batch: ContextVar[Batch | None] = ContextVar(f"batch_{id(self)}", default=None)

    async def open(self) -> list[str]:
        """Create the file if needed, apply migrations and return their names."""
        if self._writer is not None:
            return []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = await _connect(self.path)
        applied = await migrate(self._writer)
        self._reader = await _connect(self.path)
        return applied

    async def close(self) -> None:
        """Close both connections; safe to call twice."""
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    @property
    def reader(self) -> aiosqlite.Connection:
        """A connection for reads; it only ever sees committed data."""
        if self._reader is None:
            raise RuntimeError("Database is not open")
        return self._reader

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run writes in one transaction; commit on success, roll back on any error.

        Inside another transaction of the same task, join it: the outer one commits.
        """
        if self._writer is None:
            raise RuntimeError("Database is not open")
        if self._joined.get():
            yield self._writer
            return
        async with self._lock:
            token = self._joined.set(True)
            try:
                try:
                    await self._writer.execute("BEGIN IMMEDIATE")
                    yield self._writer
                except BaseException:
                    await self._roll_back()
                    raise
                await self._writer.execute("COMMIT")
            finally:
                self._joined.reset(token)

    async def _roll_back(self) -> None:
        """Undo the open transaction, also when a cancellation hit BEGIN itself.

        A task cancelled while awaiting BEGIN still has BEGIN run by the connection's thread;
        the ROLLBACK queued after it undoes it, instead of leaving a transaction open that
        makes the next BEGIN fail.
        """
        try:
            await asyncio.shield(self._writer.execute("ROLLBACK"))
        except sqlite3.OperationalError as error:
            if "no transaction is active" not in str(error):
                raise

    async def write(self, sql: str, parameters: Sequence[object] = ()) -> None:
        """Run one statement whose answer is not needed: in this task's batch if one is open,
        else in a transaction (joining this task's open one).
        """
        batch = self._batch.get()
        if batch is not None:
            await batch.execute(sql, parameters)
            return
        async with self.transaction() as conn:
            await conn.execute(sql, parameters)

    @asynccontextmanager
    async def batched(self) -> AsyncIterator[Batch]:
        """Gather this task's writes (`write()`, or the batch's `execute`) and commit them in
        one transaction when the block ends; nothing is written if it raises.

        Every statement of a transaction() is a trip to SQLite's thread and back; a batch is
        one trip, however many statements it holds.
        """
        if self._writer is None:
            raise RuntimeError("Database is not open")
        batch = Batch()
        token = self._batch.set(batch)
        try:
            yield batch
        finally:
            self._batch.reset(token)
        if not batch.statements:
            return
        if self._joined.get():  # inside a transaction of this task: it commits
            for sql, parameters in batch.statements:
                await self._writer.execute(sql, parameters)
            return
        async with self._lock:
            # aiosqlite has no public way to run several statements in one trip; _execute is
            # what each of its public methods calls (aiosqlite is pinned in constraints.txt).
            writer = self._writer
            await writer._execute(lambda: _commit_all(writer._conn, batch.statements))

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
