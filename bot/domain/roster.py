"""Check roster rows, turn them into areas and teams, and import them in one transaction.

Area codes. A code given in the file (province_code, district_code, commune_code, village_code)
is used as it is. Otherwise the code is derived from names, so that re-importing finds the area:
- a province: the ASCII slug of its name without "Tỉnh", "Thành phố" or "TP":
  "Tỉnh Lào Cai" → "lao-cai" (so "Lào Cai" in the next file renames the same province);
- any lower area: its parent's code, "/", and the slug of its full name:
  "lao-cai/xa-bao-yen", "lao-cai/xa-bao-yen/thon-na-phung", and with a district
  "lao-cai/huyen-bao-yen/xa-bao-ha". A commune's parent is its district when given, else its
  province; a village's parent is its commune.
A derived code changes with the name, so an area can only be renamed in place through an
explicit code; renamed without one, it is imported as a new area and the old one stays unused.
Teams hang off their village when given, else off their commune.

A province seeded from the official list (`python -m bot areas seed`) is different: its rows
need no codes. The commune is matched to its official unit (bot/domain/area_registry.py), by
name with or without diacritics and kind prefix, by official code, or by its pre-2025 name
(with the old district when the row gives one); an old address mapped so is listed in
`Roster.mapped`. An unknown, ambiguous or split commune is a problem with the candidates.
Districts are not created there (they were abolished in 2025), and a village's code is its
commune's code, "/", and the village's slug: "02269/thon-na-phung".

After a change of the map (bot/domain/area_changes.py) a merged or renamed commune's name is
mapped to the commune that carries it on (listed in `Roster.mapped` with the change), a split
one is a problem listing the new communes, and no row ever puts a team or an area in a retired
area, seeded province or not. A village a merge moved under its successor keeps its code and
is found by name there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

import aiosqlite

from bot.domain.area_registry import ProvinceRegistry, Registry, match_commune
from bot.domain.phones import normalize_phone
from bot.domain.tabular import Problem, Table
from storage import area_registry, areas, audit, teams
from storage import roster as roster_store

# (level, name column, code column), root first.
LEVELS = (
    ("province", "province", "province_code"),
    ("district", "district", "district_code"),
    ("commune", "commune", "commune_code"),
    ("village", "village", "village_code"),
)
REQUIRED_LABELS = (
    ("team_code", "team code"),
    ("team_name", "team name"),
    ("province", "province"),
    ("commune", "commune"),
)
_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh-pho|tp)-")


@dataclass(frozen=True, slots=True)
class AreaSpec:
    code: str
    name: str
    level: str
    parent_code: str | None
    row: int


@dataclass(frozen=True, slots=True)
class TeamSpec:
    code: str
    name: str
    area_code: str
    leader_name: str | None
    leader_phone: str | None
    row: int


@dataclass(frozen=True, slots=True)
class Mapped:
    """A row whose old address (pre-2025 commune, district or province) was mapped."""

    row: int
    typed: str  # "Xã Sơn Thịnh, Huyện Văn Chấn, Tỉnh Yên Bái"
    commune: str  # the current unit: "Xã Sơn Thịnh"
    province: str  # "Tỉnh Lào Cai"
    note: str = ""  # a change of the map: "merged into Xã A on 01/07/2026"

    def __str__(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"row {self.row}: {self.typed} → {self.commune}, {self.province}{note}"


@dataclass(frozen=True, slots=True)
class Roster:
    areas: list[AreaSpec]  # parents before their children
    teams: list[TeamSpec]
    columns: frozenset[str]
    mapped: list[Mapped] = field(default_factory=list)  # old addresses, by row


@dataclass(frozen=True, slots=True)
class Counts:
    teams_added: int
    teams_updated: int
    teams_unchanged: int
    areas_added: int
    areas_updated: int

    def __str__(self) -> str:
        return (
            f"Teams: {self.teams_added} added, {self.teams_updated} updated,"
            f" {self.teams_unchanged} unchanged."
            f" Areas: {self.areas_added} added, {self.areas_updated} updated."
        )


class InvalidRoster(Exception):
    """The roster contradicts the database; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def slug(text: str) -> str:
    """Return lower-case ASCII words joined by "-": "Thôn Nà Phung" → "thon-na-phung"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if ch.isascii())
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _seeded_chain(
    number: int,
    row: dict[str, str],
    entry: ProvinceRegistry,
    old_province: bool,
    problems: list[Problem],
    mapped: list[Mapped],
) -> list[AreaSpec]:
    typed = row.get("commune", "")
    if not typed:
        return []
    district = row.get("district", "")
    match = match_commune(entry, typed, district=district, code=row.get("commune_code", ""))
    if match.unit is None:
        problems.append(Problem(number, match.problem or f"unknown commune {typed!r}"))
        return []
    head, unit = entry.province, match.unit
    if match.old or match.note or old_province or district:
        parts = (typed, district, row.get("province", ""))
        mapped.append(
            Mapped(
                number,
                ", ".join(part for part in parts if part),
                unit.name,
                head.name,
                match.note or "",
            )
        )
    chain = [
        AreaSpec(head.code, head.name, "province", None, number),
        AreaSpec(unit.code, unit.name, "commune", head.code, number),
    ]
    village, code = row.get("village", ""), row.get("village_code", "")
    if village:
        if not code and not slug(village):
            problems.append(Problem(number, f"village name {village!r} has no letters"))
        chain.append(
            AreaSpec(code or f"{unit.code}/{slug(village)}", village, "village", unit.code, number)
        )
    elif code:
        problems.append(Problem(number, f"village_code {code} has no village name"))
    return chain


def _area_chain(
    number: int,
    row: dict[str, str],
    problems: list[Problem],
    registry: Registry | None = None,
    mapped: list[Mapped] | None = None,
) -> list[AreaSpec]:
    if registry is not None and row.get("province"):
        entry, old_province = registry.find_province(row["province"], row.get("province_code", ""))
        if entry is not None:
            return _seeded_chain(
                number, row, entry, old_province, problems, [] if mapped is None else mapped
            )
    chain: list[AreaSpec] = []
    parent_code = None
    for level, name_column, code_column in LEVELS:
        name, code = row.get(name_column, ""), row.get(code_column, "")
        if not name:
            if code:
                problems.append(Problem(number, f"{code_column} {code} has no {level} name"))
            continue
        if not code:
            base = slug(name)
            if level == "province":
                base = _PROVINCE_PREFIX.sub("", base)
            if not base:
                problems.append(Problem(number, f"{level} name {name!r} has no letters"))
            code = f"{parent_code}/{base}" if parent_code else base
        chain.append(AreaSpec(code, name, level, parent_code, number))
        parent_code = code
    return chain


def _parse_row(
    number: int,
    row: dict[str, str],
    problems: list[Problem],
    registry: Registry | None = None,
    mapped: list[Mapped] | None = None,
) -> tuple[list[AreaSpec], TeamSpec] | None:
    before = len(problems)
    missing = [label for column, label in REQUIRED_LABELS if not row.get(column)]
    if missing:
        problems.append(Problem(number, f"missing {', '.join(missing)}"))
    chain = _area_chain(number, row, problems, registry, mapped)
    phone_text = row.get("leader_phone", "")
    phone = normalize_phone(phone_text) if phone_text else None
    if phone_text and phone is None:
        problems.append(Problem(number, f"leader phone {phone_text!r} is not a mobile number"))
    if len(problems) > before:
        return None
    team = TeamSpec(
        row["team_code"],
        row["team_name"],
        chain[-1].code,
        row.get("leader_name") or None,
        phone,
        number,
    )
    return chain, team


def _area_conflict(seen: AreaSpec, spec: AreaSpec) -> str | None:
    where = f"on row {seen.row}"
    if seen.name != spec.name:
        return f"area code {spec.code} is {seen.name!r} {where} but {spec.name!r} here"
    if seen.level != spec.level:
        return f"area code {spec.code} is a {seen.level} {where} but a {spec.level} here"
    if seen.parent_code != spec.parent_code:
        return f"area {spec.code} is under {seen.parent_code} {where}, here {spec.parent_code}"
    return None


def _team_conflict(seen: TeamSpec, spec: TeamSpec) -> str | None:
    fields = (
        ("name", "name"),
        ("area_code", "area"),
        ("leader_name", "leader"),
        ("leader_phone", "leader phone"),
    )
    differ = [label for field, label in fields if getattr(seen, field) != getattr(spec, field)]
    if not differ:
        return None
    return f"team code {spec.code} is also on row {seen.row} with another {', '.join(differ)}"


def parse(table: Table, registry: Registry | None = None) -> tuple[Roster, list[Problem]]:
    """Check every row of the table; return the roster and every problem found, by row.

    With a registry (`area_registry.load_registry`), rows of a seeded province are matched to
    its official units; rows of other provinces are read as without one."""
    problems = list(table.problems)
    found_areas: dict[str, AreaSpec] = {}
    found_teams: dict[str, TeamSpec] = {}
    mapped: list[Mapped] = []
    if not problems:
        for number, row in table.rows:
            parsed = _parse_row(number, row, problems, registry, mapped)
            if parsed is None:
                continue
            chain, team = parsed
            for spec in chain:
                seen = found_areas.setdefault(spec.code, spec)
                conflict = _area_conflict(seen, spec)
                if conflict:
                    problems.append(Problem(number, conflict))
            seen_team = found_teams.setdefault(team.code, team)
            conflict = _team_conflict(seen_team, team)
            if conflict:
                problems.append(Problem(number, conflict))
    roster = Roster(list(found_areas.values()), list(found_teams.values()), table.columns, mapped)
    return roster, sorted(problems, key=lambda problem: problem.row or 0)


_RETIRED_BY = {"merge": "merged", "split": "split"}


def _retired_areas(
    roster: Roster, known: dict[str, areas.Area], retired: dict[int, tuple[str, str]]
) -> list[Problem]:
    """A roster never puts a team or a new area in an area a change of the map retired."""
    problems = []
    for spec in roster.areas:
        for code, what in ((spec.code, "area"), (spec.parent_code, "parent area")):
            existing = known.get(code) if code else None
            if existing is not None and existing.id in retired:
                kind, on = retired[existing.id]
                problems.append(
                    Problem(
                        spec.row,
                        f"{what} {existing.name} ({code}) was {_RETIRED_BY.get(kind, kind)} on"
                        f" {on} and no longer exists: write the area it is part of now"
                        f" (`python -m bot areas history {code}` shows where it went)",
                    )
                )
                break
    return problems


def _moved_villages(
    roster: Roster, known: dict[str, areas.Area], retired: dict[int, tuple[str, str]]
) -> None:
    """Find the villages a merge moved: a village named under its (new) commune with a code
    made from names is the live village of that name already there, whatever its code
    ("06661/khu-3" moved under 06652 is what "06652/khu-3" means)."""
    by_name: dict[tuple[int, str], list[areas.Area]] = {}
    for area in known.values():
        if area.level == "village" and area.parent_id and area.id not in retired:
            by_name.setdefault((area.parent_id, slug(area.name)), []).append(area)
    for spec in roster.areas:
        parent = known.get(spec.parent_code) if spec.parent_code else None
        if spec.level != "village" or spec.code in known or parent is None:
            continue
        if spec.code != f"{spec.parent_code}/{slug(spec.name)}":
            continue  # an explicit village_code
        same = by_name.get((parent.id, slug(spec.name)), [])
        if len(same) == 1:
            known[spec.code] = same[0]


def _moved_areas(roster: Roster, known: dict[str, areas.Area]) -> list[Problem]:
    codes = {area.id: area.code for area in known.values()}
    problems = []
    for spec in roster.areas:
        existing = known.get(spec.code)
        if existing is None:
            continue
        parent_code = codes.get(existing.parent_id) if existing.parent_id else None
        if parent_code != spec.parent_code:
            problems.append(
                Problem(
                    spec.row,
                    f"area {spec.code} is under {parent_code or 'nothing'} in the database,"
                    f" not {spec.parent_code or 'nothing'}; an import cannot move an area",
                )
            )
    return problems


async def _write_areas(
    conn: aiosqlite.Connection, roster: Roster, known: dict[str, areas.Area], now: str
) -> tuple[int, int]:
    added = updated = 0
    for spec in roster.areas:
        existing = known.get(spec.code)
        if existing and (existing.name, existing.level) == (spec.name, spec.level):
            continue
        parent = known[spec.parent_code] if spec.parent_code else None
        known[spec.code], status = await areas.upsert(
            conn, code=spec.code, name=spec.name, level=spec.level, parent=parent, now=now
        )
        added += status == "added"
        updated += status == "updated"
    return added, updated


async def _write_teams(
    conn: aiosqlite.Connection, roster: Roster, known: dict[str, areas.Area], now: str
) -> tuple[int, int]:
    existing = {team.code: team for team in await teams.all_teams(conn)}
    # A leader column missing from the file leaves the stored leader alone.
    keep_name = "leader_name" not in roster.columns
    keep_phone = "leader_phone" not in roster.columns
    added = updated = 0
    for spec in roster.teams:
        team = existing.get(spec.code)
        area_id = known[spec.area_code].id
        if team is None:
            await teams.create(
                conn,
                code=spec.code,
                name=spec.name,
                area_id=area_id,
                leader_name=spec.leader_name,
                leader_phone=spec.leader_phone,
                now=now,
            )
            added += 1
            continue
        leader_name = team.leader_name if keep_name else spec.leader_name
        leader_phone = team.leader_phone if keep_phone else spec.leader_phone
        wanted = (spec.name, area_id, leader_name, leader_phone)
        if (team.name, team.area_id, team.leader_name, team.leader_phone) != wanted:
            await teams.update_details(
                conn,
                team.id,
                name=spec.name,
                area_id=area_id,
                leader_name=leader_name,
                leader_phone=leader_phone,
                now=now,
            )
            updated += 1
    return added, updated


async def import_roster(
    conn: aiosqlite.Connection, roster: Roster, *, file_name: str, now: str
) -> Counts:
    """Write the roster in the caller's transaction; raise InvalidRoster before any write."""
    known = {area.code: area for area in await roster_store.all_areas(conn)}
    retired = await area_registry.retired_areas(conn)
    _moved_villages(roster, known, retired)
    problems = _retired_areas(roster, known, retired) or _moved_areas(roster, known)
    if problems:
        raise InvalidRoster(problems)
    areas_added, areas_updated = await _write_areas(conn, roster, known, now)
    added, updated = await _write_teams(conn, roster, known, now)
    unchanged = len(roster.teams) - added - updated
    counts = Counts(added, updated, unchanged, areas_added, areas_updated)
    await audit.record(
        conn,
        actor_id=None,
        action="roster.import",
        detail={"file": file_name, **asdict(counts)},
        now=now,
    )
    return counts


