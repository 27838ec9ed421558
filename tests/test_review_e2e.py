"""Review end to end: the real Application against the doubles, as leaders and coordinators.

Reports are held the way the entry checks hold them (bot.domain.reporting.store_report with
flagged entries); the member's side of a returned report (helper A's dialog) is driven through
store_report directly. Everything the reviewer does goes through the double.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bot.core.clock import iso_utc
from bot.domain.anomaly import Flag, Rule
from bot.domain.reporting import Entry, Submission, store_report
from bot.ui.callbacks import Action, pack
from bot.ui.review_card import queue_review_cards
from storage import areas, audit, members, outbox, reports, review_cards, summary
from tests.conftest import START, add_member
from tests.zalo_helpers import ZaloPerson

TODAY = date(2026, 11, 27)
SINGLE = "tmdt"  # one indicator: residents_helped
DOUBLE = "vneid"  # residents_helped and vneid_activated
CARD = "Báo cáo cần xác nhận"


def buttons(message) -> dict[str, str]:
    markup = message.reply_markup or {}
    return {
        b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row
    }


class Cast:
    """The people of a commune: a member and her leader in team A, the commune's coordinator."""

    def __init__(self, bot, double, people, roster):
        self.bot, self.double, self.people, self.roster = bot, double, people, roster
        self.ids: dict[str, int] = {}
        self.persons: dict[str, object] = {}

    async def add(self, key, name, team, role="member", scope=None):
        person = self.people(first_name=name)
        await person.say("/help")  # a chat with the bot exists once the user wrote
        now = iso_utc(START)
        member_id = await add_member(
            self.bot.db, team.id if team else None, now=now, chat_id=person.id, full_name=name
        )
        if role != "member":
            async with self.bot.db.transaction() as conn:
                await members.set_role(conn, member_id, role, scope, now)
        self.ids[key], self.persons[key] = member_id, person
        return person

    async def held(self, key, value, *, day=TODAY, category=SINGLE, team=None, extra=None):
        """Store a report with a flagged value (the member confirmed it), as the dialog does."""
        values = {"residents_helped": value, **(extra or {})}
        flag = Flag("residents_helped", value, Rule.SOFT_MAX, 150)
        stored = await store_report(
            self.bot.db,
            Submission(
                member_id=self.ids[key],
                team_id=(team or self.roster.team_a).id,
                area_id=(team or self.roster.team_a).area_id,
                report_date=day,
                entries=(Entry(category, values, flags=(flag,)),),
                note=None,
                source=f"test:{key}:{day}:{value}",
            ),
            iso_utc(self.bot.clock.now()),
        )
        return stored.created[0]

    async def usual(self, key, values):
        """Counted reports of earlier days (newest last in `values`)."""
        for back, value in enumerate(reversed(values), start=1):
            await store_report(
                self.bot.db,
                Submission(
                    member_id=self.ids[key],
                    team_id=self.roster.team_a.id,
                    area_id=self.roster.team_a.area_id,
                    report_date=TODAY - timedelta(days=back),
                    entries=(Entry(SINGLE, {"residents_helped": value}),),
                    note=None,
                    source=f"usual:{key}:{back}",
                ),
                iso_utc(START),
            )

    async def card(self, key, *, after=0):
        """Queue the cards due and wait for this person's next card."""
        await queue_review_cards(self.bot.app.deps)
        return await self.double.wait_for_bot_message(
            self.persons[key].id, after=after, predicate=lambda m: CARD in (m.plain_text or "")
        )

    async def edit(self, key, label):
        """Tap a button whose answer edits the card it is on; return that card."""
        person = self.persons[key]
        self.double.think_time.pause()
        message = next(
            m
            for m in reversed(self.double.bot_messages(person.id))
            if any(label in text for text in buttons(m))
        )
        edits = len(message.edits)
        self.double.press_button(person.id, label)
        return await self.double.wait_for_edit(person.id, message.message_id, edits=edits)

    def seen(self, key) -> int:
        return len(self.double.bot_messages(self.persons[key].id))


@pytest.fixture
async def cast(running, double, people, roster):
    cast = Cast(running, double, people, roster)
    await cast.add("lan", "Lò Thị <Lan>", roster.team_a)
    await cast.add("hung", "Hùng", roster.team_a, "leader")
    await cast.add("mai", "Mai", None, "coordinator", roster.commune.id)
    return cast


