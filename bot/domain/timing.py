"""Local time questions: quiet hours, the week, the next allowed moment, a typed deadline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from bot.domain.form import fold_diacritics


def in_quiet_hours(moment: time, quiet: tuple[time, time]) -> bool:
    """Tell whether a local time falls in the quiet hours (which may cross midnight)."""
    start, end = quiet
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def working_days(first: date, last: date, holidays: set[date]) -> int:
    """Count the days first..last (inclusive) that are Monday–Friday and not holidays."""
    count, day = 0, first
    while day <= last:
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


def after_quiet_hours(moment: datetime, quiet: tuple[time, time], tz: tzinfo) -> datetime:
    """Return `moment`, or the end of the quiet hours it falls in (an aware datetime)."""
    local = moment.astimezone(tz)
    if not in_quiet_hours(local.time(), quiet):
        return moment
    end = datetime.combine(local.date(), quiet[1], tzinfo=tz)
    if end <= local:
        end += timedelta(days=1)
    return end


def week_of(day: date) -> tuple[date, date]:
    """Return Monday and Sunday of the week containing `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


# --- Deadlines typed in chat: "6/12 17h", "17 giờ 6/12", "5 giờ chiều mai", "thứ 6 17h" ---

DUE_HOUR = 17  # a day given without a time is due at 17:00, as the buttons say
Problem = Literal["unreadable", "ambiguous-hour", "ambiguous-weekday", "past"]

# Matched on the text folded (lower case, no diacritics): "17 giờ" is "17 gio".
_SLASH_DATE = re.compile(
    r"(?<![\d:.])(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?!\d)"
)
_DOT_DATE = re.compile(r"(?<![\d:])(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?(?![\d.])")
_DOT_TIME = re.compile(r"(?<![\d:])(\d{1,2})\.(\d{2})(?![\d.])")
_TIME = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*(?::\s*(\d{2})|(?:h|g|gio)(?:\s*(\d{2})(?:\s*(?:p|phut))?)?)(?![a-z\d])"
)
_WEEKDAY = re.compile(
    r"\b(?:thu\s*(2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|t\s?([2-7])|chu\s*nhat|cn)\b"
)
_WEEKDAY_WORDS = {"hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7}
_RELATIVE = re.compile(r"\b(hom nay|ngay mai|mai|ngay kia)\b")
_RELATIVE_DAYS = {"hom nay": 0, "ngay mai": 1, "mai": 1, "ngay kia": 2}
_PERIOD = re.compile(r"\b(sang|trua|chieu|toi|dem)\b")
# Words that say nothing about the moment: "hạn chót lúc 17h ngày 6/12", "trước 17h thứ 6".
_FILLER = re.compile(r"\b(ngay|luc|vao|truoc|han|chot|cua|nhe|nha)\b")


@dataclass(frozen=True, slots=True)
class TypedDue:
    """What a typed deadline says: the moment, or why it cannot be taken as it is."""

    due: datetime | None
    problem: Problem | None = None
    hour: int | None = None  # the hour that could be morning or afternoon
    example: datetime | None = None  # a moment the person may have meant, to suggest
    read: datetime | None = None  # the moment read, when it has passed


def _take(pattern: re.Pattern[str], text: str) -> tuple[list[re.Match[str]], str]:
    found = list(pattern.finditer(text))
    return found, pattern.sub(" ", text)


def _hour_in_period(hour: int, period: str | None) -> int | None:
    """The 24-hour hour of "5 giờ chiều"; None if the hour does not fit the period."""
    if period is None:
        return hour
    if period == "sang":
        return hour if 1 <= hour <= 11 else None
    if period == "trua":
        return {11: 11, 12: 12, 1: 13, 2: 14}.get(hour, hour if 13 <= hour <= 14 else None)
    low, high = {"chieu": (1, 6), "toi": (6, 11), "dem": (9, 11)}[period]
    if low <= hour <= high:
        return hour + 12
    return hour if low + 12 <= hour <= high + 12 else None


def _day_named(text: str, today: date) -> tuple[date | None, bool, str] | None:
    """Find the day named: (the day or None, whether it is a weekday that is today, the rest).

    None when the day cannot be read: an impossible date, two days that disagree.
    """
    dates, text = _take(_SLASH_DATE, text)
    if dates:  # beside a slash date, "17.30" is a time
        text = _DOT_TIME.sub(lambda m: f"{m[1]}:{m[2]}", text)
    else:
        dates, text = _take(_DOT_DATE, text)
        if len(dates) == 2:  # "30.11 17.00": the date first, then the time
            text = f"{text} {dates[1][1]}:{dates[1][2]}"
            dates = dates[:1]
    weekdays, text = _take(_WEEKDAY, text)
    relatives, text = _take(_RELATIVE, text)
    if max(len(dates), len(weekdays), len(relatives)) > 1:
        return None
    named: set[date] = set()
    if dates:
        day, month, year = dates[0].groups()
        full_year = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
        try:
            named.add(date(full_year, int(month), int(day)))
        except ValueError:
            return None
    if relatives:
        named.add(today + timedelta(days=_RELATIVE_DAYS[relatives[0][1]]))
    if len(named) > 1:
        return None
    if weekdays:
        given = weekdays[0][1] or weekdays[0][2]
        # "Thứ 2" (the second day) is Monday, ISO weekday 1; chủ nhật is 7.
        weekday = 7 if given is None else int(_WEEKDAY_WORDS.get(given, given)) - 1
        if named:
            return (
                (named.pop(), False, text) if next(iter(named)).isoweekday() == weekday else None
            )
        ahead = (weekday - today.isoweekday()) % 7
        return today + timedelta(days=ahead), ahead == 0, text
    return (named.pop() if named else None), False, text


def parse_due(typed: str, now: datetime, tz: tzinfo) -> TypedDue:
    """Read a deadline typed the Vietnamese way; never guess what it does not say.

    A day without a time is due at 17:00; a time without a day is today. "5 giờ" with no
    "sáng"/"chiều" and an hour before 7 could be either, a weekday that is today could be
    this week or the next, and a moment already past is not taken: each says so instead.
    """
    text = " ".join(fold_diacritics(typed).replace(",", " ").split())
    today = now.astimezone(tz).date()
    found = _day_named(text, today)
    if found is None:
        return TypedDue(None, "unreadable")
    day, weekday_is_today, text = found
    times, text = _take(_TIME, text)
    periods, text = _take(_PERIOD, text)
    text = _FILLER.sub(" ", text)
    if len(times) > 1 or len(periods) > 1 or re.search(r"[a-z\d]", text):
        return TypedDue(None, "unreadable")
    if not times and (periods or day is None):
        return TypedDue(None, "unreadable")
    hour, minute = DUE_HOUR, 0
    if times:
        match = times[0]
        hour, minute = int(match[1]), int(match[2] or match[3] or 0)
        period = periods[0][1] if periods else None
        fitted = _hour_in_period(hour, period)
        if fitted is None or fitted > 23 or minute > 59:
            return TypedDue(None, "unreadable")
        if period is None and 1 <= hour < 7:
            suggest = datetime.combine(day or today + timedelta(days=1), time(hour + 12), tz)
            return TypedDue(None, "ambiguous-hour", hour=hour, example=suggest)
        hour = fitted
    moment = time(hour, minute)
    if weekday_is_today:
        assert day is not None
        return TypedDue(
            None,
            "ambiguous-weekday",
            example=datetime.combine(day + timedelta(days=7), moment, tz),
        )
    due = datetime.combine(day or today, moment, tz)
    if due <= now:
        later = due.replace(year=due.year + 1) if due.date() < today else due + timedelta(days=1)
        return TypedDue(None, "past", example=later, read=due)
    return TypedDue(due)


def typed_form(moment: datetime, today: date) -> str:
    """Write a moment the way people type it: "6/12 17h", "6/12 17h30", "5/1/2027 17h"."""
    day = f"{moment.day}/{moment.month}"
    if moment.year != today.year:
        day += f"/{moment.year}"
    return f"{day} {moment.hour}h{moment.minute:02d}" if moment.minute else f"{day} {moment.hour}h"
