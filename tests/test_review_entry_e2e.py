"""Checks at entry and the member's side of review (issue 16), end to end through the double.

A mistyped 500 is asked once before the card; ✏️ Sửa fixes it, ✅ Đúng holds the report for
review and out of the totals; a returned report is corrected or kept; a confirmed report is
corrected only with a reason; /myreports marks held reports and shows their history.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.clock import iso_utc
from bot.domain import review
from bot.domain.form import load_form
from bot.domain.reporting import Entry, Submission, store_report
from bot.ui.callbacks import Action, pack
from storage import audit, members, reports, summary
from storage import review as review_store
from tests.conftest import START, add_member
from tests.test_zalo_e2e import join
from tests.zalo_helpers import ZaloPerson

FORM = load_form()
SINGLE = FORM.category("tmdt")  # one number: residents helped (soft maximum 150)
INDICATOR = "residents_helped"
assert SINGLE.indicators == (INDICATOR,)
TODAY = date(2026, 11, 27)
NOW = iso_utc(START)


@pytest.fixture
async def lan(running, roster, people):
    person = people(first_name="Lan")
    await person.join(roster.team_a.invite_code)
    return person


async def member_of(running, person) -> members.Member:
    return await members.get_by_chat_id(running.db.reader, person.id)


async def history_of(db, member_id: int, team, values: list[int], *, tag: str = "h") -> None:
    """Reports of the days before today, newest first, of one number each."""
    for back, value in enumerate(values, start=1):
        submission = Submission(
            member_id=member_id,
            team_id=team.id,
            area_id=team.area_id,
            report_date=TODAY - timedelta(days=back),
            entries=(Entry(SINGLE.id, {INDICATOR: value}),),
            note=None,
            source=f"{tag}:{member_id}:{back}",
        )
        await store_report(db, submission, NOW)


async def only_report(running, person) -> reports.Report:
    member = await member_of(running, person)
    found = await reports.for_member(running.db.reader, member.id, limit=50)
    today = [r for r in found if r.report_date == TODAY]
    assert len(today) == 1, today
    return today[0]


async def counted_today(running, roster) -> dict[str, int]:
    return await summary.totals(running.db.reader, roster.commune.path, TODAY, TODAY)


async def start_single(person):
    await person.say("/report")
    return await person.tap(SINGLE.short("vi"))


# --- the question ---------------------------------------------------------------------------


async def test_a_mistyped_500_is_asked_and_fixed_then_counts(running, roster, lan):
    member = await member_of(running, lan)
    await history_of(running.db, member.id, roster.team_a, [10, 9, 11, 10, 12, 8])
    await start_single(lan)
    asked = await lan.say("500")
    assert "Bạn nhập 500 người — đúng không?" in asked.plain_text
    assert "không quá 150 người" in asked.plain_text  # why: the soft maximum
    labels = [b["text"] for row in asked.reply_markup["inline_keyboard"] for b in row]
    assert labels == ["✅ Đúng", "✏️ Sửa"]
    again = await lan.tap("✏️ Sửa")
    assert FORM.indicators[INDICATOR].vi in again.plain_text  # the number asked again
    card = await lan.say("5")
    assert "Kiểm tra báo cáo" in card.plain_text and "đúng không" not in card.plain_text
    saved = await lan.tap("Gửi")
    assert "Đã lưu" in saved.plain_text and "chờ tổ trưởng" not in saved.plain_text
    report = await only_report(running, lan)
    assert (report.values, report.review, report.flags) == ({INDICATOR: 5}, "accepted", ())
    assert (await counted_today(running, roster)).get(INDICATOR) == 5


async def test_a_confirmed_500_is_held_out_of_the_totals(running, roster, lan):
    await start_single(lan)
    await lan.say("500")
    card = await lan.tap("✅ Đúng")
    assert f"{FORM.indicators[INDICATOR].vi}: 500" in card.plain_text
    assert "đúng không" not in card.plain_text  # asked once only
    saved = await lan.tap("Gửi")
    assert "Báo cáo đã lưu, chờ tổ trưởng xác nhận vì có số liệu bất thường." in saved.plain_text
    assert "khi được xác nhận" in saved.plain_text
    report = await only_report(running, lan)
    assert report.review == "pending"
    assert [(f["indicator"], f["value"], f["rule"]) for f in report.flags] == [
        (INDICATOR, 500, "soft_max")
    ]
    assert INDICATOR not in await counted_today(running, roster)
    held = await summary.held(running.db.reader, roster.commune.path, TODAY, TODAY)
    assert (held.reports, held.totals) == (1, {INDICATOR: 500})
    [flagged] = await audit.entries(running.db.reader, "report.flagged")
    assert flagged["detail"]["report"] == report.id


async def test_own_history_explains_and_a_typed_number_replaces_the_value(running, roster, lan):
    member = await member_of(running, lan)
    await history_of(running.db, member.id, roster.team_a, [10, 9, 11, 10, 12, 8, 10])
    await start_single(lan)
    asked = await lan.say("60")  # under the soft maximum, but six times her usual
    assert "Bạn nhập 60 người — đúng không?" in asked.plain_text
    assert "Thường bạn báo khoảng 10 người." in asked.plain_text
    wrong = await lan.say("sáu")
    assert "chữ số" in wrong.plain_text and "đúng không" in wrong.plain_text  # asked again
    still = await lan.say("70")  # another unusual number: checked again
    assert "Bạn nhập 70 người — đúng không?" in still.plain_text
    card = await lan.say("6")
    assert f"{FORM.indicators[INDICATOR].vi}: 6" in card.plain_text
    await lan.tap("Gửi")
    report = await only_report(running, lan)
    assert (report.values, report.review) == ({INDICATOR: 6}, "accepted")


async def test_a_newcomer_is_judged_against_peers_and_cancel_works(running, roster, lan):
    # Minh's team is the commune's own; Lan's is in a village of it: both are the commune.
    minh = await add_member(running.db, roster.team_b.id, now=NOW, chat_id=7001, full_name="Minh")
    await history_of(running.db, minh, roster.team_b, [8, 7, 9, 8, 8, 10], tag="minh")
    await start_single(lan)
    usual = await lan.say("60")  # within ten times the peers' usual 8
    assert "Kiểm tra báo cáo" in usual.plain_text
    await lan.say("/cancel")
    await start_single(lan)
    asked = await lan.say("90")
    assert "Bạn nhập 90 người — đúng không?" in asked.plain_text
    assert "Các thành viên cùng địa bàn thường báo khoảng 8 người." in asked.plain_text
    stopped = await lan.say("/cancel")
    assert "Đã dừng" in stopped.plain_text
    member = await member_of(running, lan)
    assert await reports.for_member(running.db.reader, member.id, limit=5) == []


async def test_a_steady_high_reporter_is_not_asked(running, roster, lan):
    member = await member_of(running, lan)
    await history_of(running.db, member.id, roster.team_a, [120, 130, 110, 125, 140, 120])
    await start_single(lan)
    card = await lan.say("135")
    assert "Kiểm tra báo cáo" in card.plain_text and "đúng không" not in card.plain_text


async def test_a_restart_at_the_question_continues_there(running, roster, lan):
    await start_single(lan)
    await lan.say("500")
    await running.restart()
    card = await lan.tap("✅ Đúng")
    assert f"{FORM.indicators[INDICATOR].vi}: 500" in card.plain_text
    await lan.tap("Gửi")
    assert (await only_report(running, lan)).review == "pending"


async def test_a_quick_report_is_checked_before_its_card(running, roster, lan):
    asked = await lan.say("tmđt 500")
    assert "Bạn nhập 500 người — đúng không?" in asked.plain_text
    card = await lan.tap("✅ Đúng")
    assert "chưa lưu" in card.plain_text  # the quick report's own header is kept
    await lan.tap("Gửi")
    assert (await only_report(running, lan)).review == "pending"


async def test_same_as_yesterday_repeats_what_was_confirmed_without_asking(
    running, roster, lan, clock
):
    await start_single(lan)
    await lan.say("500")
    await lan.tap("✅ Đúng")
    await lan.tap("Gửi")
    clock.advance(timedelta(days=1))
    card = await lan.keyboard("Như hôm qua")
    assert "Lặp lại báo cáo" in card.plain_text and "đúng không" not in card.plain_text
    saved = await lan.tap("Gửi")
    assert "chờ tổ trưởng xác nhận" in saved.plain_text  # confirmed before: reviewed again
    member = await member_of(running, lan)
    found = await reports.for_member(running.db.reader, member.id, limit=5)
    assert [r.review for r in found] == ["pending", "pending"]


async def test_indicators_the_province_reviews_are_held_without_a_question(
    start_bot, roster, people
):
    bot = await start_bot(review_indicators="residents_helped,sessions")
    lan = people(first_name="Lan")
    await lan.join(roster.team_a.invite_code)
    await start_single(lan)
    card = await lan.say("5")
    assert "đúng không" not in card.plain_text
    saved = await lan.tap("Gửi")
    assert "tỉnh xác nhận mọi báo cáo có chỉ tiêu này" in saved.plain_text
    assert "bất thường" not in saved.plain_text
    report = await only_report(bot, lan)
    assert (report.review, [f["rule"] for f in report.flags]) == ("pending", ["review_all"])


async def test_checks_can_be_switched_off(start_bot, roster, people):
    bot = await start_bot(anomaly_checks=False)
    lan = people(first_name="Lan")
    await lan.join(roster.team_a.invite_code)
    await start_single(lan)
    card = await lan.say("500")
    assert "Kiểm tra báo cáo" in card.plain_text
    await lan.tap("Gửi")
    assert (await only_report(bot, lan)).review == "accepted"


# --- on Zalo --------------------------------------------------------------------------------


async def test_on_zalo_the_question_is_answered_by_typed_numbers(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    number = FORM.active_categories().index(SINGLE) + 1
    asked = await lan.say(f"{number} 500")
    assert "Bạn nhập 500 người — đúng không?" in asked.text
    assert "1. ✅ Đúng" in asked.text and "2. ✏️ Sửa" in asked.text
    assert "bấm" not in asked.text.lower()  # nothing to tap on Zalo
    again = await lan.say("2")  # ✏️ Sửa
    assert FORM.indicators[INDICATOR].vi in again.text
    card = await lan.say("5")
    assert "1. ✅ Gửi" in card.text
    await lan.say("1", expect="Đã lưu")
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    [report] = await reports.for_member(bot.db.reader, member.id, limit=5)
    assert (report.values, report.review) == ({INDICATOR: 5}, "accepted")

    await lan.say(f"{number} 500")
    card = await lan.say("1")  # ✅ Đúng
    assert "Số người dân được hỗ trợ: 500" in card.text
    saved = await lan.say("1", expect="Đã lưu")
    assert "chờ tổ trưởng xác nhận" in saved.text
    found = await reports.for_member(bot.db.reader, member.id, limit=5)
    assert sorted(r.review for r in found) == ["accepted", "pending"]


async def test_on_zalo_the_right_number_may_be_typed_at_the_question(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    number = FORM.active_categories().index(SINGLE) + 1
    await lan.say(f"{number} 500")
    card = await lan.say("50")  # not an option (1 Đúng, 2 Sửa): the number she meant
    assert "Số người dân được hỗ trợ: 50" in card.text and "đúng không" not in card.text
    await lan.say("1", expect="Đã lưu")
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    [report] = await reports.for_member(bot.db.reader, member.id, limit=5)
    assert (report.values, report.review) == ({INDICATOR: 50}, "accepted")


# --- returned, kept, corrected with a reason ------------------------------------------------


async def held_500(running, lan) -> reports.Report:
    await start_single(lan)
    await lan.say("500")
    await lan.tap("✅ Đúng")
    await lan.tap("Gửi")
    return await only_report(running, lan)


async def leader(running, roster, people) -> members.Member:
    """Team A's leader, with a chat the double knows: the review card goes out at once."""
    person = people(first_name="Hà")
    await person.say("/help")
    leader_id = await add_member(
        running.db,
        roster.team_a.id,
        now=NOW,
        chat_id=person.id,
        full_name="Tổ Trưởng Hà",
        role="leader",
    )
    return await members.get(running.db.reader, leader_id)


