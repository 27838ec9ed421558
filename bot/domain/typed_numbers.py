"""Reports typed by number: "1 12", "3 5 12 2".

Where options are numbered lines (Zalo), a member can type an activity by its number on the
report card and its numbers in the order the card asks them, separated by spaces: "3 5 12 2"
is activity 3 with 5, 12 and 2. Each word is read by `read_number` ("1.234" is 1234); a word
that is no number makes the text no such report. Nothing is guessed: more numbers than the
activity has, digit groups that may be one number or several ("1 234"), or a number out of
its range are answered, and nothing is taken. A phone number is no such report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.domain.form import Form, Indicator
from bot.domain.numbers import NumberProblem, check_range, read_number
from bot.domain.phones import normalize_phone

# Plain spaces between digit groups of three: "1 234" may be 1234, or 1 and 234.
_SPACE_GROUPED = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")


@dataclass(frozen=True)
class TypedNumbers:
    """Numbers typed alone, in order: each as typed and as read."""

    numbers: tuple[tuple[str, int | NumberProblem], ...]
    grouped: bool  # the whole text may also be one number grouped by spaces ("1 234")


@dataclass(frozen=True)
class TooMany:
    """More numbers than there are to give: nothing is taken."""

    expected: int
    given: int


@dataclass(frozen=True)
class Grouped:
    """Digit groups split by spaces ("1 234"): one number or several? Nothing is taken."""

    typed: str


@dataclass(frozen=True)
class WrongNumber:
    """A number that can't be its indicator's count (decimal, negative, out of range)."""

    indicator: str
    typed: str
    reason: NumberProblem


@dataclass(frozen=True)
class NumberedReport:
    """An activity typed by its number on the report card, and the numbers after it."""

    number: int  # as typed: 1 is the card's first activity
    category: str | None  # None when the card has no activity of that number
    values: TypedNumbers


def read_numbers(text: str) -> TypedNumbers | None:
    """Read a text made of numbers only ("5 12 2", "5, 12, 2", "1.234"); None if it is not.

    Spaces (and a comma or semicolon ending a word) separate the numbers; a comma or a dot
    inside a word belongs to the number ("1.234" is 1234, "1,5" a decimal).
    """
    normalized = unicodedata.normalize("NFKC", text)
    words = [word.rstrip(",;") for word in normalized.split()]
    words = [word for word in words if word]
    if not words:
        return None
    numbers = tuple((word, read_number(word)) for word in words)
    if any(value is NumberProblem.NOT_A_NUMBER for _, value in numbers):
        return None
    grouped = len(words) > 1 and bool(_SPACE_GROUPED.fullmatch(" ".join(normalized.split())))
    return TypedNumbers(numbers, grouped)


def fill(
    indicators: list[Indicator], typed: TypedNumbers
) -> dict[str, int] | TooMany | Grouped | WrongNumber:
    """Give the numbers to the indicators in order; fewer numbers fill the first ones."""
    numbers = typed.numbers
    if len(numbers) > len(indicators):
        return TooMany(len(indicators), len(numbers))
    if typed.grouped:
        return Grouped(" ".join(word for word, _ in numbers))
    values: dict[str, int] = {}
    for indicator, (word, value) in zip(indicators, numbers, strict=False):
        checked = check_range(value, indicator.min, indicator.max)
        if isinstance(checked, NumberProblem):
            return WrongNumber(indicator.id, word, checked)
        values[indicator.id] = checked
    return values


def parse_numbered(text: str, form: Form) -> NumberedReport | None:
    """Read "3 5 12 2" (activity 3 of the card's active ones, then its numbers); None if the
    text is not numbers only, or has no number after the activity's, or is a phone number
    ("0912 345 678" is no activity 912)."""
    if normalize_phone(text):
        return None
    words = text.split(None, 1)
    if len(words) < 2:
        return None
    activity, values = read_numbers(words[0]), read_numbers(words[1])
    if activity is None or values is None:
        return None
    ((_, number),) = activity.numbers
    if not isinstance(number, int):
        return None
    active = form.active_categories()
    category = active[number - 1].id if 1 <= number <= len(active) else None
    return NumberedReport(number, category, values)
