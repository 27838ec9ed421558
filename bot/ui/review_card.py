"""The reviewer's card, and the messages a review sends to the member.

A card says whose report it is (member, team, day, activity, every value with its unit),
why it is held, in words, the member's recent counted values of each flagged indicator, and
its number; its buttons are the answers the reviewer's role allows. The same renderer serves
the card queued through the outbox (bot.domain.review_queue) and the one opened from /review,
so both look alike. Texts are rendered for the recipient's language and messenger.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.core.i18n import CURRENT_CHANNEL, Html, Texts
from bot.domain import review_queue
from bot.domain.anomaly import Flag
from bot.domain.form import Form
from bot.ui.callbacks import Action, pack
from storage import audit, members, outbox, review_cards, teams
from storage import reports as report_store
from storage.chat_ids import channel_of
from storage.members import Member
from storage.reports import Report
from storage.review_cards import Round

if TYPE_CHECKING:
    from bot.app.context import Deps

# Why a reviewer returns a report, offered as buttons (index in callback data), then
# "✍️ Lý do khác" to type one.
RETURN_REASONS = (
    "review-reason-high",
    "review-reason-date",
    "review-reason-activity",
    "review-reason-duplicate",
)
# Why a coordinator corrects a report.
FIX_REASONS = ("review-fix-reason-typo", "review-fix-reason-checked", "review-fix-reason-member")
RECENT = 7  # recent values shown per flagged indicator
REASON_MAX = 200  # a typed reason, in characters
FIXERS = ("coordinator", "admin")  # roles that may correct someone else's numbers

Buttons = list[list[dict[str, str]]]


@contextmanager
def channel(chat_id: int | None) -> Iterator[None]:
    """Render texts for the messenger of `chat_id` (its -zalo wording on Zalo)."""
    token = CURRENT_CHANNEL.set(channel_of(chat_id) if chat_id is not None else "telegram")
    try:
        yield
    finally:
        CURRENT_CHANNEL.reset(token)


@dataclass(frozen=True)
class Card:
    """Everything a card shows about one report."""

    report: Report
    round: Round
    member: Member | None
    team_name: str
    recent: dict[str, list[tuple[date, int]]]
    # Escalated: from whom (name, role) and after how many days.
    escalated: tuple[str, str, int] | None = None


async def load(conn: aiosqlite.Connection, report_id: int) -> Card | None:
    """Read a report and what its card shows; None if it is gone."""
    report = await report_store.get(conn, report_id)
    state = await review_cards.review_state(conn, report_id)
    if report is None or state is None or report.deleted_at is not None:
        return None
    member = await members.get(conn, report.member_id)
    team = await teams.get(conn, report.team_id)
    recent: dict[str, list[tuple[date, int]]] = {}
    for flag in report.flags:
        indicator = str(flag.get("indicator"))
        if indicator not in recent:
            recent[indicator] = await review_cards.recent_values(
                conn, report.member_id, indicator, exclude_report=report.id, limit=RECENT
            )
    escalated = None
    if state.escalated_at is not None:
        moves = [
            e for e in await audit.for_report(conn, report_id) if e["action"] == "report.escalated"
        ]
        source = await members.get(conn, moves[-1]["detail"].get("from")) if moves else None
        if source is not None:
            days = _days(state.since, state.escalated_at)
            escalated = (source.full_name, source.role, days)
    return Card(report, state, member, team.name if team else "", recent, escalated)


def _days(since: str | None, until: str) -> int:
    if since is None:
        return 0
    return max(0, (datetime.fromisoformat(until) - datetime.fromisoformat(since)).days)


class CardView:
    """Render review texts in one language."""

    def __init__(self, texts: Texts, language: str, form: Form, ratio: float) -> None:
        self.texts = texts
        self.language = language
        self.form = form
        self.ratio = int(ratio) if ratio == int(ratio) else ratio

    def t(self, text_id: str, **args: object) -> str:
        return self.texts.get(self.language, text_id, **args)

    def plain(self, text_id: str, **args: object) -> str:
        return self.texts.plain(self.language, text_id, **args)

    def activity(self, category_id: str) -> str:
        category = self.form.category(category_id)
        if category is None:
            return category_id
        return f"{category.emoji} {category.label(self.language)}"

    def activity_short(self, category_id: str) -> str:
        """The activity as its button says it, for a line that names it in passing."""
        category = self.form.category(category_id)
        if category is None:
            return category_id
        return f"{category.emoji} {category.short(self.language)}"

    def indicator(self, indicator_id: str) -> str:
        indicator = self.form.indicators.get(indicator_id)
        return indicator.label(self.language) if indicator else indicator_id

    def amount(self, indicator_id: str, value: int) -> str:
        """A value with its unit: "500 người"."""
        indicator = self.form.indicators.get(indicator_id)
        unit = indicator.unit(self.language) if indicator else ""
        return f"{self.texts.number(self.language, value)} {unit}".strip()

    def day(self, day: date) -> str:
        return self.texts.date(self.language, day, "weekday_day")

    def why(self, flag: Flag) -> str:
        """Why a value is held, in words."""
        indicator = self.form.indicators.get(flag.indicator)
        unit = indicator.unit(self.language) if indicator else ""
        reference = self.texts.number(self.language, flag.reference or 0)
        return self.t(
            f"review-why-{flag.rule.value}", reference=reference, unit=unit, ratio=self.ratio
        )

    def text(self, card: Card) -> str:
        """The card's text."""
        report = card.report
        flags = [Flag.from_json(f) for f in report.flags]
        flagged = {f.indicator for f in flags}
        lines = [
            self.t("review-card-title", number=report.id),
            self.t(
                "review-card-member",
                name=card.member.full_name if card.member else "?",
                team=card.team_name,
            ),
            self.t("review-card-day", day=self.day(report.report_date)),
            self.t("review-card-activity", activity=self.activity(report.category)),
        ]
        for indicator_id, value in report.values.items():
            lines.append(
                self.t(
                    "review-card-value-flagged"
                    if indicator_id in flagged
                    else "review-card-value",
                    indicator=self.indicator(indicator_id),
                    amount=self.amount(indicator_id, value),
                )
            )
        for flag in flags:
            lines.append(
                self.t(
                    "review-card-why",
                    indicator=self.indicator(flag.indicator),
                    why=Html(self.why(flag)),
                )
            )
        for indicator_id, recent in card.recent.items():
            if not recent:
                lines.append(
                    self.t("review-card-recent-none", indicator=self.indicator(indicator_id))
                )
                continue
            shown = ", ".join(
                self.plain(
                    "review-card-recent-item",
                    value=self.texts.number(self.language, value),
                    day=self.texts.date(self.language, day, "short"),
                )
                for day, value in recent
            )
            lines.append(
                self.t("review-card-recent", indicator=self.indicator(indicator_id), values=shown)
            )
        if report.note:
            lines.append(self.t("review-card-note", note=report.note[:200]))
        if card.escalated is not None:
            name, role, days = card.escalated
            lines.append(
                self.t(
                    "review-card-escalated",
                    name=name,
                    role=self.plain(f"role-{role}"),
                    days=days,
                )
            )
        return "\n".join(lines)

    def buttons(self, report_id: int, round_: int, role: str) -> Buttons:
        """The reviewer's answers: confirm, return, and for coordinators and admins, correct."""
        rows = [
            [
                self.button("review-confirm", "ok", report_id, round_),
                self.button("review-return", "back", report_id, round_),
            ]
        ]
        if role in FIXERS:
            rows.append([self.button("review-fix", "fix", report_id, round_)])
        return rows

    def reasons(self, report_id: int, round_: int) -> Buttons:
        """The reasons to return a report, "type one", and confirming after all."""
        rows = [
            [self.button(text_id, "why", report_id, round_, index)]
            for index, text_id in enumerate(RETURN_REASONS)
        ]
        rows.append([self.button("review-reason-other", "type", report_id, round_)])
        rows.append([self.button("review-confirm", "ok", report_id, round_)])
        return rows

    def button(self, text_id: str, *args: str | int) -> dict[str, str]:
        return {"text": self.plain(text_id), "callback_data": pack(Action.REVIEW, *args)}

    def returned(self, report: Report, reviewer: Member, reason: str) -> str:
        """What the member reads when their report comes back."""
        return self.t(
            "review-returned",
            day=self.texts.date(self.language, report.report_date),
            activity=self.activity_short(report.category),
            role=reviewer.role,
            name=reviewer.full_name,
            reason=reason.rstrip(" ."),
        )


