"""Storing a report: new activities, a corrected report, a repeated day replacing stored ones.

One transaction does it all, with its audit records, so every way in (the dialog's Send, a
correction from /myreports, "same as yesterday → replace", later the web form and reviews)
stores a report the same way and says what happened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import aiosqlite

from bot.domain import review
from bot.domain.anomaly import Flag
from storage import audit, reports
from storage import review as review_store
from storage.db import Database


@dataclass(frozen=True)
class Entry:
    """One activity to store: its category and the values of its indicators."""

    category: str
    values: Mapping[str, int]
    # Why it goes to review (bot.domain.anomaly): values the member confirmed as unusual, or
    # indicators the province reviews in every report. Empty: it counts at once.
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Submission:
    """A member's report of one day, as the dialog (or any other form) gathered it."""

    member_id: int
    team_id: int
    area_id: int
    report_date: date
    entries: tuple[Entry, ...]
    note: str | None
    # Names the submission: entry n is stored once under f"{source}:{n}", so a double tap or
    # a replayed update finds its reports already there.
    source: str
    report_id: int | None = None  # correct this stored report (with the first entry)
    # Same-day stored reports the entries replace, by category (a repeated day).
    replaces: Mapping[str, int] = field(default_factory=dict)
    # Why a stored report is corrected: asked when it was confirmed by a reviewer, and of a
    # coordinator correcting someone's report. Kept in the report's history.
    reason: str | None = None
    # Who corrects (a coordinator or admin); None: the member themself.
    actor_id: int | None = None


@dataclass(frozen=True)
class Stored:
    """What storing did: reports created, reports corrected, and entries stored before."""

    created: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    already: tuple[int, ...] = ()  # a replay of a submission already stored: nothing changed


async def store_report(db: Database, submission: Submission, now: str) -> Stored:
    """Store a submission in one transaction, with its audit records; say what happened."""
    created: list[int] = []
    updated: list[int] = []
    already: list[int] = []
    async with db.transaction() as conn:
        if submission.report_id is not None:
            entry = submission.entries[0]
            updated.append(
                await _update(conn, submission, submission.report_id, entry, submission.note, now)
            )
            return Stored(updated=tuple(updated))
        for index, entry in enumerate(submission.entries):
            replaced = await _replace_stored(conn, submission, entry, now)
            if replaced is not None:
                updated.append(replaced)
                continue
            report, new = await reports.create(
                conn,
                member_id=submission.member_id,
                team_id=submission.team_id,
                area_id=submission.area_id,
                report_date=submission.report_date,
                category=entry.category,
                values=dict(entry.values),
                note=submission.note,
                source=f"{submission.source}:{index}",
                now=now,
            )
            if not new:
                already.append(report.id)
                continue
            await audit.record(
                conn,
                actor_id=submission.member_id,
                action="report.created",
                detail={"report": report.id, "after": report.as_audit()},
                now=now,
            )
            if entry.flags:
                await review.hold(
                    conn, report, entry.flags, actor_id=submission.member_id, now=now
                )
            created.append(report.id)
    return Stored(tuple(created), tuple(updated), tuple(already))


async def _replace_stored(
    conn: aiosqlite.Connection, submission: Submission, entry: Entry, now: str
) -> int | None:
    """Put the entry in place of the same-day report it replaces, if that still may be."""
    report_id = submission.replaces.get(entry.category)
    stored = await reports.get(conn, report_id) if report_id else None
    if (
        stored is None
        or stored.member_id != submission.member_id
        or stored.deleted_at
        or stored.report_date != submission.report_date
    ):
        return None
    # A repeated day without a note of its own keeps the note the day had.
    note = submission.note if submission.note is not None else stored.note
    return await _update(conn, submission, stored.id, entry, note, now)


async def _update(
    conn: aiosqlite.Connection,
    submission: Submission,
    report_id: int,
    entry: Entry,
    note: str | None,
    now: str,
) -> int:
    before, after = await reports.update(
        conn,
        report_id,
        report_date=submission.report_date,
        category=entry.category,
        values=dict(entry.values),
        note=note,
        now=now,
    )
    actor = submission.actor_id or submission.member_id
    detail = {"report": after.id, "before": before.as_audit(), "after": after.as_audit()}
    if submission.reason:
        detail["reason"] = submission.reason
    await audit.record(conn, actor_id=actor, action="report.updated", detail=detail, now=now)
    await _review_after_update(conn, submission, before, after, entry, now)
    return after.id


async def _review_after_update(
    conn: aiosqlite.Connection,
    submission: Submission,
    before: reports.Report,
    after: reports.Report,
    entry: Entry,
    now: str,
) -> None:
    """Settle a corrected report's review state.

    A coordinator's (or admin's) correction is a review: confirmed. A returned report goes
    back to whoever returned it, corrected, as a new round. Otherwise the checks at entry
    decide afresh: flagged values send it to review; none make it count (a held report fixed
    before its review, or a reviewed one changed to a usual value).
    """
    if submission.actor_id is not None and submission.actor_id != submission.member_id:
        state = "confirmed"
    elif before.review == "returned":
        flags = entry.flags or before.flags
        reviewer = await review_store.reviewer_of(conn, after.id)
        await review.hold(
            conn,
            after,
            flags,
            actor_id=submission.member_id,
            now=now,
            reviewer_id=reviewer,
            action="report.resubmitted",
        )
        return
    elif entry.flags:
        await review.hold(conn, after, entry.flags, actor_id=submission.member_id, now=now)
        return
    else:
        state = "accepted"
    if before.review != state:
        await review_store.set_state(conn, after.id, state, expected=review_store.STATES, now=now)
        if state == "confirmed":  # the history says it was reviewed, not only changed
            await audit.record(
                conn,
                actor_id=submission.actor_id,
                action="report.confirmed",
                detail={
                    "report": after.id,
                    "after": after.as_audit(),
                    "by_correction": True,
                    "from": before.review,
                },
                now=now,
            )


async def delete_report(db: Database, member_id: int, report_id: int, now: str) -> bool:
    """Take a report out of every total, with its audit record; tell whether it was there."""
    async with db.transaction() as conn:
        deleted = await reports.delete(conn, report_id, now)
        if deleted is None:
            return False
        await audit.record(
            conn,
            actor_id=member_id,
            action="report.deleted",
            # What the report said is the same before and after: deletion only marks it.
            detail={"report": report_id, "before": deleted.as_audit()},
            now=now,
        )
    return True
