"""Every log line written while an update is handled carries its update id and member id."""

import asyncio
import logging

import pytest

from bot.core import logs
from storage import members


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def kept():
    """Records at INFO, as production logs them (bot.cli.main.configure_logging)."""
    handler = Kept()
    logs.install(handler)
    root = logging.getLogger()
    level, httpx = root.level, logging.getLogger("httpx").level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(httpx)


async def join(lan, roster):
    await lan.say(f"/start {roster.team_a.invite_code}")
    await lan.tap("Tôi đồng ý")
    await lan.tap("Dùng tên")
    await lan.keyboard("Chia sẻ số điện thoại")
    await lan.tap("Xác nhận")


async def until_logged(kept, count):
    """The update's own line is written after the reply went out: wait for it."""
    for _ in range(500):
        lines = [r for r in kept.records if r.getMessage().startswith("update=")]
        if len(lines) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the update's line was not written")


async def test_records_carry_the_update_and_member_ids(running, roster, people, kept):
    lan = people(first_name="Nguyễn Thị", last_name="Lan", phone_number="0912345678")
    await join(lan, roster)
    await until_logged(kept, 5)
    member = await members.get_by_chat_id(running.db.reader, lan.id)
    kept.records.clear()

    await lan.say("/help")
    await until_logged(kept, 1)

    during = [r for r in kept.records if r.update_id is not None]
    assert during
    assert all(r.member_id == member.id for r in during)
    assert all(isinstance(r.update_id, int) for r in during)
    # Outside an update the fields are there, empty.
    logging.getLogger("bot.test").info("between updates")
    assert (kept.records[-1].update_id, kept.records[-1].member_id) == (None, None)


async def test_no_record_carries_a_name_or_a_phone(running, roster, people, kept):
    lan = people(first_name="Nguyễn Thị", last_name="Lan", phone_number="0912345678")
    await join(lan, roster)
    await lan.say("/myreports")
    await until_logged(kept, 6)
    for record in kept.records:
        line = record.getMessage()
        for personal in ("Nguyễn", "Lan", "0912345678", "912345678", "912 345 678"):
            assert personal not in line, line
