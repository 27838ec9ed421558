"""Who may see what: roles and area scopes, checked on the server side for every request.

- admin: every area;
- coordinator: the subtree of their scope area;
- leader: their own team;
- member: only their own reports.
Phone numbers are shown only to admins and to coordinators whose scope holds the member's team.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage import areas, teams
from storage.areas import Area
from storage.members import Member

PRIVILEGED = ("leader", "coordinator", "admin")


@dataclass(frozen=True, slots=True)
class Scope:
    """What a privileged member may see: an area subtree (None: all) and, for leaders, a team."""

    role: str
    area: Area | None
    team_id: int | None = None

    def covers(self, area_path: str) -> bool:
        """Tell whether an area (by path) lies inside this scope."""
        if self.role == "admin":
            return True
        return self.area is not None and area_path.startswith(self.area.path)

    @property
    def sees_phones(self) -> bool:
        """Leaders see names; coordinators and admins also phone numbers in their scope."""
        return self.role in ("coordinator", "admin")


async def scope_for(conn: aiosqlite.Connection, member: Member | None) -> Scope | None:
    """Return a privileged member's scope, or None for members and strangers."""
    if member is None or member.status != "active" or member.role not in PRIVILEGED:
        return None
    if member.role == "admin":
        return Scope("admin", await areas.root(conn))
    if member.role == "coordinator":
        if member.scope_area_id is None:
            return None
        return Scope("coordinator", await areas.get(conn, member.scope_area_id))
    team = await teams.get(conn, member.team_id) if member.team_id else None
    if team is None:
        return None
    return Scope("leader", await areas.get(conn, team.area_id), team.id)


def is_admin(member: Member | None) -> bool:
    """Tell whether a member may use the admin-only commands."""
    return member is not None and member.status == "active" and member.role == "admin"
