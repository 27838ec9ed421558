"""Telegram HTML parse mode as the Bot API double checks it."""

import pytest

from bot.doubles.telegram import HtmlParseError, parse_html


def _covered(text, entity):
    units = text.encode("utf-16-le")
    start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
    return units[start:end].decode("utf-16-le")


def test_plain_text_passes_through_trimmed():
    parsed = parse_html("  Xin chào  \n")
    assert parsed.text == "Xin chào"
    assert parsed.entities == []


def test_entities_are_decoded_and_tags_become_entities():
    parsed = parse_html("<b>Tổ</b> &lt;3&gt; &amp; &quot;A&quot; &#65;&#x42;")
    assert parsed.text == 'Tổ <3> & "A" AB'
    assert parsed.entities == [{"offset": 0, "length": 2, "type": "bold"}]


def test_offsets_count_utf16_units():
    parsed = parse_html("😀 <i>x</i>")
    assert parsed.entities == [{"offset": 3, "length": 1, "type": "italic"}]


def test_nested_and_attribute_tags():
    parsed = parse_html(
        '<b>a<i>b</i></b> <a href="https://x.vn/?a=1&b=2">link</a> '
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> '
        '<pre><code class="language-python">p</code></pre> <blockquote expandable>q</blockquote>'
        ' <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> <s>d</s><u>u</u><code>c</code>'
    )
    types = [(e["type"], _covered(parsed.text, e)) for e in parsed.entities]
    assert types == [
        ("bold", "ab"),
        ("italic", "b"),
        ("text_link", "link"),
        ("spoiler", "s"),
        ("spoiler", "t"),
        ("pre", "p"),
        ("expandable_blockquote", "q"),
        ("custom_emoji", "👍"),
        ("strikethrough", "d"),
        ("underline", "u"),
        ("code", "c"),
    ]
    assert parsed.entities[2]["url"] == "https://x.vn/?a=1&b=2"
    assert parsed.entities[5]["language"] == "python"


def test_uppercase_start_tag_is_accepted():
    assert parse_html("<B>x</>").entities == [{"offset": 0, "length": 1, "type": "bold"}]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("a <", "Unclosed start tag at byte offset 2"),
        ("Chào <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 6'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<a href="x>y', "Unclosed start tag at byte offset 0"),
        ("<b x>y</b>", 'Expected equal sign in declaration of an attribute of the tag "b"'),
        ("<tg-emoji>x</tg-emoji>", "Invalid custom emoji identifier specified"),
        ("Tôm &foo; cua", 'Unsupported HTML entity "&foo;" at byte offset 5'),
        ("AT&T", 'Character "&" at byte offset 2 must be escaped as "&amp;"'),
        ("a & b", 'Character "&" at byte offset 2 must be escaped as "&amp;"'),
        ("&#0;", 'Unsupported HTML entity "&#0;" at byte offset 0'),
        ("x</b", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ],
)
def test_invalid_html_is_rejected_with_telegrams_reason(source, reason):
    with pytest.raises(HtmlParseError) as caught:
        parse_html(source)
    assert str(caught.value).startswith(reason)


def test_byte_offsets_count_utf8_bytes():
    # "Chào " is 6 bytes in UTF-8 (à takes two), so the tag starts at byte 6, not character 5.
    with pytest.raises(HtmlParseError, match="byte offset 6"):
        parse_html("Chào <x>")


def test_empty_tags_make_no_entity_and_whitespace_is_trimmed_from_entities():
    parsed = parse_html("<b></b>  <i> hi</i>")
    assert parsed.text == "hi"
    assert parsed.entities == [{"offset": 0, "length": 2, "type": "italic"}]
