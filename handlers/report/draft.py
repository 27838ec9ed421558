"""A report being written: what the dialog has gathered so far, kept in user_data as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from handlers.report.asking import Asking, asking_from_json, asking_to_json

KEY = "report"  # user_data key of the live draft
PAUSED_KEY = "report_paused"  # a draft whose dialog ended after a long silence


@dataclass
class Item:
    """One activity of a report: a category and the values typed for its indicators."""

    category: str
    values: dict[str, int] = field(default_factory=dict)


@dataclass
class Draft:
    """Everything the report dialog needs to continue after a restart."""

    day: str
    items: list[Item] = field(default_factory=list)
    note: str | None = None
    report_id: int | None = None  # set when correcting a stored report
    # Stored reports of the same day this draft's activities replace: category → report id.
    replaces: dict[str, int] = field(default_factory=dict)
    quick: dict[str, list[str]] = field(default_factory=dict)  # what a quick report left out
    card: int = 0  # the live card's number; buttons of older cards are stale
    card_message: int | None = None
    options: list[str] = field(default_factory=list)  # the live card's buttons, in order
    asking: Asking | None = None  # what the live card asks, and where to go after
    touched: str = ""
    evidence: list[int] = field(default_factory=list)  # photos sent meanwhile (their ids)
    # Unusual values the member said are right (✅ Đúng), each a flag (Flag.as_json()) with
    # its "category": not asked again, and sent as the entry's flags (held for review).
    # Drafts saved before this field existed read as none confirmed.
    confirmed: list[dict[str, Any]] = field(default_factory=list)
    # Why a report a reviewer confirmed is corrected (asked before it is stored).
    reason: str | None = None

    @property
    def report_date(self) -> date:
        """Return the day the report is for."""
        return date.fromisoformat(self.day)

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-safe dict for persistence."""
        return {**asdict(self), "asking": asking_to_json(self.asking)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        """Rebuild a draft saved by to_json, by this version or an earlier one."""
        items = [Item(i["category"], dict(i["values"])) for i in data.get("items", [])]
        return cls(**{**data, "items": items, "asking": asking_from_json(data.get("asking"))})
