"""Logs an operator can alert on: what a retry cures is one WARNING line, a refusal that says
"done already" is no error, and ERROR with a traceback is kept for real faults.

The real Application polls the Bot API double over HTTP; the log records are pytest's caplog.
"""

from __future__ import annotations

import logging

from bot.core.clock import iso_utc
from storage import members
from tests.faults_helpers import GENERIC_ERROR, enrol, text_of


def warnings_and_worse(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


async def test_a_502_page_cured_by_a_retry_is_one_short_warning(running, roster, double, caplog):
    """Telegram's nginx answers 502 with an HTML page; PTB would log the page at ERROR."""
    [lan] = await enrol(running.db, double, roster.team_a.id, 1)
    caplog.set_level(logging.INFO)
    double.inject_fault(502, method="sendMessage")  # no description: nginx's HTML page
    answer = await lan.say_for("/help", "/cancel")
    assert double.errors == [("sendMessage", 502, "Bad Gateway")]  # the fault did happen
    [warning] = warnings_and_worse(caplog)
    assert warning.levelname == "WARNING"
    assert warning.exc_info is None
    line = warning.getMessage()
    assert line == "sendMessage failed (Bad Gateway (502)), attempt 1; retrying in 0.5 s"
    assert GENERIC_ERROR not in text_of(answer)


async def test_a_502_page_on_get_updates_is_one_short_warning(running, double, caplog):
    caplog.set_level(logging.INFO)
    double.inject_fault(502, method="getUpdates")
    await double.wait_until(lambda: double.errors)
    await double.wait_until(lambda: [m for m, _ in double.calls].count("getUpdates") >= 3)
    [warning] = warnings_and_worse(caplog)
    assert warning.getMessage() == "getUpdates failed (Bad Gateway (502)); trying again in 1 s"
    assert warning.exc_info is None


async def test_a_double_tap_on_a_card_is_not_an_error(running, roster, double, people, caplog):
    """Both taps reach the bot before it edited the card: the second edit changes nothing,
    and Telegram says "message is not modified"."""
    ha = people(first_name="Hà")
    now = iso_utc(running.clock.now())
    async with running.db.transaction() as conn:
        member = await members.create(
            conn, chat_id=ha.id, full_name="Hà", phone=None, team_id=None,
            role="coordinator", language="vi", now=now, consent_at=now,
        )  # fmt: skip
        await members.set_role(conn, member.id, "coordinator", roster.commune.id, now)
    card = await ha.say("/export")
    caplog.set_level(logging.INFO)
    double.think_time.pause()
    double.press_button(ha.id, "Tháng này")
    double.press_button(ha.id, "Tháng này")
    await double.wait_until(
        lambda: any(e[0] == "editMessageText" and e[1] == 400 for e in double.errors)
    )
    await ha.say("/help")  # handled after both taps: their logs are all in
    edited = double.bot_messages(ha.id)[0]
    assert edited.message_id == card.message_id
    assert "Báo cáo từ 01/11/2026 đến 30/11/2026" in edited.plain_text
    assert [m for m in double.bot_messages(ha.id) if GENERIC_ERROR in text_of(m)] == []
    assert warnings_and_worse(caplog) == []
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refused == [
        "editMessageText refused (Message is not modified: specified new message content and"
        " reply markup are exactly the same as a current content and reply markup of the"
        " message); nothing to do"
    ]
