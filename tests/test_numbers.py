"""Typed counts: what Vietnamese volunteers type, and what the bot takes from it."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.numbers import FoundNumber, NumberProblem, parse_count, read_number, scan_numbers

MAX = 1_000_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("12 người", 12),
        ("12người", 12),
        ("khoảng 12 người", 12),
        ("1.234", 1234),
        ("1,234", 1234),
        ("1 234", 1234),
        ("1\u202f234", 1234),  # a narrow no-break space, as phones group digits
        ("12.000", 12_000),
        ("1.234.567", NumberProblem.TOO_BIG),
        ("１２", 12),
        ("+12", 12),
        ("007", 7),
        ("0", 0),
        ("1.5", NumberProblem.DECIMAL),
        ("1,5", NumberProblem.DECIMAL),
        ("2.50", NumberProblem.DECIMAL),
        ("1.234,5", NumberProblem.DECIMAL),
        ("-3", NumberProblem.NEGATIVE),
        ("- 3", NumberProblem.NEGATIVE),
        ("−3", NumberProblem.NEGATIVE),
        ("âm 3", NumberProblem.NEGATIVE),
        ("mười hai", NumberProblem.NOT_A_NUMBER),
        ("abc", NumberProblem.NOT_A_NUMBER),
        ("", NumberProblem.EMPTY),
        (" \n ", NumberProblem.EMPTY),
        ("12 và 13", NumberProblem.SEVERAL),
        ("12 13", NumberProblem.SEVERAL),
        ("12, 13", NumberProblem.SEVERAL),
        ("10-12", NumberProblem.SEVERAL),
    ],
)
def test_what_people_type(text: str, expected: int | NumberProblem) -> None:
    assert parse_count(text, maximum=MAX) == expected


def test_bounds() -> None:
    assert parse_count("1001", maximum=1000) == NumberProblem.TOO_BIG
    assert parse_count("1000", maximum=1000) == 1000
    assert parse_count("0", minimum=1, maximum=1000) == NumberProblem.TOO_SMALL
    assert parse_count("1", minimum=1, maximum=1000) == 1
    assert parse_count("1.234.567", maximum=10**7) == 1_234_567


def test_thousands_of_digits_are_too_big_and_quick() -> None:
    started = time.perf_counter()
    assert parse_count("9" * 5000, maximum=MAX) == NumberProblem.TOO_BIG
    assert parse_count("1." + ".".join(["000"] * 2000), maximum=MAX) == NumberProblem.TOO_BIG
    assert parse_count("0" * 5000 + "12", maximum=MAX) == 12
    assert parse_count("-" + "9" * 5000, maximum=MAX) == NumberProblem.NEGATIVE
    assert time.perf_counter() - started < 0.5


def test_scan_gives_each_number_its_place() -> None:
    assert scan_numbers("tt 3 tk -25 gd, 1 234 và 1,5") == [
        FoundNumber(3, 4, 3),
        FoundNumber(8, 11, NumberProblem.NEGATIVE),
        FoundNumber(16, 21, 1234),
        FoundNumber(25, 28, NumberProblem.DECIMAL),
    ]


@given(st.integers(0, 10**6), st.sampled_from(["{}", "{:,}", "{:_}"]), st.booleans())
def test_any_count_written_any_way_reads_back(n: int, style: str, unit: bool) -> None:
    written = style.format(n).replace("_", ".") + (" người" if unit else "")
    assert parse_count(written, maximum=MAX) == n


@given(st.integers(max_value=-1), st.sampled_from(["{}", "{:,}", "{:_}"]))
def test_negative_numbers_are_negative(n: int, style: str) -> None:
    assert parse_count(style.format(n).replace("_", "."), maximum=MAX) == NumberProblem.NEGATIVE


NUMBERISH = st.text(alphabet="0123456789.,  -−+âm１ người\n", max_size=40)


@given(st.one_of(st.text(), NUMBERISH), st.integers(0, 100), st.integers(0, 10_000))
def test_any_text_gives_a_count_in_range_or_a_problem(text: str, low: int, span: int) -> None:
    result = parse_count(text, minimum=low, maximum=low + span)
    assert isinstance(result, NumberProblem) or low <= result <= low + span


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("12", 12),
        ("1.234", 1234),
        ("1,234", 1234),
        ("12.000", 12_000),
        ("１２", 12),  # full-width digits, as NFKC reads them
        ("１．２３４", 1234),
        ("007", 7),
        ("+5", 5),
        ("1,5", NumberProblem.DECIMAL),
        ("1.234,5", NumberProblem.DECIMAL),
        ("-3", NumberProblem.NEGATIVE),
        ("−2,5", NumberProblem.NEGATIVE),
        ("1e9", NumberProblem.NOT_A_NUMBER),
        ("12abc", NumberProblem.NOT_A_NUMBER),
        ("10-12", NumberProblem.NOT_A_NUMBER),
        ("12%", NumberProblem.NOT_A_NUMBER),
        ("12/5", NumberProblem.NOT_A_NUMBER),
        ("٫5", NumberProblem.NOT_A_NUMBER),  # an Arabic decimal separator
        ("١٢", NumberProblem.NOT_A_NUMBER),  # Arabic-Indic digits: refused, not split
        ("²", NumberProblem.NOT_A_NUMBER),
        ("1..2", NumberProblem.NOT_A_NUMBER),
        (".5", NumberProblem.NOT_A_NUMBER),
        ("", NumberProblem.NOT_A_NUMBER),
    ],
)
def test_a_whole_token_is_one_number_or_none(token: str, expected: int | NumberProblem) -> None:
    assert read_number(token) == expected
