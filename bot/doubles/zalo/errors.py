"""Zalo's error answers, built on the Telegram double's ApiError (same JSON, no retry_after)."""

from __future__ import annotations

from http import HTTPStatus

from bot.doubles.telegram.errors import ApiError
from bot.doubles.telegram.faults import Fault

# Zalo's own words where known ("Quota exceeded"); the rest are HTTP phrases (an assumption).
_DESCRIPTIONS = {
    401: "Unauthorized",
    404: "Not Found",
    408: "Request timeout",
    429: "Quota exceeded",
}
UNKNOWN_CHAT = "chat not found: the user has not messaged the bot"
UNREACHABLE = "Forbidden: the user cannot receive messages from the bot"
WEBHOOK_IS_SET = "webhook is set; call deleteWebhook first"


class NoUpdate(ApiError):
    """getUpdates found nothing within its timeout: a normal answer, not a rejected call."""

    def __init__(self) -> None:
        super().__init__(408, _DESCRIPTIONS[408])


def bad_request(description: str) -> ApiError:
    return ApiError(400, description)


def error_for(status: int, description: str | None = None) -> ApiError:
    """An error with `status` in Zalo's format; the description defaults per status."""
    if description is None:
        description = _DESCRIPTIONS.get(status) or HTTPStatus(status).phrase
    return ApiError(status, description)


def fault_error(fault: Fault) -> ApiError:
    """The answer to an injected fault; Zalo's 429 carries no retry_after."""
    assert fault.status is not None
    return error_for(fault.status, fault.description)
