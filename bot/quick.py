"""Quick reports: counts typed outside any dialog, like "vneid 12, dvc 5, tt 30".

How a text is read. Matching ignores case and diacritics (đ counts as d) and takes whole words
only; at each position the longest alias of the form wins.
1. Commas, semicolons and new lines end a chunk; a comma between digits belongs to a number.
2. In a chunk each category alias starts a segment of that category, and the words before the
   first one belong to it ("hỗ trợ 12 người cài VNeID"). A chunk without a category alias goes
   on with the previous chunk's category ("thanh toán 3 tài khoản, 25 giao dịch").
3. A category alias that is also a unit word of the category in effect is a unit word:
   in "trực 10 người 3 hồ sơ", "hồ sơ" counts applications for "trực", not the category "dvc".
4. Numbers are grouped as in `parse_count` ("1.234" is 1234, "1,5" is a decimal, "-3" is
   negative; a spaced " - " is only a dash). A unit word goes with the number next to it, with
   only spaces, punctuation or filler words between: the number before it ("3 tài khoản"), or
   the one after it when the segment starts that way ("giao dịch: 25"). A number without a unit
   word goes to the category's first indicator not yet given in the segment. With a unit word
   of another category, or with no indicator left, the number is not understood.
5. A decimal, a negative number or one outside its indicator's [min, max] is left out and
   explained in `problems`. A category or indicator given twice is summed, within max.
6. "hôm nay" (or no day) means today, "hôm qua" yesterday; a second, different day is not
   understood. A few filler words ("hỗ trợ", "cài", "được") and unit words without a number are
   ignored; every other fragment with a letter or digit is in `not_understood`, as typed.
A category named without a usable number still gives an item, with no values, so the caller can
ask for them. A text without any category alias is not a quick report: the result is None.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from bot.form import Form, alias_key, fold
from bot.numbers import NumberProblem, check_range, scan_numbers

DAY_WORDS = {"hôm nay": 0, "hnay": 0, "hôm qua": 1, "hqua": 1}
STOP_WORDS = (
    "hỗ trợ", "giúp", "cài", "cài đặt", "được", "đã", "và", "cho", "các", "mở", "mới", "nộp",
    "khoảng", "tổng", "tổng cộng", "gồm", "thêm", "thành công", "tổ chức", "bà con",
    "người dân", "em", "tôi", "mình", "báo cáo",
)  # fmt: skip
_CUT = re.compile(r"[;\n]|,(?![0-9])|(?<![0-9]),")
_LETTER, _DIGIT = r"[^\W\d_]", "[0-9]"
_UNTRIMMED = re.compile(r"^(?:(?![-−–][0-9])[\W_])+|[\W_]+$")


@dataclass(frozen=True)
class QuickItem:
    """One activity of a quick report: a category id and its values by indicator id."""

    category: str
    values: dict[str, int]


@dataclass(frozen=True)
class QuickProblem:
    """A number left out of a quick report: the text as typed, where it would go, and why."""

    text: str
    category: str
    indicator: str
    reason: NumberProblem  # DECIMAL, NEGATIVE, TOO_BIG or TOO_SMALL


@dataclass(frozen=True)
class QuickReport:
    """What a quick report says, and what of it could not be used."""

    items: tuple[QuickItem, ...]
    days_ago: int = 0
    not_understood: tuple[str, ...] = ()
    problems: tuple[QuickProblem, ...] = ()


@dataclass(eq=False)
class _Token:
    """A word of the form's vocabulary (`key`) or a number (`value`) found in the text."""

    start: int
    end: int
    key: str = ""
    value: int | NumberProblem | None = None
    used: bool = False
    filler: bool = False  # a filler word, which doesn't part a number from its unit word
    unit: _Token | None = None  # a number's unit word
    indicator: str | None = None  # a unit word's indicator in its segment's category


