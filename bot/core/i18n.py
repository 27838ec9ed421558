"""Text catalogs (Fluent): every user-facing string by id, Vietnamese first, English second.

Every message is sent with parse mode HTML, so every string argument is escaped here unless
it is wrapped in `Html` (already-safe markup the bot built itself from catalog texts).
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from typing import Literal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from fluent.runtime import FluentBundle, FluentResource

# The messenger of the update being handled (set by the application), for channel wording.
CURRENT_CHANNEL: ContextVar[str] = ContextVar("current_channel", default="telegram")
LANGUAGES = ("vi", "en")
_LOCALES = {"vi": "vi-VN", "en": "en-US"}
_TAG = re.compile(r"<[^>]*>")

DateStyle = Literal["day", "short", "month", "weekday", "weekday_day", "time", "datetime"]
# How each language writes dates in its texts (Babel/CLDR patterns): one place to change.
# "time" and "datetime" take a datetime already in the deployment's time zone.
_DATE_PATTERNS: dict[str, dict[DateStyle, str]] = {
    "vi": {
        "day": "dd/MM/yyyy",
        "short": "dd/MM",
        "month": "MM/yyyy",
        "weekday": "EEE, dd/MM",  # "Thứ 4, 02/12"
        "weekday_day": "EEE, dd/MM/yyyy",
        "time": "HH:mm dd/MM",
        "datetime": "HH:mm dd/MM/yyyy",
    },
    "en": {
        "day": "dd/MM/yyyy",
        "short": "dd/MM",
        "month": "MM/yyyy",
        "weekday": "EEE, dd/MM",
        "weekday_day": "EEE, dd/MM/yyyy",
        "time": "HH:mm dd/MM",
        "datetime": "HH:mm dd/MM/yyyy",
    },
}


class Html(str):
    """Markup the bot built itself; passed into a catalog text without escaping."""


def shorten(text: str, limit: int) -> str:
    """Cut a user-supplied text to `limit` characters, with "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fit(items: list[str], budget: int, more: Callable[[int], str]) -> list[str]:
    """Keep items while their length fits `budget`; the rest is said by `more(count)`.

    Every list in a message (fragments not understood, silent teams, running broadcasts)
    goes through here, so no message outgrows Telegram's 4,096 or Zalo's 2,000 characters.
    """
    kept: list[str] = []
    used = 0
    for index, item in enumerate(items):
        if used + len(item) > budget:
            return [*kept, more(len(items) - index)]
        kept.append(item)
        used += len(item) + 1
    return kept


@dataclass(frozen=True, slots=True)
class Province:
    """Who runs this deployment, named in texts without any caller passing it.

    Every text may use `{ $bot-name }`, `{ $data-controller }` (the agency that controls the
    personal data) and `{ $data-contact }` (where to ask about it). A value left unset is the
    catalog's own wording (`province-default-*`), so no text ever shows "None" or a gap. The
    names have hyphens, so a caller's keyword argument can never shadow them.
    """

    bot_name: str | None = None
    data_controller: str | None = None
    data_contact: str | None = None

    def variables(self) -> dict[str, str | None]:
        """The Fluent variable each value fills."""
        return {
            "bot-name": self.bot_name,
            "data-controller": self.data_controller,
            "data-contact": self.data_contact,
        }


class MissingText(KeyError):
    """A text id that one of the catalogs lacks."""


def _province_variables(bundle: FluentBundle, province: Province) -> dict[str, Html]:
    """Render the province's values (escaped) or, where unset, the catalog's defaults."""
    found = {}
    for name, value in province.variables().items():
        if value:
            found[name] = Html(html.escape(value, quote=False))
            continue
        message = bundle.get_message(f"province-default-{name}")
        assert message.value is not None  # every catalog has the defaults (tests check)
        text, errors = bundle.format_pattern(message.value, {})
        if errors:
            raise ValueError(f"text province-default-{name}: {errors}")
        found[name] = Html(text)
    return found


