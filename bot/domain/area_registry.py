"""The official area registry: seed a province from the official map, match typed names to it.

Seeding (`seed_province`) writes a province and all its communes with their official codes and
kinds; areas already imported under slug codes are adopted by name (they keep their codes).
New ones get their official code as area code ("15", "02269"); villages and residential
groups, which have no national code, keep codes under their commune ("02269/thon-na-phung").
The pre-2025 communes now inside each unit are recorded as its old names.

Matching (`match_commune`) is pure: it works on a `ProvinceRegistry` loaded once per import.
A typed name matches by official code, then by name with its diacritics, then without them,
then by the names of units a change of the map retired or renamed (bot/domain/area_changes:
a merged or renamed unit answers for its successor, a split one is a problem listing its
successors; retired units are never offered as current), then by pre-2025 old names; the
kind prefix ("Xã", "X.", "Phường", "P.", "Thị trấn", "TT", "Đặc khu",
"ĐK"), case and spacing are ignored. Anything that is not exactly one unit is a problem with
the closest candidates, never a guess.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

import aiosqlite

from bot.domain.form import fold_diacritics
from bot.domain.official_map import (
    LegacyUnit,
    OfficialProvince,
    OfficialUnit,
    legacy_units,
    provinces,
    version,
)
from storage import area_registry, areas, audit

_Prefixes = tuple[tuple[tuple[str, ...], str | None], ...]
# Kind prefixes as typed, folded, longest first; None: a pre-2025 kind (no current unit).
_COMMUNE_PREFIXES: _Prefixes = (
    (("thi", "tran"), None),
    (("dac", "khu"), "đặc khu"),
    (("phuong",), "phường"),
    (("xa",), "xã"),
    (("tt",), None),
    (("dk",), "đặc khu"),
    (("p",), "phường"),
    (("x",), "xã"),
)
_DISTRICT_PREFIXES: _Prefixes = (
    (("thanh", "pho"), None),
    (("thi", "xa"), None),
    (("huyen",), None),
    (("quan",), None),
    (("tp",), None),
    (("tx",), None),
    (("h",), None),
    (("q",), None),
)
_PROVINCE_PREFIXES: _Prefixes = (
    (("thanh", "pho"), "thành phố"),
    (("tinh",), "tỉnh"),
    (("tp",), "thành phố"),
)
CANDIDATES = 5  # closest names listed for an unknown one


def _words(text: str) -> list[str]:
    """Lower-case NFC words of letters and digits: "P.Ba  Đình" → ["p", "ba", "đình"]."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[^\w]+|_", " ", lowered.replace("'", "").replace("’", "")).split()


def split_kind(text: str, prefixes: _Prefixes = _COMMUNE_PREFIXES) -> tuple[str | None, str]:
    """Return (kind, key): the kind its prefix names and the name without it, lower case and
    single-spaced, diacritics kept: "P. Ba Đình" → ("phường", "ba đình")."""
    words = _words(text)
    folded = [fold_diacritics(word) for word in words]
    for prefix, kind in prefixes:
        if len(words) > len(prefix) and tuple(folded[: len(prefix)]) == prefix:
            return kind, " ".join(words[len(prefix) :])
    return None, " ".join(words)


def fold(key: str) -> str:
    """The key without diacritics: "ba đình" → "ba dinh"."""
    return fold_diacritics(key)


def name_key(text: str) -> str:
    """How a commune's name is stored for matching: folded, without its kind prefix."""
    return fold(split_kind(text)[1])


def district_key(text: str) -> str:
    """How a pre-2025 district's name is compared: folded, without "Huyện", "Quận", ..."""
    return fold(split_kind(text, _DISTRICT_PREFIXES)[1])


def province_key(text: str) -> str:
    """How a province's name is compared: folded, without "Tỉnh", "Thành phố", "TP"."""
    return fold(split_kind(text, _PROVINCE_PREFIXES)[1])


def _official_code(text: str, width: int) -> str | None:
    plain = text.replace(" ", "")
    return plain.zfill(width) if plain.isdigit() and len(plain) <= width else None


# --- The registry of one province, as loaded for matching -------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    area_id: int
    code: str  # the area code
    official_code: str | None  # None: made by a change of the map, not in the official list
    name: str
    kind: str | None


