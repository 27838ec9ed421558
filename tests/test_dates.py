"""Dates in texts go through one place, Texts.date (Babel patterns per language)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.i18n import Texts

TEXTS = Texts()
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_style_writes_what_the_texts_always_showed(language):
    day = date(2026, 11, 7)
    moment = datetime(2026, 11, 27, 7, 5, tzinfo=HANOI)
    assert TEXTS.date(language, day) == "07/11/2026"
    assert TEXTS.date(language, day, "short") == "07/11"
    assert TEXTS.date(language, day, "month") == "11/2026"
    assert TEXTS.date(language, moment, "time") == "07:05 27/11"
    assert TEXTS.date(language, moment, "datetime") == "07:05 27/11/2026"
    assert TEXTS.date(language, moment) == "27/11/2026"


def test_a_datetime_keeps_its_own_zone_and_an_unknown_language_falls_back():
    late = datetime(2026, 11, 27, 23, 30, tzinfo=HANOI)
    assert TEXTS.date("vi", late, "datetime") == "23:30 27/11/2026"
    assert TEXTS.date(None, date(2026, 1, 2)) == "02/01/2026"
    with pytest.raises(TypeError):
        TEXTS.date("vi", date(2026, 1, 2), "time")
