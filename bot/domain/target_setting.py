"""One target set by hand (/target): stored with its audit record in one transaction."""

from __future__ import annotations

from storage import audit, targets
from storage.areas import Area
from storage.db import Database


async def set_target(
    db: Database,
    actor_id: int,
    *,
    indicator: str,
    area: Area,
    period: str,
    value: int,
    now: str,
) -> str:
    """Set an indicator's target for an area and period; return "added", "updated" or
    "unchanged", as storage says."""
    async with db.transaction() as conn:
        outcome = await targets.upsert(
            conn, indicator=indicator, area_id=area.id, period=period, value=value, now=now
        )
        await audit.record(
            conn,
            actor_id=actor_id,
            action="target.set",
            detail={"indicator": indicator, "area": area.code, "period": period, "value": value},
            now=now,
        )
    return outcome
