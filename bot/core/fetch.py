"""Fetch a file by URL, bounded: where Zalo keeps the images its members send."""

from __future__ import annotations

import logging

import httpx

logger = logging.getLogger(__name__)

FETCH_SECONDS = 15.0
# A Zalo file id as the transport gives it to the handlers: "zalo:" and the file's URL.
ZALO_FILE_PREFIX = "zalo:"


async def fetch_url(url: str, limit: int, timeout: float = FETCH_SECONDS) -> bytes | None:  # noqa: ASYNC109
    """GET a file by http(s) URL, up to `limit` bytes; None if that fails or is too large."""
    if not url.startswith(("https://", "http://")):
        return None
    try:
        async with (
            httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                return None
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > limit:
                    return None
            return bytes(body)
    except httpx.HTTPError as error:
        logger.warning("Could not fetch %s: %s", url.split("?", 1)[0], error)
        return None
