"""Photos and voice notes: a photo sent while a report is written is kept as its evidence.

In any step of the report dialog a photo is kept (once) and answered with what the step
still expects; the dialog stays where it was, and sending the report attaches the photos to
the reports stored. Outside a dialog a photo or a voice note gets a kind answer saying how to
report by typing, with the button that starts a report. The bot can't listen to voice notes:
it says so, and what to type instead.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, PhotoSize, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, ConversationHandler, MessageHandler, filters

from bot.app.context import CnsContext
from bot.app.settings import Settings
from bot.core import fetch
from bot.core.clock import iso_utc, local_today
from bot.core.links import link_key
from bot.domain.evidence import (
    MAX_BYTES,
    MAX_PER_REPORT,
    EvidenceLinks,
    attach_photos,
    image_type,
    keep_photo,
)
from bot.domain.reporting import Stored
from bot.ui import menu
from bot.ui.callbacks import Action, pack
from handlers import common
from handlers.report.draft import Draft
from handlers.report.flow import load, save
from storage.evidence import Photo

logger = logging.getLogger(__name__)

VOICE = filters.VOICE | filters.AUDIO


def links_for(settings: Settings) -> EvidenceLinks | None:
    """The deployment's evidence links, if it has a public address (PUBLIC_URL)."""
    token = settings.bot_token or settings.zalo_bot_token
    if settings.public_url is None or token is None:
        return None
    key = link_key(token.get_secret_value(), "evidence links")
    return EvidenceLinks(settings.public_url, key, settings.file_link_hours)


# --- fetching a photo -----------------------------------------------------------------------


def _largest(sizes: tuple[PhotoSize, ...]) -> PhotoSize:
    return max(sizes, key=lambda size: size.width * size.height)


async def _telegram_bytes(context: CnsContext, size: PhotoSize) -> bytes | None:
    if size.file_size is not None and size.file_size > MAX_BYTES:
        return None
    try:
        found = await context.bot.get_file(size.file_id)
        return bytes(await found.download_as_bytearray())
    except (TelegramError, OSError) as error:
        logger.warning("Could not fetch photo %s: %s", size.file_unique_id, error)
        return None


async def fetch_url(url: str, limit: int = MAX_BYTES) -> bytes | None:
    """GET an image by URL (where Zalo keeps it) up to `limit` bytes; None if that fails."""
    return await fetch.fetch_url(url, limit)


async def photo_of(context: CnsContext, message: Message) -> Photo:
    """The photo a message carries, with its bytes when they can be fetched and fit the cap."""
    largest = _largest(message.photo)
    # The largest size that fits, fetched; the largest names the picture (a resent photo).
    fitting = [s for s in message.photo if (s.file_size or 0) <= MAX_BYTES] or [largest]
    chosen = _largest(tuple(fitting))
    if chosen.file_id.startswith(fetch.ZALO_FILE_PREFIX):
        content = await fetch_url(chosen.file_id.removeprefix(fetch.ZALO_FILE_PREFIX))
    else:
        content = await _telegram_bytes(context, chosen)
    mime = image_type(content) if content else None
    if content is not None and mime is None:  # not an image after all: keep only the reference
        content = None
    return Photo(
        unique_ref=largest.file_unique_id,
        file_ref=chosen.file_id,
        width=chosen.width or None,
        height=chosen.height or None,
        mime=mime,
        content=content,
    )


# --- in the report dialog -------------------------------------------------------------------


def _photo_in_dialog(expects: str) -> MessageHandler:
    async def kept(update: Update, context: CnsContext) -> None:
        """Keep the photo as the report's evidence; say so, and what the step expects."""
        message = update.effective_message
        draft = load(context)
        member = context.member
        if draft is None or member is None or member.status != "active":
            await message.reply_text(context.t(expects))
            return
        if len(draft.evidence) >= MAX_PER_REPORT:
            answer = context.t("evidence-photo-full", max=MAX_PER_REPORT)
        else:
            photo = await photo_of(context, message)
            deps = context.deps
            photo_id = await keep_photo(deps.db, member.id, photo, iso_utc(deps.clock.now()))
            if photo_id not in draft.evidence:
                draft.evidence.append(photo_id)
                save(context, draft)
            answer = context.t("evidence-photo-kept")
        await message.reply_text(f"{answer}\n{context.t(expects)}")

    return MessageHandler(filters.PHOTO, kept)


def _voice_in_dialog(expects: str) -> MessageHandler:
    async def answer(update: Update, context: CnsContext) -> None:
        """Say that voice can't be heard, and what the step expects typed."""
        await update.effective_message.reply_text(
            f"{context.t('evidence-voice')}\n{context.t(expects)}"
        )

    return MessageHandler(VOICE, answer)


def conversation(
    *,
    states: dict[object, list[BaseHandler]],
    expect: Mapping[object, str],
    **dialog: Any,
) -> ConversationHandler:
    """common.conversation, where every step also keeps photos and answers voice notes."""
    taking = {
        state: [*handlers, _photo_in_dialog(expect[state]), _voice_in_dialog(expect[state])]
        for state, handlers in states.items()
    }
    return common.conversation(states=taking, expect=expect, **dialog)


async def attach_sent(context: CnsContext, draft: Draft, stored: Stored) -> None:
    """Attach the draft's photos to the reports its sending stored (or had stored before)."""
    reports = (*stored.created, *stored.updated, *stored.already)
    if draft.evidence and context.member is not None:
        deps = context.deps
        await attach_photos(
            deps.db, context.member.id, draft.evidence, reports, iso_utc(deps.clock.now())
        )


# --- outside dialogs ------------------------------------------------------------------------


def _report_button(context: CnsContext) -> InlineKeyboardMarkup:
    deps = context.deps
    today = local_today(deps.clock, deps.settings.tz).isoformat()
    label = deps.texts.plain(context.language, "menu-report")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=pack(Action.REPORT_MORE, today))]]
    )


def _answers(text_id: str):
    async def answer(update: Update, context: CnsContext) -> None:
        """Tell a reporter how to report by typing; anyone else what the bot needs first."""
        member = context.member
        if member is None or member.status != "active" or member.role not in menu.REPORTERS:
            await common.not_understood(update, context)
            return
        await update.effective_message.reply_text(
            context.t(text_id), reply_markup=_report_button(context)
        )

    return answer


def outside() -> list[BaseHandler]:
    """Handlers for a photo or a voice note no dialog took."""
    return [
        MessageHandler(filters.PHOTO, _answers("evidence-photo-outside")),
        MessageHandler(VOICE, _answers("evidence-voice-outside")),
    ]
