"""The audit log: who did what, when; kept when the subject is erased."""

from __future__ import annotations

import json
from typing import Any

import aiosqlite


async def record(
    conn: aiosqlite.Connection,
    *,
    actor_id: int | None,
    action: str,
    detail: dict[str, Any],
    now: str,
) -> None:
    """Append one entry; call inside the transaction that made the change."""
    await conn.execute(
        "INSERT INTO audit_log (actor_id, action, detail, at) VALUES (?, ?, ?, ?)",
        (actor_id, action, json.dumps(detail, ensure_ascii=False, sort_keys=True), now),
    )


async def entries(conn: aiosqlite.Connection, action: str | None = None) -> list[dict[str, Any]]:
    """Return entries, oldest first, optionally of one action."""
    sql = "SELECT actor_id, action, detail, at FROM audit_log"
    params: tuple = ()
    if action:
        sql += " WHERE action = ?"
        params = (action,)
    async with conn.execute(sql + " ORDER BY id", params) as cursor:
        return [
            {"actor_id": r[0], "action": r[1], "detail": json.loads(r[2]), "at": r[3]}
            async for r in cursor
        ]


async def for_report(conn: aiosqlite.Connection, report_id: int) -> list[dict[str, Any]]:
    """Return a report's entries (report.*), oldest first, with the actor's name if known."""
    async with conn.execute(
        "SELECT l.actor_id, l.action, l.detail, l.at, m.full_name FROM audit_log l"
        " LEFT JOIN members m ON m.id = l.actor_id"
        " WHERE json_extract(l.detail, '$.report') = ? AND l.action LIKE 'report.%'"
        " ORDER BY l.id",
        (report_id,),
    ) as cursor:
        return [
            {
                "actor_id": r[0],
                "action": r[1],
                "detail": json.loads(r[2]),
                "at": r[3],
                "actor_name": r[4],
            }
            async for r in cursor
        ]


async def counts_for_reports(conn: aiosqlite.Connection, report_ids: list[int]) -> dict[int, int]:
    """Return how many entries (report.*) each of these reports has in its history."""
    if not report_ids:
        return {}
    marks = ",".join("?" * len(report_ids))
    async with conn.execute(
        "SELECT json_extract(detail, '$.report'), count(*) FROM audit_log"
        f" WHERE json_extract(detail, '$.report') IN ({marks}) AND action LIKE 'report.%'"
        " GROUP BY 1",
        report_ids,
    ) as cursor:
        return {report_id: count async for report_id, count in cursor}
