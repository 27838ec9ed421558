"""Reporting end to end: the real Application against the Bot API double, as a member would."""

from datetime import timedelta

import pytest

from bot.core.clock import iso_utc
from bot.domain.form import load_form
from storage import audit, members, reports
from storage.db import Database

FORM = load_form()
FIRST = FORM.active_categories()[0]
SINGLE = next(c for c in FORM.active_categories() if len(c.indicators) == 1)
PAYMENTS = next(c for c in FORM.active_categories() if "payment_accounts" in c.indicators)


def button(category):
    return category.short("vi")


@pytest.fixture
async def lan(running, roster, people):
    """A member of team A who joined through the dialog (so she has the main menu)."""
    person = people(first_name="Lan")
    await person.join(roster.team_a.invite_code)
    return person


async def stored(running, person, *, include_deleted=False):
    member = await members.get_by_chat_id(running.db.reader, person.id)
    return await reports.for_member(running.db.reader, member.id, limit=100)


async def test_one_indicator_report_in_three_taps_and_the_number(running, lan, double, clock):
    taps_before = len([m for m in double.transcript(lan.id) if not m.from_bot])
    categories = await lan.keyboard("Báo cáo")  # tap 1: the main-menu button
    assert "27/11/2026 (hôm nay)" in categories.plain_text
    question = await lan.tap(button(SINGLE))  # tap 2
    indicator = FORM.indicators[SINGLE.indicators[0]]
    assert indicator.vi in question.plain_text
    card = await lan.say("12 người")  # the number
    assert f"{indicator.vi}: 12" in card.plain_text
    saved = await lan.tap("Gửi")  # tap 3
    assert "Đã lưu báo cáo ngày 27/11/2026 (hôm nay)" in saved.plain_text
    assert f"{indicator.vi}: 12" in saved.plain_text  # the week's totals
    actions = [m for m in double.transcript(lan.id) if not m.from_bot][taps_before:]
    assert len(actions) == 4  # three taps and one typed number

    [report] = await stored(running, lan)
    assert (report.category, report.values, report.report_date.isoformat()) == (
        SINGLE.id,
        {indicator.id: 12},
        "2026-11-27",
    )
    created = await audit.entries(running.db.reader, "report.created")
    assert created[0]["detail"]["report"] == report.id


async def test_bad_numbers_get_a_friendly_answer_and_the_question_again(running, lan):
    await lan.say("/report")
    await lan.tap(button(PAYMENTS))
    first = FORM.indicators[PAYMENTS.indicators[0]]
    for typed, expected in [
        ("-3", "không thể âm"),
        ("1,5", "số nguyên"),
        ("mười hai", "chữ số"),
        ("12 13 14 15", "có 3 số"),  # one number, or all of the activity's at once
        (str(first.max + 1), "tối đa"),
        ("9" * 5000, "tối đa"),
        ("", None),
    ]:
        if not typed:
            continue
        answer = await lan.say(typed)
        assert expected in answer.plain_text, typed
        assert first.vi in answer.plain_text  # the question again
    answer = await lan.say("1.234" if first.max >= 1234 else "3")
    assert FORM.indicators[PAYMENTS.indicators[1]].vi in answer.plain_text


async def test_optional_indicator_can_be_skipped_and_numbers_pick_options(running, lan):
    await lan.say("/report")
    position = FORM.active_categories().index(PAYMENTS) + 1
    await lan.say(str(position))  # the category by its number
    await lan.say("3")
    for indicator_id in PAYMENTS.indicators[1:]:
        indicator = FORM.indicators[indicator_id]
        assert not indicator.required
        card = await lan.tap("Bỏ qua")
    assert "—" in card.plain_text  # skipped values are shown as missing
    await lan.say("1")  # Send is the first option on the card
    [report] = await stored(running, lan)
    assert report.values == {PAYMENTS.indicators[0]: 3}


