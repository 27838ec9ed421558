"""/export end to end: the real Application against the Bot API double, as coordinators use it."""

import io
from datetime import date

import openpyxl
import pytest

from bot.core.clock import iso_utc
from bot.domain.form import load_form
from bot.domain.workbook import HEADER_ROW
from handlers import export
from storage import areas, audit, members, reports, teams

FORM = load_form()
CATEGORY = FORM.active_categories()[0]


@pytest.fixture
def bot(running):
    """The running bot, as production registers it."""
    return running


async def add_member(bot, person, role, *, team=None, scope=None, phone=None):
    now = iso_utc(bot.clock.now())
    async with bot.db.transaction() as conn:
        member = await members.create(
            conn, chat_id=person.id, full_name=person.user["first_name"], phone=phone,
            team_id=team.id if team else None, role=role, language="vi", now=now, consent_at=now,
        )  # fmt: skip
        if scope is not None:
            await members.set_role(conn, member.id, role, scope.id, now)
    return await members.get(bot.db.reader, member.id)


@pytest.fixture
async def other_commune(bot, roster):
    """Phúc Khánh, a second commune with a team and a report of its own."""
    now = iso_utc(bot.clock.now())
    async with bot.db.transaction() as conn:
        province = await areas.get_by_code(conn, "lc")
        commune, _ = await areas.upsert(
            conn, code="lc/phuc-khanh", name="Xã Phúc Khánh", level="commune", parent=province,
            now=now,
        )  # fmt: skip
        team = await teams.create(
            conn, code="T009", name="Tổ CNS Phúc Khánh", area_id=commune.id, leader_name=None,
            leader_phone=None, now=now,
        )  # fmt: skip
    return commune, team


async def add_report(bot, member, team, day, residents, source):
    async with bot.db.transaction() as conn:
        await reports.create(
            conn, member_id=member.id, team_id=team.id, area_id=team.area_id, report_date=day,
            category=CATEGORY.id, values={"residents_helped": residents}, note=None,
            source=source, now=iso_utc(bot.clock.now()),
        )  # fmt: skip


async def choose(double, person, label):
    """Tap a button that turns the card into the next step; return the edited card."""
    double.think_time.pause()
    card = person.last
    double.press_button(person.id, label)
    return await double.wait_for_edit(person.id, card.message_id)


def labels(card):
    return [button["text"] for row in card.reply_markup["inline_keyboard"] for button in row]


async def test_coordinator_gets_the_months_workbook_of_their_commune(
    bot, roster, other_commune, people, double
):
    ha, lan = people(first_name="Hà"), people(first_name="Lan")
    coordinator = await add_member(bot, ha, "coordinator", scope=roster.commune)
    reporter = await add_member(bot, lan, "member", team=roster.team_a, phone="+84912345678")
    await add_report(bot, reporter, roster.team_a, date(2026, 11, 20), 6, "a")
    await add_report(bot, reporter, roster.team_a, date(2026, 10, 31), 9, "october")
    await add_report(bot, reporter, other_commune[1], date(2026, 11, 21), 4, "elsewhere")

    card = await ha.say("/export")
    assert "Xuất báo cáo Excel" in card.plain_text
    assert labels(card) == ["Tháng này", "Tháng trước", "Tuần này", "7 ngày qua", "Năm nay"]
    card = await choose(double, ha, "Tháng này")
    assert "Báo cáo từ 01/11/2026 đến 30/11/2026" in card.plain_text
    assert labels(card) == ["📍 Xã Bảo Yên (toàn bộ)", "Thôn Nà Phung"]

    sent = await ha.tap("Xã Bảo Yên (toàn bộ)")
    assert card.plain_text.startswith("⏳ Đang tạo file Excel cho Xã Bảo Yên")
    assert sent.document_name == "cns-baocao-2026-11-lc-bao-yen.xlsx"
    assert sent.plain_caption == "📊 Báo cáo Xã Bảo Yên, 01/11/2026–30/11/2026: 1 dòng"
    book = openpyxl.load_workbook(io.BytesIO(sent.document_bytes))
    assert book.sheetnames == ["Tổng hợp", "Báo cáo", "Theo khu vực", "Thành viên", "Lịch sử sửa"]
    # Under the title block (its author is the coordinator), the header, the row, the total.
    assert book["Báo cáo"]["A4"].value == "Thời điểm xuất: 27/11/2026 09:00"
    assert book["Báo cáo"]["A5"].value == "Người xuất: Hà (điều phối viên)"
    [header, row, total] = list(book["Báo cáo"].iter_rows(min_row=HEADER_ROW, values_only=True))
    assert total[1] == "Tổng cộng"
    assert row[0].date() == date(2026, 11, 20)
    assert row[1:6] == ("Lào Cai › Xã Bảo Yên › Thôn Nà Phung", "T001", "Tổ CNS Nà Phung",
                        "Lan", CATEGORY.vi)  # fmt: skip
    assert row[header.index(FORM.indicators["residents_helped"].vi)] == 6
    people_rows = list(book["Thành viên"].iter_rows(min_row=HEADER_ROW, values_only=True))
    assert [(r[3], r[-1]) for r in people_rows] == [
        ("Thành viên", "Số điện thoại"),  # coordinators see phones in their scope
        ("Hà", None),
        ("Lan", "0912 345 678"),
    ]
    [entry] = await audit.entries(bot.db.reader, "export")
    assert entry["actor_id"] == coordinator.id
    assert entry["detail"] == {
        "area": "lc/bao-yen", "from": "2026-11-01", "to": "2026-11-30", "rows": 1,
        "with_phone": True,
    }  # fmt: skip


