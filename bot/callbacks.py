"""Callback data: typed, versioned, built and parsed only here, always within 64 bytes.

Format: "<version><action>[:arg]*" — e.g. "1jc:ok". A button from an older version of the bot
(or an action that no longer exists) parses to None and is answered as an expired card.
"""

from __future__ import annotations

import re
from enum import StrEnum

VERSION = "1"
MAX_BYTES = 64


class Action(StrEnum):
    """What a button does; the value is the short tag stored in the button."""

    CONSENT = "cs"
    USE_PROFILE_NAME = "np"
    JOIN_CONFIRM = "jc"
    SWITCH_TEAM = "sw"
    LANGUAGE = "lg"
    REPORT = "rp"  # a button on the live card of the report dialog: card number, operation
    REPORT_MORE = "rs"  # start another report for a day
    REPORT_EDIT = "re"  # correct a stored report
    REPORT_RESUME = "rr"  # continue or drop a paused draft
    MY_REPORTS = "mr"  # page through, or delete, one's own reports
    EXPORT = "ex"  # choose the period and area of an Excel export
    REMINDER = "rm"  # remind me later, or I'm away until a day
    PRIVACY = "pv"  # erase my personal data
    PROMOTE = "pm"  # an admin appoints someone: person, role, area
    SUMMARY = "sm"  # the period of an on-demand summary
    BROADCAST = "bc"  # a choice while composing a broadcast
    BROADCAST_STOP = "bs"  # stop a broadcast being sent
    REMINDER_RULE = "ru"  # an admin switches or moves a reminder rule
    DEADLINE = "dl"  # a choice while setting a deadline
    TARGET = "tg"  # a choice while setting a target


def pack(action: Action, *args: str | int) -> str:
    """Build the callback data for one button."""
    data = ":".join([VERSION + action.value, *(str(a) for a in args)])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def unpack(data: str | None) -> tuple[Action, list[str]] | None:
    """Parse callback data, or return None for anything this version did not make."""
    if not data or not data.startswith(VERSION):
        return None
    head, *args = data[len(VERSION) :].split(":")
    try:
        return Action(head), args
    except ValueError:
        return None


def pattern(action: Action) -> re.Pattern[str]:
    """Return the regex a CallbackQueryHandler uses to pick one action's buttons."""
    return re.compile(rf"^{VERSION}{action.value}(:|$)")
