"""Signed, expiring links: an HMAC over what a link names and when it expires.

One signer for every link the bot hands out (Zalo's charts and exports, evidence photos in
coordinators' exports): a link can't be guessed, pointed at another file, or stretched.
"""

from __future__ import annotations

import hashlib
import hmac


def link_key(secret: str, purpose: str = "file links") -> bytes:
    """Derive a signing key from a secret (a bot token), one key per purpose."""
    return hashlib.sha256(f"cns-bot {purpose}\0".encode() + secret.encode()).digest()


class Signer:
    """Signs the parts of a link ("12", "1767225600") and checks a signature given back."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, *parts: object) -> str:
        message = ".".join(str(part) for part in parts).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]

    def valid(self, signature: str, *parts: object) -> bool:
        return hmac.compare_digest(signature, self.sign(*parts))
