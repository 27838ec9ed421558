"""Group chats (Zalo only for now): linking a group with a one-time code, and silence otherwise.

A coordinator (for their area) or a team leader (for their team) asks for a code with /group
in a private chat, adds the bot to the Zalo group and types the code there. The bot answers
in the group once, "linked with ...", and never again: every other update from a group chat
(a text, a number, a command, a sticker; a wrong, expired or used code) is dropped here,
before any other handler can see it. Linked groups get the daily summary and the reminder
through the outbox (schedules.groups).

Served only when GROUPS_ENABLED is set and Zalo's getMe says the bot can join groups; else
Zalo's transport doesn't even take group messages in. Telegram's groups stay silent: the
Telegram double has no group chats to test against, and in privacy mode a bare code typed
in a group never reaches the bot.

Members choose whether a group's reminder may name them: /groupname on|off (off until they
say otherwise).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CommandHandler,
    TypeHandler,
)

from bot.app.context import REGISTERED, CnsContext
from bot.core.clock import iso_utc
from bot.domain.groups import groups_served, offer_code, redeem_code, set_named
from storage import groups as stored_groups

logger = logging.getLogger(__name__)

CODE_HOURS = 24
# PTB handler group of the guard: before every feature's handlers (group 0).
GUARD_GROUP = -1
_ON = {"on", "bat", "bật", "1", "yes", "co", "có"}
_OFF = {"off", "tat", "tắt", "0", "no", "khong", "không"}


def served(context: CnsContext) -> bool:
    """Whether group chats are served now (GROUPS_ENABLED and Zalo's getMe allow it)."""
    deps = context.deps
    return groups_served(deps.settings.groups_enabled, deps.bots)


async def guard(update: Update, context: CnsContext) -> None:
    """Drop every update from a group chat; link the group if it is a live code (answered
    once, in the group)."""
    chat = update.effective_chat
    if chat is None or chat.type == "private":
        return  # everything else goes on to the features
    message = update.message
    if served(context) and message is not None and message.text:
        deps = context.deps
        linked = await redeem_code(deps.db, message.text, chat.id, iso_utc(deps.clock.now()))
        if linked is not None:
            language = deps.settings.default_language
            await context.bot.send_message(
                chat.id, deps.texts.get(language, "group-linked", scope=linked.scope_name)
            )
            logger.info("Group chat %s linked by member %s", chat.id, linked.linked_by)
    raise ApplicationHandlerStop


async def offer(update: Update, context: CnsContext) -> None:
    """/group: a one-time code that links a Zalo group to the caller's area or team."""
    deps = context.deps
    if not served(context):
        await update.effective_message.reply_text(context.t("group-unavailable"))
        return
    expires = deps.clock.now() + timedelta(hours=CODE_HOURS)
    made = await offer_code(deps.db, context.member, iso_utc(expires))
    if made is None:
        await update.effective_message.reply_text(context.t("group-not-allowed"))
        return
    await update.effective_message.reply_text(
        context.t("group-code", scope=made.scope_name, code=made.code, hours=CODE_HOURS)
    )


async def named(update: Update, context: CnsContext) -> None:
    """/groupname [on|off]: whether a group's reminder may name the member."""
    member, deps = context.member, context.deps
    assert member is not None  # REGISTERED
    choice = " ".join(context.args or []).strip().lower()
    if choice in _ON or choice in _OFF:
        await set_named(deps.db, member.id, choice in _ON, iso_utc(deps.clock.now()))
    elif choice:
        await update.effective_message.reply_text(context.t("groupname-wrong"))
        return
    now_named = await stored_groups.is_named(deps.db.reader, member.id)
    await update.effective_message.reply_text(
        context.t("groupname-on" if now_named else "groupname-off")
    )


def configure(application: Application) -> None:
    """After getMe: let Zalo's transport take group messages in only when groups are served;
    say once why not, if GROUPS_ENABLED asked for them."""
    deps = application.deps  # type: ignore[attr-defined]
    bridge = getattr(application, "zalo", None)
    if bridge is None:
        return
    bridge.inbound.groups = groups_served(deps.settings.groups_enabled, deps.bots)
    if deps.settings.groups_enabled and not bridge.inbound.groups:
        logger.warning(
            "GROUPS_ENABLED is set, but Zalo's getMe says this bot can't join groups:"
            " group chats stay off"
        )


def guard_handlers() -> list[BaseHandler]:
    """The guard, for GUARD_GROUP: group chats end there."""
    return [TypeHandler(Update, guard)]


def build() -> list[BaseHandler]:
    """Return /group and /groupname (private chats only: the guard stops group chats first)."""
    return [
        CommandHandler("group", offer, filters=REGISTERED),
        CommandHandler("groupname", named, filters=REGISTERED),
    ]
