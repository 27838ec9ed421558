"""A summary written for one reader: each indicator's figures labelled in words, its target,
what each remaining working day must bring, the sub-areas ranked, and who to call.

The text is cut to fit one message on both messengers (Zalo's 2,000 characters is the tighter):
the lists (ranking, silent and new teams, members who have not reported) shrink until it fits.
"""

from __future__ import annotations

import html
import re

from bot.core.i18n import Html, Texts, fit, shorten
from bot.domain import review_words
from bot.domain.area_changes import merged_name
from bot.domain.phones import display_phone
from bot.domain.summary import (
    SILENT_DAYS,
    Progress,
    Ranking,
    SilentTeam,
    Summary,
    Total,
    short_label,
)

LIMIT = 2000  # Zalo's; Telegram allows 4,096
NAME_MAX = 60  # a team, area or leader name in a list line
BAR_CELLS = 10
SHOWN = (10, 6, 4, 2, 1, 0)  # list lengths tried, longest first, until the text fits
_TAG = re.compile(r"<[^>]*>")


def visible_length(text: str) -> int:
    """Return the length of an HTML text as the reader sees it (tags dropped, entities read)."""
    return len(html.unescape(_TAG.sub("", text)))


def _bar(share: float) -> str:
    filled = max(0, min(BAR_CELLS, int(share * BAR_CELLS)))
    return "▓" * filled + "░" * (BAR_CELLS - filled)


def _period_label(s: Summary, texts: Texts, language: str) -> Html:
    if s.period == "week":
        first, last = texts.date(language, s.first, "short"), texts.date(language, s.last)
        return Html(texts.get(language, "summary-period-week", first=first, last=last))
    if s.period == "month":
        month = texts.date(language, s.first, "month")
        return Html(texts.get(language, "summary-period-month", month=month))
    day = texts.date(language, s.first, "weekday_day")
    return Html(texts.get(language, f"summary-period-{s.period}", date=day))


def _when(s: Summary, texts: Texts, language: str) -> Html:
    """The period in a few words, for "reported today", "not reported this week"."""
    return Html(texts.get(language, f"summary-short-{s.period}"))


def _figures(t: Total, s: Summary, texts: Texts, language: str, year: int | None) -> str:
    """Today, the period, the month (and year) to date, each labelled in words."""
    n = texts.number
    parts = [texts.get(language, "summary-fig-today", value=n(language, t.today))]
    if s.period == "yesterday":
        parts.append(texts.get(language, "summary-fig-yesterday", value=n(language, t.period)))
    elif s.period == "week":
        first = texts.date(language, s.first, "short")
        parts.append(
            texts.get(language, "summary-fig-week", first=first, value=n(language, t.period))
        )
    month = texts.date(language, s.day, "month")
    parts.append(texts.get(language, "summary-fig-month", month=month, value=n(language, t.month)))
    if year is not None:
        parts.append(
            texts.get(language, "summary-fig-year", year=str(s.day.year), value=n(language, year))
        )
    return " · ".join(parts)


def _capital(line: str) -> str:
    return line[:1].upper() + line[1:]


def _target_lines(p: Progress, texts: Texts, language: str) -> list[str]:
    n = texts.number
    yearly = len(p.period) == 4
    lines = [
        texts.get(
            language,
            "summary-target-year" if yearly else "summary-target-month",
            year=p.period,
            month=f"{p.period[5:]}/{p.period[:4]}",
            done=n(language, p.done),
            target=n(language, p.target),
            percent=texts.percent(language, p.share),
            bar=_bar(p.share),
        )
    ]
    if not p.needed:
        lines.append(texts.get(language, "summary-target-done"))
    elif p.days_left:
        lines.append(
            texts.get(
                language,
                "summary-target-need",
                needed=n(language, p.needed),
                per_day=n(language, p.per_day),
                days=n(language, p.days_left),
            )
        )
    else:
        lines.append(texts.get(language, "summary-target-need-last", needed=n(language, p.needed)))
    return lines


