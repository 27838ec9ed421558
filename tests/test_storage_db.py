"""The SQLite file: pragmas, migrations applied once, transactions, the area tree."""

import asyncio
import sqlite3

import pytest

from storage import areas
from storage.db import Database, _migrations


async def test_migrations_apply_once_and_are_recorded(tmp_path):
    path = tmp_path / "bot.sqlite3"
    db = Database(path)
    applied = await db.open()
    assert applied == [name for _, name, _ in _migrations()]
    await db.close()
    again = Database(path)
    assert await again.open() == []
    await again.close()
    with sqlite3.connect(path) as conn:
        numbers = [r[0] for r in conn.execute("SELECT number FROM schema_migrations")]
    assert numbers == sorted(n for n, _, _ in _migrations())


async def test_pragmas(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        async with db.reader.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
        async with db.reader.execute("PRAGMA foreign_keys") as cur:
            assert (await cur.fetchone())[0] == 1
        async with db.reader.execute("PRAGMA busy_timeout") as cur:
            assert (await cur.fetchone())[0] > 0


async def test_transaction_rolls_back_on_error(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        with pytest.raises(RuntimeError):
            async with db.transaction() as conn:
                await areas.upsert(
                    conn,
                    code="p",
                    name="P",
                    level="province",
                    parent=None,
                    now="2026-01-01T00:00:00Z",
                )
                raise RuntimeError("boom")
        assert await areas.get_by_code(db.reader, "p") is None


async def test_a_batch_commits_its_writes_together_at_the_end(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        async with db.batched() as batch:
            await db.write("INSERT INTO processed_updates VALUES (1, 'a')")
            await batch.execute("INSERT INTO processed_updates VALUES (?, ?)", (2, "b"))
            async with db.transaction() as conn:  # a transaction meanwhile is its own
                await conn.execute("INSERT INTO processed_updates VALUES (3, 'c')")
            assert await _update_ids(db) == [3]
        assert await _update_ids(db) == [1, 2, 3]
        await db.write("INSERT INTO processed_updates VALUES (4, 'd')")  # no batch: at once
        assert await _update_ids(db) == [1, 2, 3, 4]
        async with db.transaction():  # a batch inside a transaction joins it
            async with db.batched():
                await db.write("INSERT INTO processed_updates VALUES (5, 'e')")
            assert await _update_ids(db) == [1, 2, 3, 4]
        assert await _update_ids(db) == [1, 2, 3, 4, 5]


async def test_a_batch_writes_nothing_if_its_block_or_a_statement_fails(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        with pytest.raises(RuntimeError):
            async with db.batched():
                await db.write("INSERT INTO processed_updates VALUES (1, 'a')")
                raise RuntimeError("boom")
        with pytest.raises(sqlite3.IntegrityError):
            async with db.batched():
                await db.write("INSERT INTO processed_updates VALUES (2, 'b')")
                await db.write("INSERT INTO processed_updates VALUES (2, 'again')")
        assert await _update_ids(db) == []
        async with db.transaction() as conn:  # no transaction was left open
            await conn.execute("INSERT INTO processed_updates VALUES (3, 'c')")
        assert await _update_ids(db) == [3]


async def _update_ids(db: Database) -> list[int]:
    rows = await db.reader.execute_fetchall("SELECT update_id FROM processed_updates ORDER BY 1")
    return [row[0] for row in rows]


async def test_foreign_keys_are_enforced(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO teams (code, name, area_id, invite_code, created_at, updated_at)"
                    " VALUES ('t', 'T', 999, 'X', '', '')"
                )


async def test_area_tree_of_any_depth_and_subtree_range(tmp_path):
    now = "2026-01-01T00:00:00Z"
    async with Database(tmp_path / "bot.sqlite3") as db:
        async with db.transaction() as conn:
            province, _ = await areas.upsert(
                conn, code="p", name="Lào Cai", level="province", parent=None, now=now
            )
            district, _ = await areas.upsert(
                conn, code="d", name="Huyện cũ", level="district", parent=province, now=now
            )
            commune, _ = await areas.upsert(
                conn, code="c", name="Xã A", level="commune", parent=district, now=now
            )
            village, _ = await areas.upsert(
                conn, code="v", name="Thôn 1", level="village", parent=commune, now=now
            )
            other, _ = await areas.upsert(
                conn, code="c2", name="Xã B", level="commune", parent=province, now=now
            )
            renamed, outcome = await areas.upsert(
                conn, code="c", name="Xã A mới", level="commune", parent=district, now=now
            )
        assert outcome == "updated" and renamed.id == commune.id and renamed.path == commune.path
        chain = await areas.ancestors(db.reader, village)
        assert [a.code for a in chain] == ["p", "d", "c", "v"]
        low, high = areas.subtree_bounds(district.path)
        async with db.reader.execute(
            "SELECT code FROM areas WHERE path >= ? AND path < ? ORDER BY path", (low, high)
        ) as cur:
            assert [r[0] async for r in cur] == ["d", "c", "v"]
        assert other.path.startswith(province.path)


async def test_nested_transaction_joins_the_outer_one(tmp_path):
    now = "2026-01-01T00:00:00Z"
    async with Database(tmp_path / "bot.sqlite3") as db:
        with pytest.raises(RuntimeError):
            async with db.transaction() as outer:
                await areas.upsert(
                    outer, code="p", name="P", level="province", parent=None, now=now
                )
                async with db.transaction() as inner:
                    assert inner is outer
                    await areas.upsert(
                        inner, code="q", name="Q", level="province", parent=None, now=now
                    )
                raise RuntimeError("the outer transaction fails after the inner one")
        assert await areas.get_by_code(db.reader, "p") is None
        assert await areas.get_by_code(db.reader, "q") is None


async def test_a_cancelled_begin_leaves_no_transaction_open(tmp_path):
    """A task cancelled while BEGIN is on its way must not leave the writer mid-transaction."""
    async with Database(tmp_path / "db.sqlite3") as db:
        async with db.transaction() as conn:
            await conn.execute("CREATE TABLE t (x)")
        for n in range(20):

            async def cancelled() -> None:
                async with db.transaction() as conn:
                    await conn.execute("INSERT INTO t VALUES (-1)")

            task = asyncio.create_task(cancelled())
            await asyncio.sleep(0)  # let it reach BEGIN, then cancel it there
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            async with db.transaction() as conn:  # fails if a transaction were left open
                await conn.execute("INSERT INTO t VALUES (?)", (n,))
        async with db.reader.execute("SELECT x FROM t ORDER BY rowid") as cursor:
            assert [x async for (x,) in cursor] == list(range(20))  # none of the cancelled


async def test_a_database_from_before_the_chat_id_rename_upgrades_and_keeps_its_members(
    tmp_path, monkeypatch
):
    """0010 renames members.telegram_id to chat_id: a file made by 0001-0009 keeps its rows."""
    from storage import db as db_module
    from storage import members
    from storage.chat_ids import ZALO_ID_BASE

    every = _migrations()
    path = tmp_path / "bot.sqlite3"
    monkeypatch.setattr(db_module, "_migrations", lambda: [m for m in every if m[0] < 10])
    async with Database(path) as old, old.transaction() as conn:
        await conn.executemany(
            "INSERT INTO members (telegram_id, full_name, joined_at, updated_at)"
            " VALUES (?, ?, 't', 't')",
            [(1001, "Lan"), (ZALO_ID_BASE + 1, "Hương"), (None, "—")],
        )
    monkeypatch.setattr(db_module, "_migrations", lambda: every)
    async with Database(path) as db:
        rows = await db.reader.execute_fetchall(
            "SELECT chat_id, full_name FROM members ORDER BY id"
        )
        assert [tuple(r) for r in rows] == [
            (1001, "Lan"),
            (ZALO_ID_BASE + 1, "Hương"),
            (None, "—"),
        ]
        assert (await members.get_by_chat_id(db.reader, ZALO_ID_BASE + 1)).full_name == "Hương"
        with pytest.raises(sqlite3.IntegrityError):  # still one member per chat
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO members (chat_id, full_name, joined_at, updated_at)"
                    " VALUES (1001, 'Twin', 't', 't')"
                )