def view(texts: Texts, language: str, form: Form, ratio: float) -> CardView:
    """A renderer of review texts in one language."""
    return CardView(texts, language, form, ratio)


def returned_message(
    view_: CardView, member: Member, report: Report, round_: int, reviewer: Member, reason: str
) -> outbox.NewMessage | None:
    """The returned report, to its member, with "correct" and "keep" (helper A's buttons)."""
    if member.chat_id is None:
        return None
    with channel(member.chat_id):
        payload: dict[str, Any] = {
            "text": view_.returned(report, reviewer, reason),
            "buttons": [
                [
                    {
                        "text": view_.plain("review-returned-fix"),
                        "callback_data": pack(Action.RETURNED, "fix", report.id, round_),
                    },
                    {
                        "text": view_.plain("review-returned-keep"),
                        "callback_data": pack(Action.RETURNED, "keep", report.id, round_),
                    },
                ]
            ],
        }
    return outbox.NewMessage(
        kind="review",
        chat_id=member.chat_id,
        payload=payload,
        dedupe_key=f"returned:{report.id}:{round_}",
        member_id=member.id,
        ref_id=report.id,
    )


def corrected_message(
    view_: CardView,
    member: Member,
    report: Report,
    fixer: Member,
    indicator_id: str,
    before: int | None,
    after: int,
    reason: str,
    key: str,
) -> outbox.NewMessage | None:
    """A short note to the member that a coordinator corrected their report."""
    if member.chat_id is None:
        return None
    with channel(member.chat_id):
        text = view_.t(
            "review-corrected",
            day=view_.texts.date(view_.language, report.report_date),
            activity=view_.activity_short(report.category),
            role=fixer.role,
            name=fixer.full_name,
            indicator=view_.indicator(indicator_id),
            before=view_.amount(indicator_id, before) if before is not None else "—",
            after=view_.amount(indicator_id, after),
            reason=reason.rstrip(" ."),
        )
    return outbox.NewMessage(
        kind="review",
        chat_id=member.chat_id,
        payload={"text": text},
        dedupe_key=key,
        member_id=member.id,
        ref_id=report.id,
    )


