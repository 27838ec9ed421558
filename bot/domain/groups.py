"""Group chats: linking one to an area or a team, consent to be named there, and its wording.

Least privilege: a coordinator links a group to their own area, a team leader to their own
team, an admin to the province. Making a code and using it up are one transaction each; a
group linked leaves its audit record in the transaction that links it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.core.i18n import Texts, fit, shorten
from bot.domain.access import Scope, scope_for
from storage import audit, groups, members, teams
from storage.db import Database
from storage.groups import GroupLink
from storage.members import Member

NAME_MAX = 60
# Room for the names in a group's reminder: Zalo shows 2,000 characters a message.
NAMES_BUDGET = 1500


@dataclass(frozen=True, slots=True)
class Offer:
    """A code made, and what the group it is typed in will be linked to."""

    code: str
    scope_name: str


async def offer_code(db: Database, member: Member | None, expires_at: str) -> Offer | None:
    """Make a code linking a group to the member's area or team; None if they may not."""
    async with db.transaction() as conn:
        scope = await scope_for(conn, member)
        if scope is None or member is None:
            return None
        if scope.role == "leader":
            area_id, team_id = None, scope.team_id
            team = await teams.get(conn, team_id) if team_id is not None else None
            if team is None:
                return None
            name = team.name
        else:
            if scope.area is None:
                return None
            area_id, team_id, name = scope.area.id, None, scope.area.name
        code = await groups.offer(
            conn, member.id, area_id=area_id, team_id=team_id, expires_at=expires_at
        )
    return Offer(code, name)


async def redeem_code(db: Database, typed: str, chat_id: int, now: str) -> GroupLink | None:
    """Link a group chat if `typed` is a live code whose maker still holds that scope.

    Return the group as linked, or None (nothing changes, though a live code is used up).
    """
    code = groups.normalize_code(typed)
    if code is None:
        return None
    async with db.transaction() as conn:
        taken = await groups.take_code(conn, code, now)
        if taken is None:
            return None
        member_id, area_id, team_id = taken
        scope = await scope_for(conn, await members.get(conn, member_id))
        if scope is None or not _still_holds(scope, area_id, team_id):
            return None
        await groups.link(
            conn, chat_id, area_id=area_id, team_id=team_id, member_id=member_id, now=now
        )
        await audit.record(
            conn,
            actor_id=member_id,
            action="group.linked",
            detail={"chat": chat_id, "area": area_id, "team": team_id},
            now=now,
        )
        return await groups.get(conn, chat_id)


def _still_holds(scope: Scope, area_id: int | None, team_id: int | None) -> bool:
    """The code's maker may still link to what the code names (their role may have moved)."""
    if team_id is not None:
        return scope.role == "leader" and scope.team_id == team_id
    in_area = scope.area is not None and scope.area.id == area_id
    return scope.role in ("coordinator", "admin") and in_area


async def set_named(db: Database, member_id: int, named: bool, now: str) -> None:
    """Record a member's choice to be named (or not) in groups' reminders, with its audit."""
    async with db.transaction() as conn:
        await groups.set_named(conn, member_id, named, now)
        await audit.record(
            conn,
            actor_id=member_id,
            action="member.named_in_groups",
            detail={"named": named},
            now=now,
        )


def render_reminder(
    texts: Texts, language: str, day: date, names: list[str], count: int, *, week: bool
) -> str:
    """The reminder a group reads: how many have not reported, and the names it may show."""
    when = texts.date(language, day, "short")
    head = texts.get(
        language, "group-reminder-week" if week else "group-reminder-day", date=when, count=count
    )
    if not names:
        return head
    shown = fit(
        [shorten(name, NAME_MAX) for name in names],
        NAMES_BUDGET,
        lambda more: texts.plain(language, "group-reminder-more", count=more),
    )
    hidden = count - len(names)
    lines = [head, texts.get(language, "group-reminder-names", names=", ".join(shown))]
    if hidden:
        lines.append(texts.get(language, "group-reminder-unnamed", count=hidden))
    return "\n".join(lines)


def groups_served(enabled: bool, bots: dict[str, Any]) -> bool:
    """Whether group chats are served: GROUPS_ENABLED, and Zalo's getMe said the bot can join
    groups (Zalo only for now: Telegram's groups stay silent; see handlers.groups)."""
    if not enabled:
        return False
    bot = bots.get("zalo")
    try:
        return bool(bot is not None and bot.bot.can_join_groups)
    except (AttributeError, RuntimeError):  # not initialized: getMe was not asked yet
        return False
