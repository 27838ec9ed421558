"""The reminder message: what it says and its three buttons (report now, later, away)."""

from __future__ import annotations

from bot.core.i18n import Texts
from bot.ui.callbacks import Action, pack


def reminder_payload(texts: Texts, language: str, scope: str, day_iso: str, day_shown: str):
    """The reminder message with its three buttons."""
    text_id = "remind-day" if scope == "day" else "remind-week"
    buttons = [
        [
            {
                "text": texts.plain(language, "remind-report-now"),
                "callback_data": pack(Action.REPORT_MORE, day_iso),
            }
        ],
        [
            {
                "text": texts.plain(language, "remind-later"),
                "callback_data": pack(Action.REMINDER, "later"),
            }
        ],
        [
            {
                "text": texts.plain(language, "remind-away"),
                "callback_data": pack(Action.REMINDER, "away"),
            }
        ],
    ]
    return {"text": texts.get(language, text_id, date=day_shown), "buttons": buttons}
