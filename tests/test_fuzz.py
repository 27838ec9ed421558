"""Hostile text at every step of every dialog, through the real bot and the double.

Each example is a new person brought to one dialog state, who then types hostile text:
emoji, 5,000 characters, zero-width and right-to-left marks, HTML and SQL fragments, huge,
negative and odd numbers, commands, and random Unicode. Whatever they type, the bot answers
(a bot message follows), never with its apology for an unhandled exception, never with
anything Telegram would reject (the `double` fixture checks that: 400s fail the test), and
the database passes `PRAGMA integrity_check`. Where the answer is a confirmation card, the
person sends it, so hostile notes and quick reports are stored too.

One bot per test (per dialog state); examples are few because each talks HTTP. Quick runs are
derandomized (the same examples every time); CNS_SOAK=1 draws 200 random examples a state.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.doubles.telegram import StoredMessage
from tests.faults_helpers import (
    PAYMENTS,
    SAVED,
    SINGLE,
    SOAK,
    Patient,
    enrol,
    integrity,
    patient,
    question,
    text_of,
)

EXAMPLES = 200 if SOAK else 15
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not SOAK,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

EMOJI = ["👨‍👩‍👧‍👦", "🇻🇳", "😀", "🏳️‍🌈", "1️⃣", "🔟", "💳 12", "🛒"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
RIGHT_TO_LEFT = ["\u202e", "\u202b", "\u200f", "\u2067", "\u2069", "مرحبا ١٢", "שלום"]
MARKUP = [
    "<b>",
    "</b>",
    "<i>x</i>",
    '<a href="tg://user?id=1">x</a>',
    "&amp;",
    "&lt;",
    "&",
    "<",
    ">",
    "<script>alert(1)</script>",
    "<tg-spoiler>",
    '<pre><code class="x">',
    "&#128512;",
    "&#0;",
    "{ $name }",
    "{{7*7}}",
    "%s%n",
    "\\",
    "`",
    "*bold*",
]
SQL = [
    "'; DROP TABLE reports; --",
    "' OR '1'='1",
    '" OR 1=1 --',
    "1; DELETE FROM members",
    "%' --",
    "NULL",
    "); PRAGMA writable_schema=1; --",
]
NUMBERS = [
    "9" * 400,
    "-1",
    "-0",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "1,5",
    "1.234.567",
    "12 13",
    "١٢",
    "１２",
    "0x10",
    "00012",
    "+7",
    "\u22125",
    "2³",
    "½",
    "9223372036854775808",
    "-9223372036854775809",
]
WORDS = [
    "vneid 12, dvc 5, tt 30",
    "hôm qua tuyên truyền 2 buổi 80 người",
    "tt -5",
    "vneid 99999999999",
    "📝 Báo cáo",
    "🔁 Như hôm qua",
    "Bỏ qua",
    "Gửi",
    "Xác nhận",
    "/cancel",
    "/report",
    "/start",
    "/start x' OR 1=1",
    "/help",
    "/unknown",
    "/report@cns_test_bot",
    "1",
    "2",
    "0",
    "99",
]
LONG = ["x" * 5000, "ă" * 5000, "😀" * 2500, "a " * 2500, "<b>" * 1700, "9" * 5000]
PIECES = EMOJI + INVISIBLE + RIGHT_TO_LEFT + MARKUP + SQL + NUMBERS + WORDS

# Lone surrogates never come from Telegram (its texts are UTF-8).
ANY_CHARACTER = st.characters(blacklist_categories=("Cs",))


def _typed(text: str) -> str | None:
    """What Telegram delivers: leading and trailing whitespace trimmed, never empty."""
    text = text.strip()
    return text or None


hostile_text = (
    st.one_of(
        st.sampled_from(LONG),
        st.lists(
            st.one_of(
                st.sampled_from(PIECES),
                st.text(ANY_CHARACTER, min_size=1, max_size=12),
                st.integers(-(10**30), 10**30).map(str),
            ),
            min_size=1,
            max_size=5,
        ).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts)),
    )
    .map(_typed)
    .filter(bool)
)
# Telegram allows 1-64 characters in a first name.
hostile_name = (
    st.one_of(st.just("Lan"), hostile_text.map(lambda text: text[:64])).map(_typed).filter(bool)
)


async def answered(person: Patient, text: str) -> StoredMessage:
    """Type `text`; return the bot's answer, which must come and must not be the apology."""
    seen = len(person.double.bot_messages(person.id))
    person.double.think_time.pause()
    person.double.send_text(person.id, text)
    answer = await person.double.wait_for_bot_message(person.id, after=seen, timeout=15)
    assert person.apologies() == [], person.double.describe_transcript(person.id)
    return answer