async def counted(db, roster) -> int:
    totals = await summary.totals(db.reader, roster.commune.path, TODAY - timedelta(days=7), TODAY)
    return totals.get("residents_helped", 0)


async def state(db, report_id):
    return await review_cards.review_state(db.reader, report_id)


async def test_round_trip_return_correct_confirm_and_totals_change_only_then(
    running, cast, double, roster
):
    await cast.usual("lan", [9, 12, 10])
    report_id = await cast.held("lan", 500)
    card = await cast.card("hung")
    text = card.plain_text
    assert f"(số {report_id})" in text
    assert "Lò Thị <Lan> — Tổ CNS Nà Phung" in text  # escaped in HTML, shown as typed
    assert "&lt;Lan&gt;" in card.text
    assert "Thứ 6, 27/11/2026" in text
    assert "Số người dân được hỗ trợ: 500 người" in text
    assert "vượt mức hợp lý (150 người/ngày)" in text
    assert "gần đây: 10 (26/11), 12 (25/11), 9 (24/11)" in text  # newest first
    assert set(buttons(card)) == {"✅ Xác nhận", "↩️ Trả lại"}  # a leader corrects nothing
    assert await counted(running.db, roster) == 31

    hung = cast.persons["hung"]
    reasons = await hung.tap("Trả lại")  # tap 1
    assert "chọn lý do" in reasons.plain_text
    seen = cast.seen("lan")
    done = await cast.edit("hung", "Số liệu quá cao")  # tap 2
    assert "Đã trả lại cho Lò Thị <Lan>: Số liệu quá cao" in done.plain_text
    assert done.message_id == reasons.message_id  # the reasons became the outcome
    back = await double.wait_for_bot_message(cast.persons["lan"].id, after=seen)
    assert back.plain_text.startswith("↩️ Báo cáo ngày 27/11/2026 (")
    assert "được tổ trưởng Hùng trả lại: Số liệu quá cao." in back.plain_text
    assert buttons(back) == {
        "✏️ Sửa": pack(Action.RETURNED, "fix", report_id, 1),
        "✅ Giữ nguyên": pack(Action.RETURNED, "keep", report_id, 1),
    }
    assert (await state(running.db, report_id)).review == "returned"
    assert await counted(running.db, roster) == 31

    # The member corrects it (helper A's dialog stores it like this): back to Hùng, round 2.
    await store_report(
        running.db,
        Submission(
            member_id=cast.ids["lan"],
            team_id=roster.team_a.id,
            area_id=roster.team_a.area_id,
            report_date=TODAY,
            entries=(Entry(SINGLE, {"residents_helped": 50}),),
            note=None,
            source="fix",
            report_id=report_id,
        ),
        iso_utc(running.clock.now()),
    )
    second = await cast.card("hung", after=cast.seen("hung"))
    assert "500" not in second.plain_text and "50 người" in second.plain_text
    assert buttons(second)["✅ Xác nhận"] == pack(Action.REVIEW, "ok", report_id, 2)
    assert await counted(running.db, roster) == 31  # still held

    edited = await cast.edit("hung", "Xác nhận")
    assert "✅ Đã xác nhận." in edited.plain_text and edited.message_id == second.message_id
    assert buttons(edited) == {}
    assert (await state(running.db, report_id)).review == "confirmed"
    assert await counted(running.db, roster) == 31 + 50
    actions = [e["action"] for e in await audit.for_report(running.db.reader, report_id)]
    assert actions == [
        "report.created",
        "report.flagged",
        "report.returned",
        "report.updated",
        "report.resubmitted",
        "report.confirmed",
    ]
    # The card of round 1 is stale now.
    answered = len(double.answered_callbacks)
    double.press(hung.id, card.message_id, pack(Action.REVIEW, "ok", report_id, 1), forged=True)
    await double.wait_until(lambda: len(double.answered_callbacks) > answered)
    assert double.answered_callbacks[answered][1:] == ("Báo cáo này đã được xử lý.", True)


