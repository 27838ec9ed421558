"""Review of held reports: who reviews, and every change of state, each with its audit record.

A report that failed a check at entry (and that its member confirmed), or one of an indicator
the province reviews in every report, is held: "pending" with a reviewer — the team's leader,
else the nearest coordinator over the team's area, else an admin; never its own member. The
reviewer confirms it (it counts from then on) or returns it with a reason ("returned": its
member corrects or keeps it, and it goes back to the same reviewer as a new round). A review
left for REVIEW_DAYS is escalated once to the next coordinator up (a new round, a new card).

Messages the changes cause (the reviewer's card, the member's returned report) go through the
outbox: a card is queued once per round (`storage.review.cards_due`), so nothing is lost or
sent twice across crashes; callers hand in the rendered message of a change, queued in the
same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from bot.domain.anomaly import Flag
from storage import areas, audit, outbox, reports, review
from storage.db import Database
from storage.members import Member
from storage.reports import Report


class Outcome(StrEnum):
    """What an attempted change did."""

    DONE = "done"
    STALE = "stale"  # the report moved on (another round, another state, deleted)
    FORBIDDEN = "forbidden"  # the caller may not review this report


async def may_review(conn: aiosqlite.Connection, actor: Member | None, report: Report) -> bool:
    """Whether `actor` may review (or correct) `report`: its team's leader, a coordinator
    over its area, or an admin; never its own member, never an ordinary member."""
    if actor is None or actor.status != "active" or actor.id == report.member_id:
        return False
    if actor.role == "admin":
        return True
    if actor.role == "leader":
        return actor.team_id == report.team_id
    if actor.role == "coordinator" and actor.scope_area_id is not None:
        scope, area = (
            await areas.get(conn, actor.scope_area_id),
            await areas.get(conn, report.area_id),
        )
        return scope is not None and area is not None and area.path.startswith(scope.path)
    return False


async def first_reviewer(conn: aiosqlite.Connection, report: Report) -> int | None:
    """The team's leader, else the nearest coordinator over its area, else the first admin."""
    leader = await review.team_leader(conn, report.team_id)
    if leader is not None and leader != report.member_id:
        return leader
    return await _above(conn, report, below_path=None)


async def escalation_reviewer(
    conn: aiosqlite.Connection, report: Report, current: int | None
) -> int | None:
    """Who a review overdue with `current` goes to: the next coordinator up, else an admin."""
    below = None
    if current is not None:
        for member_id, path in await review.coordinators_over(
            conn, await _area_path(conn, report)
        ):
            if member_id == current:
                below = path
                break
    found = await _above(conn, report, below_path=below, skip=current)
    return found if found != current else None


async def _area_path(conn: aiosqlite.Connection, report: Report) -> str:
    area = await areas.get(conn, report.area_id)
    return area.path if area else "/"


async def _above(
    conn: aiosqlite.Connection,
    report: Report,
    *,
    below_path: str | None,
    skip: int | None = None,
) -> int | None:
    """The nearest coordinator over the report's area (strictly above `below_path` if given),
    else the first admin; never the report's member nor `skip`."""
    for member_id, path in await review.coordinators_over(conn, await _area_path(conn, report)):
        if member_id in (report.member_id, skip):
            continue
        if below_path is None or (len(path) < len(below_path) and below_path.startswith(path)):
            return member_id
    return next((a for a in await review.admins(conn) if a not in (report.member_id, skip)), None)


async def hold(
    conn: aiosqlite.Connection,
    report: Report,
    flags: Sequence[Flag | dict],
    *,
    actor_id: int | None,
    now: str,
    reviewer_id: int | None = None,
    action: str = "report.flagged",
) -> int | None:
    """Send a report to review (a new round) inside the caller's transaction; audited.

    The reviewer is `reviewer_id` (a returned report goes back to whoever returned it) or
    the first one found. Return the reviewer (None: nobody can review; the report is held and
    listed by `review list` for an operator).
    """
    reviewer = reviewer_id or await first_reviewer(conn, report)
    stored = [flag.as_json() if isinstance(flag, Flag) else dict(flag) for flag in flags]
    await review.hold(conn, report.id, flags=stored, reviewer_id=reviewer, now=now)
    await audit.record(
        conn,
        actor_id=actor_id,
        action=action,
        detail={"report": report.id, "flags": stored, "reviewer": reviewer},
        now=now,
    )
    return reviewer


