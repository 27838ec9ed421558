"""The demo province: communes, villages, teams, members, a week of reports, targets, a deadline.

Seeded once into a new sandbox database (or after --reset). Everything is deterministic except
the invite codes (teams.create draws them) and the dates, which follow the sandbox clock. The
Zalo demo person is not seeded: she joins from the page by typing a team's invite code.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

import aiosqlite

from bot.core.clock import Clock, iso_utc
from bot.domain import review
from bot.domain.anomaly import Flag, Rule
from bot.domain.form import Form
from bot.domain.phones import normalize_phone
from storage import areas, deadlines, members, reports, targets, teams, zalo
from storage.db import Database

PROVINCE_CODE = "demo"


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """Someone in the demo roster; the four `featured` ones are offered on the page."""

    telegram_id: int
    full_name: str
    short_name: str
    phone: str
    role: str  # member, leader, coordinator, admin
    team: str | None  # team code
    featured: bool = False


# Commune code -> its name and villages (code, name, the code of the village's team).
COMMUNES = {
    "hoa-an": (
        "Xã Hòa An",
        (("dong", "Thôn Đông", "HA01"), ("tay", "Thôn Tây", "HA02"), ("bac", "Thôn Bắc", "HA03")),
    ),
    "tan-phu": (
        "Xã Tân Phú",
        (("na-khum", "Bản Nà Khum", "TP01"), ("co-luong", "Bản Co Lương", "TP02")),
    ),
    "dong-hai": (
        "Phường Đông Hải",
        (("tdp3", "Tổ dân phố 3", "DH01"), ("tdp7", "Tổ dân phố 7", "DH02")),
    ),
}
# A team hanging directly off its commune, with nobody in it yet: one for newcomers to join.
COMMUNE_TEAM = ("tan-phu", "TP00", "Tổ CNSCĐ xã Tân Phú")
COORDINATOR_SCOPE = "hoa-an"
# Silent for the last three days, so summaries have someone to name.
SILENT_TEAM = "HA03"


PEOPLE = (
    DemoPerson(7001, "Nguyễn Thị Lan", "Lan", "0912000001", "member", "HA01", featured=True),
    DemoPerson(7002, "Trần Văn Hùng", "Hùng", "0912000002", "leader", "HA01", featured=True),
    DemoPerson(7003, "Lê Thị Hoa", "Hoa", "0912000003", "coordinator", None, featured=True),
    DemoPerson(7004, "Phạm Minh Tuấn", "Tuấn", "0912000004", "admin", None, featured=True),
    DemoPerson(7101, "Vũ Thị Mai", "Mai", "0912000101", "member", "HA01"),
    DemoPerson(7102, "Đỗ Văn Nam", "Nam", "0912000102", "leader", "HA02"),
    DemoPerson(7103, "Bùi Thị Thu", "Thu", "0912000103", "member", "HA02"),
    DemoPerson(7104, "Hoàng Văn Đức", "Đức", "0912000104", "member", "HA02"),
    DemoPerson(7105, "Ngô Thị Hằng", "Hằng", "0912000105", "leader", "HA03"),
    DemoPerson(7106, "Đặng Văn Long", "Long", "0912000106", "member", "HA03"),
    DemoPerson(7107, "Lò Văn Pàng", "Pàng", "0912000107", "leader", "TP01"),
    DemoPerson(7108, "Hà Thị Xuân", "Xuân", "0912000108", "member", "TP01"),
    DemoPerson(7109, "Lường Văn Tiến", "Tiến", "0912000109", "member", "TP01"),
    DemoPerson(7110, "Vi Thị Nga", "Nga", "0912000110", "leader", "TP02"),
    DemoPerson(7111, "Sầm Văn Khoa", "Khoa", "0912000111", "member", "TP02"),
    DemoPerson(7112, "Phan Thị Yến", "Yến", "0912000112", "leader", "DH01"),
    DemoPerson(7113, "Trịnh Văn Quang", "Quang", "0912000113", "member", "DH01"),
    DemoPerson(7114, "Đinh Thị Ngọc", "Ngọc", "0912000114", "member", "DH01"),
    DemoPerson(7115, "Mai Văn Sơn", "Sơn", "0912000115", "leader", "DH02"),
    DemoPerson(7116, "Cao Thị Linh", "Linh", "0912000116", "member", "DH02"),
)
FEATURED = tuple(person for person in PEOPLE if person.featured)


@dataclass(frozen=True, slots=True)
class ZaloDemoPerson:
    """Someone the page offers on Zalo: a member of a team already, or in none yet (then she
    joins by typing an invite code)."""

    zalo_id: str  # 20 hex digits, as Zalo's; fixed, so a restart finds the same member
    full_name: str  # her Zalo display name, which she may keep as her name in the bot
    short_name: str
    team: str | None = None
    phone: str | None = None


# The page opens on the first: most volunteers meet the bot on Zalo.
ZALO_PEOPLE = (
    ZaloDemoPerson("5a10c0de000000000002", "Lý Thị Thảo", "Thảo", "HA01", "0912000201"),
    ZaloDemoPerson("5a10c0de000000000001", "Đào Thị Hương", "Hương"),
)
ZALO_NEWCOMER = next(person for person in ZALO_PEOPLE if person.team is None)
ADMIN_IDS = frozenset(person.telegram_id for person in PEOPLE if person.role == "admin")
# The featured member and leader have not reported today: 16:00 reminds them.
NOT_YET_TODAY = frozenset({7001, 7002})
# Vũ Thị Mai's unusual report of yesterday waits for her leader Hùng's review.
HELD_BY = 7101

# What one volunteer plausibly does in a day, per indicator; others get 1..10.
TYPICAL = {
    "residents_helped": (3, 25),
    "vneid_activated": (1, 12),
    "online_applications": (1, 10),
    "payment_accounts": (1, 8),
    "payment_transactions": (2, 40),
    "sessions": (1, 2),
    "attendees": (15, 60),
}
# Busier activities come up more often.
WEIGHTS = {"vneid": 5, "dvc": 4, "tt": 3, "tuyen_truyen": 3, "bdhvs": 2}


async def seed(db: Database, form: Form, clock: Clock, tz: tzinfo) -> bool:
    """Fill a new sandbox database with the demo province; False if it is already there."""
    now = iso_utc(clock.now())
    today = clock.now().astimezone(tz).date()
    async with db.transaction() as conn:
        if await areas.get_by_code(conn, PROVINCE_CODE) is not None:
            return False
        province, _ = await areas.upsert(
            conn, code=PROVINCE_CODE, name="Tỉnh Demo", level="province", parent=None, now=now
        )
        communes, team_ids = await _areas_and_teams(conn, province, now)
        people = await _members(conn, team_ids, communes, now)
        await _reports(conn, form, people, team_ids, today, tz, clock)
        await _held(conn, form, people, team_ids, today, tz)
        await _targets(conn, form, province, communes[COORDINATOR_SCOPE], today, now)
        due = datetime.combine(today + timedelta(days=3), time(17, 0), tzinfo=tz)
        await deadlines.create(
            conn,
            title=f"Báo cáo kết quả chuyển đổi số tháng {due:%m/%Y}",
            due_at=iso_utc(due),
            area_id=province.id,
            roles=("member", "leader"),
            categories=(),
            period_start=today,
            period_end=due.date(),
            created_by=None,
            now=now,
        )
    return True


async def _areas_and_teams(
    conn: aiosqlite.Connection, province: areas.Area, now: str
) -> tuple[dict[str, areas.Area], dict[str, teams.Team]]:
    communes: dict[str, areas.Area] = {}
    found: dict[str, teams.Team] = {}
    for commune_code, (commune_name, villages) in COMMUNES.items():
        commune, _ = await areas.upsert(
            conn,
            code=f"{PROVINCE_CODE}/{commune_code}",
            name=commune_name,
            level="commune",
            parent=province,
            now=now,
        )
        communes[commune_code] = commune
        for village_code, village_name, code in villages:
            village, _ = await areas.upsert(
                conn,
                code=f"{commune.code}/{village_code}",
                name=village_name,
                level="village",
                parent=commune,
                now=now,
            )
            found[code] = await _team(conn, code, f"Tổ CNSCĐ {village_name}", village.id, now)
    commune_code, code, name = COMMUNE_TEAM
    found[code] = await _team(conn, code, name, communes[commune_code].id, now)
    return communes, found


async def _team(
    conn: aiosqlite.Connection, code: str, name: str, area_id: int, now: str
) -> teams.Team:
    leader = next((p for p in PEOPLE if p.team == code and p.role == "leader"), None)
    return await teams.create(
        conn,
        code=code,
        name=name,
        area_id=area_id,
        leader_name=leader.full_name if leader else None,
        leader_phone=normalize_phone(leader.phone) if leader else None,
        now=now,
    )


async def _members(
    conn: aiosqlite.Connection,
    team_ids: dict[str, teams.Team],
    communes: dict[str, areas.Area],
    now: str,
) -> dict[int, members.Member]:
    found = {}
    for person in PEOPLE:
        member = await members.create(
            conn,
            chat_id=person.telegram_id,
            full_name=person.full_name,
            phone=normalize_phone(person.phone),
            team_id=team_ids[person.team].id if person.team else None,
            role=person.role,
            language="vi",
            now=now,
            consent_at=now,
        )
        if person.role == "coordinator":
            scope = communes[COORDINATOR_SCOPE].id
            await members.set_role(conn, member.id, "coordinator", scope, now)
        found[person.telegram_id] = member
    for zalo_person in ZALO_PEOPLE:
        if zalo_person.team is None:
            continue
        chat_id = await zalo.internal_id(conn, zalo_person.zalo_id, zalo_person.full_name, now)
        found[chat_id] = await members.create(
            conn,
            chat_id=chat_id,
            full_name=zalo_person.full_name,
            phone=normalize_phone(zalo_person.phone) if zalo_person.phone else None,
            team_id=team_ids[zalo_person.team].id,
            role="member",
            language="vi",
            now=now,
            consent_at=now,
        )
    return found


async def _reports(
    conn: aiosqlite.Connection,
    form: Form,
    people: dict[int, members.Member],
    team_ids: dict[str, teams.Team],
    today: date,
    tz: tzinfo,
    clock: Clock,
) -> None:
    rng = random.Random(2026)
    categories = form.active_categories()
    weights = [WEIGHTS.get(category.id, 1) for category in categories]
    reporters = [(p.telegram_id, p.team) for p in PEOPLE if p.role in ("member", "leader")]
    by_name = {member.full_name: chat_id for chat_id, member in people.items()}
    # The Zalo members reported every past working day, and not yet today: 16:00 reminds them.
    on_zalo = {by_name[p.full_name]: p.team for p in ZALO_PEOPLE if p.team}
    reporters.extend(on_zalo.items())
    for days_ago in range(6, -1, -1):
        day = today - timedelta(days=days_ago)
        if day.isoweekday() == 7:
            continue
        written = min(clock.now(), datetime.combine(day, time(16, 30), tzinfo=tz))
        for chat_id, team_code in reporters:
            if chat_id in on_zalo:
                skip = days_ago == 0
            else:
                skip = (days_ago == 0 and chat_id in NOT_YET_TODAY) or (
                    team_code == SILENT_TEAM and days_ago < 3
                )
                skip = skip or rng.random() > (0.55 if days_ago == 0 else 0.75)
            if skip:
                continue
            member = people[chat_id]
            team = team_ids[team_code]
            chosen = set(rng.choices(categories, weights, k=rng.choice((1, 1, 2))))
            for category in sorted(chosen, key=lambda c: c.id):
                values = {
                    indicator.id: min(
                        indicator.max, rng.randint(*TYPICAL.get(indicator.id, (1, 10)))
                    )
                    for indicator in form.indicators_of(category)
                }
                await reports.create(
                    conn,
                    member_id=member.id,
                    team_id=team.id,
                    area_id=team.area_id,
                    report_date=day,
                    category=category.id,
                    values=values,
                    note=None,
                    source=f"sandbox:{member.id}:{day.isoformat()}:{category.id}",
                    now=iso_utc(written),
                )


async def _held(
    conn: aiosqlite.Connection,
    form: Form,
    people: dict[int, members.Member],
    team_ids: dict[str, teams.Team],
    today: date,
    tz: tzinfo,
) -> None:
    """Mai's report of yesterday, 250 people helped, which she confirmed when asked: held for
    Hùng's review, so his /review and the summaries show what waits (issue 16)."""
    indicator = form.indicators.get("residents_helped")
    category = next((c for c in form.active_categories() if c.id == "tmdt"), None)
    if indicator is None or category is None or indicator.soft_max is None:
        return
    day = today - timedelta(days=1)
    member, team = people[HELD_BY], team_ids["HA01"]
    written = iso_utc(datetime.combine(day, time(17, 10), tzinfo=tz))
    value = min(indicator.max, indicator.soft_max + 100)
    report, _ = await reports.create(
        conn,
        member_id=member.id,
        team_id=team.id,
        area_id=team.area_id,
        report_date=day,
        category=category.id,
        values={indicator.id: value},
        note=None,
        source=f"sandbox:{member.id}:{day.isoformat()}:held",
        now=written,
    )
    flag = Flag(indicator.id, value, Rule.SOFT_MAX, indicator.soft_max)
    await review.hold(conn, report, [flag], actor_id=member.id, now=written)


async def _targets(
    conn: aiosqlite.Connection,
    form: Form,
    province: areas.Area,
    commune: areas.Area,
    today: date,
    now: str,
) -> None:
    wanted = [
        ("vneid_activated", commune, f"{today:%Y-%m}", 150),
        ("online_applications", commune, f"{today:%Y-%m}", 120),
        ("payment_accounts", commune, f"{today:%Y-%m}", 80),
        ("vneid_activated", province, f"{today:%Y}", 5000),
    ]
    for indicator, area, period, value in wanted:
        if indicator in form.indicators:
            await targets.upsert(
                conn, indicator=indicator, area_id=area.id, period=period, value=value, now=now
            )
