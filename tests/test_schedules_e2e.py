"""Reminders, /summary and catching up after a restart, end to end through the double."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from storage import job_runs, members, outbox

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(hour, minute=0, day=27):
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


@pytest.fixture
async def minh(running, roster, people):
    person = people(first_name="Minh")
    await person.join(roster.team_a.invite_code)
    return person


async def reminder_to(double, person):
    return await double.wait_for_bot_message(
        person.id, predicate=lambda m: "chưa gửi báo cáo" in (m.plain_text or "")
    )


async def test_reminder_buttons(running, minh, clock, double):
    clock.set(at(16, 2))
    done = await running.tick()
    assert done["reminder:daily"]["reminded"] == 1
    reminder = await reminder_to(double, minh)
    assert [row[0]["text"] for row in reminder.reply_markup["inline_keyboard"]] == [
        "📝 Báo cáo ngay",
        "⏰ Nhắc lại sau 1 giờ",
        "🏖 Tôi vắng mặt…",
    ]
    later = await minh.tap("Nhắc lại sau 1 giờ")
    assert "17:02" in later.plain_text
    seen = len(double.bot_messages(minh.id))
    clock.advance(timedelta(hours=1, minutes=1))
    running.app.delivery.wake()
    again = await double.wait_for_bot_message(minh.id, after=seen)
    assert "chưa gửi báo cáo" in again.plain_text
    ask = await minh.tap("Tôi vắng mặt")
    assert "vắng mặt đến hết ngày nào" in ask.plain_text
    noted = await minh.tap("3 ngày")
    assert "30/11/2026" in noted.plain_text
    member = await members.get_by_chat_id(running.db.reader, minh.id)
    async with running.db.reader.execute(
        "SELECT away_until FROM members WHERE id = ?", (member.id,)
    ) as cursor:
        assert (await cursor.fetchone())[0] == "2026-11-30"


async def test_report_now_opens_the_report_dialog(running, minh, clock, double):
    clock.set(at(16, 2))
    await running.tick()
    await reminder_to(double, minh)
    categories = await minh.tap("Báo cáo ngay")
    assert "Bạn đã làm gì" in categories.plain_text
    await minh.tap("Khác")
    await minh.say("2")
    saved = await minh.tap("Gửi")
    assert "Đã lưu" in saved.plain_text


async def test_who_reported_is_not_reminded_and_no_reminders_at_night(
    running, minh, clock, double
):
    await minh.say("/report")
    await minh.tap("Khác")
    await minh.say("4")
    await minh.tap("Gửi")
    clock.set(at(16, 1))
    done = await running.tick()
    assert done["reminder:daily"] == {
        "reminded": 0,
        "skipped_reported": 1,
        "away": 0,
        "quiet": 0,
        "holiday": 0,
    }
    clock.set(at(22, 0))
    assert "reminder:daily" not in await running.tick()


async def test_summary_on_demand_sends_text_and_chart(running, roster, people, double, db_path):
    coordinator = people(first_name="Điều", last_name="Phối")
    await coordinator.join(roster.team_b.invite_code)
    async with running.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, coordinator.id)
        await members.set_role(
            conn, member.id, "coordinator", roster.commune.id, "2026-11-27T00:00:00Z"
        )
    card = await coordinator.say("/summary")
    assert "khoảng thời gian" in card.plain_text
    text = await coordinator.tap("Hôm nay")
    assert "Xã Bảo Yên" in text.plain_text
    photo = await double.wait_for_bot_message(coordinator.id, predicate=lambda m: m.photo)
    assert photo.photo_bytes.startswith(b"\x89PNG")
    lan = people(first_name="Lan")
    await lan.join(roster.team_a.invite_code)
    refused = await lan.say("/summary")
    assert "dành cho tổ trưởng" in refused.plain_text


async def test_missed_summary_goes_once_after_a_restart(running, roster, people, clock, double):
    coordinator = people(first_name="Phối")
    await coordinator.join(roster.team_b.invite_code)
    async with running.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, coordinator.id)
        await members.set_role(
            conn, member.id, "coordinator", roster.commune.id, "2026-11-27T00:00:00Z"
        )
    await running.stop()
    clock.set(at(18, 40))  # the bot was down at 17:30
    await running.start()
    first = await running.tick()
    assert first["summary"]["coordinators"] == 1
    photo = await double.wait_for_bot_message(coordinator.id, predicate=lambda m: m.photo)
    assert photo.photo_bytes
    await running.restart()
    assert (await running.tick())["summary"] == {
        "coordinators": 0,
        "leaders": 0,
        "charts": 0,
        "already": 1,
    }
    async with running.db.reader.execute(
        "SELECT count(*) FROM outbox WHERE kind = 'summary'"
    ) as cursor:
        assert (await cursor.fetchone())[0] == 3  # the text and the two charts, once
    assert await job_runs.ran(running.db.reader, "summary", "2026-11-27")
    assert (await outbox.counts(running.db.reader, "summary", None)).get("sent", 0) >= 1