async def test_a_typed_reason_is_escaped_and_kept(running, cast, double):
    report_id = await cast.held("lan", 400)
    await cast.card("hung")
    hung = cast.persons["hung"]
    await hung.tap("Trả lại")
    prompt = await hung.tap("Lý do khác")
    assert "gõ lý do trả lại" in prompt.plain_text
    too_long = await hung.say("x" * 201)
    assert "tối đa 200 ký tự" in too_long.plain_text
    seen = cast.seen("lan")
    await hung.say("Số <b>sai</b> & lệch")
    back = await double.wait_for_bot_message(cast.persons["lan"].id, after=seen)
    assert "trả lại: Số <b>sai</b> & lệch." in back.plain_text
    assert "&lt;b&gt;" in back.text
    [entry] = [
        e
        for e in await audit.for_report(running.db.reader, report_id)
        if e["action"] == "report.returned"
    ]
    assert entry["detail"]["reason"] == "Số <b>sai</b> & lệch"
    assert entry["actor_id"] == cast.ids["hung"]


async def test_overdue_review_escalates_once_to_the_coordinator(running, cast, double, clock):
    report_id = await cast.held("lan", 300)
    await cast.card("hung")
    mai = cast.persons["mai"]
    clock.advance(timedelta(days=2))
    await running.tick()
    assert (await state(running.db, report_id)).round == 1  # not yet
    clock.advance(timedelta(days=1, minutes=1))
    await running.tick()
    escalated = await double.wait_for_bot_message(
        mai.id, predicate=lambda m: CARD in (m.plain_text or "")
    )
    assert "Chuyển lên từ tổ trưởng Hùng sau 3 ngày chưa được xử lý." in escalated.plain_text
    assert "✏️ Sửa số" in buttons(escalated)  # a coordinator may correct
    await running.tick()
    clock.advance(timedelta(days=4))
    await running.tick()  # never twice
    await running.tick()
    await mai.say("/help")
    cards = [m for m in double.bot_messages(mai.id) if CARD in (m.plain_text or "")]
    assert len(cards) == 1
    assert (await state(running.db, report_id)).round == 2
    # The leader's old card is stale; the coordinator's works.
    hung = cast.persons["hung"]
    answer = await hung.tap_alert("Xác nhận")
    assert answer[1:] == ("Báo cáo này đã được xử lý.", True)
    await cast.edit("mai", "Xác nhận")
    assert (await state(running.db, report_id)).review == "confirmed"


async def test_nobody_outside_the_reports_team_or_area_can_answer(
    running, cast, double, people, roster
):
    async with running.db.transaction() as conn:
        other, _ = await areas.upsert(
            conn,
            code="lc/sa-pa",
            name="Phường Sa Pa",
            level="commune",
            parent=await areas.get(conn, roster.commune.parent_id),
            now=iso_utc(START),
        )
    report_id = await cast.held("lan", 250)
    card = await cast.card("hung")
    await cast.add("tuan", "Tuấn", roster.team_b, "leader")  # another team's leader
    await cast.add("ha", "Hà", None, "coordinator", other.id)  # another commune
    await cast.add("binh", "Bình", roster.team_a)  # a member of the same team
    empty, members_only = "Không có báo cáo nào chờ xác nhận", "Chỉ tổ trưởng và điều phối viên"
    lists = {"tuan": empty, "ha": empty, "binh": members_only, "lan": members_only}
    not_found, fixers_only = f"Không tìm thấy báo cáo số {report_id}", "Chỉ điều phối viên"
    corrects = {"tuan": fixers_only, "ha": not_found, "binh": fixers_only, "lan": fixers_only}
    for key in ("tuan", "ha", "binh", "lan"):
        person = cast.persons[key]
        message = double.bot_messages(person.id)[-1]
        for data in (
            pack(Action.REVIEW, "ok", report_id, 1),
            pack(Action.REVIEW, "back", report_id, 1),
            pack(Action.REVIEW, "why", report_id, 1, 0),
            pack(Action.REVIEW, "type", report_id, 1),
            pack(Action.REVIEW, "fix", report_id, 1),
            pack(Action.REVIEW, "open", report_id),
        ):
            answered = len(double.answered_callbacks)
            double.press(person.id, message.message_id, data, forged=True)
            await double.wait_until(
                lambda answered=answered: len(double.answered_callbacks) > answered
            )
            text = double.answered_callbacks[answered][1]
            assert text in (
                "Bạn không có quyền xác nhận báo cáo này.",
                "Chỉ điều phối viên và quản trị viên mới sửa được số liệu của người khác.",
            ), (key, data, text)
        listing = await person.say("/review")
        assert lists[key] in listing.plain_text, key
        corrected = await person.say(f"/correct {report_id}")
        assert corrects[key] in corrected.plain_text, key
    assert (await state(running.db, report_id)).review == "pending"
    assert [e["action"] for e in await audit.for_report(running.db.reader, report_id)] == [
        "report.created",
        "report.flagged",
    ]
    # The leader's card is untouched and still answers.
    assert set(buttons(card)) == {"✅ Xác nhận", "↩️ Trả lại"}
    await cast.edit("hung", "Xác nhận")
    assert (await state(running.db, report_id)).review == "confirmed"