async def render_due(
    conn: aiosqlite.Connection, texts: Texts, form: Form, ratio: float, report_id: int, round_: int
) -> outbox.NewMessage | None:
    """The card of one round for its reviewer; None when nobody can get it."""
    card = await load(conn, report_id)
    if card is None or card.round.reviewer_id is None:
        return None
    reviewer = await members.get(conn, card.round.reviewer_id)
    if reviewer is None or reviewer.chat_id is None or reviewer.status != "active":
        return None
    rendered = view(texts, reviewer.language, form, ratio)
    with channel(reviewer.chat_id):
        payload = {
            "text": rendered.text(card),
            "buttons": rendered.buttons(report_id, round_, reviewer.role),
        }
    return outbox.NewMessage(
        kind="review",
        chat_id=reviewer.chat_id,
        payload=payload,
        dedupe_key=f"review:{report_id}:{round_}",
        member_id=reviewer.id,
        ref_id=report_id,
    )


async def queue_review_cards(deps: Deps) -> dict[str, int]:
    """Queue the cards of every review round that has none yet, and wake delivery.

    Idempotent: call it right after storing a report (so its card does not wait for the
    minute tick) and from the tick; a round's card is queued once whatever crashes.
    """
    settings = deps.settings

    async def render(
        conn: aiosqlite.Connection, report_id: int, round_: int
    ) -> outbox.NewMessage | None:
        return await render_due(
            conn, deps.texts, deps.form, settings.anomaly_ratio, report_id, round_
        )

    counts = await review_queue.queue_due(deps.db, deps.clock, render, settings.quiet, settings.tz)
    if counts["queued"]:
        deps.wake_delivery()
    return counts
