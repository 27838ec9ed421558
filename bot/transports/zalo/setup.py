"""Build the Zalo transport's parts from the settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Bot

from bot.app.context import Deps
from bot.app.settings import Settings
from bot.domain.roster import zalo_chat_link
from bot.transports.zalo.api import ZaloApi, ZaloError
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


async def zalo_bot_link(settings: Settings) -> str:
    """The link that opens the bot's chat on Zalo: ZALO_BOT_LINK, else one made from getMe.

    getMe answers {id, account_name, account_type, can_join_groups} and no link; the chat opens
    at https://zalo.me/<account_name>. Raises ZaloError (or PTB's NetworkError) when Zalo can't
    be asked; ValueError when neither setting is there to ask with.
    """
    if settings.zalo_bot_link:
        return settings.zalo_bot_link
    if settings.zalo_bot_token is None:
        raise ValueError("neither ZALO_BOT_LINK nor ZALO_BOT_TOKEN is set")
    api = ZaloApi(settings.zalo_api_url, settings.zalo_bot_token.get_secret_value())
    try:
        info = await api.call("getMe")
    finally:
        await api.close()
    name = str(info.get("account_name") or "") if isinstance(info, dict) else ""
    if not name:
        raise ZaloError(0, "getMe gave no account_name")
    return zalo_chat_link(name)
