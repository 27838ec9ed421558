"""What counts (issue 16): summaries, charts, targets and exports show confirmed figures, with
what waits for review beside them; the export carries each report's state, flags and history;
`python -m bot review list|stats` for operators. Real SQLite files, reports stored the way the
bot stores them (bot.domain.reporting.store_report, flags making them held).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from bot.app.settings import Settings
from bot.core.clock import iso_utc
from bot.core.i18n import Texts
from bot.domain import review
from bot.domain.anomaly import Flag, Rule
from bot.domain.form import load_form
from bot.domain.reporting import Entry, Submission, store_report
from bot.domain.summary import build_summary, render
from bot.domain.summary_text import visible_length
from bot.ui.charts import summary_charts
from storage import members, targets
from storage.db import Database
from storage.members import Member
from tests.conftest import Roster

FORM = load_form()
TEXTS = Texts()
DAY = date(2026, 11, 27)
TZ = Settings(_env_file=None).tz
SPIKE = Flag("residents_helped", 500, Rule.OWN, 10)
SOFT = Flag("residents_helped", 200, Rule.SOFT_MAX, 150)


def at(day: date, hour: int = 9) -> str:
    """The stamp storage keeps for `hour` o'clock local time (UTC+7) on `day`."""
    return iso_utc(datetime(day.year, day.month, day.day, hour, tzinfo=TZ))


@dataclass
class People:
    db: Database
    roster: Roster
    lan: Member  # team A
    minh: Member  # team B
    leader: Member  # team A's leader
    coordinator: Member  # over the commune


async def _person(conn, chat_id, name, team_id, role="member"):
    return await members.create(
        conn, chat_id=chat_id, full_name=name, phone=None, team_id=team_id, role=role,
        language="vi", now="2026-11-01T01:00:00Z", consent_at="2026-11-01T01:00:00Z",
    )  # fmt: skip


@pytest.fixture
async def people(db_path, roster):
    async with Database(db_path) as db:
        async with db.transaction() as conn:
            lan = await _person(conn, 601, "Lò Thị Lan", roster.team_a.id)
            minh = await _person(conn, 602, "Trần Văn Minh", roster.team_b.id)
            leader = await _person(conn, 603, "Nguyễn Văn An", roster.team_a.id, "leader")
            coordinator = await _person(conn, 604, "Hoàng Thị Hoa", None)
            await members.set_role(conn, coordinator.id, "coordinator", roster.commune.id, at(DAY))
            coordinator = await members.get(conn, coordinator.id)
        yield People(db, roster, lan, minh, leader, coordinator)


_sources = iter(range(10_000))


async def file(
    p: People,
    member: Member,
    day: date,
    values: dict[str, int],
    *,
    flags: tuple[Flag, ...] = (),
    category: str = "vneid",
) -> int:
    """Store one report as the dialog would; flags hold it for review."""
    area_id = p.roster.village.id if member.team_id == p.roster.team_a.id else p.roster.commune.id
    entries = (Entry(category, values, flags),)
    submission = Submission(
        member.id, member.team_id, area_id, day, entries, None, source=f"test:{next(_sources)}"
    )
    stored = await store_report(p.db, submission, at(day))
    (report_id,) = stored.created
    return report_id


async def held_week(p: People) -> dict[str, int]:
    """Lan's usual reports, one spike held for review, Minh's held report (soft maximum)."""
    ids = {}
    for offset in range(1, 4):
        await file(p, p.lan, DAY - timedelta(days=offset), {"residents_helped": 10})
    ids["usual"] = await file(p, p.lan, DAY, {"residents_helped": 12, "vneid_activated": 3})
    ids["spike"] = await file(
        p, p.lan, DAY, {"residents_helped": 500, "vneid_activated": 10}, flags=(SPIKE,),
        category="dvc",
    )  # fmt: skip
    ids["minh"] = await file(p, p.minh, DAY - timedelta(days=1), {"residents_helped": 200},
                             flags=(SOFT,))  # fmt: skip
    return ids


# --- summaries -------------------------------------------------------------------------------


async def test_summary_counts_confirmed_figures_and_says_what_waits(people):
    p = people
    ids = await held_week(p)
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    month = {t.indicator.id: t.month for t in built.totals}
    assert month["residents_helped"] == 42  # 3 × 10 + 12: neither held report
    assert built.held.reports == 2
    assert built.held.totals == {"residents_helped": 700, "vneid_activated": 10}
    text = render(built, TEXTS, "vi", show_phones=True)
    assert (
        "⏳ <b>2 báo cáo</b> từ đầu tháng 11/2026 chờ xác nhận"
        " (chưa tính: 700 người dân được hỗ trợ, 10 tài khoản VNeID mức 2 được kích hoạt)"
    ) in text
    # Beside the figures: right under the results, before the silent teams.
    lines = text.split("\n")
    held_at = next(i for i, line in enumerate(lines) if line.startswith("⏳"))
    assert lines[held_at - 1].startswith("• ") and lines[held_at + 1] == ""
    english = render(built, TEXTS, "en", show_phones=True)
    assert "⏳ <b>2 reports</b> since the start of 11/2026 awaiting confirmation" in english

    # Confirmed: it counts from then on, and the line says one report waits.
    change = await review.confirm(p.db, p.leader, ids["spike"], None, at(DAY, 10))
    assert change.outcome is review.Outcome.DONE
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    today = {t.indicator.id: t.today for t in built.totals}
    assert today["residents_helped"] == 512 and today["vneid_activated"] == 13
    assert built.held.reports == 1
    text = render(built, TEXTS, "vi", show_phones=True)
    assert "⏳ <b>1 báo cáo</b> từ đầu tháng 11/2026 chờ xác nhận (chưa tính: 200 người" in text


