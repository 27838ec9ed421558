"""Build the Zalo transport's parts from the settings."""

from __future__ import annotations

from bot.context import Deps
from bot.settings import Settings
from bot.zalo.api import ZaloApi
from bot.zalo.links import FileLinks, link_key
from bot.zalo.transport import ZaloBridge


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
        )
    return ZaloBridge(
        ZaloApi(settings.zalo_api_url, token),
        deps.db,
        deps.texts,
        deps.clock,
        links=links,
        default_language=settings.default_language,
    )
