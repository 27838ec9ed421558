"""Zalo group chats: linked with a one-time code, answered once, then posted to, never answered.

Everything runs the real bot against the Zalo double, time from the clock. "Nothing was
answered in the group" is checked after a barrier: the same person then writes to the bot
privately and gets the answer, and one person's updates are handled in order, so what they
wrote in the group before was handled by then.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.doubles.zalo import ZaloDouble
from storage import audit, groups, members, outbox
from storage import zalo as zalo_store
from tests.conftest import add_member
from tests.zalo_helpers import Deployment, ZaloPerson

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = "2026-11-27T02:00:00Z"
LEADER_PHONE = "+84912345678"


def at(hour: int, minute: int = 0, day: int = 27) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def phone_like(text: str) -> str | None:
    """A run of 9 or more digits once spaces, dots and dashes are dropped: a phone number."""
    found = re.search(r"\+?\d{9,}", re.sub(r"[ .\-]", "", text))
    return found.group() if found else None


@pytest.fixture
async def zalo(zalo):
    zalo.can_join_groups = True
    return zalo


@pytest.fixture
async def deploy(deploy, roster):
    """Bots with groups served (the roster first, so that they see it)."""

    async def start(**overrides: object) -> Deployment:
        return await deploy(**{"groups_enabled": True, **overrides})

    return start


async def join(person: ZaloPerson, invite_code: str) -> None:
    """Join by typing: the code, 1 (consent), 1 (profile name), Bỏ qua (no phone), 1."""
    await person.say(invite_code)
    await person.say("1")
    await person.say("1")
    await person.say("bỏ qua")
    await person.say("1", expect="")


async def member_of(bot: Deployment, person: ZaloPerson) -> members.Member:
    member = await members.get_by_chat_id(bot.db.reader, await person.internal_id(bot.db))
    assert member is not None
    return member


async def promote(bot: Deployment, person: ZaloPerson, role: str, area_id: int | None) -> None:
    member = await member_of(bot, person)
    async with bot.db.transaction() as conn:
        await members.set_role(conn, member.id, role, area_id, NOW)


async def coordinator(bot: Deployment, zalo: ZaloDouble, roster) -> ZaloPerson:
    phoi = ZaloPerson(zalo, "Trần Điều Phối")
    await join(phoi, roster.team_b.invite_code)
    await promote(bot, phoi, "coordinator", roster.commune.id)
    return phoi


async def ask_code(person: ZaloPerson) -> str:
    answer = await person.say("/group")
    found = re.search(r"Mã liên kết nhóm với .+: ([0-9A-Z]{7})\n", answer.text)
    assert found, answer.text
    return found.group(1)


async def barrier(person: ZaloPerson) -> None:
    """Wait until everything this (registered) person wrote before was handled."""
    await person.say("/groupname", expect="nhóm Zalo")


def bot_posts(zalo: ZaloDouble, group_id: str) -> list[str]:
    return [m.text or m.caption or "" for m in zalo.bot_messages(group_id)]


async def linked_group(bot, zalo, roster) -> tuple[ZaloPerson, str]:
    """A coordinator of the commune, and the commune's group linked by their code."""
    phoi = await coordinator(bot, zalo, roster)
    code = await ask_code(phoi)
    group = zalo.add_group("CNS Xã Bảo Yên", [phoi.zalo_id])
    zalo.add_bot_to_group(group)
    zalo.send_group_text(group, phoi.zalo_id, code)
    await zalo.wait_for_bot_message(group, contains="Đã liên kết nhóm với Xã Bảo Yên")
    return phoi, group


async def test_a_code_links_the_group_answered_once_and_never_again(zalo, deploy, roster):
    bot = await deploy()
    phoi = await coordinator(bot, zalo, roster)
    lan = ZaloPerson(zalo, "Lò Thị Lan")
    await join(lan, roster.team_a.invite_code)
    code = await ask_code(phoi)
    assert "24 giờ" in phoi.last.text and "không trả lời tin nhắn nào" in phoi.last.text
    group = zalo.add_group("CNS Xã Bảo Yên", [phoi.zalo_id, lan.zalo_id])
    zalo.add_bot_to_group(group)
    # Others' chatter before the code: nothing.
    zalo.send_group_text(group, lan.zalo_id, "Chào cả nhóm")
    # The code, typed with a space and in small letters, links the group: one answer.
    zalo.send_group_text(group, phoi.zalo_id, f"{code[:3].lower()} {code[3:]}")
    linked = await zalo.wait_for_bot_message(group, contains="Đã liên kết nhóm với Xã Bảo Yên")
    assert linked.chat_id == group
    # Then nothing is answered in the group, whatever is written there.
    for text in (code, "ABCDEFG", "Xin chào bot", "1", "12", "/start", "/group", "/report"):
        zalo.send_group_text(group, lan.zalo_id, text)
    zalo.send_group_sticker(group, lan.zalo_id)
    zalo.send_group_image(group, lan.zalo_id)
    zalo.send_group_text(group, phoi.zalo_id, "/summary")
    await barrier(lan)
    await barrier(phoi)
    assert bot_posts(zalo, group) == [linked.text]
    # Nor privately: no "please type" note for the group's sticker or image, nothing else.
    private = [m.text for m in zalo.bot_messages(lan.zalo_id)]
    assert not any("chỉ đọc được tin nhắn chữ" in (t or "") for t in private)
    chat_id = await zalo_store.known_id(bot.db.reader, group)
    link = await groups.get(bot.db.reader, chat_id)
    assert (link.area_id, link.team_id, link.scope_name) == (roster.commune.id, None, "Xã Bảo Yên")
    (entry,) = await audit.entries(bot.db.reader, "group.linked")
    assert entry["actor_id"] == (await member_of(bot, phoi)).id