async def test_leader_sees_their_team_only(people):
    p = people
    await held_week(p)
    built = await build_summary(p.db, FORM, area_id=None, team_id=p.roster.team_a.id, day=DAY)
    assert built.held.reports == 1 and built.held.totals["residents_helped"] == 500
    text = render(built, TEXTS, "vi", show_phones=False)
    assert "⏳ <b>1 báo cáo</b> từ đầu tháng 11/2026 chờ xác nhận" in text
    team_b = await build_summary(p.db, FORM, area_id=None, team_id=p.roster.team_b.id, day=DAY)
    assert team_b.held.reports == 1
    assert "200 người dân" in render(team_b, TEXTS, "vi", show_phones=False)


async def test_nothing_waiting_no_line(people):
    p = people
    await file(p, p.lan, DAY, {"residents_helped": 12})
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    assert built.held.reports == 0
    assert "⏳" not in render(built, TEXTS, "vi", show_phones=True)
    assert all("⏳" not in chart.caption for chart in summary_charts(built, TEXTS, "vi"))


async def test_week_across_months_counts_held_from_its_first_day(people):
    p = people
    await file(p, p.lan, date(2026, 10, 30), {"residents_helped": 300}, flags=(SPIKE,))
    await file(p, p.lan, date(2026, 9, 30), {"residents_helped": 300}, flags=(SPIKE,))
    day = date(2026, 11, 2)  # a Monday; the week before began on 26 October
    built = await build_summary(
        p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=day, period="yesterday"
    )
    assert built.held.reports == 0  # yesterday is 1 November; nothing held since
    built = await build_summary(
        p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=date(2026, 11, 1),
        period="week",
    )  # fmt: skip
    assert built.held_first == date(2026, 10, 26) and built.held.reports == 1
    assert "⏳ <b>1 báo cáo</b> từ ngày 26/10/2026 chờ xác nhận" in render(
        built, TEXTS, "vi", show_phones=True
    )


async def test_held_line_keeps_the_summary_within_zalo_limit(people):
    p = people
    for n in range(40):
        values = dict.fromkeys(FORM.indicators, 900 + n)
        await file(p, p.lan, DAY, values, flags=(SPIKE,), category="vneid")
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    text = render(built, TEXTS, "vi", show_phones=True)
    assert visible_length(text) <= 2000
    assert "⏳ <b>40 báo cáo</b>" in text and ", …)" in text  # two indicators named, then …


async def test_chart_captions_name_the_held_reports(people):
    p = people
    await held_week(p)
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    charts = summary_charts(built, TEXTS, "vi")
    assert len(charts) == 2
    for chart in charts:
        assert chart.caption.endswith(
            "\n⏳ Chưa tính 2 báo cáo chờ xác nhận (từ đầu tháng 11/2026)"
        )
    # The trend drawn is the confirmed one: today holds 12, not 512.
    assert built.trend[-1][1]["residents_helped"] == 12


async def test_target_progress_counts_confirmed_figures(people):
    p = people
    ids = await held_week(p)
    async with p.db.transaction() as conn:
        await targets.upsert(
            conn, indicator="residents_helped", area_id=p.roster.commune.id, period="2026-11",
            value=100, now=at(DAY),
        )  # fmt: skip
        await targets.upsert(
            conn, indicator="vneid_activated", area_id=p.roster.commune.id, period="2026",
            value=100, now=at(DAY),
        )  # fmt: skip
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    progress = {item.indicator.id: item.done for item in built.progress}
    assert progress == {"residents_helped": 42, "vneid_activated": 3}
    assert built.held_first == date(2026, 1, 1)  # a yearly target is shown: the year's held
    text = render(built, TEXTS, "vi", show_phones=True)
    assert "⏳ <b>2 báo cáo</b> từ đầu năm 2026 chờ xác nhận" in text
    await review.confirm(p.db, p.leader, ids["spike"], None, at(DAY, 10))
    await review.confirm(p.db, p.coordinator, ids["minh"], None, at(DAY, 10))
    built = await build_summary(p.db, FORM, area_id=p.roster.commune.id, team_id=None, day=DAY)
    progress = {item.indicator.id: item.done for item in built.progress}
    assert progress == {"residents_helped": 742, "vneid_activated": 13}
    assert built.held.reports == 0
