"""Hostile input at every dialog step (issue 12): whatever arrives, the bot answers, logs no error,
changes nothing, and the step still takes its correct input.

Each case is one dialog step × one input. A new person is walked to the step (joining, reporting,
my reports, summary, export, broadcast, promote, privacy; also outside any dialog), storage is
snapshot, and the input arrives: a message Telegram can deliver there (a document with and
without caption, a photo, a sticker, a location, a voice note, someone else's contact card) or,
on the step's card, a press carrying forged callback data (the card's real data truncated, with
an unknown operation, with an id beyond SQLite's integer range, with an argument missing or one
too many, under another action's prefix, or under the previous version's). Then:

(a) the bot answers: a new message, or for a press an answered callback query or a message;
(b) no ERROR and no traceback is logged;
(c) storage is unchanged (reports with their values and deletion, members with role, status and
    personal data, broadcasts and their deliveries, the audit log, ...);
(d) the dialog is where it was: the step's correct input still gets its usual answer;
and Telegram would have accepted every call the bot made (as the `double` fixture checks).

All cases share one bot and one roster (people never meet), so the module runs in seconds; the
failures, one line per step × input, are the to-do list of the handlers.
"""

from __future__ import annotations

import logging

import pytest
import pytest_asyncio

from bot.domain.form import load_form
from bot.ui.callbacks import Action
from tests.hostile_helpers import (
    FORGERIES,
    MESSAGES,
    Actor,
    Card,
    Next,
    Step,
    World,
    button_data,
    button_labels,
    changes,
    go_on,
    log_problems,
    open_world,
    refusals,
    snapshot,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

FORM = load_form()
SINGLE = next(c for c in FORM.active_categories() if len(c.indicators) == 1)
PAYMENTS = next(c for c in FORM.active_categories() if len(c.indicators) == 3)


def question(category, position: int = 0) -> str:
    """The words that ask the category's question at `position`, and no other card has."""
    return f"{category.label('vi')} — câu {position + 1}/{len(category.indicators)}"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory):
    world, close = await open_world(tmp_path_factory.mktemp("hostile"))
    yield world
    await close()


# --- who is at each step, and how they got there ---------------------------------------------


async def stranger(world: World) -> Actor:
    return world.stranger()


async def member(world: World) -> Actor:
    return await world.member()


async def member_with_reports(world: World) -> Actor:
    actor = await world.member()
    await world.add_reports(actor, 2)
    return actor


async def leader(world: World) -> Actor:
    return await world.member("leader")


async def coordinator(world: World) -> Actor:
    return await world.member("coordinator", team=None, scope=world.places.commune)


async def broadcaster(world: World) -> Actor:
    """A coordinator of the far commune: a broadcast let through reaches its one member only."""
    return await world.member("coordinator", team=None, scope=world.places.far_commune)


async def admin(world: World) -> Actor:
    """An admin, and the member they will appoint (found by a name nobody else has)."""
    actor = await world.member("admin", team=None)
    number = world.next_number()
    actor.extra["target"] = f"Mục Tiêu {number:04d}"
    await world.member(name=actor.extra["target"])
    return actor


def target(actor: Actor) -> str:
    return actor.extra["target"]


async def nowhere(actor: Actor) -> None:
    """Outside any dialog: nothing to do."""


def invite(actor: Actor) -> str:
    return actor.world.places.team_a.invite_code


async def join_code(actor: Actor) -> None:
    await actor.say("/start", "mã mời")


async def join_consent(actor: Actor) -> None:
    await actor.say(f"/start {invite(actor)}", "Trước khi tham gia")


async def join_name(actor: Actor) -> None:
    await join_consent(actor)
    await actor.tap("Tôi đồng ý", "Họ và tên")


async def join_phone(actor: Actor) -> None:
    await join_name(actor)
    await actor.tap("Dùng tên", "Chia sẻ số điện thoại")


async def join_confirm(actor: Actor) -> None:
    await join_phone(actor)
    await actor.keyboard("Bỏ qua", "Kiểm tra lại thông tin")


async def report_category(actor: Actor) -> None:
    await actor.say("/report", "Bạn đã làm gì")


def report_value(position: int):
    async def walk(actor: Actor) -> None:
        await report_category(actor)
        await actor.tap(PAYMENTS.short("vi"), question(PAYMENTS, 0))
        for earlier in range(position):
            await actor.say(str(3 + earlier), question(PAYMENTS, earlier + 1))

    return walk


async def report_confirm(actor: Actor) -> None:
    await report_category(actor)
    await actor.tap(SINGLE.short("vi"), question(SINGLE))
    await actor.say("3", "Kiểm tra báo cáo")


