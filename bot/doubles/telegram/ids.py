"""The update and message ids the double hands out, kept in a file across restarts if asked."""

from __future__ import annotations

import json
from pathlib import Path

from bot.doubles.telegram.models import ChatState


class IssuedIds:
    """Update ids 1, 2, 3...; message ids 1, 2, 3... in each chat. With a file, both go on
    after the last ones any earlier double issued over that file.

    Telegram's ids only grow, and the bot relies on it: it skips an update id it handled
    before (`processed_updates`), and it takes a report confirmed on a card whose message id
    it saw before for a double tap. A double started again over the same bot database must
    therefore not count from 1 again. The file holds the last update id and the highest
    message id issued, written before either can be seen, so even a killed double never
    repeats one.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._loaded = False  # read at start or first use, so its owner may delete it first
        self._last_update = 0
        self._last_message = 0  # the highest message id issued in any chat
        self._earlier_message = 0  # the highest one issued before this double started

    @property
    def last_update_id(self) -> int:
        """The last update id issued; 0 before the first."""
        self.load()
        return self._last_update

    def take_update_id(self) -> int:
        update_id = self.last_update_id + 1
        self._save(update_id, self._last_message)
        self._last_update = update_id
        return update_id

    def take_message_id(self, chat: ChatState) -> int:
        """The chat's next message id: its own sequence, but above every earlier double's."""
        self.load()
        chat.next_message_id = max(chat.next_message_id, self._earlier_message + 1)
        if chat.next_message_id > self._last_message:
            self._save(self._last_update, chat.next_message_id)
            self._last_message = chat.next_message_id
        return chat.take_message_id()

    def load(self) -> None:
        """Read the file, once; a file that holds no ids is a ValueError naming it."""
        if self._loaded:
            return
        if self.path is not None:
            self._last_update, self._last_message = _read(self.path)
            self._earlier_message = self._last_message
        self._loaded = True

    def _save(self, last_update: int, last_message: int) -> None:
        if self.path is None:
            return
        kept = {"last_update_id": last_update, "last_message_id": last_message}
        # Written aside and renamed over, so the file is never seen half written.
        scratch = self.path.with_name(f"{self.path.name}.tmp")
        scratch.write_text(json.dumps(kept), encoding="utf-8")
        scratch.replace(self.path)


def _read(path: Path) -> tuple[int, int]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return 0, 0
    try:
        kept = json.loads(text)
        numbers = kept["last_update_id"], kept["last_message_id"]
    except (ValueError, TypeError, KeyError):
        numbers = None
    if numbers is None or not all(type(n) is int and n >= 0 for n in numbers):
        raise ValueError(
            f"{path} should hold the last update and message ids the Bot API double issued;"
            " delete it only together with the bot database it belongs to"
        )
    return numbers