async def returned_card(running, lan, report_id: int, round_: int):
    """The message the reviewer's side queues for a returned report (helper B's), sent here."""
    await returned_card_on(running.app.bot, lan.id, report_id, round_)


async def returned_card_on(bot, chat_id: int, report_id: int, round_: int):
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✏️ Sửa báo cáo", callback_data=pack(Action.RETURNED, "fix", report_id, round_)
                ),
                InlineKeyboardButton(
                    "👍 Giữ nguyên", callback_data=pack(Action.RETURNED, "keep", report_id, round_)
                ),
            ]
        ]
    )
    await bot.send_message(chat_id, "↩️ Báo cáo bị trả lại", reply_markup=markup)


async def test_returned_report_is_fixed_and_goes_back_as_a_new_round(
    running, roster, lan, clock, people
):
    ha = await leader(running, roster, people)
    report = await held_500(running, lan)
    assert await review_store.reviewer_of(running.db.reader, report.id) == ha.id
    change = await review.send_back(running.db, ha, report.id, 1, "Số liệu quá cao", NOW)
    assert change.outcome is review.Outcome.DONE
    clock.advance(timedelta(days=5))  # older than REPORT_EDIT_DAYS: still fixable
    await returned_card(running, lan, report.id, 1)
    card = await lan.tap("Sửa báo cáo")
    assert "Báo cáo bị trả lại" in card.plain_text and "500" in card.plain_text
    await lan.tap("✏️ Sửa")
    await lan.tap(FORM.indicators[INDICATOR].vi[:20])
    fixed = await lan.say("50")
    assert f"{FORM.indicators[INDICATOR].vi}: 50" in fixed.plain_text
    saved = await lan.tap("Gửi")
    assert "Đã sửa" in saved.plain_text
    stored = await reports.get(running.db.reader, report.id)
    assert (stored.values, stored.review) == ({INDICATOR: 50}, "pending")
    assert await review_store.round_of(running.db.reader, report.id) == 2
    assert len(await audit.entries(running.db.reader, "report.resubmitted")) == 1
    # A card of round 1 (a copy delivered late) is stale now, and changes nothing.
    await returned_card(running, lan, report.id, 1)
    answer = await lan.tap_alert("Giữ nguyên")
    assert await review_store.round_of(running.db.reader, report.id) == 2
    assert "hết hạn" in answer[1]