# Invite links. Telegram carries the invite code in the link (t.me/<bot>?start=<code>, the
# payload arrives as "/start <code>"). Zalo's Bot Platform documents no such payload: its link
# only opens the bot's chat (the same link for every team), and the member types the code.
ZALO_CHAT_LINK = "https://zalo.me/{account_name}"


def telegram_invite_link(bot_username: str, invite_code: str) -> str:
    """The deep link that opens the bot on Telegram and sends "/start <invite_code>"."""
    return f"https://t.me/{bot_username}?start={invite_code}"


def zalo_chat_link(account_name: str) -> str:
    """The link that opens a Zalo bot's chat, from getMe's account_name ("bot.VDKyGxQvc")."""
    return ZALO_CHAT_LINK.format(account_name=account_name)


@dataclass(frozen=True, slots=True)
class InviteLinks:
    """What opens the bot on each messenger a deployment serves; None where it is unknown."""

    channels: tuple[str, ...]  # "telegram", "zalo": the ones to show, in this order
    telegram_bot: str | None = None  # the bot's username
    zalo_chat: str | None = None  # the link that opens the bot's chat on Zalo

    def telegram(self, invite_code: str) -> str:
        """The team's Telegram deep link, or "" without the bot's username."""
        return telegram_invite_link(self.telegram_bot, invite_code) if self.telegram_bot else ""

    def zalo(self) -> str:
        """The Zalo chat link (the same for every team), or "" when unknown."""
        return self.zalo_chat or ""

    def complete(self) -> bool:
        """Whether every messenger shown has its link."""
        known = {"telegram": self.telegram_bot, "zalo": self.zalo_chat}
        return all(known[channel] for channel in self.channels)
