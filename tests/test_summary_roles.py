"""Summaries as each role reads them, checked field by field against the reports inserted."""

from __future__ import annotations

from datetime import date

import pytest

from bench.pictures import DAY, plain, seed_province
from bot.core.i18n import Texts
from bot.domain.access import Scope
from bot.domain.form import load_form
from bot.domain.summary import build_summary, render
from bot.domain.timing import working_days
from bot.ui.telegram_html import parse_html, utf16_len
from storage.db import Database

FORM = load_form()
TEXTS = Texts()


@pytest.fixture
async def province(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        yield db, await seed_province(db)


def _sum(seeded, team_ids, first: date, last: date, indicator: str) -> int:
    return sum(
        values.get(indicator, 0)
        for team, _, day, values in seeded.reports
        if team in team_ids and first <= day <= last
    )


def _vi(value: int) -> str:
    return f"{value:,}".replace(",", ".")


async def test_coordinator_sees_labelled_figures_targets_ranking_and_new_team(province):
    db, seeded = province
    commune = seeded.communes[0]
    villages = seeded.villages[commune.id]
    team_ids = {seeded.teams[v.id].id for v in villages}
    built = await build_summary(db, FORM, area_id=commune.id, team_id=None, day=DAY)
    month_first, year_first = DAY.replace(day=1), DAY.replace(month=1, day=1)
    for total in built.totals:
        key = total.indicator.id
        assert total.today == _sum(seeded, team_ids, DAY, DAY, key)
        assert total.month == _sum(seeded, team_ids, month_first, DAY, key)
    vneid, dvc = built.progress
    assert (vneid.indicator.id, vneid.target, vneid.period) == ("vneid_activated", 1200, "2026")
    assert vneid.done == _sum(seeded, team_ids, year_first, DAY, "vneid_activated")
    assert vneid.days_left == working_days(date(2026, 12, 3), date(2026, 12, 31), set()) == 21
    assert (dvc.target, dvc.period) == (60, "2026-12")
    assert dvc.done == _sum(seeded, team_ids, month_first, DAY, "online_applications")
    # Reported today: every team but the one set up yesterday, which is new, not silent.
    reported = {team for team, _, day, _ in seeded.reports if day == DAY and team in team_ids}
    assert (built.teams_reported, built.teams_active) == (len(reported), len(team_ids) + 1)
    assert (built.new_total, built.silent_total) == (1, 0)
    text = render(built, TEXTS, "vi", show_phones=True)
    shown = plain(text)
    assert "🆕 Trong đó 1 tổ mới lập, chưa có báo cáo" in shown
    assert "Tổ nào cũng đã báo cáo" not in shown  # the new team has not
    assert "✅ Các tổ đã lập từ 3 ngày trở lên đều có báo cáo trong 3 ngày qua." in shown
    assert "• Tổ CNS Thôn Làng Mới 2 (Thôn Làng Mới) — Lò Văn Mới, 0912 999 999" in shown
    percent = f"{vneid.done / 1200 * 100:.1f}%".replace(".", ",")
    assert f"Chỉ tiêu năm 2026: {percent} ({_vi(vneid.done)}/1.200)" in shown
    per_day = -(-(1200 - vneid.done) // 21)
    assert f"Còn thiếu {_vi(1200 - vneid.done)}: cần {per_day} mỗi ngày làm việc" in shown
    assert f"Hôm nay {dvc_today(built)} · từ đầu tháng 12/2026 {dvc.done}" in shown
    # Villages ranked by their own yearly VNeID targets.
    shares = []
    for v, village in enumerate(villages):
        done = _sum(seeded, {seeded.teams[village.id].id}, year_first, DAY, "vneid_activated")
        shares.append((done / (250 + 60 * v), village.name))
    ranked = [name for _, name in sorted(shares, reverse=True)]
    lines = [line for line in shown.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")]
    assert [line.split(". ", 1)[1].split(" — ")[0] for line in lines] == ranked
    assert "Xếp hạng theo tiến độ — Tài khoản VNeID mức 2, chỉ tiêu năm 2026" in shown
    parse_html(text)
    assert utf16_len(parse_html(text).text) <= 2000


def dvc_today(built) -> int:
    return next(t.today for t in built.totals if t.indicator.id == "online_applications")


async def test_admin_sees_communes_ranked_and_silent_teams_with_phones(province):
    db, seeded = province
    built = await build_summary(db, FORM, area_id=None, team_id=None, day=DAY)
    everyone = {team.id for team in seeded.teams.values()}
    total = next(t for t in built.totals if t.indicator.id == "residents_helped")
    assert total.month == _sum(seeded, everyone, DAY.replace(day=1), DAY, "residents_helped")
    # Every fifth team stopped reporting a week ago: silent, with its leader's phone.
    silent = sorted(t.code for t in seeded.teams.values() if int(t.code[1:]) % 5 == 0)
    assert built.silent_total == len(silent) and sorted(t.code for t in built.silent) == silent
    text = plain(render(built, TEXTS, "vi", show_phones=Scope("admin", None).sees_phones))
    assert "Trưởng Thôn Nậm Kỳ, 0912 000 005" in text  # team T005
    ranking = text.split("🏆")[1].split("\n\n")[0]
    names = [line.split(". ", 1)[1].split(" — ")[0] for line in ranking.splitlines()[1:]]
    shares = {}
    for commune in seeded.communes:
        ids = {seeded.teams[v.id].id for v in seeded.villages[commune.id]}
        target = next(
            t[3] for t in seeded.targets if t[:3] == ("vneid_activated", commune.id, "2026")
        )
        shares[commune.name] = (
            _sum(seeded, ids, DAY.replace(month=1, day=1), DAY, "vneid_activated") / target
        )
    assert names == sorted(shares, key=lambda name: -shares[name])


async def test_leader_sees_who_has_not_reported_and_no_phones(province):
    db, seeded = province
    village = seeded.villages[seeded.communes[1].id][0]
    team = seeded.teams[village.id]
    built = await build_summary(db, FORM, area_id=None, team_id=team.id, day=DAY)
    reported = {name for t, name, day, _ in seeded.reports if t == team.id and day == DAY}
    missing = sorted(set(seeded.members[team.id]) - reported)
    assert built.missing == missing and missing
    text = plain(render(built, TEXTS, "vi", show_phones=Scope("leader", None).sees_phones))
    assert f"🔕 Chưa báo cáo hôm nay ({len(missing)}): {', '.join(missing)}" in text
    assert "09" not in text and "Tổ chưa báo cáo" not in text


async def test_coordinator_phones_only_where_the_role_may_see_them(province):
    db, _ = province
    built = await build_summary(db, FORM, area_id=None, team_id=None, day=DAY)
    hidden = plain(render(built, TEXTS, "vi", show_phones=False))
    shown = plain(render(built, TEXTS, "vi", show_phones=Scope("coordinator", None).sees_phones))
    assert "0912 000 0" in shown and "0912 000 0" not in hidden
