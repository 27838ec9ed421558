"""/privacy: what the bot stores about the member, and erasing it on request."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from bot.domain.members import erase_member
from bot.domain.phones import display_phone
from bot.ui.callbacks import Action, pack, pattern, pressed
from handlers import cards
from storage import members, reports

ERASE = "privacy.erase"


def _when(context: CnsContext, stamp: str | None) -> str:
    if not stamp:
        return context.t("privacy-none")
    return context.date(datetime.fromisoformat(stamp).astimezone(context.deps.settings.tz).date())


async def show(update: Update, context: CnsContext) -> None:
    """Show the member everything stored about them, with an erase button."""
    member = context.member
    if member is None or member.status != "active":
        await update.effective_message.reply_text(context.t("not-registered"))
        return
    db, texts, language = context.deps.db, context.deps.texts, context.language
    team = await context.member_team()
    consent = await members.consent_at(db.reader, member.id)
    text = context.t(
        "privacy-show",
        name=member.full_name,
        phone=display_phone(member.phone) if member.phone else context.t("privacy-none"),
        team=team.name if team else context.t("privacy-none"),
        role=texts.plain(language, f"role-{member.role}"),
        joined=_when(context, member.joined_at),
        consent=_when(context, consent),
        reports=await reports.count_for_member(db.reader, member.id),
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.plain(language, "privacy-erase"),
                    callback_data=pack(Action.PRIVACY, "ask"),
                )
            ]
        ]
    )
    await update.effective_message.reply_text(text, reply_markup=keyboard)


async def on_button(update: Update, context: CnsContext) -> None:
    """Ask before erasing; erase; or keep."""
    query = update.callback_query
    member = context.member
    if member is None or member.status != "active":
        await query.answer()
        await update.effective_chat.send_message(context.t("not-registered"))
        return
    texts, language = context.deps.texts, context.language
    (step,) = pressed(update)
    if step == "yes" and not cards.confirmed(update, context, ERASE):
        await cards.expired(update, context)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    if step == "ask":
        await cards.ask_confirmation(
            update,
            context,
            ERASE,
            context.t("privacy-erase-ask"),
            InlineKeyboardButton(
                texts.plain(language, "privacy-erase-yes"),
                callback_data=pack(Action.PRIVACY, "yes"),
            ),
            InlineKeyboardButton(
                texts.plain(language, "privacy-erase-no"),
                callback_data=pack(Action.PRIVACY, "no"),
            ),
        )
        return
    if step == "no":
        context.user_data.pop(cards.CONFIRM, None)
        await update.effective_chat.send_message(context.t("privacy-kept"))
        return
    now = iso_utc(context.deps.clock.now())
    await erase_member(context.deps.db, member.id, now)
    context.user_data.clear()
    await update.effective_chat.send_message(context.t("privacy-erased"))


def build() -> list[BaseHandler]:
    """Return the /privacy handlers."""
    return [
        CommandHandler("privacy", show),
        CallbackQueryHandler(on_button, pattern=pattern(Action.PRIVACY)),
    ]