async def test_wrong_expired_or_used_codes_link_nothing_and_are_not_answered(
    zalo, deploy, roster, clock
):
    bot = await deploy()
    phoi = await coordinator(bot, zalo, roster)
    first, second = (zalo.add_group(name, [phoi.zalo_id]) for name in ("Một", "Hai"))
    zalo.add_bot_to_group(first)
    zalo.add_bot_to_group(second)
    # Expired: a day and a minute later.
    old = await ask_code(phoi)
    clock.advance(timedelta(hours=24, minutes=1))
    zalo.send_group_text(first, phoi.zalo_id, old)
    # Replaced: asking again makes the earlier code stop working.
    replaced = await ask_code(phoi)
    code = await ask_code(phoi)
    zalo.send_group_text(first, phoi.zalo_id, replaced)
    zalo.send_group_text(first, phoi.zalo_id, "ZZZZZZZ")  # the shape of a code, no code
    await barrier(phoi)
    assert bot_posts(zalo, first) == []
    # Used: the code links the first group; typed in the second, it does nothing.
    zalo.send_group_text(first, phoi.zalo_id, code)
    await zalo.wait_for_bot_message(first, contains="Đã liên kết nhóm")
    zalo.send_group_text(second, phoi.zalo_id, code)
    await barrier(phoi)
    assert bot_posts(zalo, second) == []
    assert [g.chat_id for g in await groups.linked(bot.db.reader)] == [
        await zalo_store.known_id(bot.db.reader, first)
    ]


async def test_only_coordinators_and_leaders_make_codes_for_their_own_scope(zalo, deploy, roster):
    bot = await deploy()
    lan = ZaloPerson(zalo, "Lò Thị Lan")
    await join(lan, roster.team_a.invite_code)
    refused = await lan.say("/group")
    assert "Chỉ điều phối viên" in refused.text
    stranger = ZaloPerson(zalo, "Người Lạ")
    answer = await stranger.say("/group")
    assert "Mã liên kết nhóm" not in answer.text
    # A leader links their own team.
    await promote(bot, lan, "leader", None)
    code = await ask_code(lan)
    group = zalo.add_group("Tổ Nà Phung", [lan.zalo_id])
    zalo.add_bot_to_group(group)
    zalo.send_group_text(group, lan.zalo_id, code)
    await zalo.wait_for_bot_message(group, contains="Đã liên kết nhóm với Tổ CNS Nà Phung")
    # A coordinator who lost the role before the code was typed links nothing.
    phoi = await coordinator(bot, zalo, roster)
    stale = await ask_code(phoi)
    await promote(bot, phoi, "member", None)
    other = zalo.add_group("Xã", [phoi.zalo_id])
    zalo.add_bot_to_group(other)
    zalo.send_group_text(other, phoi.zalo_id, stale)
    await barrier(phoi)
    assert bot_posts(zalo, other) == []
    assert len(await groups.linked(bot.db.reader)) == 1


async def test_the_daily_summary_is_posted_once_with_no_phone_number(zalo, deploy, roster, clock):
    bot = await deploy()
    async with bot.db.transaction() as conn:
        # Silent for days, with a leader on the roster who has a phone.
        await conn.execute(
            "UPDATE teams SET created_at = '2026-11-01T00:00:00Z', leader_name = 'Hoàng Văn Tổ',"
            " leader_phone = ?",
            (LEADER_PHONE,),
        )
    phoi, group = await linked_group(bot, zalo, roster)
    zalo.inject_fault(500, method="sendMessage")  # the first try fails: retried, not lost
    clock.set(at(17, 31))
    done = await bot.tick()
    assert done["group-summary"] == {"groups": 1}
    post = await zalo.wait_for_bot_message(group, contains="Tổ có báo cáo")
    assert "Xã Bảo Yên" in post.text
    assert "Tổ CNS Nà Phung" in post.text and "Tổ CNS Bảo Yên" in post.text  # silent teams
    assert phone_like(post.text) is None, post.text
    assert "Hoàng Văn Tổ" not in post.text  # teams by name, not their leaders
    # The coordinator's own summary still has the leader and the phone.
    own = await zalo.wait_for_bot_message(phoi.zalo_id, contains="Tổ có báo cáo")
    assert "Hoàng Văn Tổ" in own.text and phone_like(own.text)
    assert (await bot.tick())["group-summary"] == {"already": 1}
    await barrier(phoi)
    assert len([p for p in bot_posts(zalo, group) if "Tổ có báo cáo" in p]) == 1
    rows = await outbox.counts(bot.db.reader, "group-summary", None)
    assert sum(rows.values()) == 1 and set(rows) <= {"sending", "sent"}
    assert [p for p in bot_posts(zalo, group) if phone_like(p)] == []
    zalo.errors.clear()  # the injected 500