@dataclass(frozen=True)
class _Vocabulary:
    categories: dict[str, str]  # alias key → category id
    units: dict[str, frozenset[str]]  # alias key → indicator ids
    days: dict[str, int]
    pattern: re.Pattern[str]


def _edge(char: str) -> str:
    return _LETTER if char.isalpha() else _DIGIT if char.isdigit() else ""


def _word_pattern(key: str) -> str:
    """Match `key` as whole words: "người" in "12người", but not "tt" in "attt"."""
    body = r"[^\S\n]+".join(map(re.escape, key.split(" ")))
    before, after = _edge(key[0]), _edge(key[-1])
    return (f"(?<!{before})" if before else "") + body + (f"(?!{after})" if after else "")


def _vocabulary(form: Form) -> _Vocabulary:
    categories = {alias_key(a): c.id for c in form.active_categories() for a in c.aliases}
    units: dict[str, frozenset[str]] = {}
    for indicator in form.indicators.values():
        for alias in indicator.aliases:
            units[alias_key(alias)] = units.get(alias_key(alias), frozenset()) | {indicator.id}
    days = {alias_key(word): days_ago for word, days_ago in DAY_WORDS.items()}
    keys = {*categories, *units, *days, *map(alias_key, STOP_WORDS)}
    # re caches compiled patterns, so the same form compiles once.
    pattern = re.compile("|".join(map(_word_pattern, sorted(keys, key=lambda k: (-len(k), k)))))
    return _Vocabulary(categories, units, days, pattern)


