"""/broadcast: compose, pick the audience, preview with the count, confirm; /broadcasts: stop.

Admins may send anywhere, coordinators within their area. The recipients are written to the
outbox (one row each) in the same commit as the broadcast, before anything is sent
(bot.domain.broadcasting).
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.app.context import CnsContext
from bot.core.clock import iso_utc, local_today
from bot.domain.access import Scope, scope_for
from bot.domain.broadcasting import (
    Audience,
    NewBroadcast,
    Sender,
    queue_broadcast,
    remember_progress_message,
    signed,
    stop_broadcast,
    text_room,
)
from bot.domain.timing import week_of
from bot.ui.callbacks import Action, pack, pattern, pressed
from bot.ui.telegram_html import HtmlParseError, parse_html
from handlers import cards, common
from handlers.pickers import send_area_picker
from storage import areas, broadcasts, outbox

logger = logging.getLogger(__name__)

KEY = "broadcast"
AUDIENCES = {
    "reporters": ("member", "leader"),
    "leaders": ("leader",),
    "coordinators": ("coordinator",),
    "everyone": ("member", "leader", "coordinator"),
}
MORNING = time(7, 30)
LIST_SHOWN = 20  # running broadcasts listed with a stop button


class State(StrEnum):
    COMPOSE = "broadcast.compose"
    CHOOSE = "broadcast.choose"


async def _scope(context: CnsContext) -> Scope | None:
    scope = await scope_for(context.deps.db.reader, context.member)
    if scope is None or scope.role not in ("coordinator", "admin") or scope.area is None:
        return None
    return scope


def content_of(message: Message) -> dict | None:
    """Turn what the sender sent into an outbox payload, keeping formatting as safe HTML."""
    if message.photo:
        return {
            "file_id": message.photo[-1].file_id,
            "kind_of_file": "photo",
            "text": message.caption_html or None,
        }
    if message.document:
        return {
            "file_id": message.document.file_id,
            "kind_of_file": "document",
            "text": message.caption_html or None,
        }
    if message.text:
        return {"text": message.text_html}
    return None


def _sender(context: CnsContext, scope: Scope) -> Sender:
    """Who signs: the member's name, their role and the area they answer for."""
    area = scope.area.name if scope.area else ""
    return Sender(context.member.full_name, scope.role, area)


def _shown_length(html_text: str | None) -> int:
    """Characters of a text as Telegram shows (and counts) it, after its HTML."""
    if not html_text:
        return 0
    try:
        return len(parse_html(html_text).text)
    except HtmlParseError:
        return len(html_text)


def _button(label: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(Action.BROADCAST, *args))


async def start(update: Update, context: CnsContext) -> State | int:
    """Ask for the content (admins and coordinators only)."""
    if await _scope(context) is None:
        await update.effective_message.reply_text(context.t("not-allowed"))
        return ConversationHandler.END
    context.user_data[KEY] = {}
    await update.effective_message.reply_text(context.t("broadcast-compose"))
    return State.COMPOSE


async def composed(update: Update, context: CnsContext) -> State:
    """Keep the content and ask for the area."""
    content = content_of(update.message)
    if content is None:
        await update.message.reply_text(context.t("broadcast-compose-invalid"))
        return State.COMPOSE
    scope = await _scope(context)
    if scope is None:
        await update.message.reply_text(context.t("not-allowed"))
        return ConversationHandler.END
    # The signature goes under the text: both must fit Telegram's limit (a caption's 1,024).
    shown = _sender(context, scope).shown(context.deps.texts)
    room, length = text_room(content, shown), _shown_length(content.get("text"))
    if length > room:
        await update.message.reply_text(context.t("broadcast-too-long", length=length, max=room))
        return State.COMPOSE
    context.user_data[KEY] = {"content": content}
    return await _ask_area(update, context, 0)


async def _ask_area(update: Update, context: CnsContext, page: int) -> State:
    scope = await _scope(context)
    message = await send_area_picker(
        update.effective_chat,
        context.deps.db.reader,
        scope.area,
        page,
        context.t("broadcast-area"),
        _button,
    )
    cards.bind(context.user_data[KEY], message)
    return State.CHOOSE


