"""The report form as data: activity categories and numeric indicators, read from a TOML file.

A category's first indicator is its primary one: the dialog always asks for it (no Skip) and a
quick report gives it a number typed without a unit. `required = true` on an indicator makes it
asked, with no Skip, in every category that lists it; `Form.indicators_of` applies both rules.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,19}")  # ids go into callback data
SHORT_LABEL_MAX = 24  # a button label: emoji, space and short label stay far below Telegram's 64
EMOJI_MAX = 8  # code points: enough for flags, skin tones and ZWJ pairs
VALUE_LIMIT = 1_000_000
_ID_RULE = 'must be 1–20 lower-case letters, digits or "_", starting with a letter'
_AT_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOP_KEYS = ("form", "indicators", "categories")
_FORM_KEYS = ("name", "version")
_INDICATOR_KEYS = (
    "vi", "en", "unit_vi", "unit_en", "min", "max", "soft_max", "required", "aliases",
)  # fmt: skip
_CATEGORY_KEYS = (
    "id", "vi", "en", "short_vi", "short_en", "emoji", "indicators", "aliases", "retired",
)  # fmt: skip


class FormError(Exception):
    """A form file with problems, each one a located message."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(*problems)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(self.problems)


def _fold_char(char: str) -> str:
    parts = unicodedata.normalize("NFKD", char.lower())
    plain = "".join(part for part in parts if not unicodedata.combining(part)).replace("đ", "d")
    return plain if len(plain) == 1 else char


def fold_diacritics(text: str) -> str:
    """Lower-case `text` and drop diacritics (đ → d, １ → 1), one character out per one in."""
    return "".join(map(_fold_char, text))


def alias_key(alias: str) -> str:
    """Return how an alias is compared: folded, with single spaces between words."""
    return " ".join(fold_diacritics(alias).split())


@dataclass(frozen=True)
class Indicator:
    """A number members report, with its bounds and the unit words that name it."""

    id: str
    vi: str
    en: str
    unit_vi: str
    unit_en: str
    min: int
    max: int
    required: bool
    aliases: tuple[str, ...]
    # Above this a value is plausible but unusual for one member and day: asked once
    # ("Bạn nhập 500 người — đúng không?") and, if confirmed, held for review. None: no such limit.
    soft_max: int | None = None

    def label(self, language: str) -> str:
        """Return the label in `language` ("vi" or "en")."""
        return self.en if language == "en" else self.vi

    def unit(self, language: str) -> str:
        """Return the unit in `language` ("vi" or "en")."""
        return self.unit_en if language == "en" else self.unit_vi


@dataclass(frozen=True)
class Category:
    """An activity members report on, with the indicators it asks for in order."""

    id: str
    vi: str
    en: str
    short_vi: str
    short_en: str
    emoji: str
    indicators: tuple[str, ...]
    aliases: tuple[str, ...]
    retired: bool

    def label(self, language: str) -> str:
        """Return the full label in `language` ("vi" or "en")."""
        return self.en if language == "en" else self.vi

    def short(self, language: str) -> str:
        """Return the button label in `language`, the full label when no short one is given."""
        return (self.short_en if language == "en" else self.short_vi) or self.label(language)


@dataclass(frozen=True)
class Form:
    """A whole report form: indicators by id and categories, both in file order."""

    name: str
    version: int
    indicators: dict[str, Indicator]
    categories: tuple[Category, ...]

    def active_categories(self) -> tuple[Category, ...]:
        """Return the categories still offered, in file order."""
        return tuple(category for category in self.categories if not category.retired)

    def category(self, category_id: str) -> Category | None:
        """Return a category by id, retired ones included."""
        return next((c for c in self.categories if c.id == category_id), None)

    def indicators_of(self, category: Category) -> list[Indicator]:
        """Return what a category asks for, in order; its first indicator is always required."""
        found = [self.indicators[indicator_id] for indicator_id in category.indicators]
        return [replace(found[0], required=True), *found[1:]]

    def indicator_ids(self) -> list[str]:
        """Return every indicator id in file order (export columns)."""
        return list(self.indicators)


