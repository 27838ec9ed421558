"""Local time questions every job asks: quiet hours, the week, the next allowed moment."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


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
