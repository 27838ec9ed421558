"""Membership changes the joining dialog ends with: registering, admins, moving team."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from bot.domain.names import profile_name
from bot.ui import menu
from handlers.join.draft import JoinDraft
from storage import audit, members, teams


async def welcome_admin(update: Update, context: CnsContext) -> int:
    """Register or promote a user listed in ADMIN_TELEGRAM_IDS; greet them."""
    db, clock = context.deps.db, context.deps.clock
    user = update.effective_user
    now = iso_utc(clock.now())
    async with db.transaction() as conn:
        member = await members.get_by_chat_id(conn, user.id)
        if member is None:
            member = await members.create(
                conn,
                chat_id=user.id,
                full_name=profile_name(update.effective_user) or str(user.id),
                phone=None,
                team_id=None,
                role="admin",
                language=context.language,
                now=now,
                consent_at=None,
            )
            await audit.record(
                conn, actor_id=member.id, action="admin.registered", detail={}, now=now
            )
        elif member.role != "admin" or member.status != "active":
            await members.make_admin(conn, member.id, now)
            await audit.record(
                conn, actor_id=member.id, action="admin.promoted_by_settings", detail={}, now=now
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
    db, clock = context.deps.db, context.deps.clock
    user = update.effective_user
    now = iso_utc(clock.now())
    async with db.transaction() as conn:
        team = await teams.get(conn, draft.team_id)
        member = await members.get_by_chat_id(conn, user.id)
        if member is None:
            member = await members.create(
                conn,
                chat_id=user.id,
                full_name=draft.name,
                phone=draft.phone,
                team_id=team.id,
                role="member",
                language=context.language,
                now=now,
                consent_at=draft.consent_at,
            )
        else:
            member = await members.rejoin(
                conn,
                member.id,
                full_name=draft.name,
                phone=draft.phone,
                team_id=team.id,
                now=now,
                consent_at=draft.consent_at,
            )
        await audit.record(
            conn, actor_id=member.id, action="member.joined", detail={"team": team.code}, now=now
        )
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
        context.t("join-done", name=member.full_name, team=team.name),
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
    now = iso_utc(context.deps.clock.now())
    async with db.transaction() as conn:
        old = await teams.get(conn, member.team_id)
        team = await teams.get(conn, team_id)
        await members.move_to_team(conn, member.id, team.id, now)
        await audit.record(
            conn,
            actor_id=member.id,
            action="member.switched_team",
            detail={"from": old.code, "to": team.code},
            now=now,
        )
    await update.effective_message.reply_text(context.t("join-switch-done", team=team.name))
    return ConversationHandler.END
