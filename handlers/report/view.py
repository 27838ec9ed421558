"""What the report dialog shows: texts and button rows, built from the draft and the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.i18n import Texts, fit, shorten
from bot.domain.anomaly import Flag, Rule
from bot.domain.form import Category, Form, Indicator
from bot.ui.callbacks import ReportOp
from bot.ui.menu import button_label
from handlers.report.asking import AskDate, AskNote, AskValue, Field, Then
from handlers.report.draft import Draft
from storage.reports import Report

# A button: its label and the operation (with arguments) it asks for.
Button = tuple[str, tuple[ReportOp | str, ...]]
Rows = list[list[Button]]

# Why a member corrects a report a reviewer confirmed, to pick (or a reason typed).
REASONS = ("report-reason-typo", "report-reason-missing", "report-reason-date")
# The rules a question may explain, with the value compared against.
_EXPLAINED = (Rule.SOFT_MAX, Rule.OWN, Rule.PEERS)

# A quick report's card lists what it left out: each fragment and the whole list are bounded.
FRAGMENT_MAX = 40
LIST_BUDGET = 600


@dataclass(frozen=True)
class ReportView:
    """Render report cards in one language for one day."""

    texts: Texts
    language: str
    form: Form
    today: date

    def t(self, text_id: str, **args: object) -> str:
        return self.texts.get(self.language, text_id, **args)

    def plain(self, text_id: str, **args: object) -> str:
        return self.texts.plain(self.language, text_id, **args)

    def day(self, day: date) -> str:
        """Render a date as people read it, saying "today" or "yesterday" where it is."""
        shown = self.texts.date(self.language, day)
        relative = {0: "date-today", 1: "date-yesterday"}.get((self.today - day).days)
        if relative is None:
            return shown
        return self.plain("date-label", date=shown, relative=self.plain(relative))

    def category_label(self, category_id: str) -> tuple[str, str]:
        """Return a category's emoji and label; retired ones say so, unknown ones show the id."""
        category = self.form.category(category_id)
        if category is None:
            return "•", category_id
        label = category.label(self.language)
        if category.retired:
            label = self.plain("report-retired", label=label)
        return category.emoji, label

    def choose_category(self, draft: Draft) -> tuple[str, Rows]:
        """The first card: the day, and one button per activity."""
        buttons = [
            (button_label(f"{c.emoji} {c.short(self.language)}"), (ReportOp.CATEGORY, c.id))
            for c in self.form.active_categories()
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        rows.append(
            [
                (self.plain("report-other-day"), (ReportOp.DAY,)),
                (self.plain("report-same-as-yesterday"), (ReportOp.SAME,)),
            ]
        )
        return self.t("report-choose-category", date=self.day(draft.report_date)), rows

    def choose_date(self, backfill_days: int) -> tuple[str, Rows]:
        """Days a report may be for: today back to the back-fill window, never the future."""
        buttons = []
        for back in range(backfill_days + 1):
            day = self.today - timedelta(days=back)
            label = {0: "date-button-today", 1: "date-button-yesterday"}.get(back)
            text = self.plain(label) if label else self.texts.date(self.language, day, "short")
            buttons.append((text, (ReportOp.DATE, day.isoformat())))
        rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
        return self.t("report-choose-date", days=backfill_days), rows

    def ask_value(self, category: Category, indicator: Indicator, step: int) -> tuple[str, Rows]:
        """The question for one indicator, with Skip where it is optional."""
        steps = len(category.indicators)
        text = self.t(
            "report-ask-value" if indicator.required else "report-ask-value-optional",
            emoji=category.emoji,
            category=category.label(self.language),
            step=step,
            steps=steps,
            indicator=indicator.label(self.language),
            min=indicator.min,
            max=indicator.max,
            unit=indicator.unit(self.language),
        )
        rows: Rows = (
            [] if indicator.required else [[(self.plain("report-skip"), (ReportOp.SKIP,))]]
        )
        return text, rows

    def check(self, category: Category, indicator: Indicator, flag: Flag) -> tuple[str, Rows]:
        """The one question about an unusual value: "Bạn nhập 500 người — đúng không?"."""
        unit = indicator.unit(self.language)
        lines = [
            self.t(
                "report-check",
                emoji=category.emoji,
                category=category.label(self.language),
                indicator=indicator.label(self.language),
                value=self.texts.number(self.language, flag.value),
                unit=unit,
            )
        ]
        if flag.rule in _EXPLAINED and flag.reference is not None:
            reference = self.texts.number(self.language, flag.reference)
            lines.append(
                self.t(f"report-check-why-{flag.rule.value}", reference=reference, unit=unit)
            )
        lines.append(self.t("report-check-hint"))
        rows: Rows = [
            [
                (self.plain("report-check-yes"), (ReportOp.SURE,)),
                (self.plain("report-check-fix"), (ReportOp.RETYPE,)),
            ]
        ]
        return "\n".join(lines), rows

    def reason(self) -> tuple[str, Rows]:
        """Ask why a confirmed report is corrected: a reason to pick, or one typed."""
        rows: Rows = [
            [(self.plain(text_id), (ReportOp.REASON, str(index)))]
            for index, text_id in enumerate(REASONS)
        ]
        rows.append([(self.plain("report-back"), (ReportOp.BACK,))])
        return self.t("report-ask-reason"), rows

    def items(self, draft: Draft) -> list[str]:
        """Lines listing every activity of a draft with its values."""
        lines = []
        for item in draft.items:
            emoji, label = self.category_label(item.category)
            lines.append(self.t("report-item", emoji=emoji, category=label))
            category = self.form.category(item.category)
            indicators = self.form.indicators_of(category) if category else []
            for indicator in indicators:
                value = item.values.get(indicator.id)
                if value is None:
                    lines.append(
                        self.t("report-value-missing", indicator=indicator.label(self.language))
                    )
                else:
                    lines.append(
                        self.t(
                            "report-value-line",
                            indicator=indicator.label(self.language),
                            value=value,
                        )
                    )
        return lines

    def confirm(self, draft: Draft, header: str | None = None) -> tuple[str, Rows]:
        """The confirmation card: everything in the draft, with Send / Note / Edit / Cancel."""
        lines = [header] if header else []
        lines.append(self.t("report-confirm-title", date=self.day(draft.report_date)))
        lines += self.items(draft)
        if draft.note:
            lines.append(self.t("report-note-line", note=draft.note))
        more = self._more
        problems = [shorten(p, FRAGMENT_MAX) for p in draft.quick.get("problems", [])]
        for problem in fit(problems, LIST_BUDGET, more):
            lines.append(self.t("quick-problem", problem=problem))
        for key, text_id in (
            ("given_twice", "quick-given-twice"),
            ("not_understood", "quick-not-understood"),
        ):
            fragments = [shorten(f, FRAGMENT_MAX) for f in draft.quick.get(key, [])]
            if fragments:
                lines.append(
                    self.t(text_id, fragments=", ".join(fit(fragments, LIST_BUDGET, more)))
                )
        rows = [
            [
                (self.plain("report-send"), (ReportOp.SEND,)),
                (self.plain("report-add-note"), (ReportOp.NOTE,)),
            ],
            [
                (self.plain("report-edit"), (ReportOp.EDIT,)),
                (self.plain("report-cancel"), (ReportOp.CANCEL,)),
            ],
        ]
        return "\n".join(lines), rows

    def clash(self, stored: list[Report]) -> tuple[str, Rows]:
        """Ask whether a repeated day adds to that day's stored reports or replaces them."""
        lines = [self.t("report-same-clash")]
        for report in stored:
            emoji, label = self.category_label(report.category)
            values = self.compact_values(report.values)
            lines.append(
                self.t("report-same-clash-line", emoji=emoji, category=label, values=values)
            )
        rows: Rows = [
            [(self.plain("report-same-add"), (ReportOp.ADD,))],
            [(self.plain("report-same-replace"), (ReportOp.REPLACE,))],
            [(self.plain("report-cancel"), (ReportOp.CANCEL,))],
        ]
        return "\n".join(lines), rows

    def _more(self, count: int) -> str:
        return self.plain("list-more", count=count)

    def fields(self, draft: Draft) -> tuple[tuple[Field, ...], tuple[str, Rows]]:
        """What can be changed on the card: the date, each value, the note; and the card."""
        fields: list[Field] = [AskDate(back_to_card=True)]
        labels = [self.plain("report-field-date")]
        for index, item in enumerate(draft.items):
            category = self.form.category(item.category)
            for indicator in self.form.indicators_of(category) if category else []:
                fields.append(AskValue(index, indicator.id, Then.CONFIRM))
                labels.append(button_label(f"{category.emoji} {indicator.label(self.language)}"))
        fields.append(AskNote())
        labels.append(self.plain("report-field-note"))
        rows: Rows = [[(label, (ReportOp.FIELD, str(n)))] for n, label in enumerate(labels)]
        rows.append([(self.plain("report-back"), (ReportOp.BACK,))])
        return tuple(fields), (self.t("report-choose-field"), rows)

    def week_totals(self, totals: dict[str, int], first: date, last: date) -> str:
        """The member's totals for the week, in the form's indicator order."""
        lines = [
            self.t(
                "report-week-totals",
                first=self.texts.date(self.language, first, "short"),
                last=self.texts.date(self.language, last, "short"),
            )
        ]
        for indicator_id in self.form.indicator_ids():
            if totals.get(indicator_id):
                indicator = self.form.indicators[indicator_id]
                lines.append(
                    self.t(
                        "report-week-line",
                        indicator=indicator.label(self.language),
                        value=totals[indicator_id],
                    )
                )
        return "\n".join(lines)

    def compact_values(self, values: dict[str, int]) -> str:
        """Values in a few words for a list line: "12 tài khoản, 30 người"."""
        parts = []
        for indicator_id, value in values.items():
            indicator = self.form.indicators.get(indicator_id)
            unit = indicator.unit(self.language) if indicator else indicator_id
            parts.append(f"{self.texts.number(self.language, value)} {unit}")
        return ", ".join(parts)
