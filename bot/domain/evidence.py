"""Evidence photos: keeping what a member sent, attaching it to reports, linking to it.

A photo is kept when it arrives (before the report exists: a dialog can take minutes), once
per member; sending the report attaches it. Coordinators reach a photo through a signed link
that expires (the bot's web server at PUBLIC_URL serves it): the export they are allowed to
make is the only place such links are written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.links import Signer
from storage import audit
from storage import evidence as store
from storage.db import Database
from storage.evidence import Photo

MAX_BYTES = 5 * 1024 * 1024  # a photo's bytes are kept up to this size; above, its reference
MAX_PER_REPORT = 10  # photos one report being written takes
ROUTE = "/evidence/{photo_id:\\d+}/{expires:\\d+}/{signature:[0-9a-f]+}"

_IMAGES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_type(data: bytes) -> str | None:
    """The image type bytes start with (JPEG, PNG, GIF, WEBP); None for anything else."""
    for magic, mime in _IMAGES:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


async def keep_photo(db: Database, member_id: int, photo: Photo, now: str) -> int:
    """Keep a photo a member sent (once, whatever the replays); return its id."""
    async with db.transaction() as conn:
        photo_id, new = await store.keep(conn, member_id, photo, now)
        if new:
            await audit.record(
                conn,
                actor_id=member_id,
                action="evidence.received",
                detail={"photo": photo_id, "bytes": len(photo.content or b"")},
                now=now,
            )
    return photo_id


async def attach_photos(
    db: Database, member_id: int, photo_ids: Sequence[int], report_ids: Sequence[int], now: str
) -> int:
    """Attach a member's photos to their stored reports (again: no change); return how many
    pairs were new."""
    if not photo_ids or not report_ids:
        return 0
    async with db.transaction() as conn:
        added = await store.attach(conn, member_id, photo_ids, report_ids, now)
        if added:
            await audit.record(
                conn,
                actor_id=member_id,
                action="evidence.attached",
                detail={"pairs": [[report, photo] for report, photo in added]},
                now=now,
            )
    return len(added)


class EvidenceLinks:
    """Makes and checks the links to evidence photos: /evidence/<id>/<expires>/<signature>."""

    def __init__(self, public_url: str, key: bytes, hours: int) -> None:
        self.public_url = public_url.rstrip("/")
        self.hours = hours
        self._signer = Signer(key)

    def url(self, photo_id: int, now: datetime) -> str:
        """Return a link to a photo, good for `hours` from now."""
        expires = int((now + timedelta(hours=self.hours)).timestamp())
        signature = self._signer.sign("evidence", photo_id, expires)
        return f"{self.public_url}/evidence/{photo_id}/{expires}/{signature}"

    def valid(self, photo_id: int, expires: int, signature: str, now: datetime) -> bool:
        """Tell whether a link was made here and has not expired."""
        return expires > now.timestamp() and self._signer.valid(
            signature, "evidence", photo_id, expires
        )
