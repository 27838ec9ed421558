"""A broadcast's progress for its sender: a message edited as delivery goes, then a report."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.core.clock import Clock, iso_utc
from bot.core.i18n import Texts
from storage import broadcasts, members, outbox
from storage.db import Database

logger = logging.getLogger(__name__)

OPEN = ("pending", "sending")


def failures_csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    """The undelivered recipients as a CSV that Excel opens with Vietnamese intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "team", "status", "error"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


async def _final_report(db, bot: Bot, texts: Texts, item, counts: dict[str, int], language):
    text = texts.get(
        language,
        "broadcast-report",
        id=item.id,
        sent=counts.get("sent", 0),
        blocked=counts.get("blocked", 0),
        failed=counts.get("failed", 0),
        skipped=counts.get("skipped", 0) + counts.get("cancelled", 0),
    )
    by_channel = await outbox.sent_by_channel(db.reader, "broadcast", item.id)
    if by_channel.get("zalo"):
        text += "\n" + texts.get(
            language,
            "broadcast-report-channels",
            telegram=by_channel.get("telegram", 0),
            zalo=by_channel["zalo"],
        )
    await bot.send_message(item.progress_chat, text)
    failed = await outbox.failures(db.reader, "broadcast", item.id)
    if failed:
        names = await members.names_and_teams(db.reader, [m.member_id for m in failed])
        rows = [(*names.get(m.member_id, ("", "")), m.status, m.error or "") for m in failed]
        await bot.send_document(
            item.progress_chat,
            failures_csv(rows),
            filename=f"broadcast-{item.id}-failures.csv",
            caption=texts.get(language, "broadcast-failures", id=item.id),
        )


async def report_progress(
    db: Database,
    bot_for: Callable[[int], Bot],
    texts: Texts,
    clock: Clock,
    shown: dict[int, str],
) -> dict[str, int]:
    """Update every running broadcast's progress message; report the finished ones.

    `bot_for` gives the bot of the sender's messenger. `shown` remembers the last text per
    broadcast, so an unchanged count is not re-sent.
    """
    result = {"updated": 0, "finished": 0}
    for item in await broadcasts.in_progress(db.reader):
        if item.progress_chat is None or item.progress_message is None:
            continue
        bot = bot_for(item.progress_chat)
        counts = await outbox.counts(db.reader, "broadcast", item.id)
        sender = await members.get(db.reader, item.sender_id)
        language = sender.language if sender else texts.default_language
        open_rows = sum(counts.get(status, 0) for status in OPEN)
        done = item.recipients - open_rows
        text = texts.get(
            language,
            "broadcast-progress",
            done=done,
            total=item.recipients,
            sent=counts.get("sent", 0),
            blocked=counts.get("blocked", 0),
            failed=counts.get("failed", 0),
        )
        if shown.get(item.id) != text:
            try:
                await bot.edit_message_text(text, item.progress_chat, item.progress_message)
                result["updated"] += 1
            except BadRequest as error:
                logger.info("Progress of broadcast %s not edited: %s", item.id, error)
            shown[item.id] = text
        if open_rows == 0:
            async with db.transaction() as conn:
                finished = await broadcasts.finish(conn, item.id, "done", iso_utc(clock.now()))
            if finished:
                try:
                    await _final_report(db, bot, texts, item, counts, language)
                except TelegramError as error:
                    logger.warning("Report of broadcast %s not sent: %s", item.id, error)
                result["finished"] += 1
            shown.pop(item.id, None)
    return result
