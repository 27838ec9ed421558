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

from bot.app.context import CnsContext, Deps
from bot.core.clock import iso_utc
from bot.core.i18n import Html
from bot.domain.access import is_admin
from bot.domain.roles import Notice, find_people, set_role
from bot.ui import menu
from bot.ui.callbacks import ROLES, Action, pack, pattern, pressed
from handlers import cards, common
from handlers.pickers import send_area_picker
from storage import areas, members
from storage.areas import Area
from storage.members import Member

logger = logging.getLogger(__name__)


KEY = "promote"


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
    """List the people matching what the admin typed, with team and phone to tell them apart."""
    text = update.message.text
    found, more = await find_people(context.deps.db.reader, text)
    if not found:
        await update.message.reply_text(context.t("promote-none", text=text[:50]))
        return State.SEARCH
    lines = [context.t("promote-pick")]
    rows = []
    for candidate in found:
        name = candidate.member.full_name
        team = candidate.team or context.t("promote-no-team")
        phone = candidate.masked_phone or context.t("promote-no-phone")
        lines.append(context.t("promote-found-line", name=name, team=team, phone=phone))
        detail = candidate.masked_phone or candidate.team or context.t("promote-no-phone")
        label = context.deps.texts.plain(
            context.language, "promote-button", name=name, detail=detail
        )
        rows.append(
            [
                InlineKeyboardButton(
                    menu.button_label(label),
                    callback_data=pack(Action.PROMOTE, "who", candidate.member.id),
                )
            ]
        )
    if more:
        lines.append(context.t("promote-more"))
    message = await update.message.reply_text(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows)
    )
    context.user_data[KEY] = cards.bind({"found": [c.member.id for c in found]}, message)
    return State.CHOOSE


async def choose(update: Update, context: CnsContext) -> State | int | None:
    """Take the person, then the role, then (for a coordinator) the area."""
    query = update.callback_query
    draft = context.user_data.get(KEY)
    step, target_id, *args = pressed(update)
    # Each card answers only for itself, and for the person it was about.
    if not cards.is_live(draft, update) or (step != "who" and draft.get("target") != target_id):
        await cards.expired(update, context)
        return None
    await query.answer()
    if not is_admin(context.member):  # the role may have changed since the dialog began
        await update.effective_chat.send_message(context.t("not-allowed"))
        return ConversationHandler.END
    db, texts, language = context.deps.db, context.deps.texts, context.language
    target = await members.get(db.reader, target_id)
    if target is None or target.status != "active" or target_id not in draft.get("found", ()):
        await update.effective_chat.send_message(context.t("card-expired"))
        return ConversationHandler.END
    await query.edit_message_reply_markup(None)
    if step == "who":
        draft["target"] = target.id
        rows = [
            [
                InlineKeyboardButton(
                    texts.plain(language, f"role-{role}"),
                    callback_data=pack(Action.PROMOTE, "role", target.id, role),
                )
            ]
            for role in ROLES
        ]
        message = await update.effective_chat.send_message(
            context.t(
                "promote-role",
                name=target.full_name,
                role=texts.plain(language, f"role-{target.role}"),
            ),
            reply_markup=InlineKeyboardMarkup(rows),
        )
        cards.bind(draft, message)
        return State.CHOOSE
    (value,) = args
    if step == "role" and value == "coordinator":
        return await _ask_area(update, context, target, 0)
    if step == "page":
        return await _ask_area(update, context, target, value)
    role, area_id = (value, None) if step == "role" else ("coordinator", value)
    return await _apply(update, context, target, role, area_id)


async def _ask_area(update: Update, context: CnsContext, target, page: int) -> State:
    def button(label: str, step: str, value: int) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=pack(Action.PROMOTE, step, target.id, value)
        )

    root = await areas.root(context.deps.db.reader)
    message = await send_area_picker(
        update.effective_chat,
        context.deps.db.reader,
        root,
        page,
        context.t("promote-area", name=target.full_name),
        button,
    )
    cards.bind(context.user_data[KEY], message)
    return State.CHOOSE


async def _apply(update: Update, context: CnsContext, target, role: str, area_id) -> int:
    deps = context.deps
    area = await areas.get(deps.db.reader, area_id) if area_id else None
    if area_id is not None and area is None:
        await update.effective_chat.send_message(context.t("card-expired"))
        return ConversationHandler.END
    context.user_data.pop(KEY, None)
    now = iso_utc(deps.clock.now())
    await set_role(
        deps.db, context.member.id, target, role, area, now, _notice(deps, target, role, area)
    )
    deps.wake_delivery()
    if target.chat_id is not None:
        try:  # their command menu follows their role
            await menu.set_member_commands(
                deps.bot_for(target.chat_id),
                deps.texts,
                target.chat_id,
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


def _notice(deps: Deps, target: Member, role: str, area: Area | None) -> Notice | None:
    """Tell the member their new role, in their own language."""
    if target.chat_id is None:
        return None
    language, texts = target.language, deps.texts
    where = Html(texts.get(language, "promote-notice-area", area=area.name)) if area else ""
    role_label = texts.plain(language, f"role-{role}")
    return Notice(
        target.chat_id, texts.get(language, "promote-notice", role=role_label, area=where)
    )


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
            expect={State.SEARCH: "promote-ask", State.CHOOSE: "expect-buttons"},
            fallbacks=common.dialog_fallbacks(),
        )
    ]
