"""A Telegram Bot API double: a local aiohttp server speaking the real wire format.

Point the real PTB at it with ``ApplicationBuilder().base_url(double.base_url)
.base_file_url(double.file_base_url)``; it enforces Telegram's rules (HTML entities, lengths,
keyboards, unknown chats, blocked users, flood limits), so a bot Telegram would reject fails
here too. Tests act as users (``add_user``, ``send_text``, ``press_button``,
``reply_keyboard_press``, ``share_contact``, ``send_document``...), then read what the bot did
with ``transcript``, ``bot_messages`` and ``await wait_for_bot_message(...)``, and check
``errors`` stayed empty. ``inject_fault`` and ``fault_rate`` simulate outages; ``RateLimits``
takes a clock so flood-control tests move time instead of sleeping.
"""

from bot.doubles.telegram.models import StoredFile, StoredMessage
from bot.doubles.telegram.ratelimit import RateLimits
from bot.doubles.telegram.server import DEFAULT_RATE_LIMITS, BotApiDouble
from bot.ui.telegram_html import FormattedText, HtmlParseError, parse_html

__all__ = [
    "DEFAULT_RATE_LIMITS",
    "BotApiDouble",
    "FormattedText",
    "HtmlParseError",
    "RateLimits",
    "StoredFile",
    "StoredMessage",
    "parse_html",
]