def has_button(message: StoredMessage, label: str) -> bool:
    markup = message.reply_markup or {}
    return any(label in b["text"] for row in markup.get("inline_keyboard", []) for b in row)


async def send_if_offered(person: Patient, answer: StoredMessage) -> None:
    """If the answer is a confirmation card, send it: the report must end up stored and said.

    Sending a card whose activity lacks its first number asks for it first; "1" answers.
    """
    for _ in range(6):
        if SAVED in text_of(answer):
            return
        if "Gõ một số" in text_of(answer):
            answer = await answered(person, "1")
        elif has_button(answer, "Gửi"):
            seen = len(person.double.bot_messages(person.id))
            person.double.think_time.pause()
            person.double.press_button(person.id, "Gửi")
            answer = await person.double.wait_for_bot_message(person.id, after=seen, timeout=15)
            assert person.apologies() == [], person.double.describe_transcript(person.id)
        else:
            return
    raise AssertionError(person.double.describe_transcript(person.id))


@pytest.fixture
async def checked(running):
    """The running bot; after the last example, the database must be intact."""
    yield running
    assert await integrity(running.db.reader) == "ok"
    async with running.db.reader.execute("PRAGMA foreign_key_check") as cursor:
        assert await cursor.fetchall() == []


# --- joining ---------------------------------------------------------------------------------

JOIN_STATES = ["code", "consent", "name", "phone", "confirm"]


async def to_join_state(person: Patient, state: str, invite_code: str) -> None:
    if state == "code":
        await person.say_for("/start", "mã mời")
        return
    await person.say_for(f"/start {invite_code}", "Trước khi tham gia")
    if state == "consent":
        return
    await person.tap_for("Tôi đồng ý", "Họ và tên của bạn")
    if state == "name":
        return
    # A hostile profile name may not be usable; then the name is typed.
    if has_button(person.last, "Dùng tên"):
        await person.tap_for("Dùng tên", "Chia sẻ số điện thoại")
    else:
        await person.say_for("Nguyễn Thị Lan", "Chia sẻ số điện thoại")
    if state == "phone":
        return
    await person.say_for("Bỏ qua", "Kiểm tra lại thông tin")


@pytest.mark.parametrize("state", JOIN_STATES)
@FUZZ
@given(name=hostile_name, text=hostile_text)
async def test_hostile_text_while_joining(checked, roster, double, state, name, text):
    person = patient(double, first_name=name)
    await to_join_state(person, state, roster.team_a.invite_code)
    await answered(person, text)


@FUZZ
@given(text=hostile_text)
async def test_hostile_text_when_asked_to_switch_teams(checked, roster, double, text):
    """The join dialog's last state: a member of team A opened team B's link."""
    [person] = await enrol(checked.db, double, roster.team_a.id, 1)
    await person.say_for(f"/start {roster.team_b.invite_code}", "muốn chuyển sang tổ này")
    await answered(person, text)


# --- the report dialog -----------------------------------------------------------------------

REPORT_STATES = ["category", "value", "note", "confirm"]


async def to_report_state(person: Patient, state: str) -> None:
    await person.say_for("/report", "Bạn đã làm gì")
    if state == "category":
        return
    if state == "value":
        await person.tap_for(PAYMENTS.short("vi"), question(PAYMENTS))
        return
    await person.tap_for(SINGLE.short("vi"), question(SINGLE))
    await person.say_for("3", "Kiểm tra báo cáo")
    if state == "note":
        await person.tap_for("Ghi chú", "Gõ ghi chú")


@pytest.mark.parametrize("state", REPORT_STATES)
@FUZZ
@given(text=hostile_text)
async def test_hostile_text_in_the_report_dialog(checked, roster, double, state, text):
    [person] = await enrol(checked.db, double, roster.team_a.id, 1)
    await to_report_state(person, state)
    answer = await answered(person, text)
    await send_if_offered(person, answer)


# --- outside dialogs: a quick report ---------------------------------------------------------


@FUZZ
@given(text=hostile_text)
async def test_hostile_text_as_a_quick_report(checked, roster, double, text):
    [person] = await enrol(checked.db, double, roster.team_a.id, 1)
    answer = await answered(person, text)
    await send_if_offered(person, answer)


async def test_numbers_typed_for_a_choice_are_answered(running, roster, double):
    typed = ["²", "2³", "0" * 4301 + "1"]
    for text in typed:
        person = patient(double, first_name="Lan")
        await to_join_state(person, "consent", roster.team_a.invite_code)
        await answered(person, text)
    for state in ("category", "confirm"):
        for text in typed:
            [person] = await enrol(running.db, double, roster.team_a.id, 1)
            await to_report_state(person, state)
            await answered(person, text)
