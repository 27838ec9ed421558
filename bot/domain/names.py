"""Validation of what people type as their name."""

from __future__ import annotations

import re
import unicodedata

NAME_MIN, NAME_MAX = 2, 80
_SPACES = re.compile(r"\s+")


def clean_name(text: str) -> str | None:
    """Return a tidy full name, or None when it can't be one."""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if not NAME_MIN <= len(name) <= NAME_MAX:
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    return name


def profile_name(user) -> str | None:
    """Return a Telegram user's profile name if it can serve as a full name."""
    return clean_name(" ".join(filter(None, [user.first_name, user.last_name])))
