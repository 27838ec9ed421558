"""What the join dialog remembers between messages: a small typed draft, kept as JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KEY = "join"  # key of the join draft in user_data


@dataclass
class JoinDraft:
    """The team being joined and what the newcomer has given so far."""

    team_id: int
    consent_at: str | None = None
    name: str | None = None
    phone: str | None = None
    # A skipped phone is None too; this says the phone question was answered at all.
    phone_given: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the draft as the plain dict user_data keeps (the old code's very keys)."""
        data: dict[str, Any] = {"team_id": self.team_id}
        if self.consent_at is not None:
            data["consent_at"] = self.consent_at
        if self.name is not None:
            data["name"] = self.name
        if self.phone_given:
            data["phone"] = self.phone
        return data

    @classmethod
    def from_json(cls, data: Any) -> JoinDraft | None:
        """Read a stored draft, of this version or an older one; None when it can't be one.

        Unknown keys are ignored and missing ones take their defaults, so a draft persisted
        before a restart (by this code or the code before it) still loads.
        """
        if not isinstance(data, dict):
            return None
        team_id = data.get("team_id")
        if not isinstance(team_id, int) or isinstance(team_id, bool):
            return None
        return cls(
            team_id=team_id,
            consent_at=_text(data.get("consent_at")),
            name=_text(data.get("name")),
            phone=_text(data.get("phone")),
            phone_given="phone" in data,
        )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
