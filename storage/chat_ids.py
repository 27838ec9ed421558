"""Which messenger a chat is on, from its id alone.

Telegram user ids have at most 52 significant bits; the Zalo transport numbers its users from
2^52 up. So one integer column (members.chat_id, outbox.chat_id, dialog keys) holds both,
and the channel of any chat id is a comparison away.
"""

from __future__ import annotations

from typing import Literal

Channel = Literal["telegram", "zalo"]
CHANNELS: tuple[Channel, ...] = ("telegram", "zalo")
# How a source or dedupe key names a chat's messenger (reports.source "tg:<chat>:<card>").
_KEY_PREFIX: dict[Channel, str] = {"telegram": "tg", "zalo": "zalo"}

ZALO_ID_BASE = 2**52
_TOP = 2**63 - 1


def channel_of(chat_id: int) -> Channel:
    """Return the messenger a user or chat id belongs to."""
    return "zalo" if chat_id >= ZALO_ID_BASE else "telegram"


def chat_range(channel: Channel) -> tuple[int, int]:
    """Return [low, high) of the chat ids on one channel, for SQL range conditions."""
    if channel == "zalo":
        return ZALO_ID_BASE, _TOP
    return -_TOP, ZALO_ID_BASE


def source_prefix(chat_id: int) -> str:
    """Return how a source or dedupe key names a chat: "tg:<id>" or "zalo:<id>".

    Zalo chats got "tg:" before this existed. Those stored keys stay as they are: a key only
    dedupes replays of the one update (a double tap, a redelivered update), never compared
    with keys made later, so no existing row needs rewriting.
    """
    return f"{_KEY_PREFIX[channel_of(chat_id)]}:{chat_id}"
