"""PTB's AIORateLimiter, plus retries with backoff for server errors and timeouts.

AIORateLimiter retries only 429s. A 5xx or a timeout on a reply would otherwise end the
handler with an error and the volunteer with no answer. A retried call whose first attempt
did reach Telegram can show twice; a lost answer is worse than a repeated one.

Every reply and edit of the handlers goes through here, so this is also where the log is
kept readable: a failure that a retry cures is one short WARNING line (Telegram's nginx
answers a 502 with an HTML page, which is never dumped into the log), and a refusal that only
says "done already" is one INFO line. An ERROR with a traceback is left for real faults.

Retries run inside the handling of the update that made the call, so they end before the same
user's next update is handled (bot.concurrency): a timed-out question asked again is never
asked below the card that answered the user's next message. What stays possible, since
Telegram has no idempotency key: the first attempt of a timed-out send did arrive, and the
question shows twice in a row (once per timeout); in the rare case that Telegram acts on the
abandoned attempt only after the retry, the copy is late, but still before anything that
answers the user's next message unless Telegram itself holds it back that long.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.5, 1.0, 2.0)
# Refusals that mean "already done": a button press answered twice, or a card whose text or
# buttons already are what the call asks for (a double tap, a retry after a timeout, an
# update replayed after a crash).
_NOT_MODIFIED = "message is not modified"
_HARMLESS = (
    ("answerCallbackQuery", "query is too old"),
    ("editMessageText", _NOT_MODIFIED),
    ("editMessageCaption", _NOT_MODIFIED),
    ("editMessageReplyMarkup", _NOT_MODIFIED),
)
# How PTB words an answer that is no JSON (nginx's HTML error pages): the page follows.
_UNPARSED = ". Parsing the server response"
_BRIEF = 160


def harmless_refusal(method: str, description: str) -> bool:
    """Tell whether Telegram refused a call only because it was done already."""
    reason = description.lower().removeprefix("bad request: ")
    return any(method == known and reason.startswith(text) for known, text in _HARMLESS)


def brief(error: Exception) -> str:
    """The error's message for one log line: without an HTML page, and not too long."""
    text = str(error).split(_UNPARSED, 1)[0]
    return text if len(text) <= _BRIEF else text[: _BRIEF - 1] + "…"


class _NoHtmlDump(logging.Filter):
    """Drop PTB's ERROR "Can not load invalid JSON data" (with traceback) for an HTML page.

    PTB logs it for every answer that is no JSON, then raises: NetworkError for a 5xx, which
    the retry below handles and reports in one line, or TelegramError for a 2xx, which reaches
    the error handler. Either way the line adds only the page itself.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Can not load invalid JSON data"):
            return True
        payload = record.args[0] if isinstance(record.args, tuple) and record.args else ""
        return not str(payload).lstrip().startswith("<")


_PTB_REQUEST_LOGGER = logging.getLogger("telegram.request.BaseRequest")
if not any(isinstance(f, _NoHtmlDump) for f in _PTB_REQUEST_LOGGER.filters):
    _PTB_REQUEST_LOGGER.addFilter(_NoHtmlDump())


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
                    logger.info("%s refused (%s); nothing to do", endpoint, brief(error))
                    return True
                raise
            except NetworkError as error:
                if delay is None:
                    if type(error) is NetworkError and _UNPARSED in str(error):
                        raise NetworkError(brief(error)) from None  # not the page, again
                    raise
                logger.warning(
                    "%s failed (%s), attempt %d; retrying in %.1f s",
                    endpoint,
                    brief(error),
                    attempt + 1,
                    delay,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")
