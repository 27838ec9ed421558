"""Quick reports typed outside any dialog, read against the default form."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.form import alias_key, load_form
from bot.domain.numbers import NumberProblem
from bot.domain.quick import QuickItem, QuickProblem, QuickReport, parse_quick
from bot.domain.typed_numbers import Grouped, TooMany, WrongNumber, fill, parse_numbered

FORM = load_form()
TOO_BIG, DECIMAL, NEGATIVE = NumberProblem.TOO_BIG, NumberProblem.DECIMAL, NumberProblem.NEGATIVE


def read(text: str) -> tuple[dict[str, dict[str, int]], int, tuple[str, ...]]:
    """Return a quick report's items as a dict, its day and what was not understood."""
    report = parse_quick(text, FORM)
    assert report is not None and not report.problems
    return {i.category: i.values for i in report.items}, report.days_ago, report.not_understood


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("vneid 12, dvc 5, tt 30", {"vneid": {"residents_helped": 12},
         "dvc": {"online_applications": 5}, "tt": {"payment_accounts": 30}}),
        ("hôm nay hỗ trợ 12 người cài VNeID", {"vneid": {"residents_helped": 12}}),
        ("VNEID 12 NGUOI; DVC 4 HS", {"vneid": {"residents_helped": 12},
         "dvc": {"online_applications": 4}}),
        ("tuyên truyền 2 buổi 80 người", {"tuyen_truyen": {"sessions": 2, "attendees": 80}}),
        ("kích hoạt 5 tài khoản vneid", {"vneid": {"vneid_activated": 5}}),
        ("vneid 12người 3 tk mức 2", {"vneid": {"residents_helped": 12, "vneid_activated": 3}}),
        ("tt tài khoản 3 giao dịch 25", {"tt": {"payment_accounts": 3,
         "payment_transactions": 25}}),
        ("Thanh toán: giao dịch thành công 25", {"tt": {"payment_transactions": 25}}),
        ("tt 1.234 gd", {"tt": {"payment_transactions": 1234}}),
        ("trực 10 người, 3 hồ sơ", {"truc": {"residents_helped": 10, "online_applications": 3}}),
        ("nộp 5 hồ sơ", {"dvc": {"online_applications": 5}}),
        ("vneid 12, 5 hồ sơ dvc", {"vneid": {"residents_helped": 12},
         "dvc": {"online_applications": 5}}),
        ("tuyên truyền cho người dân 2 buổi", {"tuyen_truyen": {"sessions": 2}}),
        ("tuyên truyền 2 lớp học", {"tuyen_truyen": {"sessions": 2}}),
        ("vneid - 3", {"vneid": {"residents_helped": 3}}),
        ("🪪 vneid", {"vneid": {}}),
        ("TMĐT 4, y te 3, attt 2 khác 1", {"tmdt": {"residents_helped": 4},
         "yte": {"residents_helped": 3}, "attt": {"residents_helped": 2},
         "khac": {"residents_helped": 1}}),
    ],
)  # fmt: skip
def test_what_volunteers_type(text: str, items: dict[str, dict[str, int]]) -> None:
    assert read(text) == (items, 0, ())


def test_yesterday_and_a_chunk_going_on_with_its_category() -> None:
    assert read("Hôm qua: thanh toán 3 tài khoản, 25 giao dịch") == (
        {"tt": {"payment_accounts": 3, "payment_transactions": 25}},
        1,
        (),
    )
    assert read("bdhvs 2 lớp 30 học viên hqua")[1] == 1


def test_what_is_not_used_is_said_as_typed() -> None:
    assert read("vneid 5 Giao Dịch, xyz dvc 3 hồ sơ.") == (
        {"vneid": {}, "dvc": {"online_applications": 3}},
        0,
        ("5 Giao Dịch", "xyz"),
    )
    assert read("vneid 1 2 3 4")[2] == ("1 2 3 4",)  # each could be residents (rule 6)
    assert read("hôm nay vneid 3, hôm qua dvc 2")[1:] == (0, ("hôm qua",))


def test_numbers_that_cannot_count_are_explained() -> None:
    report = parse_quick("vneid 1001 người, tt 2,5; dvc -3, vneid 600, vneid 500", FORM)
    assert report == QuickReport(
        items=(QuickItem("vneid", {}), QuickItem("tt", {}), QuickItem("dvc", {})),
        not_understood=("1001 người", "2,5", "-3", "600", "500"),
        problems=(
            QuickProblem("1001 người", "vneid", "residents_helped", TOO_BIG),
            QuickProblem("2,5", "tt", "payment_accounts", DECIMAL),
            QuickProblem("-3", "dvc", "online_applications", NEGATIVE),
        ),
        given_twice=("600", "500"),  # 600 or 500: never their sum
    )


def test_words_before_the_first_category_belong_to_it_across_chunks() -> None:
    assert read("hỗ trợ 8 người, kích hoạt 5 tài khoản vneid") == (
        {"vneid": {"residents_helped": 8, "vneid_activated": 5}},
        0,
        (),
    )
    assert read("12 người\nvneid") == ({"vneid": {"residents_helped": 12}}, 0, ())