@dataclass(frozen=True)
class Change:
    """What a reviewer's answer did, and the report as it is now."""

    outcome: Outcome
    report: Report | None = None


async def _reviewable(
    conn: aiosqlite.Connection, actor: Member | None, report_id: int, round_: int | None
) -> tuple[Outcome, Report | None]:
    report = await reports.get(conn, report_id)
    if report is None or report.deleted_at is not None:
        return Outcome.STALE, report
    if not await may_review(conn, actor, report):
        return Outcome.FORBIDDEN, report
    if report.review != "pending":
        return Outcome.STALE, report
    if round_ is not None and await review.round_of(conn, report_id) != round_:
        return Outcome.STALE, report
    return Outcome.DONE, report


async def confirm(
    db: Database, actor: Member, report_id: int, round_: int | None, now: str
) -> Change:
    """A reviewer confirms a pending report: it counts in every total from now on."""
    return await _decide(db, actor, report_id, round_, now, "confirmed", {})


async def send_back(
    db: Database,
    actor: Member,
    report_id: int,
    round_: int | None,
    reason: str,
    now: str,
    *,
    notify: outbox.NewMessage | None = None,
) -> Change:
    """A reviewer returns a pending report to its member with a reason (queued in `notify`)."""
    return await _decide(db, actor, report_id, round_, now, "returned", {"reason": reason}, notify)


async def _decide(
    db: Database,
    actor: Member,
    report_id: int,
    round_: int | None,
    now: str,
    state: str,
    detail: dict[str, str],
    notify: outbox.NewMessage | None = None,
) -> Change:
    """A reviewer's answer to a pending report of this round, audited ("report.<state>"),
    with the message it causes queued in the same transaction."""
    async with db.transaction() as conn:
        outcome, report = await _reviewable(conn, actor, report_id, round_)
        if outcome is not Outcome.DONE or report is None:
            return Change(outcome, report)
        await review.set_state(conn, report_id, state, expected=("pending",), now=now)
        said = "after" if state == "confirmed" else "before"  # what it says, as reviewed
        await audit.record(
            conn,
            actor_id=actor.id,
            action=f"report.{state}",
            detail={"report": report_id, **detail, said: report.as_audit()},
            now=now,
        )
        if notify is not None:
            await outbox.enqueue_many(conn, [notify], now)
        return Change(Outcome.DONE, await reports.get(conn, report_id))


async def keep(db: Database, member_id: int, report_id: int, now: str) -> Change:
    """The member keeps a returned report as it is: back to its reviewer, a new round."""
    async with db.transaction() as conn:
        report = await reports.get(conn, report_id)
        if report is None or report.member_id != member_id or report.review != "returned":
            return Change(Outcome.STALE, report)
        if report.deleted_at is not None:
            return Change(Outcome.STALE, report)
        await hold(
            conn,
            report,
            report.flags,
            actor_id=member_id,
            now=now,
            reviewer_id=await review.reviewer_of(conn, report_id),
            action="report.kept",
        )
        return Change(Outcome.DONE, await reports.get(conn, report_id))


async def escalate_overdue(db: Database, before: str, now: str) -> list[int]:
    """Escalate, once each, the pending reviews waiting since before `before`; return them."""
    escalated: list[int] = []
    for report_id in await review.due_escalation(db.reader, before):
        async with db.transaction() as conn:
            report = await reports.get(conn, report_id)
            if report is None or report.review != "pending" or report.deleted_at is not None:
                continue
            current = await review.reviewer_of(conn, report_id)
            target = await escalation_reviewer(conn, report, current)
            if target is None:  # nobody above: mark it, so it is not looked at every tick
                await conn.execute(
                    "UPDATE reports SET escalated_at = ? WHERE id = ?", (now, report_id)
                )
                continue
            await review.escalate(conn, report_id, target, now)
            await audit.record(
                conn,
                actor_id=None,
                action="report.escalated",
                detail={"report": report_id, "from": current, "to": target},
                now=now,
            )
            escalated.append(report_id)
    return escalated
