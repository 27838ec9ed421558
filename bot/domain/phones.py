"""Vietnamese mobile numbers: what people type, normalised to E.164."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-()/]")
# Mobile numbers since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x, then 8 digits.
_MOBILE = re.compile(r"[35789][0-9]{8}")


def normalize_phone(text: str) -> str | None:
    """Return a Vietnamese mobile number as "+84912345678", or None if it is not one."""
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+84"):
        digits = digits[3:]
    elif digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = digits[2:]
    if digits.startswith("0") and len(digits) == 10:
        digits = digits[1:]
    # Nine digits alone is how Excel keeps "0912345678" typed into a number cell.
    return f"+84{digits}" if _MOBILE.fullmatch(digits) else None


def display_phone(phone: str) -> str:
    """Render a stored number the way Vietnamese people write it: 0912 345 678."""
    local = "0" + phone[3:] if phone.startswith("+84") else phone
    return f"{local[:4]} {local[4:7]} {local[7:]}"


def mask_phone(phone: str) -> str:
    """Show enough of a stored number to tell two people apart: 0912***678."""
    local = "0" + phone[3:] if phone.startswith("+84") else phone
    return f"{local[:4]}***{local[-3:]}"
