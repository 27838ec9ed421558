"""Served methods for photos, documents and getFile."""

from __future__ import annotations

from typing import Any

from bot.doubles.telegram.errors import ApiError, bad_request
from bot.doubles.telegram.files import document_object, image_size, photo_sizes
from bot.doubles.telegram.formatting import format_text
from bot.doubles.telegram.keyboards import check_markup
from bot.doubles.telegram.models import StoredFile
from bot.doubles.telegram.params import Params, Upload
from bot.doubles.telegram.registry import api_method
from bot.doubles.telegram.store import Store

_MAX_UPLOAD = 50 * 1024 * 1024
_MAX_PHOTO_SIDES = 10000
_MAX_PHOTO_RATIO = 20
_FOLDERS = {"photo": "photos", "document": "documents"}


class MediaMethods(Store):
    """sendPhoto, sendDocument and getFile."""

    @api_method("sendPhoto")
    def _send_photo(self, p: Params) -> dict[str, Any]:
        return self._send_media(p, "photo")

    @api_method("sendDocument")
    def _send_document(self, p: Params) -> dict[str, Any]:
        return self._send_media(p, "document")

    @api_method("getFile")
    def _get_file(self, p: Params) -> dict[str, Any]:
        stored = self.files.get(p.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def _send_media(self, p: Params, kind: str) -> dict[str, Any]:
        chat = self._target_chat(p.values.get("chat_id"))
        raw = p.text("caption")
        formatted = format_text(raw, p.text("parse_mode"), p.obj("caption_entities"), caption=True)
        markup = check_markup(p.obj("reply_markup"))
        stored = self._media(p, kind)
        if kind == "photo":
            sizes = photo_sizes(stored, _photo_size(stored.data))
            media: dict[str, Any] = {"photo": sizes, "photo_bytes": stored.data}
        else:
            media = {
                "document": document_object(stored),
                "document_bytes": stored.data,
                "document_name": stored.file_name,
            }
        self._charge(chat.user["id"])
        message = self._new_message(
            chat,
            from_bot=True,
            caption=raw,
            plain_caption=formatted.text or None,
            caption_entities=formatted.entities,
            parse_mode=p.text("parse_mode"),
            reply_markup=markup,
            **media,
        )
        return message.to_telegram()

    def _media(self, p: Params, kind: str) -> StoredFile:
        """The file a send names: a fresh upload, or a file_id the double handed out."""
        given = p.upload(kind)
        if given is None:
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(given, Upload):
            if not given.data:
                raise bad_request("file must be non-empty")
            if len(given.data) > _MAX_UPLOAD:
                raise ApiError(413, "Request Entity Too Large")
            if kind == "photo":
                _photo_size(given.data)
            # Telegram re-encodes photos as JPEG; documents keep their name and type.
            if kind == "photo":
                return self.files.add(given.data, "photos", "photo.jpg")
            return self.files.add(
                given.data, "documents", given.filename or "document", given.content_type
            )
        # Telegram would download an http(s) URL; the double stays offline, so only ids work.
        stored = self.files.get(given)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if not stored.file_path.startswith(_FOLDERS[kind] + "/"):
            raise bad_request(f"can't use file of another type as {kind.capitalize()}")
        return stored


def _photo_size(data: bytes) -> tuple[int, int]:
    """Dimensions of a photo Telegram would accept, or its 400."""
    size = image_size(data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = size
    if width + height > _MAX_PHOTO_SIDES or max(size) > _MAX_PHOTO_RATIO * max(min(size), 1):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return size