class _Table:
    """Typed reads from one TOML table; every problem is noted with the table's location."""

    def __init__(
        self, data: dict[str, Any], where: str, problems: list[str], keys: tuple[str, ...]
    ):
        self.data, self.where, self.problems = data, where, problems
        for key in data:
            if key not in keys:
                close = difflib.get_close_matches(key, keys, n=1)
                self.problem(
                    f'unknown key "{key}"' + (f' (did you mean "{close[0]}"?)' if close else "")
                )

    def problem(self, message: str) -> None:
        """Note a problem at this table."""
        self.problems.append(f"{self.where}: {message}")

    def text(self, key: str, *, required: bool = True) -> str:
        """Return trimmed NFC text; missing, empty or not text is a problem when required."""
        value = self.data.get(key, "")
        if not isinstance(value, str):
            self.problem(f'{key} must be text in quotes, like {key} = "..."')
            return ""
        value = unicodedata.normalize("NFC", value.strip())
        if required and not value:
            self.problem(f"{key} is missing" if key not in self.data else f"{key} is empty")
        return value

    def number(self, key: str, default: int | None = None) -> int | None:
        """Return a whole number, or None (noted) when it is missing or not one."""
        value = self.data.get(key, default)
        if value is None:
            self.problem(f"{key} is missing")
        elif isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{key} must be a whole number, like {key} = 100")
            return None
        return value

    def flag(self, key: str) -> bool:
        """Return a true/false value, false when absent."""
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problem(f"{key} must be true or false")
            return False
        return value

    def words(self, key: str) -> tuple[str, ...] | None:
        """Return a list of non-empty texts, like ["a", "b"], or None (noted) if it is not one."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
            self.problem(f'{key} must be a list of texts in quotes, like {key} = ["a", "b"]')
            return None
        words = tuple(unicodedata.normalize("NFC", word.strip()) for word in value)
        if not all(words):
            self.problem(f"{key} has an empty text")
        return tuple(word for word in words if word)

    def aliases(self) -> tuple[str, ...]:
        """Return the aliases; each needs a letter, or it would swallow typed numbers."""
        found = self.words("aliases") or ()
        for alias in found:
            if not any(char.isalpha() for char in alias):
                self.problem(f'alias "{alias}" must contain a letter')
        return found


def _indicator(indicator_id: str, table: _Table) -> Indicator:
    if not ID_PATTERN.fullmatch(indicator_id):
        table.problem(f"the id {_ID_RULE}")
    low, high = table.number("min", default=0), table.number("max")
    if low is not None and low < 0:
        table.problem(f"min ({low}) is below 0")
    if high is not None and high > VALUE_LIMIT:
        table.problem(f"max ({high}) is above {VALUE_LIMIT:,}")
    if low is not None and high is not None and high < low:
        table.problem(f"max ({high}) is below min ({low})")
    soft = table.number("soft_max") if "soft_max" in table.data else None
    if soft is not None and not (low or 0) < soft < (high or 0):
        table.problem(f"soft_max ({soft}) must be above min ({low or 0}) and below max ({high})")
    texts = {key: table.text(key) for key in ("vi", "en", "unit_vi", "unit_en")}
    flag, aliases = table.flag("required"), table.aliases()
    return Indicator(
        indicator_id,
        **texts,
        min=low or 0,
        max=high or 0,
        required=flag,
        aliases=aliases,
        soft_max=soft,
    )


def _category(table: _Table, indicators: dict[str, Indicator]) -> Category:
    category_id = table.text("id")
    if category_id and not ID_PATTERN.fullmatch(category_id):
        table.problem(f"the id {_ID_RULE}")
    texts = {
        key: table.text(key, required=key in ("vi", "en"))
        for key in ("vi", "en", "short_vi", "short_en")
    }
    for language in ("vi", "en"):
        if len(texts[f"short_{language}"] or texts[language]) > SHORT_LABEL_MAX:
            table.problem(
                f"short_{language} is longer than {SHORT_LABEL_MAX} characters"
                if texts[f"short_{language}"]
                else f"{language} is longer than {SHORT_LABEL_MAX} characters,"
                f" so add short_{language}: the label for buttons"
            )
    emoji = table.text("emoji", required=False)
    if len(emoji) > EMOJI_MAX or any(char.isalnum() for char in emoji):
        table.problem(f'emoji "{emoji}" must be a single emoji')
    wanted = table.words("indicators")
    if wanted == ():
        table.problem('indicators must list at least one indicator, like ["residents_helped"]')
    for indicator_id in dict.fromkeys(wanted or ()):
        if wanted.count(indicator_id) > 1:
            table.problem(f'indicator "{indicator_id}" is listed twice')
        if indicator_id not in indicators:
            close = difflib.get_close_matches(indicator_id, list(indicators), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            table.problem(f'indicator "{indicator_id}" is not defined{hint}')
    flag, aliases = table.flag("retired"), table.aliases()
    return Category(
        category_id, **texts, emoji=emoji, indicators=wanted or (), aliases=aliases, retired=flag
    )


def _check_aliases(tables: list[_Table], form: Form) -> None:
    """Note aliases that would make a quick report ambiguous."""
    owners: dict[str, int] = {}
    for number, (table, category) in enumerate(zip(tables, form.categories, strict=True), 1):
        units: dict[str, str] = {}
        for indicator in (form.indicators.get(i) for i in category.indicators):
            for alias in indicator.aliases if indicator else ():
                other = units.setdefault(alias_key(alias), indicator.id)
                if other != indicator.id:
                    table.problem(
                        f'unit alias "{alias}" is on both "{other}" and "{indicator.id}"'
                    )
        for alias in () if category.retired else category.aliases:  # retired: never matched
            first = owners.setdefault(alias_key(alias), number)
            if first != number:
                other_id = form.categories[first - 1].id
                table.problem(f'alias "{alias}" is also on categories[{first}] (id "{other_id}")')


def _sections(
    document: dict[str, Any], source: str, problems: list[str]
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Return the [form] table, the indicator tables and the category tables, each well-typed."""
    _Table(document, source, problems, _TOP_KEYS)
    head, indicators = document.get("form", {}), document.get("indicators", {})
    categories = document.get("categories", [])
    if not isinstance(head, dict):
        problems.append(f"{source}: form must be a table, written [form]")
        head = {}
    if not isinstance(indicators, dict):
        problems.append(f"{source}: indicators must be tables, written [indicators.<id>]")
        indicators = {}
    if not isinstance(categories, list) or not all(isinstance(c, dict) for c in categories):
        problems.append(f"{source}: categories must be tables, each written [[categories]]")
        categories = []
    return head, indicators, categories


