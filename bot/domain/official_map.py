"""The official map of Vietnam's administrative units, read from the packages that ship it.

The current two-tier map (since 1 July 2025: 34 provinces, 3,321 communes, wards and special
zones with the National Statistics Office's codes) comes from `vietnam-provinces`. The
pre-2025 communes and where each went (merged whole into one new unit, or split over several)
come from the data files of `vietnamadminunits`; only its data is read, never its code (which
geocodes addresses over the network). The two are joined by province code and unit name.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import vietnam_provinces

from bot.domain.form import fold_diacritics

CURRENT_PACKAGE = "vietnam-provinces"
LEGACY_PACKAGE = "vietnamadminunits"
_CITY = "thành phố trung ương"


@dataclass(frozen=True, slots=True)
class OfficialUnit:
    code: str  # five digits, as the Statistics Office writes it: "02269"
    name: str  # with its kind, as officials write it: "Xã Thượng Lâm"
    kind: str  # "xã", "phường" or "đặc khu"


@dataclass(frozen=True, slots=True)
class OfficialProvince:
    code: str  # two digits: "15"
    name: str  # "Tỉnh Lào Cai", "Thành phố Hà Nội"
    kind: str  # "tỉnh" or "thành phố"
    units: tuple[OfficialUnit, ...]


@dataclass(frozen=True, slots=True)
class LegacyUnit:
    """A pre-2025 commune (or an island district without communes) and where it went."""

    province: str  # "Tỉnh Yên Bái"
    district: str  # "Huyện Văn Chấn"
    name: str  # "Xã Sơn Thịnh"
    code: str | None  # its pre-2025 code
    new_codes: tuple[str, ...]  # official codes of the units it is now part of (several: split)


@dataclass(frozen=True, slots=True)
class DataVersion:
    package: str
    version: str
    data_version: str

    def __str__(self) -> str:
        return f"{self.package} {self.version} (data {self.data_version})"


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _join_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_diacritics(_normal(text)))


@cache
def provinces() -> tuple[OfficialProvince, ...]:
    """Return the current map, provinces in the package's order."""
    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    found = []
    for province in data:
        name = _normal(province["name"])
        city = province["division_type"] == _CITY
        if not city and not name.startswith("Tỉnh "):
            name = f"Tỉnh {name}"
        units = tuple(
            OfficialUnit(f"{ward['code']:05d}", _normal(ward["name"]), ward["division_type"])
            for ward in province["wards"]
        )
        found.append(
            OfficialProvince(
                f"{province['code']:02d}", name, "thành phố" if city else "tỉnh", units
            )
        )
    return tuple(found)


def current_version() -> DataVersion:
    """The current map's package, its version and the date its data was taken."""
    return DataVersion(
        CURRENT_PACKAGE, vietnam_provinces.__version__, vietnam_provinces.__data_version__
    )


def legacy_version() -> DataVersion | None:
    """The old-to-new package and version, or None when it is not installed."""
    try:
        version = metadata.version(LEGACY_PACKAGE)
    except metadata.PackageNotFoundError:
        return None
    return DataVersion(LEGACY_PACKAGE, version, "2025 arrangement")


def _legacy_dir() -> Path | None:
    # find_spec does not run the package (whose import sets up a geocoder): only its files.
    spec = importlib.util.find_spec(LEGACY_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return folder if (folder / "dataset.db").exists() else None


@cache
def _legacy_by_province() -> dict[str, tuple[LegacyUnit, ...]]:
    folder = _legacy_dir()
    if folder is None:
        return {}
    by_name = {
        (province.code, _join_key(unit.name)): unit.code
        for province in provinces()
        for unit in province.units
    }
    exact = {
        (province.code, _normal(unit.name)): unit.code
        for province in provinces()
        for unit in province.units
    }
    conn = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
    try:
        new_code: dict[tuple[str, str], tuple[str, str]] = {}
        for province_key, ward_key, province_code, ward in conn.execute(
            "SELECT provinceKey, wardKey, provinceCode, ward FROM admin_units"
        ):
            code = exact.get((province_code, _normal(ward))) or by_name.get(
                (province_code, _join_key(ward))
            )
            if code:
                new_code[(province_key, ward_key)] = (province_code, code)
        old_rows = list(
            conn.execute(
                "SELECT province, district, ward, wardCode, provinceKey, districtKey, wardKey"
                " FROM admin_units_legacy"
            )
        )
    finally:
        conn.close()
    mapping = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    went: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for new_province, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            target = new_code.get((new_province, new_ward))
            for old_key in old_keys:
                if target:
                    went[old_key].append(target)
    for new_province, divided in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            for part in parts:
                target = new_code.get((new_province, part["newWardKey"]))
                if target:
                    went[old_key].append(target)
    found: dict[str, list[LegacyUnit]] = defaultdict(list)
    for province, district, ward, code, province_key, district_key, ward_key in old_rows:
        targets = went.get(f"{province_key}_{district_key}_{ward_key or ''}")
        if not targets:
            continue
        codes = tuple(dict.fromkeys(code for _, code in targets))
        found[targets[0][0]].append(
            LegacyUnit(_normal(province), _normal(district), _normal(ward or district), code, codes)
        )
    return {code: tuple(units) for code, units in found.items()}


def legacy_units(province_code: str) -> tuple[LegacyUnit, ...]:
    """Return the pre-2025 communes now in this province (empty without the package)."""
    return _legacy_by_province().get(province_code, ())
