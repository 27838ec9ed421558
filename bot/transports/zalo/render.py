"""What a Bot API message becomes on Zalo: plain text, numbered options, pieces of 2,000.

Zalo shows text as it is: no formatting, no buttons. HTML is reduced to its text (a link keeps
its address in brackets), and a keyboard becomes its buttons numbered under the text with a
line saying what to answer. The options are kept (as plain dicts, stored as JSON) so that the
member's typed number can be turned back into the button it stands for.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from bot.core.i18n import Texts
from bot.ui.callbacks import Action, parse
from bot.ui.telegram_html import HtmlParseError, parse_html

MAX_TEXT = 2000
# Buttons of kind "callback" press an inline button; "text" sends a reply-keyboard button's
# label as a message; "contact" stands for Telegram's share-contact button.
Option = dict[str, str]

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


def options_of(markup: dict[str, Any] | None) -> list[Option] | None:
    """Return the options a reply markup offers; None when it leaves the options as they are.

    An empty list means the markup takes the options away (e.g. ReplyKeyboardRemove).
    """
    if not markup:
        return None
    if "inline_keyboard" in markup:
        found = []
        for row in markup["inline_keyboard"]:
            for button in row:
                if button.get("callback_data"):
                    found.append(
                        {
                            "label": button["text"],
                            "kind": "callback",
                            "value": button["callback_data"],
                        }
                    )
        return found
    if "keyboard" in markup:
        found = []
        for row in markup["keyboard"]:
            for button in row:
                button = {"text": button} if isinstance(button, str) else button
                kind = "contact" if button.get("request_contact") else "text"
                found.append({"label": button["text"], "kind": kind, "value": button["text"]})
        return found
    if markup.get("remove_keyboard"):
        return []
    return None


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


def numbers_are_values(options: list[Option]) -> bool:
    """Whether typed numbers answer the question rather than pick an option.

    The report dialog's value question offers only Skip beside the typed number: there "1" is
    a value. Such cards are known by their Skip button's operation.
    """
    for option in options:
        if option["kind"] != "callback":
            continue
        parsed = parse(option["value"])
        if parsed and parsed.action is Action.REPORT and parsed.args[1] == "skip":
            return True
    return False


def render_options(texts: Texts, language: str, options: list[Option]) -> str:
    """The options as lines under a message, and what to answer."""
    if numbers_are_values(options):
        words = " / ".join(f"«{_bare(o['label'])}»" for o in options)
        return texts.plain(language, "zalo-value-hint", words=words)
    lines = []
    choices = [o for o in options if o["kind"] != "contact"]
    for number, option in enumerate(choices, 1):
        lines.append(f"{number}. {option['label']}")
    if any(o["kind"] == "contact" for o in options):
        lines.append(texts.plain(language, "zalo-contact-hint"))
    if choices:
        numbers = numbers_list(texts, language, len(choices))
        lines.append(texts.plain(language, "zalo-answer", numbers=numbers))
    return "\n".join(lines)


def choices(options: list[Option]) -> list[Option]:
    """The options a typed number picks from, in their numbered order."""
    return [o for o in options if o["kind"] != "contact"]


def _bare(label: str) -> str:
    """A label without its leading emoji, as someone would type it."""
    start = 0
    while start < len(label) and not label[start].isalnum():
        start += 1
    return label[start:].strip() or label


def plain_words(text: str) -> str:
    """Compare typed words with labels: no case, no diacritics, no emoji or punctuation."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    kept = "".join(ch for ch in decomposed if ch.isalnum() or ch.isspace())
    return " ".join(kept.split())


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
