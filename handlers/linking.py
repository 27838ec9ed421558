"""Using both messengers: /link gives a one-time code; typed on the other messenger, it links.

The team's invite code can't prove who someone is (the whole team has it), so linking takes a
personal code, made on request and good for LINK_MINUTES. From then on the bot writes to the
member on the messenger they wrote from last.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.app.context import REGISTERED, CnsContext
from bot.core.clock import iso_utc
from bot.domain.linking import offer_code, redeem_code
from bot.ui import menu
from storage.chat_ids import channel_of

LINK_MINUTES = 30


async def offer(update: Update, context: CnsContext) -> None:
    """Give the member a code to type on their other messenger."""
    member, deps = context.member, context.deps
    if len(deps.settings.channels) < 2:
        await update.effective_message.reply_text(context.t("link-unavailable"))
        return
    expires = deps.clock.now() + timedelta(minutes=LINK_MINUTES)
    code = await offer_code(deps.db, member.id, iso_utc(expires))
    other = "Telegram" if channel_of(update.effective_chat.id) == "zalo" else "Zalo"
    await update.effective_message.reply_text(
        context.t("link-code", code=code, other=other, minutes=LINK_MINUTES)
    )


async def redeem_typed(update: Update, context: CnsContext) -> bool:
    """Link this chat if the text is someone's live link code; say so and return True."""
    deps = context.deps
    now = iso_utc(deps.clock.now())
    chat_id = update.effective_chat.id
    member = await redeem_code(deps.db, update.message.text, chat_id, now)
    if member is None:
        return False
    await update.message.reply_text(
        deps.texts.get(member.language, "link-done", name=member.full_name),
        reply_markup=menu.main_keyboard(deps.texts, member.language, member.role),
    )
    await menu.set_member_commands(
        context.bot, deps.texts, chat_id, member.role, member.language, linking=True
    )
    return True


def build() -> list[BaseHandler]:
    """Return the /link command."""
    return [CommandHandler("link", offer, filters=REGISTERED)]