@dataclass(frozen=True, slots=True)
class OldName:
    unit: Unit
    name: str
    district: str | None
    province: str | None
    old_code: str | None


@dataclass(frozen=True, slots=True)
class ChangedName:
    """A name a change of the map left behind: a unit merged or split away (retired), or the
    name a unit had before a rename; `successors` are the live units it went to."""

    name: str
    code: str  # the area code of the unit that had the name
    official_code: str | None
    successors: tuple[Unit, ...]
    change: str  # "merge", "split" or "rename"
    on: date  # the first day of the change

    @property
    def retired(self) -> bool:
        return self.change != "rename"


@dataclass(frozen=True, slots=True)
class ProvinceRegistry:
    province: Unit
    units: tuple[Unit, ...]  # the live units only
    old_names: tuple[OldName, ...]
    old_provinces: frozenset[str]  # province_key of the pre-2025 provinces it took in
    changed: tuple[ChangedName, ...] = ()


@dataclass(frozen=True, slots=True)
class Registry:
    provinces: tuple[ProvinceRegistry, ...] = ()

    def find_province(self, name: str, code: str = "") -> tuple[ProvinceRegistry | None, bool]:
        """Return the seeded province a roster names (by official or area code, by name, or
        by a pre-2025 province now part of it) and whether it was an old province's name."""
        if code:
            official = _official_code(code, 2)
            for entry in self.provinces:
                if code == entry.province.code or official == entry.province.official_code:
                    return entry, False
        key = province_key(name)
        for entry in self.provinces:
            if key == province_key(entry.province.name):
                return entry, False
        for entry in self.provinces:
            if key in entry.old_provinces:
                return entry, True
        return None, False


def live_successors(
    area_id: int, links: Mapping[int, Sequence[int]], live: Collection[int]
) -> list[int]:
    """The live areas a retired one went to, following later changes of its successors
    (merged into B, then B split: B's successors), in the order the links give."""
    found: list[int] = []
    seen = {area_id}
    stack = list(reversed(links.get(area_id, ())))
    while stack:
        successor = stack.pop()
        if successor in seen:
            continue
        seen.add(successor)
        if successor in live:
            found.append(successor)
        else:
            stack.extend(reversed(links.get(successor, ())))
    return found


def _province_of(area: areas.Area) -> int:
    return int(area.path.strip("/").split("/")[0])


async def load_registry(conn: aiosqlite.Connection) -> Registry:
    """Load every seeded province with its live communes, their old names, and the names
    that changes of the map retired or replaced (resolved to the live successors)."""
    found = await area_registry.registry_areas(conn)
    heads = [
        item
        for item in found
        if item.area.level == "province" and item.official_code and item.retired_on is None
    ]
    seeded = {item.area.id for item in heads}
    communes = [
        item
        for item in found
        if item.area.level == "commune" and _province_of(item.area) in seeded
    ]

    def unit_of(item: area_registry.RegistryArea) -> Unit:
        kind = item.kind or split_kind(item.area.name)[0]
        return Unit(item.area.id, item.area.code, item.official_code, item.area.name, kind)

    live = {item.area.id: unit_of(item) for item in communes if item.retired_on is None}
    retired = {item.area.id: item for item in communes if item.retired_on is not None}
    links: dict[int, list[int]] = defaultdict(list)
    how: dict[int, tuple[str, str]] = {}
    for predecessor, successor, kind, on in await area_registry.retiring_links(conn):
        links[predecessor].append(successor)
        how[predecessor] = (kind, on)
    went: dict[int, tuple[Unit, ...]] = {
        area_id: tuple(live[i] for i in live_successors(area_id, links, live))
        for area_id in retired
    }
    changed: dict[int, list[ChangedName]] = defaultdict(list)
    for area_id, item in retired.items():
        kind, on = how.get(area_id, ("merge", item.retired_on or ""))
        changed[_province_of(item.area)].append(
            ChangedName(
                item.area.name, item.area.code, item.official_code, went[area_id], kind,
                date.fromisoformat(on),
            )
        )  # fmt: skip
    provinces_of = {item.area.id: _province_of(item.area) for item in communes}
    code_of = {item.area.id: item.area.code for item in communes}
    for area_id, name, until in await area_registry.former_names(conn):
        if area_id not in provinces_of:
            continue
        successors = (live[area_id],) if area_id in live else went.get(area_id, ())
        change = "rename" if area_id in live else how.get(area_id, ("merge", ""))[0]
        changed[provinces_of[area_id]].append(
            ChangedName(
                name, code_of[area_id], None, successors, change,
                date.fromisoformat(until) + timedelta(days=1),
            )
        )  # fmt: skip
    olds: dict[int, list[OldName]] = defaultdict(list)
    for other in await area_registry.names(conn, [item.area.id for item in communes]):
        # A pre-2025 commune of a unit merged or split since is now in its successors.
        targets = (live[other.area_id],) if other.area_id in live else went[other.area_id]
        for unit in targets:
            olds[provinces_of[other.area_id]].append(
                OldName(unit, other.name, other.district, other.province, other.old_code)
            )
    units: dict[int, list[Unit]] = defaultdict(list)
    for area_id, unit in live.items():
        units[provinces_of[area_id]].append(unit)
    return Registry(
        tuple(
            ProvinceRegistry(
                unit_of(head),
                tuple(units[head.area.id]),
                tuple(olds[head.area.id]),
                frozenset(province_key(o.province) for o in olds[head.area.id] if o.province),
                tuple(changed[head.area.id]),
            )
            for head in heads
        )
    )


