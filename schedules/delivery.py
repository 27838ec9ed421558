"""The delivery worker: sends outbox rows at a steady pace and records every outcome.

Payload of an outbox row (JSON):

- ``text``: HTML (parse mode is always HTML); the caption when a file goes with it, so then
  at most 1024 characters.
- ``buttons`` (optional): inline keyboard rows, ``[[{"text": ..., "callback_data": ...}]]``.
- A file (optional), either uploaded from the row's ``attachment`` bytes:
  ``"photo": true`` (a PNG or JPEG) or ``"document_name": "report.xlsx"``;
  or re-sent by the id Telegram gave it: ``"file_id": ...`` with
  ``"kind_of_file": "photo" | "document"``.
- ``unless_reported`` (optional): ``["2026-11-23", "2026-11-27"]``, local dates; a reminder
  that is skipped if the member has a report dated in that range by the time it is sent.

A row for a member who is no longer active (left, erased, unreachable) is skipped too.

Run one worker per database: a starting worker returns every claimed row (status sending) to
the queue, which is how a crashed worker's claims get sent, and would also resend a running
worker's.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import math
import time
import warnings
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.core.clock import Clock, iso_utc
from bot.core.fetch import ZALO_FILE_PREFIX, fetch_url
from storage import members, outbox
from storage.chat_ids import Channel, chat_range
from storage.db import Database
from storage.outbox import OutboxMessage
from storage.reminder_rules import has_reported

logger = logging.getLogger(__name__)

Outcome = Callable[[OutboxMessage, str], Awaitable[None]]

# An idle worker looks at the outbox this often even if nobody calls wake().
IDLE_CHECK_SECONDS = 30.0
MAX_BACKOFF_SECONDS = 300
MAX_IN_FLIGHT = 50
# How long stop() lets sends finish that are stuck in retries (a long flood wait, an outage).
STOP_GRACE_SECONDS = 10.0


# The largest photo Telegram takes by upload.
FOREIGN_FILE_MAX = 10 * 1024 * 1024


class DeliveryWorker:
    """Sends due outbox rows through the bot, paced overall and per chat."""

    def __init__(
        self,
        bot: Bot,
        db: Database,
        clock: Clock,
        *,
        rate: float,
        per_chat_interval: float,
        max_attempts: int,
        channel: Channel | None = None,
        in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self.bot = bot
        self.channel = channel
        # Only this messenger's chats (None: every chat, for a deployment of one messenger).
        self.chats = chat_range(channel) if channel else None
        self.db = db
        self.clock = clock
        self.interval = 1.0 / rate
        self.per_chat_interval = per_chat_interval
        self.max_attempts = max_attempts
        # Awaited after each row's outcome is committed, with the new status ("pending" for a
        # retry), e.g. to update a broadcast's progress message.
        self.on_outcome: Outcome | None = None
        # Sends may overlap, each waiting a round trip for Telegram: one at a time caps the
        # pace at ~7/s (150 ms), but a crash can then repeat only that one message.
        self._max_in_flight = max(1, min(int(rate), in_flight, MAX_IN_FLIGHT))
        # About a second's worth of rows is claimed at once, so a cancel takes effect soon.
        self._batch = max(10, min(math.ceil(rate), 500))
        self._held: list[OutboxMessage] = []
        self._more = True
        self._busy_chats: set[int] = set()
        # chat id -> monotonic time it may be sent to again, oldest first.
        self._chat_free_at: OrderedDict[int, float] = OrderedDict()
        self._next_start = 0.0
        self._paused_until = 0.0
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._sends: set[asyncio.Task] = set()
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        """Take back what a previous run left claimed, then start sending."""
        if self._task is not None:
            return
        async with self.db.transaction() as conn:
            requeued = await outbox.requeue_in_flight(conn, self.chats)
        if requeued:
            logger.info("Requeued %d outbox rows left in flight", requeued)
        self._stop.clear()
        # A fresh context: started from inside a transaction or an update, the worker would
        # otherwise inherit "this task holds the transaction" and the sender of that update.
        self._task = asyncio.create_task(
            self._run(), name="outbox-delivery", context=contextvars.Context()
        )

    async def stop(self) -> None:
        """Let the sends in flight finish, return claimed rows to the queue and stop.

        Sends still unfinished after STOP_GRACE_SECONDS are cut off; their rows go out again
        at the next start, so those few recipients may get a message twice.
        """
        if self._task is None:
            return
        self._stop.set()
        self._wake.set()
        await self._task
        self._task = None

    def wake(self) -> None:
        """Look at the outbox now; call after enqueueing."""
        self._more = True
        self._wake.set()

    async def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                await self._step()
            except Exception:
                logger.exception("Outbox delivery failed; trying again shortly")
                await self._wait(1.0)
        if self._sends:
            _, late = await asyncio.wait(self._sends, timeout=STOP_GRACE_SECONDS)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        self._held.clear()
        async with self.db.transaction() as conn:
            await outbox.requeue_in_flight(conn, self.chats)

    async def _step(self) -> None:
        """Start one send, or wait until one can start."""
        if len(self._sends) >= self._max_in_flight:
            await self._wait(IDLE_CHECK_SECONDS)  # the end of a send wakes this
            return
        await self._refill()
        message = self._take_ready()
        if message is None:
            await self._wait(await self._idle_seconds())
            return
        reason = await self._needless(message)
        if reason is not None:
            await self._settle(message, "skipped", outbox.mark_skipped, reason)
            return
        while (delay := max(self._next_start, self._paused_until) - time.monotonic()) > 0:
            await self._wait(delay, self._stop)
        if self._stop.is_set():
            return
        started = time.monotonic()
        # Paced against a schedule, not against the last actual start: timer waits end a
        # little late, and that lateness would otherwise add up (300/s became ~245/s). After
        # a pause the schedule restarts half an interval back: no burst, just no drift.
        self._next_start = max(self._next_start, started - self.interval / 2) + self.interval
        self._mark_chat(message.chat_id, started)
        task = asyncio.create_task(self._deliver(message))
        self._sends.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        self._sends.discard(task)
        self._wake.set()

    async def _needless(self, message: OutboxMessage) -> str | None:
        """Why a row should not be sent any more, if it shouldn't."""
        if message.member_id is None:
            return None
        member = await members.get(self.db.reader, message.member_id)
        if member is None or member.status != "active":
            return f"member {member.status if member else 'gone'}"
        period = message.payload.get("unless_reported")
        if period and await has_reported(
            self.db.reader, member.id, date.fromisoformat(period[0]), date.fromisoformat(period[1])
        ):
            return "reported"
        return None

    async def _refill(self) -> None:
        if self._held and (not self._more or len(self._held) > self._batch // 2):
            return
        limit = self._batch - len(self._held)
        async with self.db.transaction() as conn:
            claimed = await outbox.claim_due(conn, iso_utc(self.clock.now()), limit, self.chats)
        self._held.extend(claimed)
        self._more = len(claimed) == limit

    def _take_ready(self) -> OutboxMessage | None:
        """Remove and return the first held row whose chat may be sent to now."""
        now = time.monotonic()
        for index, message in enumerate(self._held):
            chat = message.chat_id
            if chat not in self._busy_chats and self._chat_free_at.get(chat, 0.0) <= now:
                return self._held.pop(index)
        return None

    def _mark_chat(self, chat_id: int, now: float) -> None:
        self._busy_chats.add(chat_id)
        self._chat_free_at[chat_id] = now + self.per_chat_interval
        self._chat_free_at.move_to_end(chat_id)
        # Entries are in time order, so dropping expired ones from the front keeps only the
        # chats served within the last interval: memory stays small during a huge broadcast.
        while self._chat_free_at:
            _chat, free_at = next(iter(self._chat_free_at.items()))
            if free_at > now:
                break
            self._chat_free_at.popitem(last=False)

    async def _idle_seconds(self) -> float:
        """How long nothing can be sent: until a held row's chat is free, or a row is due."""
        if self._held:
            now = time.monotonic()
            waits = [
                self._chat_free_at.get(m.chat_id, now) - now
                for m in self._held
                if m.chat_id not in self._busy_chats
            ]
            # Rows for chats with a send in flight wait for its end, which wakes the loop.
            return min(waits, default=IDLE_CHECK_SECONDS)
        due = await outbox.next_due(self.db.reader, self.chats)
        if due is None:
            return IDLE_CHECK_SECONDS
        until = (datetime.fromisoformat(due) - self.clock.now()).total_seconds()
        # At least a second: a claim just found nothing due, and a not_before written in
        # another format than iso_utc's must not make the worker spin.
        return min(max(until, 1.0), IDLE_CHECK_SECONDS)

    async def _deliver(self, message: OutboxMessage) -> None:
        try:
            await self._attempt(message)
        except Exception:
            # The row stays claimed until the worker stops or restarts, then goes out again.
            logger.exception("Recording the outcome of outbox row %d failed", message.id)
        finally:
            self._busy_chats.discard(message.chat_id)

    async def _attempt(self, message: OutboxMessage) -> None:
        """Send one row and record what happened."""
        try:
            await self._send(message)
        except Forbidden:
            await self._settle(message, "blocked", outbox.mark_blocked, self._now())
        except BadRequest as error:
            await self._settle(message, "failed", outbox.mark_failed, str(error), self._now())
        except RetryAfter as error:
            # The request layer retried already; Telegram wants the whole bot to hold off.
            seconds = _retry_after_seconds(error)
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)
            logger.warning("Flood control: pausing delivery for %.0f s", seconds)
            await self._retry(message, seconds, str(error))
        except NetworkError as error:
            await self._retry(
                message, min(2 ** (message.attempts + 1), MAX_BACKOFF_SECONDS), str(error)
            )
        except Exception as error:
            logger.exception("Outbox row %d can't be sent", message.id)
            await self._settle(message, "failed", outbox.mark_failed, repr(error), self._now())
        else:
            await self._settle(message, "sent", outbox.mark_sent, self._now())

    async def _retry(self, message: OutboxMessage, seconds: float, error: str) -> None:
        if message.attempts + 1 >= self.max_attempts:
            await self._settle(message, "failed", outbox.mark_failed, error, self._now())
            return
        not_before = iso_utc(self.clock.now() + timedelta(seconds=seconds))
        await self._settle(message, "pending", outbox.mark_retry, not_before, error)

    async def _settle(
        self,
        message: OutboxMessage,
        status: str,
        mark: Callable[..., Awaitable[None]],
        *args: object,
    ) -> None:
        """Commit the row's outcome, then tell whoever listens."""
        async with self.db.transaction() as conn:
            await mark(conn, message.id, *args)
        level = logging.WARNING if status == "failed" else logging.DEBUG
        logger.log(level, "Outbox row %d (%s): %s", message.id, message.kind, status)
        if self.on_outcome is not None:
            try:
                await self.on_outcome(message, status)
            except Exception:
                logger.exception("on_outcome failed for outbox row %d", message.id)

    async def _send(self, message: OutboxMessage) -> None:
        payload = message.payload
        text = payload.get("text")
        common = {
            "chat_id": message.chat_id,
            "parse_mode": ParseMode.HTML,
            "reply_markup": _keyboard(payload.get("buttons")),
        }
        if payload.get("file_id"):
            kind, file = payload.get("kind_of_file"), payload["file_id"]
            if self.channel != "zalo" and file.startswith(ZALO_FILE_PREFIX):
                # Composed on Zalo (a picture Zalo keeps by URL): Telegram gets its bytes.
                fetched = await fetch_url(file.removeprefix(ZALO_FILE_PREFIX), FOREIGN_FILE_MAX)
                if fetched is None:  # retried with backoff, as a network error is
                    raise NetworkError("could not fetch the Zalo file")
                file = fetched
        elif payload.get("photo"):
            kind, file = "photo", _attachment(message)
        elif payload.get("document_name"):
            kind, file = "document", _attachment(message)
            common["filename"] = payload["document_name"]
        else:
            await self.bot.send_message(text=text, **common)
            return
        if kind == "photo":
            await self.bot.send_photo(photo=file, caption=text, **common)
        elif kind == "document":
            await self.bot.send_document(document=file, caption=text, **common)
        else:
            raise ValueError(f"unknown kind_of_file {kind!r}")

    def _now(self) -> str:
        return iso_utc(self.clock.now())

    async def _wait(self, seconds: float, event: asyncio.Event | None = None) -> None:
        """Wait `seconds`, or less if `event` is set: by default wake(), stop() or a send's end."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await (event or self._wake).wait()


def _keyboard(rows: list[list[dict]] | None) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
            for row in rows
        ]
    )


def _attachment(message: OutboxMessage) -> bytes:
    if not message.attachment:
        raise ValueError("the payload names a file but the row has no attachment")
    return message.attachment


def _retry_after_seconds(error: RetryAfter) -> float:
    # PTB 22 warns when retry_after is read as a number; it is becoming a timedelta.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        delay = error.retry_after
    return delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