def test_each_number_goes_with_its_nearest_unit_word() -> None:
    assert read("kích hoạt 5 tài khoản VNeID mức 2 cho 5 người") == (
        {"vneid": {"residents_helped": 5, "vneid_activated": 5}},
        0,
        (),
    )
    assert read("vneid 12 người 3 tk")[0] == {
        "vneid": {"residents_helped": 12, "vneid_activated": 3}
    }
    assert read("tt 3 tk 25 gd")[0] == {"tt": {"payment_accounts": 3, "payment_transactions": 25}}


@pytest.mark.parametrize(
    ("text", "items", "not_understood"),
    [
        # Two numbers for one indicator: neither, and never their sum.
        ("vneid 5, vneid 7 người", {"vneid": {}}, ("5", "7 người")),
        ("vneid 5 người, 7 người", {"vneid": {}}, ("5 người", "7 người")),
        ("5 vneid 3 tt", {"vneid": {}, "tt": {}}, ("5", "3")),
        ("vneid 12 người 3 tk, 4 tk", {"vneid": {"residents_helped": 12}}, ("3 tk", "4 tk")),
        # "25 gd" and "3" for the accounts, or "25" for the accounts and "gd 3"?
        ("tt 25 gd 3", {"tt": {}}, ("25 gd 3",)),
        ("tài khoản 3 người vneid", {"vneid": {}}, ("tài khoản 3 người",)),
        ("kích hoạt 5 người vneid", {"vneid": {}}, ("kích hoạt 5 người",)),
        ("tt 3 tk 5 gd 7", {"tt": {"payment_accounts": 3, "payment_transactions": 7}}, ("5",)),
        # "12 hồ sơ" for dvc, or 12 people for vneid and "hồ sơ 5"?
        ("vneid 12 hồ sơ 5", {"vneid": {}, "dvc": {}}, ("12 hồ sơ 5",)),
        # A word not understood next to a number without a unit might be its unit.
        ("dvc 5 hộ", {"dvc": {}}, ("5 hộ",)),
        ("vneid 2 trăm người", {"vneid": {}}, ("2 trăm",)),
    ],
)  # fmt: skip
def test_a_number_that_could_mean_two_things_is_not_understood(
    text: str, items: dict[str, dict[str, int]], not_understood: tuple[str, ...]
) -> None:
    assert read(text) == (items, 0, not_understood)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("vneid 1e9", "1e9"),
        ("vneid 12abc", "12abc"),
        ("vneid ٫5", "٫5"),
        ("vneid ١٢", "١٢"),
        ("vneid 5²", "5²"),
        ("vneid 10-12 người", "10-12"),
        ("vneid 50%", "50%"),
        ("vneid ~10 người", "~10"),
        ("vneid 12/5", "12/5"),
        ("vneid 8h30", "8h30"),
        ("vneid 1 234 người", "1 234"),  # 1234, or 1 and 234?
        ("tt 3 250 gd", "3 250"),
    ],
)
def test_a_token_that_is_no_plain_number_is_refused_whole(text: str, fragment: str) -> None:
    assert read(text) == ({"vneid" if "vneid" in text else "tt": {}}, 0, (fragment,))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("vneid １２", 12),
        ("vneid １２người", 12),
        ("vneid 1\u202f234 người", None),  # grouped by a narrow no-break space: 1234 > 1000
        ("vneid 1\u00a0000 người", 1000),
        ("vneid (12)", 12),
        ("vneid: 12 👍", 12),
        ("vneid 12người", 12),
        ("vneid 12.", 12),
    ],
)
def test_numbers_as_phones_and_people_type_them(text: str, value: int | None) -> None:
    report = parse_quick(text, FORM)
    assert report is not None
    assert report.items[0].values.get("residents_helped") == value
    assert report.not_understood == (() if value else (report.problems[0].text,))


@pytest.mark.parametrize("text", ["", "xin chào", "hello 12", "không báo cáo được vì ốm"])
def test_no_category_is_no_quick_report(text: str) -> None:
    assert parse_quick(text, FORM) is None


def _plain_aliases(category) -> list[str]:
    """A category's aliases that are no unit word (those depend on context, rule 3)."""
    units = {alias_key(a) for indicator in FORM.indicators.values() for a in indicator.aliases}
    return [alias for alias in category.aliases if alias_key(alias) not in units]


@st.composite
def typed_reports(draw: st.DrawFn) -> tuple[str, dict[str, dict[str, int]]]:
    """Draw a quick report as a member would type it, with the items it means."""
    categories = draw(
        st.lists(st.sampled_from(FORM.active_categories()), min_size=1, max_size=4,
                 unique_by=lambda category: category.id)
    )  # fmt: skip
    parts, expected = [], {}
    for category in categories:
        chosen = draw(st.lists(st.sampled_from(category.indicators), min_size=1, unique=True))
        words = [draw(st.sampled_from(_plain_aliases(category)))]
        values = expected.setdefault(category.id, {})
        for indicator_id in chosen:
            indicator = FORM.indicators[indicator_id]
            values[indicator_id] = draw(st.integers(indicator.min, indicator.max))
            style = draw(st.sampled_from(["{}", "{:,}"]))
            unit = draw(st.sampled_from(indicator.aliases))
            words.append(f"{style.format(values[indicator_id]).replace(',', '.')} {unit}")
        parts.append(" ".join(words))
    return draw(st.sampled_from([", ", "; ", "\n", " "])).join(parts), expected