async def test_another_day_edit_a_field_and_a_note(running, lan):
    await lan.say("/report")
    dates = await lan.tap("Ngày khác")
    labels = [b["text"] for row in dates.reply_markup["inline_keyboard"] for b in row]
    assert labels[:2] == ["Hôm nay", "Hôm qua"] and len(labels) == 8  # 7 days back, no future
    await lan.tap("Hôm qua")
    await lan.tap(button(SINGLE))
    await lan.say("5")
    fields = await lan.tap("Sửa")
    assert "Bạn muốn sửa mục nào" in fields.plain_text
    indicator = FORM.indicators[SINGLE.indicators[0]]
    await lan.tap(indicator.vi[:20])
    card = await lan.say("7")
    assert f"{indicator.vi}: 7" in card.plain_text
    await lan.tap("Ghi chú")
    too_long = await lan.say("x" * 501)
    assert "tối đa là 500" in too_long.plain_text
    card = await lan.say("Họp thôn <b>&")
    assert "Ghi chú: Họp thôn <b>&" in card.plain_text
    saved = await lan.tap("Gửi")
    assert "26/11/2026 (hôm qua)" in saved.plain_text
    [report] = await stored(running, lan)
    assert (report.values, report.note, report.report_date.isoformat()) == (
        {indicator.id: 7},
        "Họp thôn <b>&",
        "2026-11-26",
    )


async def test_add_another_activity_keeps_the_day(running, lan):
    await lan.say("/report")
    await lan.tap("Ngày khác")
    await lan.tap("Hôm qua")
    await lan.tap(button(SINGLE))
    await lan.say("2")
    await lan.tap("Gửi")
    again = await lan.tap("Thêm hoạt động khác")
    assert "26/11/2026 (hôm qua)" in again.plain_text


async def test_cancel_saves_nothing(running, lan):
    await lan.say("/report")
    await lan.tap(button(SINGLE))
    await lan.say("4")
    cancelled = await lan.tap("Hủy")
    assert "chưa được lưu" in cancelled.plain_text
    await lan.say("/report")
    await lan.tap(button(SINGLE))
    stopped = await lan.say("/cancel")
    assert "Đã dừng" in stopped.plain_text
    assert await stored(running, lan) == []


async def test_double_send_and_replay_store_one_report(running, lan, double):
    await lan.say("/report")
    await lan.tap(button(SINGLE))
    card = await lan.say("9")
    send = next(
        b["callback_data"]
        for row in card.reply_markup["inline_keyboard"]
        for b in row
        if "Gửi" in b["text"]
    )
    seen = len(double.bot_messages(lan.id))
    first = double.press(lan.id, card.message_id, send)
    double.press(lan.id, card.message_id, send)  # the double tap
    await double.wait_for_bot_message(lan.id, after=seen)
    double.redeliver(first)  # and a replay of the first press
    await lan.say("/help")  # handled after both
    assert len(await stored(running, lan)) == 1
    saved = [m for m in double.bot_messages(lan.id)[seen:] if "Đã lưu" in m.plain_text]
    assert len(saved) == 1


async def test_restart_mid_dialog_continues_at_the_same_question(running, lan):
    await lan.say("/report")
    await lan.tap(button(PAYMENTS))
    await running.restart()
    second = await lan.say("2")
    assert FORM.indicators[PAYMENTS.indicators[1]].vi in second.plain_text


async def test_a_button_of_an_older_card_says_expired(running, lan, double):
    old = await lan.say("/report")
    await lan.say("/report")  # shows the step again on a new card; the old one stays on screen
    data = old.reply_markup["inline_keyboard"][0][0]["callback_data"]
    answered = len(double.answered_callbacks)
    seen = len(double.bot_messages(lan.id))
    double.press(lan.id, old.message_id, data)
    await double.wait_until(lambda: len(double.answered_callbacks) > answered)
    _, text, alert = double.answered_callbacks[answered]
    assert "hết hạn" in text and alert
    assert len(double.bot_messages(lan.id)) == seen  # nothing acted on
    question = await lan.tap(button(SINGLE))  # the live card still works
    assert FORM.indicators[SINGLE.indicators[0]].vi in question.plain_text


async def test_long_silence_pauses_and_offers_the_draft(running, lan, clock):
    await lan.say("/report")
    await lan.tap(button(SINGLE))
    clock.advance(timedelta(minutes=31))
    paused = await lan.say("6")
    assert "đã dừng vì hơn 30 phút" in paused.plain_text
    assert "bản nháp báo cáo chưa gửi" in paused.plain_text
    question = await lan.tap("Tiếp tục bản nháp")
    assert FORM.indicators[SINGLE.indicators[0]].vi in question.plain_text
    await lan.say("6")
    await lan.tap("Gửi")
    [report] = await stored(running, lan)
    assert report.values == {SINGLE.indicators[0]: 6}


