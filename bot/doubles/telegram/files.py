"""File storage behind file_ids, plus the image sniffing sendPhoto needs."""

from __future__ import annotations

import hashlib
import struct
from pathlib import PurePosixPath
from typing import Any

from bot.doubles.telegram.models import StoredFile


class FileStore:
    """Bytes by file_id and by download path, as Telegram's file servers hold them."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(
        self, data: bytes, folder: str, filename: str, mime_type: str | None = None
    ) -> StoredFile:
        digest = hashlib.sha256(data).hexdigest()
        number = len(self._by_id) + 1
        suffix = PurePosixPath(filename).suffix.lower()
        stored = StoredFile(
            file_id=f"DBL{folder[:3].upper()}{number:06d}{digest[:24]}",
            file_unique_id=f"U{digest[:15]}",
            file_path=f"{folder}/file_{number}{suffix}",
            data=data,
            file_name=filename,
            mime_type=mime_type,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)


def document_object(stored: StoredFile) -> dict[str, Any]:
    """The Document object Telegram returns for a stored file."""
    document = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.file_name,
        "mime_type": stored.mime_type,
        "file_size": len(stored.data),
    }
    return {key: value for key, value in document.items() if value is not None}


def sticker_object(
    stored: StoredFile,
    *,
    emoji: str | None,
    set_name: str | None,
    is_animated: bool,
    is_video: bool,
) -> dict[str, Any]:
    """The Sticker object of a sticker message: a 512 px regular sticker, as clients send."""
    sticker: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": is_animated,
        "is_video": is_video,
        "emoji": emoji,
        "set_name": set_name,
        "file_size": len(stored.data),
    }
    return {key: value for key, value in sticker.items() if value is not None}


def voice_object(stored: StoredFile, duration: int) -> dict[str, Any]:
    """The Voice object of a voice note (Telegram records them as Opus in OGG)."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "duration": duration,
        "mime_type": stored.mime_type,
        "file_size": len(stored.data),
    }


def photo_sizes(stored: StoredFile, size: tuple[int, int]) -> list[dict[str, Any]]:
    """The PhotoSize list of a photo message; one size is enough for PTB and bots."""
    width, height = size
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": len(stored.data),
        }
    ]


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG image; None when it is none of those."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk JPEG segments to the first start-of-frame marker, which holds the size."""
    i = 2
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None
