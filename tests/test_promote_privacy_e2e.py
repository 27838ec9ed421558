"""Appointing people in chat, and a member seeing and erasing their personal data."""

from storage import audit, members, reports
from tests.conftest import START

NOW = START.isoformat()


async def test_admin_appoints_a_coordinator_in_chat(running, roster, people, double):
    boss = people(first_name="Quản", last_name="Trị")
    lan = people(first_name="Nguyễn Thị", last_name="Lan")
    await boss.join(roster.team_a.invite_code)
    await lan.join(roster.team_a.invite_code)
    async with running.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, boss.id)
        await members.set_role(conn, member.id, "admin", None, NOW)
    await boss.say("/promote")
    nobody = await boss.say("Không Ai Cả")
    assert "Không tìm thấy" in nobody.plain_text
    await boss.say("Lan")
    roles = await boss.tap("Nguyễn Thị Lan")
    assert "hiện là thành viên" in roles.plain_text
    await boss.tap("điều phối viên")
    done = await boss.tap("Xã Bảo Yên")
    assert "Nguyễn Thị Lan" in done.plain_text and "Xã Bảo Yên" in done.plain_text
    appointed = await members.get_by_chat_id(running.db.reader, lan.id)
    assert (appointed.role, appointed.scope_area_id) == ("coordinator", roster.commune.id)
    [entry] = await audit.entries(running.db.reader, "member.role_set")
    assert entry["detail"] == {
        "member": appointed.id,
        "from": "member",
        "to": "coordinator",
        "area": "lc/bao-yen",
    }
    assert "broadcast" in [c["command"] for c in double.commands_for(lan.id)]


async def test_privacy_shows_the_data_and_erases_it(running, roster, people, double):
    lan = people(first_name="Lan", phone_number="0912345678")
    await lan.say(f"/start {roster.team_a.invite_code}")
    await lan.tap("Tôi đồng ý")
    await lan.tap("Dùng tên")
    await lan.keyboard("Chia sẻ số điện thoại")
    await lan.tap("Xác nhận")
    await lan.say("/report")
    await lan.tap("Khác")
    await lan.say("5")
    await lan.tap("Gửi")
    shown = await lan.say("/privacy")
    assert "Họ tên: Lan" in shown.plain_text and "0912 345 678" in shown.plain_text
    assert "Số báo cáo đã gửi: 1" in shown.plain_text
    ask = await lan.tap("Xóa dữ liệu cá nhân")
    assert "Xóa họ tên" in ask.plain_text
    done = await lan.tap("Xóa vĩnh viễn")
    assert "Đã xóa" in done.plain_text
    assert await members.get_by_chat_id(running.db.reader, lan.id) is None
    async with running.db.reader.execute(
        "SELECT full_name, phone, status FROM members WHERE status = 'erased'"
    ) as cursor:
        assert [tuple(row) for row in await cursor.fetchall()] == [("—", None, "erased")]
    async with running.db.reader.execute("SELECT id FROM members WHERE status = 'erased'") as c:
        erased_id = (await c.fetchone())[0]
    assert await reports.count_for_member(running.db.reader, erased_id) == 1  # still counted
    again = await lan.say("/report")
    assert "link mời" in again.plain_text  # a stranger now
