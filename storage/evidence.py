"""Evidence photos: kept once per member, attached to the reports they were sent with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from storage.areas import subtree_bounds


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo as it arrived: the messenger's references, and its bytes if they were fetched."""

    unique_ref: str
    file_ref: str
    width: int | None = None
    height: int | None = None
    mime: str | None = None
    content: bytes | None = None


@dataclass(frozen=True, slots=True)
class Served:
    """What a link to a photo serves: its bytes, or where the messenger keeps it."""

    file_ref: str
    mime: str | None
    content: bytes | None


async def keep(
    conn: aiosqlite.Connection, member_id: int, photo: Photo, now: str
) -> tuple[int, bool]:
    """Keep a member's photo once; return its id and whether it is new."""
    async with conn.execute(
        "INSERT INTO evidence_photos (member_id, unique_ref, file_ref, width, height, mime,"
        " size, content, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (member_id, unique_ref) DO NOTHING RETURNING id",
        (
            member_id,
            photo.unique_ref,
            photo.file_ref,
            photo.width,
            photo.height,
            photo.mime,
            len(photo.content) if photo.content is not None else None,
            photo.content,
            now,
        ),
    ) as cursor:
        row = await cursor.fetchone()
    if row is not None:
        return row[0], True
    async with conn.execute(
        "SELECT id FROM evidence_photos WHERE member_id = ? AND unique_ref = ?",
        (member_id, photo.unique_ref),
    ) as cursor:
        found = await cursor.fetchone()
    assert found is not None  # the insert met this very row
    return found[0], False


async def attach(
    conn: aiosqlite.Connection,
    member_id: int,
    photo_ids: Iterable[int],
    report_ids: Iterable[int],
    now: str,
) -> list[tuple[int, int]]:
    """Attach the member's own photos to the member's own reports; return the new pairs."""
    added = []
    reports = list(report_ids)
    for photo_id in photo_ids:
        for report_id in reports:
            async with conn.execute(
                "INSERT INTO report_evidence (report_id, photo_id, attached_at)"
                " SELECT r.id, p.id, ? FROM reports r, evidence_photos p"
                " WHERE r.id = ? AND p.id = ? AND r.member_id = ? AND p.member_id = ?"
                " ON CONFLICT DO NOTHING RETURNING report_id",
                (now, report_id, photo_id, member_id, member_id),
            ) as cursor:
                if await cursor.fetchone() is not None:
                    added.append((report_id, photo_id))
    return added


async def counts(conn: aiosqlite.Connection, report_ids: list[int]) -> dict[int, int]:
    """Return report id → number of photos, for the reports that have any."""
    if not report_ids:
        return {}
    marks = ",".join("?" * len(report_ids))
    async with conn.execute(
        f"SELECT report_id, count(*) FROM report_evidence WHERE report_id IN ({marks})"
        " GROUP BY report_id",
        report_ids,
    ) as cursor:
        return {report_id: count async for report_id, count in cursor}


async def photo_ids(conn: aiosqlite.Connection, report_id: int) -> list[int]:
    """Return the ids of a report's photos, in the order they came."""
    async with conn.execute(
        "SELECT photo_id FROM report_evidence WHERE report_id = ? ORDER BY photo_id",
        (report_id,),
    ) as cursor:
        return [photo_id async for (photo_id,) in cursor]


async def within(
    conn: aiosqlite.Connection, area_path: str, first: str, last: str
) -> dict[int, list[int]]:
    """Return report id → photo ids for the live reports of a subtree dated first..last.

    Only reports that have photos are named, so this grows with the photos, not the reports.
    """
    found: dict[int, list[int]] = {}
    async with conn.execute(
        "SELECT e.report_id, e.photo_id FROM report_evidence e JOIN reports r ON r.id ="
        " e.report_id WHERE r.area_id IN (SELECT id FROM areas WHERE path >= ? AND path < ?)"
        " AND r.deleted_at IS NULL AND r.report_date BETWEEN ? AND ?"
        " ORDER BY e.report_id, e.photo_id",
        (*subtree_bounds(area_path), first, last),
    ) as cursor:
        async for report_id, photo_id in cursor:
            found.setdefault(report_id, []).append(photo_id)
    return found


async def served(conn: aiosqlite.Connection, photo_id: int) -> Served | None:
    """Return a photo that belongs to a live report; None for any other (or unknown) photo."""
    async with conn.execute(
        "SELECT p.file_ref, p.mime, p.content FROM evidence_photos p WHERE p.id = ? AND EXISTS"
        " (SELECT 1 FROM report_evidence e JOIN reports r ON r.id = e.report_id"
        "  WHERE e.photo_id = p.id AND r.deleted_at IS NULL)",
        (photo_id,),
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    return Served(row[0], row[1], bytes(row[2]) if row[2] is not None else None)


async def prune_unattached(conn: aiosqlite.Connection, received_before: str) -> int:
    """Drop photos of reports never sent (a cancelled dialog), received before a time."""
    cursor = await conn.execute(
        "DELETE FROM evidence_photos WHERE received_at < ? AND NOT EXISTS"
        " (SELECT 1 FROM report_evidence e WHERE e.photo_id = evidence_photos.id)",
        (received_before,),
    )
    return cursor.rowcount
