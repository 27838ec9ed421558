"""Review in words, for readers who were not there: a report's state, why it was flagged,
and what the reports waiting for review would add ("510 người dân được hỗ trợ").

Used by the summary's pending line, the chart captions, the export's columns and sheets and
`python -m bot review list`; the reviewer's card words its own (handlers/review.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.core.i18n import Texts
from bot.domain.anomaly import Flag
from bot.domain.form import Form

HELD_SHOWN = 2  # indicators named in a summary's pending line; the rest is "…"


def state(texts: Texts, language: str, review: str) -> str:
    """A report's review state: Đã ghi nhận, Chờ xác nhận, Bị trả lại, Đã xác nhận."""
    return texts.plain(language, f"review-counts-state-{review}")


def indicator_label(form: Form, language: str, indicator_id: str) -> str:
    """An indicator's label; one the form no longer has keeps its id."""
    known = form.indicators.get(indicator_id)
    return known.label(language) if known else indicator_id


def counted(label: str, language: str) -> str:
    """A label as it follows a number: "Số người dân được hỗ trợ" → "người dân được hỗ trợ"."""
    if language == "vi":
        label = label.removeprefix("Số ")
    # "VNeID …" keeps its capitals; an ordinary first word is lowered.
    if len(label) > 1 and label[1].islower():
        label = label[:1].lower() + label[1:]
    return label


def flag(texts: Texts, language: str, form: Form, data: Mapping[str, Any] | Flag) -> str:
    """One flag in words: "Số người dân được hỗ trợ 500: gấp 50 lần mức thường (10)"."""
    found = data if isinstance(data, Flag) else Flag.from_json(data)
    reference = found.reference or 0
    base = max(reference, 1)
    return texts.plain(
        language,
        f"review-counts-flag-{found.rule.value}",
        indicator=indicator_label(form, language, found.indicator),
        value=texts.number(language, found.value),
        reference=texts.number(language, reference),
        times=texts.number(language, found.value // base),
        exact="yes" if found.value % base == 0 else "no",
    )


def flags(texts: Texts, language: str, form: Form, stored: Iterable[Mapping[str, Any]]) -> str:
    """Every flag of a report in words, "; " between them ("" for none)."""
    words = []
    for data in stored:
        try:
            words.append(flag(texts, language, form, data))
        except (KeyError, ValueError, TypeError):  # a flag of a rule this version lacks
            words.append(str(data.get("indicator", "?")))
    return "; ".join(words)


def held_totals(
    texts: Texts, language: str, values: Sequence[tuple[str, int]], shown: int = HELD_SHOWN
) -> str:
    """What held reports would add, (label, value) in order: "510 người dân được hỗ trợ, …"."""
    parts = [
        f"{texts.number(language, value)} {counted(label, language)}"
        for label, value in values[:shown]
    ]
    if len(values) > shown:
        parts.append("…")
    return ", ".join(parts)
