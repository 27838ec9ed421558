"""Summaries: every number and name of a seeded commune, in both languages, escaped and short."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from bot.core.i18n import Texts
from bot.domain.form import load_form
from bot.domain.summary import build_summary, period_range, render
from bot.ui.telegram_html import parse_html, utf16_len
from storage import areas, members, reports, summary, targets, teams
from storage.db import Database

FORM = load_form()
TEXTS = Texts()
DAY = date(2026, 11, 27)  # a Friday
CREATED = "2026-11-01T02:00:00Z"


@dataclass
class Seeded:
    db: Database
    province: areas.Area
    commune: areas.Area
    na_phung: areas.Area
    ban_ma: areas.Area
    team_a: teams.Team
    team_b: teams.Team


async def _area(conn, code, name, level, parent):
    area, _ = await areas.upsert(
        conn, code=code, name=name, level=level, parent=parent, now=CREATED
    )
    return area


async def _team(conn, code, name, area, leader=None, phone=None, created=CREATED, active=True):
    team = await teams.create(
        conn,
        code=code,
        name=name,
        area_id=area.id,
        leader_name=leader,
        leader_phone=phone,
        now=created,
    )
    if not active:
        await conn.execute("UPDATE teams SET active = 0 WHERE id = ?", (team.id,))
    return team


async def _member(conn, chat_id, name, team, role="member", phone=None, status="active"):
    member = await members.create(
        conn,
        chat_id=chat_id,
        full_name=name,
        phone=phone,
        team_id=team.id if team else None,
        role=role,
        language="vi",
        now=CREATED,
        consent_at=CREATED,
    )
    if status != "active":
        await conn.execute("UPDATE members SET status = ? WHERE id = ?", (status, member.id))
    return member


async def _report(conn, member, team, day, values, category="vneid"):
    report, _ = await reports.create(
        conn,
        member_id=member.id,
        team_id=team.id,
        area_id=team.area_id,
        report_date=date.fromisoformat(day),
        category=category,
        values=values,
        note=None,
        source=f"{member.id}:{day}:{category}:{sorted(values.items())}",
        now=CREATED,
    )
    return report


@pytest.fixture
async def seeded(tmp_path):
    """A commune with two villages and four active teams, and a neighbouring commune."""
    async with Database(tmp_path / "bot.sqlite3") as db:
        async with db.transaction() as conn:
            province = await _area(conn, "lc", "Lào Cai", "province", None)
            commune = await _area(conn, "lc/by", "Xã Bảo Yên", "commune", province)
            na_phung = await _area(conn, "lc/by/np", "Thôn Nà Phung", "village", commune)
            ban_ma = await _area(conn, "lc/by/bm", "Thôn Bản Mạ", "village", commune)
            empty = await _area(conn, "lc/by/x", "Thôn Trống", "village", commune)
            other = await _area(conn, "lc/kh", "Xã Khánh Hạ", "commune", province)
            team_a = await _team(
                conn, "T001", "Tổ CNS Nà Phung", na_phung, "Nguyễn Văn An", "+84912345678"
            )
            team_b = await _team(conn, "T002", "Tổ <b>&", ban_ma)
            team_c = await _team(
                conn, "T003", "Tổ CNS Bảo Yên", commune, "Lê Thị Hoa", "+84987654321"
            )
            await _team(conn, "T004", "Tổ mới", commune, created="2026-11-26T02:00:00Z")
            await _team(conn, "T005", "Tổ giải thể", commune, active=False)
            await _team(conn, "T006", "Tổ đã chuyển", empty, active=False)
            team_x = await _team(conn, "T009", "Tổ Khánh Hạ", other)
            lan = await _member(conn, 1, "Lan", team_a)
            minh = await _member(conn, 2, "Minh", team_a)
            hung = await _member(conn, 3, "Hùng", team_b, role="leader", phone="+84377777777")
            await _member(conn, 4, "Mai", team_c)
            await _member(conn, 5, "Cũ", team_a, status="left")
            await _member(conn, 6, "Điều phối", None, role="coordinator")
            xuan = await _member(conn, 7, "Xuân", team_x)
            await _report(
                conn, lan, team_a, "2026-11-27", {"residents_helped": 12, "vneid_activated": 5}
            )
            await _report(conn, lan, team_a, "2026-11-27", {"online_applications": 7}, "dvc")
            await _report(conn, minh, team_a, "2026-11-26", {"residents_helped": 3})
            await _report(
                conn, hung, team_b, "2026-11-23", {"residents_helped": 4, "online_applications": 2}
            )
            await _report(
                conn, lan, team_a, "2026-10-31", {"residents_helped": 100, "vneid_activated": 40}
            )
            gone = await _report(conn, minh, team_a, "2026-11-27", {"residents_helped": 50})
            await reports.delete(conn, gone.id, CREATED)
            await _report(conn, xuan, team_x, "2026-11-27", {"residents_helped": 1000})
            for indicator, area, period, value in (
                ("online_applications", commune, "2026-11", 500),
                ("online_applications", commune, "2026", 4000),  # the month's target wins
                ("vneid_activated", commune, "2026", 100),
                ("residents_helped", other, "2026-11", 10),
                ("residents_helped", commune, "2026-10", 10),
            ):
                await targets.upsert(
                    conn,
                    indicator=indicator,
                    area_id=area.id,
                    period=period,
                    value=value,
                    now=CREATED,
                )
        yield Seeded(db, province, commune, na_phung, ban_ma, team_a, team_b)


async def test_totals_and_reporting_counts(seeded):
    conn, path = seeded.db.reader, seeded.commune.path
    assert await summary.totals(conn, path, DAY, DAY) == {
        "residents_helped": 12,
        "vneid_activated": 5,
        "online_applications": 7,
    }
    assert await summary.totals(conn, path, date(2026, 11, 1), DAY) == {
        "residents_helped": 19,
        "vneid_activated": 5,
        "online_applications": 9,
    }
    assert await summary.teams_reporting(conn, path, DAY) == (1, 4)
    assert await summary.members_reporting(conn, path, DAY) == (1, 4)
    assert await summary.teams_reporting(conn, path, DAY, since=date(2026, 11, 23)) == (2, 4)
    assert await summary.members_reporting(conn, path, DAY, since=date(2026, 11, 23)) == (3, 4)
    team = seeded.team_a.id
    assert await summary.totals(conn, path, DAY, DAY, team_id=team) == {
        "residents_helped": 12,
        "vneid_activated": 5,
        "online_applications": 7,
    }
    assert await summary.teams_reporting(conn, path, DAY, team_id=team) == (1, 1)
    assert await summary.members_reporting(conn, path, DAY, team_id=team) == (1, 2)


async def test_silent_teams_longest_first_with_their_leader(seeded):
    found, total = await summary.silent_teams(seeded.db.reader, seeded.commune.path, DAY)
    assert total == 2
    assert found == [
        summary.SilentTeam(
            "T003", "Tổ CNS Bảo Yên", "Xã Bảo Yên", "Lê Thị Hoa", "+84987654321", None
        ),
        summary.SilentTeam(
            "T002", "Tổ <b>&", "Thôn Bản Mạ", "Hùng", "+84377777777", date(2026, 11, 23)
        ),
    ]
    found, total = await summary.silent_teams(seeded.db.reader, seeded.commune.path, DAY, limit=1)
    assert (len(found), total) == (1, 2)
    # On the 25th: T004 did not exist yet, T002 had reported on the 23rd, T001 on 31 October.
    found, total = await summary.silent_teams(
        seeded.db.reader, seeded.commune.path, date(2026, 11, 25)
    )
    assert [(team.code, team.last_report) for team in found] == [
        ("T003", None),
        ("T001", date(2026, 10, 31)),
    ]


async def test_sub_areas_their_totals_and_targets(seeded):
    conn, month = seeded.db.reader, (date(2026, 11, 1), DAY)
    found = await summary.children(conn, seeded.commune.id)
    assert [(c.name, c.level) for c in found] == [
        ("Thôn Bản Mạ", "village"),
        ("Thôn Nà Phung", "village"),
        ("Tổ CNS Bảo Yên", "team"),
        ("Tổ mới", "team"),
    ]  # the empty village has no active team
    assert await summary.child_totals(conn, seeded.commune.id, *month) == {
        seeded.na_phung.id: {
            "residents_helped": 15,
            "vneid_activated": 5,
            "online_applications": 7,
        },
        seeded.ban_ma.id: {"residents_helped": 4, "online_applications": 2},
    }
    # From 1 October: October from the roll-up, November from the reports.
    october = await summary.child_totals(conn, seeded.commune.id, date(2026, 10, 1), DAY)
    assert october[seeded.na_phung.id] == {
        "residents_helped": 115, "vneid_activated": 45, "online_applications": 7,
    }  # fmt: skip
    assert await summary.team_totals(conn, seeded.commune.id, *month) == {}
    assert await summary.by_member(conn, seeded.team_a.id, *month) == [("Lan", 2), ("Minh", 1)]
    assert await summary.members_without_report(conn, seeded.team_a.id, DAY, DAY) == ["Minh"]
    daily = await summary.daily_totals(conn, seeded.commune.path, date(2026, 11, 23), DAY)
    assert daily[DAY] == {"residents_helped": 12, "vneid_activated": 5, "online_applications": 7}
    assert sorted(daily) == [date(2026, 11, 23), date(2026, 11, 26), DAY]


async def test_target_lookup_prefers_the_month(seeded):
    conn = seeded.db.reader
    assert await targets.for_area(conn, seeded.commune.id, ["2026-11", "2026"]) == {
        "online_applications": 500,
        "vneid_activated": 100,
    }
    assert await targets.for_area(conn, seeded.commune.id, ["2026"]) == {
        "online_applications": 4000,
        "vneid_activated": 100,
    }


VI_SUMMARY = """\
📊 <b>Xã Bảo Yên</b> — hôm nay, Thứ 6, 27/11/2026
👥 Tổ có báo cáo hôm nay: <b>1/4</b> · thành viên: <b>1/4</b>
🆕 Trong đó 1 tổ mới lập, chưa có báo cáo (chưa tính là đã báo cáo)