async def report_note(actor: Actor) -> None:
    await report_confirm(actor)
    await actor.tap("Ghi chú", "Gõ ghi chú")


async def myreports_list(actor: Actor) -> None:
    await actor.say("/myreports", "Báo cáo bạn đã gửi")


async def myreports_card(actor: Actor) -> None:
    await myreports_list(actor)
    await actor.tap("Sửa 1", "Kiểm tra báo cáo")


async def myreports_delete(actor: Actor) -> None:
    await myreports_list(actor)
    await actor.tap("Xóa 1", "Xóa báo cáo này?")


async def summary_period(actor: Actor) -> None:
    await actor.say("/summary", "Tổng hợp cho khoảng thời gian nào")


async def export_period(actor: Actor) -> None:
    await actor.say("/export", "Xuất báo cáo Excel")


async def export_area(actor: Actor) -> None:
    await export_period(actor)
    await actor.tap("Tháng này", "Báo cáo từ 01/11/2026 đến 30/11/2026", edited=True)


async def broadcast_text(actor: Actor) -> None:
    await actor.say("/broadcast", "Gửi nội dung thông báo")


async def broadcast_area(actor: Actor) -> None:
    await broadcast_text(actor)
    await actor.say("Họp tổ lúc 8h sáng mai", "Gửi đến khu vực nào")


async def broadcast_roles(actor: Actor) -> None:
    await broadcast_area(actor)
    await actor.tap("Xã Phúc Khánh", "Gửi cho ai")


async def broadcast_filter(actor: Actor) -> None:
    await broadcast_roles(actor)
    await actor.tap("Thành viên và tổ trưởng", "Gửi cho mọi người, hay chỉ")


async def broadcast_preview(actor: Actor) -> None:
    await broadcast_filter(actor)
    await actor.tap("Mọi người", "Gửi lúc nào")


async def promote_search(actor: Actor) -> None:
    await actor.say("/promote", "người cần phân quyền")


async def promote_role(actor: Actor) -> None:
    await promote_search(actor)
    await actor.say(actor.extra["target"], "Chọn người")
    await actor.tap(actor.extra["target"], "Chọn vai trò")


async def promote_area(actor: Actor) -> None:
    await promote_role(actor)
    await actor.tap("điều phối viên", "Chọn khu vực mà")


async def privacy_show(actor: Actor) -> None:
    await actor.say("/privacy", "Họ tên:")


async def privacy_confirm(actor: Actor) -> None:
    await privacy_show(actor)
    await actor.tap("Xóa dữ liệu cá nhân", "Xóa họ tên")


REPORT_CARD = {"other": Action.REPORT_MORE, "op": 2, "id": 1}
BROADCAST_CARD = {"other": Action.BROADCAST_STOP, "op": 1, "id": 2}
WELCOME = "Trước khi tham gia"
AREA_QUESTION = "Gửi đến khu vực nào"

