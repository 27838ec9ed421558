"""Message text and caption rules: parse modes, emptiness and length limits."""

from __future__ import annotations

from typing import Any

from bot.doubles.telegram.errors import bad_request
from bot.ui.telegram_html import FormattedText, HtmlParseError, parse_html, trim

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
_ENTITY_TYPES = frozenset(
    {
        "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number",
        "bold", "italic", "underline", "strikethrough", "spoiler", "blockquote",
        "expandable_blockquote", "code", "pre", "text_link", "text_mention", "custom_emoji",
    }
)  # fmt: skip


def format_text(
    raw: str | None, parse_mode: str | None, entities: Any, *, caption: bool = False
) -> FormattedText:
    """Turn what the bot sent into Telegram's stored form, or raise Telegram's 400."""
    raw = raw or ""
    if entities is not None:
        formatted = trim(FormattedText(raw, _checked_entities(entities, raw)))
    elif parse_mode is None or parse_mode == "":
        formatted = trim(FormattedText(raw))
    elif parse_mode.lower() == "html":
        try:
            formatted = parse_html(raw)
        except HtmlParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif parse_mode.lower() in ("markdown", "markdownv2"):
        raise bad_request(f"parse_mode {parse_mode} is not supported by the double; use HTML")
    else:
        raise bad_request("unsupported parse_mode")
    if caption:
        if len(formatted.text) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
    elif not formatted.text:
        raise bad_request("message text is empty")
    elif len(formatted.text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return formatted


def _checked_entities(entities: Any, text: str) -> list[dict[str, Any]]:
    """Explicit entities must be well-formed objects lying inside the text."""
    size = len(text.encode("utf-16-le")) // 2
    if not isinstance(entities, list):
        raise bad_request("can't parse entities JSON object")
    checked = []
    for entity in entities:
        if not isinstance(entity, dict) or entity.get("type") not in _ENTITY_TYPES:
            raise bad_request("can't parse MessageEntity JSON object")
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int):
            raise bad_request("can't parse MessageEntity JSON object")
        if offset < 0 or length <= 0 or offset + length > size:
            raise bad_request("entity beginning or end is out of the text")
        checked.append(dict(entity))
    return checked
