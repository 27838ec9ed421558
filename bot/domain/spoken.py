"""Numbers from 1 to 999 said in Vietnamese words, as volunteers type them in a quick report.

"mười hai" 12, "hai mươi mốt" 21, "hai mốt" 21 (said short), "ba tư" 34, "bốn lăm" 45, "hai
chục" 20, "một trăm linh năm" or "một trăm lẻ năm" 105, "một trăm hai" 120 (said short).
Every way of saying each number is written out once into a table, and a phrase is read only if
it is exactly one of them. So "hai ba" (two or three), "mươi" and "chục" (about ten) and "trăm"
(about a hundred) are no numbers. A phrase that two numbers share is refused: "một trăm một" is
101 to some and 110 to others.
A text typed without diacritics ("muoi hai") is compared folded; a phrase that folding makes two
numbers ("mot tram mot"), or something else ("sau": six, or "after"; "muoi": ten, or "mươi",
about ten), is refused.
"không" (zero, but far more often "not") is never read: zero is typed "0".
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.form import fold_diacritics

_DIGITS = {
    1: ("một",), 2: ("hai",), 3: ("ba",), 4: ("bốn",), 5: ("năm",), 6: ("sáu",),
    7: ("bảy", "bẩy"), 8: ("tám",), 9: ("chín",),
}  # fmt: skip
_AFTER_TEN = {**_DIGITS, 4: ("bốn", "tư"), 5: ("lăm",)}  # "mười lăm" 15, never "mười năm"
_AFTER_TENS = {**_AFTER_TEN, 1: ("mốt", "một"), 5: ("lăm", "nhăm")}  # "hai mươi mốt" 21
_SHORT = {1: ("mốt",), 4: ("tư",), 5: ("lăm", "nhăm")}  # "hai mốt" for "hai mươi mốt"
# Folded, "sau" is six or "after", and "muoi" is ten ("mười") or about ten ("mươi").
_BARE_REFUSED = ("sau", "muoi")


def _tens(n: int) -> list[str]:
    """Every way of saying 1 ≤ n ≤ 99."""
    if n < 10:
        return list(_DIGITS[n])
    tens, unit = divmod(n, 10)
    if tens == 1:
        return ["mười"] if unit == 0 else [f"mười {word}" for word in _AFTER_TEN[unit]]
    heads = _DIGITS[tens]
    if unit == 0:
        return [f"{head} {word}" for head in heads for word in ("mươi", "chục")]
    return [f"{head} mươi {word}" for head in heads for word in _AFTER_TENS[unit]] + [
        f"{head} {word}" for head in heads for word in _SHORT.get(unit, ())
    ]


def _phrases(n: int) -> list[str]:
    """Every way of saying 1 ≤ n ≤ 999."""
    if n < 100:
        return _tens(n) + (["một chục"] if n == 10 else [])
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tails = [""]
    elif rest < 10:  # "một trăm linh năm", "một trăm lẻ tư"
        words = _DIGITS[rest] + (("tư",) if rest == 4 else ())
        tails = [f"{zero} {word}" for zero in ("linh", "lẻ") for word in words]
    else:
        tails = _tens(rest)
        if rest % 10 == 0:  # said short: "một trăm hai" 120, "một trăm mốt" 110
            tails += {1: ["mốt"], 4: ["tư"]}.get(rest // 10, [])
            tails += list(_DIGITS[rest // 10]) if rest >= 20 else []
    heads = [f"{head} trăm" for head in _DIGITS[hundreds]]
    return [f"{head} {tail}".strip() for head in heads for tail in tails]


def _add(table: dict[str, int | None], phrase: str, value: int | None) -> None:
    """Give `phrase` its value, or None when it already had another one."""
    table[phrase] = value if table.get(phrase, value) == value else None


def _tables() -> tuple[dict[str, int | None], dict[str, int | None]]:
    written: dict[str, int | None] = {}
    for n in range(1, 1000):
        for phrase in _phrases(n):
            _add(written, phrase, n)
    for head in (word for words in _DIGITS.values() for word in words):
        _add(written, f"{head} trăm một", None)  # 101 or 110
    bare: dict[str, int | None] = {}
    for phrase, value in written.items():
        _add(bare, fold_diacritics(phrase), value)
    for word in _BARE_REFUSED:
        _add(bare, word, None)
    return written, bare


WRITTEN, BARE = _tables()  # phrase → value; None for a phrase that is not one number
WORDS = frozenset(word for phrase in WRITTEN for word in phrase.split())
BARE_WORDS = frozenset(fold_diacritics(word) for word in WORDS)


def is_number_word(word: str, *, bare: bool) -> bool:
    """Whether `word` may be part of a spoken number, with diacritics or (`bare`) without."""
    return fold_diacritics(word) in BARE_WORDS if bare else word.lower() in WORDS


def read_spoken(words: Sequence[str], *, bare: bool) -> int | None:
    """Return the number `words` say, or None if they say no number or not one number."""
    phrase = " ".join(word.lower() for word in words)
    return BARE.get(fold_diacritics(phrase)) if bare else WRITTEN.get(phrase)
