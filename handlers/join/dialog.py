"""Joining a team: invite link or code, consent, name, phone, confirmation."""

from __future__ import annotations

import logging
import re
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.app.context import UNREGISTERED, CnsContext
from bot.core.clock import iso_utc
from bot.core.i18n import CURRENT_CHANNEL
from bot.domain.names import clean_name, profile_name
from bot.domain.phones import display_phone, normalize_phone
from bot.ui import menu
from bot.ui.callbacks import Action, pack, pattern
from handlers import common, linking
from handlers.join import cards, membership
from handlers.join.draft import KEY as DRAFT
from handlers.join.draft import JoinDraft
from storage import areas, teams
from storage.teams import INVITE_LENGTH, Team, normalize_invite_code

logger = logging.getLogger(__name__)


class State(StrEnum):
    AWAIT_CODE = "join.code"
    CONSENT = "join.consent"
    NAME = "join.name"
    PHONE = "join.phone"
    CONFIRM = "join.confirm"
    SWITCH = "join.switch"


def _draft(context: CnsContext) -> JoinDraft | None:
    return JoinDraft.from_json(context.user_data.get(DRAFT))


def _keep(context: CnsContext, draft: JoinDraft) -> None:
    context.user_data[DRAFT] = draft.to_json()


async def _area_label(context: CnsContext, team: Team) -> str:
    area = await areas.get(context.deps.db.reader, team.area_id)
    chain = await areas.ancestors(context.deps.db.reader, area) if area else []
    # The province is the same for everyone in a deployment; the commune and village say more.
    return ", ".join(a.name for a in reversed(chain[1:] or chain))


async def start(update: Update, context: CnsContext) -> State | int:
    """Greet, register admins, or begin joining from an invite payload."""
    settings, db = context.deps.settings, context.deps.db
    user = update.effective_user
    member = context.member
    payload = context.args[0] if context.args else None
    if user.id in settings.admin_telegram_ids:
        return await membership.welcome_admin(update, context)
    if member is not None and member.status == "active" and member.team_id is not None:
        current = await teams.get(db.reader, member.team_id)
        invited = await teams.get_by_invite(db.reader, payload) if payload else None
        if invited is not None and invited.id != member.team_id:
            _keep(context, JoinDraft(team_id=invited.id))
            await update.effective_message.reply_text(
                context.t(
                    "join-switch-ask",
                    current=current.name,
                    team=invited.name,
                    area=await _area_label(context, invited),
                ),
                reply_markup=cards.two_buttons(context, Action.SWITCH_TEAM, "join-switch"),
            )
            return State.SWITCH
        await update.effective_message.reply_text(
            context.t("join-already", team=current.name, area=await _area_label(context, current)),
            reply_markup=menu.main_keyboard(context.deps.texts, context.language, member.role),
        )
        return ConversationHandler.END
    if member is not None and member.role == "admin":
        return await membership.welcome_admin(update, context)
    if payload:
        team = await teams.get_by_invite(db.reader, payload)
        if team is not None:
            return await _begin(update, context, team)
        await update.effective_message.reply_text(context.t("start-bad-code", code=payload[:64]))
        return State.AWAIT_CODE
    await update.effective_message.reply_text(context.t("start-how-to-join"))
    return State.AWAIT_CODE


async def _begin(
    update: Update, context: CnsContext, team: Team, name: str | None = None
) -> State:
    _keep(context, JoinDraft(team_id=team.id, name=name))
    await update.effective_message.reply_text(
        context.t("join-welcome", team=team.name, area=await _area_label(context, team)),
        reply_markup=cards.two_buttons(context, Action.CONSENT, "join-consent"),
    )
    return State.CONSENT


# A typed code: letters and digits, maybe grouped by spaces or dashes ("k7m2 qx9p-4b").
_CODE_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._\-]*")
_CODE_WORD = re.compile(r"[A-Za-z0-9._\-]+")
_CODE_GROUPS = 3  # a code typed before the name may be split into this many groups
_MALFORMED = range(6, 15)  # letters and digits, one of them a digit: a code typed wrong


def _code_shape(text: str) -> str | None:
    """ "well-formed" (ten letters and digits), "malformed" (a code typed wrong), or None."""
    if not _CODE_SHAPE.fullmatch(text):
        return None
    code = normalize_invite_code(text)
    if len(code) == INVITE_LENGTH:
        return "well-formed"
    if len(code) in _MALFORMED and any(ch.isdigit() for ch in code):
        return "malformed"
    return None


