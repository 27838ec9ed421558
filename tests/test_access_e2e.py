"""The authorization matrix: every privileged command and button, tried as every role."""

from datetime import timedelta

import pytest

from bot.core.clock import iso_utc
from storage import areas, members, teams
from tests.conftest import START

NOW = iso_utc(START)
REFUSED = "không có quyền"


@pytest.fixture
async def cast(running, roster, people):
    """A member and a leader of team A, coordinators of commune A and of commune B, an admin."""
    async with running.db.transaction() as conn:
        province = await areas.get_by_code(conn, "lc")
        commune_b, _ = await areas.upsert(
            conn, code="lc/bac-ha", name="Xã Bắc Hà", level="commune", parent=province, now=NOW
        )
        await teams.create(
            conn,
            code="T900",
            name="Tổ CNS Bắc Hà",
            area_id=commune_b.id,
            leader_name=None,
            leader_phone=None,
            now=NOW,
        )
    people_by_role = {}
    for role in ("member", "leader", "coordinator_a", "coordinator_b", "admin"):
        person = people(first_name=role.replace("_", " ").title())
        await person.join(roster.team_a.invite_code)
        people_by_role[role] = person
    settings = {
        "leader": ("leader", None),
        "coordinator_a": ("coordinator", roster.commune.id),
        "coordinator_b": ("coordinator", commune_b.id),
        "admin": ("admin", None),
    }
    async with running.db.transaction() as conn:
        for key, (role, area_id) in settings.items():
            member = await members.get_by_chat_id(conn, people_by_role[key].id)
            await members.set_role(conn, member.id, role, area_id, NOW)
    return people_by_role


ALLOWED = {
    # command: (roles allowed, a phrase the allowed answer contains, the refusal phrase)
    "/summary": (
        {"leader", "coordinator_a", "coordinator_b", "admin"},
        "khoảng thời gian",
        "dành cho tổ trưởng",
    ),
    "/broadcast": ({"coordinator_a", "coordinator_b", "admin"}, "nội dung thông báo", REFUSED),
    "/broadcasts": ({"coordinator_a", "coordinator_b", "admin"}, "Không có thông báo", REFUSED),
    "/promote": ({"admin"}, "người cần phân quyền", REFUSED),
    "/export": ({"coordinator_a", "coordinator_b", "admin"}, "khoảng thời gian", "Chỉ điều phối"),
    "/report": (
        {"member", "leader", "coordinator_a", "coordinator_b", "admin"},
        "Bạn đã làm gì",
        "chưa thuộc tổ",
    ),
}


@pytest.mark.parametrize("command", list(ALLOWED))
async def test_every_role_gets_exactly_what_its_role_allows(cast, command):
    allowed, granted, refused = ALLOWED[command]
    for role, person in cast.items():
        answer = await person.say(command)
        expected = granted if role in allowed else refused
        assert expected in answer.plain_text, (command, role, answer.plain_text)
        await person.say("/cancel")


async def test_a_coordinator_sees_only_their_own_areas(cast, roster):
    boss_b = cast["coordinator_b"]
    await boss_b.say("/broadcast")
    areas_card = await boss_b.say("Thông báo")
    labels = [b["text"] for row in areas_card.reply_markup["inline_keyboard"] for b in row]
    assert labels == ["Xã Bắc Hà"]
    boss_a = cast["coordinator_a"]
    await boss_a.say("/broadcast")
    areas_card = await boss_a.say("Thông báo")
    labels = [b["text"] for row in areas_card.reply_markup["inline_keyboard"] for b in row]
    assert labels == ["Xã Bảo Yên", "Thôn Nà Phung"]


async def test_buttons_are_checked_again_when_pressed(cast, running):
    boss = cast["coordinator_a"]
    await boss.say("/summary")  # the card with period buttons arrives
    async with running.db.transaction() as conn:  # then the coordinator is demoted
        member = await members.get_by_chat_id(conn, boss.id)
        await members.set_role(conn, member.id, "member", None, NOW)
    answer = await boss.tap("Hôm nay")
    assert "dành cho tổ trưởng" in answer.plain_text


async def test_phone_numbers_only_for_coordinators_and_admins(cast, running, roster, clock):
    clock.advance(timedelta(days=4))  # long enough for the teams to count as silent
    async with running.db.transaction() as conn:
        await conn.execute(
            "UPDATE teams SET leader_name = 'Tổ trưởng A',"
            " leader_phone = '+84912000111' WHERE id = ?",
            (roster.team_b.id,),
        )
    for role, sees in (("leader", False), ("coordinator_a", True), ("admin", True)):
        person = cast[role]
        await person.say("/summary")
        text = await person.tap("Hôm nay")
        assert ("0912 000 111" in text.plain_text) is sees, role
