"""The Zalo transport's parts: rendering, the inbox, ids, over real SQLite files."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from bot.core.clock import FrozenClock
from bot.core.i18n import Texts
from bot.transports.zalo.api import ZaloApi
from bot.transports.zalo.render import MAX_TEXT, plain_text, render_options, split
from bot.transports.zalo.transport import ZaloBridge, stable_bot_id
from bot.ui.callbacks import Action, pack
from bot.ui.choices import options_of, plain_words
from storage import zalo as store
from storage.chat_ids import ZALO_ID_BASE, channel_of
from storage.db import Database
from tests.conftest import START

TEXTS = Texts("vi")


def test_html_becomes_plain_text_with_links_spelled_out():
    assert plain_text("<b>Tổ</b> &lt;1&gt; &amp; <i>xã</i>") == "Tổ <1> & xã"
    assert plain_text('Xem <a href="https://x.vn/a">đây</a>.') == "Xem đây (https://x.vn/a)."
    assert plain_text("<b>không đóng") == "không đóng"  # never shown as raw tags


@given(st.text(min_size=1, max_size=9000))
def test_split_keeps_every_piece_within_the_limit_and_loses_no_words(text):
    pieces = split(text)
    assert all(len(piece) <= MAX_TEXT for piece in pieces)
    # Only whitespace at the cuts may go: every other character stays, in order.
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_split_prefers_paragraphs():
    text = ("a" * 1500) + "\n\n" + ("b" * 1500)
    assert split(text) == ["a" * 1500, "b" * 1500]


def test_keyboards_become_numbered_options():
    markup = {
        "inline_keyboard": [
            [{"text": "✅ Gửi", "callback_data": "x1"}, {"text": "Web", "url": "https://a.vn"}],
            [{"text": "❌ Hủy", "callback_data": "x2"}],
        ]
    }
    options = options_of(markup)
    assert [o["label"] for o in options] == ["✅ Gửi", "❌ Hủy"]
    assert render_options(TEXTS, "vi", options) == "1. ✅ Gửi\n2. ❌ Hủy\nTrả lời 1 hoặc 2."
    assert options_of({"remove_keyboard": True}) == []
    assert options_of(None) is None


def test_past_nine_options_the_labels_stay_aligned():
    markup = {
        "inline_keyboard": [
            [{"text": f"Hoạt động {n}", "callback_data": f"x{n}"}] for n in range(12)
        ]
    }
    lines = render_options(TEXTS, "vi", options_of(markup)).split("\n")
    # A figure space is as wide as a digit: "\u20071." lines up with "10.".
    assert lines[0] == "\u20071. Hoạt động 0" and lines[8] == "\u20079. Hoạt động 8"
    assert lines[9] == "10. Hoạt động 9" and lines[-1] == "Trả lời 1–12."


def test_a_value_question_offers_its_buttons_as_words():
    skip = {"label": "Bỏ qua", "kind": "callback", "value": pack(Action.REPORT, 4, "skip")}
    assert render_options(TEXTS, "vi", [skip]) == "Gõ số, hoặc gõ «Bỏ qua»."


def test_typed_words_match_labels_without_diacritics_or_emoji():
    assert plain_words("bo qua") == plain_words("⏭ Bỏ qua") == plain_words("BỎ QUA!")
    assert plain_words("Đồng ý") == "dong y"


def test_channel_of_an_id():
    assert channel_of(8_000_000_000) == "telegram"
    assert channel_of(ZALO_ID_BASE + 1) == "zalo"


def offline_bridge(db: Database, clock: FrozenClock) -> ZaloBridge:
    """A bridge whose Zalo is unreachable: only what the database holds can come out."""
    api = ZaloApi("http://127.0.0.1:9", "1:x")
    return ZaloBridge(api, db, TEXTS, clock, links=None, default_language="vi")


async def test_inbox_keeps_updates_until_the_offset_confirms_them(tmp_path):
    path = tmp_path / "bot.sqlite3"
    clock = FrozenClock(START)
    async with Database(path) as db:
        bridge = offline_bridge(db, clock)
        async with db.transaction() as conn:
            first = await store.add_to_inbox(conn, {"message": {"text": "a"}}, "t")
            second = await store.add_to_inbox(conn, {"message": {"text": "b"}}, "t")
        assert first > ZALO_ID_BASE and second == first + 1
        waiting = await bridge.get_updates({})
        assert [u["update_id"] for u in waiting] == [first, second]
    async with Database(path) as db:  # a restart: nothing confirmed, both come back
        bridge = offline_bridge(db, clock)
        assert len(await bridge.get_updates({})) == 2
        assert [u["update_id"] for u in await bridge.get_updates({"offset": first + 1})] == [
            second
        ]


async def test_message_ids_are_never_reused(tmp_path):
    path = tmp_path / "bot.sqlite3"
    async with Database(path) as db, db.transaction() as conn:
        chat = await store.internal_id(conn, "abc", "An", "2026-11-27T00:00:00Z")
        old = await store.new_message(conn, chat, "card", None, "2026-10-01T00:00:00Z")
        newest = await store.new_message(conn, chat, "card", None, "2026-10-01T00:00:01Z")
        await conn.execute("UPDATE zalo_messages SET sent_at = '2026-10-01T00:00:00Z'")
        pruned = await store.prune(conn, "2026-11-27T00:00:00Z", "2026-11-25", "2026-11-01")
        assert pruned["messages"] == 1  # the older one; the chat's newest stays
    async with Database(path) as db, db.transaction() as conn:
        again = await store.new_message(conn, chat, "card", None, "2026-11-27T00:00:00Z")
        assert again > newest > old
        assert await store.internal_id(conn, "abc", None, "x") == chat  # stable
        assert chat == ZALO_ID_BASE + 1


def test_a_non_numeric_bot_id_maps_to_the_same_number_in_every_process():
    code = "from bot.transports.zalo.transport import stable_bot_id as f; print(f('bot.abc'))"
    answers = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert answers == {str(stable_bot_id("bot.abc"))}
    assert 0 <= stable_bot_id("bot.abc") < 2**31
