"""The Bot API double, driven through the real python-telegram-bot client."""

import asyncio

import aiohttp
import pytest
import telegram
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler

from bot.doubles.telegram import BotApiDouble

LAN = 10001
# A 1x1 PNG is enough for Telegram to accept a photo.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
async def double():
    async with BotApiDouble(rate_limits=None) as double:
        double.add_user(LAN, first_name="Lan", phone_number="+84912345678")
        yield double


@pytest.fixture
async def bot(double):
    bot = telegram.Bot(double.token, base_url=double.base_url, base_file_url=double.file_base_url)
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
async def started(double, bot):
    """Lan has written /start, so the bot may message her."""
    double.send_text(LAN, "/start")
    return bot


def keyboard(*buttons):
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data)] for text, data in buttons]
    )


async def test_get_me_describes_the_bot(bot):
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "cns_test_bot", True)


async def test_html_message_is_stored_raw_and_parsed(double, started):
    sent = await started.send_message(LAN, "<b>Chào</b> Lan &amp; tổ", parse_mode="HTML")
    assert sent.text == "Chào Lan & tổ"
    assert sent.entities[0].type == "bold"
    stored = double.bot_messages(LAN)[-1]
    assert (stored.text, stored.plain_text) == ("<b>Chào</b> Lan &amp; tổ", "Chào Lan & tổ")
    assert double.calls[-1] == (
        "sendMessage",
        {"chat_id": str(LAN), "text": "<b>Chào</b> Lan &amp; tổ", "parse_mode": "HTML"},
    )
    assert double.errors == []


@pytest.mark.parametrize("text", ["a < b", "<b>x", "<foo>x</foo>", "Tôm & cua", "&nbsp;"])
async def test_broken_html_is_rejected(double, started, text):
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await started.send_message(LAN, text, parse_mode="HTML")
    assert double.errors[-1][:2] == ("sendMessage", 400)
    assert double.bot_messages(LAN) == []


