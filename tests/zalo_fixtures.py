"""Fixtures for the bot on Zalo through the Zalo double (a pytest plugin, see conftest).

`zalo` is the double (its teardown checks that Zalo refused nothing and showed no raw HTML; a
module that provokes refusals overrides it), `zalo_settings(**overrides)` the settings of a
bot that serves Zalo, and `deploy(**overrides)` starts such a bot, stopped after the test.
"""

from __future__ import annotations

import pytest

from bot.app.settings import Settings
from bot.doubles.zalo import ZaloDouble
from tests.zalo_helpers import ZALO_TOKEN, Deployment


@pytest.fixture
async def zalo():
    async with ZaloDouble(token=ZALO_TOKEN) as server:
        yield server
        assert server.errors == [], f"Zalo refused: {server.errors}"
        assert server.raw_markup_messages() == [], "HTML tags shown raw on Zalo"


@pytest.fixture
def zalo_settings(zalo, db_path):
    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "zalo_bot_token": ZALO_TOKEN,
            "zalo_api_url": zalo.base_url,
            "database_path": db_path,
            "backup_dir": db_path.parent / "backups",
            "default_language": "vi",
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture
async def deploy(zalo_settings, clock):
    started: list[Deployment] = []

    async def start(**overrides: object) -> Deployment:
        deployment = Deployment(zalo_settings(**overrides), clock)
        await deployment.start()
        started.append(deployment)
        return deployment

    yield start
    for deployment in started:
        await deployment.stop()
