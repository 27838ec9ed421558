"""Counts as Vietnamese volunteers type them: "12", "12 người", "1.234", "1 234", "１２".

A dot or a comma between digit groups is a thousands separator when every group after the
first has three digits ("1.234", "12.000", "1,234"); otherwise it is a decimal mark ("1,5",
"2.50"), and a count can't have one. Single spaces group digits the same way ("1 234"); digits
that don't form such groups are separate numbers ("12 13").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

# Far above any bound a form allows and far below int()'s 4,300-digit conversion limit.
MAX_DIGITS = 15
_RUN = re.compile(r"[0-9]+(?:(?:[.,]| +)[0-9]+)*")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:(?:\.[0-9]{3})+|(?:,[0-9]{3})+)")
_SPACE_GROUPS = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")
_MINUS = "-−–"  # hyphen, minus sign, en dash
# "- 3" and "âm 3" (minus 3) are negative too when a single count is typed.
_LOOSE_SIGN = re.compile(r"(?:[-−–]|(?<!\w)âm(?!\w))\s*(?=[0-9])", re.IGNORECASE)


class NumberProblem(StrEnum):
    """Why typed text is not an acceptable count."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    DECIMAL = "decimal"
    TOO_BIG = "too_big"
    TOO_SMALL = "too_small"
    SEVERAL = "several"


@dataclass(frozen=True)
class FoundNumber:
    """A number in a text: where it is (its minus sign included) and what it is worth."""

    start: int
    end: int
    value: int | NumberProblem  # NEGATIVE, DECIMAL or TOO_BIG when it can't be a count


def _value(digits: str) -> int | NumberProblem:
    significant = digits.lstrip("0")
    return NumberProblem.TOO_BIG if len(significant) > MAX_DIGITS else int(significant or "0")


def _found(text: str, start: int, end: int) -> FoundNumber:
    piece = text[start:end]
    if piece.isdigit() or _THOUSANDS.fullmatch(piece) or _SPACE_GROUPS.fullmatch(piece):
        value = _value(re.sub(r"[., ]", "", piece))
    else:
        value = NumberProblem.DECIMAL
    signed = start > 0 and text[start - 1] in _MINUS
    if signed and not (start > 1 and text[start - 2].isalnum()):
        return FoundNumber(start - 1, end, NumberProblem.NEGATIVE)
    return FoundNumber(start, end, value)


def scan_numbers(text: str) -> list[FoundNumber]:
    """Return every number in `text`, in order; "1 234" is one number, "12 13" two."""
    found = []
    for run in _RUN.finditer(text):
        if " " not in run[0] or _SPACE_GROUPS.fullmatch(run[0]):
            found.append(_found(text, run.start(), run.end()))
            continue
        for piece in re.finditer(r"[^ ]+", run[0]):
            found.append(_found(text, run.start() + piece.start(), run.start() + piece.end()))
    return found


_WHOLE = re.compile(r"([-−–+]?)([0-9]+(?:[.,][0-9]+)*)")
# Full-width digits and signs, as NFKC reads them: "１２" is 12.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def read_number(token: str) -> int | NumberProblem:
    """Read one whole token as a count ("12", "1.234", "-3", "1,5"), grouped as above.

    Full-width digits are digits ("１２" is 12); NOT_A_NUMBER when the token is more than a
    number, or has other digit signs: "1e9", "12abc", "10-12", "12%", "٫5", "١٢", "²".
    """
    whole = _WHOLE.fullmatch(token.translate(_FULL_WIDTH))
    if whole is None:
        return NumberProblem.NOT_A_NUMBER
    sign, digits = whole.groups()
    if sign and sign in _MINUS:
        return NumberProblem.NEGATIVE
    if digits.isdigit() or _THOUSANDS.fullmatch(digits):
        return _value(re.sub(r"[.,]", "", digits))
    return NumberProblem.DECIMAL


def check_range(value: int | NumberProblem, minimum: int, maximum: int) -> int | NumberProblem:
    """Return `value` if it is a count within [minimum, maximum], else what is wrong with it."""
    if isinstance(value, NumberProblem):
        return value
    if value > maximum:
        return NumberProblem.TOO_BIG
    return NumberProblem.TOO_SMALL if value < minimum else value


def parse_count(text: str, *, minimum: int = 0, maximum: int) -> int | NumberProblem:
    """Return the one count typed in `text` ("khoảng 12 người" → 12), or what is wrong."""
    text = unicodedata.normalize("NFKC", text)
    if not text.strip():
        return NumberProblem.EMPTY
    found = scan_numbers(_LOOSE_SIGN.sub("-", text))
    if not found:
        return NumberProblem.NOT_A_NUMBER
    if len(found) > 1:
        return NumberProblem.SEVERAL
    return check_range(found[0].value, minimum, maximum)