async def test_the_reminder_names_only_members_who_agreed(zalo, deploy, roster, clock):
    bot = await deploy()
    _, group = await linked_group(bot, zalo, roster)
    lan = ZaloPerson(zalo, "Lò Thị Lan")
    await join(lan, roster.team_a.invite_code)
    assert "không được nêu" in (await lan.say("/groupname")).text  # off until chosen
    assert "Gõ /groupname on" in (await lan.say("/groupname maybe")).text
    assert "đồng ý được nêu tên" in (await lan.say("/groupname on")).text
    for chat_id, name in ((601, "Vàng A Sình"), (602, "Giàng Thị Mỷ")):
        await add_member(bot.db, roster.team_a.id, now=NOW, chat_id=chat_id, full_name=name)
    named = await add_member(
        bot.db, roster.team_b.id, now=NOW, chat_id=603, full_name="Sùng Văn Páo"
    )
    async with bot.db.transaction() as conn:
        await groups.set_named(conn, named, True, NOW)
    clock.set(at(16, 2))
    done = await bot.tick()
    assert done["group-reminder:daily"] == {"groups": 1}
    post = await zalo.wait_for_bot_message(group, contains="chưa báo cáo")
    # Lan and Páo, who agreed, and two who did not; the coordinator reports to no one.
    assert "còn 4 thành viên chưa báo cáo" in post.text
    assert "Chưa báo cáo: Lò Thị Lan, Sùng Văn Páo" in post.text
    assert "Vàng A Sình" not in post.text and "Giàng Thị Mỷ" not in post.text
    assert "Trần Điều Phối" not in post.text
    assert "2 người không nêu tên" in post.text
    # Lan turns it off: the next day's reminder counts her without her name.
    assert "không được nêu" in (await lan.say("/groupname off")).text
    clock.set(at(16, 2, day=30))  # Monday
    await bot.tick()
    monday = await zalo.wait_for_bot_message(group, contains="30/11")
    assert "Lò Thị Lan" not in monday.text and "Sùng Văn Páo" in monday.text
    rows = await outbox.counts(bot.db.reader, "group-reminder", None)
    assert sum(rows.values()) == 2 and set(rows) <= {"sending", "sent"}  # one a day, both out


async def test_groups_off_means_group_chats_are_ignored_entirely(zalo, deploy, roster, clock):
    bot = await deploy(groups_enabled=False)
    phoi = await coordinator(bot, zalo, roster)
    assert "chưa được bật" in (await phoi.say("/group")).text
    group = zalo.add_group("CNS Xã Bảo Yên", [phoi.zalo_id])
    zalo.add_bot_to_group(group)
    async with bot.db.transaction() as conn:  # a group linked while groups were on
        await groups.link(conn, 2**52 + 999, area_id=roster.commune.id, team_id=None,
                          member_id=(await member_of(bot, phoi)).id, now=NOW)  # fmt: skip
    for text in ("ABCDEFG", "/start", "1"):
        zalo.send_group_text(group, phoi.zalo_id, text)
    await barrier(phoi)
    assert bot_posts(zalo, group) == []
    assert await zalo_store.known_id(bot.db.reader, group) is None  # not even taken in
    clock.set(at(17, 31))
    done = await bot.tick()
    assert "group-summary" not in done and done["summary"]["coordinators"] == 1
    assert await outbox.counts(bot.db.reader, "group-summary", None) == {}


async def test_getme_refusing_groups_keeps_them_off_and_harmless(
    zalo, deploy, roster, clock, caplog
):
    group = zalo.add_group("CNS Xã Bảo Yên", [])
    zalo.add_bot_to_group(group)
    zalo.can_join_groups = False  # what Zalo's getMe says for this bot
    with pytest.raises(PermissionError):
        zalo.add_bot_to_group(zalo.add_group("Khác", []))
    with caplog.at_level(logging.WARNING, logger="handlers.groups"):
        bot = await deploy()
    warnings = [r for r in caplog.records if "can't join groups" in r.getMessage()]
    assert len(warnings) == 1
    phoi = await coordinator(bot, zalo, roster)
    zalo.users[group].members.append(phoi.zalo_id)
    assert "chưa được bật" in (await phoi.say("/group")).text
    zalo.send_group_text(group, phoi.zalo_id, "ABCDEFG")
    await barrier(phoi)
    assert bot_posts(zalo, group) == []
    clock.set(at(17, 31))
    assert "group-summary" not in await bot.tick()