🎯 <b>Chỉ tiêu và tiến độ</b>
▸ <b>Số tài khoản VNeID mức 2 được kích hoạt</b>
Hôm nay <b>5</b> · từ đầu tháng 11/2026 <b>5</b> · từ đầu năm 2026 <b>45</b>
Chỉ tiêu năm 2026: <b>45,0%</b> (45/100) ▓▓▓▓░░░░░░
Còn thiếu <b>55</b>: cần <b>3</b> mỗi ngày làm việc (24 ngày còn lại)
▸ <b>Số hồ sơ dịch vụ công trực tuyến được hỗ trợ nộp</b>
Hôm nay <b>7</b> · từ đầu tháng 11/2026 <b>9</b>
Chỉ tiêu tháng 11/2026: <b>1,8%</b> (9/500) ░░░░░░░░░░
Còn thiếu <b>491</b>: cần <b>491</b> mỗi ngày làm việc (1 ngày còn lại)

📈 <b>Kết quả khác</b>
• Số người dân được hỗ trợ: hôm nay <b>12</b> · từ đầu tháng 11/2026 <b>19</b>

🏆 <b>Xếp hạng theo kết quả tháng 11/2026</b> — Tài khoản VNeID mức 2
1. Thôn Nà Phung — <b>5</b>
2. Thôn Bản Mạ — <b>0</b>
3. Tổ CNS Bảo Yên — <b>0</b>
4. Tổ mới — <b>0</b>

