"""The outbox in SQLite: deduplication, set-based enqueueing, claiming and outcomes."""

import time

import pytest

from storage import outbox
from storage.db import Database
from storage.outbox import NewMessage

T0 = "2026-11-27T02:00:00Z"
T1 = "2026-11-27T03:00:00Z"
T2 = "2026-11-27T04:00:00Z"
TEXT = {"text": "<b>Họp tổ</b> lúc 8 giờ"}


@pytest.fixture
async def db(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        yield db


async def add_members(
    db: Database, count: int, *, status: str = "active", first_chat_id: int = 50000
) -> None:
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO members (chat_id, full_name, status, joined_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            ((first_chat_id + i, f"Người {i}", status, T0, T0) for i in range(count)),
        )


async def member_status(db: Database, member_id: int) -> str:
    async with db.reader.execute("SELECT status FROM members WHERE id = ?", (member_id,)) as c:
        return (await c.fetchone())[0]


async def test_enqueue_is_deduplicated_by_key(db):
    async with db.transaction() as conn:
        first = await outbox.enqueue(
            conn, kind="reminder", chat_id=1, payload=TEXT, dedupe_key="r:1", now=T0
        )
        again = await outbox.enqueue(
            conn, kind="reminder", chat_id=1, payload={"text": "khác"}, dedupe_key="r:1", now=T1
        )
    assert (first, again) == (True, False)
    async with db.transaction() as conn:
        [row] = await outbox.claim_due(conn, T1, 10)
    assert row.payload == TEXT
    assert (row.kind, row.chat_id, row.not_before, row.created_at) == ("reminder", 1, T0, T0)


async def test_enqueue_many_counts_only_new_rows(db):
    rows = [NewMessage("summary", i, TEXT, f"s:{i}", attachment=b"png") for i in range(5)]
    async with db.transaction() as conn:
        assert await outbox.enqueue_many(conn, rows[:3], T0) == 3
        assert await outbox.enqueue_many(conn, iter(rows), T0) == 2
        assert await outbox.counts(conn, "summary", None) == {"pending": 5}


async def test_enqueue_for_members_is_set_based_and_fast(db):
    await add_members(db, 5000)
    await add_members(db, 10, status="left", first_chat_id=90000)
    select_active = "SELECT id, chat_id FROM members WHERE status = ?"
    started = time.perf_counter()
    async with db.transaction() as conn:
        queued = await outbox.enqueue_for_members(
            conn,
            kind="broadcast",
            ref_id=7,
            member_ids_sql=select_active,
            params=("active",),
            payload=TEXT,
            dedupe_prefix="b7:",
            now=T0,
        )
    elapsed = time.perf_counter() - started
    assert queued == 5000
    assert elapsed < 0.5
    async with db.transaction() as conn:
        again = await outbox.enqueue_for_members(
            conn,
            kind="broadcast",
            ref_id=7,
            member_ids_sql=select_active,
            params=("active",),
            payload=TEXT,
            dedupe_prefix="b7:",
            now=T1,
        )
        [first] = await outbox.claim_due(conn, T1, 1)
    assert again == 0
    assert (first.member_id, first.chat_id, first.dedupe_key) == (1, 50000, "b7:1")
    assert first.payload == TEXT


async def test_enqueue_for_members_can_wait_until_a_given_time(db):
    await add_members(db, 3)
    async with db.transaction() as conn:
        await outbox.enqueue_for_members(
            conn,
            kind="broadcast",
            ref_id=8,
            member_ids_sql="SELECT id, chat_id FROM members",
            params=(),
            payload=TEXT,
            dedupe_prefix="b8:",
            now=T0,
            not_before=T1,
        )
        assert await outbox.claim_due(conn, T0, 10) == []
        assert await outbox.next_due(conn) == T1
        assert len(await outbox.claim_due(conn, T1, 10)) == 3


async def test_claim_due_takes_due_rows_longest_waiting_first(db):
    async with db.transaction() as conn:
        for key, not_before in (("a", T1), ("b", T0), ("c", T2), ("d", T0)):
            await outbox.enqueue(
                conn,
                kind="reminder",
                chat_id=1,
                payload=TEXT,
                dedupe_key=key,
                now=T0,
                not_before=not_before,
            )
        claimed = await outbox.claim_due(conn, T1, 10)
        assert [m.dedupe_key for m in claimed] == ["b", "d", "a"]
        assert {m.status for m in claimed} == {"sending"}
        assert await outbox.claim_due(conn, T1, 10) == []
        assert await outbox.next_due(conn) == T2
        [late] = await outbox.claim_due(conn, T2, 10)
        assert late.dedupe_key == "c"
        assert await outbox.next_due(conn) is None


async def test_claim_due_respects_the_limit(db):
    async with db.transaction() as conn:
        for i in range(5):
            await outbox.enqueue(
                conn, kind="reminder", chat_id=i, payload=TEXT, dedupe_key=f"k{i}", now=T0
            )
        first = await outbox.claim_due(conn, T0, 2)
        rest = await outbox.claim_due(conn, T0, 10)
    assert [m.chat_id for m in first] == [0, 1]
    assert [m.chat_id for m in rest] == [2, 3, 4]


async def test_requeue_in_flight_returns_claimed_rows(db):
    async with db.transaction() as conn:
        for i in range(3):
            await outbox.enqueue(
                conn, kind="reminder", chat_id=i, payload=TEXT, dedupe_key=f"k{i}", now=T0
            )
        claimed = await outbox.claim_due(conn, T0, 10)
        await outbox.mark_sent(conn, claimed[0].id, T0)
        assert await outbox.requeue_in_flight(conn) == 2
        assert await outbox.counts(conn, "reminder", None) == {"sent": 1, "pending": 2}
        assert await outbox.requeue_in_flight(conn) == 0


async def test_outcomes_counts_and_failures(db):
    await add_members(db, 5)
    async with db.transaction() as conn:
        await outbox.enqueue_for_members(
            conn,
            kind="broadcast",
            ref_id=1,
            member_ids_sql="SELECT id, chat_id FROM members",
            params=(),
            payload=TEXT,
            dedupe_prefix="b1:",
            now=T0,
        )
        sent, blocked, failed, retried, skipped = await outbox.claim_due(conn, T0, 10)
        await outbox.mark_sent(conn, sent.id, T1)
        await outbox.mark_blocked(conn, blocked.id, T1)
        await outbox.mark_failed(conn, failed.id, "Bad Request: chat not found", T1)
        await outbox.mark_retry(conn, retried.id, T2, "Internal Server Error")
        await outbox.mark_skipped(conn, skipped.id, "member erased")
        assert await outbox.counts(conn, "broadcast", 1) == {
            "sent": 1,
            "blocked": 1,
            "failed": 1,
            "pending": 1,
            "skipped": 1,
        }
        assert await outbox.claim_due(conn, T1, 10) == []
        [again] = await outbox.claim_due(conn, T2, 10)
        found = await outbox.failures(conn, "broadcast", 1)
    assert (again.id, again.attempts, again.error) == (retried.id, 1, "Internal Server Error")
    assert [(m.id, m.status) for m in found] == [(blocked.id, "blocked"), (failed.id, "failed")]
    assert found[1].error == "Bad Request: chat not found"
    assert await member_status(db, blocked.member_id) == "unreachable"
    assert await member_status(db, sent.member_id) == "active"


async def test_blocking_does_not_revive_an_erased_member(db):
    await add_members(db, 1, status="erased")
    async with db.transaction() as conn:
        await outbox.enqueue(
            conn,
            kind="reminder",
            chat_id=50000,
            member_id=1,
            payload=TEXT,
            dedupe_key="k",
            now=T0,
        )
        [row] = await outbox.claim_due(conn, T0, 1)
        await outbox.mark_blocked(conn, row.id, T1)
    assert await member_status(db, 1) == "erased"


async def test_cancel_touches_only_pending_rows_of_that_broadcast(db):
    async with db.transaction() as conn:
        for ref_id in (1, 2):
            rows = [
                NewMessage("broadcast", i, TEXT, f"b{ref_id}:{i}", ref_id=ref_id) for i in range(4)
            ]
            await outbox.enqueue_many(conn, rows, T0)
        first, _second = await outbox.claim_due(conn, T0, 2)
        await outbox.mark_sent(conn, first.id, T0)
        assert await outbox.cancel(conn, "broadcast", 1) == 2
        assert await outbox.counts(conn, "broadcast", 1) == {
            "sent": 1,
            "sending": 1,
            "cancelled": 2,
        }
        assert await outbox.counts(conn, "broadcast", 2) == {"pending": 4}
