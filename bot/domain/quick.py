"""Quick reports: counts typed outside any dialog, like "vneid 12, dvc 5, tt 30".

A quick report never invents a number: what can't be read one way only is listed, as typed, in
`not_understood`, and the member sees it on the confirmation card before anything is saved.

How a text is read. Matching ignores case and diacritics (đ counts as d) and takes whole words
only; at each position the longest alias of the form wins. "mức 2" in "VNeID mức 2" is such a
word (an alias of the level-2 activations), not a count.
1. Commas, semicolons and new lines end a chunk; a comma between digits belongs to a number.
2. In a chunk each category alias starts a segment of that category, and the words before the
   first one belong to it ("hỗ trợ 12 người cài VNeID"). A chunk without a category alias goes
   on with the previous chunk's category ("thanh toán 3 tài khoản, 25 giao dịch"), and the
   chunks before the first category alias of the text belong to it ("hỗ trợ 8 người, kích hoạt
   5 tài khoản vneid").
3. A category alias that is also a unit word of the category in effect is a unit word:
   in "trực 10 người 3 hồ sơ", "hồ sơ" counts applications for "trực", not the category "dvc".
   Else it names its category, and is a unit word there if it is one of that category's:
   "nộp 5 hồ sơ" and "tt 3 tài khoản 2 hồ sơ" give dvc 5 and 2 applications.
4. A number is a whole word: digits with "." or "," between groups ("1.234" is 1234, "1,5" a
   decimal, see `bot.numbers`), maybe a sign ("-3" is negative), glued to a unit or category
   word ("12người") or between brackets, quotes, "!?:;=" or emoji. Full-width digits are digits
   ("１２"). Anything else with a digit in it is no number: "1e9", "12abc", "10-12", "12%",
   "12/5", "٫5", "²". Digit groups split by a plain space ("1 234") may be one number or two,
   so they are none; a no-break or thin space between groups does group them.
   A number said in words from 1 to 999 ("mười hai", "hai mươi mốt", "muoi hai", see
   `bot.spoken`) counts only with a unit word (rule 5); else it is just words.
5. A number goes with the nearest unit word on either side, with only spaces, punctuation or
   filler words between; nearest means fewest filler words between, and then a unit word of
   the category's indicators before one of none of them ("cho người dân 2 buổi" is 2 sessions
   of tuyên truyền). A unit word goes with one number only.
   Numbers with one choice (or units of one indicator on both sides: "kích hoạt 5 tài khoản")
   take it first; two such numbers wanting the same unit word take neither ("tt 25 gd 3").
   A number with two choices for different indicators that no other number settles is not
   understood ("tài khoản 3 người", "kích hoạt 5 người"). So is one whose unit word is of no
   indicator of the category ("vneid 5 giao dịch"). A number counts in its unit word's
   category, which is the segment's, or the next segment's for a word like "hồ sơ" (rule 3).
6. A typed number with no unit word on either side goes to the category's first (primary)
   indicator, unless a word not understood is right next to it ("5 hộ": maybe households).
7. A decimal, a negative number or one outside its indicator's [min, max] is left out and
   explained in `problems`. Numbers for one indicator of one category are never added up: all
   of them are left out ("vneid 5, vneid 7 người"), as not understood, and named again in
   `given_twice` so that the card can say why.
8. "hôm nay" (or no day) means today, "hôm qua" yesterday; a second, different day is not
   understood. A few filler words ("hỗ trợ", "cài", "được") and unit words without a number are
   ignored; every other fragment with a letter or digit is in `not_understood`, as typed.
A category named without a usable number still gives an item, with no values, so the caller can
ask for them. A text without any category alias is not a quick report: the result is None.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from bot.domain.form import Form, alias_key, fold_diacritics
from bot.domain.numbers import NumberProblem, check_range, read_number
from bot.domain.spoken import is_number_word, read_spoken

DAY_WORDS = {"hôm nay": 0, "hnay": 0, "hôm qua": 1, "hqua": 1}
STOP_WORDS = (
    "hỗ trợ", "giúp", "cài", "cài đặt", "được", "đã", "và", "cho", "các", "mở", "mới", "nộp",
    "khoảng", "tổng", "tổng cộng", "gồm", "thêm", "thành công", "tổ chức", "bà con",
    "người dân", "em", "tôi", "mình", "báo cáo",
)  # fmt: skip
_CUT = re.compile(r"[;\n]|,(?![0-9])|(?<![0-9]),")
_LETTER, _DIGIT = r"[^\W\d_]", "[0-9]"
# Signs that may touch a number without being part of it: "(12)", "gd:25", "12!"; emoji too.
_LOOSE = "!?;:()[]{}\"'“”‘’«»…="
_PIECE = re.compile(rf"[^\s\0{re.escape(_LOOSE)}]+")
# A no-break, narrow no-break or thin space between digit groups, as phones group them.
_GROUPING_SPACE = re.compile(r"(?<=[0-9])[\u00a0\u202f\u2009](?=[0-9]{3}(?![0-9]))")
_SPACES = re.compile(r"[^\S\n]+")
CATEGORY, UNIT, DAY, FILLER, NUMBER = "category", "unit", "day", "filler", "number"


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
    # Numbers left out because their indicator was given more than once, as typed (rule 7);
    # each is in `not_understood` too, where a longer fragment may hold it.
    given_twice: tuple[str, ...] = ()


@dataclass(eq=False)
class _Token:
    """A word of the form's vocabulary (`key`) or a number (`value`) found in the text."""

    start: int
    end: int
    key: str = ""
    value: int | NumberProblem | None = None
    spoken: bool = False  # a number said in words, which counts only with a unit word
    kind: str = ""  # CATEGORY, UNIT, DAY, FILLER or NUMBER, once its segment is known
    category: str | None = None  # its segment's category
    indicator: str | None = None  # a unit word's indicator in its segment's category
    used: bool = False