async def test_returned_report_is_kept(running, roster, lan, clock, people):
    ha = await leader(running, roster, people)
    report = await held_500(running, lan)
    await review.send_back(running.db, ha, report.id, 1, "Số liệu quá cao", NOW)
    await returned_card(running, lan, report.id, 1)
    clock.advance(timedelta(days=5))  # older than REPORT_EDIT_DAYS
    listing = await lan.say("/myreports")
    assert "↩️ bị trả lại" in listing.plain_text and "quá hạn" not in listing.plain_text
    labels = [b["text"] for row in listing.reply_markup["inline_keyboard"] for b in row]
    assert "✏️ Sửa 1" in labels  # a returned report can always be corrected
    kept = await lan.tap("Giữ nguyên")
    assert "gửi lại báo cáo ngày 27/11/2026" in kept.plain_text
    stored = await reports.get(running.db.reader, report.id)
    assert stored.review == "pending"
    assert await review_store.round_of(running.db.reader, report.id) == 2
    assert len(await audit.entries(running.db.reader, "report.kept")) == 1


async def test_a_confirmed_report_is_corrected_with_a_reason_kept_in_its_history(
    running, roster, lan, people
):
    ha = await leader(running, roster, people)
    report = await held_500(running, lan)
    listing = await lan.say("/myreports")
    assert "⏳ chờ xác nhận" in listing.plain_text
    await review.confirm(running.db, ha, report.id, 1, NOW)
    assert (await counted_today(running, roster)).get(INDICATOR) == 500

    await lan.say("/myreports")
    await lan.tap("Sửa 1")
    await lan.tap("✏️ Sửa")
    await lan.tap(FORM.indicators[INDICATOR].vi[:20])
    await lan.say("5")
    why = await lan.tap("Gửi")
    assert "Vì sao bạn sửa?" in why.plain_text
    labels = [b["text"] for row in why.reply_markup["inline_keyboard"] for b in row]
    assert labels[:3] == ["Gõ nhầm", "Thiếu số liệu", "Sai ngày"]
    assert (await reports.get(running.db.reader, report.id)).values == {INDICATOR: 500}
    saved = await lan.tap("Gõ nhầm")
    assert "Đã sửa" in saved.plain_text
    stored = await reports.get(running.db.reader, report.id)
    assert (stored.values, stored.review) == ({INDICATOR: 5}, "accepted")
    [updated] = await audit.entries(running.db.reader, "report.updated")
    assert updated["detail"]["reason"] == "Gõ nhầm"

    listing = await lan.say("/myreports")
    history = await lan.tap("Lịch sử 1")
    text = history.plain_text
    assert "Lịch sử báo cáo" in text
    assert "09:00 27/11/2026 · Lan: gửi báo cáo" in text
    assert "Tổ Trưởng Hà: xác nhận" in text
    assert "Lan: sửa báo cáo" in text
    assert f"{FORM.indicators[INDICATOR].vi}: 500 → 5" in text
    assert "Lý do: Gõ nhầm" in text