async def test_same_as_yesterday_in_two_taps(running, lan, clock):
    await lan.say("/report")
    await lan.tap(button(PAYMENTS))
    await lan.say("3")
    await lan.tap("Bỏ qua")
    await lan.tap("Bỏ qua")
    await lan.tap("Gửi")
    clock.advance(timedelta(days=1))
    card = await lan.keyboard("Như hôm qua")  # tap 1
    assert "Lặp lại báo cáo ngày 27/11/2026" in card.plain_text
    assert "28/11/2026 (hôm nay)" in card.plain_text
    await lan.tap("Gửi")  # tap 2
    days = sorted(r.report_date.isoformat() for r in await stored(running, lan))
    assert days == ["2026-11-27", "2026-11-28"]


async def test_quick_text_report_is_confirmed_before_saving(running, lan):
    card = await lan.say("vneid 12, dvc 5, tt 30, abcxyz")
    assert "chưa lưu" in card.plain_text
    assert "abcxyz" in card.plain_text  # shown as not understood, never guessed
    assert await stored(running, lan) == []
    await lan.tap("Gửi")
    saved = await stored(running, lan)
    assert len(saved) == 3
    assert {r.category for r in saved} == {
        c.id
        for c in FORM.active_categories()
        if "vneid" in c.aliases or "dvc" in c.aliases or "tt" in c.aliases
    }
    nonsense = await lan.say("chào bạn")
    assert "chưa hiểu" in nonsense.plain_text


async def test_a_quick_report_never_adds_two_numbers_up(running, lan):
    card = await lan.say(
        "hỗ trợ 8 người, kích hoạt 5 tài khoản vneid, ngân hàng 2 tk, ví điện tử 3 tk"
    )
    assert "• Số người dân được hỗ trợ: 8" in card.plain_text
    assert "• Số tài khoản VNeID mức 2 được kích hoạt: 5" in card.plain_text
    assert "• Số tài khoản thanh toán số mở mới: —" in card.plain_text  # neither 2, 3 nor 5
    assert "không tự cộng nên bỏ qua: 2 tk, 3 tk" in card.plain_text
    assert "Chưa hiểu" not in card.plain_text  # each fragment is said once, with its reason
    asked = await lan.tap("Gửi")
    assert "Số tài khoản thanh toán số mở mới?" in asked.plain_text  # the member says which
    assert await stored(running, lan) == []


async def test_myreports_edit_and_delete_with_audit(running, lan, clock):
    await lan.say("/report")
    await lan.tap(button(SINGLE))
    await lan.say("8")
    await lan.tap("Gửi")
    listing = await lan.keyboard("Báo cáo của tôi")
    assert "1." in listing.plain_text and "8" in listing.plain_text
    card = await lan.tap("Sửa 1")
    assert "Kiểm tra báo cáo" in card.plain_text
    await lan.tap("Sửa")
    await lan.tap(FORM.indicators[SINGLE.indicators[0]].vi[:20])
    await lan.say("10")
    updated = await lan.tap("Gửi")
    assert "Đã sửa" in updated.plain_text
    [report] = await stored(running, lan)
    assert report.values == {SINGLE.indicators[0]: 10}
    [entry] = await audit.entries(running.db.reader, "report.updated")
    assert entry["detail"]["before"]["values"] == {SINGLE.indicators[0]: 8}
    assert entry["detail"]["after"]["values"] == {SINGLE.indicators[0]: 10}

    await lan.say("/myreports")
    ask = await lan.tap("Xóa 1")
    assert "Xóa báo cáo này" in ask.plain_text
    done = await lan.tap("🗑 Xóa")
    assert "Đã xóa" in done.plain_text
    assert await stored(running, lan) == []
    empty = await lan.say("/myreports")
    assert "chưa gửi báo cáo nào" in empty.plain_text
    assert len(await audit.entries(running.db.reader, "report.deleted")) == 1


async def test_old_reports_are_locked(running, lan, clock):
    await lan.say("/report")
    await lan.tap(button(SINGLE))
    await lan.say("8")
    await lan.tap("Gửi")
    clock.advance(timedelta(days=2))
    listing = await lan.say("/myreports")
    assert "Đã quá hạn sửa" in listing.plain_text
    assert listing.reply_markup is None


async def test_member_who_left_or_whose_team_closed_cannot_report(running, lan, roster, db_path):
    async with Database(db_path) as db, db.transaction() as conn:
        await conn.execute("UPDATE teams SET active = 0 WHERE id = ?", (roster.team_a.id,))
    closed = await lan.say("/report")
    assert "ngừng hoạt động" in closed.plain_text
    async with Database(db_path) as db, db.transaction() as conn:
        await conn.execute(
            "UPDATE members SET status = 'left', updated_at = ?", (iso_utc(running.clock.now()),)
        )
    left = await lan.say("/report")
    assert "không hoạt động" in left.plain_text


