"""A Zalo Bot Platform API double: a local aiohttp server speaking Zalo's wire format.

A Zalo transport points at ``f"{zalo.base_url}/bot{token}/<method>"``. Every method, field,
event kind and rule it follows is a row of tests/zalo_conformance.md, with its source in the
platform's documentation and tests/test_zalo_conformance.py checking it. The double enforces
what the platform documents (text 1-2000 characters, photos by URL, a secret of 8-256
characters for webhooks, only users who wrote first can be messaged) and refuses what Zalo
lacks (keyboards, parse modes). getUpdates hands out one update per call, with no offset;
when nothing arrives within ``timeout`` it answers HTTP 408 ``{"ok": false, "error_code":
408, "description": "Request timeout"}``, and while a webhook is set it answers 409. Both
answers are our assumptions: the platform does not document them.

Tests act as users (``add_user``, ``send_text``, ``send_image``, ``send_sticker``,
``send_voice``, ``send_unsupported``, ``send_group_text``, ``send_raw``, ``block``,
``redeliver``), read what the bot did with ``transcript``,
``bot_messages`` and ``await wait_for_bot_message(...)``, check ``errors`` and
``raw_markup_messages()`` stayed empty, and simulate outages with ``inject_fault`` and
``fault_rate``. ``RateLimits`` (optional; Zalo publishes none) takes a clock so quota tests
move time instead of sleeping. Group chats (beta on Zalo): ``add_group``, ``add_bot_to_group``,
``send_group_text`` and the like, and ``can_join_groups`` for getMe (bot/doubles/zalo/groups.py).
"""

from bot.doubles.telegram.ratelimit import RateLimits
from bot.doubles.zalo.models import PhotoFetch, RejectedCall, StoredZaloMessage, WebhookAttempt
from bot.doubles.zalo.server import ZaloDouble

__all__ = [
    "PhotoFetch",
    "RateLimits",
    "RejectedCall",
    "StoredZaloMessage",
    "WebhookAttempt",
    "ZaloDouble",
]
