"""/promote: an admin finds a person, picks a role and, for coordinators, the area."""

from __future__ import annotations

import logging
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import menu
from bot.access import is_admin
from bot.callbacks import Action, pack, pattern, unpack
from bot.clock import iso_utc
from bot.context import CnsContext
from bot.i18n import Html
from handlers import common
from handlers.pickers import send_area_picker
from storage import areas, audit, members

logger = logging.getLogger(__name__)

ROLES = ("member", "leader", "coordinator", "admin")


class State(StrEnum):
    SEARCH = "promote.search"
    CHOOSE = "promote.choose"


async def start(update: Update, context: CnsContext) -> State | int:
    """Ask whom to appoint (admins only)."""
    if not is_admin(context.member):
        await update.effective_message.reply_text(context.t("not-allowed"))
        return ConversationHandler.END
    await update.effective_message.reply_text(context.t("promote-ask"))
    return State.SEARCH


async def search(update: Update, context: CnsContext) -> State:
    """List the people matching what the admin typed."""
    text = update.message.text
    found = await members.search(context.deps.db.reader, text)
    if not found:
        await update.message.reply_text(context.t("promote-none", text=text[:50]))
        return State.SEARCH
    rows = [
        [
            InlineKeyboardButton(
                menu.button_label(m.full_name), callback_data=pack(Action.PROMOTE, "who", m.id)
            )
        ]
        for m in found
    ]
    await update.message.reply_text(
        context.t("promote-pick"), reply_markup=InlineKeyboardMarkup(rows)
    )
    return State.CHOOSE


async def choose(update: Update, context: CnsContext) -> State | int:
    """Take the person, then the role, then (for a coordinator) the area."""
    query = update.callback_query
    await query.answer()
    if not is_admin(context.member):  # the role may have changed since the dialog began
        await update.effective_chat.send_message(context.t("not-allowed"))
        return ConversationHandler.END
    step, *args = unpack(query.data)[1]
    db, texts, language = context.deps.db, context.deps.texts, context.language
    target = await members.get(db.reader, int(args[0]))
    if target is None or target.status != "active":
        await update.effective_chat.send_message(context.t("card-expired"))
        return ConversationHandler.END
    await query.edit_message_reply_markup(None)
    if step == "who":
        rows = [
            [
                InlineKeyboardButton(
                    texts.plain(language, f"role-{role}"),
                    callback_data=pack(Action.PROMOTE, "role", target.id, role),
                )
            ]
            for role in ROLES
        ]
        await update.effective_chat.send_message(
            context.t(
                "promote-role",
                name=target.full_name,
                role=texts.plain(language, f"role-{target.role}"),
            ),
            reply_markup=InlineKeyboardMarkup(rows),
        )
        return State.CHOOSE
    if step == "role" and args[1] == "coordinator":
        return await _ask_area(update, context, target, 0)
    if step == "page":
        return await _ask_area(update, context, target, int(args[1]))
    role, area_id = (args[1], None) if step == "role" else ("coordinator", int(args[1]))
    if role not in ROLES:
        return ConversationHandler.END
    return await _apply(update, context, target, role, area_id)


async def _ask_area(update: Update, context: CnsContext, target, page: int) -> State:
    def button(label: str, step: str, value: int) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=pack(Action.PROMOTE, step, target.id, value)
        )

    root = await areas.root(context.deps.db.reader)
    await send_area_picker(
        update.effective_chat,
        context.deps.db.reader,
        root,
        page,
        context.t("promote-area", name=target.full_name),
        button,
    )
    return State.CHOOSE


async def _apply(update: Update, context: CnsContext, target, role: str, area_id) -> int:
    deps = context.deps
    area = await areas.get(deps.db.reader, area_id) if area_id else None
    now = iso_utc(deps.clock.now())
    async with deps.db.transaction() as conn:
        await members.set_role(conn, target.id, role, area_id, now)
        await audit.record(
            conn,
            actor_id=context.member.id,
            action="member.role_set",
            detail={
                "member": target.id,
                "from": target.role,
                "to": role,
                "area": area.code if area else None,
            },
            now=now,
        )
    if target.telegram_id is not None:
        try:  # their command menu follows their role
            await menu.set_member_commands(
                deps.bot_for(target.telegram_id),
                deps.texts,
                target.telegram_id,
                role,
                target.language,
                linking=context.linking,
            )
        except TelegramError as error:
            logger.info("Could not update the menu of member %s: %s", target.id, error)
    role_label = deps.texts.plain(context.language, f"role-{role}")
    suffix = context.t("promote-area-suffix", area=area.name) if area else ""
    await update.effective_chat.send_message(
        context.t("promote-done", name=target.full_name, role=role_label, area=Html(suffix))
    )
    return ConversationHandler.END


def build() -> list[BaseHandler]:
    """Return the /promote dialog."""
    return [
        common.conversation(
            name="promote",
            entry_points=[CommandHandler("promote", start)],
            states={
                State.SEARCH: [MessageHandler(filters.TEXT & ~filters.COMMAND, search)],
                State.CHOOSE: [
                    CallbackQueryHandler(choose, pattern=pattern(Action.PROMOTE)),
                    MessageHandler(filters.TEXT & ~filters.COMMAND, search),
                ],
            },
            fallbacks=common.dialog_fallbacks(),
        )
    ]
