"""The export's History sheet (Lịch sử sửa): each report's audited changes, in words.

One row per audit entry of a report that has a history beyond being filed: its id (the
Reports sheet's last column), its day, when (local time), who, the action (tạo, sửa, đánh dấu,
xác nhận, trả lại, gửi lại, chuyển lên, xóa), what it was before and after, and why. A
correction shows only what it changed; a change of review shows the states.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.domain import review_words
from bot.domain.workbook import MAX_TEXT_WIDTH, Column
from storage import export as store

if TYPE_CHECKING:
    from bot.domain.export import Export

# The audit actions of a report that change its review, and the state each leaves it in.
_STATE_AFTER = {
    "report.flagged": "pending",
    "report.resubmitted": "pending",
    "report.kept": "pending",
    "report.escalated": "pending",
    "report.confirmed": "confirmed",
    "report.returned": "returned",
}
_STATE_BEFORE = {
    "report.confirmed": "pending",
    "report.returned": "pending",
    "report.resubmitted": "returned",
    "report.kept": "returned",
    "report.escalated": "pending",
}


def columns(export: Export) -> list[Column]:
    """The sheet's header: report id, its day, when, who, action, before, after, why."""
    text = export.text
    return [
        Column(text("export-col-id"), "id"),
        Column(text("export-col-report-date"), "date"),
        Column(text("export-col-at"), "datetime"),
        Column(text("export-col-actor"), "text", 30),
        Column(text("export-col-action"), "text", 18),
        Column(text("export-col-before"), "text", MAX_TEXT_WIDTH),
        Column(text("export-col-after"), "text", MAX_TEXT_WIDTH),
        Column(text("export-col-reason"), "text", 40),
    ]


def _described(export: Export, said: Mapping[str, Any], keys: set[str] | None = None) -> str:
    """What a report said (its day, activity, values, note), or only `keys` of it."""
    text, texts, language = export.text, export.texts, export.language
    parts = []
    if keys is None or "date" in keys:
        day = date.fromisoformat(said["date"]) if said.get("date") else None
        if day is not None:
            parts.append(text("review-counts-date", date=texts.date(language, day)))
    if (keys is None or "category" in keys) and said.get("category"):
        category = export.form.category(said["category"])
        parts.append(category.label(language) if category else said["category"])
    values = said.get("values") or {}
    for indicator in _ordered(export, values):
        if keys is None or f"values.{indicator}" in keys:
            value = texts.number(language, values[indicator])
            parts.append(f"{export.indicator(indicator)}: {value}")
    if (keys is None or "note" in keys) and said.get("note"):
        parts.append(f"{text('export-col-note')}: {said['note']}")
    return "; ".join(parts)


def _ordered(export: Export, values: Mapping[str, int]) -> list[str]:
    known = [key for key in export.form.indicators if key in values]
    return known + sorted(key for key in values if key not in known)


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> set[str]:
    """The parts of a report a correction changed: date, category, note, values.<id>."""
    keys = {key for key in ("date", "category", "note") if before.get(key) != after.get(key)}
    old, new = before.get("values") or {}, after.get("values") or {}
    keys |= {f"values.{key}" for key in {*old, *new} if old.get(key) != new.get(key)}
    return keys


def _person(export: Export, name: str | None, status: str | None) -> str | None:
    if name is None:
        return None
    return export.text("export-erased") if status == "erased" else name


def _state(export: Export, state: str | None, reviewer: str | None = None) -> str | None:
    if state is None:
        return None
    words = review_words.state(export.texts, export.language, state)
    return f"{words} ({reviewer})" if reviewer and state == "pending" else words


def row(export: Export, entry: store.HistoryRow) -> list[Any]:
    """One audit entry as a row of the sheet."""
    detail: dict[str, Any] = json.loads(entry.detail)
    action = entry.action
    short = action.removeprefix("report.")
    text_id = f"review-counts-action-{short}"
    words = export.text(text_id) if export.texts.has(text_id, export.language) else short
    before, after = detail.get("before"), detail.get("after")
    if action == "report.updated" and before and after:
        changed = _changed(before, after)
        shown: tuple[str | None, str | None] = (
            _described(export, before, changed),
            _described(export, after, changed),
        )
    elif action in _STATE_AFTER:
        reviewer = _person(export, entry.named_name, entry.named_status)
        shown = (
            # A coordinator's correction confirms from whatever state the report was in.
            _state(export, detail.get("from") or _STATE_BEFORE.get(action)),
            _state(export, _STATE_AFTER[action], reviewer),
        )
    else:
        shown = (
            _described(export, before) if before else None,
            _described(export, after) if after else None,
        )
    reason = detail.get("reason")
    if reason is None and detail.get("flags") and action != "report.escalated":
        reason = review_words.flags(export.texts, export.language, export.form, detail["flags"])
    at = datetime.fromisoformat(entry.at).astimezone(export.tz).replace(tzinfo=None)
    who = _person(export, entry.actor_name, entry.actor_status) or export.text(
        "review-counts-system"
    )
    return [
        entry.report_id,
        date.fromisoformat(entry.report_date),
        at,
        who,
        words,
        shown[0] or None,
        shown[1] or None,
        reason or None,
    ]


async def rows(conn: aiosqlite.Connection, export: Export) -> AsyncIterator[list[Any]]:
    """The sheet's rows, streamed from the audit log."""
    async for entry in store.history(conn, export.area.path, export.first, export.last):
        yield row(export, entry)