async def typed_code(update: Update, context: CnsContext) -> State:
    """Accept an invite code typed by someone who has not joined yet, maybe with their name
    after it ("K7M2QX9P4B Nguyễn Thị Lan"): then the name is not asked."""
    text = update.message.text.strip()
    if await linking.redeem_typed(update, context):
        return ConversationHandler.END
    reader = context.deps.db.reader
    shape, name = _code_shape(text), None
    team = await teams.get_by_invite(reader, text) if shape == "well-formed" else None
    if team is None:
        # The code, maybe grouped as on the printed card ("K7M2Q X9P4B"), then the name.
        words = text.split()
        for size in range(1, min(len(words), _CODE_GROUPS + 1)):
            word, rest = " ".join(words[:size]), " ".join(words[size:])
            if not all(_CODE_WORD.fullmatch(part) for part in words[:size]):
                break
            first = _code_shape(word)
            if first == "well-formed" or (shape is None and size == 1):
                shape, name = first, clean_name(rest)
                team = await teams.get_by_invite(reader, word) if first == "well-formed" else None
                if first == "well-formed":
                    break
    if team is None:
        # A well-formed code nobody has; one typed wrong gets its format; else the how-to.
        text_id = {"well-formed": "join-code-unknown", "malformed": "join-ask-code-again"}
        await update.message.reply_text(context.t(text_id.get(shape or "", "start-how-to-join")))
        return State.AWAIT_CODE
    return await _begin(update, context, team, name)


async def consent(update: Update, context: CnsContext) -> State | int:
    """Take the answer to the privacy notice, by button or typed (its number or words)."""
    picked = await cards.picked(
        update, cards.two_buttons(context, Action.CONSENT, "join-consent"), Action.CONSENT
    )
    if picked is None:
        await update.message.reply_text(context.t("join-consent-needed"))
        return State.CONSENT
    if picked != ("yes",):
        context.user_data.pop(DRAFT, None)
        await update.effective_message.reply_text(context.t("join-declined"))
        return ConversationHandler.END
    draft = _draft(context)
    draft.consent_at = iso_utc(context.deps.clock.now())
    if draft.name is None and CURRENT_CHANNEL.get() == "zalo":
        # Every answer is typed on Zalo: take the display name, shown on the next questions
        # and changeable on the confirmation card, rather than ask for it.
        draft.name = profile_name(update.effective_user)
    _keep(context, draft)
    if draft.name is not None:
        return await _ask_phone(update, context, named=draft.name)
    return await _ask_name(update, context)


async def _ask_name(update: Update, context: CnsContext) -> State:
    profile = profile_name(update.effective_user)
    if profile is None:
        await update.effective_message.reply_text(context.t("join-ask-name-typed"))
        return State.NAME
    label = context.deps.texts.plain(context.language, "join-use-name", name=profile[:40])
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=pack(Action.USE_PROFILE_NAME))]]
    )
    await update.effective_message.reply_text(
        context.t("join-ask-name", name=profile), reply_markup=keyboard
    )
    return State.NAME


