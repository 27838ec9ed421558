"""The choices layer: what a typed text picks, the same rules for every channel."""

from __future__ import annotations

from bot.ui.callbacks import Action, pack
from bot.ui.choices import NotOffered, match, numbers_are_values, options_of

CONSENT = options_of(
    {
        "inline_keyboard": [
            [
                {"text": "✅ Đồng ý", "callback_data": pack(Action.CONSENT, "yes")},
                {"text": "Không đồng ý", "callback_data": pack(Action.CONSENT, "no")},
            ]
        ]
    }
)


def test_a_number_and_a_label_pick_the_same_button():
    assert match("1", CONSENT) == match("dong y", CONSENT) == match("Đồng ý!", CONSENT)
    assert match("2", CONSENT)["value"] == pack(Action.CONSENT, "no")


def test_a_number_not_offered_is_told_apart_from_text():
    assert match("3", CONSENT) == NotOffered(3, 2)
    assert match("có lẽ", CONSENT) is None


def test_numbers_are_values_beside_skip_only():
    value_card = [
        {"label": "⏭ Bỏ qua", "kind": "callback", "value": pack(Action.REPORT, 4, "skip")}
    ]
    assert numbers_are_values(value_card)
    assert match("1", value_card) is None
    assert match("bo qua", value_card) == value_card[0]
    assert not numbers_are_values(CONSENT)
