"""Log lines stamped with the update being handled: `update=<id> member=<id>` on each one.

The application sets the two context variables around handling an update; the filter copies
them onto every record, whichever logger wrote it. Only ids: never names, texts or phones.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

UPDATE_ID: ContextVar[int | None] = ContextVar("log_update_id", default=None)
MEMBER_ID: ContextVar[int | None] = ContextVar("log_member_id", default=None)

FORMAT = (
    "%(asctime)s level=%(levelname)s logger=%(name)s update=%(update_id)s "
    "member=%(member_id)s %(message)s"
)


class UpdateContext(logging.Filter):
    """Give every record `update_id` and `member_id` (None outside an update)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = UPDATE_ID.get()
        record.member_id = MEMBER_ID.get()
        return True


def install(handler: logging.Handler) -> None:
    """Stamp the records this handler writes (a handler filter sees every logger's records)."""
    if not any(isinstance(existing, UpdateContext) for existing in handler.filters):
        handler.addFilter(UpdateContext())
