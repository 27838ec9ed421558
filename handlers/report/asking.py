"""What the report dialog's live card asks, as typed values, and their JSON for persistence.

A draft lives in user_data across restarts and deploys, so `asking_from_json` also reads the
untagged dicts the dialog stored before these types existed; what it cannot read becomes
None, and the dialog shows the confirmation (or category) card again instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Then(StrEnum):
    """Where the dialog goes once a value is answered."""

    NEXT = "next"  # on to the activity's next indicator, then the card
    CONFIRM = "confirm"  # straight back to the card (a correction, or a missing value)


@dataclass(frozen=True)
class AskValue:
    """A number is asked: the draft's item and the indicator of it."""

    item: int
    indicator: str
    then: Then = Then.NEXT


@dataclass(frozen=True)
class AskDate:
    """The day is asked; then the card again if there are activities, else the categories."""

    back_to_card: bool


@dataclass(frozen=True)
class AskNote:
    """The note is asked (only ever as a field to change)."""


# What choosing a field of the card asks for.
Field = AskValue | AskDate | AskNote


@dataclass(frozen=True)
class ChooseField:
    """The card's fields are offered, to change one; a press names its index."""

    fields: tuple[Field, ...]


@dataclass(frozen=True)
class RepeatDay:
    """A repeated day clashes with stored reports: add to them, or replace them?"""

    source_day: str  # ISO date of the day being repeated


@dataclass(frozen=True)
class CheckValue:
    """An unusual value is asked about once ("Bạn nhập 500 người — đúng không?").

    `flag` is why (bot.domain.anomaly.Flag.as_json()); `after` is the question the dialog
    goes on from once the value is settled (None: the confirmation card, with `header`).
    """

    item: int
    flag: dict[str, Any]
    after: AskValue | None = None
    header: str | None = None

    @property
    def indicator(self) -> str:
        return str(self.flag["indicator"])


Asking = AskValue | AskDate | ChooseField | RepeatDay | CheckValue


def asking_to_json(asking: Asking | None) -> dict[str, Any] | None:
    """Return a JSON-safe dict for a draft in user_data."""
    match asking:
        case None:
            return None
        case AskValue(item, indicator, then):
            return {"kind": "value", "item": item, "indicator": indicator, "then": then.value}
        case AskDate(back_to_card):
            return {"kind": "date", "then": "confirm" if back_to_card else "category"}
        case ChooseField(fields):
            return {"kind": "fields", "fields": [_field_to_json(f) for f in fields]}
        case RepeatDay(source_day):
            return {"kind": "repeat", "same_from": source_day}
        case CheckValue(item, flag, after, header):
            return {
                "kind": "check",
                "item": item,
                "flag": dict(flag),
                "after": asking_to_json(after),
                "header": header,
            }
    raise TypeError(f"not an Asking: {asking!r}")


def asking_from_json(data: object) -> Asking | None:
    """Read what asking_to_json wrote, or what the dialog stored before (untagged dicts)."""
    if not isinstance(data, dict):
        return None
    try:
        # Untagged dicts were told apart by their keys; a tagged one says its kind.
        kind = data.get("kind") or next(
            (kind for key, kind in _LEGACY_KEYS.items() if key in data), None
        )
        if kind == "value":
            then = Then(data.get("then", Then.NEXT.value))
            return AskValue(int(data["item"]), str(data["indicator"]), then)
        if kind == "date":
            return AskDate(back_to_card=data.get("then", data.get("date_then")) == "confirm")
        if kind == "fields":
            return ChooseField(tuple(_field_from_json(f) for f in data["fields"]))
        if kind == "repeat":
            return RepeatDay(str(data["same_from"]))
        if kind == "check":
            after = asking_from_json(data.get("after"))
            return CheckValue(
                int(data["item"]),
                dict(data["flag"]),
                after if isinstance(after, AskValue) else None,
                data.get("header"),
            )
    except (KeyError, TypeError, ValueError):
        pass
    return None  # a kind a later version wrote, or a broken entry: ask again from the card


_LEGACY_KEYS = {
    "indicator": "value",
    "date_then": "date",
    "fields": "fields",
    "same_from": "repeat",
}


def _field_to_json(field: Field) -> list[str]:
    # The shape the dialog always stored: ["date"], ["value", item, indicator], ["note"].
    match field:
        case AskValue(item, indicator, _):
            return ["value", str(item), indicator]
        case AskDate():
            return ["date"]
        case AskNote():
            return ["note"]
    raise TypeError(f"not a Field: {field!r}")


def _field_from_json(data: list[str]) -> Field:
    kind, *where = data
    if kind == "date":
        return AskDate(back_to_card=True)
    if kind == "note":
        return AskNote()
    if kind == "value":
        return AskValue(int(where[0]), str(where[1]), Then.CONFIRM)
    raise ValueError(f"unknown field {data!r}")