@dataclass(frozen=True)
class _Vocabulary:
    categories: dict[str, str]  # alias key → category id
    units: dict[str, frozenset[str]]  # alias key → indicator ids
    days: dict[str, int]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Claim:
    """A number read for one indicator of one category, with the unit words it goes with."""

    category: str
    indicator: str
    number: _Token
    units: tuple[_Token, ...]


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


def _loose(char: str) -> bool:
    """Whether `char` may touch a number without being part of it (rule 4)."""
    return char in _LOOSE or unicodedata.category(char) in ("So", "Sk", "Cf")


def _trim(fragment: str) -> str:
    """Drop spaces, loose signs, dots and commas at both ends, and any other sign that touches
    no digit: "٫5", "50%" and "-3" stay whole, as typed."""

    def edge(char: str, inner: str) -> bool:
        if char.isspace() or _loose(char) or char in ".,":
            return True
        return not char.isalnum() and not inner.isdigit()

    start, end = 0, len(fragment)
    while start < end and edge(fragment[start], fragment[start + 1 : start + 2]):
        start += 1
    while end > start and edge(fragment[end - 1], fragment[end - 2 : end - 1]):
        end -= 1
    return fragment[start:end]


def _has_diacritics(text: str) -> bool:
    return any(char.isalpha() and fold_diacritics(char) != char.lower() for char in text)