🔕 <b>Tổ chưa báo cáo 3 ngày qua</b> (2) — cần liên hệ:
• Tổ CNS Bảo Yên (Xã Bảo Yên) — Lê Thị Hoa · chưa báo cáo lần nào
• Tổ &lt;b&gt;&amp; (Thôn Bản Mạ) — Hùng · lần cuối 23/11
🆕 <b>Tổ mới, chưa có báo cáo</b> (1):
• Tổ mới (Xã Bảo Yên) — chưa có tổ trưởng · mới, chưa có báo cáo"""

EN_SUMMARY = """\
📊 <b>Xã Bảo Yên</b> — today, Fri, 27/11/2026
👥 Teams that reported today: <b>1/4</b> · members: <b>1/4</b>
🆕 New teams with no report yet: 1 (not counted as reported)

🎯 <b>Targets and progress</b>
▸ <b>Level-2 VNeID accounts activated</b>
Today <b>5</b> · month to date (11/2026) <b>5</b> · year to date (2026) <b>45</b>
Target for 2026: <b>45.0%</b> (45/100) ▓▓▓▓░░░░░░
Still needed: <b>55</b>, <b>3</b> per working day (working days left: 24)
▸ <b>Online public-service applications filed</b>
Today <b>7</b> · month to date (11/2026) <b>9</b>
Target for 11/2026: <b>1.8%</b> (9/500) ░░░░░░░░░░
Still needed: <b>491</b>, <b>491</b> per working day (working days left: 1)

