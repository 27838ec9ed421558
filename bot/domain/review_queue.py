"""Queueing reviewers' cards: once per review round, in the same commit that marks it queued.

`storage.review.cards_due` names the rounds whose card has not been queued. Each card goes
into the outbox (dedupe key "review:<report>:<round>") and the round is marked in one
transaction: a crash before the commit leaves the round due, a crash after it leaves the card
queued, and a second call finds nothing to do. A round whose reviewer cannot be reached
(none found, no chat, gone) is marked too, so it is not looked at every minute; such reports
stay listed by `/review` and `python -m bot review list`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import time, tzinfo

import aiosqlite

from bot.core.clock import Clock, iso_utc
from bot.domain.timing import after_quiet_hours
from storage import outbox, review, review_cards
from storage.db import Database

logger = logging.getLogger(__name__)

# Renders one round's card for its reviewer; None when there is nobody to send it to.
Render = Callable[[aiosqlite.Connection, int, int], Awaitable[outbox.NewMessage | None]]


async def queue_due(
    db: Database,
    clock: Clock,
    render: Render,
    quiet: tuple[time, time],
    tz: tzinfo,
) -> dict[str, int]:
    """Queue every due card; return how many were queued and how many had no reviewer."""
    counts = {"queued": 0, "unreachable": 0}
    moment = clock.now()
    now = iso_utc(moment)
    # A card found at night waits in the outbox for the morning.
    not_before = iso_utc(after_quiet_hours(moment, quiet, tz))
    for report_id, _round in await review.cards_due(db.reader):
        async with db.transaction() as conn:
            state = await review_cards.review_state(conn, report_id)
            if state is None or not state.card_due:
                continue  # another caller queued it meanwhile, or the report moved on
            round_ = state.round
            message = await render(conn, report_id, round_)
            if message is None:
                counts["unreachable"] += 1
            else:
                if message.not_before is None and not_before != now:
                    message = _later(message, not_before)
                counts["queued"] += await outbox.enqueue_many(conn, [message], now)
            await review.mark_card(conn, report_id, round_)
    if any(counts.values()):
        logger.info("Review cards: %s", counts)
    return counts


def _later(message: outbox.NewMessage, not_before: str) -> outbox.NewMessage:
    return replace(message, not_before=not_before)
