"""Webhook mode end to end: the double delivers by webhook to the real Application."""

import asyncio
import socket

import aiohttp
import pytest
from telegram.error import Conflict

from bot.app.application import build_application
from bot.transports.telegram.webhook import SECRET_HEADER, serve_webhook
from storage import audit, members, updates

SECRET = "s3cret-Token_123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def webhook_bot(make_settings, clock, double, roster):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    application = build_application(make_settings(), clock=clock)
    await application.initialize()
    await application.start()
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve_webhook(application, stop, url=url, secret=SECRET, listen="127.0.0.1", port=port)
    )
    await double.wait_until(lambda: double.webhook.active)
    yield application, url
    stop.set()
    await task
    await application.stop()
    await application.shutdown()


async def test_a_volunteer_joins_through_the_webhook(webhook_bot, people, roster, double):
    application, _ = webhook_bot
    lan = people(first_name="Lan")
    done = await lan.join(roster.team_a.invite_code)
    assert "Tổ CNS Nà Phung" in done.plain_text
    member = await members.get_by_chat_id(application.deps.db.reader, lan.id)
    assert member.team_id == roster.team_a.id
    with pytest.raises(Conflict):  # Telegram refuses getUpdates while a webhook is set
        await application.bot.get_updates()


async def test_wrong_secret_is_refused_and_health_answers(webhook_bot, people, double):
    application, url = webhook_bot
    forged = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 1, "type": "private"},
            "text": "/start",
        },
    }
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {SECRET_HEADER: "wrong-secret"}):
            async with session.post(url, json=forged, headers=headers) as response:
                assert response.status == 403
        health_url = url.rsplit("/", 1)[0] + "/health"
        async with session.get(health_url) as response:
            assert response.status == 200
            assert (await response.json())["ok"] is True
    assert not await updates.seen(application.deps.db.reader, 999)  # never handled


async def test_a_webhook_retry_changes_nothing(webhook_bot, people, roster, double):
    application, _ = webhook_bot
    lan = people(first_name="Lan")
    await lan.say(f"/start {roster.team_a.invite_code}")
    await lan.tap("Tôi đồng ý")
    await lan.tap("Dùng tên")
    await lan.keyboard("Bỏ qua")
    seen = len(double.bot_messages(lan.id))
    confirming = double.press_button(lan.id, "Xác nhận")
    await double.wait_for_bot_message(lan.id, after=seen)
    double.redeliver(confirming)  # Telegram retries when it did not see the 200
    await lan.say("/help")
    assert len(await audit.entries(application.deps.db.reader, "member.joined")) == 1
    assert len(double.bot_messages(lan.id)) == seen + 2  # "done" and the help, nothing more
