"""Served methods about the bot itself: identity, updates, webhook, commands, chats."""

from __future__ import annotations

import re
from typing import Any

from bot.doubles.telegram.commands import check_commands, check_language, scope_key
from bot.doubles.telegram.errors import bad_request, conflict
from bot.doubles.telegram.params import Params
from bot.doubles.telegram.registry import api_method
from bot.doubles.telegram.store import Store

_MAX_LIMIT = 100
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class BotMethods(Store):
    """getMe, getUpdates, webhook stubs, the command menu methods and getChat."""

    @api_method("getMe")
    def _get_me(self, p: Params) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    @api_method("getUpdates")
    async def _get_updates(self, p: Params) -> list[dict[str, Any]]:
        limit = min(max(p.integer("limit") or _MAX_LIMIT, 1), _MAX_LIMIT)
        allowed = p.obj("allowed_updates")
        if allowed is not None and not isinstance(allowed, list):
            raise bad_request("can't parse allowed_updates JSON object")
        timeout = max(p.integer("timeout") or 0, 0)
        if self.webhook.active:
            raise conflict(
                "Conflict: can't use getUpdates method while webhook is active;"
                " use deleteWebhook to delete the webhook first"
            )
        return await self.updates.get(p.integer("offset"), limit, timeout, allowed)

    @api_method("setWebhook")
    def _set_webhook(self, p: Params) -> bool:
        url = p.values.get("url") or ""
        secret = p.values.get("secret_token")
        if secret is not None and not _SECRET.fullmatch(str(secret)):
            raise bad_request("bad webhook: secret token contains unallowed characters")
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if p.flag("drop_pending_updates"):
            self.updates.drop_all()
        allowed = p.obj("allowed_updates")
        if isinstance(allowed, list):
            self.updates.allow(allowed)
        self.webhook.set(url, secret, p.integer("max_connections"))
        return True

    @api_method("deleteWebhook")
    async def _delete_webhook(self, p: Params) -> bool:
        await self.webhook.delete()
        if p.flag("drop_pending_updates"):
            self.updates.drop_all()
        return True

    @api_method("getWebhookInfo")
    def _get_webhook_info(self, p: Params) -> dict[str, Any]:
        return {
            "url": self.webhook.url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates.pending),
        }

    @api_method("logOut")
    def _log_out(self, p: Params) -> bool:
        return True

    @api_method("close")
    def _close(self, p: Params) -> bool:
        return True

    @api_method("setMyCommands")
    def _set_my_commands(self, p: Params) -> bool:
        scope, language = self._command_target(p)
        self.commands.set(scope, language, check_commands(p.obj("commands")))
        return True

    @api_method("getMyCommands")
    def _get_my_commands(self, p: Params) -> list[dict[str, str]]:
        scope, language = self._command_target(p)
        return self.commands.get(scope, language)

    @api_method("deleteMyCommands")
    def _delete_my_commands(self, p: Params) -> bool:
        scope, language = self._command_target(p)
        self.commands.set(scope, language, [])
        return True

    @api_method("getChat")
    def _get_chat(self, p: Params) -> dict[str, Any]:
        chat = self._target_chat(p.values.get("chat_id"), sending=False)
        return {
            **chat.chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _command_target(self, p: Params) -> tuple[tuple[str, int | None, int | None], str]:
        scope = scope_key(p.obj("scope"))
        if scope[1] is not None:
            # A chat scope must name a chat the bot can reach, as on Telegram.
            self._target_chat(scope[1], sending=False)
        return scope, check_language(p.text("language_code"))
