"""Joining a team, end to end: the real Application polling the Bot API double over HTTP."""

from storage import audit, members

INVITE_BUTTON = "Tôi đồng ý"


async def member_of(running, person):
    return await members.get_by_chat_id(running.db.reader, person.id)


async def test_volunteer_joins_from_invite_link(running, roster, people, double):
    lan = people(first_name="Nguyễn Thị", last_name="Lan", phone_number="0912345678")

    welcome = await lan.say(f"/start {roster.team_a.invite_code}")
    assert "Tổ CNS Nà Phung" in welcome.plain_text
    assert "Thôn Nà Phung, Xã Bảo Yên" in welcome.plain_text  # village and commune named
    assert "Luật Bảo vệ dữ liệu cá nhân" in welcome.plain_text

    ask_name = await lan.tap(INVITE_BUTTON)
    assert "Nguyễn Thị Lan" in ask_name.plain_text
    ask_phone = await lan.tap("Dùng tên")
    assert ask_phone.reply_markup["keyboard"][0][0]["request_contact"] is True

    card = await lan.keyboard("Chia sẻ số điện thoại")
    assert "Họ tên: Nguyễn Thị Lan" in card.plain_text
    assert "0912 345 678" in card.plain_text
    done = await lan.tap("Xác nhận")
    assert "Nguyễn Thị Lan" in done.plain_text and "Tổ CNS Nà Phung" in done.plain_text
    assert "keyboard" in done.reply_markup  # the main menu

    member = await member_of(running, lan)
    assert (member.full_name, member.phone, member.team_id, member.role) == (
        "Nguyễn Thị Lan",
        "+84912345678",
        roster.team_a.id,
        "member",
    )
    assert [c["command"] for c in double.commands_for(lan.id)] == [
        "report",
        "myreports",
        "deadlines",
        "privacy",
        "help",
        "language",
        "cancel",
        "start",
    ]
    joined = await audit.entries(running.db.reader, "member.joined")
    assert joined[0]["actor_id"] == member.id and joined[0]["detail"] == {"team": "T001"}
    # Nothing typed but the link's /start: consent, name, phone and confirm are taps.
    typed = [m for m in double.transcript(lan.id) if not m.from_bot and m.text and not m.is_press]
    assert [m.text for m in typed] == [f"/start {roster.team_a.invite_code}"]


async def test_wrong_code_then_typed_code(running, roster, people):
    minh = people(first_name="Minh")
    bad = await minh.say("/start NOTACODE99")
    assert "không đúng" in bad.plain_text and "NOTACODE99" in bad.plain_text
    unknown = await minh.say("ABCDEFGHJK")  # well-formed, but no team has it
    assert unknown.plain_text == "Mã mời này không tồn tại, bạn hỏi lại tổ trưởng nhé."
    again = await minh.say("ABCD1234")  # typed wrong: the format is explained
    assert "10 chữ và số" in again.plain_text
    code = roster.team_b.invite_code.lower()
    spaced = f"{code[:4]} {code[4:]}"
    welcome = await minh.say(spaced)
    assert "Tổ CNS Bảo Yên" in welcome.plain_text


async def test_start_without_code_explains_and_accepts_typed_code(running, roster, people):
    hoa = people(first_name="Hoa")
    how = await hoa.say("/start")
    assert "link mời" in how.plain_text
    chat = await hoa.say("xin chào")
    assert "link mời" in chat.plain_text  # still explained, never a dead end
    welcome = await hoa.say(roster.team_a.invite_code)
    assert "Tổ CNS Nà Phung" in welcome.plain_text


async def test_unregistered_typed_code_without_start(running, roster, people):
    tuan = people(first_name="Tuấn")
    welcome = await tuan.say(roster.team_b.invite_code)
    assert "Tổ CNS Bảo Yên" in welcome.plain_text


