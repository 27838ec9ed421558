"""The sandbox's clock: real time plus an offset that only ever grows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo

from bot.core.clock import Clock, SystemClock

# How many days ahead a jump looks for a day that suits it (a week covers any weekly rule).
SEARCH_DAYS = 8


class SandboxClock:
    """Runs at real speed; jumps forward to a chosen local time, never back."""

    def __init__(
        self, tz: tzinfo, offset: timedelta = timedelta(0), real: Clock | None = None
    ) -> None:
        self.tz = tz
        self._offset = max(offset, timedelta(0))
        self._real = real or SystemClock()

    @property
    def offset(self) -> timedelta:
        """How far ahead of real time the sandbox runs."""
        return self._offset

    def now(self) -> datetime:
        """Return the sandbox's current UTC time."""
        return self._real.now() + self._offset

    def local_now(self) -> datetime:
        """Return the sandbox's current time where the teams live."""
        return self.now().astimezone(self.tz)

    def next_at(self, at: time, *, suits: Callable[[date], bool] = lambda day: True) -> datetime:
        """Return the next local `at` (today if still ahead) on a day that `suits`."""
        local = self.local_now()
        for days in range(SEARCH_DAYS):
            day = local.date() + timedelta(days=days)
            moment = datetime.combine(day, at, tzinfo=self.tz)
            if moment > local and suits(day):
                return moment
        return datetime.combine(local.date() + timedelta(days=1), at, tzinfo=self.tz)

    def tomorrow_at(self, at: time) -> datetime:
        """Return `at` local time on the next day."""
        day = self.local_now().date() + timedelta(days=1)
        return datetime.combine(day, at, tzinfo=self.tz)

    def jump_to(self, moment: datetime) -> datetime:
        """Move forward to `moment` (a moment already past changes nothing); return now."""
        ahead = moment - self.now()
        if ahead > timedelta(0):
            self._offset += ahead
        return self.local_now()
