"""The pure parts of the checks at entry: the question's draft state across restarts, which
values count as confirmed, the question's wording, and a report's history in words."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.core.i18n import Texts
from bot.domain.anomaly import Flag, Rule
from bot.domain.form import load_form
from handlers import history
from handlers.report import checks
from handlers.report.asking import (
    AskValue,
    CheckValue,
    Then,
    asking_from_json,
    asking_to_json,
)
from handlers.report.draft import Draft, Item
from handlers.report.view import ReportView
from storage.reports import Report

FORM = load_form()
TEXTS = Texts()
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SOFT = Flag("residents_helped", 500, Rule.SOFT_MAX, 150)


def test_the_question_survives_a_restart_as_json():
    for asking in (
        CheckValue(0, SOFT.as_json()),
        CheckValue(1, SOFT.as_json(), AskValue(1, "residents_helped", Then.NEXT), "header"),
    ):
        assert asking_from_json(asking_to_json(asking)) == asking


def test_a_broken_question_reads_as_nothing_asked():
    assert asking_from_json({"kind": "check", "item": 0}) is None
    # A continuation that is not a value question is dropped: the card comes next.
    data = {"kind": "check", "item": 0, "flag": SOFT.as_json(), "after": {"kind": "date"}}
    assert asking_from_json(data) == CheckValue(0, SOFT.as_json())


def test_a_draft_saved_before_the_checks_loads_with_nothing_confirmed():
    old = {
        "day": "2026-11-27",
        "items": [{"category": "tmdt", "values": {"residents_helped": 500}}],
        "note": None,
        "report_id": None,
        "replaces": {},
        "quick": {},
        "card": 3,
        "card_message": 12,
        "options": [],
        "asking": None,
        "touched": "",
        "evidence": [],
    }
    draft = Draft.from_json(old)
    assert (draft.confirmed, draft.reason) == ([], None)
    checks.confirm(draft, 0, SOFT)
    assert Draft.from_json(draft.to_json()).confirmed == draft.confirmed


def test_confirmed_means_the_same_activity_indicator_and_value():
    draft = Draft(day="2026-11-27", items=[Item("tmdt", {"residents_helped": 500})])
    checks.confirm(draft, 0, SOFT)
    checks.confirm(draft, 0, SOFT)  # once only
    assert len(draft.confirmed) == 1
    assert checks.is_confirmed(draft, "tmdt", Flag("residents_helped", 500, Rule.OWN, 10))
    assert not checks.is_confirmed(draft, "tmdt", Flag("residents_helped", 600, Rule.SOFT_MAX))
    assert not checks.is_confirmed(draft, "khac", SOFT)


def test_what_a_stored_report_confirmed_is_its_flags_that_still_match():
    report = Report(
        1, 2, 3, 4, date(2026, 11, 26), "tmdt", None, "t", "t",
        values={"residents_helped": 500},
        review="pending",
        flags=(
            SOFT.as_json(),
            Flag("residents_helped", 500, Rule.REVIEW_ALL).as_json(),  # the province's rule
            Flag("vneid_activated", 300, Rule.SOFT_MAX, 100).as_json(),  # not its value now
        ),
    )  # fmt: skip
    assert checks.confirmed_in(report) == [{**SOFT.as_json(), "category": "tmdt"}]


def test_the_question_says_the_value_its_unit_and_why():
    view = ReportView(TEXTS, "vi", FORM, date(2026, 11, 27))
    category, indicator = FORM.category("tmdt"), FORM.indicators["residents_helped"]
    text, rows = view.check(category, indicator, Flag("residents_helped", 1500, Rule.OWN, 10))
    assert "Bạn nhập <b>1.500 người</b> — đúng không?" in text
    assert "Thường bạn báo khoảng 10 người." in text
    assert [label for row in rows for label, _ in row] == ["✅ Đúng", "✏️ Sửa"]
    text, _ = view.check(category, indicator, Flag("residents_helped", 200, Rule.PEERS, 8))
    assert "cùng địa bàn thường báo khoảng 8 người" in text
    text, _ = view.check(category, indicator, Flag("residents_helped", 5, Rule.REVIEW_ALL))
    assert "khoảng" not in text and "không quá" not in text
    english = ReportView(TEXTS, "en", FORM, date(2026, 11, 27))
    text, _ = english.check(category, indicator, SOFT)
    assert "You entered <b>500 people</b> — is that right?" in text


def entry(action: str, at: str, name: str | None, **detail: object) -> dict:
    return {"action": action, "at": at, "actor_name": name, "detail": {"report": 1, **detail}}


def test_history_says_when_who_what_changed_and_why():
    before = {"date": "2026-11-27", "category": "tmdt", "values": {"residents_helped": 500}}
    after = {**before, "date": "2026-11-26", "values": {"residents_helped": 5}, "note": "sổ"}
    lines = history.render(
        TEXTS,
        "vi",
        FORM,
        TZ,
        [
            entry("report.created", "2026-11-27T02:00:00Z", "Lan <b>", after=before),
            entry("report.returned", "2026-11-27T03:00:00Z", "Hà", reason="Số liệu quá cao"),
            entry("report.escalated", "2026-11-30T03:00:00Z", None),
            entry(
                "report.updated", "2026-12-01T10:30:00Z", "Lan", before=before, after=after,
                reason="Gõ nhầm",
            ),
            entry("report.later_kind", "2026-12-01T11:00:00Z", "Lan"),
        ],
    )  # fmt: skip
    assert lines[0] == "• 09:00 27/11/2026 · Lan &lt;b&gt;: gửi báo cáo"  # local time, escaped
    assert lines[1:3] == ["• 10:00 27/11/2026 · Hà: trả lại", "   Lý do: Số liệu quá cao"]
    assert lines[3] == "• 10:00 30/11/2026 · bot: chuyển lên cấp trên xác nhận"
    assert lines[4] == "• 17:30 01/12/2026 · Lan: sửa báo cáo"
    assert "   Ngày: 27/11/2026 → 26/11/2026" in lines
    assert "   Số người dân được hỗ trợ: 500 → 5" in lines
    assert "   Ghi chú: — → sổ" in lines
    assert "   Lý do: Gõ nhầm" in lines
    assert lines[-1].endswith("Lan: report.later_kind")


def test_a_long_history_shows_the_newest_and_counts_the_rest():
    entries = [entry("report.kept", f"2026-11-{day:02d}T02:00:00Z", "Lan") for day in range(1, 21)]
    lines = history.render(TEXTS, "vi", FORM, TZ, entries)
    assert lines[0] == "… và 5 mục khác"
    assert len(lines) == 1 + history.SHOWN and "20/11/2026" in lines[-1]
    assert history.render(TEXTS, "vi", FORM, TZ, []) == ["Chưa có thay đổi nào được ghi lại."]
