"""Recording an export (bot.domain.export.record_export) on a real SQLite file."""

from __future__ import annotations

from datetime import date

from bot.app.settings import Settings
from bot.core.i18n import Texts
from bot.domain.export import Export, record_export
from bot.domain.form import load_form
from storage import audit, members

NOW = "2026-11-27T03:00:00Z"


async def test_an_export_is_recorded_in_the_audit_log(db, roster):
    async with db.transaction() as conn:
        member = await members.create(
            conn, chat_id=900, full_name="Điều phối viên", phone=None, team_id=None,
            role="coordinator", language="vi", now=NOW, consent_at=NOW,
        )  # fmt: skip
    job = Export(
        roster.commune, date(2026, 11, 1), date(2026, 11, 30), load_form(), Texts(),
        Settings(_env_file=None).tz, with_phone=True,
    )  # fmt: skip
    await record_export(db, member.id, job, 37, NOW)
    [entry] = await audit.entries(db.reader, "export")
    assert (entry["actor_id"], entry["at"]) == (member.id, NOW)
    assert entry["detail"] == {
        "area": roster.commune.code,
        "from": "2026-11-01",
        "to": "2026-11-30",
        "rows": 37,
        "with_phone": True,
    }