async def choose(update: Update, context: CnsContext) -> State | int | None:
    """Take the area, the roles, the filter, then when to send."""
    query = update.callback_query
    draft = context.user_data.get(KEY)
    step, value = pressed(update)
    # Each card answers only for itself, and only once the steps before it are done.
    needs = {"area": "content", "page": "content", "roles": "area_id", "filter": "roles"}
    ready = "only_unreported" if step == "when" else needs[step]
    if not cards.is_live(draft, update) or ready not in draft:
        await cards.expired(update, context)
        return None
    await query.answer()
    scope = await _scope(context)
    if scope is None:
        await update.effective_chat.send_message(context.t("not-allowed"))
        return ConversationHandler.END
    await query.edit_message_reply_markup(None)
    texts, language = context.deps.texts, context.language
    if step == "page":
        return await _ask_area(update, context, value)
    if step == "area":
        area = await areas.get(context.deps.db.reader, value)
        if area is None or not scope.covers(area.path):
            await update.effective_chat.send_message(context.t("not-allowed-area"))
            return ConversationHandler.END
        draft["area_id"] = area.id
        rows = [
            [_button(texts.plain(language, f"broadcast-roles-{name}"), "roles", name)]
            for name in AUDIENCES
        ]
        return await _card(update, context, context.t("broadcast-roles"), rows)
    if step == "roles":
        draft["roles"] = value
        rows = [
            [
                _button(texts.plain(language, "broadcast-filter-all"), "filter", "all"),
                _button(
                    texts.plain(language, "broadcast-filter-unreported"), "filter", "unreported"
                ),
            ]
        ]
        return await _card(update, context, context.t("broadcast-filter"), rows)
    if step == "filter":
        draft["only_unreported"] = value == "unreported"
        return await _preview(update, context, draft)
    if value == "cancel":  # step == "when"
        context.user_data.pop(KEY, None)
        await update.effective_chat.send_message(context.t("broadcast-cancelled"))
        return ConversationHandler.END
    return await _queue(update, context, draft, value)


async def _card(
    update: Update, context: CnsContext, text: str, rows: list[list[InlineKeyboardButton]]
) -> State:
    """Send the dialog's next card; only its buttons act."""
    message = await update.effective_chat.send_message(
        text, reply_markup=InlineKeyboardMarkup(rows)
    )
    cards.bind(context.user_data[KEY], message)
    return State.CHOOSE


def _audience(context: CnsContext, draft: dict) -> Audience:
    monday = week_of(local_today(context.deps.clock, context.deps.settings.tz))[0]
    return Audience(
        draft["roles"], AUDIENCES[draft["roles"]], monday if draft["only_unreported"] else None
    )


async def _preview(update: Update, context: CnsContext, draft: dict) -> State | int:
    db = context.deps.db
    area = await areas.get(db.reader, draft["area_id"])
    audience = _audience(context, draft).query(area.path)
    count = await broadcasts.count_audience(db.reader, *audience)
    scope = await _scope(context)
    if scope is None:
        context.user_data.pop(KEY, None)
        await update.effective_chat.send_message(context.t("not-allowed"))
        return ConversationHandler.END
    # As the sender's own language will receive it: signed.
    signature = _sender(context, scope).signature(context.deps.texts, context.language)
    content = signed(draft["content"], signature)
    chat = update.effective_chat
    if content.get("kind_of_file") == "photo":
        await chat.send_photo(content["file_id"], caption=content.get("text"))
    elif content.get("kind_of_file") == "document":
        await chat.send_document(content["file_id"], caption=content.get("text"))
    else:
        await chat.send_message(content["text"])
    if count == 0:
        context.user_data.pop(KEY, None)
        await chat.send_message(context.t("broadcast-preview-empty"))
        return ConversationHandler.END
    texts, language = context.deps.texts, context.language
    rows = [
        [_button(texts.plain(language, "broadcast-now"), "when", "now")],
        [
            _button(texts.plain(language, "broadcast-in-hour"), "when", "hour"),
            _button(texts.plain(language, "broadcast-tomorrow"), "when", "morning"),
        ],
        [_button(texts.plain(language, "broadcast-cancel"), "when", "cancel")],
    ]
    return await _card(
        update, context, context.t("broadcast-preview", count=count, area=area.name), rows
    )


async def _queue(update: Update, context: CnsContext, draft: dict, when: str) -> int:
    deps = context.deps
    now = deps.clock.now()
    send_at = now
    if when == "hour":
        send_at = now + timedelta(hours=1)
    elif when == "morning":
        tomorrow = local_today(deps.clock, deps.settings.tz) + timedelta(days=1)
        send_at = datetime.combine(tomorrow, MORNING, tzinfo=deps.settings.tz)
    area = await areas.get(deps.db.reader, draft["area_id"])
    scope = await _scope(context)
    if scope is None:
        context.user_data.pop(KEY, None)
        await update.effective_chat.send_message(context.t("not-allowed"))
        return ConversationHandler.END
    new = NewBroadcast(
        sender_id=context.member.id,
        area=area,
        audience=_audience(context, draft),
        content=draft["content"],
        send_at=iso_utc(send_at),
        progress_chat=update.effective_chat.id,
        signatures=_sender(context, scope).signatures(deps.texts),
    )
    queued = await queue_broadcast(deps.db, new, iso_utc(now))
    context.user_data.pop(KEY, None)
    shown = context.date(send_at.astimezone(deps.settings.tz), "time")
    message = await update.effective_chat.send_message(
        context.t("broadcast-queued", count=queued.recipients, when=shown)
    )
    await remember_progress_message(deps.db, queued.broadcast_id, message.message_id)
    context.deps.wake_delivery()
    return ConversationHandler.END


