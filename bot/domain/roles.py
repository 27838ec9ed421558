"""A member's role set by an admin (/promote): finding the person, then one transaction."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.domain.form import fold_diacritics
from bot.domain.phones import mask_phone
from storage import audit, members, outbox
from storage.areas import Area
from storage.db import Database
from storage.members import Member

# fold_diacritics as one str.translate over the Latin letters Vietnamese uses, so that a
# province's 25,000 names are folded in milliseconds rather than a second.
_FOLDED = {
    code: fold_diacritics(chr(code))
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if fold_diacritics(chr(code)) != chr(code).lower()
}


def fold_name(name: str) -> str:
    """Return fold_diacritics(name), quickly for names written in Vietnamese letters."""
    quick = name.lower().translate(_FOLDED)
    return quick if quick.isascii() else fold_diacritics(name)


@dataclass(frozen=True, slots=True)
class Candidate:
    """Someone an admin's search found, with what tells namesakes apart."""

    member: Member
    team: str | None
    masked_phone: str | None


async def find_people(
    conn: aiosqlite.Connection, text: str, *, limit: int = 8
) -> tuple[list[Candidate], bool]:
    """Find active members by a part of the name typed with or without diacritics, or by phone.

    Every word typed must be in the name ("huong nguyen" finds Nguyễn Thị Hương). Return at
    most `limit` people and whether there were more.
    """
    words = fold_diacritics(text).split()
    if any(ch.isdigit() for ch in text) or not words:
        found = await members.search(conn, text, limit=limit + 1)
    else:

        def matches(name: str) -> bool:
            folded = fold_name(name)
            return all(word in folded for word in words)

        ids = await members.active_ids_named(conn, matches, limit=limit + 1)
        found = [m for m in [await members.get(conn, i) for i in ids] if m is not None]
    teams = await members.names_and_teams(conn, [m.id for m in found])
    candidates = [
        Candidate(
            m,
            teams.get(m.id, ("", ""))[1] or None,
            mask_phone(m.phone) if m.phone else None,
        )
        for m in found[:limit]
    ]
    return candidates, len(found) > limit


@dataclass(frozen=True, slots=True)
class Notice:
    """The message that tells a member their new role, sent by the outbox worker."""

    chat_id: int
    text: str


async def set_role(
    db: Database,
    actor_id: int,
    member: Member,
    role: str,
    area: Area | None,
    now: str,
    notice: Notice | None = None,
) -> None:
    """Give a member a role (coordinators an area), recording who changed it from what.

    The notice, if any, is queued in the same transaction: the member hears of exactly the
    change that was stored.
    """
    async with db.transaction() as conn:
        await members.set_role(conn, member.id, role, area.id if area else None, now)
        if notice is not None:
            await outbox.enqueue(
                conn,
                kind="role",
                member_id=member.id,
                chat_id=notice.chat_id,
                payload={"text": notice.text},
                dedupe_key=f"role:{member.id}:{now}",
                now=now,
            )
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
