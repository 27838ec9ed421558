"""Before an update is handled: was it handled already, and who sent it (one read)."""

from bot.core.clock import iso_utc
from storage import members, updates
from storage.db import Database
from tests.conftest import START


async def test_arrival_tells_a_replay_and_loads_the_member_with_their_team(db_path, roster):
    now = iso_utc(START)
    async with Database(db_path) as db:
        async with db.transaction() as conn:
            lan = await members.create(
                conn,
                chat_id=1001,
                full_name="Lò Thị Lan",
                phone=None,
                team_id=roster.team_a.id,
                role="member",
                language="vi",
                now=now,
                consent_at=now,
            )
            await updates.mark(conn, 7, now)
        fresh = await updates.arrival(db.reader, 8, 1001)
        assert not fresh.seen
        assert fresh.member == lan
        assert fresh.member == await members.get_by_chat_id(db.reader, 1001)
        assert fresh.team == roster.team_a
        assert (await updates.arrival(db.reader, 7, 1001)).seen


async def test_arrival_of_a_stranger_or_a_member_without_team(db_path, roster):
    now = iso_utc(START)
    async with Database(db_path) as db:
        async with db.transaction() as conn:
            admin = await members.create(
                conn,
                chat_id=1002,
                full_name="Admin",
                phone=None,
                team_id=None,
                role="admin",
                language="en",
                now=now,
                consent_at=None,
            )
        assert await updates.arrival(db.reader, 1, 999) == updates.Arrival(False, None, None)
        assert await updates.arrival(db.reader, 1, None) == updates.Arrival(False, None, None)
        assert await updates.arrival(db.reader, 1, 1002) == updates.Arrival(False, admin, None)