async def list_running(update: Update, context: CnsContext) -> None:
    """List broadcasts still sending, each with a stop button (own scope only)."""
    scope = await _scope(context)
    if scope is None:
        await update.effective_message.reply_text(context.t("not-allowed"))
        return
    db = context.deps.db
    lines, rows = [], []
    for item in await broadcasts.in_progress(db.reader):
        area = await areas.get(db.reader, item.area_id)
        if not scope.covers(area.path):
            continue
        counts = await outbox.counts(db.reader, "broadcast", item.id)
        done = item.recipients - counts.get("pending", 0) - counts.get("sending", 0)
        lines.append(
            context.t("broadcast-list-line", id=item.id, done=done, total=item.recipients)
        )
        label = context.deps.texts.plain(context.language, "broadcast-stop", id=item.id)
        rows.append(
            [
                InlineKeyboardButton(
                    label, callback_data=pack(Action.BROADCAST_STOP, "ask", item.id)
                )
            ]
        )
    if not lines:
        await update.effective_message.reply_text(context.t("broadcast-none"))
        return
    if len(lines) > LIST_SHOWN:  # the oldest first; a card holds at most so many buttons
        more = context.t("list-more", count=len(lines) - LIST_SHOWN)
        lines, rows = [*lines[:LIST_SHOWN], more], rows[:LIST_SHOWN]
    await update.effective_message.reply_text(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows)
    )


def _stopping(broadcast_id: int) -> str:
    return f"broadcast.stop:{broadcast_id}"


async def stop(update: Update, context: CnsContext) -> None:
    """Ask before stopping a broadcast; stop it (its unsent messages are cancelled); or not."""
    query = update.callback_query
    step, broadcast_id = pressed(update)
    if step == "yes" and not cards.confirmed(update, context, _stopping(broadcast_id)):
        await cards.expired(update, context)
        return
    await query.answer()
    scope = await _scope(context)
    db = context.deps.db
    item = await broadcasts.get(db.reader, broadcast_id)
    area = await areas.get(db.reader, item.area_id) if item else None
    if item is None or scope is None or not scope.covers(area.path):
        await update.effective_chat.send_message(context.t("not-allowed"))
        return
    await query.edit_message_reply_markup(None)
    texts, language = context.deps.texts, context.language
    if step == "ask":
        await cards.ask_confirmation(
            update,
            context,
            _stopping(item.id),
            context.t("broadcast-stop-ask", id=item.id),
            InlineKeyboardButton(
                texts.plain(language, "broadcast-stop-yes"),
                callback_data=pack(Action.BROADCAST_STOP, "yes", item.id),
            ),
            InlineKeyboardButton(
                texts.plain(language, "broadcast-stop-no"),
                callback_data=pack(Action.BROADCAST_STOP, "no", item.id),
            ),
        )
        return
    if step == "no":
        context.user_data.pop(cards.CONFIRM, None)
        await update.effective_chat.send_message(context.t("broadcast-stop-kept", id=item.id))
        return
    now = iso_utc(context.deps.clock.now())
    await stop_broadcast(db, context.member.id, item.id, now)
    await update.effective_chat.send_message(context.t("broadcast-stopped", id=item.id))


def build() -> list[BaseHandler]:
    """Return the broadcast dialog and the stop buttons."""
    content = (filters.TEXT & ~filters.COMMAND) | filters.PHOTO | filters.Document.ALL
    return [
        common.conversation(
            name="broadcast",
            entry_points=[CommandHandler("broadcast", start)],
            states={
                State.COMPOSE: [MessageHandler(content, composed)],
                State.CHOOSE: [
                    CallbackQueryHandler(choose, pattern=pattern(Action.BROADCAST)),
                ],
            },
            expect={State.COMPOSE: "broadcast-compose-invalid", State.CHOOSE: "expect-buttons"},
            fallbacks=common.dialog_fallbacks(),
        ),
        CommandHandler("broadcasts", list_running),
        CallbackQueryHandler(stop, pattern=pattern(Action.BROADCAST_STOP)),
    ]
