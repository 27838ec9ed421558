"""The composition root: `build_application(settings)` wires everything the bot runs on."""

from __future__ import annotations

import logging
import time
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
)

import handlers
import schedules
from bot import menu
from bot.clock import Clock, SystemClock, iso_utc
from bot.context import CURRENT_MEMBER, CURRENT_TEAM, CnsContext, Deps
from bot.form import load_form
from bot.i18n import Texts
from bot.ratelimit import RetryingRateLimiter
from bot.settings import Settings
from storage import updates
from storage.db import Database
from storage.persistence import SQLitePersistence

logger = logging.getLogger(__name__)

# getUpdates ignores any other kind of update, so the bot never pays for what it can't use.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


class CnsApplication(Application):
    """PTB's Application, plus the bot's dependencies and two per-update duties."""

    def __init__(self, *, deps: Deps, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.deps = deps

    async def initialize(self) -> None:
        """Open the database before PTB loads persistence from it."""
        await self.deps.db.open()
        await super().initialize()

    async def start(self) -> None:
        """Start PTB, then the bot's own start-up work: command menus, the delivery worker."""
        await super().start()
        await menu.set_default_commands(self.bot, self.deps.texts)
        await schedules.start_delivery(self)

    async def stop(self) -> None:
        """Stop the delivery worker (after the sends in flight), then PTB."""
        await schedules.stop_delivery(self)
        await super().stop()

    async def shutdown(self) -> None:
        """Close the database after PTB has flushed persistence into it."""
        await super().shutdown()
        await self.deps.db.close()

    async def process_update(self, update: object) -> None:
        """Handle an update once: skip replays, load the sender, save dialog state after."""
        db = self.deps.db
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        user = update.effective_user
        arrival = await updates.arrival(db.reader, update.update_id, user.id if user else None)
        if arrival.seen:
            logger.info("Update %s was handled before; skipped", update.update_id)
            return
        member = arrival.member
        token = CURRENT_MEMBER.set(member)
        team_token = CURRENT_TEAM.set(arrival.team)
        started = time.perf_counter()
        try:
            await super().process_update(update)
        finally:
            # One line per update, with ids only: no names, texts or phone numbers in logs.
            logger.info(
                "update=%s kind=%s user=%s member=%s team=%s ms=%.0f",
                update.update_id,
                "callback" if update.callback_query else "message",
                user.id if user else None,
                member.id if member else None,
                member.team_id if member else None,
                (time.perf_counter() - started) * 1000,
            )
            CURRENT_MEMBER.reset(token)
            CURRENT_TEAM.reset(team_token)
            # PTB would save dialog state once a minute; a crash in between would send a
            # volunteer back to an earlier question. State and "handled" commit together.
            try:
                async with db.batched() as batch:
                    await self.update_persistence()
                    await updates.mark(batch, update.update_id, iso_utc(self.deps.clock.now()))
            except BaseException:
                self.persistence.forget_written()  # type: ignore[union-attr]
                raise


def build_application(settings: Settings, *, clock: Clock | None = None) -> CnsApplication:
    """Build the bot exactly as production runs it; tests point it at the Bot API double."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is required to build the application")
    deps = Deps(
        settings=settings,
        db=Database(settings.database_path),
        clock=clock or SystemClock(),
        texts=Texts(settings.default_language),
        form=load_form(settings.form_path),
    )
    application = (
        ApplicationBuilder()
        .application_class(CnsApplication, {"deps": deps})
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=settings.tz,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(
            # The outbox worker paces bulk sends itself; this cap must not sit below its rate.
            RetryingRateLimiter(max_retries=3, overall_max_rate=max(30.0, settings.send_rate))
        )
        .persistence(SQLitePersistence(deps.db))
        .context_types(ContextTypes(context=CnsContext))
        .concurrent_updates(False)
        .updater(None)  # bot.polling confirms updates only once handled
        .build()
    )
    handlers.register(application)
    schedules.register(application)
    return application  # type: ignore[return-value]