def _load(language: str) -> FluentBundle:
    source = (
        resources.files("bot.core.texts").joinpath(f"{language}.ftl").read_text(encoding="utf-8")
    )
    # Isolation marks would show up as stray characters on many Android fonts.
    bundle = FluentBundle([_LOCALES[language]], use_isolating=False)
    bundle.add_resource(FluentResource(source))
    return bundle


class Texts:
    """Render catalog texts by id and language."""

    def __init__(self, default_language: str = "vi", province: Province | None = None) -> None:
        self.default_language = default_language
        self._bundles = {language: _load(language) for language in LANGUAGES}
        self._readers: str | None = None  # see for_readers
        self._defaults = {
            language: _province_variables(bundle, province or Province())
            for language, bundle in self._bundles.items()
        }

    def for_readers(self, readers: str) -> Texts:
        """The same catalogs, preferring each text's "<id>-<readers>" wording where it has one
        (e.g. "group": a group chat reads the summary without its leaders' names)."""
        variant = copy.copy(self)
        variant._readers = readers
        return variant

    def ids(self, language: str) -> set[str]:
        """Return every text id in one catalog."""
        return set(self._bundles[language]._messages)

    def has(self, text_id: str, language: str | None = None) -> bool:
        """Tell whether a text id exists in a catalog."""
        return self._bundles[language or self.default_language].has_message(text_id)

    def get(self, language: str | None, text_id: str, **args: object) -> str:
        """Render one text; string arguments are HTML-escaped unless wrapped in Html."""
        if language is None or language not in self._bundles:
            language = self.default_language
        bundle = self._bundles[language]
        if not bundle.has_message(text_id):
            raise MissingText(text_id)
        # A reader may have their own wording: "<id>-group" for a group chat (`for_readers`),
        # "<id>-zalo" where there are no buttons (Zalo).
        if self._readers and bundle.has_message(f"{text_id}-{self._readers}"):
            text_id = f"{text_id}-{self._readers}"
        elif CURRENT_CHANNEL.get() == "zalo" and bundle.has_message(f"{text_id}-zalo"):
            text_id = f"{text_id}-zalo"
        safe: dict[str, object] = dict(self._defaults[language])
        safe |= {
            name: value
            if isinstance(value, Html) or not isinstance(value, str)
            else html.escape(value, quote=False)
            for name, value in args.items()
        }
        message = bundle.get_message(text_id)
        if message.value is None:  # a message with attributes only: the catalogs have none
            raise MissingText(text_id)
        text, errors = bundle.format_pattern(message.value, safe)
        if errors or not isinstance(text, str):
            raise ValueError(f"text {text_id!r}: {errors}")
        return text

    def number(self, language: str | None, value: int) -> str:
        """Format a whole number with the language's digit grouping (1.234 in Vietnamese)."""
        return format_decimal(value, locale=self._locale(language))

    def percent(self, language: str | None, share: float) -> str:
        """Format a share (0.235) as a percentage with one decimal: 23,5% in Vietnamese."""
        return format_percent(share, "#,##0.0%", locale=self._locale(language))

    def _locale(self, language: str | None) -> str:
        language = language if language in _LOCALES else self.default_language
        return _LOCALES[language].replace("-", "_")

    def date(self, language: str | None, value: date, style: DateStyle = "day") -> str:
        """Write a date (or a local datetime) the way the language's texts do: 27/11/2026."""
        language = language if language in _DATE_PATTERNS else self.default_language
        pattern = _DATE_PATTERNS[language][style]
        locale = _LOCALES[language].replace("-", "_")
        if isinstance(value, datetime):
            # Babel keeps an aware datetime's own zone (a naive one is taken as it is).
            return format_datetime(value, pattern, locale=locale)
        if style in ("time", "datetime"):
            raise TypeError(f"date style {style!r} needs a datetime")
        return format_date(value, pattern, locale=locale)

    def plain(self, language: str | None, text_id: str, **args: object) -> str:
        """Render a text for a place without HTML (button labels, alerts, inside other texts)."""
        # Only the catalog's own tags are removed: arguments were escaped before rendering.
        return html.unescape(_TAG.sub("", self.get(language, text_id, **args)))
