"""/deadlines: what is due for the member, and whether they have done it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.app.context import CnsContext
from bot.core.clock import iso_utc
from storage import areas, deadlines, teams


async def show(update: Update, context: CnsContext) -> None:
    """List the coming deadlines for the caller's team and role."""
    member, db = context.member, context.deps.db
    if member is None or member.status != "active" or member.team_id is None:
        await update.effective_message.reply_text(context.t("deadlines-none"))
        return
    team = await teams.get(db.reader, member.team_id)
    area = await areas.get(db.reader, team.area_id)
    now = context.deps.clock.now()
    due = await deadlines.for_area_path(db.reader, area.path, member.role, iso_utc(now))
    if not due:
        await update.effective_message.reply_text(context.t("deadlines-none"))
        return
    lines = [context.t("deadlines-title")]
    tz = context.deps.settings.tz
    for deadline in due:
        done = await deadlines.is_done(db.reader, deadline, member.id)
        lines.append(
            context.t(
                "deadlines-line",
                mark=context.t("deadlines-done" if done else "deadlines-pending"),
                title=deadline.title,
                due=context.date(deadline.due_at.astimezone(tz), "datetime"),
            )
        )
    await update.effective_message.reply_text("\n".join(lines))


def build() -> list[BaseHandler]:
    """Return the /deadlines handler."""
    return [CommandHandler("deadlines", show)]