async def test_length_is_counted_after_entity_parsing(started):
    await started.send_message(LAN, "đ" * 4096)
    await started.send_message(LAN, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await started.send_message(LAN, "đ" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await started.send_message(LAN, "<b> </b>", parse_mode="HTML")


async def test_caption_limit(started):
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await started.send_photo(LAN, PNG, caption="x" * 1025)
    await started.send_photo(LAN, PNG, caption="<i>" + "x" * 1024 + "</i>", parse_mode="HTML")


async def test_callback_data_is_limited_in_bytes_not_characters(double, started):
    # "đ" takes two bytes in UTF-8: 32 of them fill the 64-byte limit exactly.
    await started.send_message(LAN, "ok", reply_markup=keyboard(("Đồng ý", "đ" * 32)))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await started.send_message(LAN, "x", reply_markup=keyboard(("Đồng ý", "đ" * 32 + "a")))
    rejected_markup = double.calls[-1][1]["reply_markup"]
    assert rejected_markup["inline_keyboard"][0][0]["callback_data"] == "đ" * 32 + "a"


async def test_inline_button_needs_exactly_one_action(double, started):
    markup = {"inline_keyboard": [[{"text": "Chỉ có chữ"}]]}
    with pytest.raises(BadRequest, match="Button_type_invalid"):
        await started.send_message(LAN, "x", reply_markup=markup)
    markup = {"inline_keyboard": [[{"text": "Hai", "callback_data": "a", "url": "https://x.vn"}]]}
    with pytest.raises(BadRequest, match="Button_type_invalid"):
        await started.send_message(LAN, "x", reply_markup=markup)


async def test_unknown_chats_are_not_found(double, bot):
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(99999, "x")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(LAN, "Lan never wrote to the bot")


async def test_blocked_user_answers_forbidden_and_bot_learns_it(double, started):
    double.block(LAN)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await started.send_message(LAN, "x")
    updates = await started.get_updates()
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"
    double.unblock(LAN)
    await started.send_message(LAN, "welcome back")


async def test_wrong_token_and_unknown_method(double, bot):
    with pytest.raises(InvalidToken):
        async with telegram.Bot("654321:WRONG", base_url=double.base_url):
            pass
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")
    assert await bot.do_api_request("GETME") == (await bot.get_me()).to_dict()


async def test_json_bodies_are_accepted(double, started):
    url = f"{double.base_url}{double.token}/sendMessage"
    body = {"chat_id": LAN, "text": "<i>json</i>", "parse_mode": "HTML"}
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        answer = await response.json()
    assert answer["ok"] is True
    assert answer["result"]["entities"] == [{"offset": 0, "length": 4, "type": "italic"}]


async def test_long_poll_returns_as_soon_as_a_user_writes(double, bot):
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await double.wait_until(lambda: ("getUpdates", {"timeout": "30"}) in double.calls)
    assert not poll.done()
    double.send_text(LAN, "/start invite-42")
    updates = await asyncio.wait_for(poll, 2)
    message = updates[0].message
    assert message.text == "/start invite-42"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    confirmed = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert confirmed == ()


async def test_pressing_an_inline_button_sends_a_callback_query(double, started):
    await started.get_updates()
    sent = await started.send_message(
        LAN, "<b>Điểm danh?</b>", parse_mode="HTML", reply_markup=keyboard(("Có mặt", "here"))
    )
    with pytest.raises(ValueError, match="no button"):
        double.press(LAN, sent.message_id, "absent")
    double.press_button(LAN, "mặt")
    (update,) = await started.get_updates(offset=2)
    query = update.callback_query
    assert query.data == "here"
    assert query.message.text == "Điểm danh?" and query.message.entities[0].type == "bold"
    assert query.message.reply_markup == sent.reply_markup
    assert query.message.from_user.id == started.id
    await query.answer("Đã ghi nhận")
    assert double.answered_callbacks == [(query.id, "Đã ghi nhận", False)]
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer()
    assert double.transcript(LAN)[-1].callback_data == "here"
    assert double.describe_transcript(LAN).endswith(
        "bot #2: Điểm danh?\nuser pressed [Có mặt] on #2"
    )


async def test_a_forged_press_carries_data_no_button_has(double, started):
    await started.get_updates()
    sent = await started.send_message(LAN, "Xóa?", reply_markup=keyboard(("Xóa", "1pv:yes")))
    plain = await started.send_message(LAN, "Không có nút")
    double.press(LAN, sent.message_id, "1pv:zz", forged=True)
    double.press(LAN, plain.message_id, "0pv:yes", forged=True)
    first, second = await started.get_updates(offset=2)
    assert (first.callback_query.data, second.callback_query.data) == ("1pv:zz", "0pv:yes")
    assert first.callback_query.message.message_id == sent.message_id
    await first.callback_query.answer()
    assert double.answered_callbacks == [(first.callback_query.id, None, False)]
    assert "user pressed [<forged 0pv:yes>]" in double.describe_transcript(LAN)
    with pytest.raises(ValueError, match="1-64 bytes"):
        double.press(LAN, sent.message_id, "x" * 65, forged=True)


async def test_stickers_locations_voice_notes_and_other_peoples_contacts(double, started):
    await started.get_updates()
    hoa = double.add_user(first_name="Hoa")["id"]
    double.send_sticker(LAN, "😀", set_name="cns_pack")
    double.send_sticker(LAN, None, is_video=True)
    double.send_location(LAN, 22.3364, 104.1478, accuracy=12.5)
    double.send_voice(LAN, b"OggS voice", duration=4)
    double.share_contact(LAN, "0987654321", own=False, first_name="Hoa", contact_user_id=hoa)
    double.share_contact(LAN, "0911000111", own=False)
    updates = await started.get_updates(offset=2)
    sticker, video, location, voice, contact, stranger = (u.message for u in updates)
    assert (sticker.sticker.type, sticker.sticker.emoji, sticker.sticker.set_name) == (
        "regular",
        "😀",
        "cns_pack",
    )
    assert (sticker.sticker.width, sticker.sticker.is_animated) == (512, False)
    assert video.sticker.is_video and video.sticker.emoji is None
    assert (location.location.latitude, location.location.longitude) == (22.3364, 104.1478)
    assert location.location.horizontal_accuracy == 12.5
    # (PTB 22 deprecates reading Voice.duration as a number; the wire format is checked.)
    assert voice.voice.api_kwargs == {} and voice.voice.mime_type == "audio/ogg"
    assert updates[3].to_dict()["message"]["voice"]["duration"] == 4
    file = await started.get_file(voice.voice.file_id)
    assert bytes(await file.download_as_bytearray()) == b"OggS voice"
    file = await started.get_file(sticker.sticker.file_id)
    assert (await file.download_as_bytearray()).startswith(b"RIFF")
    assert (contact.contact.user_id, contact.contact.first_name) == (hoa, "Hoa")
    assert stranger.contact.user_id is None
    assert not any(m.text for m in (sticker, location, voice, contact))
    assert double.describe_transcript(LAN).splitlines()[-6:-2] == [
        "user #2: [sticker 😀]",
        "user #3: [sticker ]",
        "user #4: [location 22.3364, 104.1478]",
        "user #5: [voice 4 s]",
    ]
    with pytest.raises(ValueError, match="own id"):
        double.share_contact(LAN, "0912345678", own=False, contact_user_id=LAN)


async def test_contact_button_shares_the_users_phone(double, started):
    await started.get_updates()
    markup = ReplyKeyboardMarkup([[KeyboardButton("Gửi số điện thoại", request_contact=True)]])
    await started.send_message(LAN, "Số của bạn?", reply_markup=markup)
    double.reply_keyboard_press(LAN, "số điện thoại")
    (update,) = await started.get_updates(offset=2)
    contact = update.message.contact
    assert (contact.phone_number, contact.user_id) == ("+84912345678", LAN)
    await started.send_message(LAN, "Cảm ơn", reply_markup=ReplyKeyboardRemove())
    with pytest.raises(ValueError, match="no reply keyboard button"):
        double.reply_keyboard_press(LAN, "số điện thoại")


async def test_photo_and_document_bytes_round_trip(double, started):
    photo = await started.send_photo(LAN, PNG, caption="QR")
    document = await started.send_document(LAN, b"a;b\n1;2\n", filename="danh_sach.csv")
    assert (photo.photo[-1].width, document.document.file_name) == (1, "danh_sach.csv")
    stored_photo, stored_document = double.bot_messages(LAN)
    assert stored_photo.photo_bytes == PNG and stored_document.document_bytes == b"a;b\n1;2\n"
    file = await started.get_file(photo.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == PNG
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await started.send_photo(LAN, b"not an image")


async def test_user_files_can_be_downloaded_by_the_bot(double, started):
    double.send_document(LAN, "hoi_vien.xlsx", b"PK\x03\x04data", "application/vnd.ms-excel")
    double.send_photo(LAN, PNG, caption="Ảnh thẻ")
    *_, document_update, photo_update = await started.get_updates()
    file = await started.get_file(document_update.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"PK\x03\x04data"
    photo = photo_update.message.photo[-1]
    assert (photo.width, photo_update.message.caption) == (1, "Ảnh thẻ")
    file = await started.get_file(photo.file_id)
    assert bytes(await file.download_as_bytearray()) == PNG


async def test_deleted_messages_stay_in_the_transcript(double, started):
    seen = []
    double.add_listener(seen.append)
    sent = await started.send_message(LAN, "Tạm", reply_markup=keyboard(("Nút", "b")))
    await started.delete_message(LAN, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await started.delete_message(LAN, sent.message_id)
    assert len(seen) == 2 and seen[-1].deleted
    assert double.bot_messages(LAN) == [seen[-1]]
    with pytest.raises(ValueError, match="no inline button"):
        double.press_button(LAN, "Nút")
    double.remove_listener(seen.append)
    await started.send_message(LAN, "không ai nghe")
    assert len(seen) == 2


async def test_edits_follow_telegram_rules(double, started):
    sent = await started.send_message(LAN, "Chờ", reply_markup=keyboard(("Huỷ", "cancel")))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await started.edit_message_text(
            "Chờ", LAN, sent.message_id, reply_markup=sent.reply_markup
        )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await started.edit_message_text("x", LAN, 999)
    waiting = asyncio.create_task(double.wait_for_edit(LAN, sent.message_id))
    await started.edit_message_text("<b>Xong</b>", LAN, sent.message_id, parse_mode="HTML")
    edited = await asyncio.wait_for(waiting, 2)
    # Omitting reply_markup in an edit removes the inline keyboard, as on Telegram.
    assert (edited.plain_text, edited.reply_markup, edited.edits) == ("Xong", None, ["Chờ"])


async def test_command_menus_resolve_most_specific_scope_first(double, bot):
    double.add_user(10002, language_code="en")
    double.send_text(10002, "/start")
    await bot.set_my_commands([BotCommand("start", "Bắt đầu")])
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    await bot.set_my_commands(
        [BotCommand("help", "Trợ giúp")], scope=BotCommandScopeAllPrivateChats()
    )
    await bot.set_my_commands([BotCommand("admin", "Quản trị")], scope=BotCommandScopeChat(10002))
    assert [c["command"] for c in double.commands_for(LAN)] == ["help"]
    assert [c["command"] for c in double.commands_for(10002)] == ["admin"]
    await bot.delete_my_commands(scope=BotCommandScopeAllPrivateChats())
    assert double.commands_for(LAN)[0]["description"] == "Bắt đầu"
    assert double.commands_for(LAN, language_code="en")[0]["description"] == "Start"
    assert [c.command for c in await bot.get_my_commands(language_code="en")] == ["start"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Hoa")])


async def test_wait_for_bot_message_explains_a_timeout(double, started):
    await started.send_message(LAN, "Chào Lan")
    with pytest.raises(TimeoutError, match="bot #2: Chào Lan"):
        await double.wait_for_bot_message(LAN, after=1, timeout=0.01)


async def test_ptb_application_runs_against_the_double(double):
    async def start(update, context):
        markup = keyboard(("Tham gia", f"join:{context.args[0]}"))
        await update.message.reply_html("<b>Mời</b> vào tổ?", reply_markup=markup)

    async def join(update, context):
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(f"Đã tham gia {update.callback_query.data}")

    app = (
        ApplicationBuilder()
        .token(double.token)
        .base_url(double.base_url)
        .base_file_url(double.file_base_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(join))
    seen = []
    double.add_listener(lambda message: seen.append(message.plain_text))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=10)
        double.send_text(LAN, "/start team7")
        invite = await double.wait_for_bot_message(LAN)
        double.press_button(LAN, "Tham gia")
        await double.wait_for_edit(LAN, invite.message_id, edits=0)
        await app.updater.stop()
        await app.stop()
    assert seen == ["Mời vào tổ?", "Đã tham gia join:team7"]
    assert double.errors == []
