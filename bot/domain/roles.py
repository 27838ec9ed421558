"""A member's role set by an admin (/promote): one transaction with its audit record."""

from __future__ import annotations

from storage import audit, members
from storage.areas import Area
from storage.db import Database
from storage.members import Member


async def set_role(
    db: Database, actor_id: int, member: Member, role: str, area: Area | None, now: str
) -> None:
    """Give a member a role (coordinators an area), recording who changed it from what."""
    async with db.transaction() as conn:
        await members.set_role(conn, member.id, role, area.id if area else None, now)
        await audit.record(
            conn,
            actor_id=actor_id,
            action="member.role_set",
            detail={
                "member": member.id,
                "from": member.role,
                "to": role,
                "area": area.code if area else None,
            },
            now=now,
        )
