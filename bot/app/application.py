"""The composition root: `build_application(settings)` wires everything the bot runs on."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    ContextTypes,
    Defaults,
)

import handlers
import schedules
from bot.app.context import CURRENT_MEMBER, CURRENT_TEAM, CnsContext, Deps
from bot.app.settings import Settings
from bot.core import logs
from bot.core.clock import Clock, SystemClock, iso_utc
from bot.core.i18n import CURRENT_CHANNEL, Texts
from bot.domain.form import FormError, load_form
from bot.transports.concurrency import PerUserProcessor
from bot.transports.ratelimit import RetryingRateLimiter
from bot.transports.zalo.setup import build_zalo_bridge
from bot.transports.zalo.transport import ZaloBridge, ZaloRequest
from bot.ui import menu
from storage import chat_links, updates
from storage.chat_ids import Channel
from storage.db import Database
from storage.persistence import SQLitePersistence

logger = logging.getLogger(__name__)


class CnsApplication(Application):
    """PTB's Application, plus the bot's dependencies and two per-update duties."""

    def __init__(self, *, deps: Deps, channel: Channel, primary: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.deps = deps
        # One application per messenger, all over one database: the first built (primary)
        # runs the scheduled jobs and closes the database last.
        self.channel = channel
        self.primary = primary
        self.zalo: ZaloBridge | None = None
        # Updates handled whose "handled" mark waits for the next commit (update_persistence).
        self._unmarked: dict[int, asyncio.Future[None]] = {}
        self._commit_lock = asyncio.Lock()

    async def initialize(self) -> None:
        """Open the database before PTB loads persistence from it."""
        await self.deps.db.open()
        await super().initialize()
        handlers.groups.configure(self)  # getMe has said whether the bot can join groups

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
        if self.primary:
            await self.deps.db.close()

    async def process_update(self, update: object) -> None:
        """Handle an update once: skip replays, load the sender, save dialog state after."""
        db = self.deps.db
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        user = update.effective_user
        update_id = update.update_id
        arrival = await updates.arrival(db.reader, update_id, user.id if user else None)
        if arrival.seen:
            logger.info("Update %s was handled before; skipped", update_id)
            return
        member = arrival.member
        if member is None and user is not None:
            # A chat linked to a member on their other messenger: messages now go here.
            member = await chat_links.switch_to(db, user.id, iso_utc(self.deps.clock.now()))
        token = CURRENT_MEMBER.set(member)
        team_token = CURRENT_TEAM.set(arrival.team)
        channel_token = CURRENT_CHANNEL.set(self.channel)
        log_tokens = (
            logs.UPDATE_ID.set(update.update_id),
            logs.MEMBER_ID.set(member.id if member else None),
        )
        started = time.perf_counter()
        kind = "callback" if update.callback_query else "message"
        try:
            if self.zalo is not None and self.zalo.kept(update):
                # Its meaning is read only now, after this user's earlier updates.
                translated = await self._translated(update)
                kind = "callback" if translated and translated.callback_query else "message"
            else:
                translated = update
            if translated is not None:
                await super().process_update(translated)
        finally:
            # Nothing awaited between the handler's end and here: the state it left and this
            # update are in the next commit together (see update_persistence).
            handled = self._handled(update_id)
            # One line per update, with ids only: no names, texts or phone numbers in logs.
            logger.info(
                "update=%s kind=%s user=%s member=%s team=%s ms=%.0f",
                update_id,
                kind,
                user.id if user else None,
                member.id if member else None,
                member.team_id if member else None,
                (time.perf_counter() - started) * 1000,
            )
            CURRENT_MEMBER.reset(token)
            CURRENT_TEAM.reset(team_token)
            CURRENT_CHANNEL.reset(channel_token)
            logs.UPDATE_ID.reset(log_tokens[0])
            logs.MEMBER_ID.reset(log_tokens[1])
            # PTB would save dialog state once a minute; a crash in between would send a
            # volunteer back to an earlier question. State and "handled" commit together.
            try:
                if not handled.done():
                    await self.update_persistence()
            finally:
                await handled  # committed, here or by another update's commit; or its error

    async def _translated(self, update: Update) -> Update | None:
        """A kept Zalo update as the handlers see it; None when the transport answered it
        itself, or could not read it (the user is told, as for any handler's failure)."""
        assert self.zalo is not None
        try:
            body = await self.zalo.translate(update)
        except Exception as error:
            await self.process_error(update=update, error=error)
            return None
        return None if body is None else Update.de_json(body, self.bot)

    def _handled(self, update_id: int) -> asyncio.Future[None]:
        """Put an update's "handled" mark in the next commit; the future tells when it is."""
        future = self._unmarked.get(update_id)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._unmarked[update_id] = future
        return future

    async def update_persistence(self) -> None:
        """Commit the dialog state PTB holds changed, with the marks of the updates handled.

        Updates of different users are handled at once (bot.concurrency), and PTB saves the
        state every handled update changed, whoever's. So the marks of every update handled
        since the last commit go into the same commit as that state: no update's state is
        committed without its mark, nor its mark without its state. PTB's own calls (its
        timer, stop) go through here as well.
        """
        async with self._commit_lock:
            # Nothing is awaited between taking the marks and PTB taking the state to save.
            marks, self._unmarked = self._unmarked, {}
            try:
                async with self.deps.db.batched() as batch:
                    await super().update_persistence()
                    now = iso_utc(self.deps.clock.now())
                    for update_id in marks:
                        await updates.mark(batch, update_id, now)
            except BaseException as error:
                self.persistence.forget_written()  # type: ignore[union-attr]
                for future in marks.values():
                    if isinstance(error, Exception):
                        future.set_exception(error)
                    else:
                        future.cancel()
                raise
            for future in marks.values():
                future.set_result(None)


def build_deps(settings: Settings, *, clock: Clock | None = None) -> Deps:
    """What every application of one deployment shares: settings, database, clock, texts."""
    form = load_form(settings.form_path)
    unknown = [i for i in settings.review_indicators if i not in form.indicators]
    if unknown:  # a typo here would silently review nothing
        raise FormError(
            [f"REVIEW_INDICATORS names {', '.join(unknown)}, not an indicator of the form"]
        )
    return Deps(
        settings=settings,
        db=Database(settings.database_path),
        clock=clock or SystemClock(),
        texts=Texts(settings.default_language, settings.province),
        form=form,
    )


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    channel: Channel = "telegram",
    deps: Deps | None = None,
    processor: BaseUpdateProcessor | None = None,
    read_timeout: float | None = None,
    retry_delays: tuple[float, ...] | None = None,
) -> CnsApplication:
    """Build the bot exactly as production runs it; tests point it at the Bot API double.

    Pass the `deps` of an application already built to serve a second messenger from the
    same database and jobs. `processor` replaces the one that handles users concurrently,
    each user's updates in order (the benchmark's baseline is PTB's serial one);
    `read_timeout` (PTB's 5 s) and `retry_delays` (bot.ratelimit's) shorten the waits of a
    Telegram call that hangs, for benchmarks at a small scale.
    """
    deps = deps or build_deps(settings, clock=clock)
    primary = not deps.bots
    builder = ApplicationBuilder().application_class(
        CnsApplication, {"deps": deps, "channel": channel, "primary": primary}
    )
    bridge = None
    if channel == "zalo":
        if settings.zalo_bot_token is None:
            raise ValueError("ZALO_BOT_TOKEN is required to serve Zalo")
        bridge = build_zalo_bridge(settings, deps)
        builder = (
            builder.token(settings.zalo_bot_token.get_secret_value())
            .base_url("zalo:")
            .base_file_url("zalo:file/")
            .request(ZaloRequest(bridge))
            .get_updates_request(ZaloRequest(bridge, read_timeout=None))
        )
        rate = settings.zalo_send_rate
    else:
        if settings.bot_token is None:
            raise ValueError("BOT_TOKEN is required to build the application")
        builder = (
            builder.token(settings.bot_token.get_secret_value())
            .base_url(settings.telegram_api_url)
            .base_file_url(settings.telegram_file_url)
        )
        rate = settings.send_rate
        if read_timeout is not None:
            builder = builder.read_timeout(read_timeout)
    retrying: dict[str, Any] = {} if retry_delays is None else {"retry_delays": retry_delays}
    application = (
        builder.defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=settings.tz,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(
            # The outbox worker paces bulk sends itself; this cap must not sit below its rate.
            RetryingRateLimiter(max_retries=3, overall_max_rate=max(30.0, rate), **retrying)
        )
        .persistence(SQLitePersistence(deps.db))
        .context_types(ContextTypes(context=CnsContext))
        .concurrent_updates(processor or PerUserProcessor())
        .updater(None)  # bot.polling confirms updates only once handled
        .build()
    )
    application.zalo = bridge  # type: ignore[attr-defined]
    deps.bots[channel] = application.bot
    handlers.register(application)
    if primary:
        schedules.register(application)
    return application  # type: ignore[return-value]
