"""Text catalogs: both languages complete, arguments escaped, callback data within limits."""

import re

import pytest

from bot.core.i18n import Html, MissingText, Texts
from bot.domain.names import clean_name
from bot.domain.phones import display_phone, normalize_phone
from bot.ui import menu
from bot.ui.callbacks import Action, Callback, pack, parse
from bot.ui.choices import callback_options, match

texts = Texts()


def test_catalogs_have_the_same_ids():
    assert texts.ids("vi") == texts.ids("en")


def test_vietnamese_catalog_has_diacritics():
    assert "Chào mừng" in texts.get("vi", "join-welcome", team="T", area="A")


def test_string_arguments_are_escaped_and_html_is_not():
    rendered = texts.get("vi", "join-done", name="<b>&Lan", team=Html("<i>ok</i>"))
    assert "&lt;b&gt;&amp;Lan" in rendered
    assert "<i>ok</i>" in rendered


def test_missing_text_raises():
    with pytest.raises(MissingText):
        texts.get("vi", "no-such-text")


def test_numbers_are_formatted_the_vietnamese_way():
    assert texts.get("vi", "help-line", command="x", description=1200) == "/x — 1.200"


def test_command_descriptions_fit_telegram_limits():
    for language in ("vi", "en"):
        for command in menu.COMMANDS:
            assert re.fullmatch(r"[a-z0-9_]{1,32}", command.name)
            assert 1 <= len(texts.plain(language, command.text_id)) <= 256


def test_callback_data_round_trip_and_limit():
    data = pack(Action.JOIN_CONFIRM, "ok")
    assert parse(data) == Callback(Action.JOIN_CONFIRM, ("ok",))
    assert parse("0jc:ok") is None  # another version
    assert parse("1zz") is None  # an action that no longer exists
    with pytest.raises(ValueError):
        pack(Action.CONSENT, "đ" * 40)  # 80 bytes although 40 characters


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0387654321", "+84387654321"),
        ("0212345678", None),  # a landline prefix
        ("091234567", None),
        ("abc", None),
    ],
)
def test_phone_numbers(typed, expected):
    assert normalize_phone(typed) == expected


def test_phone_display():
    assert display_phone("+84912345678") == "0912 345 678"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  Nguyễn   Thị Lan ", "Nguyễn Thị Lan"),
        ("Lan <b>&", "Lan <b>&"),
        ("A", None),
        ("12345", None),
        ("x" * 81, None),
        ("Lan\u200b\u202e", "Lan"),
    ],
)
def test_names(typed, expected):
    assert clean_name(typed) == expected


def test_typed_choice():
    three = callback_options(["1a", "1b", "1c"])
    assert match(" 2 ", three) == three[1]
    assert match("2.", three) == three[1]
    assert not isinstance(match("4", three), dict)
    assert not isinstance(match("0", three), dict)
    assert match("hai", three) is None


def test_plain_drops_catalog_tags_but_keeps_escaped_arguments():
    assert texts.plain("vi", "join-done", name="<b>&Lan", team="T").startswith(
        "🎉 Xong rồi! <b>&Lan đã là"
    )


def test_lists_are_cut_to_a_budget_and_say_how_many_are_left():
    from bot.core.i18n import fit, shorten

    assert shorten("Nguyễn Thị Lan", 40) == "Nguyễn Thị Lan"
    assert shorten("x" * 50, 10) == "x" * 9 + "…"
    items = [f"item{n}" for n in range(100)]
    kept = fit(items, 50, lambda count: f"+{count}")
    assert kept[-1] == f"+{100 - (len(kept) - 1)}"
    assert sum(len(k) + 1 for k in kept[:-1]) <= 51
    assert fit(items[:3], 50, lambda count: "never") == items[:3]