async def test_restart_mid_join_continues_where_it_was(running, roster, people):
    an = people(first_name="An")
    await an.say(f"/start {roster.team_a.invite_code}")
    await an.tap(INVITE_BUTTON)
    ask_phone = await an.say("Trần Văn An")
    assert "số điện thoại" in ask_phone.plain_text

    await running.restart()

    card = await an.say("0987 654 321")
    assert "Họ tên: Trần Văn An" in card.plain_text and "0987 654 321" in card.plain_text
    await an.tap("Xác nhận")
    member = await member_of(running, an)
    assert (member.full_name, member.phone) == ("Trần Văn An", "+84987654321")


async def test_admin_first_start(start_bot, roster, people, double):
    boss = people(first_name="Quản", last_name="Trị")
    bot = await start_bot(admin_telegram_ids=str(boss.id))
    hello = await boss.say("/start")
    assert "quản trị viên" in hello.plain_text
    member = await members.get_by_chat_id(bot.db.reader, boss.id)
    assert member.role == "admin" and member.team_id is None
    assert double.commands_for(boss.id)  # a per-chat menu was set
    again = await boss.say("/start")
    assert "quản trị viên" in again.plain_text
    assert len(await audit.entries(bot.db.reader, "admin.registered")) == 1


async def test_name_with_html_characters_is_escaped(running, roster, people, double):
    odd = people(first_name="<b>&", last_name="x")
    await odd.say(f"/start {roster.team_a.invite_code}")
    ask_name = await odd.tap(INVITE_BUTTON)
    assert "&lt;b&gt;&amp;" in ask_name.text  # escaped on the wire
    await odd.tap("Dùng tên")
    card = await odd.keyboard("Bỏ qua")
    assert "Họ tên: <b>& x" in card.plain_text  # shown literally to the user
    assert "(không chia sẻ)" in card.plain_text
    done = await odd.tap("Xác nhận")
    assert "<b>& x" in done.plain_text
    member = await member_of(running, odd)
    assert member.full_name == "<b>& x" and member.phone is None


async def test_typed_numbers_pick_options_and_bad_input_is_answered(running, roster, people):
    mai = people(first_name="😀")  # no usable profile name: the bot asks to type it
    await mai.say(f"/start {roster.team_a.invite_code}")
    hint = await mai.say("ok")
    assert "Gõ 1 hoặc 2" in hint.plain_text
    ask = await mai.say("1")
    assert "Gõ họ tên đầy đủ" in ask.plain_text
    bad_name = await mai.say("1")
    assert "từ 2 đến 80 ký tự" in bad_name.plain_text
    await mai.say("Lò Thị Mai")
    bad_phone = await mai.say("12345")
    assert "chưa đúng" in bad_phone.plain_text
    not_own = await mai.share("0912000111", own=False)
    assert "không phải số của bạn" in not_own.plain_text
    card = await mai.say("0345 678 901")
    assert "0345 678 901" in card.plain_text
    edit = await mai.say("2")  # edit the name
    assert "Gõ họ tên đầy đủ" in edit.plain_text
    card = await mai.say("Lò Thị Mai B")
    assert "Họ tên: Lò Thị Mai B" in card.plain_text
    await mai.say("1")
    member = await member_of(running, mai)
    assert (member.full_name, member.phone) == ("Lò Thị Mai B", "+84345678901")


async def test_declining_consent_stores_nothing(running, roster, people):
    vy = people(first_name="Vy")
    await vy.say(f"/start {roster.team_a.invite_code}")
    declined = await vy.tap("Không đồng ý")
    assert "chưa được lưu" in declined.plain_text
    assert await member_of(running, vy) is None


async def test_cancel_leaves_the_dialog(running, roster, people):
    ly = people(first_name="Ly")
    await ly.say(f"/start {roster.team_a.invite_code}")
    await ly.tap(INVITE_BUTTON)
    stopped = await ly.say("/cancel")
    assert "Đã dừng" in stopped.plain_text
    after = await ly.say("Nguyễn Văn Ly")  # no longer taken as a name
    assert "link mời" in after.plain_text
    await ly.say("/cancel")  # leaves waiting for an invite code
    nothing = await ly.say("/cancel")
    assert "Không có việc gì" in nothing.plain_text


