"""The chat id scheme: a chat's messenger from its id, and how keys name a chat."""

from storage.chat_ids import ZALO_ID_BASE, channel_of, source_prefix


def test_each_messenger_has_its_own_key_prefix():
    assert channel_of(12345) == "telegram"
    assert source_prefix(12345) == "tg:12345"
    assert source_prefix(-100) == "tg:-100"
    assert channel_of(ZALO_ID_BASE + 7) == "zalo"
    assert source_prefix(ZALO_ID_BASE + 7) == f"zalo:{ZALO_ID_BASE + 7}"