async def test_review_lists_what_waits_and_opens_a_card(running, cast, double):
    first = await cast.held("lan", 200)
    second = await cast.held("lan", 220, day=TODAY - timedelta(days=1))
    await queue_review_cards(running.app.deps)
    listing = await cast.persons["mai"].say("/review")  # the coordinator sees the commune
    assert "Báo cáo chờ xác nhận</b> (2)" in listing.text
    assert "Lò Thị <Lan>" in listing.plain_text
    assert set(buttons(listing)) == {f"📂 Số {first}", f"📂 Số {second}"}
    opened = await cast.persons["mai"].tap(f"Số {first}")
    assert CARD in opened.plain_text and f"(số {first})" in opened.plain_text
    assert set(buttons(opened)) == {"✅ Xác nhận", "↩️ Trả lại", "✏️ Sửa số"}
    member = await cast.persons["lan"].say("/review")
    assert "Chỉ tổ trưởng và điều phối viên" in member.plain_text
    # A leader's own held report is with the coordinator: not in the leader's list.
    own = await cast.held("hung", 300)
    await queue_review_cards(running.app.deps)
    listing = await cast.persons["hung"].say("/review")
    assert f"📂 Số {own}" not in buttons(listing)
    assert set(buttons(listing)) == {f"📂 Số {first}", f"📂 Số {second}"}


async def test_a_coordinator_corrects_with_a_reason_and_the_member_is_told(
    running, cast, double, roster
):
    # Team B has no leader: its reports go to the commune's coordinator.
    await cast.add("nga", "Nga", roster.team_b)
    report_id = await cast.held(
        "nga", 500, team=roster.team_b, category=DOUBLE, extra={"vneid_activated": 4}
    )
    card = await cast.card("mai")
    assert set(buttons(card)) == {"✅ Xác nhận", "↩️ Trả lại", "✏️ Sửa số"}
    mai = cast.persons["mai"]
    pick = await mai.tap("Sửa số")
    assert "chọn số cần sửa" in pick.plain_text
    ask = await mai.tap("Số người dân")
    assert "hiện là 500 người" in ask.plain_text
    bad = await mai.say("năm mươi")
    assert "Chưa đọc được số" in bad.plain_text
    why = await mai.say("50")
    assert "Vì sao sửa" in why.plain_text
    seen = cast.seen("nga")
    done = await mai.tap("Nhập nhầm số")
    assert f"Đã sửa báo cáo số {report_id}" in done.plain_text
    assert "500 người → 50 người" in done.plain_text
    note = await double.wait_for_bot_message(cast.persons["nga"].id, after=seen)
    assert "đã được điều phối viên Mai sửa" in note.plain_text
    assert "500 người → 50 người. Lý do: Nhập nhầm số." in note.plain_text
    stored = await reports.get(running.db.reader, report_id)
    assert (stored.review, stored.values) == (
        "confirmed",
        {"residents_helped": 50, "vneid_activated": 4},
    )
    [updated] = [
        e
        for e in await audit.for_report(running.db.reader, report_id)
        if e["action"] == "report.updated"
    ]
    assert (updated["actor_id"], updated["detail"]["reason"]) == (cast.ids["mai"], "Nhập nhầm số")
    assert await counted(running.db, roster) == 50
    # The card's buttons are stale now.
    answered = len(double.answered_callbacks)
    double.press(mai.id, card.message_id, buttons(card)["✅ Xác nhận"])
    await double.wait_until(lambda: len(double.answered_callbacks) > answered)
    assert double.answered_callbacks[answered][1] == "Báo cáo này đã được xử lý."

    # /correct works on any report in scope, with a typed reason.
    await mai.say("/correct 99999")
    assert "Không tìm thấy báo cáo số 99999" in mai.last.plain_text
    await mai.say(f"/correct {report_id}")
    await mai.tap("Số tài khoản")
    await mai.say("3")
    await mai.tap("Lý do khác")
    done = await mai.say("Đếm lại theo sổ")
    assert "4 tài khoản → 3 tài khoản" in done.plain_text
    stored = await reports.get(running.db.reader, report_id)
    assert stored.values["vneid_activated"] == 3