class _Reading:
    """One text being read: its tokens, and the totals, problems and day found so far."""

    def __init__(self, text: str, form: Form) -> None:
        self.text, self.form, self.words = text, form, _vocabulary(form)
        folded = fold(text)
        self.tokens = [
            _Token(m.start(), m.end(), key=" ".join(m[0].split()))
            for m in self.words.pattern.finditer(folded)
        ]
        masked = list(folded)
        for token in self.tokens:
            masked[token.start : token.end] = "\0" * (token.end - token.start)
        self.masked = "".join(masked)  # only what is not a known word; numbers are scanned here
        found = [_Token(n.start, n.end, value=n.value) for n in scan_numbers(self.masked)]
        self.tokens = sorted(self.tokens + found, key=lambda token: token.start)
        self.cuts = [m.start() for m in _CUT.finditer(folded)]
        self.totals: dict[str, dict[str, int]] = {}
        self.problems: list[QuickProblem] = []
        self.days_ago: int | None = None

    def segments(self) -> list[tuple[str | None, list[_Token]]]:
        """Split the tokens into chunks (rule 1), then into (category, tokens) (rules 2, 3)."""
        chunks: list[list[_Token]] = [[] for _ in range(len(self.cuts) + 1)]
        for token in self.tokens:
            chunks[bisect.bisect(self.cuts, token.start)].append(token)
        segments: list[tuple[str | None, list[_Token]]] = []
        carry: str | None = None
        for chunk in chunks:
            found: list[tuple[str | None, list[_Token]]] = [(None, [])]
            for token in chunk:
                category = self.words.categories.get(token.key)
                context = self.form.category(found[-1][0] or carry or "")
                units = self.words.units.get(token.key, frozenset())
                if category and not (context and units & set(context.indicators)):
                    token.used = True
                    if found[-1][0] is None:
                        found[-1] = (category, found[-1][1])
                    else:
                        found.append((category, []))
                found[-1][1].append(token)
            if found[0][0] is None:
                found[0] = (carry, found[0][1])
            carry = found[-1][0]
            segments += found
        return segments

    def _near(self, tokens: list[_Token], unit: _Token, step: int) -> _Token | None:
        """Return the unitless number next to `unit` on one side, filler words between."""
        index = tokens.index(unit) + step
        while 0 <= index < len(tokens) and tokens[index].filler:
            index += step
        if not 0 <= index < len(tokens) or tokens[index].value is None or tokens[index].unit:
            return None
        left, right = sorted((unit, tokens[index]), key=lambda token: token.start)
        gap = self.masked[left.end : right.start]
        return None if any(char.isalnum() for char in gap) else tokens[index]

    def _attach(self, tokens: list[_Token], units: list[_Token]) -> None:
        """Give unit words to numbers (rule 4): own units by the segment's habit, then others."""
        own = [unit for unit in units if unit.indicator]
        first = next(
            (u for u in own if self._near(tokens, u, -1) or self._near(tokens, u, 1)), None
        )
        habit = (1, -1) if first and not self._near(tokens, first, -1) else (-1, 1)
        for unit in own + [unit for unit in units if not unit.indicator]:
            for step in habit if unit.indicator else (-1, 1):
                number = self._near(tokens, unit, step)
                if number:
                    number.unit = unit
                    break

    def _accept(self, category: str, indicator_id: str, number: _Token) -> None:
        """Add a number to the totals if it fits its indicator (rule 5), else note why not."""
        indicator = self.form.indicators[indicator_id]
        values = self.totals[category]
        result = check_range(number.value, indicator.min, indicator.max)
        if isinstance(result, int) and values.get(indicator_id, 0) + result > indicator.max:
            result = NumberProblem.TOO_BIG
        if isinstance(result, NumberProblem):
            parts = (number, number.unit) if number.unit else (number,)
            fragment = self.text[min(t.start for t in parts) : max(t.end for t in parts)]
            self.problems.append(QuickProblem(fragment, category, indicator_id, result))
            return
        values[indicator_id] = values.get(indicator_id, 0) + result
        number.used = True
        if number.unit:
            number.unit.used = True

    def segment(self, category: str | None, tokens: list[_Token]) -> None:
        """Use what one segment says (rules 4 to 6)."""
        own = self.form.category(category).indicators if category else ()
        if category:
            self.totals.setdefault(category, {})
        units = []
        for token in tokens:
            if token.used or token.value is not None:
                continue
            if token.key in self.words.units:
                token.indicator = next(iter(self.words.units[token.key] & set(own)), None)
                units.append(token)
            elif token.key in self.words.days:
                days_ago = self.words.days[token.key]
                token.used = self.days_ago in (None, days_ago)
                self.days_ago = days_ago if self.days_ago is None else self.days_ago
            else:
                token.used = token.filler = True
        self._attach(tokens, units)
        numbers = [token for token in tokens if token.value is not None]
        given: set[str] = set()
        for number in sorted(numbers, key=lambda token: token.unit is not None, reverse=True):
            if number.unit:
                indicator = number.unit.indicator
            else:
                indicator = next((i for i in own if i not in given), None)
            if category and indicator:
                given.add(indicator)
                self._accept(category, indicator, number)
        for unit in units:
            unit.used = unit.used or not any(number.unit is unit for number in numbers)

    def leftovers(self) -> tuple[str, ...]:
        """Return the fragments not used, as typed and trimmed (rule 6)."""
        marks = list(self.text)
        for token in self.tokens:
            if token.used:
                marks[token.start : token.end] = "\0" * (token.end - token.start)
        for cut in self.cuts:
            marks[cut] = "\0"
        fragments = (_UNTRIMMED.sub("", m[0]) for m in re.finditer(r"[^\0]+", "".join(marks)))
        return tuple(f for f in fragments if any(char.isalnum() for char in f))


def parse_quick(text: str, form: Form) -> QuickReport | None:
    """Read a typed quick report by the rules above; None if it names no category."""
    reading = _Reading(unicodedata.normalize("NFC", text), form)
    segments = reading.segments()
    if not any(category for category, _ in segments):
        return None
    for category, tokens in segments:
        reading.segment(category, tokens)
    items = tuple(
        QuickItem(
            category, {i: values[i] for i in form.category(category).indicators if i in values}
        )
        for category, values in reading.totals.items()
    )
    return QuickReport(items, reading.days_ago or 0, reading.leftovers(), tuple(reading.problems))