@given(typed_reports())
def test_typed_items_read_back(typed: tuple[str, dict[str, dict[str, int]]]) -> None:
    text, expected = typed
    assert read(text) == (expected, 0, ())


WORDS = sorted(
    {a for category in FORM.categories for a in category.aliases}
    | {a for indicator in FORM.indicators.values() for a in indicator.aliases}
    | {"hôm nay", "hôm qua", "hỗ trợ", "xyz", "12", "0", "1.5", "-3", "1 234", "99999", ",", ";",
       ":", "-", "\n", "1,", "5.000"}
)  # fmt: skip
MESSAGES = st.one_of(st.text(), st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))


@given(MESSAGES)
def test_any_text_reads_into_known_ids_within_bounds(text: str) -> None:
    report = parse_quick(text, FORM)
    if report is None:
        return
    assert report.days_ago in (0, 1)
    for item in report.items:
        category = FORM.category(item.category)
        assert category is not None and not category.retired
        for indicator_id, value in item.values.items():
            assert indicator_id in category.indicators
            indicator = FORM.indicators[indicator_id]
            assert indicator.min <= value <= indicator.max
    for problem in report.problems:
        assert problem.indicator in FORM.category(problem.category).indicators
        assert problem.text in unicodedata.normalize("NFC", text)
    for fragment in report.not_understood:
        assert fragment and fragment in unicodedata.normalize("NFC", text)


# Few words, so that numbers often meet the same indicator twice.
FEW = ["vneid", "tt", "dvc", "12", "7", "1.234", "1e9", "10-12", "người", "tk", "hồ sơ", "gd",
       "kích hoạt", "mức 2", "cho", ",", "\n", "hôm qua"]  # fmt: skip


@given(st.lists(st.sampled_from(FEW), max_size=10).map(" ".join))
def test_every_value_was_typed_as_such(text: str) -> None:
    """Never a sum, never digits of a longer token: each value is a whole number as typed."""
    report = parse_quick(text, FORM)
    whole = (word for word in text.split() if re.fullmatch(r"[0-9]+(?:\.[0-9]{3})*", word))
    typed = {int(word.replace(".", "")) for word in whole}
    for item in () if report is None else report.items:
        assert set(item.values.values()) <= typed, text


def test_a_long_chain_of_numbers_and_units_is_refused_not_summed() -> None:
    # Telegram's longest message; how fast it is read is measured, not asserted here.
    text = ("tt " + "3 tk 5 gd " * 400)[:4096]
    report = parse_quick(text, FORM)
    assert report is not None
    assert all(not item.values for item in report.items)  # 400 numbers per field: no sum
    assert report.given_twice


# --- typed by number: "3 5 12 2" ---------------------------------------------------------


@pytest.mark.parametrize("phone", ["0912 345 678", "+84 912 345 678", "0912.345.678"])
def test_a_phone_number_is_no_numbered_report(phone):
    assert parse_numbered(phone, FORM) is None


def test_numbered_reads_the_activity_by_its_card_number_and_its_numbers_in_order():
    typed = parse_numbered("3 5 1.234 2", FORM)
    category = FORM.active_categories()[2]
    assert typed is not None and (typed.number, typed.category) == (3, category.id)
    assert fill(FORM.indicators_of(category), typed.values) == dict(
        zip(category.indicators, (5, 1234, 2), strict=True)
    )
    assert parse_numbered("3 5, 12, 2", FORM).values.numbers == (("5", 5), ("12", 12), ("2", 2))


@pytest.mark.parametrize("text", ["12", "1 12 người", "vneid 12", "1,5 3", "", "1 mười hai"])
def test_numbered_is_numbers_only_after_an_activity(text):
    assert parse_numbered(text, FORM) is None


def test_numbered_never_guesses():
    vneid = FORM.indicators_of(FORM.active_categories()[0])
    assert fill(vneid, parse_numbered("1 5 12 2", FORM).values) == TooMany(2, 3)
    assert fill(vneid, parse_numbered("1 1 234", FORM).values) == Grouped("1 234")
    assert fill(vneid, parse_numbered("1 -3", FORM).values) == WrongNumber(
        "residents_helped", "-3", NEGATIVE
    )
    assert fill(vneid, parse_numbered("1 5 1,5", FORM).values) == WrongNumber(
        "vneid_activated", "1,5", DECIMAL
    )
    assert fill(vneid, parse_numbered("1 99999", FORM).values) == WrongNumber(
        "residents_helped", "99999", TOO_BIG
    )
    assert parse_numbered("15 3", FORM).category is None  # no activity 15: said, not guessed
    assert fill(vneid, parse_numbered("1 7", FORM).values) == {"residents_helped": 7}
