"""Review in the minute tick: escalate overdue reviews once, then queue every card due.

Cards are queued by `bot.ui.review_card.queue_review_cards` (also called right after a report
is stored); an escalated review is a new round whose card goes to the coordinator with a line
saying from whom, and after how many days, it came.
"""

from __future__ import annotations

from datetime import timedelta

from bot.app.context import Deps
from bot.core.clock import iso_utc
from bot.domain.review import escalate_overdue
from bot.ui.review_card import queue_review_cards

__all__ = ["queue_review_cards", "review_job"]


async def review_job(deps: Deps) -> dict[str, int]:
    """Escalate the reviews left for REVIEW_DAYS, then queue the cards due; return counts."""
    now = deps.clock.now()
    before = iso_utc(now - timedelta(days=deps.settings.review_days))
    escalated = await escalate_overdue(deps.db, before, iso_utc(now))
    counts = await queue_review_cards(deps)
    return {"escalated": len(escalated), **counts}
