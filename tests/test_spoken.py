"""Numbers said in Vietnamese words, 1 to 999: read only when they are one number."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.form import fold_diacritics
from bot.domain.spoken import BARE, WRITTEN, is_number_word, read_spoken


def spoken(text: str) -> int | None:
    return read_spoken(text.split(), bare=False)


def bare(text: str) -> int | None:
    return read_spoken(text.split(), bare=True)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("một", 1), ("năm", 5), ("bảy", 7), ("bẩy", 7), ("chín", 9),
        ("mười", 10), ("một chục", 10), ("mười một", 11), ("mười hai", 12), ("mười bốn", 14),
        ("mười tư", 14), ("mười lăm", 15), ("mười chín", 19),
        ("hai mươi", 20), ("hai chục", 20), ("hai mươi mốt", 21), ("hai mươi một", 21),
        ("hai mốt", 21), ("hai mươi tư", 24), ("hai tư", 24), ("hai mươi lăm", 25),
        ("hai mươi nhăm", 25), ("hai lăm", 25), ("ba mươi sáu", 36), ("năm mươi", 50),
        ("chín mươi chín", 99),
        ("một trăm", 100), ("một trăm linh một", 101), ("một trăm lẻ năm", 105),
        ("một trăm linh tư", 104), ("một trăm mười", 110), ("một trăm mốt", 110),
        ("một trăm hai", 120), ("một trăm hai mươi", 120), ("một trăm tư", 140),
        ("hai trăm năm", 250), ("hai trăm năm mươi", 250), ("ba trăm hai mốt", 321),
        ("bảy trăm linh bảy", 707), ("chín trăm chín mươi chín", 999),
        ("Mười Hai", 12),
    ],
)  # fmt: skip
def test_numbers_as_said(text: str, value: int) -> None:
    assert spoken(text) == value
    # Folded, these are two things (see test_without_diacritics).
    folded = fold_diacritics(text)
    assert bare(folded) == (None if folded in ("muoi", "mot tram mot") else value)


@pytest.mark.parametrize(
    "text",
    [
        "hai ba",  # two or three
        "mươi", "chục", "trăm", "mươi hai",  # about ten, about a hundred
        "mười năm", "hai mươi năm",  # "mười lăm" is 15; "mười năm" is ten years
        "mốt", "tư", "lăm", "linh", "lẻ",  # never alone: "ngày mốt" is the day after tomorrow
        "một mươi", "mười mười", "hai hai", "một mốt",
        "một trăm một",  # 101 to some, 110 to others
        "một nghìn", "không", "không trăm", "trăm hai",
        "hai mươi mốt hai", "một trăm linh", "một trăm linh mười", "",
    ],
)  # fmt: skip
def test_what_is_not_one_number(text: str) -> None:
    assert spoken(text) is None


def test_without_diacritics() -> None:
    assert bare("muoi hai") == 12
    assert bare("hai muoi mot") == 21
    assert bare("mot tram linh nam") == 105
    assert bare("MUOI LAM") == 15
    assert bare("mot tram mot") is None  # một trăm một (101 or 110), or một trăm mốt (110)
    assert bare("sau") is None  # six, or "after"
    assert bare("muoi") is None  # ten ("mười"), or about ten ("mươi")
    assert bare("sau muoi") == 60
    assert bare("hai ba") is None


def test_a_text_with_diacritics_needs_them_in_its_numbers() -> None:
    assert spoken("muoi hai") is None
    assert spoken("sau") is None  # "sau" is "after"; six is "sáu"
    assert not is_number_word("làm", bare=False) and not is_number_word("lam", bare=False)
    assert is_number_word("lăm", bare=False) and is_number_word("lam", bare=True)
    assert is_number_word("Mười", bare=False) and not is_number_word("người", bare=True)


def test_every_number_is_said_some_way_and_no_phrase_is_two() -> None:
    said = {value for value in WRITTEN.values() if value is not None}
    assert said == set(range(1, 1000))
    meanings: dict[str, set[int | None]] = {}
    for written, number in WRITTEN.items():
        meanings.setdefault(fold_diacritics(written), set()).add(number)
    for phrase, value in BARE.items():
        assert value is None or meanings.get(phrase) == {value}


@given(st.lists(st.sampled_from(sorted({w for p in WRITTEN for w in p.split()})), max_size=6))
def test_any_words_are_one_number_or_none(words: list[str]) -> None:
    value = read_spoken(words, bare=False)
    assert value is None or 1 <= value <= 999
    folded = [fold_diacritics(w) for w in words]
    assert value is None or read_spoken(folded, bare=True) in (value, None)
