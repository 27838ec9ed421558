"""What a Bot API message becomes on Zalo: plain text, numbered options, pieces of 2,000.

Zalo shows text as it is: no formatting, no buttons. HTML is reduced to its text (a link keeps
its address in brackets), and a keyboard becomes its buttons numbered under the text with a
line saying what to answer. The options (bot.ui.choices) are kept with the message so that a
typed number or label can be turned back into the button it stands for.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.core.i18n import Texts
from bot.ui.choices import Option, bare, numbered, numbers_are_values
from bot.ui.telegram_html import HtmlParseError, parse_html

# Re-exported: the choices' own rules, named where the Zalo rendering uses them.

MAX_TEXT = 2000

_TAG = re.compile(r"<[^>]*>")


def plain_text(source: str) -> str:
    """Reduce Telegram HTML to what Zalo can show: the text, with links spelled out."""
    try:
        formatted = parse_html(source)
    except HtmlParseError:
        return html.unescape(_TAG.sub("", source))
    text = formatted.text
    links = [e for e in formatted.entities if e.get("type") == "text_link"]
    # Entity offsets count UTF-16 units; walk from the end so earlier offsets stay valid.
    encoded = text.encode("utf-16-le")
    for entity in sorted(links, key=lambda e: e["offset"], reverse=True):
        end = (entity["offset"] + entity["length"]) * 2
        encoded = encoded[:end] + f" ({entity['url']})".encode("utf-16-le") + encoded[end:]
    return encoded.decode("utf-16-le")


def links_of(markup: dict[str, Any] | None) -> list[str]:
    """Return "label: url" lines for URL buttons, which Zalo can only show as text."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [
        f"{button['text']}: {button['url']}"
        for row in markup["inline_keyboard"]
        for button in row
        if button.get("url")
    ]


def numbers_list(texts: Texts, language: str, count: int) -> str:
    """Say which numbers may be answered: "1", "1 hoặc 2", "1, 2 hoặc 3", "1–8"."""
    if count > 5:
        return f"1–{count}"
    numbers = [str(n) for n in range(1, count + 1)]
    if count == 1:
        return numbers[0]
    return f"{', '.join(numbers[:-1])} {texts.plain(language, 'zalo-or')} {numbers[-1]}"


def render_options(texts: Texts, language: str, options: list[Option]) -> str:
    """The options as lines under a message, and what to answer."""
    if numbers_are_values(options):
        words = " / ".join(f"«{bare(o['label'])}»" for o in options)
        return texts.plain(language, "zalo-value-hint", words=words)
    lines = []
    choices = numbered(options)
    # Past nine options the one-digit numbers get a figure space (as wide as a digit) before
    # them, so that every label starts at the same place.
    pad = "\u2007" if len(choices) > 9 else ""
    for number, option in enumerate(choices, 1):
        lines.append(f"{pad if number < 10 else ''}{number}. {option['label']}")
    if any(o["kind"] == "contact" for o in options):
        lines.append(texts.plain(language, "zalo-contact-hint"))
    if choices:
        numbers = numbers_list(texts, language, len(choices))
        lines.append(texts.plain(language, "zalo-answer", numbers=numbers))
    return "\n".join(lines)


def split(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a text into pieces of at most `limit` characters, at blank lines, lines or spaces."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > limit // 4:
                break
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces or [""]
