"""Broadcasts end to end: compose, audience, preview, outbox, progress, report, restart."""

import asyncio
import csv
import io
from datetime import timedelta

import pytest

from storage import members, outbox

TEXT = "Họp tổ lúc 8h <sáng mai> & mang máy"


async def add_reporters(running, roster, people, double, count, *, team=None):
    """Members registered in storage, each with a chat the bot may write to."""
    team = team or roster.team_a
    added = []
    async with running.db.transaction() as conn:
        for n in range(count):
            person = people(first_name=f"Người {n}")
            double.send_text(person.id, "/help")  # a chat exists once the user wrote
            await members.create(
                conn,
                chat_id=person.id,
                full_name=f"Người {n}",
                phone=None,
                team_id=team.id,
                role="member",
                language="vi",
                now="2026-11-01T00:00:00Z",
                consent_at="2026-11-01T00:00:00Z",
            )
            added.append(person)
    for person in added:  # the /help answers, so they don't count as the broadcast
        await double.wait_for_bot_message(person.id)
    return added


@pytest.fixture
async def coordinator(running, roster, people):
    person = people(first_name="Điều", last_name="Phối")
    await person.join(roster.team_b.invite_code)
    async with running.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, person.id)
        await members.set_role(
            conn, member.id, "coordinator", roster.commune.id, "2026-11-27T00:00:00Z"
        )
    return person


def settle_counter(running, expected: int) -> asyncio.Event:
    """An event set once the delivery worker has settled `expected` outbox rows."""
    settled: list[str] = []
    done = asyncio.Event()

    async def seen(message, status):
        settled.append(status)
        if len(settled) >= expected:
            done.set()

    running.app.delivery.on_outcome = seen
    return done


def copies(double, person):
    return [m for m in double.bot_messages(person.id) if TEXT in (m.plain_text or "")]


async def compose(coordinator, audience="Thành viên và tổ trưởng"):
    await coordinator.say("/broadcast")
    await coordinator.say(TEXT)
    await coordinator.tap("Xã Bảo Yên")
    await coordinator.tap(audience)
    seen = len(coordinator.double.bot_messages(coordinator.id))
    await coordinator.tap("Mọi người")  # first the announcement as it will look, then the card
    return await coordinator.double.wait_for_bot_message(
        coordinator.id, after=seen, predicate=lambda m: "Gửi lúc nào" in (m.plain_text or "")
    )


async def test_broadcast_reaches_everyone_once_with_a_report(
    running, roster, people, double, coordinator
):
    crowd = await add_reporters(running, roster, people, double, 20)
    double.block(crowd[0].id)
    preview = await compose(coordinator)
    assert "20 người" in preview.plain_text
    settled = settle_counter(running, 20)
    queued = await coordinator.tap("Gửi ngay")
    assert "Đã xếp hàng 20 tin" in queued.plain_text
    await asyncio.wait_for(settled.wait(), timeout=20)
    assert await outbox.counts(running.db.reader, "broadcast", 1) == {"sent": 19, "blocked": 1}
    result = await running.progress()
    assert result["finished"] == 1
    report = await double.wait_for_bot_message(
        coordinator.id, predicate=lambda m: "Đã gửi xong" in (m.plain_text or "")
    )
    assert "Đã chặn bot: 1" in report.plain_text
    failures = await double.wait_for_bot_message(coordinator.id, predicate=lambda m: m.document)
    rows = list(csv.reader(io.StringIO(failures.document_bytes.decode("utf-8-sig"))))
    assert rows[1][:3] == ["Người 0", "Tổ CNS Nà Phung", "blocked"]
    for person in crowd[1:]:
        assert len(copies(double, person)) == 1
    assert copies(double, crowd[0]) == []
    # The formatting the sender typed arrives escaped, exactly as typed, and signed.
    typed = TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    signature = "<i>— Điều Phối, cán bộ điều phối Xã Bảo Yên</i>"
    assert copies(double, crowd[1])[0].text == f"{typed}\n\n{signature}"


async def make_coordinator(bot, roster, people):
    person = people(first_name="Điều", last_name="Phối")
    await person.join(roster.team_b.invite_code)
    async with bot.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, person.id)
        await members.set_role(
            conn, member.id, "coordinator", roster.commune.id, "2026-11-27T00:00:00Z"
        )
    return person


async def test_restart_in_the_middle_of_a_broadcast(start_bot, roster, people, double):
    bot = await start_bot(send_rate=25)
    boss = await make_coordinator(bot, roster, people)
    crowd = await add_reporters(bot, roster, people, double, 60)
    await compose(boss)
    await boss.tap("Gửi ngay")
    await double.wait_until(lambda: sum(len(copies(double, p)) for p in crowd) >= 20, timeout=20)
    await bot.restart()  # stops the worker mid-way; the new one takes up the rest
    await double.wait_until(lambda: all(copies(double, p) for p in crowd), timeout=30)
    received = [len(copies(double, p)) for p in crowd]
    assert min(received) == 1
    assert sum(received) - len(crowd) <= 1  # at most the one message in flight at the stop


async def test_scheduled_broadcast_waits_and_can_be_stopped(
    running, roster, people, double, coordinator, clock
):
    crowd = await add_reporters(running, roster, people, double, 3)
    await compose(coordinator)
    queued = await coordinator.tap("Sau 1 giờ")
    assert "10:00 27/11" in queued.plain_text
    listing = await coordinator.say("/broadcasts")
    assert "#1: 0/3" in listing.plain_text
    asked = await coordinator.tap("Dừng #1")
    assert "Dừng thông báo #1?" in asked.plain_text
    stopped = await coordinator.tap("Dừng hẳn")
    assert "Đã dừng thông báo #1" in stopped.plain_text
    assert await outbox.counts(running.db.reader, "broadcast", 1) == {"cancelled": 3}
    clock.advance(timedelta(hours=2))
    running.app.delivery.wake()
    await coordinator.say("/help")  # let the worker look once more
    assert all(copies(double, p) == [] for p in crowd)


async def test_only_coordinators_and_admins_may_broadcast(running, roster, people):
    lan = people(first_name="Lan")
    await lan.join(roster.team_a.invite_code)
    refused = await lan.say("/broadcast")
    assert "không có quyền" in refused.plain_text
    refused = await lan.say("/broadcasts")
    assert "không có quyền" in refused.plain_text
