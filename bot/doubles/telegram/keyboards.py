"""reply_markup validation and lookup of buttons in stored keyboards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.doubles.telegram.errors import bad_request

_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "web_app",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_REPLY_REQUESTS = (
    "request_contact",
    "request_location",
    "request_poll",
    "request_users",
    "request_chat",
    "web_app",
)
_URL_SCHEMES = ("http://", "https://", "tg://")
_MAX_BUTTONS = 100
_UNPARSABLE = "can't parse reply keyboard markup JSON object"


def check_markup(markup: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Validate reply_markup like Telegram and return it without null fields."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request(_UNPARSABLE)
    markup = {key: value for key, value in markup.items() if value is not None}
    if "inline_keyboard" in markup:
        markup["inline_keyboard"] = _rows(markup["inline_keyboard"], _inline_button)
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        markup["keyboard"] = _rows(markup["keyboard"], _reply_button)
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request(_UNPARSABLE)


def inline_buttons(markup: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    """Every button of an inline keyboard, row by row."""
    for row in (markup or {}).get("inline_keyboard", []):
        yield from row


def reply_buttons(markup: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    """Every button of a reply keyboard, row by row."""
    for row in (markup or {}).get("keyboard", []):
        yield from row


def _rows(rows: Any, check_button: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(_UNPARSABLE)
    checked = [[check_button(button) for button in row] for row in rows]
    count = sum(len(row) for row in checked)
    if count == 0:
        raise bad_request("keyboard must be non-empty")
    if count > _MAX_BUTTONS:
        raise bad_request("REPLY_MARKUP_TOO_LONG")
    return checked


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    button = {key: value for key, value in button.items() if value is not None}
    _check_text(button)
    actions = [key for key in _INLINE_ACTIONS if key in button]
    if len(actions) != 1:
        raise bad_request("BUTTON_TYPE_INVALID")
    data = button.get("callback_data")
    if "callback_data" in button and (
        not isinstance(data, str) or not 1 <= len(data.encode()) <= 64
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and (not isinstance(url, str) or not url.startswith(_URL_SCHEMES)):
        raise bad_request("BUTTON_URL_INVALID")
    return button


def _reply_button(button: Any) -> dict[str, Any]:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse keyboard button: KeyboardButton must be a String or an Object"
        )
    button = {key: value for key, value in button.items() if value is not None}
    _check_text(button)
    if sum(1 for key in _REPLY_REQUESTS if button.get(key)) > 1:
        raise bad_request("BUTTON_TYPE_INVALID")
    return button


def _check_text(button: dict[str, Any]) -> None:
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
