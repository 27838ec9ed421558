"""Evidence photos in storage and the domain: kept once, attached to one's own reports only,
dropped with an erased member, linked by signatures that expire."""

from datetime import date, timedelta

import pytest

from bot.core.clock import FrozenClock, iso_utc
from bot.core.links import Signer, link_key
from bot.domain.evidence import EvidenceLinks, attach_photos, image_type, keep_photo
from handlers.report.evidence import fetch_url
from schedules.housekeeping import prune_evidence
from storage import audit, members, reports
from storage import evidence as store
from storage.evidence import Photo
from tests.conftest import START, add_member
from tests.zalo_helpers import free_port

NOW = iso_utc(START)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


async def _report(db, member_id, team, source):
    async with db.transaction() as conn:
        report, _ = await reports.create(
            conn, member_id=member_id, team_id=team.id, area_id=team.area_id,
            report_date=date(2026, 11, 27), category="vneid", values={"residents_helped": 1},
            note=None, source=source, now=NOW,
        )  # fmt: skip
    return report.id


async def _count(db, table):
    async with db.reader.execute(f"SELECT count(*) FROM {table}") as cursor:
        return (await cursor.fetchone())[0]


async def test_a_photo_is_kept_once_per_member_and_attached_once(db, roster):
    lan = await add_member(db, roster.team_a.id, now=NOW)
    photo = Photo("U1", "F1", 10, 10, "image/png", PNG)
    first = await keep_photo(db, lan, photo, NOW)
    again = await keep_photo(db, lan, Photo("U1", "F1-resent"), NOW)  # a resend, or a replay
    assert first == again and await _count(db, "evidence_photos") == 1
    report = await _report(db, lan, roster.team_a, "s1")
    assert await attach_photos(db, lan, [first], [report], NOW) == 1
    assert await attach_photos(db, lan, [first], [report], NOW) == 0  # replayed send
    async with db.transaction() as conn:
        assert await store.counts(conn, [report, report + 1]) == {report: 1}
    assert [e["action"] for e in await audit.entries(db.reader) if "evidence" in e["action"]] == [
        "evidence.received",
        "evidence.attached",
    ]
    served = await store.served(db.reader, first)
    assert served is not None and served.content == PNG and served.mime == "image/png"


async def test_photos_attach_only_to_the_senders_own_reports(db, roster):
    lan = await add_member(db, roster.team_a.id, now=NOW)
    minh = await add_member(db, roster.team_a.id, now=NOW, chat_id=502, full_name="Minh")
    photo = await keep_photo(db, lan, Photo("U1", "F1"), NOW)
    minhs_report = await _report(db, minh, roster.team_a, "m1")
    # Minh can't attach Lan's photo to his report, nor Lan hers to his.
    assert await attach_photos(db, minh, [photo], [minhs_report], NOW) == 0
    assert await attach_photos(db, lan, [photo], [minhs_report], NOW) == 0
    assert await _count(db, "report_evidence") == 0


async def test_only_a_live_reports_photo_is_served(db, roster):
    lan = await add_member(db, roster.team_a.id, now=NOW)
    waiting = await keep_photo(db, lan, Photo("U1", "F1", content=PNG, mime="image/png"), NOW)
    assert await store.served(db.reader, waiting) is None  # its report was never sent
    report = await _report(db, lan, roster.team_a, "s1")
    await attach_photos(db, lan, [waiting], [report], NOW)
    assert await store.served(db.reader, waiting) is not None
    async with db.transaction() as conn:
        await reports.delete(conn, report, NOW)
    assert await store.served(db.reader, waiting) is None


async def test_unsent_photos_are_pruned_and_an_erased_members_photos_go(db, roster):
    lan = await add_member(db, roster.team_a.id, now=NOW)
    kept = await keep_photo(db, lan, Photo("U1", "F1", content=PNG), NOW)
    await keep_photo(db, lan, Photo("U2", "F2", content=PNG), NOW)  # a cancelled report's
    await attach_photos(db, lan, [kept], [await _report(db, lan, roster.team_a, "s1")], NOW)
    week_later = FrozenClock(START + timedelta(days=6))
    assert await prune_evidence(db, week_later) == {"unsent_photos": 0}  # may still be sent
    week_later.advance(timedelta(days=2))
    assert await prune_evidence(db, week_later) == {"unsent_photos": 1}
    later = iso_utc(week_later.now())
    assert await _count(db, "evidence_photos") == 1
    async with db.transaction() as conn:
        await members.erase(conn, lan, later)
    assert await _count(db, "evidence_photos") == 0
    assert await _count(db, "report_evidence") == 0
    assert await _count(db, "reports") == 1  # the numbers stay, as for any erased member


def test_links_are_signed_and_expire():
    links = EvidenceLinks("https://cns.example.vn/", link_key("token", "evidence links"), 24)
    url = links.url(7, START)
    assert url.startswith("https://cns.example.vn/evidence/7/")
    expires, signature = url.rsplit("/", 2)[1:]
    assert links.valid(7, int(expires), signature, START)
    assert not links.valid(8, int(expires), signature, START)  # another photo
    assert not links.valid(7, int(expires) + 3600, signature, START)  # stretched
    assert not links.valid(7, int(expires), "0" * 32, START)  # guessed
    assert not links.valid(7, int(expires), signature, START + timedelta(hours=24))  # expired
    other = EvidenceLinks("https://cns.example.vn", link_key("other", "evidence links"), 24)
    assert not other.valid(7, int(expires), signature, START)  # another deployment's key


def test_the_zalo_file_key_is_unchanged_and_unlike_the_evidence_key():
    # Links Zalo members hold keep working across the move of the signer to bot.core.links.
    import hashlib
    import hmac

    old_key = hashlib.sha256(b"cns-bot file links\0" + b"secret").digest()
    assert link_key("secret") == old_key != link_key("secret", "evidence links")
    old = hmac.new(old_key, b"12.1767225600", hashlib.sha256).hexdigest()[:32]
    assert Signer(old_key).sign(12, 1767225600) == old


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (PNG, "image/png"),
        (b"GIF89a....", "image/gif"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
        (b"<html><script>", None),
        (b"", None),
    ],
)
def test_only_image_bytes_get_an_image_type(data, mime):
    assert image_type(data) == mime


async def test_a_zalo_image_is_fetched_by_url_within_the_cap():
    from aiohttp import web

    async def image(request):
        return web.Response(body=PNG * 10, content_type="image/png")

    app = web.Application()
    app.router.add_get("/media/1.png", image)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        url = f"http://127.0.0.1:{port}/media/1.png"
        assert await fetch_url(url) == PNG * 10
        assert await fetch_url(url, limit=len(PNG)) is None  # over the cap: reference only
        assert await fetch_url(f"http://127.0.0.1:{port}/missing.png") is None
        assert await fetch_url("file:///etc/passwd") is None
    finally:
        await runner.cleanup()
