"""PTB's AIORateLimiter, plus retries with backoff for server errors and timeouts.

AIORateLimiter retries only 429s. A 5xx or a timeout on a reply would otherwise end the
handler with an error and the volunteer with no answer. A retried call whose first attempt
did reach Telegram can show twice; a lost answer is worse than a repeated one.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.5, 1.0, 2.0)
# Refusals that mean "already done": a button press answered twice, or a card whose buttons
# were already taken off (a retry after a timeout, an update replayed after a crash).
_HARMLESS = (
    ("answerCallbackQuery", "query is too old"),
    ("editMessageReplyMarkup", "message is not modified"),
)


def harmless_refusal(method: str, description: str) -> bool:
    """Tell whether Telegram refused a call only because it was done already."""
    reason = description.lower().removeprefix("bad request: ")
    return any(method == known and reason.startswith(text) for known, text in _HARMLESS)


class RetryingRateLimiter(AIORateLimiter):
    """Pace requests like AIORateLimiter and retry transient failures a few times."""

    def __init__(self, *, retry_delays: tuple[float, ...] = RETRY_DELAYS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_delays = retry_delays

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        """Run one Bot API request, retrying 5xx answers and timeouts."""
        # getUpdates has its own loop (bot.polling) that retries for as long as it takes.
        delays = () if endpoint == "getUpdates" else self.retry_delays
        for attempt, delay in enumerate((*delays, None)):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest as error:
                if harmless_refusal(endpoint, str(error)):
                    logger.info("%s refused (%s); nothing to do", endpoint, error)
                    return True
                raise
            except NetworkError as error:
                if delay is None:
                    raise
                logger.warning(
                    "%s failed (%s), attempt %d; retrying in %.1f s",
                    endpoint,
                    error,
                    attempt + 1,
                    delay,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")
