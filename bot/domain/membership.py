"""Membership changes: an admin listed in the settings, a member joining, a member moving team.

Each is one transaction with its audit record, so the joining dialog (and later any other way
in: an import, the web) changes a membership the same way and gets back what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage import audit, members, teams
from storage.db import Database


@dataclass(frozen=True)
class Joined:
    """What joining did: the member as now stored, their team, and whether they were new."""

    member: members.Member
    team: teams.Team
    new: bool


async def register_admin(
    db: Database, *, chat_id: int, full_name: str, language: str, now: str
) -> members.Member:
    """Register (or promote to an active admin) a user listed in ADMIN_TELEGRAM_IDS.

    Returns the member as found or created: a promoted one keeps the role and status it was
    read with, as the greeting only needs its id and name.
    """
    async with db.transaction() as conn:
        member = await members.get_by_chat_id(conn, chat_id)
        if member is None:
            member = await members.create(
                conn,
                chat_id=chat_id,
                full_name=full_name,
                phone=None,
                team_id=None,
                role="admin",
                language=language,
                now=now,
                consent_at=None,
            )
            await audit.record(
                conn, actor_id=member.id, action="admin.registered", detail={}, now=now
            )
        elif member.role != "admin" or member.status != "active":
            await members.make_admin(conn, member.id, now)
            await audit.record(
                conn, actor_id=member.id, action="admin.promoted_by_settings", detail={}, now=now
            )
    return member


async def register_member(
    db: Database,
    *,
    chat_id: int,
    team_id: int,
    full_name: str,
    phone: str | None,
    consent_at: str,
    language: str,
    now: str,
) -> Joined:
    """Create the membership the joining dialog gathered, or renew a known member's."""
    async with db.transaction() as conn:
        team = await _team(conn, team_id)
        member = await members.get_by_chat_id(conn, chat_id)
        new = member is None
        if member is None:
            member = await members.create(
                conn,
                chat_id=chat_id,
                full_name=full_name,
                phone=phone,
                team_id=team.id,
                role="member",
                language=language,
                now=now,
                consent_at=consent_at,
            )
        else:
            member = await members.rejoin(
                conn,
                member.id,
                full_name=full_name,
                phone=phone,
                team_id=team.id,
                now=now,
                consent_at=consent_at,
            )
        await audit.record(
            conn, actor_id=member.id, action="member.joined", detail={"team": team.code}, now=now
        )
    return Joined(member, team, new)


async def switch_team(db: Database, member: members.Member, team_id: int, now: str) -> teams.Team:
    """Move the member from the team they are in to another one; return the new team."""
    async with db.transaction() as conn:
        old = await _team(conn, member.team_id)
        team = await _team(conn, team_id)
        await members.move_to_team(conn, member.id, team.id, now)
        await audit.record(
            conn,
            actor_id=member.id,
            action="member.switched_team",
            detail={"from": old.code, "to": team.code},
            now=now,
        )
    return team


async def _team(conn: aiosqlite.Connection, team_id: int | None) -> teams.Team:
    """Return a team that must be there (the dialog picked it); fail the transaction if not."""
    team = await teams.get(conn, team_id) if team_id is not None else None
    if team is None:
        raise LookupError(f"no team {team_id}")
    return team
