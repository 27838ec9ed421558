"""Telegram's HTML parse mode: validation and conversion to plain text plus entities.

Follows the tag parser of tdlib (which serves the Bot API), including its error wording
and byte offsets. One deliberate difference: Telegram shows an `&` that starts no known
entity literally, while this checker rejects it, because an unescaped `&` in bot output
means user-supplied text was not escaped and the same path breaks on the next `<`.

The Bot API double checks the bot's messages with it; the Zalo transport uses it to reduce
them to the plain text Zalo shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_SPACES = " \t\r\n\v\0"
_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
        "tg-spoiler", "tg-emoji", "code", "pre", "blockquote",
    }
)  # fmt: skip
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z]+));")
_ENTITY_LIKE = re.compile(r"&#?\w{0,16};?")
_PLAIN_RUN = re.compile(r"[^&<]+")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; the message is Telegram's reason."""


@dataclass(frozen=True, slots=True)
class FormattedText:
    """Text as Telegram stores it: plain characters plus entities with UTF-16 offsets."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    offset: int
    expandable: bool


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> FormattedText:
    """Parse Telegram HTML into plain text and entities or raise HtmlParseError."""
    parser = _Parser(source)
    parser.run()
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return trim(FormattedText("".join(parser.out), entities))


def trim(formatted: FormattedText) -> FormattedText:
    """Strip surrounding whitespace as Telegram does, keeping entities aligned."""
    text = formatted.text.strip()
    shift = utf16_len(formatted.text[: len(formatted.text) - len(formatted.text.lstrip())])
    size = utf16_len(text)
    entities = []
    for entity in formatted.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, size)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(text, entities)


class _Parser:
    """Single pass over the source, mirroring tdlib's parse_html."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.out: list[str] = []
        self.utf16 = 0
        self.open: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def run(self) -> None:
        i = 0
        while i < len(self.src):
            char = self.src[i]
            if char == "&":
                decoded, i = self._entity(i)
                self._emit(decoded)
            elif char == "<":
                i = self._end_tag(i) if self._at(i + 1) == "/" else self._start_tag(i)
            else:
                run = _PLAIN_RUN.match(self.src, i)
                assert run is not None
                self._emit(run.group())
                i = run.end()
        if self.open:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.open[-1].name}"'
            )

    def _at(self, i: int) -> str:
        return self.src[i] if i < len(self.src) else "\0"

    def _offset(self, i: int) -> int:
        return len(self.src[:i].encode())

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.utf16 += utf16_len(text)

    def _skip_spaces(self, i: int) -> int:
        while i < len(self.src) and self.src[i] in _SPACES:
            i += 1
        return i

    def _decode(self, i: int) -> tuple[str, int] | None:
        match = _ENTITY.match(self.src, i)
        if match is None:
            return None
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            char = _NAMED_ENTITIES.get(name)
            return (char, match.end()) if char is not None else None
        code = int(decimal) if decimal is not None else int(hexadecimal, 16)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code), match.end()

    def _entity(self, i: int) -> tuple[str, int]:
        decoded = self._decode(i)
        if decoded is not None:
            return decoded
        like = _ENTITY_LIKE.match(self.src, i)
        assert like is not None
        if like.group().endswith(";") and len(like.group()) > 2:
            raise HtmlParseError(
                f'Unsupported HTML entity "{like.group()}" at byte offset {self._offset(i)}'
            )
        raise HtmlParseError(
            f'Character "&" at byte offset {self._offset(i)} must be escaped as "&amp;"'
        )

    def _start_tag(self, begin: int) -> int:
        at = self._offset(begin)
        i = begin + 1
        while self._at(i) not in _SPACES and self._at(i) != ">":
            i += 1
        if i >= len(self.src):
            raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
        name = self.src[begin + 1 : i].lower()
        if name not in _TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {at}')
        argument, expandable = "", False
        while True:
            i = self._skip_spaces(i)
            if i >= len(self.src):
                raise HtmlParseError(f'Unclosed start tag "{name}" at byte offset {at}')
            if self.src[i] == ">":
                break
            attr_begin = i
            while self._at(i) not in _SPACES and self._at(i) not in "=>":
                i += 1
            attribute = self.src[attr_begin:i]
            if not attribute:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {at}'
                )
            i = self._skip_spaces(i)
            if self._at(i) != "=":
                if name == "blockquote" and attribute == "expandable":
                    expandable = True
                    continue
                raise HtmlParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{name}" at byte offset {at}'
                )
            value, i = self._attribute_value(self._skip_spaces(i + 1), name, at)
            argument = _tag_argument(name, attribute, value, argument)
        if name == "span" and argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        if name == "tg-emoji" and not argument.isdigit():
            raise HtmlParseError("Invalid custom emoji identifier specified")
        self.open.append(_OpenTag(name, argument, self.utf16, expandable))
        return i + 1

    def _attribute_value(self, i: int, tag: str, at: int) -> tuple[str, int]:
        if i >= len(self.src):
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {at}')
        quote = self.src[i]
        if quote not in "'\"":
            token_begin = i
            while self._at(i).isalnum() or self._at(i) in ".-":
                i += 1
            if self._at(i) not in _SPACES and self._at(i) != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {self._offset(token_begin)}"
                )
            return self.src[token_begin:i].lower(), i
        value: list[str] = []
        i += 1
        while i < len(self.src) and self.src[i] != quote:
            # Attribute values (mostly URLs) keep a bare "&" literally, exactly as Telegram does.
            decoded = self._decode(i) if self.src[i] == "&" else None
            if decoded is None:
                value.append(self.src[i])
                i += 1
            else:
                value.append(decoded[0])
                i = decoded[1]
        if i >= len(self.src):
            raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
        return "".join(value), i + 1

    def _end_tag(self, begin: int) -> int:
        at = self._offset(begin)
        if not self.open:
            raise HtmlParseError(f"Unexpected end tag at byte offset {at}")
        i = begin + 2
        while self._at(i) not in _SPACES and self._at(i) != ">":
            i += 1
        end_name = self.src[begin + 2 : i]
        i = self._skip_spaces(i)
        if self._at(i) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {at}")
        tag = self.open.pop()
        if end_name and end_name != tag.name:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {at}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        self._close(tag)
        return i + 1

    def _close(self, tag: _OpenTag) -> None:
        length = self.utf16 - tag.offset
        parent = self.open[-1] if self.open else None
        if tag.name == "code" and parent is not None and parent.name == "pre":
            # Telegram folds <pre><code class="language-x"> into one pre entity.
            parent.argument = parent.argument or tag.argument
            return
        if length == 0:
            return
        entity: dict[str, Any] = {"offset": tag.offset, "length": length}
        if tag.name == "a":
            if not tag.argument:
                return
            entity.update(type="text_link", url=tag.argument)
        elif tag.name == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
        elif tag.name == "pre":
            entity["type"] = "pre"
            if tag.argument:
                entity["language"] = tag.argument
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.expandable else "blockquote"
        else:
            entity["type"] = _SIMPLE_TYPES[tag.name]
        self.entities.append(entity)


def _tag_argument(tag: str, attribute: str, value: str, current: str) -> str:
    """The one attribute value tdlib keeps for a tag; others are ignored like Telegram does."""
    if tag == "a" and attribute == "href":
        return value
    if tag == "code" and attribute == "class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and attribute == "class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and attribute == "emoji-id":
        return value
    return current