async def name(update: Update, context: CnsContext) -> State:
    """Take the member's full name: the profile name by button, or typed."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_reply_markup(None)
        full_name = profile_name(update.effective_user)
    else:
        full_name = clean_name(update.message.text)
    if full_name is None:
        await update.effective_message.reply_text(context.t("join-name-invalid"))
        return State.NAME
    draft = _draft(context)
    draft.name = full_name
    _keep(context, draft)
    if draft.phone_given:
        return await _confirm(update, context)
    return await _ask_phone(update, context)


async def _ask_phone(update: Update, context: CnsContext, named: str | None = None) -> State:
    keyboard = cards.phone_keyboard(context)
    text = context.t("join-ask-phone-named", name=named) if named else context.t("join-ask-phone")
    await update.effective_message.reply_text(text, reply_markup=keyboard)
    return State.PHONE


async def phone(update: Update, context: CnsContext) -> State:
    """Take a shared contact, a typed number, or Skip."""
    message = update.message
    texts = context.deps.texts
    if message.contact is not None:
        if message.contact.user_id != update.effective_user.id:
            await message.reply_text(context.t("join-phone-not-own"))
            return State.PHONE
        number = normalize_phone(message.contact.phone_number)
    elif message.text.strip().casefold() in {
        texts.plain(lang, "join-skip").casefold() for lang in ("vi", "en")
    }:
        return await _keep_phone(update, context, None)
    else:
        number = normalize_phone(message.text)
    if number is None:
        await message.reply_text(context.t("join-phone-invalid"))
        return State.PHONE
    return await _keep_phone(update, context, number)


async def _keep_phone(update: Update, context: CnsContext, number: str | None) -> State:
    draft = _draft(context)
    draft.phone, draft.phone_given = number, True
    _keep(context, draft)
    return await _confirm(update, context)


async def _confirm(update: Update, context: CnsContext) -> State:
    draft = _draft(context)
    team = await teams.get(context.deps.db.reader, draft.team_id)
    await update.effective_message.reply_text(
        context.t(
            "join-confirm",
            team=team.name,
            area=await _area_label(context, team),
            name=draft.name,
            phone=display_phone(draft.phone) if draft.phone else context.t("join-phone-none"),
        ),
        reply_markup=cards.confirm_keyboard(context),
    )
    return State.CONFIRM


async def confirm(update: Update, context: CnsContext) -> State | int:
    """Finish joining, or go back to the field the member wants to change."""
    picked = await cards.picked(update, cards.confirm_keyboard(context), Action.JOIN_CONFIRM)
    if picked is None:
        await update.message.reply_text(context.t("join-confirm-needed"))
        return State.CONFIRM
    (choice,) = picked
    if choice == "name":
        return await _ask_name(update, context)
    if choice == "phone":
        return await _ask_phone(update, context)
    if choice == "cancel":
        context.user_data.pop(DRAFT, None)
        await update.effective_message.reply_text(context.t("join-declined"))
        return ConversationHandler.END
    draft = _draft(context)
    context.user_data.pop(DRAFT, None)
    return await membership.register(update, context, draft)


async def switch_choice(update: Update, context: CnsContext) -> State | int:
    """Move a member to the team of the link they opened, if they say so."""
    picked = await cards.picked(
        update, cards.two_buttons(context, Action.SWITCH_TEAM, "join-switch"), Action.SWITCH_TEAM
    )
    if picked is None:
        await update.message.reply_text(context.t("join-switch-needed"))
        return State.SWITCH
    draft = JoinDraft.from_json(context.user_data.pop(DRAFT, None))
    team_id = draft.team_id if draft is not None and picked == ("yes",) else None
    return await membership.switch_team(update, context, team_id)


def _text(callback) -> MessageHandler:
    return MessageHandler(filters.TEXT & ~filters.COMMAND, callback)


def build() -> list[BaseHandler]:
    """Return the joining dialog's handlers."""
    conversation = common.conversation(
        name="join",
        entry_points=[
            CommandHandler("start", start),
            MessageHandler(filters.TEXT & ~filters.COMMAND & UNREGISTERED, typed_code),
        ],
        states={
            State.AWAIT_CODE: [_text(typed_code)],
            State.CONSENT: [
                CallbackQueryHandler(consent, pattern=pattern(Action.CONSENT)),
                _text(consent),
            ],
            State.NAME: [
                CallbackQueryHandler(name, pattern=pattern(Action.USE_PROFILE_NAME)),
                _text(name),
            ],
            State.PHONE: [
                MessageHandler(filters.CONTACT, phone),
                _text(phone),
            ],
            State.CONFIRM: [
                CallbackQueryHandler(confirm, pattern=pattern(Action.JOIN_CONFIRM)),
                _text(confirm),
            ],
            State.SWITCH: [
                CallbackQueryHandler(switch_choice, pattern=pattern(Action.SWITCH_TEAM)),
                _text(switch_choice),
            ],
        },
        # /start inside the dialog starts over (a new link, or the same one opened again).
        expect={
            State.AWAIT_CODE: "expect-invite-code",
            State.CONSENT: "join-consent-needed",
            State.NAME: "join-ask-name-typed",
            State.PHONE: "join-phone-invalid",
            State.CONFIRM: "join-confirm-needed",
            State.SWITCH: "join-switch-needed",
        },
        fallbacks=[CommandHandler("start", start), *common.dialog_fallbacks()],
    )
    return [conversation]
