"""GET /health answers in every mode `python -m bot run` has: polling, webhook and Zalo."""

import asyncio
import signal

import aiohttp
import pytest

from bot.doubles.zalo import ZaloDouble
from tests.conftest import TOKEN, start_bot_process
from tests.zalo_helpers import ZALO_TOKEN, free_port


@pytest.fixture
async def zalo():
    async with ZaloDouble(token=ZALO_TOKEN) as server:
        yield server


async def health(port: int) -> dict:
    """GET /health on 127.0.0.1:port, trying again while the process starts."""
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            try:
                async with session.get(f"http://127.0.0.1:{port}/health") as response:
                    assert response.status == 200
                    return await response.json()
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    raise AssertionError(f"nothing answered on port {port}")


async def stopped(process) -> None:
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()


async def test_polling_mode_serves_health_on_the_web_port(double, roster, db_path, tmp_path):
    port = free_port()
    process = await start_bot_process(
        tmp_path,
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=double.base_url,
        DATABASE_PATH=str(db_path),
        WEB_PORT=str(port),
    )
    try:
        answer = await health(port)
    finally:
        await stopped(process)
    assert answer == {"ok": True, "outbox_next_due": None}


async def test_webhook_mode_serves_health_on_both_ports(double, roster, db_path, tmp_path):
    hook, web = free_port(), free_port()
    process = await start_bot_process(
        tmp_path,
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=double.base_url,
        DATABASE_PATH=str(db_path),
        WEBHOOK_URL=f"http://127.0.0.1:{hook}/telegram",
        WEBHOOK_SECRET="s3cret-Token_123",
        WEBHOOK_PORT=str(hook),
        WEB_PORT=str(web),
        args=("--webhook",),
    )
    try:
        answers = [await health(hook), await health(web)]
    finally:
        await stopped(process)
    assert [a["ok"] for a in answers] == [True, True]


async def test_zalo_mode_serves_health_without_webhook_or_links(zalo, roster, db_path, tmp_path):
    port = free_port()
    process = await start_bot_process(
        tmp_path,
        ZALO_BOT_TOKEN=ZALO_TOKEN,
        ZALO_API_URL=zalo.base_url,
        DATABASE_PATH=str(db_path),
        WEB_PORT=str(port),
    )
    try:
        answer = await health(port)
    finally:
        await stopped(process)
    assert answer["ok"] is True
