"""Flood control and injected faults of the Bot API double, seen through PTB."""

import asyncio
import datetime as dtm

import pytest
import telegram
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.doubles.telegram import BotApiDouble, RateLimits

LAN, MAI = 10001, 10002
# PTB warns whenever it builds a RetryAfter, since retry_after is becoming a timedelta.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


class FakeClock:
    """A monotonic clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
async def double(clock):
    limits = RateLimits(global_per_second=2.0, global_burst=6, per_chat_burst=5, clock=clock)
    async with BotApiDouble(rate_limits=limits) as double:
        for user_id in (LAN, MAI):
            double.add_user(user_id)
            double.send_text(user_id, "/start")
        yield double


@pytest.fixture
async def bot(double):
    bot = telegram.Bot(double.token, base_url=double.base_url, base_file_url=double.file_base_url)
    await bot.initialize()
    yield bot
    await bot.shutdown()


def retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else value


async def test_per_chat_burst_then_one_message_per_second(double, bot, clock):
    for n in range(5):
        await bot.send_message(LAN, f"tin {n}")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(LAN, "one too many")
    assert retry_seconds(caught.value) == 1
    assert double.errors[-1] == ("sendMessage", 429, "Too Many Requests: retry after 1")
    clock.advance(1.0)
    await bot.send_message(LAN, "after a second")


async def test_global_bucket_spans_chats_and_retry_after_rounds_up(bot, clock):
    for n in range(6):
        await bot.send_message((LAN, MAI)[n % 2], f"tin {n}")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(MAI, "global limit")
    # The global bucket refills 2 tokens/s: half a second is still "retry after 1".
    assert retry_seconds(caught.value) == 1
    clock.advance(0.25)
    with pytest.raises(RetryAfter):
        await bot.send_message(MAI, "still limited")
    clock.advance(0.25)
    await bot.send_message(MAI, "allowed again")


async def test_edits_count_but_callback_answers_and_polls_do_not(double, bot, clock):
    sent = await bot.send_message(LAN, "0")
    for n in range(1, 5):
        await bot.edit_message_text(str(n), LAN, sent.message_id)
    with pytest.raises(RetryAfter):
        await bot.edit_message_text("5", LAN, sent.message_id)
    for _ in range(10):
        await bot.get_updates()
        await bot.set_my_commands([telegram.BotCommand("start", "Bắt đầu")])


async def test_injected_errors_map_to_ptb_exceptions(double, bot):
    double.inject_fault(500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(LAN, "x")
    double.inject_fault(502, method="sendMessage")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(LAN, "x")
    double.inject_fault(429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(LAN, "x")
    assert retry_seconds(caught.value) == 7
    assert double.bot_messages(LAN) == []
    await bot.send_message(LAN, "recovered")
    assert [code for _, code, _ in double.errors] == [500, 502, 429]


async def test_faults_target_a_method_and_spare_get_updates(double, bot):
    double.inject_fault(500, method="editMessageText", count=2)
    double.inject_fault(400, description="Bad Request: injected")
    await bot.get_updates()
    with pytest.raises(BadRequest, match="Injected"):
        await bot.get_me()
    sent = await bot.send_message(LAN, "x")
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.edit_message_text("y", LAN, sent.message_id)
    await bot.edit_message_text("y", LAN, sent.message_id)


async def test_delayed_answer_times_out_after_the_message_was_delivered(double, bot):
    double.inject_fault(None, delay=30.0)
    with pytest.raises(TimedOut):
        await bot.send_message(LAN, "did it arrive?", read_timeout=0.05)
    assert double.bot_messages(LAN)[-1].plain_text == "did it arrive?"


async def test_random_faults_are_repeatable_with_a_seed(double, bot):
    async def outcomes():
        results = []
        for _ in range(12):
            try:
                await bot.get_me()
                results.append("ok")
            except (NetworkError, RetryAfter) as exc:
                results.append(type(exc).__name__)
        return results

    double.fault_rate(0.5, seed=7)
    first = await outcomes()
    double.fault_rate(0.5, seed=7)
    assert await outcomes() == first
    assert "ok" in first and len(set(first)) > 1
    double.fault_rate(0.0)
    assert await outcomes() == ["ok"] * 12


async def test_stopping_releases_long_polls_and_a_restart_resumes_service(double, bot):
    offset = (await bot.get_updates())[-1].update_id + 1
    poll = asyncio.create_task(bot.get_updates(offset=offset, timeout=30))
    await double.wait_until(lambda: double.calls[-1][1].get("timeout") == "30")
    await double.stop()
    assert await asyncio.wait_for(poll, 2) == ()
    with pytest.raises(NetworkError):
        await bot.get_me()
    await double.start()
    assert (await bot.get_me()).username == "cns_test_bot"
