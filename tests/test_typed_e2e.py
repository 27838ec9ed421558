"""Designed for typing (issue 14): a report, "same as yesterday" and joining in as few typed
messages as the content needs, on Zalo (every option typed) and the same shortcuts on Telegram."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.form import load_form
from storage import members, reports
from tests.test_zalo_e2e import join
from tests.zalo_helpers import ZaloPerson

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FORM = load_form()
ACTIVE = FORM.active_categories()
PAYMENTS = ACTIVE[2]  # the card's activity 3: three numbers
assert PAYMENTS.indicators == ("payment_accounts", "payment_transactions", "residents_helped")


def day(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=TZ)


async def stored_on_zalo(bot, person: ZaloPerson) -> list[tuple[str, dict[str, int]]]:
    member = await members.get_by_chat_id(bot.db.reader, await person.internal_id(bot.db))
    found = await reports.for_member(bot.db.reader, member.id, limit=20)
    return sorted((r.category, r.values) for r in found)


async def joined(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    lan.sent = 0
    return bot, lan


# --- reports on Zalo ---------------------------------------------------------------------


async def test_one_number_report_on_zalo_takes_two_messages(zalo, deploy, roster):
    bot, lan = await joined(zalo, deploy, roster)
    card = await lan.say("1 12")  # activity 1 of the card, its first number
    assert "chưa lưu cho đến khi bạn trả lời 1" in card.text
    assert f"{FORM.indicators[ACTIVE[0].indicators[0]].vi}: 12" in card.text
    assert "1. ✅ Gửi" in card.text and len(card.text) <= 2000
    await lan.say("1", expect="Đã lưu")
    assert await stored_on_zalo(bot, lan) == [(ACTIVE[0].id, {ACTIVE[0].indicators[0]: 12})]
    assert lan.sent == 2
    quick = await lan.say("dvc 3")  # a quick report by the activity's word, the same way
    assert "trả lời 1 để gửi" in quick.text and "1. ✅ Gửi" in quick.text
    await lan.say("1", expect="Đã lưu")
    assert len(await stored_on_zalo(bot, lan)) == 2 and lan.sent == 4


async def test_several_numbers_in_one_message_with_a_vietnamese_separator(
    zalo,
    deploy,
    roster,
):
    bot, lan = await joined(zalo, deploy, roster)
    asked = await lan.say("3 5 1.234 2")
    # Above the soft maximum (600): asked once (issue 16), the number read whole.
    assert "Bạn nhập 1.234 giao dịch — đúng không?" in asked.text
    card = await lan.say("1")  # ✅ Đúng
    assert "Số giao dịch thanh toán số thành công: 1.234" in card.text
    await lan.say("1", expect="Đã lưu")
    assert await stored_on_zalo(bot, lan) == [
        ("tt", {"payment_accounts": 5, "payment_transactions": 1234, "residents_helped": 2})
    ]
    assert lan.sent == 3


async def test_too_many_numbers_are_explained_and_nothing_is_stored(zalo, deploy, roster):
    bot, lan = await joined(zalo, deploy, roster)
    answer = await lan.say("3 5 12 2 7")
    assert "Thanh toán số có 3 số" in answer.text and "Bạn gõ 4 số" in answer.text
    assert "Số giao dịch thanh toán số thành công" in answer.text
    assert "«3 5 12 2»" in answer.text
    wrong = await lan.say("3 5 -2")  # the existing friendly range answers
    assert "«-2» (Số giao dịch thanh toán số thành công)" in wrong.text
    assert "không thể âm" in wrong.text
    big = await lan.say("1 2000")
    assert "lớn hơn mức tối đa" in big.text and "(1.000)" in big.text
    grouped = await lan.say("1 1 234")  # 1234, or 1 and 234? Never guessed.
    assert "«1.234»" in grouped.text and "«1, 234»" in grouped.text
    nowhere = await lan.say("15 3")
    assert "Không có hoạt động số 15" in nowhere.text and "3 Thanh toán số" in nowhere.text
    lost = await lan.say("xin chào")
    assert "Báo nhanh: gõ số hoạt động và số liệu, ví dụ «1 12»" in lost.text
    assert await stored_on_zalo(bot, lan) == []
    # A number fewer than the activity has: the first ones, the rest left empty.
    card = await lan.say("3 5")
    assert "Số tài khoản thanh toán số mở mới: 5" in card.text
    assert "Số giao dịch thanh toán số thành công: —" in card.text
    retyped = await lan.say("3 6 12")  # typed again on the card: its numbers replaced
    assert "Số tài khoản thanh toán số mở mới: 6" in retyped.text
    await lan.say("1", expect="Đã lưu")
    assert await stored_on_zalo(bot, lan) == [
        ("tt", {"payment_accounts": 6, "payment_transactions": 12})
    ]


async def test_inside_the_dialog_an_activitys_numbers_in_one_message(zalo, deploy, roster):
    bot, lan = await joined(zalo, deploy, roster)
    categories = await lan.say("1")  # 📝 Báo cáo
    assert "báo nhanh: gõ số hoạt động và số liệu, ví dụ «1 12»." in categories.text
    question = await lan.say("3")
    assert "câu 1/3" in question.text and "Gõ cả 3 số một lần" in question.text
    again = await lan.say("5 12 2 4")
    assert "Bạn gõ 4 số" in again.text and "câu 1/3" in again.text  # asked again
    third = await lan.say("5 12")  # fewer: the first two, then the third is asked
    assert "câu 3/3" in third.text
    card = await lan.say("2")
    assert "Số người dân được hỗ trợ: 2" in card.text
    await lan.say("1", expect="Đã lưu")
    assert await stored_on_zalo(bot, lan) == [
        ("tt", {"payment_accounts": 5, "payment_transactions": 12, "residents_helped": 2})
    ]
    assert lan.sent == 6


async def test_typed_on_the_activities_card_after_another_day(zalo, deploy, roster, clock):
    bot, lan = await joined(zalo, deploy, roster)
    await lan.say("1")  # 📝 Báo cáo
    await lan.say("11")  # 📅 Ngày khác
    await lan.say("2")  # yesterday
    card = await lan.say("1 7")
    assert "26/11/2026 (hôm qua)" in card.text
    await lan.say("1", expect="Đã lưu")
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    [report] = await reports.for_member(bot.db.reader, member.id, limit=5)
    assert report.report_date.isoformat() == "2026-11-26" and report.values == {
        "residents_helped": 7
    }


async def test_same_as_yesterday_on_zalo_takes_two_messages(zalo, deploy, roster, clock):
    clock.set(day(26))
    bot, lan = await joined(zalo, deploy, roster)
    await lan.say("3 5 12")
    await lan.say("1", expect="Đã lưu")
    clock.set(day(27))
    lan.sent = 0
    card = await lan.say("như hôm qua")
    assert "Lặp lại báo cáo ngày 26/11/2026" in card.text
    await lan.say("1", expect="Đã lưu")
    assert lan.sent == 2
    clock.set(day(28))
    card = await lan.say("lặp lại")  # the other typed word
    assert "Lặp lại báo cáo ngày 27/11/2026" in card.text
    await lan.say("1", expect="Đã lưu")
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    found = await reports.for_member(bot.db.reader, member.id, limit=5)
    assert sorted(r.report_date.isoformat() for r in found) == [
        "2026-11-26",
        "2026-11-27",
        "2026-11-28",
    ]
    assert {str(r.values) for r in found} == {
        str({"payment_accounts": 5, "payment_transactions": 12})
    }


async def test_main_menu_on_zalo_says_how_to_report_quickly(zalo, deploy, roster):
    await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    menu = lan.last
    assert "Báo nhanh: gõ số hoạt động và số liệu, ví dụ «1 12»." in menu.text
    assert "1 VNeID; 2 Dịch vụ công; 3 Thanh toán số" in menu.text
    assert "2. 🔁 Như hôm qua" in menu.text and len(menu.text) <= 2000


# --- joining on Zalo ---------------------------------------------------------------------


async def test_join_on_zalo_with_code_and_name_in_four_messages(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "lan.nt99")  # a display name that is no full name
    consent = await lan.say(f"{roster.team_a.invite_code} Nguyễn Thị Lan")
    assert "Trả lời 1 hoặc 2." in consent.text
    phone = await lan.say("1")
    assert "Họ tên: Nguyễn Thị Lan" in phone.text
    confirm = await lan.say("0912 345 678")
    assert "Họ tên: Nguyễn Thị Lan" in confirm.text
    await lan.say("1", expect="Xong rồi")
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    assert (member.full_name, member.phone) == ("Nguyễn Thị Lan", "+84912345678")
    assert lan.sent == 4


async def test_the_code_grouped_as_on_the_printed_card_then_the_name(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "lan.nt99")
    code = roster.team_a.invite_code
    # The card prints "K7M2Q X9P4B": typed as shown, the code is still the code.
    consent = await lan.say(f"{code[:5].lower()} {code[5:]} Nguyễn Thị Lan")
    assert "Trả lời 1 hoặc 2." in consent.text
    phone = await lan.say("1")
    assert "Họ tên: Nguyễn Thị Lan" in phone.text
    await lan.say("bỏ qua")
    await lan.say("1", expect="Xong rồi")
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    assert (member.full_name, member.team_id) == ("Nguyễn Thị Lan", roster.team_a.id)


async def test_join_on_zalo_with_the_code_only_in_four_messages(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await lan.say(roster.team_a.invite_code)
    phone = await lan.say("1")  # consent; the Zalo name is taken, shown, and can be changed
    assert "Họ tên: Nguyễn Thị Lan (sửa được ở bước sau)" in phone.text
    confirm = await lan.say("bỏ qua")
    assert "2. ✏️ Sửa tên" in confirm.text
    await lan.say("1", expect="Xong rồi")
    member = await members.get_by_chat_id(bot.db.reader, await lan.internal_id(bot.db))
    assert (member.full_name, member.phone, member.team_id) == (
        "Nguyễn Thị Lan",
        None,
        roster.team_a.id,
    )
    assert lan.sent == 4


async def test_wrong_code_on_zalo_is_told_apart_from_a_malformed_one(zalo, deploy, roster):
    await deploy()
    an = ZaloPerson(zalo, "An")
    unknown = await an.say("ABCDEFGH23")
    assert unknown.text == "Mã mời này không tồn tại, bạn hỏi lại tổ trưởng nhé."
    unknown_named = await an.say("ABCDEFGH23\nNguyễn Văn An")
    assert "không tồn tại" in unknown_named.text
    malformed = await an.say("ABC123 Nguyễn Văn An")
    assert "Mã mời gồm 10 chữ và số" in malformed.text
    welcome = await an.say(roster.team_b.invite_code.lower())
    assert "Trước khi tham gia" in welcome.text


# --- the same shortcuts on Telegram --------------------------------------------------------


def typed_by(double, person) -> int:
    return len([m for m in double.transcript(person.id) if not m.from_bot])


async def test_the_typed_shortcut_works_on_telegram(running, roster, people, double, clock):
    clock.set(day(26))
    tuan = people(first_name="Tuấn")
    await tuan.join(roster.team_a.invite_code)
    before = typed_by(double, tuan)
    asked = await tuan.say("3 5 1.234")
    assert "Bạn nhập 1.234 giao dịch — đúng không?" in asked.plain_text  # above soft_max
    card = await tuan.tap("✅ Đúng")
    assert "Số giao dịch thanh toán số thành công: <b>1.234</b>" in card.text
    assert "bấm Gửi" in card.plain_text  # Telegram's own wording: there is a button
    await tuan.tap("Gửi")
    assert typed_by(double, tuan) - before == 3  # the numbers, ✅ Đúng, Gửi
    too_many = await tuan.say("1 5 12 2")
    assert "VNeID có 2 số" in too_many.plain_text
    clock.set(day(27))
    before = typed_by(double, tuan)
    same = await tuan.keyboard("Như hôm qua")
    assert "Lặp lại báo cáo ngày 26/11/2026" in same.plain_text
    await tuan.tap("Gửi")
    assert typed_by(double, tuan) - before == 2
    member = await members.get_by_chat_id(running.db.reader, tuan.id)
    found = await reports.for_member(running.db.reader, member.id, limit=5)
    assert [r.values for r in found] == [
        {"payment_accounts": 5, "payment_transactions": 1234},
        {"payment_accounts": 5, "payment_transactions": 1234},
    ]


async def test_code_and_name_typed_on_telegram_skip_the_name_question(running, roster, people):
    hoa = people(first_name="hoa99")
    await hoa.say(f"{roster.team_b.invite_code} Trần Thị Hoa")
    phone = await hoa.tap("Tôi đồng ý")
    assert "Họ tên: Trần Thị Hoa" in phone.plain_text
    card = await hoa.keyboard("Bỏ qua")
    assert "Họ tên: Trần Thị Hoa" in card.plain_text
    await hoa.tap("Xác nhận")
    member = await members.get_by_chat_id(running.db.reader, hoa.id)
    assert member.full_name == "Trần Thị Hoa"
