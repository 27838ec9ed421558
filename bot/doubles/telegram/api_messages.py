"""Served methods that send, edit and delete text messages and answer button presses."""

from __future__ import annotations

import time
from typing import Any

from bot.doubles.telegram.errors import NOT_MODIFIED, QUERY_TOO_OLD, ApiError, bad_request
from bot.doubles.telegram.formatting import format_text
from bot.doubles.telegram.keyboards import check_markup
from bot.doubles.telegram.models import ChatState, StoredMessage
from bot.doubles.telegram.params import Params
from bot.doubles.telegram.registry import api_method
from bot.doubles.telegram.store import Store

_CALLBACK_ANSWER_LIMIT = 200
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip


class MessageMethods(Store):
    """sendMessage, the edit methods, deleteMessage, answerCallbackQuery, sendChatAction."""

    @api_method("sendMessage")
    def _send_message(self, p: Params) -> dict[str, Any]:
        chat = self._target_chat(p.values.get("chat_id"))
        raw = p.text("text")
        formatted = format_text(raw, p.text("parse_mode"), p.obj("entities"))
        markup = check_markup(p.obj("reply_markup"))
        reply_to = self._reply_target(chat, p)
        self._charge(chat.user["id"])
        message = self._new_message(
            chat,
            from_bot=True,
            text=raw,
            plain_text=formatted.text,
            parse_mode=p.text("parse_mode"),
            entities=formatted.entities,
            reply_markup=markup,
            reply_to_message=reply_to,
        )
        return message.to_telegram()

    @api_method("editMessageText")
    def _edit_message_text(self, p: Params) -> dict[str, Any]:
        chat, message = self._editable(p)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        raw = p.text("text")
        formatted = format_text(raw, p.text("parse_mode"), p.obj("entities"))
        markup = _edited_markup(message, p)
        if (formatted.text, formatted.entities, markup) == (
            message.plain_text,
            message.entities,
            message.reply_markup,
        ):
            raise ApiError(400, NOT_MODIFIED)
        self._charge(chat.user["id"])
        _record_edit(message)
        message.text, message.plain_text = raw, formatted.text
        message.entities, message.parse_mode = formatted.entities, p.text("parse_mode")
        message.reply_markup = markup
        self._changed(message)
        return message.to_telegram()

    @api_method("editMessageCaption")
    def _edit_message_caption(self, p: Params) -> dict[str, Any]:
        chat, message = self._editable(p)
        if message.photo is None and message.document is None:
            raise bad_request("there is no caption in the message to edit")
        raw = p.text("caption")
        formatted = format_text(raw, p.text("parse_mode"), p.obj("caption_entities"), caption=True)
        markup = _edited_markup(message, p)
        if (formatted.text or None, formatted.entities, markup) == (
            message.plain_caption,
            message.caption_entities,
            message.reply_markup,
        ):
            raise ApiError(400, NOT_MODIFIED)
        self._charge(chat.user["id"])
        _record_edit(message)
        message.caption, message.plain_caption = raw, formatted.text or None
        message.caption_entities, message.parse_mode = formatted.entities, p.text("parse_mode")
        message.reply_markup = markup
        self._changed(message)
        return message.to_telegram()

    @api_method("editMessageReplyMarkup")
    def _edit_message_reply_markup(self, p: Params) -> dict[str, Any]:
        chat, message = self._editable(p)
        markup = _edited_markup(message, p)
        if markup == message.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        self._charge(chat.user["id"])
        _record_edit(message)
        message.reply_markup = markup
        self._changed(message)
        return message.to_telegram()

    @api_method("deleteMessage")
    def _delete_message(self, p: Params) -> bool:
        chat = self._target_chat(p.values.get("chat_id"), sending=False)
        message = chat.message(_message_id(p))
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        self._changed(message)
        return True

    @api_method("answerCallbackQuery")
    def _answer_callback_query(self, p: Params) -> bool:
        query_id = p.text("callback_query_id") or ""
        text = p.text("text")
        if query_id not in self.pending_queries:
            raise ApiError(400, QUERY_TOO_OLD)
        if text is not None and len(text) > _CALLBACK_ANSWER_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        self.pending_queries.remove(query_id)
        self.answered_callbacks.append((query_id, text, p.flag("show_alert")))
        return True

    @api_method("sendChatAction")
    def _send_chat_action(self, p: Params) -> bool:
        self._target_chat(p.values.get("chat_id"))
        if p.text("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _editable(self, p: Params) -> tuple[ChatState, StoredMessage]:
        """The bot message an edit addresses, failing like Telegram when there is none."""
        if p.text("inline_message_id"):
            raise bad_request("inline messages are not supported by the double")
        chat = self._target_chat(p.values.get("chat_id"))
        message = chat.message(_message_id(p))
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    def _reply_target(self, chat: ChatState, p: Params) -> dict[str, Any] | None:
        """The replied-to message as embedded in the reply; Telegram nests only one level."""
        parameters = p.obj("reply_parameters") or {}
        if not isinstance(parameters, dict):
            raise bad_request("can't parse reply parameters JSON object")
        message_id = parameters.get("message_id", p.integer("reply_to_message_id"))
        if message_id is None:
            return None
        target = chat.message(int(message_id))
        if target is None or target.deleted:
            if parameters.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        payload = target.to_telegram()
        payload.pop("reply_to_message", None)
        return payload


def _message_id(p: Params) -> int:
    message_id = p.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    return message_id


def _edited_markup(message: StoredMessage, p: Params) -> dict[str, Any] | None:
    """Edits replace the inline keyboard (omitting it removes it); reply keyboards stay."""
    markup = check_markup(p.obj("reply_markup"), inline_only=True)
    current = message.reply_markup
    if markup is None and current is not None and "inline_keyboard" not in current:
        return current
    return markup


def _record_edit(message: StoredMessage) -> None:
    message.edits.append(message.text if message.text is not None else message.caption)
    message.edit_date = int(time.time())
