"""Generated databases for the benchmarks: a province, a week of it, the nation; cached."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import sqlite3
import time
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from bench.common import BENCH_DAY, CACHE_DIR, GENERATOR_VERSION, TELEGRAM_BASE
from bot.domain.form import Form, load_form
from handlers.report.draft import Draft, Item
from storage.db import Database


@dataclass(frozen=True)
class Scale:
    """The shape of a generated database: areas, teams, members and days of reports."""

    provinces: int
    communes: int
    teams: int
    members: int  # members and leaders; one coordinator per commune comes on top
    days: int
    reports_per_member_day: float
    last_day: date = BENCH_DAY
    user_data_share: float = 0.0  # members with saved dialog data (language, a paused draft)
    inactive_teams: float = 0.02  # share of teams marked inactive (their members can't report)
    english: float = 0.05  # share of members who chose English
    seed: int = 7

    def key(self) -> str:
        """A cache key: the parameters, the generator's version and the schema's migrations."""
        described = {
            **asdict(self),
            "last_day": self.last_day.isoformat(),
            "version": GENERATOR_VERSION,
        }
        digest = hashlib.sha256(json.dumps(described).encode())
        migrations = resources.files("storage.migrations")
        for entry in sorted(migrations.iterdir(), key=lambda entry: entry.name):
            if entry.name.endswith(".sql"):
                digest.update(entry.read_bytes())
        return digest.hexdigest()[:16]

    def commune_pairs(self, count: int) -> list[tuple[int, int]]:
        """Return `count` pairs of neighbouring communes' ids, spread evenly over all."""
        first, last = self.provinces + 1, self.provinces + self.communes
        starts = [first + n * (self.communes - 1) // count for n in range(count)]
        return [(start, start + 1) for start in starts if start < last]

    def team_ids(self, count: int) -> list[int]:
        """Return the ids of `count` teams spread evenly over all of them."""
        return [1 + n * self.teams // count for n in range(min(count, self.teams))]


# A province after the 2025 merger (Lào Cai: ~100 communes, 1,239 teams), a year of reports.
PROVINCE_YEAR = Scale(1, 100, 1239, 5000, 365, 0.3, user_data_share=0.1)
PROVINCE_WEEK = replace(PROVINCE_YEAR, days=7)
# The national rollout: 34 provinces, 3,321 communes, 30 days of reports; every team active,
# so a broadcast to everyone has 340,000 recipients.
NATIONAL = Scale(34, 3321, 74000, 340000, 30, 0.3, user_data_share=0.1, inactive_teams=0)


@dataclass(frozen=True)
class Generated:
    """A generated database and what is in it."""

    path: Path
    scale: Scale
    areas: int
    teams: int
    members: int
    reports: int
    values: int
    seconds: float  # 0 when it came from the cache


async def cached_db(scale: Scale, name: str, cache: Path = CACHE_DIR) -> Generated:
    """Return the database of `scale`, generating it only if the cache has none."""
    path = cache / f"{name}-{scale.key()}.sqlite3"
    found = _from_cache(path, scale)
    if found is not None:
        return found
    generated = await generate_db(scale, path)
    _remember(generated)
    return generated


def _from_cache(path: Path, scale: Scale) -> Generated | None:
    """The cached database at `path`, else None after clearing older ones of its name."""
    facts = path.with_suffix(".json")
    if path.exists() and facts.exists():
        known = json.loads(facts.read_text(encoding="utf-8"))
        return Generated(path, scale, **{**known, "seconds": 0.0})
    path.parent.mkdir(parents=True, exist_ok=True)
    name = path.name.rsplit("-", 1)[0]
    for stale in path.parent.glob(f"{name}-*"):
        stale.unlink()
    return None


def _remember(generated: Generated) -> None:
    """Write what a generated database holds next to it, for the next run."""
    counts = asdict(generated)
    for key in ("path", "scale", "seconds"):
        counts.pop(key)
    generated.path.with_suffix(".json").write_text(json.dumps(counts), encoding="utf-8")


async def generate_db(scale: Scale, path: Path) -> Generated:
    """Create a database with the bot's schema, filled as `scale` says."""
    began = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    async with Database(partial):
        pass  # applies the migrations
    counts = await asyncio.to_thread(_fill, partial, scale, load_form())
    partial.replace(path)
    return Generated(path, scale, *counts, time.perf_counter() - began)


def _fill(path: Path, scale: Scale, form: Form) -> tuple[int, int, int, int, int]:
    """Bulk-insert the roster, members, reports and targets; return the row counts."""
    rng = random.Random(scale.seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    stamp = "2025-01-01T00:00:00Z"
    conn.execute("BEGIN")
    area_count, commune_ids, village_of_team = _insert_areas(conn, scale, stamp)
    team_rows = _insert_teams(conn, scale, village_of_team, rng, stamp)
    paused = _paused_draft(form, scale.last_day)
    reporters = _insert_members(conn, scale, commune_ids, team_rows, paused, rng, stamp)
    _insert_targets(conn, form, commune_ids, scale.last_day, stamp)
    conn.execute("COMMIT")
    reports, values = _insert_reports(conn, scale, form, reporters)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    members = scale.members + len(commune_ids)
    return area_count, scale.teams, members, reports, values


def _insert_areas(
    conn: sqlite3.Connection, scale: Scale, stamp: str
) -> tuple[int, list[int], list[int]]:
    """Provinces, communes under them, and one village per team; return ids."""
    rows = []
    province_ids = list(range(1, scale.provinces + 1))
    for pid in province_ids:
        rows.append((pid, f"p{pid}", f"Tỉnh {pid}", None, "province", f"/{pid}/"))
    first_commune = scale.provinces + 1
    commune_ids = list(range(first_commune, first_commune + scale.communes))
    commune_path = {}
    for n, cid in enumerate(commune_ids):
        parent = province_ids[n * scale.provinces // scale.communes]
        commune_path[cid] = f"/{parent}/{cid}/"
        rows.append((cid, f"p{parent}/c{cid}", f"Xã {cid}", parent, "commune", commune_path[cid]))
    first_village = first_commune + scale.communes
    village_of_team = []
    for t in range(scale.teams):
        vid = first_village + t
        parent = commune_ids[t * scale.communes // scale.teams]
        path = f"{commune_path[parent]}{vid}/"
        rows.append((vid, f"v{vid}", f"Thôn {vid}", parent, "village", path))
        village_of_team.append(vid)
    conn.executemany(
        "INSERT INTO areas (id, code, name, parent_id, level, path, created_at, updated_at)"
        f" VALUES (?, ?, ?, ?, ?, ?, '{stamp}', '{stamp}')",
        rows,
    )
    return len(rows), commune_ids, village_of_team


def _phone(rng: random.Random) -> str:
    return f"+849{rng.randrange(10**8):08d}"


def _insert_teams(
    conn: sqlite3.Connection,
    scale: Scale,
    village_of_team: list[int],
    rng: random.Random,
    stamp: str,
) -> list[tuple[int, int, bool]]:
    """One team per village, some inactive; return (team id, area id, silent) per team."""
    rows, teams = [], []
    for t, village in enumerate(village_of_team):
        tid = t + 1
        active = rng.random() >= scale.inactive_teams
        silent = rng.random() < 0.08  # a team whose members never report
        leader = f"Tổ trưởng {tid}" if rng.random() < 0.7 else None
        phone = _phone(rng) if leader else None
        rows.append(
            (tid, f"T{tid:06d}", f"Tổ CNS {tid}", village, f"{tid:010d}", leader, phone, active)
        )
        teams.append((tid, village, silent or not active))
    conn.executemany(
        "INSERT INTO teams (id, code, name, area_id, invite_code, leader_name, leader_phone,"
        f" active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{stamp}', '{stamp}')",
        rows,
    )
    return teams


def _insert_members(
    conn: sqlite3.Connection,
    scale: Scale,
    commune_ids: list[int],
    teams: list[tuple[int, int, bool]],
    paused: dict[str, object],
    rng: random.Random,
    stamp: str,
) -> list[tuple[int, int, int, float]]:
    """Members spread over teams (the first of each a leader), then coordinators.

    Return (member id, team id, area id, chance to report on a day) of those who report.
    """
    rows, reporters, user_data = [], [], []
    mean = scale.reports_per_member_day / 0.92  # 8% of teams are silent
    previous_team = None
    for m in range(scale.members):
        mid = m + 1
        team_id, area_id, silent = teams[m * scale.teams // scale.members]
        role = "leader" if team_id != previous_team else "member"
        previous_team = team_id
        language = "en" if rng.random() < scale.english else "vi"
        rows.append(
            (
                mid,
                TELEGRAM_BASE + mid,
                f"Thành viên {mid}",
                _phone(rng),
                team_id,
                role,
                None,
                language,
            )
        )
        chance = 0.0 if silent else min(1.0, mean * 2 * rng.random())
        if chance:
            reporters.append((mid, team_id, area_id, chance))
        if rng.random() < scale.user_data_share:
            data: dict[str, object] = {"language": language}
            if rng.random() < 0.2:
                data["report_paused"] = paused
            user_data.append((TELEGRAM_BASE + mid, json.dumps(data, ensure_ascii=False)))
    for n, commune in enumerate(commune_ids):
        mid = scale.members + n + 1
        rows.append(
            (
                mid,
                TELEGRAM_BASE + mid,
                f"Điều phối {mid}",
                _phone(rng),
                None,
                "coordinator",
                commune,
                "vi",
            )
        )
    conn.executemany(
        "INSERT INTO members (id, chat_id, full_name, phone, team_id, role, scope_area_id,"
        f" language, joined_at, consent_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
        f" '{stamp}', '{stamp}', '{stamp}')",
        rows,
    )
    conn.executemany("INSERT INTO ptb_user_data (user_id, data) VALUES (?, ?)", user_data)
    return reporters


def _paused_draft(form: Form, day: date) -> dict[str, object]:
    """A report draft as PTB keeps it for a member whose dialog timed out half-way."""
    category = form.active_categories()[0]
    item = Item(category.id, {category.indicators[0]: 3})
    return Draft(day.isoformat(), [item], card=2, options=["send", "note"]).to_json()


def _insert_targets(
    conn: sqlite3.Connection, form: Form, commune_ids: list[int], day: date, stamp: str
) -> None:
    """A monthly target per commune; a yearly one too for communes with an even id."""
    first, second = list(form.indicators)[:2]
    rows = []
    for commune in commune_ids:
        rows.append((second, commune, f"{day:%Y-%m}", 400, stamp))
        if has_year_target(commune):
            rows.append((first, commune, f"{day:%Y}", 5000, stamp))
    conn.executemany(
        "INSERT INTO targets (indicator, area_id, period, value, updated_at)"
        " VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def has_year_target(commune_id: int) -> bool:
    """Whether a generated commune has a yearly target (half of them do)."""
    return commune_id % 2 == 0


def _insert_reports(
    conn: sqlite3.Connection,
    scale: Scale,
    form: Form,
    reporters: list[tuple[int, int, int, float]],
) -> tuple[int, int]:
    """Each day, each reporter reports with their chance; a day's draw depends on the day only.

    So a week and a year ending on the same day hold the same last week. The reports table's
    indexes are dropped during the load and built again after, which is much faster.
    """
    categories = [
        (c.id, [form.indicators[i] for i in c.indicators]) for c in form.active_categories()
    ]
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports'"
        " AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    report_id = value_count = 0
    first_day = scale.last_day - timedelta(days=scale.days - 1)
    conn.execute("BEGIN")
    for offset in range(scale.days):
        day = first_day + timedelta(days=offset)
        rng = random.Random(scale.seed * 1_000_003 + day.toordinal())
        iso, created = day.isoformat(), f"{day.isoformat()}T09:00:00Z"
        reports, values = [], []
        for member_id, team_id, area_id, chance in reporters:
            if rng.random() >= chance:
                continue
            report_id += 1
            category, indicators = rng.choice(categories)
            deleted = created if rng.random() < 0.02 else None
            reports.append(
                (
                    report_id,
                    member_id,
                    team_id,
                    area_id,
                    iso,
                    category,
                    f"g{report_id:010d}",
                    created,
                    created,
                    deleted,
                )
            )
            for n, indicator in enumerate(indicators):
                if n == 0 or rng.random() < 0.5:
                    value = rng.randint(1, max(1, min(indicator.max, 40)))
                    values.append((report_id, indicator.id, value))
        conn.executemany(
            "INSERT INTO reports (id, member_id, team_id, area_id, report_date, category,"
            " source, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            reports,
        )
        conn.executemany(
            "INSERT INTO report_values (report_id, indicator, value) VALUES (?, ?, ?)", values
        )
        value_count += len(values)
    conn.execute("COMMIT")
    for _, sql in indexes:
        conn.execute(sql)
    return report_id, value_count
