"""Admins change reminder times and set deadlines in chat; others may not."""

from storage import deadlines, members, reminder_rules, targets
from tests.conftest import START

NOW = START.isoformat()


async def appoint(running, person, role, area_id=None):
    async with running.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, person.id)
        await members.set_role(conn, member.id, role, area_id, NOW)


async def test_admin_moves_and_switches_reminders(running, roster, people):
    boss = people(first_name="Admin")
    await boss.join(roster.team_a.invite_code)
    await appoint(running, boss, "admin")
    card = await boss.say("/reminders")
    assert "Nhắc hằng ngày</b>: 16:00, T2, T3, T4, T5, T6, T7" in card.text
    labels = [b["text"] for row in card.reply_markup["inline_keyboard"] for b in row]
    assert labels == [
        "⏸ Tắt Nhắc hằng ngày",
        "⏪ Nhắc hằng ngày lúc 15:00",
        "⏩ Nhắc hằng ngày lúc 17:00",
        "⏸ Tắt Nhắc hằng tuần",
        "⏪ Nhắc hằng tuần lúc 08:00",
        "⏩ Nhắc hằng tuần lúc 10:00",
    ]
    assert not any(word in card.text for word in ("daily", "weekly"))
    double = boss.double
    double.press_button(boss.id, "⏩ Nhắc hằng ngày lúc 17:00")  # the card is edited in place
    edited = await double.wait_for_edit(boss.id, card.message_id, edits=0)
    assert "Nhắc hằng ngày</b>: 17:00" in edited.text
    double.press_button(boss.id, "⏸ Tắt Nhắc hằng tuần")
    edited = await double.wait_for_edit(boss.id, card.message_id, edits=1)
    assert "⏸ <b>Nhắc hằng tuần" in edited.text
    labels = [b["text"] for row in edited.reply_markup["inline_keyboard"] for b in row]
    assert "▶️ Bật Nhắc hằng tuần" in labels and "⏩ Nhắc hằng ngày lúc 18:00" in labels
    rules = {r.name: r for r in await reminder_rules.rules(running.db.reader)}
    assert rules["daily"].at_time == "17:00" and rules["weekly"].active is False
    lan = people(first_name="Lan")
    await lan.join(roster.team_a.invite_code)
    refused = await lan.say("/reminders")
    assert "không có quyền" in refused.plain_text


async def test_coordinator_sets_a_deadline_for_their_commune(running, roster, people):
    boss = people(first_name="Điều phối")
    await boss.join(roster.team_b.invite_code)
    await appoint(running, boss, "coordinator", roster.commune.id)
    await boss.say("/newdeadline")
    await boss.say("Báo cáo <thanh toán> tháng 11")
    bad = await boss.say("31/02 17:00")
    assert "chưa đọc được" in bad.plain_text and "17 giờ 30/11" in bad.plain_text
    # Friday 27/11, 09:00: each unclear answer says what is unclear, with an example.
    morning = await boss.say("5h 30/11")
    assert "“5 giờ” là 5 giờ sáng hay 17 giờ?" in morning.plain_text
    assert "5 giờ chiều 30/11" in morning.plain_text
    friday = await boss.say("thứ 6 17h")
    assert "Hôm nay đã là thứ Sáu" in friday.plain_text and "4/12 17h" in friday.plain_text
    past = await boss.say("8h")
    assert "27/11 8h đã qua rồi" in past.plain_text and "28/11 8h" in past.plain_text
    categories = await boss.say("17 giờ 30/11")
    assert "hoạt động nào" in categories.plain_text
    await boss.tap("Thanh toán số")
    area_card = boss.last
    labels = [b["text"] for row in area_card.reply_markup["inline_keyboard"] for b in row]
    assert labels == ["Xã Bảo Yên", "Thôn Nà Phung"]
    done = await boss.tap("Xã Bảo Yên")
    assert (
        "Báo cáo <thanh toán> tháng 11" in done.plain_text
        and "17:00 30/11/2026" in done.plain_text
    )
    [deadline] = await deadlines.active(running.db.reader, NOW)
    assert deadline.categories == ("tt",) and deadline.area_id == roster.commune.id


async def test_admin_sets_a_target_in_chat(running, roster, people):
    boss = people(first_name="Admin")
    await boss.join(roster.team_a.invite_code)
    await appoint(running, boss, "admin")
    await boss.say("/target")
    await boss.tap("Số hồ sơ dịch vụ công")
    await boss.tap("Xã Bảo Yên")
    ask = await boss.tap("Tháng 11/2026")
    assert "Số hồ sơ dịch vụ công trực tuyến được hỗ trợ nộp" in ask.plain_text
    again = await boss.say("-5")
    assert "số nguyên dương" in again.plain_text
    saved = await boss.say("500")
    assert "500" in saved.plain_text
    found = await targets.for_area(running.db.reader, roster.commune.id, ["2026-11"])
    assert found == {"online_applications": 500}