def _results(s: Summary, texts: Texts, language: str) -> list[list[str]]:
    if not s.totals:
        return [[texts.get(language, "summary-no-data")]]
    progress = {p.indicator.id: p for p in s.progress}
    targeted, others = [], []
    for t in s.totals:
        p = progress.get(t.indicator.id)
        if p is None:
            others.append(
                texts.get(
                    language,
                    "summary-result-line",
                    indicator=t.indicator.label(language),
                    figures=Html(_figures(t, s, texts, language, None)),
                )
            )
            continue
        year = p.done if len(p.period) == 4 else None
        targeted += [
            texts.get(language, "summary-indicator", indicator=t.indicator.label(language)),
            _capital(_figures(t, s, texts, language, year)),
            *_target_lines(p, texts, language),
        ]
    sections = []
    if targeted:
        sections.append([texts.get(language, "summary-targets"), *targeted])
    if others:
        head = "summary-results-other" if targeted else "summary-results"
        sections.append([texts.get(language, head), *others])
    return sections


def held_since(s: Summary, texts: Texts, language: str) -> str:
    """Where the held count starts, in words: "từ đầu tháng 11/2026", "từ đầu năm 2026"."""
    first = s.held_first or s.day.replace(day=1)
    if first.month == 1 and first.day == 1 and s.day.month > 1:
        return texts.get(language, "review-counts-since-year", year=str(first.year))
    if first.day == 1:
        month = texts.date(language, first, "month")
        return texts.get(language, "review-counts-since-month", month=month)
    return texts.get(language, "review-counts-since-day", date=texts.date(language, first))


def _held(s: Summary, texts: Texts, language: str) -> list[str]:
    """One line beside the totals when reports wait for review: how many, what they hold."""
    if not s.held.reports:
        return []
    values = [(i.label(language), value) for i, value in s.held_values]
    return [
        texts.get(
            language,
            "review-counts-held" if values else "review-counts-held-empty",
            count=s.held.reports,
            reports=texts.number(language, s.held.reports),
            since=Html(held_since(s, texts, language)),
            totals=review_words.held_totals(texts, language, values),
        )
    ]


def _level(r: Ranking, texts: Texts, language: str) -> Html:
    return Html(texts.get(language, f"summary-level-{r.level}"))


def _ranking(s: Summary, texts: Texts, language: str, shown: int) -> list[str]:
    if s.team_scope or not s.rankings or not shown:
        return []
    # The first ranking by progress, else the first by results.
    r = next((r for r in s.rankings if r.period), s.rankings[0])
    if len(r.rows) < 2:
        return []
    n = texts.number
    indicator = short_label(r.indicator, language)
    if r.period:
        yearly = len(r.period) == 4
        period = r.period if yearly else f"{r.period[5:]}/{r.period[:4]}"
        head = texts.get(
            language,
            "summary-ranking-year" if yearly else "summary-ranking-month",
            indicator=indicator,
            period=period,
        )
    else:
        month = texts.date(language, s.day, "month")
        head = texts.get(language, "summary-ranking-results", indicator=indicator, month=month)
    lines = [head]
    for rank, row in enumerate(r.rows[:shown], 1):
        name = shorten(row.name, NAME_MAX)
        if row.target:
            lines.append(
                texts.get(
                    language,
                    "summary-rank-progress",
                    rank=str(rank),
                    name=name,
                    percent=texts.percent(language, row.share or 0),
                    done=n(language, row.done),
                    target=n(language, row.target),
                )
            )
        else:
            lines.append(
                texts.get(
                    language, "summary-rank-result", rank=str(rank), name=name,
                    value=n(language, row.done),
                )
            )  # fmt: skip
    if len(r.rows) > shown:
        lines.append(
            texts.get(
                language,
                "summary-rank-more",
                count=n(language, len(r.rows) - shown),
                level=_level(r, texts, language),
            )
        )
    if r.without_target:
        lines.append(
            texts.get(
                language,
                "summary-rank-untargeted",
                count=n(language, r.without_target),
                level=_level(r, texts, language),
            )
        )
    return lines


