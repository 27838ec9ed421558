"""Decoding Bot API request parameters from query, form, multipart or JSON bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.doubles.telegram.errors import ApiError, bad_request

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Parameters whose values are objects or arrays, sent JSON-encoded inside form bodies.
_NESTED = frozenset(
    {
        "reply_markup", "entities", "caption_entities", "commands", "scope", "allowed_updates",
        "reply_parameters", "link_preview_options", "media",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


class Params:
    """Parameters of one call with Telegram's lenient typing: "123" is an int, "true" a bool."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload]) -> None:
        self.values = values
        self.uploads = uploads

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value) if isinstance(value, dict | list) else str(value)

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def obj(self, name: str) -> Any:
        """A nested value, which form encodings carry as a JSON string."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def upload(self, name: str) -> Upload | str | None:
        """The uploaded file (direct part or attach://), else the file_id/URL string given."""
        value = self.values.get(name)
        if name in self.uploads and value is None:
            return self.uploads[name]
        if isinstance(value, str) and value.startswith("attach://"):
            attached = self.uploads.get(value.removeprefix("attach://"))
            if attached is None:
                raise bad_request(f"wrong file identifier/HTTP URL specified for {name}")
            return attached
        return value if isinstance(value, str) else None

    def summary(self) -> dict[str, Any]:
        """The call as tests inspect it: nested JSON decoded, uploads described."""
        summary: dict[str, Any] = {}
        for key, value in self.values.items():
            try:
                summary[key] = self.obj(key) if key in _NESTED else value
            except ApiError:
                summary[key] = value
        for key, upload in self.uploads.items():
            summary[key] = f"<upload {upload.filename!r}, {len(upload.data)} bytes>"
        return summary


async def read_params(request: web.Request) -> Params:
    """Merge query string and body into Params, accepting every encoding PTB may use."""
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if not request.body_exists:
        return Params(values, uploads)
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        values.update(body)
    elif request.content_type in _FORM_TYPES:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                data = value.file.read()
                uploads[key] = Upload(value.filename, value.content_type, data)
            else:
                values[key] = value
    return Params(values, uploads)