📈 <b>Other results</b>
• Residents helped: today <b>12</b> · month to date (11/2026) <b>19</b>

🏆 <b>Ranked by results in 11/2026</b> — Level-2 VNeID accounts activated
1. Thôn Nà Phung — <b>5</b>
2. Thôn Bản Mạ — <b>0</b>
3. Tổ CNS Bảo Yên — <b>0</b>
4. Tổ mới — <b>0</b>

🔕 <b>No report in the last 3 days</b> (2) — worth a call:
• Tổ CNS Bảo Yên (Xã Bảo Yên) — Lê Thị Hoa, 0987 654 321 · never reported
• Tổ &lt;b&gt;&amp; (Thôn Bản Mạ) — Hùng, 0377 777 777 · last 23/11
🆕 <b>New teams, no report yet</b> (1):
• Tổ mới (Xã Bảo Yên) — no leader on record · new, no report yet"""


async def test_commune_summary_in_vietnamese_without_phones(seeded):
    built = await build_summary(seeded.db, FORM, area_id=seeded.commune.id, team_id=None, day=DAY)
    text = render(built, TEXTS, "vi", show_phones=False)
    assert text == VI_SUMMARY
    assert "0987" not in text
    parse_html(text)  # well-formed Telegram HTML


async def test_commune_summary_in_english_with_phones(seeded):
    built = await build_summary(seeded.db, FORM, area_id=seeded.commune.id, team_id=None, day=DAY)
    assert render(built, TEXTS, "en", show_phones=True) == EN_SUMMARY


async def test_province_is_the_default_scope(seeded):
    built = await build_summary(seeded.db, FORM, area_id=None, team_id=None, day=DAY)
    assert built.scope_name == "Lào Cai"
    assert built.totals[0].period == 1012  # the other commune's 1,000 counts here
    text = render(built, TEXTS, "vi", show_phones=False)
    assert (
        "• Số người dân được hỗ trợ: hôm nay <b>1.012</b> · từ đầu tháng 11/2026 <b>1.019</b>"
        in text
    )
    assert "👥 Tổ có báo cáo hôm nay: <b>2/5</b> · thành viên: <b>2/5</b>" in text
    assert "Chỉ tiêu" not in text  # no target is set for the province
    # The communes ranked by this month's results of the main indicator.
    assert "1. Xã Khánh Hạ — <b>1.000</b>\n2. Xã Bảo Yên — <b>19</b>" in text


@pytest.mark.parametrize(
    ("period", "title", "line"),
    [
        (
            "yesterday",
            "hôm qua, Thứ 5, 26/11/2026",
            "• Số người dân được hỗ trợ: hôm nay <b>12</b> · hôm qua <b>3</b>"
            " · từ đầu tháng 11/2026 <b>19</b>",
        ),
        (
            "week",
            "tuần 23/11 – 29/11/2026",
            "• Số người dân được hỗ trợ: hôm nay <b>12</b> · tuần này (từ 23/11) <b>19</b>"
            " · từ đầu tháng 11/2026 <b>19</b>",
        ),
        (
            "month",
            "tháng 11/2026",
            "• Số người dân được hỗ trợ: hôm nay <b>12</b> · từ đầu tháng 11/2026 <b>19</b>",
        ),
    ],
)
async def test_other_periods(seeded, period, title, line):
    built = await build_summary(
        seeded.db, FORM, area_id=seeded.commune.id, team_id=None, day=DAY, period=period
    )
    text = render(built, TEXTS, "vi", show_phones=False)
    assert text.startswith(f"📊 <b>Xã Bảo Yên</b> — {title}\n")
    assert line + "\n" in text


def test_period_ranges():
    assert period_range("today", DAY) == (DAY, DAY)
    assert period_range("yesterday", date(2026, 12, 1)) == (date(2026, 11, 30),) * 2
    assert period_range("week", date(2026, 11, 30)) == (date(2026, 11, 30), date(2026, 12, 6))
    assert period_range("month", date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))


async def test_week_counts_teams_that_reported_any_day_of_it(seeded):
    built = await build_summary(
        seeded.db, FORM, area_id=seeded.commune.id, team_id=None, day=DAY, period="week"
    )
    assert (built.teams_reported, built.teams_active) == (2, 4)
    assert (built.members_reported, built.members_active) == (3, 4)


async def test_team_summary_for_its_leader(seeded):
    built = await build_summary(seeded.db, FORM, area_id=None, team_id=seeded.team_a.id, day=DAY)
    text = render(built, TEXTS, "vi", show_phones=False)
    assert text.splitlines()[:2] == [
        "📊 <b>Tổ CNS Nà Phung</b> — hôm nay, Thứ 6, 27/11/2026",
        "👥 Thành viên có báo cáo hôm nay: <b>1/2</b>",
    ]
    assert "Tổ chưa báo cáo" not in text and "Chỉ tiêu" not in text
    assert text.endswith("🔕 <b>Chưa báo cáo hôm nay</b> (1): Minh")
    assert [(row.name, row.done) for row in built.rankings[0].rows] == [("Lan", 12), ("Minh", 3)]


async def test_unknown_scope_is_an_error(seeded):
    with pytest.raises(LookupError):
        await build_summary(seeded.db, FORM, area_id=999, team_id=None, day=DAY)


async def test_many_silent_teams_fit_one_screen(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        async with db.transaction() as conn:
            commune = await _area(conn, "c", "Xã Rất Nhiều Tổ", "commune", None)
            for number in range(40):
                village = await _area(conn, f"c/{number}", f"Thôn số {number}", "village", commune)
                await _team(
                    conn,
                    f"T{number:02}",
                    f"Tổ công nghệ số cộng đồng thôn số {number} <i>",
                    village,
                    "Nguyễn Thị Phương Thảo",
                    "+84912345678",
                )
        built = await build_summary(db, FORM, area_id=commune.id, team_id=None, day=DAY)
    text = render(built, TEXTS, "vi", show_phones=True)
    lines = text.splitlines()
    assert lines[-1] == "… và 32 tổ khác"
    assert sum(line.startswith("• Tổ công nghệ số") for line in lines) == 8
    assert "📈 Chưa có số liệu nào trong tháng này." in lines
    assert len(lines) <= 25
    assert utf16_len(parse_html(text).text) < 2000
    assert built.silent_total == 40 and built.rankings == []  # no result to rank by


async def _seed_province(db: Database, communes: int, villages: int, days: int) -> areas.Area:
    """Seed communes × villages teams of 5 members with a year of about one report a day each."""
    first_day = DAY - timedelta(days=days - 1)
    async with db.transaction() as conn:
        province = await _area(conn, "p", "Tỉnh Thử", "province", None)
        for c in range(communes):
            commune = await _area(conn, f"p/{c}", f"Xã {c}", "commune", province)
            for v in range(villages):
                village = await _area(conn, f"p/{c}/{v}", f"Thôn {v}", "village", commune)
                await _team(conn, f"T{c}-{v}", f"Tổ {c}-{v}", village)
        await conn.execute(
            "INSERT INTO members (chat_id, full_name, team_id, joined_at, updated_at)"
            " SELECT t.id * 10 + n.value, 'Người ' || n.value, t.id, ?, ?"
            " FROM teams t, json_each('[0, 1, 2, 3, 4]') n",
            (CREATED, CREATED),
        )
        async with conn.execute(
            "SELECT m.id, t.id, t.area_id FROM members m JOIN teams t ON t.id = m.team_id"
            " ORDER BY m.id"
        ) as cursor:
            people = await cursor.fetchall()
        # The silent tail: every 25th team stopped reporting four days ago.
        rows = [
            (member, team, area, (first_day + timedelta(days=d)).isoformat(), f"{member}:{d}")
            for member, team, area in people
            for d in range(days)
            if (member + d) % 5 == 0 and not (team % 25 == 0 and d >= days - 4)
        ]
        await conn.executemany(
            "INSERT INTO reports (member_id, team_id, area_id, report_date, category, source,"
            f" created_at, updated_at) VALUES (?, ?, ?, ?, 'vneid', ?, '{CREATED}', '{CREATED}')",
            rows,
        )
        await conn.execute(
            "INSERT INTO report_values SELECT id, 'residents_helped', id % 7 FROM reports"
            " UNION ALL SELECT id, 'vneid_activated', id % 3 FROM reports WHERE id % 2 = 0"
        )
    return province


async def _vm_steps(db: Database, **scope: object) -> int:
    """Count the SQLite VM instructions (in thousands) a summary's queries take."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    await db.reader.set_progress_handler(count, 1000)
    await build_summary(db, FORM, **scope)
    await db.reader.set_progress_handler(None, 1000)
    return steps[0]