STEPS = [
    # Outside any dialog.
    Step("stranger", stranger, nowhere, Next("say", invite, WELCOME)),
    Step("member.idle", member, nowhere, Next("say", "/help", "/cancel")),
    # Joining.
    Step("join.code", stranger, join_code, Next("say", invite, WELCOME)),
    Step(
        "join.consent",
        stranger,
        join_consent,
        Next("tap", "Tôi đồng ý", "Họ và tên"),
        Card("Tôi đồng ý", Action.JOIN_CONFIRM),
    ),
    Step(
        "join.name",
        stranger,
        join_name,
        Next("tap", "Dùng tên", "Chia sẻ số điện thoại"),
        Card("Dùng tên", Action.CONSENT, args=False),
    ),
    Step(
        "join.phone",
        stranger,
        join_phone,
        Next("keyboard", "Bỏ qua", "Kiểm tra lại thông tin"),
    ),
    Step(
        "join.confirm",
        stranger,
        join_confirm,
        Next("tap", "Xác nhận", "Xong rồi!"),
        Card("Xác nhận", Action.CONSENT),
    ),
    # Reporting: the activity, each question of a three-question activity (the first one
    # required, so without buttons), the confirmation card, the note.
    Step(
        "report.category",
        member,
        report_category,
        Next("tap", SINGLE.short("vi"), question(SINGLE)),
        Card(SINGLE.short("vi"), **REPORT_CARD),
    ),
    Step(
        "report.value.1",
        member,
        report_value(0),
        Next("say", "3", question(PAYMENTS, 1)),
    ),
    Step(
        "report.value.2",
        member,
        report_value(1),
        Next("say", "4", question(PAYMENTS, 2)),
        Card("Bỏ qua", **REPORT_CARD),
    ),
    Step(
        "report.value.3",
        member,
        report_value(2),
        Next("say", "5", "Kiểm tra báo cáo"),
        Card("Bỏ qua", **REPORT_CARD),
    ),
    Step(
        "report.confirm",
        member,
        report_confirm,
        Next("tap", "Gửi", "Đã lưu báo cáo"),
        Card("Gửi", **REPORT_CARD),
    ),
    Step(
        "report.note",
        member,
        report_note,
        Next("say", "Họp thôn", "Ghi chú: Họp thôn"),
        Card("Không ghi chú", **REPORT_CARD),
    ),
    # My reports: the list, a report's card (opened to correct it), the delete confirmation.
    Step(
        "myreports.list",
        member_with_reports,
        myreports_list,
        Next("tap", "Xóa 1", "Xóa báo cáo này?"),
        Card("Xóa 1", Action.REPORT_EDIT, id=2),
    ),
    Step(
        "myreports.card",
        member_with_reports,
        myreports_card,
        Next("tap", "Gửi", "Đã sửa báo cáo"),
        Card("Gửi", Action.MY_REPORTS, op=2, id=1),
    ),
    Step(
        "myreports.delete",
        member_with_reports,
        myreports_delete,
        Next("tap", "🗑 Xóa", "Đã xóa báo cáo"),
        Card("🗑 Xóa", Action.REPORT_EDIT, id=2),
    ),
    # Summary and export.
    Step(
        "summary.period",
        leader,
        summary_period,
        Next("tap", "Hôm nay", "hôm nay,"),
        Card("Hôm nay", Action.EXPORT),
    ),
    Step(
        "export.period",
        coordinator,
        export_period,
        Next("tap", "Tháng này", "Báo cáo từ 01/11/2026", where="edit"),
        Card("Tháng này", Action.SUMMARY, id=2),
    ),
    Step(
        "export.area",
        coordinator,
        export_area,
        Next("tap", "(toàn bộ)", "", where="document"),
        Card("(toàn bộ)", Action.SUMMARY, id=4),
    ),
    # Broadcast: the text (a photo or a document is content too), the audience (area, roles,
    # filter), the preview with its confirmation.
    Step(
        "broadcast.text",
        broadcaster,
        broadcast_text,
        Next("say", "Họp tổ lúc 8h", AREA_QUESTION),
        accepts={
            "document+caption": AREA_QUESTION,
            "document": AREA_QUESTION,
            "photo": AREA_QUESTION,
        },
    ),
    Step(
        "broadcast.area",
        broadcaster,
        broadcast_area,
        Next("tap", "Xã Phúc Khánh", "Gửi cho ai"),
        Card("Xã Phúc Khánh", **BROADCAST_CARD),
    ),
    Step(
        "broadcast.roles",
        broadcaster,
        broadcast_roles,
        Next("tap", "Thành viên và tổ trưởng", "Gửi cho mọi người, hay chỉ"),
        Card("Thành viên và tổ trưởng", **BROADCAST_CARD),
    ),
    Step(
        "broadcast.filter",
        broadcaster,
        broadcast_filter,
        Next("tap", "Mọi người", "Gửi lúc nào"),
        Card("Mọi người", **BROADCAST_CARD),
    ),
    Step(
        "broadcast.preview",
        broadcaster,
        broadcast_preview,
        Next("tap", "Sau 1 giờ", "Đã xếp hàng"),
        Card("Hủy", **BROADCAST_CARD),
    ),
    # Promote: whom (typed), the role, the area.
    Step(
        "promote.search",
        admin,
        promote_search,
        Next("say", target, "Chọn người"),
    ),
    Step(
        "promote.role",
        admin,
        promote_role,
        Next("tap", "điều phối viên", "Chọn khu vực mà"),
        Card("tổ trưởng", Action.MY_REPORTS, id=2),
    ),
    Step(
        "promote.area",
        admin,
        promote_area,
        Next("tap", "Xã Bảo Yên", "Đã đặt"),
        Card("Xã Bảo Yên", Action.MY_REPORTS, id=3),
    ),
    # Privacy: the card with the erase button, and the erase confirmation.
    Step(
        "privacy.show",
        member,
        privacy_show,
        Next("tap", "Xóa dữ liệu cá nhân", "Xóa họ tên"),
        Card("Xóa dữ liệu cá nhân", Action.MY_REPORTS),
    ),
    Step(
        "privacy.confirm",
        member,
        privacy_confirm,
        Next("tap", "Xóa vĩnh viễn", "Đã xóa dữ liệu"),
        Card("Không xóa", Action.MY_REPORTS),
    ),
]

CASES = [
    pytest.param(step, kind, id=f"{step.name}-{kind}") for step in STEPS for kind in step.inputs()
]