# --- Matching ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """A typed commune and what it is: a unit, or why not (with candidates)."""

    unit: Unit | None
    old: OldName | None = None  # set when it matched by a pre-2025 name
    problem: str | None = None
    candidates: tuple[str, ...] = ()
    note: str | None = None  # set when it matched a name a change of the map left behind


def _listing(names: list[str]) -> str:
    return ", ".join(dict.fromkeys(names))


def _old_label(old: OldName) -> str:
    return f"{old.name} ({old.district})" if old.district else old.name


def _by_kind(found: list[Unit], kind: str | None) -> list[Unit]:
    if len(found) > 1 and kind:
        same = [unit for unit in found if unit.kind == kind]
        return same or found
    return found


def _current(registry: ProvinceRegistry, kind: str | None, key: str) -> list[Unit]:
    exact = [unit for unit in registry.units if split_kind(unit.name)[1] == key]
    if exact:
        return _by_kind(exact, kind)
    folded = fold(key)
    return _by_kind([unit for unit in registry.units if name_key(unit.name) == folded], kind)


def _old(registry: ProvinceRegistry, kind: str | None, key: str, district: str) -> list[OldName]:
    folded = fold(key)
    found = [old for old in registry.old_names if name_key(old.name) == folded]
    found = [old for old in found if split_kind(old.name)[1] == key] or found
    if kind:
        found = [old for old in found if split_kind(old.name)[0] == kind] or found
    if district:
        wanted = district_key(district)
        found = [old for old in found if old.district and district_key(old.district) == wanted]
    return found


def _from_old(registry: ProvinceRegistry, typed: str, found: list[OldName]) -> Match:
    units = list(dict.fromkeys(old.unit for old in found))
    if len(units) == 1:
        return Match(units[0], old=found[0])
    olds = {(old.old_code, old.district) for old in found}
    names = [unit.name for unit in units]
    if len(olds) == 1:
        where = f" ({found[0].district})" if found[0].district else ""
        return Match(
            None,
            problem=f"commune {typed!r}{where} was split in 2025 into {_listing(names)}:"
            " write the new commune the team works in",
            candidates=tuple(names),
        )
    where = "; ".join(f"{_old_label(old)} → {old.unit.name}" for old in found)
    return Match(
        None,
        problem=f"commune {typed!r} is the old name of several communes in"
        f" {registry.province.name} ({where}): give the district or the new commune",
        candidates=tuple(names),
    )


def _changed(registry: ProvinceRegistry, kind: str | None, key: str) -> list[ChangedName]:
    exact = [entry for entry in registry.changed if split_kind(entry.name)[1] == key]
    found = exact or [entry for entry in registry.changed if name_key(entry.name) == fold(key)]
    if kind:
        found = [entry for entry in found if split_kind(entry.name)[0] == kind] or found
    return found