@pytest.mark.parametrize("status", [500, 429])
async def test_a_failed_delivery_of_the_card_arrives_exactly_once(running, cast, double, status):
    double.inject_fault(status, method="sendMessage", retry_after=1)
    sent = asyncio.Event()  # the outbox row's outcome is committed after the send returns

    async def outcome(message, new_status):
        if message.kind == "review" and new_status == "sent":
            sent.set()

    running.app.delivery.on_outcome = outcome
    report_id = await cast.held("lan", 180)
    await cast.card("hung")
    await asyncio.wait_for(sent.wait(), 10)
    await queue_review_cards(running.app.deps)  # again: nothing new
    await cast.persons["hung"].say("/help")
    cards = [
        m for m in double.bot_messages(cast.persons["hung"].id) if CARD in (m.plain_text or "")
    ]
    assert len(cards) == 1
    assert any(error[1] == status for error in double.errors)
    assert (await outbox.counts(running.db.reader, "review", report_id)) == {"sent": 1}


async def test_on_zalo_a_leader_returns_and_confirms_by_typing(zalo, deploy, roster):
    bot = await deploy()
    lan, hung = ZaloPerson(zalo, "Lò Thị Lan"), ZaloPerson(zalo, "Hùng")
    ids = {}
    for key, person, role in (("lan", lan, "member"), ("hung", hung, "leader")):
        await person.say("/help")
        ids[key] = await add_member(
            bot.db,
            roster.team_a.id,
            now=iso_utc(START),
            chat_id=await person.internal_id(bot.db),
            full_name={"lan": "Lò Thị Lan", "hung": "Hùng"}[key],
            role=role,
        )

    async def held(value, day):
        stored = await store_report(
            bot.db,
            Submission(
                member_id=ids["lan"],
                team_id=roster.team_a.id,
                area_id=roster.team_a.area_id,
                report_date=day,
                entries=(
                    Entry(
                        SINGLE,
                        {"residents_helped": value},
                        flags=(Flag("residents_helped", value, Rule.SOFT_MAX, 150),),
                    ),
                ),
                note=None,
                source=f"zalo:{day}",
            ),
            iso_utc(START),
        )
        return stored.created[0]

    first = await held(500, TODAY)
    seen = hung.seen()
    await queue_review_cards(bot.apps[0].deps)
    card = await zalo.wait_for_bot_message(hung.zalo_id, contains=CARD, after=seen)
    assert "<" not in card.text and "500 người" in card.text
    assert "1. ✅ Xác nhận" in card.text and "2. ↩️ Trả lại" in card.text
    reasons = await hung.say("2", expect="lý do")
    assert "gõ số thứ tự của lý do" in reasons.text and "5. ✍️ Lý do khác" in reasons.text
    prompt = await hung.say("5", expect="gõ lý do")
    assert "1. " not in prompt.text
    seen = lan.seen()
    done = await hung.say("Số người chưa đúng", expect="Đã trả lại")
    assert "Số người chưa đúng" in done.text
    back = await zalo.wait_for_bot_message(lan.zalo_id, contains="trả lại", after=seen)
    assert "được tổ trưởng" in back.text and "trả lại: Số người chưa đúng." in back.text
    assert "1. ✏️ Sửa" in back.text and "2. ✅ Giữ nguyên" in back.text
    assert (await review_cards.review_state(bot.db.reader, first)).review == "returned"

    second = await held(400, TODAY - timedelta(days=1))
    seen = hung.seen()
    await queue_review_cards(bot.apps[0].deps)
    await zalo.wait_for_bot_message(hung.zalo_id, contains=CARD, after=seen)
    confirmed = await hung.say("1", expect="Đã xác nhận")
    assert "<b>" not in confirmed.text
    assert (await review_cards.review_state(bot.db.reader, second)).review == "confirmed"


