"""One user's slow Bot API call holds nobody else up; each user's updates stay in order.

The real Application, polling the Bot API double over HTTP (or served by its webhook, or on
Zalo through the Zalo double). A user "hangs" when the double answers every other call for
their chat late (`lag_chat(..., every=2)`): the call takes effect, its answer comes after the
bot's client gave up (READ_TIMEOUT), and the retry gets through, as with a Telegram call that
timed out once. Nothing here sleeps: tests wait for what the double sees.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import signal

import pytest
from telegram import Update
from telegram.ext import ApplicationBuilder

import bot.app.application
from bot.app.settings import Settings
from bot.doubles.telegram.faults import FaultInjector
from bot.doubles.zalo import ZaloDouble
from bot.transports.concurrency import PerUserProcessor, update_key
from bot.transports.ratelimit import RetryingRateLimiter
from bot.transports.telegram.webhook import serve_webhook
from storage import updates
from storage.db import Database
from tests.faults_helpers import (
    FORM,
    SINGLE,
    Step,
    bot_env,
    enrol,
    question,
    start_process,
    text_of,
)
from tests.test_webhook import SECRET
from tests.zalo_helpers import ZALO_TOKEN, Deployment, ZaloPerson, free_port

READ_TIMEOUT = 1.5  # PTB's default is 5 s; a local call takes milliseconds
HUNG = READ_TIMEOUT + 0.5  # the double answers this late: the bot has given up
QUICK_RETRIES = (0.05, 0.1, 0.2)
CARD = "Kiểm tra báo cáo"


class ShortReadTimeout(ApplicationBuilder):
    """The production builder with a short read timeout, so a hung call costs ~1.5 s."""

    __slots__ = ()

    def build(self):
        with contextlib.suppress(RuntimeError):  # Zalo's application brings its own request
            self.read_timeout(READ_TIMEOUT)
        return super().build()


@pytest.fixture(autouse=True)
def quick_timeouts(monkeypatch):
    monkeypatch.setattr(bot.app.application, "ApplicationBuilder", ShortReadTimeout)
    monkeypatch.setattr(
        bot.app.application,
        "RetryingRateLimiter",
        functools.partial(RetryingRateLimiter, retry_delays=QUICK_RETRIES),
    )


def sends_to(double, chat_id: int) -> int:
    """How many sendMessage calls for this chat reached the double."""
    return sum(
        1
        for method, params in double.calls
        if method == "sendMessage" and str(params.get("chat_id")) == str(chat_id)
    )


def pending_ids(double) -> set[int]:
    return {update["update_id"] for update in double.updates.pending}


def test_a_lagging_chat_answers_every_nth_call_late():
    faults = FaultInjector()
    faults.lag_chat(7, 2.0, every=2)
    assert [faults.lag_for(7) for _ in range(4)] == [2.0, 0.0, 2.0, 0.0]
    assert faults.lag_for(8) == faults.lag_for(None) == 0.0  # other chats, no chat
    faults.lag_chat("7", 0)
    assert faults.lag_for(7) == 0.0


# --- the update processor on its own --------------------------------------------------------


def message_update(update_id: int, user_id: int | None, chat_id: int | None = None) -> Update:
    body: dict = {"message_id": update_id, "date": 0}
    if chat_id is not None:
        body["chat"] = {"id": chat_id, "type": "private"}
    if user_id is not None:
        body["from"] = {"id": user_id, "is_bot": False, "first_name": "U"}
    return Update.de_json({"update_id": update_id, "channel_post": body}, None)


def test_updates_are_keyed_by_user_then_chat():
    from_user = Update.de_json(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 7, "type": "private"},
                "from": {"id": 7, "is_bot": False, "first_name": "Lan"},
            },
        },
        None,
    )
    assert update_key(from_user) == 7
    assert update_key(message_update(2, None, chat_id=-100)) == -100  # a channel: its chat
    assert update_key(message_update(3, None)) is None  # neither: one shared turn
    assert update_key(object()) is None


async def test_a_users_update_waits_for_their_earlier_one_not_for_others():
    processor = PerUserProcessor(overtake_after=0)  # every user at once: only order is left
    release = asyncio.Event()
    seen: list[str] = []

    async def handle(name: str, gate: asyncio.Event | None = None) -> None:
        seen.append(f"{name} starts")
        if gate is not None:
            await gate.wait()
        seen.append(f"{name} ends")

    lan_1, lan_2, hoa = (message_update(n, user) for n, user in ((1, 7), (2, 7), (3, 8)))
    first = asyncio.ensure_future(processor.process_update(lan_1, handle("lan 1", release)))
    second = asyncio.ensure_future(processor.process_update(lan_2, handle("lan 2")))
    other = asyncio.ensure_future(processor.process_update(hoa, handle("hoa")))
    await other  # done while Lan's first update is still held
    assert seen == ["lan 1 starts", "hoa starts", "hoa ends"]
    assert not second.done()
    release.set()
    await asyncio.gather(first, second)
    assert seen[3:] == ["lan 1 ends", "lan 2 starts", "lan 2 ends"]


# --- polling ---------------------------------------------------------------------------------


async def test_others_are_answered_while_one_users_call_hangs(running, roster, double):
    """Three members go through two steps each while the first reply to a fourth hangs; the
    offset stays before the hung update until it is handled."""
    hung, *others = await enrol(running.db, double, roster.team_a.id, 4)
    double.lag_chat(hung.id, HUNG, every=2)
    seen = hung.send(Step("say", "/report", "Bạn đã làm gì"))
    await double.wait_until(lambda: sends_to(double, hung.id) == 1)  # out, its answer held
    [hung_update] = pending_ids(double)

    await asyncio.gather(*(p.say_for("/report", "Bạn đã làm gì") for p in others))
    await asyncio.gather(*(p.tap_for(SINGLE.short("vi"), question(SINGLE)) for p in others))

    assert sends_to(double, hung.id) == 1, "the hung reply was retried already: others waited"
    # The others' updates are handled, but can't be confirmed before the hung one is.
    assert hung_update in pending_ids(double) and len(pending_ids(double)) == 1 + 2 * 3
    await hung.answer(seen, "Bạn đã làm gì")
    await double.wait_until(lambda: sends_to(double, hung.id) == 2)  # retried once
    await double.wait_until(lambda: not double.updates.pending, timeout=10)
    assert running.app.update_processor.overtaken >= 1
    double.lag_chat(hung.id, 0)
    # The hung member goes on where they were; everyone else's dialog is intact too.
    await hung.tap_for(SINGLE.short("vi"), question(SINGLE))
    for person in (hung, *others):
        await person.say_for("4", CARD)


async def test_a_users_next_message_waits_for_the_retries_of_their_previous_reply(
    running, roster, double
):
    """Lan types two answers at once while every first try of a reply times out (after it
    arrived): the second answer meets the question the first one asked, and no copy of that
    question shows below the card that answered the second."""
    [lan] = await enrol(running.db, double, roster.team_a.id, 1)
    await lan.say_for("/report", "Bạn đã làm gì")
    double.lag_chat(lan.id, HUNG, every=2)
    seen = len(double.bot_messages(lan.id))
    position = FORM.active_categories().index(SINGLE) + 1
    double.send_text(lan.id, str(position))
    double.send_text(lan.id, "12")
    await double.wait_for_bot_message(
        lan.id, after=seen, predicate=lambda m: CARD in text_of(m), timeout=20
    )
    await double.wait_until(lambda: not double.updates.pending, timeout=20)
    texts = [text_of(m) for m in double.bot_messages(lan.id)[seen:]]
    asked = [n for n, text in enumerate(texts) if question(SINGLE) in text and CARD not in text]
    cards = [n for n, text in enumerate(texts) if CARD in text]
    assert len(asked) == 2  # the question and its retry's copy (Telegram has no idempotency)
    assert len(cards) == 2  # the card, timed out once too
    assert max(asked) < min(cards), texts
    assert f"{question(SINGLE)}: 12" in texts[cards[0]]


# --- webhook ---------------------------------------------------------------------------------


@pytest.fixture
async def webhook_bot(make_settings, clock, double, roster):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    application = bot.app.application.build_application(make_settings(), clock=clock)
    await application.initialize()
    await application.start()
    for name in ("tick", "broadcast_progress"):  # timed jobs run only when a test says so
        for job in application.job_queue.get_jobs_by_name(name):
            job.schedule_removal()
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve_webhook(application, stop, url=url, secret=SECRET, listen="127.0.0.1", port=port)
    )
    await double.wait_until(lambda: double.webhook.active)
    yield application
    stop.set()
    await task
    await application.stop()
    await application.shutdown()


async def test_webhook_answers_others_while_one_users_call_hangs(webhook_bot, roster, double):
    """Telegram posts other chats' updates beside one still unanswered; that one gets its
    200 only once handled, and a repeat of it changes nothing."""
    hung, *others = await enrol(webhook_bot.deps.db, double, roster.team_a.id, 3)
    double.lag_chat(hung.id, HUNG, every=2)
    seen = hung.send(Step("say", "/report", "Bạn đã làm gì"))
    await double.wait_until(lambda: sends_to(double, hung.id) == 1)
    [hung_update] = pending_ids(double)
    await asyncio.gather(*(p.say_for("/report", "Bạn đã làm gì") for p in others))
    await double.wait_until(lambda: pending_ids(double) == {hung_update})  # the others: 200
    assert sends_to(double, hung.id) == 1, "the hung reply was retried already: others waited"
    assert double.webhook.most_at_once >= 2
    await hung.answer(seen, "Bạn đã làm gì")
    await double.wait_until(lambda: not double.updates.pending, timeout=10)
    assert len(double.bot_messages(hung.id)) == 2, double.describe_transcript(hung.id)


# --- Zalo ------------------------------------------------------------------------------------


@pytest.fixture
async def zalo_bot(db_path, clock, roster):
    """The bot on Zalo alone, polling the Zalo double."""
    async with ZaloDouble(token=ZALO_TOKEN) as zalo:
        settings = Settings(
            _env_file=None,
            zalo_bot_token=ZALO_TOKEN,
            zalo_api_url=zalo.base_url,
            database_path=db_path,
            backup_dir=db_path.parent / "backups",
            default_language="vi",
        )
        deployment = Deployment(settings, clock)
        await deployment.start()
        yield zalo, deployment
        await deployment.stop()
        assert zalo.errors == [], f"Zalo refused: {zalo.errors}"


async def join(person: ZaloPerson, invite_code: str) -> None:
    """Join by typing: the code, 1 (consent; the Zalo name is used), Bỏ qua (no phone), 1."""
    for text in (invite_code, "1", "bỏ qua"):
        await person.say(text)
    await person.say("1", expect="")


async def test_zalo_numbers_typed_at_once_are_read_in_turn_while_others_go_on(zalo_bot, roster):
    """Hằng types "1" (📝 Báo cáo in the menu) and "1" again at once, while every call for her
    chat answers late: the second "1" must be read against the activity list the first one
    brings (VNeID's first question follows), not against the menu it was typed under.
    Meanwhile the others are answered."""
    zalo, deployment = zalo_bot
    hang, *others = (ZaloPerson(zalo, name) for name in ("Hằng", "Lan", "Hoa"))
    for person in (hang, *others):
        await join(person, roster.team_a.invite_code)
    zalo.lag_chat(hang.zalo_id, 1.0)  # slow, not timed out: Zalo's client waits 15 s
    seen = hang.seen()
    zalo.send_text(hang.zalo_id, "1")
    zalo.send_text(hang.zalo_id, "1")
    await zalo.wait_until(lambda: hang.seen() == seen + 1)  # the activity list, answer held
    for person in others:
        await person.say("/help")
    assert hang.seen() == seen + 1, "her second number was handled before her first was done"
    await zalo.wait_for_bot_message(hang.zalo_id, contains="câu 1/2", after=seen, timeout=10)
    texts = [m.text for m in zalo.bot_messages(hang.zalo_id)[seen:]]
    assert len(texts) == 2 and "1. 🪪 VNeID" in texts[0] and "câu 1/2" in texts[1], texts
    assert deployment.apps[0].update_processor.overtaken >= 1


# --- a crash while one user hangs --------------------------------------------------------------


async def test_a_kill_while_one_user_hangs_replays_only_what_was_not_handled(
    roster, double, db_path, tmp_path
):
    """`python -m bot run`, SIGKILLed while one member's reply hangs and after two others were
    answered: their updates were handled but not confirmed (the offset stays before the hung
    one). After the restart they are skipped, and the hung one is handled again."""
    async with Database(db_path) as db:
        hung, *others = await enrol(db, double, roster.team_a.id, 3)
    env = bot_env(double, db_path)
    log = tmp_path / "bot-stderr.log"
    process = await start_process(env, tmp_path, log)
    try:
        await double.wait_until(lambda: _polls(double) > 0, timeout=30)
        double.lag_chat(hung.id, 60.0)  # answered long after the kill
        hung.send(Step("say", "/report", "Bạn đã làm gì"))
        await double.wait_until(lambda: sends_to(double, hung.id) == 1, timeout=10)
        for person in others:
            await person.say_for("/report", "Bạn đã làm gì")
        unconfirmed = pending_ids(double)
        assert len(unconfirmed) == 3  # nothing confirmed past the hung update
        async with Database(db_path) as db:  # wait for the others' "handled" marks
            while sum([await updates.seen(db.reader, n) for n in unconfirmed]) < 2:
                polls = _polls(double)  # the bot asks again every REPOLL_SECONDS meanwhile
                await double.wait_until(lambda n=polls: _polls(double) > n)
        process.kill()
        await process.wait()
        double.lag_chat(hung.id, 0)
        polls = _polls(double)
        process = await start_process(env, tmp_path, log)
        await double.wait_until(lambda: _polls(double) > polls, timeout=30)
        await double.wait_until(lambda: len(double.bot_messages(hung.id)) == 2, timeout=20)
        await double.wait_until(lambda: not double.updates.pending, timeout=20)
        for person in others:  # no answer twice: their updates were skipped as handled
            assert len(double.bot_messages(person.id)) == 1
            await person.tap_for(SINGLE.short("vi"), question(SINGLE))
        await hung.tap_for(SINGLE.short("vi"), question(SINGLE))
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.wait(), timeout=30)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def _polls(double) -> int:
    return sum(1 for method, _ in double.calls if method == "getUpdates")