def _on(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _note(entry: ChangedName, unit: Unit) -> str:
    if entry.change == "rename":
        return f"renamed on {_on(entry.on)}"
    if entry.change == "merge":
        return f"merged into {unit.name} on {_on(entry.on)}"
    return f"went to {unit.name} in a split on {_on(entry.on)}"


def _from_changed(registry: ProvinceRegistry, typed: str, found: list[ChangedName]) -> Match:
    units = list(dict.fromkeys(unit for entry in found for unit in entry.successors))
    if len(units) == 1:
        return Match(units[0], note=_note(found[0], units[0]))
    names = [unit.name for unit in units]
    if not units:
        return Match(
            None,
            problem=f"commune {typed!r} was retired on {_on(found[0].on)} and nothing in"
            f" {registry.province.name} carries it on: write the commune the team works in",
        )
    splits = [entry for entry in found if entry.change == "split"]
    if splits:
        return Match(
            None,
            problem=f"commune {typed!r} was split on {_on(splits[0].on)} into"
            f" {_listing(names)}: write the new commune the team works in",
            candidates=tuple(names),
        )
    if any(entry.retired for entry in found):
        return Match(
            None,
            problem=f"commune {typed!r} was merged on {_on(found[0].on)} into a commune split"
            f" since into {_listing(names)}: write the new commune the team works in",
            candidates=tuple(names),
        )
    return Match(
        None,
        problem=f"commune {typed!r} was the name of several communes, now {_listing(names)}:"
        " write the commune the team works in, or its code",
        candidates=tuple(names),
    )


def closest(registry: ProvinceRegistry, typed: str) -> list[str]:
    """The current communes (and old names, with where they went) closest to a typed name."""
    labels: dict[str, list[str]] = defaultdict(list)
    for unit in registry.units:
        labels[name_key(unit.name)].append(unit.name)
    for old in registry.old_names:
        if old.name != old.unit.name:  # an old name kept by its new unit is listed already
            labels[name_key(old.name)].append(f"{_old_label(old)} → {old.unit.name}")
    for entry in registry.changed:
        went = ", ".join(unit.name for unit in entry.successors)
        labels[name_key(entry.name)].append(f"{entry.name} → {went}" if went else entry.name)
    near = difflib.get_close_matches(name_key(typed), list(labels), n=CANDIDATES, cutoff=0.6)
    return list(dict.fromkeys(label for key in near for label in labels[key]))[:CANDIDATES]


def match_commune(
    registry: ProvinceRegistry, typed: str, *, district: str = "", code: str = ""
) -> Match:
    """Match a commune typed in a roster (name, optional old district, optional code)."""
    if code or _official_code(typed, 5):
        wanted = code or typed
        official = _official_code(wanted, 5)
        for unit in registry.units:
            if wanted == unit.code or (official and official == unit.official_code):
                return Match(unit)
        gone = [
            entry
            for entry in registry.changed
            if entry.retired
            and (wanted == entry.code or (official and official == entry.official_code))
        ]
        if gone:
            return _from_changed(registry, typed, gone)
        if code:
            return Match(
                None, problem=f"commune code {code} is not a commune of {registry.province.name}"
            )
    kind, key = split_kind(typed)
    if not key:
        return Match(None, problem=f"commune name {typed!r} has no letters")
    if district:
        olds = _old(registry, kind, key, district)
        if olds:
            return _from_old(registry, typed, olds)
    found = _current(registry, kind, key)
    if len(found) == 1:
        return Match(found[0])
    if found:
        names = [unit.name for unit in found]
        return Match(
            None,
            problem=f"commune {typed!r} could be {_listing(names)}: write it with its"
            " diacritics and kind (Xã, Phường, Đặc khu) or its official code",
            candidates=tuple(names),
        )
    changed = _changed(registry, kind, key)
    if changed:
        return _from_changed(registry, typed, changed)
    olds = _old(registry, kind, key, "")
    if olds:
        return _from_old(registry, typed, olds)
    near = closest(registry, typed)
    hint = f"; closest: {'; '.join(near)}" if near else ""
    return Match(
        None,
        problem=f"unknown commune {typed!r} in {registry.province.name}{hint}",
        candidates=tuple(near),
    )


# --- Seeding ----------------------------------------------------------------------------


class UnknownProvince(LookupError):
    """No province of the official map has this code or name."""

    def __init__(self, typed: str, near: list[str]) -> None:
        super().__init__(typed)
        self.typed = typed
        self.near = near


def find_official_province(typed: str) -> OfficialProvince:
    """Return the official province with this code ("15", "1") or name ("Lào Cai")."""
    official = _official_code(typed, 2)
    everything = provinces()
    for province in everything:
        if official == province.code:
            return province
    key = province_key(typed)
    for province in everything:
        if key == province_key(province.name):
            return province
    keys = {province_key(province.name): province.name for province in everything}
    near = difflib.get_close_matches(key, list(keys), n=CANDIDATES, cutoff=0.6)
    raise UnknownProvince(typed, [keys[k] for k in near])


@dataclass(frozen=True, slots=True)
class NewUnit:
    """A commune a merge or a split makes: its area code, name, official code and kind."""

    code: str
    name: str
    official_code: str | None
    kind: str | None


def _official_unit(province: OfficialProvince, typed: str) -> OfficialUnit | None:
    official = _official_code(typed, 5)
    for unit in province.units:
        if official == unit.code:
            return unit
    kind, key = split_kind(typed)
    exact = [unit for unit in province.units if split_kind(unit.name)[1] == key]
    folded = [unit for unit in province.units if name_key(unit.name) == fold(key)]
    for found in (exact, folded):
        same = [unit for unit in found if unit.kind == kind] or found if kind else found
        if len(same) == 1:
            return same[0]
    return None


async def new_unit(
    conn: aiosqlite.Connection, parent: areas.Area, level: str, typed: str, name: str | None
) -> NewUnit | str:
    """What a new area made by a change under `parent` is, or a problem (a str).

    A commune of a seeded province: `typed` (the code given for it) or `name` may name a unit
    of the official list; its official code is then the area's code and official code, and
    its official name the name unless one is given. A five-digit code the list does not have
    (yet) is taken as the official code. Otherwise the area has the code given and no official
    code; it is still a unit of the registry (load_registry reads the changes). Anywhere else
    the area is the code and name as given."""
    given, code = (name or "").strip(), typed.strip()
    official, _ = await area_registry.official_code_of(conn, parent.id)
    province = None
    if level == "commune" and parent.level == "province" and official is not None:
        province = next((p for p in provinces() if p.code == official), None)
    if province is None:
        return NewUnit(code, given, None, None)
    unit = _official_unit(province, code)
    if unit is None and given:
        unit = _official_unit(province, given)
    if unit is not None:
        held = await area_registry.by_official_code(conn, unit.code)
        if held is not None:
            return (
                f"{unit.name} ({unit.code}) is already the area {held.area.code}:"
                f" give --into {held.area.code}"
            )
        return NewUnit(unit.code, given or unit.name, unit.code, unit.kind)
    kind = split_kind(given)[0] if given else None
    if _official_code(code, 5) == code:
        if await area_registry.by_official_code(conn, code) is not None:
            return f"official code {code} is already another area's"
        return NewUnit(code, given, code, kind)
    return NewUnit(code, given, None, kind)


@dataclass(slots=True)
class SeedCounts:
    province: str
    official_code: str
    province_status: str = "unchanged"  # "added", "updated" (renamed or adopted), "unchanged"
    units: int = 0  # communes in the official list
    added: int = 0
    updated: int = 0  # renamed, or given their official code (adopted)
    unchanged: int = 0
    old_names_added: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    retired: int = 0  # merged or split away by a change of the map: left as they are

    @property
    def changed(self) -> bool:
        return bool(
            self.province_status != "unchanged"
            or self.added
            or self.updated
            or self.old_names_added
        )

    def __str__(self) -> str:
        kinds = ", ".join(f"{count} {kind}" for kind, count in self.kinds.items())
        return (
            f"{self.province} ({self.official_code}): province {self.province_status};"
            f" {self.units} communes ({kinds}): {self.added} added, {self.updated} updated,"
            f" {self.unchanged} unchanged; {self.old_names_added} old names added."
            + (
                f" {self.retired} retired by a change of the map, left as they are."
                if self.retired
                else ""
            )
        )


def _area_key(area: areas.Area, prefixes: _Prefixes, *, plain: bool) -> str:
    key = split_kind(area.name, prefixes)[1]
    return key if plain else fold(key)


def _adoptees(
    names: dict[str, str], candidates: list[areas.Area], prefixes: _Prefixes
) -> dict[str, areas.Area]:
    """Pair official units (code → name) with areas imported before under the same name:
    with diacritics first, then without them where that is still one to one."""
    exact = {code: split_kind(name, prefixes)[1] for code, name in names.items()}
    folded = {code: fold(key) for code, key in exact.items()}
    twins = Counter(folded.values())
    left = {area.id: area for area in candidates}
    paired: dict[str, areas.Area] = {}
    for keys in (exact, folded):
        for code, key in keys.items():
            if code in paired or (keys is folded and twins[key] > 1):
                continue
            same = [
                area
                for area in left.values()
                if _area_key(area, prefixes, plain=keys is exact) == key
            ]
            if len(same) == 1:
                paired[code] = left.pop(same[0].id)
    return paired


async def _seed_area(
    conn: aiosqlite.Connection,
    *,
    official_code: str,
    name: str,
    kind: str,
    level: str,
    parent: areas.Area | None,
    adoptee: areas.Area | None,
    now: str,
) -> tuple[areas.Area, str]:
    """Write one official unit; return it and "added", "updated" or "unchanged"."""
    found = await area_registry.by_official_code(conn, official_code)
    if found and await area_registry.retired_on(conn, found.area.id):
        return found.area, "retired"  # merged or split away: history, never brought back
    existing = found.area if found else adoptee
    code = existing.code if existing else official_code
    area, status = await areas.upsert(
        conn, code=code, name=name, level=level, parent=parent, now=now
    )
    changed = await area_registry.set_official(
        conn, area.id, official_code=official_code, kind=kind, now=now
    )
    if changed and status == "unchanged":
        status = "updated"
    return area, status


async def _unofficial(conn: aiosqlite.Connection, found: list[areas.Area]) -> list[areas.Area]:
    return [
        area for area in found if (await area_registry.official_code_of(conn, area.id))[0] is None
    ]


async def seed_province(
    conn: aiosqlite.Connection, province: OfficialProvince, *, now: str
) -> SeedCounts:
    """Write the province, its communes and their old names in the caller's transaction."""
    counts = SeedCounts(province.name, province.code, units=len(province.units))
    roots = await _unofficial(conn, await _roots(conn))
    adopted = _adoptees({province.code: province.name}, roots, _PROVINCE_PREFIXES)
    head, counts.province_status = await _seed_area(
        conn,
        official_code=province.code,
        name=province.name,
        kind=province.kind,
        level="province",
        parent=None,
        adoptee=adopted.get(province.code),
        now=now,
    )
    communes = [area for area in await areas.children(conn, head.id) if area.level == "commune"]
    adopted = _adoptees(
        {unit.code: unit.name for unit in province.units},
        await _unofficial(conn, communes),
        _COMMUNE_PREFIXES,
    )
    by_code: dict[str, areas.Area] = {}
    for unit in province.units:
        area, status = await _seed_area(
            conn,
            official_code=unit.code,
            name=unit.name,
            kind=unit.kind,
            level="commune",
            parent=head,
            adoptee=adopted.get(unit.code),
            now=now,
        )
        by_code[unit.code] = area
        counts.kinds[unit.kind] = counts.kinds.get(unit.kind, 0) + 1
        _count(counts, status)
    for old in legacy_units(province.code):
        counts.old_names_added += await _add_old_names(conn, old, by_code, now)
    if counts.changed:
        await audit.record(
            conn,
            actor_id=None,
            action="areas.seed",
            detail={**asdict(counts), "source": str(version())},
            now=now,
        )
    return counts


def _count(counts: SeedCounts, status: str) -> None:
    if status == "retired":
        counts.retired += 1
    elif status == "added":
        counts.added += 1
    elif status == "updated":
        counts.updated += 1
    else:
        counts.unchanged += 1


async def _roots(conn: aiosqlite.Connection) -> list[areas.Area]:
    async with conn.execute(
        "SELECT * FROM areas WHERE parent_id IS NULL AND level = 'province' ORDER BY id"
    ) as cursor:
        return [areas.Area(r["id"], r["code"], r["name"], None, r["level"], r["path"])
                async for r in cursor]  # fmt: skip


async def _add_old_names(
    conn: aiosqlite.Connection, old: LegacyUnit, by_code: dict[str, areas.Area], now: str
) -> int:
    added = 0
    for code in old.new_codes:
        area = by_code.get(code)
        if area is None:
            continue
        added += await area_registry.add_name(
            conn,
            area_registry.AreaName(
                area.id, old.name, name_key(old.name), "old", old.code, old.district, old.province
            ),
            now=now,
        )
    return added