# In every step of the report dialog (a correction from /myreports too) a photo is kept as
# the report's evidence (handlers/report/evidence.py) and the dialog stays where it was.
REPORT_DIALOG = ("report.", "myreports.card")


def _besides_evidence(changed: list[str]) -> list[str]:
    """The changes other than the one photo kept and its audit record; [] needs the photo."""
    kept = [c for c in changed if c.startswith("evidence_photos +")]
    other = [
        c
        for c in changed
        if not c.startswith("evidence_photos +")
        # one audit row, of the photo's arrival (rows of a table are joined by "; ")
        and not (c.startswith("audit_log +") and "'evidence.received'" in c and "; " not in c)
    ]
    return other if len(kept) == 1 else [*other, f"the photo was not kept once: {kept}"]


@pytest.mark.parametrize(("step", "kind"), CASES)
async def test_hostile_input(world: World, caplog, step: Step, kind: str):
    caplog.set_level(logging.WARNING)
    actor = await step.who(world)
    refused_before = len(world.double.errors)
    await step.walk(actor)
    before = await snapshot(world.db)
    logged = len(caplog.records)
    problems: list[str] = []

    if kind in MESSAGES:
        described = kind
        outcome = await actor.act(lambda: MESSAGES[kind](actor))
        if not outcome.messages:
            problems.append("(a) no answer: the bot sent nothing")
    else:
        card = actor.card(step.card.label)
        data = FORGERIES[kind](button_data(card, step.card.label), step.card)
        described = f"{kind} {data!r} on the card #{card.message_id}"
        outcome = await actor.act(
            lambda: world.double.press(actor.id, card.message_id, data, forged=True)
        )
        if not outcome.answers and not outcome.messages:
            problems.append("(a) no answer: the query was not answered and nothing was said")

    answered = [f"said {m.describe().split(': ', 1)[-1][:100]!r}" for m in outcome.messages]
    answered += [
        f"answered the query with {text!r}" if text else "answered the query (no text)"
        for _, text, _ in outcome.answers
    ]
    problems += [f"(b) logged {line}" for line in log_problems(caplog.records[logged:])]
    changed = changes(before, await snapshot(world.db))
    if kind == "photo" and step.name.startswith(REPORT_DIALOG):
        changed = _besides_evidence(changed)
    problems += [f"(c) storage changed: {change}" for change in changed]

    if kind in step.accepts:
        # A correct answer at this step: it must lead to the next step's question.
        if step.accepts[kind] not in outcome.text:
            problems.append(f"(d) accepted as content, it should give {step.accepts[kind]!r}")
    else:
        logged = len(caplog.records)
        went_wrong = await go_on(actor, step)
        if went_wrong:
            problems.append(f"(d) the dialog moved: then {went_wrong}")
        problems += [
            f"(d) the correct input then logged {line}"
            for line in log_problems(caplog.records[logged:])
        ]
    problems += refusals(world.double, refused_before)

    if problems:  # the message is the report: no traceback of this function under it
        pytest.fail(
            f"{step.name} × {described}:\n"
            + "\n".join(f"  {problem}" for problem in problems)
            + f"\n  the bot {'; '.join(answered) or 'did nothing'}"
            + f"\n  chat:\n{actor.transcript()}",
            pytrace=False,
        )


# --- unknown text outside a dialog -----------------------------------------------------------


@pytest.mark.parametrize("text", ["tôi bận, mai báo cáo", "/foo"])
async def test_unknown_text_gets_the_main_menu_and_help(world: World, caplog, text: str):
    """A member who types what no feature understands is shown the way: the main menu's
    buttons to report or say they are away, and /help."""
    caplog.set_level(logging.WARNING)
    actor = await world.member()
    before = await snapshot(world.db)
    outcome = await actor.act(lambda: world.double.send_text(actor.id, text))
    problems = []
    if not outcome.messages:
        problems.append("no answer")
    labels = [label for message in outcome.messages for label in button_labels(message)]
    if not any("📝" in label and "Báo cáo" in label for label in labels):
        problems.append(f"no 📝 Báo cáo button (buttons: {labels})")
    if not any("🏖" in label and "vắng mặt" in label.casefold() for label in labels):
        problems.append(f"no 🏖 Vắng mặt button (buttons: {labels})")
    if "/help" not in outcome.text:
        problems.append("the answer does not mention /help")
    problems += [f"logged {line}" for line in log_problems(caplog.records)]
    problems += [f"storage changed: {c}" for c in changes(before, await snapshot(world.db))]
    if problems:
        pytest.fail(
            f"{text!r}: " + "; ".join(problems) + f"\n  chat:\n{actor.transcript()}",
            pytrace=False,
        )
