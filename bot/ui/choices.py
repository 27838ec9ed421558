"""One layer for choices: a press, a typed number and a typed label are the same answer.

A question's choices are its keyboard's buttons, read once into channel-neutral options
(label, kind, value — the value of an inline button is its callback data). Each channel shows
them its own way: Telegram draws the buttons, Zalo numbers them under the text. Whatever the
channel, `match` decides what a typed text picks — the option whose label it spells (case,
diacritics, emoji and punctuation don't count), or the option of that number ("2", " 2. ") —
and the answer is that option's callback data, parsed by `bot.ui.callbacks` exactly like a
press. So a handler gets a `Callback` and never reads numbers for buttons:

- On Zalo the transport (bot/transports/zalo/inbound.py) matches the text against the options
  of the latest message it sent and hands the bot a callback query; a number the message does
  not offer is answered there (`NotOffered`) and changes nothing.
- On Telegram the handler of a state that shows buttons calls `chosen(update, options)` with
  the options of the keyboard it sent; a press and a typed answer come back the same.

Where the question asks for a number and offers only Skip beside it, numbers are values, not
choices (`numbers_are_values`): only Skip's words pick Skip. Where it asks to confirm an
unusual number (1 Đúng, 2 Sửa), a number beyond the options is the corrected value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.ui.callbacks import Action, Callback, parse

# Buttons of kind "callback" press an inline button; "text" sends a reply-keyboard button's
# label as a message; "contact" stands for Telegram's share-contact button. Plain dicts, since
# the Zalo transport stores them as JSON with the message they came with.
Option = dict[str, str]

# ASCII digits only: isdigit() also accepts "²" and numbers int() refuses to read.
_NUMBER = re.compile(r"[0-9]{1,3}")


@dataclass(frozen=True)
class NotOffered:
    """A typed number the options don't have: say which ones they do have."""

    number: int
    count: int


def options_of(markup: dict[str, Any] | None) -> list[Option] | None:
    """Return the options a reply markup offers; None when it leaves the options as they are.

    An empty list means the markup takes the options away (e.g. ReplyKeyboardRemove).
    """
    if not markup:
        return None
    if "inline_keyboard" in markup:
        return [
            {"label": button["text"], "kind": "callback", "value": button["callback_data"]}
            for row in markup["inline_keyboard"]
            for button in row
            if button.get("callback_data")
        ]
    if "keyboard" in markup:
        found = []
        for row in markup["keyboard"]:
            for cell in row:
                button = {"text": cell} if isinstance(cell, str) else cell
                kind = "contact" if button.get("request_contact") else "text"
                found.append({"label": button["text"], "kind": kind, "value": button["text"]})
        return found
    if markup.get("remove_keyboard"):
        return []
    return None


def callback_options(data: list[str]) -> list[Option]:
    """Options known only by their callback data (matched by number, not by label)."""
    return [{"label": "", "kind": "callback", "value": value} for value in data]


def numbered(options: list[Option]) -> list[Option]:
    """The options a typed number picks from, in their numbered order."""
    return [o for o in options if o["kind"] != "contact"]


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


def match(text: str, options: list[Option]) -> Option | NotOffered | None:
    """What a typed text picks: an option, a number not offered, or nothing (it is text)."""
    folded = plain_words(text)
    for option in numbered(options):
        if folded and folded == plain_words(option["label"]):
            return option
    if numbers_are_values(options):
        return None
    choices = numbered(options)
    typed = text.strip().rstrip(".)")
    if not choices or not _NUMBER.fullmatch(typed):
        return None
    number = int(typed)
    if 1 <= number <= len(choices):
        return choices[number - 1]
    if _asks_about_a_number(options):  # "Bạn nhập 500 người — đúng không?" answered by "5"
        return None
    return NotOffered(number, len(choices))


def _asks_about_a_number(options: list[Option]) -> bool:
    """Whether the card asks the member to confirm a typed number (1 Đúng, 2 Sửa): there a
    number it does not offer is the right number, typed at once, not a wrong choice."""
    for option in options:
        if option["kind"] != "callback":
            continue
        parsed = parse(option["value"])
        if parsed and parsed.action is Action.REPORT and parsed.args[1] == "sure":
            return True
    return False


def chosen(update: Update, options: list[Option]) -> Callback | None:
    """The button behind a press, or the one a typed text picks; None when it picks none."""
    if update.callback_query is not None:
        return parse(update.callback_query.data)
    text = update.message.text if update.message else None
    picked = match(text, options) if text else None
    if isinstance(picked, dict) and picked["kind"] == "callback":
        return parse(picked["value"])
    return None


def bare(label: str) -> str:
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