async def test_members_and_leaders_are_told_who_can_export(bot, roster, people):
    lan, tuan = people(first_name="Lan"), people(first_name="Tuấn")
    await add_member(bot, lan, "member", team=roster.team_a)
    await add_member(bot, tuan, "leader", team=roster.team_a)
    answer = await lan.say("/export")
    assert answer.plain_text == "Chỉ điều phối viên và quản trị viên mới xuất được báo cáo Excel."
    assert answer.reply_markup is None
    answer = await tuan.say("/export")
    assert "Tổ trưởng xem kết quả của tổ mình bằng lệnh /summary" in answer.plain_text


async def test_a_coordinator_only_reaches_their_own_subtree(
    bot, roster, other_commune, people, double
):
    commune, _ = other_commune
    ha, binh = people(first_name="Hà"), people(first_name="Bình")
    await add_member(bot, ha, "coordinator", scope=roster.commune)
    other = await add_member(bot, binh, "coordinator", scope=commune)
    await binh.say("/export")
    card = await choose(double, binh, "Tuần này")
    assert "Báo cáo từ 23/11/2026 đến 29/11/2026" in card.plain_text
    assert labels(card) == ["📍 Xã Phúc Khánh (toàn bộ)"]
    # A forged button for Bảo Yên: the server checks the area against the presser's scope.
    assert await export.authorize(bot.db.reader, other, roster.commune.id) == "not-allowed-area"
    assert await export.authorize(bot.db.reader, other, 999_999) == "not-allowed-area"
    granted = await export.authorize(bot.db.reader, other, commune.id)
    assert (granted.area, granted.scope.sees_phones) == (commune, True)


async def test_every_press_rechecks_the_scope(bot, roster, other_commune, people, double):
    ha = people(first_name="Hà")
    member = await add_member(bot, ha, "coordinator", scope=roster.commune)
    await ha.say("/export")
    await choose(double, ha, "7 ngày qua")
    async with bot.db.transaction() as conn:  # moved to another commune meanwhile
        await members.set_role(
            conn, member.id, "coordinator", other_commune[0].id, iso_utc(bot.clock.now())
        )
    alert = await ha.tap_alert("Thôn Nà Phung")
    assert alert[1] == "Bạn không có quyền xem khu vực này."
    assert await audit.entries(bot.db.reader, "export") == []


async def test_an_admin_pages_through_the_communes(bot, roster, people, double):
    now = iso_utc(bot.clock.now())
    async with bot.db.transaction() as conn:
        province = await areas.get_by_code(conn, "lc")
        for number in range(1, 10):
            await areas.upsert(
                conn, code=f"lc/xa-{number}", name=f"Xã Số {number}", level="commune",
                parent=province, now=now,
            )  # fmt: skip
    admin = people(first_name="Quản")
    await add_member(bot, admin, "admin")
    await admin.say("/export")
    card = await choose(double, admin, "Năm nay")
    assert "01/01/2026 đến 31/12/2026" in card.plain_text
    first_page = labels(card)
    assert first_page[0] == "📍 Lào Cai (toàn bộ)"
    assert len(first_page) == 9 and first_page[-1] == "Trang sau ▶️"
    card = await choose(double, admin, "Trang sau")
    second_page = labels(card)
    assert second_page[-1] == "◀️ Trang trước"
    assert len(first_page[1:-1] + second_page[:-1]) == 10  # Bảo Yên and Xã Số 1–9
    sent = await admin.tap("Xã Số 9")
    assert sent.document_name == "cns-baocao-2026-lc-xa-9.xlsx"
    assert sent.plain_caption.endswith(": 0 dòng")


async def test_too_big_for_a_chat_points_to_the_command_line(
    bot, roster, people, double, monkeypatch
):
    monkeypatch.setattr(export, "CHAT_MAX_ROWS", 0)
    ha, lan = people(first_name="Hà"), people(first_name="Lan")
    await add_member(bot, ha, "coordinator", scope=roster.commune)
    reporter = await add_member(bot, lan, "member", team=roster.team_b)
    await add_report(bot, reporter, roster.team_b, date(2026, 11, 2), 3, "one")
    await ha.say("/export")
    card = await choose(double, ha, "Tháng này")
    double.press_button(ha.id, "Xã Bảo Yên")
    await double.wait_until(lambda: "quá nhiều để gửi qua tin nhắn" in card.plain_text)
    assert card.reply_markup is None and card.edits[-1].startswith("⏳ Đang tạo file Excel")
    assert not any(message.document for message in double.bot_messages(ha.id))


@pytest.mark.parametrize(
    ("period", "today", "expected"),
    [
        ("this-month", date(2026, 2, 10), (date(2026, 2, 1), date(2026, 2, 28))),
        ("this-month", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
        ("last-month", date(2026, 1, 15), (date(2025, 12, 1), date(2025, 12, 31))),
        ("this-week", date(2026, 11, 29), (date(2026, 11, 23), date(2026, 11, 29))),
        ("last-7-days", date(2026, 11, 27), (date(2026, 11, 21), date(2026, 11, 27))),
        ("this-year", date(2026, 11, 27), (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_period_dates(period, today, expected):
    assert export.period_dates(period, today) == expected
