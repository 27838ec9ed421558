"""The official area registry on real SQLite files: seeding a province from the package,
matching typed commune names, and roster imports of seeded provinces (issue 17, items 1, 3)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.domain import official_map
from bot.domain.area_registry import (
    ProvinceRegistry,
    Registry,
    Unit,
    UnknownProvince,
    find_official_province,
    load_registry,
    match_commune,
    seed_province,
    split_kind,
)
from bot.domain.roster import import_roster, parse
from bot.domain.tabular import to_table
from storage import area_registry, areas, audit
from storage.db import Database, _migrations

NOW = "2026-01-05T02:00:00Z"
LATER = "2026-01-06T02:00:00Z"
QUANG_NINH = "22"
THAI_NGUYEN = "19"
HEADER = ["team_code", "team_name", "province", "district", "commune", "village"]


def official(code: str) -> official_map.OfficialProvince:
    return next(p for p in official_map.provinces() if p.code == code)


def dump(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return [
            (table, *row)
            for table in ("areas", "area_names", "teams", "audit_log")
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")
        ]


async def seed(path: Path, *codes: str, now: str = NOW) -> list:
    async with Database(path) as db, db.transaction() as conn:
        return [await seed_province(conn, official(code), now=now) for code in codes]


async def registry_of(path: Path) -> Registry:
    async with Database(path) as db:
        return await load_registry(db.reader)


@pytest.fixture
async def seeded(tmp_path: Path) -> tuple[Path, dict[str, ProvinceRegistry]]:
    path = tmp_path / "seeded.sqlite3"
    await seed(path, QUANG_NINH, THAI_NGUYEN)
    registry = await registry_of(path)
    by_code = {entry.province.official_code: entry for entry in registry.provinces}
    return path, by_code


def test_the_package_ships_the_2025_map() -> None:
    everything = official_map.provinces()
    assert len(everything) == 34
    assert sum(len(p.units) for p in everything) == 3321
    kinds = {unit.kind for p in everything for unit in p.units}
    assert kinds == {"xã", "phường", "đặc khu"}
    assert all(
        unit.name.split()[0] in ("Xã", "Phường", "Đặc") for p in everything for unit in p.units
    )
    assert official("01").name == "Thành phố Hà Nội" and official("01").kind == "thành phố"
    assert official(QUANG_NINH).name == "Tỉnh Quảng Ninh" and official(QUANG_NINH).kind == "tỉnh"
    # The final list's codes (the draft's differed here, e.g. Phường Cửa Nam 00073).
    hanoi = {unit.name: unit.code for unit in official("01").units}
    assert hanoi["Phường Cửa Nam"] == "00082"
    assert hanoi["Phường Văn Miếu - Quốc Tử Giám"] == "00226"


def test_find_official_province_by_code_and_name() -> None:
    assert find_official_province("22").code == QUANG_NINH
    assert find_official_province("1").code == "01"
    assert find_official_province("quang ninh").code == QUANG_NINH
    assert find_official_province("TP Hồ Chí Minh").code == "79"
    assert find_official_province("Thành phố Huế").code == "46"
    with pytest.raises(UnknownProvince) as error:
        find_official_province("Quang Nihn")
    assert "Tỉnh Quảng Ninh" in error.value.near
    with pytest.raises(UnknownProvince):
        find_official_province("Tỉnh Yên Bái")  # merged into Lào Cai in 2025: not a province now


async def test_seed_writes_every_unit_with_its_official_code(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    [counts] = await seed(path, QUANG_NINH)
    package = official(QUANG_NINH)
    assert counts.province_status == "added"
    assert (counts.units, counts.added, counts.updated) == (len(package.units), 54, 0)
    assert counts.kinds == {"phường": 30, "xã": 22, "đặc khu": 2}
    async with Database(path) as db:
        stored = await area_registry.official_areas(db.reader)
        head = await area_registry.by_official_code(db.reader, QUANG_NINH)
        entries = await audit.entries(db.reader, "areas.seed")
    assert head is not None and head.area.name == "Tỉnh Quảng Ninh" and head.kind == "tỉnh"
    communes = {item.official_code: item for item in stored if item.area.level == "commune"}
    assert {code: (item.area.name, item.kind) for code, item in communes.items()} == {
        unit.code: (unit.name, unit.kind) for unit in package.units
    }
    assert all(item.area.parent_id == head.area.id for item in communes.values())
    assert communes["07192"].area.name == "Đặc khu Cô Tô"
    assert communes["07192"].area.code == "07192"  # a new area's code is its official code
    assert len(entries) == 1 and entries[0]["detail"]["added"] == 54
    assert entries[0]["detail"]["source"].startswith("vietnamadminunits ")


async def test_seed_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    await seed(path, QUANG_NINH)
    before = dump(path)
    [counts] = await seed(path, QUANG_NINH, now=LATER)
    assert (counts.province_status, counts.added, counts.updated) == ("unchanged", 0, 0)
    assert (counts.unchanged, counts.old_names_added) == (54, 0)
    assert dump(path) == before  # not even an audit entry


async def test_seed_records_old_names_and_splits(seeded) -> None:
    _, registry = seeded
    old = {(o.name, o.district): o.unit.name for o in registry[QUANG_NINH].old_names}
    assert old[("Xã Sơn Dương", "Thành phố Hạ Long")] == "Phường Hoành Bồ"
    split = [o.unit.name for o in registry[QUANG_NINH].old_names if o.name == "Phường Trưng Vương"]
    assert sorted(split) == ["Phường Uông Bí", "Phường Vàng Danh"]
    legacy = official_map.legacy_units(QUANG_NINH)
    assert len(registry[QUANG_NINH].old_names) == sum(len(u.new_codes) for u in legacy)


async def test_seed_adopts_areas_imported_with_slug_codes(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    cells = [HEADER, ["QN1", "Tổ 1", "Quảng Ninh", "", "Phường Hồng Gai", "Khu 1"]]
    async with Database(path) as db, db.transaction() as conn:
        roster, problems = parse(to_table(cells))
        assert problems == []
        await import_roster(conn, roster, file_name="old.csv", now=NOW)
    [counts] = await seed(path, QUANG_NINH, now=LATER)
    assert (counts.province_status, counts.added, counts.updated) == ("updated", 53, 1)
    async with Database(path) as db:
        province = await area_registry.by_official_code(db.reader, QUANG_NINH)
        commune = await area_registry.by_official_code(db.reader, "06685")
    assert province is not None and commune is not None
    assert (province.area.code, province.area.name) == ("quang-ninh", "Tỉnh Quảng Ninh")
    assert commune.area.code == "quang-ninh/phuong-hong-gai"  # kept: targets still find it
    # The same roster again now resolves through the registry to the same areas.
    registry = await registry_of(path)
    before = dump(path)
    async with Database(path) as db, db.transaction() as conn:
        roster, problems = parse(to_table(cells), registry)
        assert problems == []
        counts_text = str(await import_roster(conn, roster, file_name="old.csv", now=LATER))
    assert counts_text.startswith("Teams: 0 added, 0 updated, 1 unchanged. Areas: 0 added")
    assert [row for row in dump(path) if row[0] != "audit_log"] == [
        row for row in before if row[0] != "audit_log"
    ]


async def test_a_database_from_before_the_registry_migrates(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        for number, name, sql in _migrations():
            if number < 14:
                conn.executescript(sql)
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (number, name, NOW))
        conn.execute(
            "INSERT INTO areas (code, name, parent_id, level, path, created_at, updated_at)"
            " VALUES ('lao-cai', 'Tỉnh Lào Cai', NULL, 'province', '/1/', ?, ?)",
            (NOW, NOW),
        )
    async with Database(path) as db:
        area = await areas.get_by_code(db.reader, "lao-cai")
        assert area is not None and area.name == "Tỉnh Lào Cai"
        assert await area_registry.official_code_of(db.reader, area.id) == (None, None)
        assert await area_registry.official_areas(db.reader) == []


# --- Matching typed names ---------------------------------------------------------------


def test_split_kind_reads_prefixes() -> None:
    assert split_kind("P. Ba Đình") == ("phường", "ba đình")
    assert split_kind("P.Ba Đình") == ("phường", "ba đình")
    assert split_kind("x.  Quảng   La") == ("xã", "quảng la")
    assert split_kind("ĐK Cô Tô") == ("đặc khu", "cô tô")
    assert split_kind("Thị trấn Tiên Yên") == (None, "tiên yên")
    assert split_kind("TT Tiên Yên") == (None, "tiên yên")
    assert split_kind("Phường 12") == ("phường", "12")
    assert split_kind("Xã") == (None, "xã")  # a prefix alone is a name, not a kind


@pytest.mark.parametrize(
    "typed",
    [
        "Phường Hồng Gai",
        "phuong hong gai",
        "P. Hồng Gai",
        "P.Hong Gai",
        "  PHƯỜNG   HỒNG   GAI ",
        "Hồng Gai",
        "hong gai",
        "06685",
        "6685",
    ],
)
async def test_a_current_commune_matches_however_typed(seeded, typed: str) -> None:
    _, registry = seeded
    match = match_commune(registry[QUANG_NINH], typed)
    assert match.problem is None and match.old is None
    assert match.unit is not None
    assert (match.unit.name, match.unit.official_code) == ("Phường Hồng Gai", "06685")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("X. Quảng La", "Xã Quảng La"), ("ĐK Cô Tô", "Đặc khu Cô Tô"),
     ("dac khu co to", "Đặc khu Cô Tô"), ("xa ba che", "Xã Ba Chẽ"),
     ("TT Tiên Yên", "Xã Tiên Yên")],
)  # fmt: skip
async def test_prefixes_and_kinds(seeded, typed: str, expected: str) -> None:
    _, registry = seeded
    match = match_commune(registry[QUANG_NINH], typed)
    assert match.unit is not None and match.unit.name == expected


async def test_diacritics_decide_when_two_communes_fold_alike(seeded) -> None:
    _, registry = seeded
    thai_nguyen = registry[THAI_NGUYEN]
    assert match_commune(thai_nguyen, "Xã Văn Lang").unit.official_code == "02143"
    assert match_commune(thai_nguyen, "Xã Văn Lăng").unit.official_code == "05665"
    typed = match_commune(thai_nguyen, "xa van lang")
    assert typed.unit is None
    assert set(typed.candidates) == {"Xã Văn Lang", "Xã Văn Lăng"}
    assert "could be" in (typed.problem or "")


async def test_old_names_match_with_or_without_their_district(seeded) -> None:
    _, registry = seeded
    quang_ninh = registry[QUANG_NINH]
    merged = match_commune(quang_ninh, "xa son duong")
    assert merged.unit is not None and merged.unit.name == "Phường Hoành Bồ"
    assert merged.old is not None and merged.old.district == "Thành phố Hạ Long"
    # "Thanh Sơn" was a ward of Uông Bí and a commune of Ba Chẽ: the kind or district decides.
    both = match_commune(quang_ninh, "Thanh Sơn")
    assert both.unit is None and set(both.candidates) == {"Phường Uông Bí", "Xã Ba Chẽ"}
    assert "give the district" in (both.problem or "")
    assert match_commune(quang_ninh, "Xã Thanh Sơn").unit.name == "Xã Ba Chẽ"
    by_district = match_commune(quang_ninh, "Thanh Sơn", district="TP Uông Bí")
    assert by_district.unit is not None and by_district.unit.name == "Phường Uông Bí"
    assert match_commune(quang_ninh, "Thanh Sơn", district="H. Ba Chẽ").unit.name == "Xã Ba Chẽ"


async def test_a_split_commune_is_a_decision_not_a_guess(seeded) -> None:
    _, registry = seeded
    match = match_commune(registry[QUANG_NINH], "Phường Trưng Vương", district="Thành phố Uông Bí")
    assert match.unit is None
    assert set(match.candidates) == {"Phường Uông Bí", "Phường Vàng Danh"}
    assert "was split in 2025 into" in (match.problem or "")
    # The district names an old commune whose name a current one also has: the old one wins.
    hai_hoa = match_commune(registry[QUANG_NINH], "Xã Hải Hòa", district="Thành phố Cẩm Phả")
    assert hai_hoa.unit is None and set(hai_hoa.candidates) == {"Xã Hải Hòa", "Xã Hải Lạng"}
    assert match_commune(registry[QUANG_NINH], "Xã Hải Hòa").unit.name == "Xã Hải Hòa"


async def test_a_typo_gets_the_closest_candidates(seeded) -> None:
    _, registry = seeded
    match = match_commune(registry[QUANG_NINH], "Phường Hồng Gia")
    assert match.unit is None
    assert match.candidates[0] == "Phường Hồng Gai"
    assert "unknown commune 'Phường Hồng Gia' in Tỉnh Quảng Ninh; closest: Phường Hồng Gai" in (
        match.problem or ""
    )
    nothing = match_commune(registry[QUANG_NINH], "Xã Qwerty Zzz")
    assert nothing.unit is None and nothing.candidates == ()


async def test_a_typed_code_must_be_in_the_province(seeded) -> None:
    _, registry = seeded
    match = match_commune(registry[QUANG_NINH], "Xã Văn Lang", code="02143")  # Thái Nguyên's
    assert match.unit is None and "not a commune of Tỉnh Quảng Ninh" in (match.problem or "")
    assert match_commune(registry[QUANG_NINH], "x", code="06685").unit.name == "Phường Hồng Gai"


# --- Roster import of a seeded province -------------------------------------------------


async def test_roster_import_of_a_seeded_province_needs_no_codes(seeded) -> None:
    path, _ = seeded
    registry = await registry_of(path)
    cells = [
        HEADER,
        ["QN1", "Tổ 1", "Quảng Ninh", "", "P. Hong Gai", "Khu 1"],
        ["QN2", "Tổ 2", "Tỉnh Quảng Ninh", "", "phường hồng gai", "Khu 2"],
        ["QN3", "Tổ 3", "tinh quang ninh", "", "X. Quảng La", ""],
    ]
    roster, problems = parse(to_table(cells), registry)
    assert problems == [] and roster.mapped == []
    async with Database(path) as db, db.transaction() as conn:
        counts = await import_roster(conn, roster, file_name="r.csv", now=LATER)
    assert (counts.teams_added, counts.areas_added) == (3, 2)  # only the two villages are new
    async with Database(path) as db:
        village = await areas.get_by_code(db.reader, "06685/khu-1")
        commune = await area_registry.by_official_code(db.reader, "06685")
        second = await areas.get_by_code(db.reader, "06685/khu-2")
    assert village is not None and commune is not None and second is not None
    assert village.parent_id == commune.area.id and village.level == "village"


async def test_an_unknown_commune_is_refused_with_candidates(seeded) -> None:
    path, _ = seeded
    registry = await registry_of(path)
    cells = [
        HEADER,
        ["QN1", "Tổ 1", "Quảng Ninh", "", "Phường Hồng Gai", ""],
        ["QN2", "Tổ 2", "Quảng Ninh", "", "Phường Hồng Gia", ""],
    ]
    _, problems = parse(to_table(cells), registry)
    assert [problem.row for problem in problems] == [3]
    assert "closest: Phường Hồng Gai" in problems[0].message


async def test_an_old_address_roster_is_mapped_with_its_report(seeded) -> None:
    path, _ = seeded
    registry = await registry_of(path)
    cells = [
        HEADER,
        ["QN1", "Tổ 1", "Tỉnh Quảng Ninh", "TP Hạ Long", "Xã Sơn Dương", "Thôn 1"],
        ["QN2", "Tổ 2", "Quảng Ninh", "Huyện Ba Chẽ", "Xã Thanh Sơn", ""],
        ["BK1", "Tổ 3", "Tỉnh Bắc Kạn", "Thành phố Bắc Kạn", "Xã Dương Quang", ""],
        ["QN4", "Tổ 4", "Quảng Ninh", "", "Phường Hồng Gai", ""],
    ]
    roster, problems = parse(to_table(cells), registry)
    assert problems == []
    assert [str(mapped) for mapped in roster.mapped] == [
        "row 2: Xã Sơn Dương, TP Hạ Long, Tỉnh Quảng Ninh → Phường Hoành Bồ, Tỉnh Quảng Ninh",
        "row 3: Xã Thanh Sơn, Huyện Ba Chẽ, Quảng Ninh → Xã Ba Chẽ, Tỉnh Quảng Ninh",
        "row 4: Xã Dương Quang, Thành phố Bắc Kạn, Tỉnh Bắc Kạn → Xã Phong Quang,"
        " Tỉnh Thái Nguyên",
    ]
    async with Database(path) as db, db.transaction() as conn:
        await import_roster(conn, roster, file_name="old.csv", now=LATER)
    async with Database(path) as db:
        village = await areas.get_by_code(db.reader, "07030/thon-1")
        districts = list(
            await db.reader.execute_fetchall("SELECT code FROM areas WHERE level = 'district'")
        )
    assert village is not None and districts == []  # districts are not created any more


async def test_old_addresses_that_need_a_decision_import_nothing(seeded) -> None:
    path, _ = seeded
    registry = await registry_of(path)
    cells = [
        HEADER,
        ["QN1", "Tổ 1", "Quảng Ninh", "Thành phố Uông Bí", "Phường Trưng Vương", ""],
        ["QN2", "Tổ 2", "Quảng Ninh", "", "Thanh Sơn", ""],
        ["QN3", "Tổ 3", "Quảng Ninh", "Huyện Hoành Bồ", "Xã Sơn Dương", ""],
    ]
    _, problems = parse(to_table(cells), registry)
    assert [problem.row for problem in problems] == [2, 3]
    assert "split in 2025 into Phường Uông Bí, Phường Vàng Danh" in problems[0].message
    assert "give the district" in problems[1].message


async def test_provinces_not_seeded_import_as_before(seeded) -> None:
    path, _ = seeded
    registry = await registry_of(path)
    cells = [
        HEADER,
        ["LC1", "Tổ 1", "Tỉnh Lào Cai", "Huyện Bảo Yên", "Xã Bảo Hà", "Thôn Nà Phung"],
    ]
    with_registry, problems = parse(to_table(cells), registry)
    without, _ = parse(to_table(cells))
    assert problems == [] and with_registry == without
    assert [spec.code for spec in with_registry.areas] == [
        "lao-cai", "lao-cai/huyen-bao-yen", "lao-cai/huyen-bao-yen/xa-bao-ha",
        "lao-cai/huyen-bao-yen/xa-bao-ha/thon-na-phung",
    ]  # fmt: skip


def test_the_kind_prefix_decides_between_a_xa_and_a_phuong() -> None:
    # No province has both today; a later change could make one, so the rule is kept.
    head = Unit(1, "99", "99", "Tỉnh Thử", "tỉnh")
    xa = Unit(2, "99001", "99001", "Xã An Bình", "xã")
    phuong = Unit(3, "99002", "99002", "Phường An Bình", "phường")
    registry = ProvinceRegistry(head, (xa, phuong), (), frozenset())
    assert match_commune(registry, "X. An Bình").unit == xa
    assert match_commune(registry, "p an binh").unit == phuong
    both = match_commune(registry, "An Bình")
    assert both.unit is None and set(both.candidates) == {"Xã An Bình", "Phường An Bình"}


async def test_seed_adopts_one_to_one_and_never_by_a_folded_twin(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    cells = [
        [*HEADER, "commune_code"],
        ["TN1", "Tổ 1", "Thái Nguyên", "", "Xa Van Lang", "", "tn-vl"],  # Văn Lang or Văn Lăng?
        ["TN2", "Tổ 2", "Thái Nguyên", "", "Xa Dai Tu", "", ""],  # folds like Xã Đại Từ alone
        ["TN3", "Tổ 3", "Thái Nguyên", "", "Xã Phú Lương", "", ""],
    ]
    async with Database(path) as db, db.transaction() as conn:
        roster, problems = parse(to_table(cells))
        assert problems == []
        await import_roster(conn, roster, file_name="old.csv", now=NOW)
    [counts] = await seed(path, THAI_NGUYEN, now=LATER)
    assert (counts.province_status, counts.updated) == ("updated", 2)
    async with Database(path) as db:
        van_lang = await area_registry.by_official_code(db.reader, "02143")
        van_lang_2 = await area_registry.by_official_code(db.reader, "05665")
        dai_tu = await area_registry.by_official_code(db.reader, "05830")
        phu_luong = await area_registry.by_official_code(db.reader, "05611")
        typed = await areas.get_by_code(db.reader, "tn-vl")
        assert typed is not None
        typed_official = await area_registry.official_code_of(db.reader, typed.id)
    assert van_lang is not None and van_lang.area.code == "02143"  # new: no guess
    assert van_lang_2 is not None and van_lang_2.area.code == "05665"
    assert dai_tu is not None and dai_tu.area.code == "thai-nguyen/xa-dai-tu"
    assert dai_tu.area.name == "Xã Đại Từ"  # renamed to the official spelling
    assert phu_luong is not None and phu_luong.area.code == "thai-nguyen/xa-phu-luong"
    assert (typed.name, typed_official) == ("Xa Van Lang", (None, None))  # left alone
