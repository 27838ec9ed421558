"""Callback data is parsed, never trusted: every part checked for count, kind and range."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ui import callbacks
from bot.ui.callbacks import SQLITE_MAX, Action, Callback, pack, parse, pattern
from handlers import broadcast, export
from handlers.report import ops as report_ops


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("1re:42", (Action.REPORT_EDIT, (42,))),
        (f"1re:{SQLITE_MAX}", (Action.REPORT_EDIT, (SQLITE_MAX,))),
        ("1mr:p:0", (Action.MY_REPORTS, ("p", 0))),
        ("1mr:x:7", (Action.MY_REPORTS, ("x", 7))),
        ("1rp:3:cat:vneid", (Action.REPORT, (3, "cat", "vneid"))),
        ("1rp:3:date:2026-11-27", (Action.REPORT, (3, "date", date(2026, 11, 27)))),
        (
            "1ex:a:20261101:20261130:5",
            (Action.EXPORT, ("a", date(2026, 11, 1), date(2026, 11, 30), 5)),
        ),
        ("1pm:role:9:coordinator", (Action.PROMOTE, ("role", 9, "coordinator"))),
        ("1tg:period:2026-11", (Action.TARGET, ("period", "2026-11"))),
        ("1bs:yes:3", (Action.BROADCAST_STOP, ("yes", 3))),
        ("1lg:en", (Action.LANGUAGE, ("en",))),
        ("1np", (Action.USE_PROFILE_NAME, ())),
    ],
)
def test_well_formed_data_is_read_into_typed_parts(data, expected):
    assert parse(data) == Callback(*expected)


@pytest.mark.parametrize(
    "data",
    [
        "",
        "1",
        "0re:42",  # another version
        "2re:42",
        "1zz:1",  # an action that does not exist
        f"1re:{SQLITE_MAX + 1}",  # beyond SQLite's integers
        "1re:99999999999999999999999",
        "1re:0",  # ids start at 1
        "1re:-3",
        "1re:+3",
        "1re:007",  # leading zeros: not how the bot writes numbers
        "1re:１２",  # full-width digits
        "1re:٣",  # Arabic-Indic digit
        "1re:4 2",
        "1re:4e2",
        "1re",  # a part missing
        "1re:42:1",  # a part too many
        "1mr:z:1",  # an unknown operation
        "1mr:d",  # truncated
        "1mr:",
        "1pv:erase",  # no such step: nothing falls through to a default
        "1pv:yes:1",
        "1rp:3:frobnicate",
        "1rp:1000:send",  # card numbers go to 999
        "1rp:3:cat:VNEID",  # form ids are lower case
        "1rp:3:date:2026-13-01",
        "1rp:3:date:2026-2-1",
        "1ex:a:20261101:2026113:5",
        "1tg:period:2026-13",
        "1pm:role:9:emperor",
        "1lg:fr",
        "1sm:decade",
        "1bs:3",  # stopping needs its confirmation step
        "1jc:ok\n",
        "1jc:ok:",
    ],
)
def test_malformed_or_forged_data_is_refused(data):
    assert parse(data) is None
    assert not any(pattern(action)(data) for action in Action)


def test_data_over_64_bytes_is_refused_both_ways():
    long_token = "a" * 32
    assert parse(f"1rp:1:cat:{long_token}") is not None
    assert parse("1rp:1:cat:" + "a" * 60) is None
    with pytest.raises(ValueError):
        pack(Action.CONSENT, "đ" * 40)


def test_pack_refuses_what_parse_would_refuse():
    with pytest.raises(ValueError):
        pack(Action.MY_REPORTS, "z", 1)
    with pytest.raises(ValueError):
        pack(Action.REPORT_EDIT, SQLITE_MAX + 1)
    assert parse(pack(Action.MY_REPORTS, "d", 12)) == Callback(Action.MY_REPORTS, ("d", 12))


def test_every_shape_has_its_handler_and_its_words():
    assert report_ops.OPERATIONS.keys() == callbacks.REPORT_OPERATIONS.keys()
    assert export.PERIODS.keys() == set(callbacks.EXPORT_PERIODS)
    assert broadcast.AUDIENCES.keys() == set(callbacks.AUDIENCES)


@given(st.text(max_size=80))
def test_any_text_parses_or_is_none_without_raising(data):
    parsed = parse(data)
    if parsed is not None:
        assert pattern(parsed.action)(data)


@given(st.sampled_from(list(Action)), st.lists(st.text(max_size=12), max_size=4))
def test_random_parts_under_a_real_action_never_raise(action, parts):
    parsed = parse(":".join(["1" + action.value, *parts]))
    assert parsed is None or parsed.action is action
