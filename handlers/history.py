"""A report's history as its member reads it in /myreports: when, who, what changed, why.

Rendered from the audit log (storage.audit.for_report): every state change and correction of
a report has its entry there, with what the report said before and after.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from bot.core.i18n import Texts
from bot.domain.form import Form

# The newest entries shown; older ones are counted ("… and 3 more").
SHOWN = 15
_KNOWN = {
    "report.created",
    "report.updated",
    "report.deleted",
    "report.flagged",
    "report.confirmed",
    "report.returned",
    "report.resubmitted",
    "report.kept",
    "report.escalated",
}


def render(
    texts: Texts,
    language: str,
    form: Form,
    tz: tzinfo,
    entries: Sequence[Mapping[str, Any]],
) -> list[str]:
    """Lines of a report's history, oldest first (the newest SHOWN of them)."""
    if not entries:
        return [texts.get(language, "myreports-history-empty")]
    lines: list[str] = []
    left_out = max(0, len(entries) - SHOWN)
    if left_out:
        lines.append(texts.get(language, "list-more", count=left_out))
    for entry in entries[left_out:]:
        action = str(entry["action"])
        if action in _KNOWN:
            what = texts.plain(language, "history-" + action.replace(".", "-"))
        else:
            what = texts.plain(language, "history-report-other", action=action)
        at = datetime.fromisoformat(str(entry["at"])).astimezone(tz)
        who = entry.get("actor_name") or texts.plain(language, "myreports-history-system")
        lines.append(
            texts.get(
                language,
                "myreports-history-line",
                at=texts.date(language, at, "datetime"),
                who=who,
                action=what,
            )
        )
        detail = entry.get("detail") or {}
        if action == "report.updated":
            lines += _changes(texts, language, form, detail.get("before"), detail.get("after"))
        if detail.get("reason"):
            lines.append(
                texts.get(language, "myreports-history-reason", reason=str(detail["reason"]))
            )
    return lines


def _changes(texts: Texts, language: str, form: Form, before: Any, after: Any) -> list[str]:
    """What a correction changed: each value, and the day, activity and note."""
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        return []
    lines = []
    for key, text_id in (
        ("date", "myreports-history-date"),
        ("category", "myreports-history-category"),
    ):
        if before.get(key) != after.get(key):
            lines.append(
                texts.get(
                    language,
                    "myreports-history-moved",
                    what=texts.plain(language, text_id),
                    before=_shown(texts, language, before.get(key), key),
                    after=_shown(texts, language, after.get(key), key),
                )
            )
    old, new = before.get("values") or {}, after.get("values") or {}
    ordered = [i for i in form.indicator_ids() if i in old or i in new]
    ordered += sorted((set(old) | set(new)) - set(ordered))
    for indicator_id in ordered:
        if old.get(indicator_id) == new.get(indicator_id):
            continue
        indicator = form.indicators.get(indicator_id)
        label = indicator.label(language) if indicator else indicator_id
        lines.append(
            texts.get(
                language,
                "myreports-history-change",
                indicator=label,
                before=_shown(texts, language, old.get(indicator_id)),
                after=_shown(texts, language, new.get(indicator_id)),
            )
        )
    if before.get("note") != after.get("note"):
        lines.append(
            texts.get(
                language,
                "myreports-history-moved",
                what=texts.plain(language, "myreports-history-note"),
                before=_shown(texts, language, before.get("note")),
                after=_shown(texts, language, after.get("note")),
            )
        )
    return lines


def _shown(texts: Texts, language: str, value: Any, key: str = "") -> str:
    if value is None or value == "":
        return "—"
    if key == "date":
        try:
            return texts.date(language, date.fromisoformat(str(value)))
        except ValueError:
            pass
    if isinstance(value, int):
        return texts.number(language, value)
    return str(value)[:60]
