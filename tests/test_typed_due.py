"""Deadlines typed the Vietnamese way: each form, and what it gives on a known clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.timing import parse_due, typed_form

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Friday 27/11/2026, 09:00 in Hà Nội.
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=TZ)


def at(day: int, month: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("6/12 17h", at(6, 12, 17)),
        ("17 giờ 6/12", at(6, 12, 17)),
        ("17 gio 6/12", at(6, 12, 17)),  # typed without diacritics
        ("5 giờ chiều", at(27, 11, 17)),  # no day: today
        ("5h chiều 6/12", at(6, 12, 17)),
        ("17:30 ngày 6/12", at(6, 12, 17, 30)),
        ("17 giờ 30 phút ngày 6/12", at(6, 12, 17, 30)),
        ("6/12 17h30", at(6, 12, 17, 30)),
        ("30/11 17:00", at(30, 11, 17)),
        ("30.11 17.00", at(30, 11, 17)),
        ("30/11/2026 8h", at(30, 11, 8)),
        ("6/12/26 17h", at(6, 12, 17)),
        ("6/12", at(6, 12, 17)),  # a day alone: 17:00, as the buttons say
        ("thứ 2 17h", at(30, 11, 17)),
        ("thứ hai 17h", at(30, 11, 17)),
        ("T7 8h", at(28, 11, 8)),
        ("chủ nhật 10h", at(29, 11, 10)),
        ("mai 17h", at(28, 11, 17)),
        ("5 giờ chiều mai", at(28, 11, 17)),
        ("7 giờ tối ngày mai", at(28, 11, 19)),
        ("12 giờ trưa thứ 2", at(30, 11, 12)),
        ("17h hôm nay", at(27, 11, 17)),
        ("17h 30", at(27, 11, 17, 30)),
        ("hạn chót 17h ngày 30/11", at(30, 11, 17)),
        ("thứ 2 ngày 30/11 17h", at(30, 11, 17)),  # the weekday agrees with the date
    ],
)
def test_forms_that_name_one_moment(typed, due):
    assert parse_due(typed, NOW, TZ).due == due


@pytest.mark.parametrize(
    ("typed", "problem", "example"),
    [
        ("5h 6/12", "ambiguous-hour", at(6, 12, 17)),  # 05:00 or 17:00?
        ("3 giờ", "ambiguous-hour", at(28, 11, 15)),
        ("thứ 6 17h", "ambiguous-weekday", at(4, 12, 17)),  # today is Friday: this one or next?
        ("8h", "past", at(28, 11, 8)),  # 08:00 today has passed
        ("26/11 17h", "past", at(26, 11, 17, year=2027)),  # no year: never rolled on silently
        ("31/02 17:00", "unreadable", None),
        ("thứ 3 ngày 30/11", "unreadable", None),  # 30/11 is a Monday
        ("xyz 17h", "unreadable", None),
        ("17", "unreadable", None),
        ("chiều", "unreadable", None),
        ("17h sáng 6/12", "unreadable", None),
        ("6/12 7/12 17h", "unreadable", None),
    ],
)
def test_forms_that_are_asked_again(typed, problem, example):
    typed_due = parse_due(typed, NOW, TZ)
    assert (typed_due.due, typed_due.problem, typed_due.example) == (None, problem, example)


def test_suggestions_are_written_the_way_people_type():
    assert typed_form(at(6, 12, 17), NOW.date()) == "6/12 17h"
    assert typed_form(at(6, 12, 17, 30), NOW.date()) == "6/12 17h30"
    assert typed_form(at(5, 1, 17, year=2027), NOW.date()) == "5/1/2027 17h"
