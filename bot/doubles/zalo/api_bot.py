"""Served methods about the bot itself: getMe, getUpdates and the webhook methods."""

from __future__ import annotations

import re
from typing import Any

from yarl import URL

from bot.doubles.telegram.params import Params
from bot.doubles.zalo.errors import WEBHOOK_IS_SET, NoUpdate, bad_request, error_for
from bot.doubles.zalo.store import ZaloStore

DEFAULT_POLL_TIMEOUT = 30.0
# Printable ASCII without spaces, since it travels in a header (the charset is our assumption).
_SECRET = re.compile(r"[\x21-\x7e]{8,256}")


def _webhook_url_ok(url: Any) -> bool:
    """HTTPS anywhere, or plain HTTP to this machine so tests can listen on 127.0.0.1."""
    if not isinstance(url, str):
        return False
    try:
        parsed = URL(url)
    except ValueError:
        return False
    if parsed.scheme == "https":
        return bool(parsed.host)
    return parsed.scheme == "http" and parsed.host in ("127.0.0.1", "localhost")


class BotMethods(ZaloStore):
    """getMe, getUpdates, setWebhook, deleteWebhook and getWebhookInfo."""

    async def _get_me(self, p: Params) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "account_name": self.account_name,
            "account_type": "BASIC",
            "can_join_groups": False,
        }

    async def _get_updates(self, p: Params) -> dict[str, Any]:
        """One update as the result, or 408 when none came within `timeout` seconds."""
        if self.webhook.active:
            raise error_for(409, WEBHOOK_IS_SET)
        raw = p.values.get("timeout", DEFAULT_POLL_TIMEOUT)
        try:
            wait = float(raw) if not isinstance(raw, bool) else -1.0
        except (TypeError, ValueError):
            wait = -1.0
        if not wait >= 0:  # also catches NaN
            raise bad_request("timeout must be a number of seconds")
        update = await self.updates.take(wait)
        if update is None:
            raise NoUpdate
        return update

    async def _set_webhook(self, p: Params) -> dict[str, Any]:
        url, secret = p.values.get("url"), p.values.get("secret_token")
        if not _webhook_url_ok(url):
            raise bad_request("url is required and must be an HTTPS URL")
        if not isinstance(secret, str) or not _SECRET.fullmatch(secret):
            raise bad_request("secret_token is required: 8 to 256 characters")
        self.webhook.set(url, secret)
        self.updates.release_polls()
        return self._webhook_changed(url)

    async def _delete_webhook(self, p: Params) -> dict[str, Any]:
        await self.webhook.delete()
        return self._webhook_changed("")

    async def _get_webhook_info(self, p: Params) -> dict[str, Any]:
        return {"url": self.webhook.url or "", "updated_at": self.webhook_updated_at}

    def _webhook_changed(self, url: str) -> dict[str, Any]:
        self.webhook_updated_at = self.now_ms()
        return {"url": url, "updated_at": self.webhook_updated_at}