async def _plans(db: Database, statements: list[str]) -> dict[str, list[str]]:
    plans = {}
    for sql in dict.fromkeys(statements):
        async with db.reader.execute(f"EXPLAIN QUERY PLAN {sql}") as cursor:
            plans[sql] = [row[3] for row in await cursor.fetchall()]
    return plans


async def test_summary_queries_search_indexes_and_cost_follows_the_day(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        province = await _seed_province(db, communes=10, villages=20, days=365)
        commune = await areas.get_by_code(db.reader, "p/0")
        village = await areas.get_by_code(db.reader, "p/0/0")
        team = await teams.get_by_code(db.reader, "T0-0")
        scope = {"area_id": commune.id, "team_id": None}
        # Same day of the month with two months or a year of history before it: same cost.
        early = await _vm_steps(db, **scope, day=date(2026, 1, 27))
        late = await _vm_steps(db, **scope, day=DAY)
        assert late < early * 1.2
        # A commune's summary reads its own tenth of the province, not the whole province.
        whole = await _vm_steps(db, area_id=province.id, team_id=None, day=DAY)
        assert late < whole / 4

        async with db.transaction() as conn:
            await targets.upsert(
                conn, indicator="vneid_activated", area_id=commune.id, period="2026", value=9,
                now=CREATED,
            )  # fmt: skip
        # The year to date of a yearly target: ten months from the roll-up, not their reports.
        with_target = await _vm_steps(db, **scope, day=DAY)
        assert with_target < late * 1.5
        statements: list[str] = []
        await db.reader.set_trace_callback(statements.append)
        for area_id, team_id in ((commune.id, None), (province.id, None), (None, team.id)):
            for period in ("today", "week"):
                await build_summary(
                    db, FORM, area_id=area_id, team_id=team_id, day=DAY, period=period
                )
        month = (date(2026, 11, 1), DAY)
        await summary.child_totals(db.reader, village.id, *month)
        await db.reader.set_trace_callback(None)
        plans = await _plans(db, statements)
    assert len(plans) >= 12
    for sql, plan in plans.items():
        scans = [line for line in plan if line.startswith("SCAN") and "subquery" not in line]
        assert scans == [], (sql, plan)
        for line in plan:
            if line.startswith("SEARCH r "):
                assert "USING INDEX reports_" in line, (sql, plan)
