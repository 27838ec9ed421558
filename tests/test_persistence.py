"""PTB persistence in SQLite: dialog states and user data survive a restart; unchanged data is
not written again.
"""

import pytest

from storage.db import Database
from storage.persistence import SQLitePersistence

DRAFT = {"report": {"day": "2026-11-27", "card": 3}}


async def test_states_and_user_data_survive_a_restart(db_path):
    async with Database(db_path) as db:
        persistence = SQLitePersistence(db)
        async with db.batched():
            await persistence.update_user_data(1001, DRAFT)
            await persistence.update_conversation("report", (1001, 1001), "report.value")
            await persistence.update_conversation("join", (1002, 1002), "join.name")
        await persistence.update_conversation("join", (1002, 1002), None)  # the dialog ended
    async with Database(db_path) as db:
        again = SQLitePersistence(db)
        assert await again.get_user_data() == {1001: DRAFT}
        assert await again.get_conversations("report") == {(1001, 1001): "report.value"}
        assert await again.get_conversations("join") == {}


async def test_unchanged_data_is_not_written_again(db_path):
    async with Database(db_path) as db:
        persistence = SQLitePersistence(db)
        async with db.batched() as first:
            await persistence.update_user_data(1001, DRAFT)
            await persistence.update_user_data(1002, {})  # nothing stored for them
            await persistence.update_conversation("report", (1001, 1001), "report.value")
        assert len(first.statements) == 3  # written once, even what equals the start
        async with db.batched() as unchanged:
            await persistence.update_user_data(1001, dict(DRAFT))
            await persistence.update_user_data(1002, {})
            await persistence.update_conversation("report", (1001, 1001), "report.value")
        assert unchanged.statements == []
        async with db.batched() as changed:
            await persistence.update_user_data(1001, {**DRAFT, "language": "en"})
            await persistence.update_conversation("report", (1001, 1001), None)
        assert len(changed.statements) == 2


async def test_after_a_rollback_everything_is_written_again(db_path):
    async with Database(db_path) as db:
        persistence = SQLitePersistence(db)
        with pytest.raises(RuntimeError):
            async with db.batched():
                await persistence.update_user_data(1001, DRAFT)
                raise RuntimeError("crash before the commit")
        persistence.forget_written()  # as the application does when the commit fails
        async with db.batched() as retried:
            await persistence.update_user_data(1001, DRAFT)
        assert len(retried.statements) == 1
        assert await persistence.get_user_data() == {1001: DRAFT}
