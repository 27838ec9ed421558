"""Callback data: typed, versioned, built and parsed only here, always within 64 bytes.

Format: "<version><action>[:arg]*" — e.g. "1jc:ok". Every action declares the shapes its
buttons may have (literal words and typed parts: an id, a page, a date...). `parse` accepts
data only when it fits one of them exactly — count, kind and range of every part — and
returns the parts as typed values; anything else (an older version, a truncated or forged
button, an unknown operation, an id beyond SQLite's integers) is None, answered as an expired
card, and changes nothing. `pack` checks its own output the same way, so the bot never makes a
button it would refuse.

The same parser serves every channel: a number typed on Zalo becomes the callback data of the
option it names, and is parsed here like a press on Telegram.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from telegram import Update

from bot.core.i18n import LANGUAGES

VERSION = "1"
MAX_BYTES = 64
SQLITE_MAX = 2**63 - 1  # the largest id SQLite can store


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
    REVIEW = "rv"  # a reviewer's answer on a review card: report id, round, operation
    RETURNED = "rt"  # a member's answer to a report returned to them: correct or keep it


# --- the kinds of parts ---------------------------------------------------------------------

Part = Callable[[str], Any]  # returns the typed value, or None when the text is not of its kind
_DIGITS = re.compile(r"(0|[1-9][0-9]{0,18})")
_TOKEN = re.compile(r"[a-z0-9_-]{1,32}")


def number(low: int, high: int) -> Part:
    """A whole number in [low, high], in plain ASCII digits without sign or leading zeros."""

    def read(text: str) -> int | None:
        if not _DIGITS.fullmatch(text):
            return None
        value = int(text)
        return value if low <= value <= high else None

    return read


def day(pattern: str) -> Part:
    """A date written with this strftime pattern, exactly as `pack` writes it."""

    def read(text: str) -> date | None:
        try:
            value = datetime.strptime(text, pattern).date()
        except ValueError:
            return None
        return value if value.strftime(pattern) == text else None

    return read


def token(text: str) -> str | None:
    """An identifier of the form (a category or an indicator, or "-" for none).

    The caller checks that it exists.
    """
    return text if _TOKEN.fullmatch(text) else None


def period(text: str) -> str | None:
    """A target period: a year ("2026") or a month ("2026-11")."""
    if re.fullmatch(r"20[0-9]{2}", text):
        return text
    if re.fullmatch(r"20[0-9]{2}-(0[1-9]|1[0-2])", text):
        return text
    return None


ID = number(1, SQLITE_MAX)
PAGE = number(0, 9_999)
CARD = number(1, 999)
INDEX = number(0, 99)
ISO_DAY = day("%Y-%m-%d")
COMPACT_DAY = day("%Y%m%d")
ROUND = number(1, 9_999)  # a report's review round: cards of older rounds are stale

# A shape is a sequence of parts: a literal word matches itself, a Part reads a typed value.
Shape = tuple["str | Part", ...]


def words(*choices: str) -> Part:
    """One of a few fixed words."""
    allowed = frozenset(choices)
    return lambda text: text if text in allowed else None


class ReportOp(StrEnum):
    """What a button of the report card does; the value is the word stored in the button."""

    CATEGORY = "cat"
    DAY = "day"
    DATE = "date"
    SAME = "same"
    SKIP = "skip"
    NOTE = "note"
    NO_NOTE = "nonote"
    EDIT = "edit"
    FIELD = "field"
    BACK = "back"
    CANCEL = "cancel"
    SEND = "send"
    ADD = "add"  # a repeated day goes beside the reports already sent that day
    REPLACE = "replace"  # ... or replaces them
    SURE = "sure"  # an unusual value is right (✅ Đúng)
    RETYPE = "retype"  # ... or it is typed again (✏️ Sửa)
    REASON = "reason"  # why a confirmed report is corrected: a reason picked by its index


# The report card's operations, each with its own arguments.
REPORT_OPERATIONS: dict[ReportOp, Shape] = {
    ReportOp.CATEGORY: (token,),
    ReportOp.DAY: (),
    ReportOp.DATE: (ISO_DAY,),
    ReportOp.SAME: (),
    ReportOp.SKIP: (),
    ReportOp.NOTE: (),
    ReportOp.NO_NOTE: (),
    ReportOp.EDIT: (),
    ReportOp.FIELD: (INDEX,),
    ReportOp.BACK: (),
    ReportOp.CANCEL: (),
    ReportOp.SEND: (),
    ReportOp.ADD: (),
    ReportOp.REPLACE: (),
    ReportOp.SURE: (),
    ReportOp.RETYPE: (),
    ReportOp.REASON: (INDEX,),
}
EXPORT_PERIODS = ("tm", "lm", "tw", "7d", "ty")
SUMMARY_PERIODS = ("today", "yesterday", "week", "month")
ROLES = ("member", "leader", "coordinator", "admin")
AUDIENCES = ("reporters", "leaders", "coordinators", "everyone")

SHAPES: dict[Action, tuple[Shape, ...]] = {
    Action.CONSENT: (("yes",), ("no",)),
    Action.USE_PROFILE_NAME: ((),),
    Action.JOIN_CONFIRM: (("ok",), ("name",), ("phone",), ("cancel",)),
    Action.SWITCH_TEAM: (("yes",), ("no",)),
    Action.LANGUAGE: ((words(*LANGUAGES),),),
    Action.REPORT: tuple((CARD, op, *args) for op, args in REPORT_OPERATIONS.items()),
    Action.REPORT_MORE: ((ISO_DAY,),),
    Action.REPORT_EDIT: ((ID,),),
    Action.REPORT_RESUME: (("go",), ("new",)),
    # p: a page; d, x, k: ask to delete, delete, keep; h: a report's history.
    Action.MY_REPORTS: (("p", PAGE), ("d", ID), ("x", ID), ("k", ID), ("h", ID)),
    Action.EXPORT: (
        ("p", words(*EXPORT_PERIODS)),
        ("g", COMPACT_DAY, COMPACT_DAY, PAGE),
        ("a", COMPACT_DAY, COMPACT_DAY, ID),
    ),
    Action.REMINDER: (("later",), ("away",), ("until", ISO_DAY)),
    Action.PRIVACY: (("ask",), ("yes",), ("no",)),
    Action.PROMOTE: (
        ("who", ID),
        ("role", ID, words(*ROLES)),
        ("page", ID, PAGE),
        ("area", ID, ID),
    ),
    Action.SUMMARY: ((words(*SUMMARY_PERIODS),),),
    Action.BROADCAST: (
        ("page", PAGE),
        ("area", ID),
        ("roles", words(*AUDIENCES)),
        ("filter", words("all", "unreported")),
        ("when", words("now", "hour", "morning", "cancel")),
    ),
    Action.BROADCAST_STOP: (("ask", ID), ("yes", ID), ("no", ID)),
    Action.REMINDER_RULE: ((words("toggle", "earlier", "later"), ID),),
    Action.DEADLINE: (
        ("due", COMPACT_DAY),
        ("cat", token),
        ("page", PAGE),
        ("area", ID),
    ),
    Action.TARGET: (("ind", token), ("page", PAGE), ("area", ID), ("period", period)),
    # ok: confirm; back: return (then a reason: "why" + its index, or "type" to type one);
    # fix: a coordinator corrects the numbers.
    Action.REVIEW: (
        ("ok", ID, ROUND),
        ("back", ID, ROUND),
        ("why", ID, ROUND, INDEX),
        ("type", ID, ROUND),
        ("fix", ID, ROUND),
        # /review opens a card; a correction's steps (on the live card of its dialog): the
        # value to correct, a reason picked by index, or "type one".
        ("open", ID),
        ("num", INDEX),
        ("fixwhy", INDEX),
        ("fixtype",),
    ),
    Action.RETURNED: (("fix", ID, ROUND), ("keep", ID, ROUND)),
}


@dataclass(frozen=True)
class Callback:
    """A button press that fits its action's shape: the action and its typed parts.

    Literal words of the shape are kept as parts too, so `args[0]` is the operation where a
    shape starts with one.
    """

    action: Action
    args: tuple[Any, ...]


def _fit(shape: Shape, texts: list[str]) -> tuple[Any, ...] | None:
    if len(shape) != len(texts):
        return None
    values = []
    for part, text in zip(shape, texts, strict=True):
        if isinstance(part, str):
            if text != part:
                return None
            values.append(text)
            continue
        value = part(text)
        if value is None:
            return None
        values.append(value)
    return tuple(values)


def parse(data: object) -> Callback | None:
    """Read callback data into a typed Callback, or None for anything this version did not make."""
    if not isinstance(data, str) or not data.startswith(VERSION):
        return None
    if len(data.encode("utf-8")) > MAX_BYTES:
        return None
    head, *texts = data[len(VERSION) :].split(":")
    try:
        action = Action(head)
    except ValueError:
        return None
    for shape in SHAPES[action]:
        values = _fit(shape, texts)
        if values is not None:
            return Callback(action, values)
    return None


def _text(arg: object) -> str:
    if isinstance(arg, date):
        raise TypeError("pack dates as text in the shape's own format")
    return str(arg)


def pack(action: Action, *args: str | int) -> str:
    """Build the callback data for one button; refuse data that `parse` would not accept."""
    data = ":".join([VERSION + action.value, *(_text(a) for a in args)])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    if parse(data) is None:
        raise ValueError(f"callback data fits no shape of {action.name}: {data!r}")
    return data


def pattern(action: Action) -> Callable[[object], bool]:
    """Return the test a CallbackQueryHandler uses to pick one action's well-formed buttons.

    Malformed data matches no handler and reaches the catch-all that answers "expired".
    """

    def matches(data: object) -> bool:
        parsed = parse(data)
        return parsed is not None and parsed.action is action

    return matches


def pressed(update: Update) -> tuple[Any, ...]:
    """The typed parts of the button behind this update (its handler's pattern checked them)."""
    parsed = parse(update.callback_query.data if update.callback_query else None)
    if parsed is None:  # only reachable if a handler is registered without `pattern`
        raise ValueError("a callback handler got data that fits no shape")
    return parsed.args
