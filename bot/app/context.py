"""What every handler gets: the bot's dependencies and the sender's member record."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot, filters

from bot.app.settings import Settings
from bot.core.clock import Clock
from bot.core.i18n import DateStyle, Texts
from bot.domain.form import Form
from storage import teams
from storage.chat_ids import channel_of
from storage.db import Database
from storage.members import Member
from storage.teams import Team

# The member behind the update being processed, and their team, loaded once by the application
# before any handler or filter looks at the update (filters can't await a database query).
CURRENT_MEMBER: ContextVar[Member | None] = ContextVar("current_member", default=None)
CURRENT_TEAM: ContextVar[Team | None] = ContextVar("current_team", default=None)


@dataclass(slots=True)
class Deps:
    """What handlers and jobs need from outside: read once, passed down."""

    settings: Settings
    db: Database
    clock: Clock
    texts: Texts
    form: Form
    # The outbox workers, one per channel served (schedules.start_delivery adds them).
    workers: list[Any] = field(default_factory=list)
    # The bot of each messenger served ("telegram", "zalo"), set as applications are built.
    bots: dict[str, Any] = field(default_factory=dict)

    def bot_for(self, chat_id: int) -> Any:
        """Return the bot that reaches a chat: the one of its messenger, else the first."""
        return self.bots.get(channel_of(chat_id)) or next(iter(self.bots.values()))

    def wake_delivery(self) -> None:
        """Tell every channel's outbox worker that new rows are due."""
        for worker in self.workers:
            worker.wake()


class CnsContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The callback context with the bot's dependencies and the sender's member record."""

    member: Member | None = None
    team: Team | None = None  # the team loaded with the member; see member_team()

    @classmethod
    def from_update(cls, update: object, application: Application) -> CnsContext:
        """Build the context and attach the member (and team) loaded for this update."""
        context = super().from_update(update, application)
        context.member = CURRENT_MEMBER.get()
        context.team = CURRENT_TEAM.get()
        return context

    @property
    def deps(self) -> Deps:
        """Return the application's dependencies."""
        return self.application.deps  # type: ignore[attr-defined]

    @property
    def language(self) -> str:
        """Return the language to answer in: the member's, else the one picked, else default."""
        if self.member is not None:
            return self.member.language
        if self.user_data and self.user_data.get("language"):
            return self.user_data["language"]
        return self.deps.settings.default_language

    @property
    def linking(self) -> bool:
        """Whether members may link a second messenger: this deployment serves two."""
        return len(self.deps.settings.channels) > 1

    async def member_team(self) -> Team | None:
        """Return the member's team: the one loaded with the update, unless the member moved."""
        member = self.member
        if member is None or member.team_id is None:
            return None
        if self.team is None or self.team.id != member.team_id:
            self.team = await teams.get(self.deps.db.reader, member.team_id)
        return self.team

    def t(self, text_id: str, **args: object) -> str:
        """Render a catalog text in the caller's language (string args are escaped)."""
        return self.deps.texts.get(self.language, text_id, **args)

    def date(self, value: date, style: DateStyle = "day") -> str:
        """Write a date in the caller's language (Texts.date): 27/11/2026, 27/11, 17:00 27/11."""
        return self.deps.texts.date(self.language, value, style)


class _Registered(filters.UpdateFilter):
    """Updates from someone with an active membership (or an admin)."""

    def __init__(self, registered: bool) -> None:
        super().__init__(name="REGISTERED" if registered else "UNREGISTERED")
        self.registered = registered

    def filter(self, update: Update) -> bool:
        member = CURRENT_MEMBER.get()
        active = member is not None and member.status == "active"
        return active is self.registered


REGISTERED = _Registered(True)
UNREGISTERED = _Registered(False)