def _leader(team: SilentTeam, texts: Texts, language: str, show_phones: bool) -> str:
    if not team.leader_name:
        return Html(texts.get(language, "summary-no-leader"))
    name = shorten(team.leader_name, NAME_MAX)
    if show_phones and team.leader_phone:
        return f"{name}, {display_phone(team.leader_phone)}"
    return name


def _team_line(team: SilentTeam, text_id: str, texts: Texts, language: str, phones: bool) -> str:
    return texts.get(
        language,
        text_id,
        team=shorten(team.name, NAME_MAX),
        area=shorten(team.area_name, NAME_MAX),
        leader=_leader(team, texts, language, phones),
        date=texts.date(language, team.last_report, "short") if team.last_report else "",
    )


def _silent(s: Summary, texts: Texts, language: str, phones: bool, shown: int) -> list[str]:
    if not s.silent_total and not s.new_total:
        return [texts.get(language, "summary-silent-none", days=SILENT_DAYS)]
    lines = []
    if s.silent_total:
        lines.append(texts.get(language, "summary-silent", days=SILENT_DAYS, count=s.silent_total))
        for team in s.silent[:shown]:
            text_id = "summary-silent-line" if team.last_report else "summary-silent-never"
            lines.append(_team_line(team, text_id, texts, language, phones))
        if s.silent_total > min(shown, len(s.silent)):
            more = s.silent_total - min(shown, len(s.silent))
            lines.append(texts.get(language, "summary-silent-more", count=more))
    else:
        lines.append(texts.get(language, "summary-silent-none-but-new", days=SILENT_DAYS))
    if s.new_total:
        lines.append(texts.get(language, "summary-new", count=s.new_total))
        for team in s.new[:shown]:
            lines.append(_team_line(team, "summary-new-line", texts, language, phones))
        if s.new_total > min(shown, len(s.new)):
            more = s.new_total - min(shown, len(s.new))
            lines.append(texts.get(language, "summary-new-more", count=more))
    return lines


def _missing(s: Summary, texts: Texts, language: str, shown: int) -> list[str]:
    when = _when(s, texts, language)
    if not s.missing:
        return [texts.get(language, "summary-missing-none", period=when)]
    names = fit(
        [html.escape(shorten(name, NAME_MAX), quote=False) for name in s.missing],
        shown * 25,
        lambda count: texts.get(language, "summary-missing-more", count=count),
    )
    return [
        texts.get(
            language,
            "summary-missing",
            period=when,
            count=len(s.missing),
            names=Html(", ".join(names)),
        )
    ]


def _head(s: Summary, texts: Texts, language: str) -> list[str]:
    when = _when(s, texts, language)
    title = texts.get(
        language,
        "summary-title",
        area=shorten(merged_name(texts, language, s.scope_name, s.scope_merged), NAME_MAX),
        period=_period_label(s, texts, language),
    )
    if s.team_scope:
        return [
            title,
            texts.get(
                language,
                "summary-members",
                period=when,
                reported=s.members_reported,
                active=s.members_active,
            ),
        ]
    lines = [
        title,
        texts.get(
            language,
            "summary-teams",
            period=when,
            reported=s.teams_reported,
            active=s.teams_active,
            members=s.members_reported,
            members_active=s.members_active,
        ),
    ]
    if s.new_total:
        lines.append(texts.get(language, "summary-teams-new", count=s.new_total))
    return lines


def render(
    summary: Summary, texts: Texts, language: str, *, show_phones: bool, limit: int = LIMIT
) -> str:
    """Render the summary as one message of HTML; phones only if the reader's role may see them."""
    s = summary
    results = _results(s, texts, language)
    results[-1] = [*results[-1], *_held(s, texts, language)]  # beside the figures it concerns
    fixed = [_head(s, texts, language), *results]
    text = ""
    for shown in SHOWN:
        sections = [*fixed, _ranking(s, texts, language, shown)]
        if s.team_scope:
            sections.append(_missing(s, texts, language, max(shown, 1)))
        else:
            sections.append(_silent(s, texts, language, show_phones, shown))
        text = "\n\n".join("\n".join(lines) for lines in sections if lines)
        if visible_length(text) <= limit:
            break
    return text