async def test_a_reason_may_be_typed_and_history_is_only_ones_own(
    running, roster, lan, double, people
):
    ha = await leader(running, roster, people)
    report = await held_500(running, lan)
    await review.confirm(running.db, ha, report.id, 1, NOW)
    await lan.say("/myreports")
    await lan.tap("Sửa 1")
    await lan.tap("✏️ Sửa")
    await lan.tap(FORM.indicators[INDICATOR].vi[:20])
    await lan.say("6")
    await lan.tap("Gửi")
    nowhere = await lan.say("9")  # not a reason's number: the options are said again
    assert "từ 1 đến 4" in nowhere.plain_text
    saved = await lan.say("Đếm lại theo sổ <b>")
    assert "Đã sửa" in saved.plain_text
    [updated] = await audit.entries(running.db.reader, "report.updated")
    assert updated["detail"]["reason"] == "Đếm lại theo sổ <b>"

    other = await add_member(running.db, roster.team_a.id, now=NOW, chat_id=7002)
    await history_of(running.db, other, roster.team_a, [3], tag="other")
    [theirs] = await reports.for_member(running.db.reader, other, limit=1)
    listing = await lan.say("/myreports")
    seen = len(double.bot_messages(lan.id))
    double.press(lan.id, listing.message_id, pack(Action.MY_REPORTS, "h", theirs.id), forged=True)
    answer = await double.wait_for_bot_message(lan.id, after=seen)
    assert "không còn nữa" in answer.plain_text