class _Reading:
    """One text being read: its tokens, and the claims, problems and day found so far."""

    def __init__(self, text: str, form: Form) -> None:
        self.text, self.form, self.words = text, form, _vocabulary(form)
        folded = fold_diacritics(text)
        vocabulary = [
            _Token(m.start(), m.end(), key=" ".join(m[0].split()))
            for m in self.words.pattern.finditer(folded)
        ]
        masked = list(folded)
        for token in vocabulary:
            masked[token.start : token.end] = "\0" * (token.end - token.start)
        for space in _GROUPING_SPACE.finditer(text):  # folded, it is a plain space
            masked[space.start()] = "."
        # Only what is not a known word: numbers are read here, and words here are unknown.
        self.masked = "".join(masked)
        self.tokens = sorted(vocabulary + self._numbers(), key=lambda token: token.start)
        self.cuts = [m.start() for m in _CUT.finditer(folded)]
        self.named: dict[str, None] = {}  # the categories named, in order
        self.claims: list[_Claim] = []
        self.wanted: dict[_Token, list[_Token]] = {}  # unit word → the numbers next to it
        self.problems: list[QuickProblem] = []
        self.given_twice: list[_Claim] = []
        self.days_ago: int | None = None

    def _numbers(self) -> list[_Token]:
        """Find the numbers in the masked text, typed or said in words (rule 4)."""
        masked = "".join(" " if _loose(char) else char for char in self.masked)
        bare = not _has_diacritics(self.text)
        numbers: list[_Token] = []
        words: list[tuple[int, int]] = []  # a run of number words with only spaces between

        def said() -> None:
            value = read_spoken([self.text[s:e] for s, e in words], bare=bare) if words else None
            if value is not None:
                numbers.append(_Token(words[0][0], words[-1][1], value=value, spoken=True))
            words.clear()

        for piece in _PIECE.finditer(masked):
            start, end = piece.span()
            while end > start and masked[end - 1] in ".,":
                end -= 1
            typed = self.text[start:end]
            digits = any(char.isdigit() or char.isnumeric() for char in typed)
            word = bool(typed) and not digits and is_number_word(typed, bare=bare)
            if words and not (word and _SPACES.fullmatch(self.masked[words[-1][1] : start])):
                said()  # the run of number words ends
            if digits:
                value = read_number(_GROUPING_SPACE.sub(".", typed))
                if value is not NumberProblem.NOT_A_NUMBER:
                    numbers.append(_Token(start, end, value=value))
            elif word:
                words.append((start, end))
        said()
        return self._ungrouped(numbers)

    def _ungrouped(self, numbers: list[_Token]) -> list[_Token]:
        """Drop digit groups split by plain spaces ("1 234"): one number or two (rule 4)."""
        grouped: set[int] = set()
        for index in range(1, len(numbers)):
            before, after = numbers[index - 1], numbers[index]
            digits = self.text[before.start : before.end], self.text[after.start : after.end]
            if (
                self.masked[before.end : after.start] == " "
                and all(part.isascii() and part.isdigit() for part in digits)
                and len(digits[1]) == 3
                and (index - 1 in grouped or len(digits[0]) <= 3)
            ):
                grouped |= {index - 1, index}
        return [number for index, number in enumerate(numbers) if index not in grouped]

    def chunks(self) -> list[list[_Token]]:
        """Split the tokens into chunks (rule 1) and give each its category (rules 2, 3)."""
        chunks: list[list[_Token]] = [[] for _ in range(len(self.cuts) + 1)]
        for token in self.tokens:
            chunks[bisect.bisect(self.cuts, token.start)].append(token)
        carry: str | None = None
        waiting: list[_Token] = []  # the tokens before the text's first category alias
        for chunk in chunks:
            current: str | None = None
            head: list[_Token] = []  # the tokens before the chunk's first category alias
            for token in chunk:
                category = self.words.categories.get(token.key)
                context = self.form.category(current or carry or "")
                units = self.words.units.get(token.key, frozenset())
                if category and not (context and units & set(context.indicators)):
                    # "hồ sơ" names dvc and is a unit word in it: "nộp 5 hồ sơ" (rule 3).
                    own = self.form.category(category)
                    unit = own is not None and bool(units & set(own.indicators))
                    token.kind, token.used = (UNIT, False) if unit else (CATEGORY, True)
                    self.named.setdefault(category)
                    if current is None:
                        for earlier in head + (waiting if carry is None else []):
                            earlier.category = category
                    current = category
                token.category = current
                if current is None:
                    head.append(token)
            if current is None:
                for token in head:
                    token.category = carry
                waiting += head if carry is None else []
            carry = current or carry
        return chunks

    def _bounds(self, chunk: list[_Token]) -> tuple[int, int]:
        """Where the chunk of these tokens starts and ends in the text."""
        index = bisect.bisect(self.cuts, chunk[0].start)
        start = self.cuts[index - 1] + 1 if index else 0
        return start, self.cuts[index] if index < len(self.cuts) else len(self.text)

    def _side(self, chunk: list[_Token], index: int, step: int) -> tuple[_Token | None, int, bool]:
        """The nearest token on one side of chunk[index] that is no filler word (None at the
        chunk's edge), how many filler words are between, and whether nothing else is."""
        near, skipped = index + step, 0
        while 0 <= near < len(chunk) and chunk[near].kind == FILLER:
            near, skipped = near + step, skipped + 1
        token = chunk[near] if 0 <= near < len(chunk) else None
        start, end = self._bounds(chunk)
        number = chunk[index]
        if step < 0:
            gap = self.masked[token.end if token else start : number.start]
        else:
            gap = self.masked[number.end : token.start if token else end]
        return token, skipped, not any(char.isalnum() for char in gap)

    def _classify(self, chunk: list[_Token]) -> None:
        """Tell unit, day and filler words apart in their segment's category (rules 3, 8)."""
        for token in chunk:
            if token.kind == CATEGORY:
                continue
            if token.value is not None:
                token.kind = NUMBER
            elif token.key in self.words.units:
                own = self.form.category(token.category or "")
                indicators = set(own.indicators) if own else set()
                token.kind = UNIT
                token.indicator = next(iter(self.words.units[token.key] & indicators), None)
            elif token.key in self.words.days:
                token.kind = DAY
                days_ago = self.words.days[token.key]
                token.used = self.days_ago in (None, days_ago)
                self.days_ago = days_ago if self.days_ago is None else self.days_ago
            else:
                token.kind, token.used = FILLER, True

    def bind(self, chunk: list[_Token]) -> None:
        """Give the chunk's numbers their unit words (rule 5) or indicator (rule 6)."""
        self._classify(chunk)
        choices: dict[_Token, list[tuple[_Token, tuple[int, bool]]]] = {}
        sides: dict[_Token, list[tuple[_Token | None, int, bool]]] = {}
        for index, token in enumerate(chunk):
            if token.kind != NUMBER:
                continue
            sides[token] = [self._side(chunk, index, step) for step in (-1, 1)]
            units = [
                (near, (skipped, near.indicator is None))
                for near, skipped, clean in sides[token]
                if clean and near is not None and near.kind == UNIT
            ]
            if units:
                choices[token] = units
        bound = _resolve(choices)
        for number, units in bound.items():
            # Its unit word's category: "2 hồ sơ" in "tt 3 tài khoản 2 hồ sơ" is for dvc.
            category, indicator = units[0].category, units[0].indicator
            if category is not None and indicator is not None:
                self.claims.append(_Claim(category, indicator, number, units))
        for number, around in sides.items():
            if number in choices or number.spoken or number.category is None:
                continue
            alone = all(
                clean and not (near and near.spoken and near not in bound)
                for near, _, clean in around
            )
            category = self.form.category(number.category)
            if alone and category is not None:
                self.claims.append(_Claim(category.id, category.indicators[0], number, ()))
        for number, units in choices.items():
            for unit, _ in units:
                self.wanted.setdefault(unit, []).append(number)

    def accept(self) -> dict[str, dict[str, int]]:
        """Check the claims' ranges; keep an indicator's value when it was given once (rule 7)."""
        given: dict[tuple[str, str], list[tuple[_Claim, int]]] = {}
        for claim in sorted(self.claims, key=lambda claim: claim.number.start):
            indicator = self.form.indicators[claim.indicator]
            result = check_range(claim.number.value, indicator.min, indicator.max)
            if isinstance(result, NumberProblem):
                fragment = self._fragment(claim)
                problem = QuickProblem(fragment, claim.category, claim.indicator, result)
                self.problems.append(problem)
                continue
            given.setdefault((claim.category, claim.indicator), []).append((claim, result))
        values: dict[str, dict[str, int]] = {category: {} for category in self.named}
        for (category, indicator), claims in given.items():
            if len(claims) > 1:  # never a sum: every one of them is left out
                self.given_twice += [claim for claim, _ in claims]
                continue
            [(claim, value)] = claims
            values.setdefault(category, {})[indicator] = value
            for token in (claim.number, *claim.units):
                token.used = True
        return values

    def twice(self) -> list[str]:
        """The numbers of indicators given more than once, in the text's order (rule 7)."""
        claims = sorted(self.given_twice, key=lambda claim: claim.number.start)
        return [self._fragment(claim) for claim in claims]

    def _fragment(self, claim: _Claim) -> str:
        """The text of a claim's number and unit words, as typed."""
        parts = (claim.number, *claim.units)
        return self.text[min(t.start for t in parts) : max(t.end for t in parts)]

    def leftovers(self) -> tuple[str, ...]:
        """Return the fragments not used, as typed and trimmed (rule 8)."""
        for token in self.tokens:
            if token.kind == UNIT and not token.used:
                # Ignored without a number; shown with a number next to it that was left out.
                token.used = all(number.used for number in self.wanted.get(token, ()))
        marks = list(self.text)
        for token in self.tokens:
            if token.used:
                marks[token.start : token.end] = "\0" * (token.end - token.start)
        for cut in self.cuts:
            marks[cut] = "\0"
        fragments = (_trim(m[0]) for m in re.finditer(r"[^\0]+", "".join(marks)))
        return tuple(f for f in fragments if any(char.isalnum() for char in f))


