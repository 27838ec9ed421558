"""The Bot API double's ids over an id file: a double started again goes on after them."""

import json

import pytest
import telegram

from bot.doubles.telegram import BotApiDouble

LAN, HUNG = 10001, 10002


async def talk(double: BotApiDouble, user_id: int, text: str) -> tuple[int, int, int]:
    """`user_id` writes `text`, the bot fetches it and answers: the update and message ids."""
    bot = telegram.Bot(double.token, base_url=double.base_url)
    async with bot:
        written = double.send_text(user_id, text)
        (update,) = await bot.get_updates(offset=written["update_id"], timeout=0)
        answer = await bot.send_message(user_id, f"Nhận: {text}")
        await bot.get_updates(offset=update.update_id + 1, timeout=0)  # confirms it
    return update.update_id, update.message.message_id, answer.message_id


async def test_a_double_started_again_over_the_id_file_goes_on_after_its_ids(tmp_path):
    id_file = tmp_path / "ids.json"
    async with BotApiDouble(rate_limits=None, id_file=id_file) as first:
        first.add_user(LAN, first_name="Lan")
        assert await talk(first, LAN, "/start") == (1, 1, 2)
        assert await talk(first, LAN, "/report") == (2, 3, 4)
    assert json.loads(id_file.read_text()) == {"last_update_id": 2, "last_message_id": 4}

    async with BotApiDouble(rate_limits=None, id_file=id_file) as again:
        assert again.updates.last_id == 2
        again.add_user(LAN, first_name="Lan")
        again.add_user(HUNG, first_name="Hùng")
        # Above every id of the first run, in Lan's chat and in a chat that is new; each
        # chat's ids still follow one another.
        assert await talk(again, LAN, "/report") == (3, 5, 6)
        assert await talk(again, HUNG, "/start") == (4, 5, 6)
        assert await talk(again, LAN, "7") == (5, 7, 8)
    assert json.loads(id_file.read_text()) == {"last_update_id": 5, "last_message_id": 8}


async def test_ids_are_kept_as_they_are_issued_so_a_killed_double_repeats_none(tmp_path):
    id_file = tmp_path / "ids.json"
    async with BotApiDouble(rate_limits=None, id_file=id_file) as killed:
        killed.add_user(LAN, first_name="Lan")
        written = killed.send_text(LAN, "/start")
        # Never stopped before the next one starts, as when the process is killed.
        async with BotApiDouble(rate_limits=None, id_file=id_file) as again:
            again.add_user(LAN, first_name="Lan")
            update_id, message_id, _ = await talk(again, LAN, "/start")
    assert (update_id, message_id) == (
        written["update_id"] + 1,
        written["message"]["message_id"] + 1,
    )


async def test_without_an_id_file_every_double_counts_from_one(tmp_path):
    for _ in range(2):
        async with BotApiDouble(rate_limits=None) as double:
            double.add_user(LAN, first_name="Lan")
            assert await talk(double, LAN, "/start") == (1, 1, 2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "kept", ["", "12", '{"last_update_id": 12}', '{"last_update_id": -1, "last_message_id": 3}']
)
async def test_an_id_file_without_ids_stops_the_start(tmp_path, kept):
    id_file = tmp_path / "ids.json"
    id_file.write_text(kept)
    double = BotApiDouble(rate_limits=None, id_file=id_file)
    with pytest.raises(ValueError, match=r"ids\.json should hold the last update and message ids"):
        await double.start()
    with pytest.raises(ValueError, match=r"ids\.json"):  # nor counts from one afterwards
        double.updates.push("message", {})
    assert id_file.read_text() == kept
