"""Build the Zalo transport's parts from the settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Bot

from bot.app.context import Deps
from bot.app.settings import Settings
from bot.transports.zalo.api import ZaloApi
from bot.transports.zalo.links import FileLinks, link_key
from bot.transports.zalo.transport import ZaloBridge


def build_zalo_bridge(settings: Settings, deps: Deps) -> ZaloBridge:
    """The bridge the Zalo application's request objects share."""
    assert settings.zalo_bot_token is not None
    token = settings.zalo_bot_token.get_secret_value()
    links = None
    if settings.public_url is not None:
        links = FileLinks(
            settings.public_url,
            link_key(token),
            deps.db,
            deps.clock,
            hours=settings.file_link_hours,
            gone_text=deps.texts.plain(settings.default_language, "zalo-link-gone"),
        )
    bridge = ZaloBridge(
        ZaloApi(settings.zalo_api_url, token),
        deps.db,
        deps.texts,
        deps.clock,
        links=links,
        default_language=settings.default_language,
    )
    telegram = deps.bots.get("telegram")
    if telegram is not None:
        bridge.outbound.fetch_foreign = telegram_file_fetcher(telegram)
    return bridge


def telegram_file_fetcher(bot: Bot) -> Callable[[str], Awaitable[tuple[str, bytes]]]:
    """Fetch a file the Telegram bot knows by its file id (e.g. a broadcast's photo)."""

    async def fetch(file_id: str) -> tuple[str, bytes]:
        found = await bot.get_file(file_id)
        name = (found.file_path or "file").rsplit("/", 1)[-1]
        return name, bytes(await found.download_as_bytearray())

    return fetch