async def test_member_opening_links_again(running, roster, people):
    son = people(first_name="Sơn")
    await son.join(roster.team_a.invite_code)
    again = await son.say(f"/start {roster.team_a.invite_code}")
    assert "Bạn đang là thành viên của Tổ CNS Nà Phung" in again.plain_text

    ask = await son.say(f"/start {roster.team_b.invite_code}")
    assert "Tổ CNS Bảo Yên" in ask.plain_text
    kept = await son.tap("Giữ tổ hiện tại")
    assert "Tổ CNS Nà Phung" in kept.plain_text
    assert (await member_of(running, son)).team_id == roster.team_a.id

    await son.say(f"/start {roster.team_b.invite_code}")
    moved = await son.tap("Chuyển sang tổ mới")
    assert "Tổ CNS Bảo Yên" in moved.plain_text
    assert (await member_of(running, son)).team_id == roster.team_b.id
    switched = await audit.entries(running.db.reader, "member.switched_team")
    assert switched[0]["detail"] == {"from": "T001", "to": "T002"}


async def test_stale_button_says_the_card_expired(running, roster, people, double):
    kim = people(first_name="Kim")
    await kim.say(f"/start {roster.team_a.invite_code}")
    consent_card = kim.last
    await kim.join(roster.team_a.invite_code)
    answered = len(double.answered_callbacks)
    data = consent_card.reply_markup["inline_keyboard"][0][0]["callback_data"]
    double.press(kim.id, consent_card.message_id, data)
    await double.wait_until(lambda: len(double.answered_callbacks) > answered)
    _, text, alert = double.answered_callbacks[answered]
    assert "hết hạn" in text and alert


async def test_language_switch_and_help(running, roster, people, double):
    ben = people(first_name="Ben", language_code="en")
    await ben.join(roster.team_a.invite_code)
    helped = await ben.say("/help")
    assert "thành viên" in helped.plain_text and "/cancel" in helped.plain_text
    await ben.say("/language")
    switched = await ben.tap("English")
    assert switched.plain_text == "Switched to English."
    helped = await ben.say("/help")
    assert "You are a member of Tổ CNS Nà Phung" in helped.plain_text
    assert double.commands_for(ben.id)[0]["description"] == "Report an activity"
    via_menu = await ben.keyboard("Help")
    assert "You are a member" in via_menu.plain_text


async def test_a_server_error_on_a_reply_is_retried(running, roster, people, double):
    hai = people(first_name="Hải")
    await hai.say(f"/start {roster.team_a.invite_code}")
    double.inject_fault(500, method="sendMessage")
    ask_name = await hai.tap(INVITE_BUTTON)
    assert "Họ và tên" in ask_name.plain_text


async def test_an_error_gets_a_kind_answer_and_the_dialog_goes_on(running, roster, people, double):
    hai = people(first_name="Hải")
    await hai.say(f"/start {roster.team_a.invite_code}")
    double.inject_fault(502, method="sendMessage", count=4)  # more than the bot retries
    sorry = await hai.tap(INVITE_BUTTON)
    assert "Xin lỗi" in sorry.plain_text
    assert "Traceback" not in sorry.plain_text and "Error" not in sorry.plain_text
    ask_name = await hai.say("1")  # the consent question is still open
    assert "Họ và tên" in ask_name.plain_text


async def test_a_replayed_update_changes_nothing(running, roster, people, double):
    lan = people(first_name="Lan")
    await lan.say(f"/start {roster.team_a.invite_code}")
    await lan.tap(INVITE_BUTTON)
    await lan.tap("Dùng tên")
    await lan.keyboard("Bỏ qua")
    seen = len(double.bot_messages(lan.id))
    confirming = double.press_button(lan.id, "Xác nhận")
    await double.wait_for_bot_message(lan.id, after=seen)
    double.redeliver(confirming)  # as after a crash before getUpdates confirmed it
    helped = await lan.say("/help")  # handled strictly after the replay
    assert "thành viên" in helped.plain_text
    after_done = [m.plain_text for m in double.bot_messages(lan.id)[seen:]]
    assert len(after_done) == 2 and after_done[0].startswith("🎉")
    assert len(await audit.entries(running.db.reader, "member.joined")) == 1