def _read(document: dict[str, Any], source: str, problems: list[str]) -> Form:
    head, declared, listed = _sections(document, source, problems)
    about = _Table(head, f"{source}: form", problems, _FORM_KEYS)
    name, version = about.text("name"), about.number("version")
    if version is not None and version < 1:
        about.problem(f"version ({version}) must be 1 or more")
    indicators: dict[str, Indicator] = {}
    for indicator_id, data in declared.items():
        where = f"{source}: indicators.{indicator_id}"
        if isinstance(data, dict):
            table = _Table(data, where, problems, _INDICATOR_KEYS)
            indicators[indicator_id] = _indicator(indicator_id, table)
        else:
            problems.append(f"{where}: must be a table, written [indicators.{indicator_id}]")
    tables: list[_Table] = []
    categories: list[Category] = []
    for number, data in enumerate(listed, start=1):
        category_id = data.get("id")
        label = f' (id "{category_id}")' if isinstance(category_id, str) else ""
        table = _Table(data, f"{source}: categories[{number}]{label}", problems, _CATEGORY_KEYS)
        first = next(n for n, seen in enumerate(listed, 1) if seen.get("id") == category_id)
        if category_id and first != number:
            table.problem(f'id "{category_id}" is already used by categories[{first}]')
        tables.append(table)
        categories.append(_category(table, indicators))
    form = Form(name, version or 0, indicators, tuple(categories))
    _check_aliases(tables, form)
    if not indicators:
        problems.append(f"{source}: no indicators: add an [indicators.<id>] table")
    if not form.active_categories():
        problems.append(f"{source}: no active category: add a [[categories]] table")
    return form


def _parse(data: bytes, source: str) -> list[str] | Form:
    """Return the form, or every problem of it."""
    try:
        document = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return [f"{source}: byte {error.start} is not UTF-8 text: save the file as UTF-8"]
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = _AT_POSITION.search(message)
        where = f"line {at[1]}, column {at[2]}: " if at else ""
        return [f"{source}: {where}TOML syntax error: {message[: at.start() if at else None]}"]
    problems: list[str] = []
    form = _read(document, source, problems)
    return problems or form


def check_form(path: Path) -> list[str]:
    """Return every problem of a form file, [] when it is fine; OSError if it can't be read."""
    found = _parse(path.read_bytes(), path.name)
    return found if isinstance(found, list) else []


def load_form(path: Path | None = None) -> Form:
    """Load a form file, or the packaged default when `path` is None; FormError lists problems."""
    file = path or resources.files("bot.domain.forms").joinpath("default.toml")
    found = _parse(file.read_bytes(), file.name)
    if isinstance(found, list):
        raise FormError(found)
    return found