async def test_english_report_passes_telegram_checks(running, lan):
    await lan.say("/language")
    await lan.tap("English")
    categories = await lan.say("/report")
    assert "What did you do?" in categories.plain_text
    await lan.tap(SINGLE.short("en"))
    card = await lan.say("3")
    assert "Please check your report" in card.plain_text
    saved = await lan.tap("Send")
    assert "is saved" in saved.plain_text


async def _report_payments(lan, count: str) -> None:
    await lan.say("/report")
    await lan.tap(button(PAYMENTS))
    await lan.say(count)
    await lan.tap("Bỏ qua")
    await lan.tap("Bỏ qua")
    await lan.tap("Gửi")


async def test_same_as_yesterday_typed_without_diacritics_works_like_the_button(
    running, lan, clock
):
    await _report_payments(lan, "3")
    clock.advance(timedelta(days=1))
    card = await lan.say("nhu hom qua")
    assert "Lặp lại báo cáo ngày 27/11/2026" in card.plain_text
    await lan.tap("Gửi")
    assert len(await stored(running, lan)) == 2


async def test_same_as_yesterday_warns_when_today_has_that_activity_and_adds(running, lan, clock):
    await _report_payments(lan, "3")
    clock.advance(timedelta(days=1))
    await _report_payments(lan, "5")  # today's already sent
    warned = await lan.keyboard("Như hôm qua")
    assert "Hôm nay bạn đã gửi báo cáo cho hoạt động này" in warned.plain_text
    assert ": 5 tài khoản" in warned.plain_text  # what was sent today
    assert len(await stored(running, lan)) == 2  # nothing saved by asking
    card = await lan.tap("Cộng thêm")
    assert "Lặp lại báo cáo ngày 27/11/2026" in card.plain_text
    assert "Sẽ thay thế" not in card.plain_text
    await lan.tap("Gửi")
    today = [r for r in await stored(running, lan) if r.report_date.isoformat() == "2026-11-28"]
    assert sorted(r.values["payment_accounts"] for r in today) == [3, 5]


async def test_same_as_yesterday_can_replace_todays_report_of_that_activity(running, lan, clock):
    await _report_payments(lan, "3")
    clock.advance(timedelta(days=1))
    await lan.say("/report")
    await lan.tap(button(PAYMENTS))
    await lan.say("9")
    await lan.tap("Bỏ qua")
    await lan.tap("Bỏ qua")
    await lan.tap("Gửi")  # today: 9
    clock.advance(timedelta(days=1))
    # The day before is repeated on a day that already has it: replace it.
    await _report_payments(lan, "1")
    card = await lan.keyboard("Như hôm qua")
    assert "Lặp lại báo cáo ngày 28/11/2026" in card.plain_text
    replacing = await lan.tap("Thay thế")
    assert "Sẽ thay thế 1 báo cáo" in replacing.plain_text
    await lan.tap("Gửi")
    today = [r for r in await stored(running, lan) if r.report_date.isoformat() == "2026-11-29"]
    assert [r.values["payment_accounts"] for r in today] == [9]
    updated = await audit.entries(running.db.reader, "report.updated")
    assert updated[-1]["detail"]["before"]["values"]["payment_accounts"] == 1


async def test_menu_labels_typed_in_any_case_or_without_diacritics_work(running, lan):
    categories = await lan.say("bao cao")
    assert "27/11/2026 (hôm nay)" in categories.plain_text
    await lan.say("/cancel")
    listing = await lan.say("BÁO CÁO CỦA TÔI")
    assert "Bạn chưa gửi báo cáo nào" in listing.plain_text


async def test_a_long_quick_report_gets_a_card_within_telegrams_limit(running, lan, double):
    nonsense = ", ".join("blah" + chr(97 + n % 26) * 3 for n in range(500))
    text = f"vneid 12, {nonsense}"[:4000]
    card = await lan.say(text)
    assert "Chưa hiểu, nên bỏ qua" in card.plain_text
    assert "mục khác" in card.plain_text  # the list is cut and counted, not sent whole
    assert len(card.plain_text) < 4096
    await lan.tap("Gửi")
    [report] = await stored(running, lan)
    assert report.category == "vneid"
    assert 12 in report.values.values()