async def test_on_zalo_a_returned_report_is_fixed_and_a_reason_picked_by_number(
    zalo, deploy, roster
):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    number = FORM.active_categories().index(SINGLE) + 1
    await lan.say(f"{number} 500")
    await lan.say("1")  # ✅ Đúng
    await lan.say("1", expect="chờ tổ trưởng")  # ✅ Gửi
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    [report] = await reports.for_member(bot.db.reader, member.id, limit=5)
    ha_id = await add_member(
        bot.db, roster.team_a.id, now=NOW, chat_id=9001, full_name="Hà", role="leader"
    )
    ha = await members.get(bot.db.reader, ha_id)
    await review.send_back(bot.db, ha, report.id, 1, "Số liệu quá cao", NOW)

    seen = lan.seen()
    await returned_card_on(bot.app("zalo").bot, member.chat_id, report.id, 1)
    card = await zalo.wait_for_bot_message(lan.zalo_id, after=seen)
    assert "1. ✏️ Sửa báo cáo" in card.text and "2. 👍 Giữ nguyên" in card.text
    fixing = await lan.say("1")
    assert "Trả lời 3 (✏️ Sửa)" in fixing.text and "500" in fixing.text
    await lan.say("3")  # ✏️ Sửa: the fields
    await lan.say("2")  # the number of residents helped
    await lan.say("50")
    await lan.say("1", expect="Đã sửa")
    assert (await reports.get(bot.db.reader, report.id)).review == "pending"
    await review.confirm(bot.db, ha, report.id, 2, NOW)

    await lan.say("/myreports")
    await lan.say("1")  # ✏️ Sửa 1
    await lan.say("3")
    await lan.say("2")
    await lan.say("5")
    why = await lan.say("1")  # ✅ Gửi: a confirmed report asks why first
    assert "Vì sao bạn sửa?" in why.text and "1. Gõ nhầm" in why.text
    await lan.say("1", expect="Đã sửa")  # Gõ nhầm
    history = await lan.say("/myreports")
    assert "3. 🕘 Lịch sử 1" in history.text
    shown = await lan.say("3")
    assert "Hà: trả lại" in shown.text and "Lý do: Số liệu quá cao" in shown.text
    assert "500 → 50" in shown.text and "50 → 5" in shown.text and "Lý do: Gõ nhầm" in shown.text
