"""Membership changes the joining dialog ends with: registering, admins, moving team.

The changes themselves, each one transaction with its audit record, are bot.domain.membership's;
these handlers pass them what the dialog gathered and say what happened.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from bot.domain import membership
from bot.domain.names import profile_name
from bot.ui import menu
from handlers.join.draft import JoinDraft
from storage import teams


async def welcome_admin(update: Update, context: CnsContext) -> int:
    """Register or promote a user listed in ADMIN_TELEGRAM_IDS; greet them."""
    user = update.effective_user
    member = await membership.register_admin(
        context.deps.db,
        chat_id=user.id,
        full_name=profile_name(update.effective_user) or str(user.id),
        language=context.language,
        now=iso_utc(context.deps.clock.now()),
    )
    context.member = member
    await menu.set_member_commands(
        context.bot,
        context.deps.texts,
        user.id,
        "admin",
        context.language,
        linking=context.linking,
    )
    await update.effective_message.reply_text(
        context.t("admin-welcome", name=member.full_name),
        reply_markup=menu.main_keyboard(context.deps.texts, context.language, "admin"),
    )
    return ConversationHandler.END


async def register(update: Update, context: CnsContext, draft: JoinDraft) -> int:
    """Create (or renew) the membership the joining dialog gathered; say so."""
    user = update.effective_user
    joined = await membership.register_member(
        context.deps.db,
        chat_id=user.id,
        team_id=draft.team_id,
        full_name=draft.name,
        phone=draft.phone,
        consent_at=draft.consent_at,
        language=context.language,
        now=iso_utc(context.deps.clock.now()),
    )
    member, team = joined.member, joined.team
    context.member = member
    await menu.set_member_commands(
        context.bot,
        context.deps.texts,
        user.id,
        member.role,
        context.language,
        linking=context.linking,
    )
    await update.effective_message.reply_text(
        context.t(
            "join-done",
            name=member.full_name,
            team=team.name,
            activities=menu.numbered_activities(context.deps.form, context.language),
        ),
        reply_markup=menu.main_keyboard(context.deps.texts, context.language, member.role),
    )
    return ConversationHandler.END


async def switch_team(update: Update, context: CnsContext, team_id: int | None) -> int:
    """Move the member to another team (or keep them where they are when None)."""
    db, member = context.deps.db, context.member
    if team_id is None or member is None:
        current = await teams.get(db.reader, member.team_id) if member else None
        await update.effective_message.reply_text(
            context.t("join-switch-kept", team=current.name if current else "")
        )
        return ConversationHandler.END
    team = await membership.switch_team(db, member, team_id, iso_utc(context.deps.clock.now()))
    await update.effective_message.reply_text(context.t("join-switch-done", team=team.name))
    return ConversationHandler.END
