"""The official map of Vietnam's administrative units, read from the package that ships it.

`vietnamadminunits` (MIT) carries the current two-tier map (since 1 July 2025: 34 provinces,
3,321 communes, wards and special zones with the National Statistics Office's codes, taken from
danhmuchanhchinh.gso.gov.vn), the pre-2025 communes, and where each went (merged whole into one
new unit, or split over several). Only its data files are read, never its code (which geocodes
addresses over the network). `vietnam-provinces` was not chosen: it is GPL-3.0-or-later and its
2025 codes follow the draft decision (131 units carry other codes than the final list).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = "vietnamadminunits"


class MapMissing(RuntimeError):
    """The package with the official map is not installed."""


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


def _data_dir() -> Path:
    # find_spec does not run the package (whose import sets up a geocoder): only its files.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MapMissing(f"the {PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@contextmanager
def _dataset() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def version() -> DataVersion:
    """The map's package, its version and the data it carries."""
    return DataVersion(PACKAGE, metadata.version(PACKAGE), "2025 two-tier map, NSO codes")


@cache
def provinces() -> tuple[OfficialProvince, ...]:
    """Return the current map, provinces and their units by official code."""
    with _dataset() as conn:
        rows = conn.execute(
            "SELECT provinceCode, province, wardCode, ward, wardType FROM admin_units"
            " ORDER BY provinceCode, wardCode"
        ).fetchall()
    units: dict[tuple[str, str], list[OfficialUnit]] = defaultdict(list)
    for province_code, province, ward_code, ward, kind in rows:
        units[(province_code, _normal(province))].append(
            OfficialUnit(ward_code, _normal(ward), kind.lower())
        )
    return tuple(
        OfficialProvince(
            code, name, "thành phố" if name.startswith("Thành phố ") else "tỉnh", tuple(found)
        )
        for (code, name), found in units.items()
    )


@cache
def _legacy_by_province() -> dict[str, tuple[LegacyUnit, ...]]:
    with _dataset() as conn:
        new_code = {
            (province_key, ward_key): (province_code, ward_code)
            for province_key, ward_key, province_code, ward_code in conn.execute(
                "SELECT provinceKey, wardKey, provinceCode, wardCode FROM admin_units"
            )
        }
        old_rows = conn.execute(
            "SELECT province, district, ward, wardCode, provinceKey, districtKey, wardKey"
            " FROM admin_units_legacy ORDER BY rowid"
        ).fetchall()
    mapping = json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
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
            LegacyUnit(
                _normal(province), _normal(district), _normal(ward or district), code, codes
            )
        )
    return {code: tuple(units) for code, units in found.items()}


def legacy_units(province_code: str) -> tuple[LegacyUnit, ...]:
    """Return the pre-2025 communes (and island districts) now in this province."""
    return _legacy_by_province().get(province_code, ())