def _field(unit: _Token) -> tuple[str | None, str | None] | int:
    """What a unit word counts: an indicator of a category, or nothing like any other."""
    return (unit.category, unit.indicator) if unit.indicator else id(unit)


def _resolve(
    choices: dict[_Token, list[tuple[_Token, tuple[int, bool]]]],
) -> dict[_Token, tuple[_Token, ...]]:
    """Pair numbers with unit words (rule 5); return the unit words each number goes with.

    Round by round, the numbers left with one choice take it, unless two want the same unit
    word. A number's choices change only when a unit word next to it is taken, so each round
    looks again only at those numbers.
    """
    bound: dict[_Token, tuple[_Token, ...]] = {}
    taken: set[_Token] = set()  # unit words gone to a number, or wanted by two at once
    near: dict[_Token, list[_Token]] = {}  # unit word → the numbers next to it
    for number, units in choices.items():
        for unit, _ in units:
            near.setdefault(unit, []).append(number)
    pending, look = set(choices), list(choices)
    while look:
        forced: dict[_Token, tuple[_Token, ...]] = {}
        for number in look:
            free = [(unit, rank) for unit, rank in choices[number] if unit not in taken]
            if not free:
                pending.discard(number)  # its unit words went to other numbers
                continue
            best = min(rank for _, rank in free)
            nearest = tuple(unit for unit, rank in free if rank == best)
            if len({_field(unit) for unit in nearest}) == 1:
                forced[number] = nearest
        wanted = Counter(unit for units in forced.values() for unit in units)
        for number, units in forced.items():
            pending.discard(number)
            if all(wanted[unit] == 1 for unit in units):
                bound[number] = units
            taken.update(units)
        changed = {number for unit in wanted for number in near[unit] if number in pending}
        look = sorted(changed, key=lambda number: number.start)
    return bound  # the numbers still pending each have two choices for different indicators


def parse_quick(text: str, form: Form) -> QuickReport | None:
    """Read a typed quick report by the rules above; None if it names no category."""
    reading = _Reading(unicodedata.normalize("NFC", text), form)
    chunks = reading.chunks()
    if not reading.named:
        return None
    for chunk in chunks:
        if chunk:
            reading.bind(chunk)
    values = reading.accept()
    items = tuple(
        QuickItem(
            category, {i: values[category][i] for i in form.category(category).indicators
                       if i in values[category]}
        )
        for category in reading.named
    )  # fmt: skip
    return QuickReport(
        items,
        reading.days_ago or 0,
        reading.leftovers(),
        tuple(reading.problems),
        tuple(reading.twice()),
    )
