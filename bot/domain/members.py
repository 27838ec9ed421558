"""A member's own settings and data: the interface language, erasing on request.

Each change is one transaction, with its audit record where it needs one, so every way in
(a button, later the web app or an admin) changes a member the same way.
"""

from __future__ import annotations

from storage import audit, members
from storage.db import Database
from storage.members import Member


async def set_language(db: Database, member_id: int, language: str, now: str) -> Member | None:
    """Remember the member's interface language; return the member as now stored."""
    async with db.transaction() as conn:
        await members.set_language(conn, member_id, language, now)
    return await members.get(db.reader, member_id)


async def erase_member(db: Database, member_id: int, now: str) -> None:
    """Remove the member's personal data, with its audit record; their reports stay in totals."""
    async with db.transaction() as conn:
        await members.erase(conn, member_id, now)
        await audit.record(conn, actor_id=member_id, action="member.erased", detail={}, now=now)
