"""`python -m bench.pictures`: a seeded province's summary as the README shows it.

Writes docs/images/summary-chart.png, trend-chart.png and summary.txt (a commune
coordinator's summary, as Zalo shows it). `seed_province` is also the tests' seeded province.
"""

from __future__ import annotations

import asyncio
import html
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import aiosqlite

from storage import areas, members, reports, targets, teams
from storage.db import Database

DAY = date(2026, 12, 2)  # a Wednesday
CREATED = "2026-06-01T02:00:00Z"
OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
COMMUNES = (
    (
        "Ủy ban nhân dân xã Hòa An",
        ("Thôn Nà Phung", "Thôn Bản Mạ", "Thôn Cốc Lầy", "Thôn Làng Mới"),
    ),
    ("Xã Bảo Yên", ("Thôn Nậm Kỳ", "Thôn Khe Mụ", "Thôn Tân Tiến")),
    ("Phường Cam Đường", ("Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4")),
    ("Xã Khánh Yên", ("Thôn Phú Hà", "Thôn Bản Bon")),
)


@dataclass
class Inserted:
    """What was seeded, for tests to sum on their own."""

    province: areas.Area
    communes: list[areas.Area]
    villages: dict[int, list[areas.Area]]  # commune id → its villages
    teams: dict[int, teams.Team] = field(default_factory=dict)  # village id → its team
    new_team: teams.Team | None = None
    # (team id, member name, day, {indicator: value})
    reports: list[tuple[int, str, date, dict[str, int]]] = field(default_factory=list)
    members: dict[int, list[str]] = field(default_factory=dict)  # team id → active names
    targets: list[tuple[str, int, str, int]] = field(default_factory=list)


async def _area(conn: aiosqlite.Connection, code, name, level, parent) -> areas.Area:
    area, _ = await areas.upsert(
        conn, code=code, name=name, level=level, parent=parent, now=CREATED
    )
    return area


async def seed_province(db: Database, day: date = DAY) -> Inserted:
    """Four communes with villages, a team in each, members reporting over 30 days, targets."""
    async with db.transaction() as conn:
        province = await _area(conn, "lc", "Tỉnh Lào Cai", "province", None)
        seeded = Inserted(province, [], {})
        number = 0
        for c, (commune_name, villages) in enumerate(COMMUNES):
            commune = await _area(conn, f"lc/{c}", commune_name, "commune", province)
            seeded.communes.append(commune)
            seeded.villages[commune.id] = []
            for v, village_name in enumerate(villages):
                village = await _area(conn, f"lc/{c}/{v}", village_name, "village", commune)
                seeded.villages[commune.id].append(village)
                number += 1
                team = await teams.create(
                    conn, code=f"T{number:03}", name=f"Tổ công nghệ số cộng đồng {village_name}",
                    area_id=village.id, leader_name=f"Trưởng {village_name}",
                    leader_phone=f"+849120000{number:02}", now=CREATED,
                )  # fmt: skip
                seeded.teams[village.id] = team
                names = [f"Thành viên {number}.{m}" for m in range(1, 4)]
                seeded.members[team.id] = names
                people = []
                for m, name in enumerate(names):
                    people.append(
                        await members.create(
                            conn,
                            chat_id=number * 10 + m,
                            full_name=name,
                            phone=None,
                            team_id=team.id,
                            role="leader" if m == 0 else "member",
                            language="vi",
                            now=CREATED,
                            consent_at=CREATED,
                        )
                    )
                silent = number % 5 == 0  # every fifth team stopped a week ago
                for back in range(30):
                    when = day - timedelta(days=back)
                    if when.weekday() == 6 or (silent and back < 7):
                        continue
                    for m, person in enumerate(people):
                        if (number + m + back) % 3 == 2 or (back == 0 and m == 2):
                            continue
                        values = {
                            "residents_helped": 4 + (number * 7 + m * 3 + back) % 9,
                            "vneid_activated": 1 + (number + m + back * 2) % 5 * c % 4,
                            "online_applications": (number * 3 + m + back) % 4,
                            "payment_accounts": (number + back) % 3,
                        }
                        await reports.create(
                            conn, member_id=person.id, team_id=team.id, area_id=village.id,
                            report_date=when, category="vneid", values=values, note=None,
                            source=f"{person.id}:{when}", now=CREATED,
                        )  # fmt: skip
                        seeded.reports.append((team.id, person.full_name, when, values))
        # A team set up yesterday (after a roster import): new, no report yet.
        seeded.new_team = await teams.create(
            conn, code="T900", name="Tổ CNS Thôn Làng Mới 2",
            area_id=seeded.villages[seeded.communes[0].id][-1].id, leader_name="Lò Văn Mới",
            leader_phone="+84912999999",
            now=f"{(day - timedelta(days=1)).isoformat()}T02:00:00Z",
        )  # fmt: skip
        month, year = f"{day:%Y-%m}", f"{day:%Y}"
        wanted = [("vneid_activated", seeded.communes[0].id, year, 1200)]
        wanted += [("online_applications", seeded.communes[0].id, month, 60)]
        for v, village in enumerate(seeded.villages[seeded.communes[0].id]):
            wanted.append(("vneid_activated", village.id, year, 250 + 60 * v))
            wanted.append(("online_applications", village.id, month, 10 + 3 * v))
        for c, commune in enumerate(seeded.communes[1:], 1):
            wanted.append(("vneid_activated", commune.id, year, 900 + 250 * c))
        wanted.append(("vneid_activated", province.id, year, 5000))
        for indicator, area_id, period, value in wanted:
            await targets.upsert(
                conn, indicator=indicator, area_id=area_id, period=period, value=value,
                now=CREATED,
            )  # fmt: skip
        seeded.targets = wanted
    return seeded


def plain(text: str) -> str:
    """A summary as Zalo shows it: the HTML's tags dropped."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


async def main() -> None:
    """Seed a province in a temporary database and write the README's pictures and text."""
    from bot.core.i18n import Texts
    from bot.domain.form import load_form
    from bot.domain.summary import build_summary, render
    from bot.ui.charts import summary_charts

    texts, form = Texts("vi"), load_form()
    with tempfile.TemporaryDirectory() as folder:
        async with Database(Path(folder) / "bot.sqlite3") as db:
            seeded = await seed_province(db)
            built = await build_summary(
                db, form, area_id=seeded.communes[0].id, team_id=None, day=DAY
            )
    OUT.mkdir(parents=True, exist_ok=True)
    progress, trend = summary_charts(built, texts, "vi")
    (OUT / "summary-chart.png").write_bytes(progress.png)
    (OUT / "trend-chart.png").write_bytes(trend.png)
    text = plain(render(built, texts, "vi", show_phones=True))
    (OUT / "summary.txt").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    asyncio.run(main())
