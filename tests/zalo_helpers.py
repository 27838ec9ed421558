"""Running the bot on Zalo (alone or beside Telegram) against the doubles, and Zalo users."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

from aiohttp import web

from bot.app.application import CnsApplication, build_application
from bot.app.settings import Settings
from bot.core.clock import FrozenClock
from bot.doubles.zalo import StoredZaloMessage, ZaloDouble
from bot.transports.telegram import ALLOWED_UPDATES
from bot.transports.telegram.polling import poll
from bot.transports.zalo.web import build_zalo_web
from schedules.tick import tick
from storage.db import Database

ZALO_TOKEN = "987654321:ZALO-TEST-SECRET"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Deployment:
    """One process's applications (one per messenger configured) over one database."""

    def __init__(self, settings: Settings, clock: FrozenClock) -> None:
        self.settings = settings
        self.clock = clock
        self.apps: list[CnsApplication] = []
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._web: web.AppRunner | None = None

    async def start(self) -> None:
        deps = None
        for channel in self.settings.channels:
            app = build_application(self.settings, clock=self.clock, channel=channel, deps=deps)
            deps = app.deps
            self.apps.append(app)
        for app in self.apps:
            await app.initialize()
        for app in self.apps:
            await app.start()
        for name in ("tick", "broadcast_progress"):
            for job in self.apps[0].job_queue.get_jobs_by_name(name):
                job.schedule_removal()
        zalo = self.app("zalo")
        if zalo is not None:
            zalo.zalo.outbound.edit_quiet_seconds = 0.0  # tests see every edit at once
            if self.settings.public_url is not None:
                port = int(self.settings.public_url.rsplit(":", 1)[1])
                secret = self.settings.zalo_webhook_secret
                self._web = web.AppRunner(
                    build_zalo_web(
                        zalo,
                        webhook_path="/zalo/webhook" if secret else None,
                        secret=secret.get_secret_value() if secret else None,
                    )
                )
                await self._web.setup()
                await web.TCPSite(self._web, "127.0.0.1", port).start()
        self._stop = asyncio.Event()
        for app in self.apps:
            if app.channel == "zalo" and self.settings.zalo_webhook_url:
                continue
            allowed = ALLOWED_UPDATES if app.channel == "telegram" else None
            self._tasks.append(
                asyncio.create_task(poll(app, self._stop, poll_timeout=1, allowed_updates=allowed))
            )

    def app(self, channel: str) -> CnsApplication | None:
        return next((a for a in self.apps if a.channel == channel), None)

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:
            await task
        self._tasks = []
        if self._web is not None:
            await self._web.cleanup()
            self._web = None
        for app in reversed(self.apps):
            await app.stop()
        for app in reversed(self.apps):
            await app.shutdown()
        self.apps = []

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def tick(self) -> dict:
        done = await tick(self.apps[0].deps)
        self.apps[0].deps.wake_delivery()
        return done

    @property
    def db(self) -> Database:
        return self.apps[0].deps.db


class ZaloPerson:
    """A Zalo user typing to the bot; counts the messages they send."""

    def __init__(self, zalo: ZaloDouble, name: str) -> None:
        self.zalo = zalo
        self.zalo_id = zalo.add_user(name)
        self.sent = 0

    def seen(self) -> int:
        return len(self.zalo.bot_messages(self.zalo_id))

    async def say(self, text: str, *, expect: str | None = None) -> StoredZaloMessage:
        """Type a message; return the bot's next message (the first containing `expect`)."""
        seen = self.seen()
        self.sent += 1
        self.zalo.send_text(self.zalo_id, text)
        return await self.zalo.wait_for_bot_message(self.zalo_id, contains=expect, after=seen)

    async def _send(self, send: Callable[[], object], expect: str | None) -> StoredZaloMessage:
        seen = self.seen()
        self.sent += 1
        send()
        return await self.zalo.wait_for_bot_message(self.zalo_id, contains=expect, after=seen)

    async def send_image(
        self, caption: str | None = None, *, expect: str | None = None, **options: str
    ) -> StoredZaloMessage:
        """Send an image (ZaloDouble.send_image's options); return the bot's next message."""
        return await self._send(
            lambda: self.zalo.send_image(self.zalo_id, caption, **options), expect
        )

    async def send_sticker(self, *, expect: str | None = None) -> StoredZaloMessage:
        """Send a sticker; return the bot's next message."""
        return await self._send(lambda: self.zalo.send_sticker(self.zalo_id), expect)

    async def send_voice(self, *, expect: str | None = None) -> StoredZaloMessage:
        """Send a voice note; return the bot's next message."""
        return await self._send(lambda: self.zalo.send_voice(self.zalo_id), expect)

    async def send_unsupported(self, *, expect: str | None = None) -> StoredZaloMessage:
        """Send what bots can't see; return the bot's next message."""
        return await self._send(lambda: self.zalo.send_unsupported(self.zalo_id), expect)

    @property
    def last(self) -> StoredZaloMessage:
        return self.zalo.bot_messages(self.zalo_id)[-1]

    async def internal_id(self, db: Database) -> int:
        async with db.reader.execute(
            "SELECT n FROM zalo_users WHERE zalo_id = ?", (self.zalo_id,)
        ) as cursor:
            (n,) = await cursor.fetchone()
        return 2**52 + n
