"""The province's own names in the texts, and admin work in Vietnamese: /promote, /help."""

import unicodedata

from bot.app.settings import Settings
from bot.core.i18n import Province, Texts
from bot.domain.form import fold_diacritics
from bot.domain.phones import mask_phone
from bot.domain.roles import find_people, fold_name
from storage import members
from tests.conftest import START, add_member

NOW = START.isoformat()
CONTROLLER = "Sở Khoa học & Công nghệ tỉnh Lào Cai"
CONTACT = "0214 3840 123 · cns@laocai.gov.vn"


async def appoint(running, person, role, area_id=None):
    async with running.db.transaction() as conn:
        member = await members.get_by_chat_id(conn, person.id)
        await members.set_role(conn, member.id, role, area_id, NOW)


async def test_consent_and_privacy_name_the_data_controller_and_contact(start_bot, roster, people):
    await start_bot(
        bot_name="Trợ lý CNS Lào Cai", data_controller=CONTROLLER + ".", data_contact=CONTACT
    )
    lan = people(first_name="Lan")
    hello = await lan.say("/start")
    assert "Đây là Trợ lý CNS Lào Cai, nơi" in hello.plain_text
    consent = await lan.say(f"/start {roster.team_a.invite_code}")
    assert f"Bên kiểm soát dữ liệu cá nhân: {CONTROLLER}." in consent.plain_text
    assert f"Liên hệ về dữ liệu cá nhân: {CONTACT}" in consent.plain_text
    assert "&amp;" in consent.text  # the setting is escaped like any other argument
    await lan.tap("Tôi đồng ý")
    await lan.tap("Dùng tên")
    await lan.keyboard("Bỏ qua")
    await lan.tap("Xác nhận")
    shown = await lan.say("/privacy")
    assert f"Bên kiểm soát dữ liệu: {CONTROLLER}." in shown.plain_text
    assert f"Liên hệ về dữ liệu cá nhân: {CONTACT}" in shown.plain_text


async def test_unset_names_read_as_general_wording(running, roster, people):
    lan = people(first_name="Lan")
    hello = await lan.say("/start")
    assert "Đây là Trợ lý Tổ công nghệ số cộng đồng, nơi" in hello.plain_text
    consent = await lan.say(f"/start {roster.team_a.invite_code}")
    assert (
        "Bên kiểm soát dữ liệu cá nhân: đơn vị quản lý các Tổ công nghệ số cộng đồng của tỉnh."
        in consent.plain_text
    )
    assert "Liên hệ về dữ liệu cá nhân: tổ trưởng hoặc cán bộ xã của bạn" in consent.plain_text
    assert "None" not in consent.plain_text and ": ." not in consent.plain_text


def test_blank_settings_are_unset_and_every_catalog_has_the_defaults():
    settings = Settings(
        _env_file=None, bot_name="  ", data_controller=" Sở  KH&CN. ", data_contact=""
    )
    assert settings.province == Province(None, "Sở KH&CN", None)
    english = Texts("en", settings.province).plain(
        "en",
        "privacy-show",
        name="L",
        phone="-",
        team="T",
        role="r",
        joined="-",
        consent="-",
        reports=0,
    )
    assert "Controller of the data: Sở KH&CN." in english
    assert "Questions about personal data: your team leader or commune officer" in english


def test_phone_mask():
    assert mask_phone("+84912345678") == "0912***678"


async def test_promote_finds_people_without_diacritics_and_tells_namesakes_apart(
    running, roster, people, double
):
    boss = people(first_name="Quản", last_name="Trị")
    await boss.join(roster.team_a.invite_code)
    await appoint(running, boss, "admin")
    first = people(first_name="Nguyễn Thị", last_name="Hương", phone_number="0912345678")
    second = people(first_name="Nguyễn Thị", last_name="Hương", phone_number="0987654321")
    for person, team in ((first, roster.team_a), (second, roster.team_b)):
        await person.say(f"/start {team.invite_code}")
        await person.tap("Tôi đồng ý")
        await person.tap("Dùng tên")
        await person.keyboard("Chia sẻ số điện thoại")
        await person.tap("Xác nhận")
    seen = len(double.bot_messages(first.id)), len(double.bot_messages(second.id))
    await add_member(
        running.db, roster.team_a.id, now=NOW, chat_id=9001, full_name="Trần Văn Hưng"
    )
    await boss.say("/promote")
    found = await boss.say("huong")
    assert "Nguyễn Thị Hương — Tổ CNS Nà Phung · 0912***678" in found.plain_text
    assert "Nguyễn Thị Hương — Tổ CNS Bảo Yên · 0987***321" in found.plain_text
    assert "Hưng" not in found.plain_text
    labels = [b["text"] for row in found.reply_markup["inline_keyboard"] for b in row]
    assert labels == ["Nguyễn Thị Hương · 0912***678", "Nguyễn Thị Hương · 0987***321"]
    again = await boss.say("huong nguyen")  # every word, in any order
    assert again.plain_text.count("Nguyễn Thị Hương") == 2
    await boss.tap("Nguyễn Thị Hương · 0987***321")
    await boss.tap("điều phối viên")
    done = await boss.tap("Xã Bảo Yên")
    assert "Nguyễn Thị Hương" in done.plain_text
    told = await double.wait_for_bot_message(second.id, after=seen[1])
    assert "vai trò điều phối viên cho Xã Bảo Yên" in told.plain_text
    assert len(double.bot_messages(first.id)) == seen[0]
    promoted = await members.get_by_chat_id(running.db.reader, second.id)
    assert promoted.role == "coordinator"
    help_text = await second.say("/help")
    assert (
        "Bạn là điều phối viên của Tổ CNS Bảo Yên, điều phối Xã Bảo Yên." in help_text.plain_text
    )


def test_the_quick_name_fold_is_fold_diacritics():
    names = ["Nguyễn Thị Hương", "ĐỖ VĂN KHÁNH", "Ưng Hoàng Phúc", "Lò Thị Lan", "Hoà Ｘ"]
    names.append(unicodedata.normalize("NFD", "Bùi Thị Loan"))  # combining marks: the slow way
    assert [fold_name(n) for n in names] == [fold_diacritics(n) for n in names]


async def test_a_search_shows_eight_and_says_there_are_more(db, roster):
    for number in range(10):
        await add_member(
            db, roster.team_a.id, now=NOW, chat_id=700 + number, full_name=f"Lê Thị Hương {number}"
        )
    found, more = await find_people(db.reader, "le HUONG")
    assert len(found) == 8 and more
    assert found[0].member.full_name == "Lê Thị Hương 0" and found[0].team == "Tổ CNS Nà Phung"
    assert found[0].masked_phone is None