async def test_a_correction_from_a_card_overtaken_by_a_review_changes_nothing(running, cast):
    report_id = await cast.held("lan", 500)
    await cast.card("hung")
    mai = cast.persons["mai"]
    await mai.say("/review")
    await mai.tap(f"Số {report_id}")
    ask = await mai.tap("Sửa số")  # one indicator: straight to the number
    assert "hiện là 500 người" in ask.plain_text
    await cast.edit("hung", "Xác nhận")  # the leader confirms meanwhile
    await mai.say("50")
    stale = await mai.tap("Nhập nhầm số")
    assert stale.plain_text == "Báo cáo này đã được xử lý."
    stored = await reports.get(running.db.reader, report_id)
    assert (stored.review, stored.values) == ("confirmed", {"residents_helped": 500})
    assert "report.updated" not in [
        e["action"] for e in await audit.for_report(running.db.reader, report_id)
    ]


async def test_the_whole_journey_through_the_chats(running, cast, double, roster):
    """Issue 16's "done when", as people do it: a mistyped 500 asked, confirmed by mistake,
    held out of the totals, returned by the leader in two taps, corrected by the member in
    her chat, confirmed in one tap — the totals change exactly then, and never before."""
    await cast.usual("lan", [5, 6, 4, 5])
    lan, hung = cast.persons["lan"], cast.persons["hung"]
    assert await counted(running.db, roster) == 20
    await lan.say("/report")
    await lan.tap("Thương mại điện tử")
    asked = await lan.say("500")
    assert "Bạn nhập 500 người — đúng không?" in asked.plain_text
    await lan.tap("✅ Đúng")
    seen = cast.seen("hung")
    saved = await lan.tap("Gửi")
    assert "chờ tổ trưởng xác nhận" in saved.plain_text
    # The card reaches the leader at once: no tick has run.
    card = await double.wait_for_bot_message(
        hung.id, after=seen, predicate=lambda m: CARD in (m.plain_text or "")
    )
    assert "500 người" in card.plain_text
    assert await counted(running.db, roster) == 20

    await hung.tap("Trả lại")  # tap 1
    seen = cast.seen("lan")
    await cast.edit("hung", "Số liệu quá cao")  # tap 2
    back = await double.wait_for_bot_message(lan.id, after=seen)
    assert "trả lại: Số liệu quá cao" in back.plain_text
    fixing = await lan.tap("✏️ Sửa")
    assert "500" in fixing.plain_text
    await lan.tap("✏️ Sửa")
    await lan.tap("Số người dân được hỗ trợ"[:20])
    fixed = await lan.say("5")
    assert "Số người dân được hỗ trợ: 5" in fixed.plain_text
    seen = cast.seen("hung")
    await lan.tap("Gửi")
    second = await double.wait_for_bot_message(
        hung.id, after=seen, predicate=lambda m: CARD in (m.plain_text or "")
    )
    assert "5 người" in second.plain_text and "500" not in second.plain_text
    assert await counted(running.db, roster) == 20  # still held: the leader asked for it

    confirmed = await cast.edit("hung", "Xác nhận")  # one tap
    assert "✅ Đã xác nhận." in confirmed.plain_text
    assert await counted(running.db, roster) == 25
    # Nothing went out twice: one card per round (and the reasons, which became the outcome),
    # one returned message.
    cards = [m.plain_text for m in double.bot_messages(hung.id) if CARD in (m.plain_text or "")]
    assert len(cards) == 3
    assert sum("↩️ Đã trả lại" in text for text in cards) == 1
    assert sum("✅ Đã xác nhận." in text for text in cards) == 1
    returned = [m for m in double.bot_messages(lan.id) if "trả lại:" in (m.plain_text or "")]
    assert len(returned) == 1
