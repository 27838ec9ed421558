"""The Zalo Bot Platform double, driven over real HTTP as a Zalo transport would."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.doubles.zalo import RateLimits, StoredZaloMessage, ZaloDouble
from bot.doubles.zalo.api_messages import UNSUPPORTED_PARAMS
from bot.doubles.zalo.users import PLACEHOLDER_PNG
from bot.doubles.zalo.webhook import SECRET_HEADER

TOKEN = "123456789:zalo-test-secret"
SECRET = "webhook-secret-42"


class FakeClock:
    """A monotonic clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def zalo():
    async with ZaloDouble(token=TOKEN) as double:
        yield double


@pytest.fixture
async def http():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        yield session


@pytest.fixture
def lan(zalo) -> str:
    """A user who wrote to the bot, so the bot may message her."""
    user_id = zalo.add_user("Lan")
    zalo.send_text(user_id, "xin chào")
    return user_id


async def call(http, zalo, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """POST a JSON body to a method, as the transport does; return status and answer."""
    async with http.post(zalo.api_url + method, json=params) as response:
        return response.status, await response.json()


async def serve(routes: web.RouteTableDef) -> tuple[web.AppRunner, str]:
    """A small aiohttp app on 127.0.0.1 standing in for the bot's webhook or chart links."""
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


async def test_get_me_describes_the_bot_account(zalo, http):
    status, answer = await call(http, zalo, "getMe")

    assert status == 200
    assert answer == {
        "ok": True,
        "result": {
            "id": "123456789",
            "account_name": "bot.cns_test",
            "account_type": "BASIC",
            "can_join_groups": False,
        },
    }
    assert zalo.calls == ["getMe"]


async def test_get_updates_hands_out_one_update_per_call_then_408(zalo, http):
    user_id = zalo.add_user("Lan")
    first = zalo.send_text(user_id, "một")
    second = zalo.send_text(user_id, "hai")

    answers = [await call(http, zalo, "getUpdates", timeout=0.05) for _ in range(3)]

    assert answers[0] == (200, {"ok": True, "result": first})
    assert answers[1] == (200, {"ok": True, "result": second})
    assert answers[2] == (
        408,
        {"ok": False, "error_code": 408, "description": "Request timeout"},
    )
    assert zalo.errors == []  # an empty long poll is no rejected call


async def test_text_update_has_zalos_shape(zalo, http):
    user_id = zalo.add_user("Trần Thị Lan")
    zalo.send_text(user_id, "báo cáo")

    _, answer = await call(http, zalo, "getUpdates", timeout="1")

    update = answer["result"]
    assert update["event_name"] == "message.text.received"
    message = update["message"]
    assert message["from"] == {"id": user_id, "display_name": "Trần Thị Lan", "is_bot": False}
    assert message["chat"] == {"id": user_id, "chat_type": "PRIVATE"}
    assert message["text"] == "báo cáo"
    assert len(message["message_id"]) == 20 and int(message["message_id"], 16) >= 0
    assert isinstance(message["date"], int) and message["date"] > 10**12  # milliseconds


async def test_long_poll_answers_as_soon_as_a_user_writes(zalo, http):
    user_id = zalo.add_user("Lan")
    poll = asyncio.create_task(call(http, zalo, "getUpdates", timeout=5))
    await zalo.wait_until(lambda: "getUpdates" in zalo.calls)

    update = zalo.send_text(user_id, "có ai không?")

    assert await poll == (200, {"ok": True, "result": update})


async def test_form_encoded_and_query_parameters_are_accepted(zalo, http, lan):
    async with http.post(zalo.api_url + "sendMessage", data={"chat_id": lan, "text": "a"}) as r:
        assert r.status == 200
    async with http.post(zalo.api_url + f"sendMessage?chat_id={lan}&text=b") as r:
        assert r.status == 200

    assert [m.text for m in zalo.bot_messages(lan)] == ["a", "b"]


async def test_user_image_sticker_and_unsupported_updates(zalo, http):
    user_id = zalo.add_user("Lan")
    image = zalo.send_image(user_id, caption="ảnh hiện trường")
    sticker = zalo.send_sticker(user_id)
    unsupported = zalo.send_unsupported(user_id)

    assert image["event_name"] == "message.image.received"
    assert image["message"]["caption"] == "ảnh hiện trường"
    assert "text" not in image["message"]
    async with http.get(image["message"]["photo"]) as response:
        assert response.content_type == "image/png"
        assert await response.read() == PLACEHOLDER_PNG
    assert sticker["event_name"] == "message.sticker.received"
    assert sticker["message"]["sticker"] in sticker["message"]["url"]
    assert unsupported["event_name"] == "message.unsupported.received"
    assert "text" not in unsupported["message"]
    kinds = [entry.kind for entry in zalo.transcript(user_id)]
    assert kinds == ["image", "sticker", "unsupported"]


async def test_ids_are_deterministic_per_seed():
    async with ZaloDouble(token=TOKEN, seed=7) as one, ZaloDouble(token=TOKEN, seed=7) as two:
        ids = [one.add_user("A"), one.add_user("B")]
        assert [two.add_user("A"), two.add_user("B")] == ids
    assert ids[0] != ids[1]
    assert all(len(user_id) == 20 and int(user_id, 16) >= 0 for user_id in ids)


@pytest.mark.parametrize("length", [1, 2000])
async def test_text_of_1_to_2000_characters_is_sent(zalo, http, lan, length):
    text = "ệ" * length  # characters count, not UTF-8 bytes

    status, answer = await call(http, zalo, "sendMessage", chat_id=lan, text=text)

    assert status == 200
    assert set(answer["result"]) == {"message_id", "date"}
    assert zalo.bot_messages(lan)[0].text == text


@pytest.mark.parametrize("length", [0, 2001])
async def test_text_outside_1_to_2000_characters_is_refused(zalo, http, lan, length):
    status, answer = await call(http, zalo, "sendMessage", chat_id=lan, text="a" * length)

    assert status == 400 and answer["error_code"] == 400
    assert "2000" in answer["description"]
    assert zalo.bot_messages(lan) == []
    assert zalo.errors[0].method == "sendMessage" and zalo.errors[0].status == 400


@pytest.mark.parametrize("name", UNSUPPORTED_PARAMS)
async def test_keyboard_and_formatting_parameters_are_refused(zalo, http, lan, name):
    keyboard = {"inline_keyboard": [[{"text": "1", "callback_data": "x"}]]}
    params = {"chat_id": lan, "text": "Chọn:", name: "HTML" if name == "parse_mode" else keyboard}

    status, answer = await call(http, zalo, "sendMessage", **params)

    assert status == 400
    assert answer["description"].startswith(f"unsupported parameter {name}")
    assert zalo.bot_messages(lan) == []


async def test_only_users_who_wrote_first_can_be_messaged(zalo, http, lan):
    silent = zalo.add_user("Hùng")

    never_wrote = await call(http, zalo, "sendMessage", chat_id=silent, text="chào")
    stranger = await call(http, zalo, "sendMessage", chat_id="0123456789abcdef0123", text="x")
    zalo.block(lan)
    blocked = await call(http, zalo, "sendMessage", chat_id=lan, text="chào")

    assert never_wrote[0] == 400 and stranger[0] == 400
    assert blocked[0] == 403
    assert [e.status for e in zalo.errors] == [400, 400, 403]
    assert zalo.errors[0].params == {"chat_id": silent, "text": "chào"}


async def test_html_looking_text_is_shown_raw_and_recorded(zalo, http, lan):
    await call(http, zalo, "sendMessage", chat_id=lan, text="Điểm: 5 < 7 & tăng")
    assert zalo.raw_markup_messages() == []

    await call(http, zalo, "sendMessage", chat_id=lan, text="<b>Báo cáo</b> đã lưu")
    await call(http, zalo, "sendMessage", chat_id=lan, text="Tổ &lt;1&gt;")

    assert [m.raw_markup for m in zalo.raw_markup_messages()] == ["<b>", "&lt;"]
    assert zalo.bot_messages(lan)[1].text == "<b>Báo cáo</b> đã lưu"


async def test_send_photo_fetches_the_url_and_records_what_it_got(zalo, http, lan):
    routes = web.RouteTableDef()

    @routes.get("/chart.png")
    async def chart(request: web.Request) -> web.Response:
        return web.Response(body=PLACEHOLDER_PNG, content_type="image/png")

    runner, origin = await serve(routes)
    try:
        ok = await call(
            http, zalo, "sendPhoto", chat_id=lan, photo=f"{origin}/chart.png", caption="Tuần"
        )
        expired = await call(http, zalo, "sendPhoto", chat_id=lan, photo=f"{origin}/gone.png")
    finally:
        await runner.cleanup()

    assert ok[0] == 200 and expired[0] == 200  # a dead link is a broken image, not an error
    chart_message, gone_message = zalo.bot_messages(lan)
    assert chart_message.kind == "photo" and chart_message.caption == "Tuần"
    assert chart_message.photo_fetch is not None and chart_message.photo_fetch.ok
    assert chart_message.photo_fetch.content_type == "image/png"
    assert chart_message.photo_fetch.size == len(PLACEHOLDER_PNG)
    assert gone_message.photo_fetch is not None and gone_message.photo_fetch.status == 404
    assert not gone_message.photo_fetch.ok


async def test_send_photo_records_an_unreachable_link(zalo, http, lan):
    runner, origin = await serve(web.RouteTableDef())
    await runner.cleanup()  # nothing listens there any more

    status, _ = await call(http, zalo, "sendPhoto", chat_id=lan, photo=f"{origin}/c.png")

    fetched = zalo.bot_messages(lan)[0].photo_fetch
    assert status == 200
    assert fetched is not None and fetched.status is None and fetched.error


async def test_send_photo_needs_a_url_not_an_upload(zalo, http, lan):
    form = aiohttp.FormData()
    form.add_field("chat_id", lan)
    form.add_field("photo", PLACEHOLDER_PNG, filename="chart.png", content_type="image/png")
    async with http.post(zalo.api_url + "sendPhoto", data=form) as response:
        upload = response.status, await response.json()
    not_url = await call(http, zalo, "sendPhoto", chat_id=lan, photo="file:///etc/passwd")
    long_caption = await call(
        http, zalo, "sendPhoto", chat_id=lan, photo="https://x.test/a.png", caption="a" * 2001
    )

    assert upload[0] == 400 and "photo must be a URL" in upload[1]["description"]
    assert not_url[0] == 400
    assert long_caption[0] == 400 and "2000" in long_caption[1]["description"]
    assert zalo.bot_messages(lan) == []


async def test_sticker_and_chat_action(zalo, http, lan):
    sticker = await call(http, zalo, "sendSticker", chat_id=lan, sticker="bfe458bf64fa8da4d4eb")
    typing = await call(http, zalo, "sendChatAction", chat_id=lan, action="typing")
    recording = await call(http, zalo, "sendChatAction", chat_id=lan, action="record_voice")

    assert sticker[0] == 200 and typing == (200, {"ok": True, "result": True})
    assert recording[0] == 400
    assert [m.kind for m in zalo.bot_messages(lan)] == ["sticker"]
    assert [e.kind for e in zalo.transcript(lan)] == ["text", "sticker", "action"]


async def test_wait_for_bot_message_and_listeners(zalo, http, lan):
    heard: list[StoredZaloMessage] = []
    zalo.add_listener(heard.append)
    sending = asyncio.create_task(call(http, zalo, "sendMessage", chat_id=lan, text="Đã lưu"))

    message = await zalo.wait_for_bot_message(lan, contains="lưu")
    await sending
    zalo.remove_listener(heard.append)
    await call(http, zalo, "sendMessage", chat_id=lan, text="sau")

    assert message.text == "Đã lưu"
    assert heard == [message]
    with pytest.raises(TimeoutError, match="Đã lưu"):
        await zalo.wait_for_bot_message(lan, contains="không có", timeout=0.05)


async def test_redeliver_hands_out_the_same_update_again(zalo, http):
    user_id = zalo.add_user("Lan")
    update = zalo.send_text(user_id, "1")
    _, first = await call(http, zalo, "getUpdates", timeout=0.05)

    zalo.redeliver(update)
    _, again = await call(http, zalo, "getUpdates", timeout=0.05)

    assert first["result"] == again["result"] == update
    assert len(zalo.transcript(user_id)) == 1  # a duplicate delivery, not a new message


async def test_webhook_posts_updates_with_the_secret_header(zalo, http):
    received: list[tuple[str | None, dict[str, Any]]] = []
    routes = web.RouteTableDef()

    @routes.post("/zalo")
    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response(text="ok")

    runner, origin = await serve(routes)
    try:
        status, answer = await call(
            http, zalo, "setWebhook", url=f"{origin}/zalo", secret_token=SECRET
        )
        user_id = zalo.add_user("Lan")
        update = zalo.send_text(user_id, "qua webhook")
        await zalo.wait_until(lambda: received)
        polled = await call(http, zalo, "getUpdates", timeout=0.05)
        info = await call(http, zalo, "getWebhookInfo")
        deleted = await call(http, zalo, "deleteWebhook")
    finally:
        await runner.cleanup()

    assert status == 200 and answer["result"]["url"] == f"{origin}/zalo"
    assert isinstance(answer["result"]["updated_at"], int)
    assert received == [(SECRET, {"ok": True, "result": update})]  # as the docs show it
    assert [(a.attempt, a.status) for a in zalo.webhook_deliveries] == [(1, 200)]
    assert polled[0] == 409 and "deleteWebhook" in polled[1]["description"]
    assert info[1]["result"]["url"] == f"{origin}/zalo"
    assert deleted[1]["result"]["url"] == ""
    assert (await call(http, zalo, "getWebhookInfo"))[1]["result"]["url"] == ""


async def test_webhook_retries_a_failing_answer_then_drops_the_update(zalo, http):
    answers = iter([500, 503, 200, 500, 500, 500, 500])
    routes = web.RouteTableDef()

    @routes.post("/zalo")
    async def hook(request: web.Request) -> web.Response:
        return web.Response(status=next(answers))

    runner, origin = await serve(routes)
    try:
        await call(http, zalo, "setWebhook", url=f"{origin}/zalo", secret_token=SECRET)
        user_id = zalo.add_user("Lan")
        recovered = zalo.send_text(user_id, "lần 1")
        lost = zalo.send_text(user_id, "lần 2")
        await zalo.wait_until(lambda: zalo.webhook_failures)
    finally:
        await runner.cleanup()

    attempts = [(a.update, a.attempt, a.status) for a in zalo.webhook_deliveries]
    assert attempts == [
        (recovered, 1, 500), (recovered, 2, 503), (recovered, 3, 200),
        (lost, 1, 500), (lost, 2, 500), (lost, 3, 500), (lost, 4, 500),
    ]  # fmt: skip
    assert zalo.webhook_failures == [lost]


async def test_webhook_connection_errors_count_as_failed_attempts():
    async with ZaloDouble(token=TOKEN, webhook_retry_delays=(0.0,)) as zalo:
        runner, origin = await serve(web.RouteTableDef())
        await runner.cleanup()  # nothing listens there any more
        async with aiohttp.ClientSession() as http:
            await call(http, zalo, "setWebhook", url=f"{origin}/zalo", secret_token=SECRET)
        update = zalo.send_text(zalo.add_user("Lan"), "mất")

        await zalo.wait_until(lambda: zalo.webhook_failures)

    assert [(a.attempt, a.status) for a in zalo.webhook_deliveries] == [(1, 0), (2, 0)]
    assert zalo.webhook_deliveries[0].error
    assert zalo.webhook_failures == [update]


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("https://bot.example.vn/zalo", None),
        ("https://bot.example.vn/zalo", "7-chars"),
        ("https://bot.example.vn/zalo", "x" * 257),
        ("http://bot.example.vn/zalo", SECRET),
        (None, SECRET),
    ],
)
async def test_set_webhook_needs_an_https_url_and_a_secret(zalo, http, url, secret):
    params = {key: value for key, value in (("url", url), ("secret_token", secret)) if value}

    status, answer = await call(http, zalo, "setWebhook", **params)

    assert status == 400 and answer["ok"] is False
    assert not zalo.webhook.active


async def test_injected_429_says_quota_exceeded_without_retry_after(zalo, http, lan):
    zalo.inject_fault(429, method="sendMessage")

    refused = await call(http, zalo, "sendMessage", chat_id=lan, text="1")
    accepted = await call(http, zalo, "sendMessage", chat_id=lan, text="2")

    assert refused == (429, {"ok": False, "error_code": 429, "description": "Quota exceeded"})
    assert accepted[0] == 200
    assert [m.text for m in zalo.bot_messages(lan)] == ["2"]
    assert [(e.method, e.status) for e in zalo.errors] == [("sendMessage", 429)]


async def test_injected_server_errors(zalo, http, lan):
    zalo.inject_fault(500, times=2)
    zalo.inject_fault(502, method="sendPhoto")

    failed = [await call(http, zalo, "getMe") for _ in range(2)]
    async with http.post(
        zalo.api_url + "sendPhoto", json={"chat_id": lan, "photo": "https://x.test/a.png"}
    ) as response:
        gateway = response.status, response.content_type, await response.text()
    recovered = await call(http, zalo, "getMe")

    assert [status for status, _ in failed] == [500, 500]
    assert failed[0][1]["description"] == "Internal Server Error"
    assert gateway[:2] == (502, "text/html") and "Bad Gateway" in gateway[2]
    assert recovered[0] == 200


async def test_a_delayed_answer_still_takes_effect(zalo, lan):
    zalo.inject_fault(None, method="sendMessage", delay=5.0)
    timeout = aiohttp.ClientTimeout(total=0.05)

    async with aiohttp.ClientSession(timeout=timeout) as impatient:
        with pytest.raises(TimeoutError):
            await call(impatient, zalo, "sendMessage", chat_id=lan, text="đến muộn")

    assert (await zalo.wait_for_bot_message(lan)).text == "đến muộn"


async def test_fault_rate_is_seeded_and_spares_get_updates(http):
    async def statuses(seed: int) -> list[int]:
        async with ZaloDouble(token=TOKEN) as zalo:
            zalo.fault_rate(0.5, seed=seed)
            user_id = zalo.add_user("Lan")
            zalo.send_text(user_id, "x")
            polled = await call(http, zalo, "getUpdates", timeout=0.05)
            assert polled[0] == 200
            answers = []
            for _ in range(20):
                # A drawn 502 is the proxy's HTML page, so read bodies as text.
                async with http.post(zalo.api_url + "getMe", json={}) as response:
                    answers.append((response.status, await response.text()))
            assert all("Quota exceeded" in body for status, body in answers if status == 429)
            return [status for status, _ in answers]

    first = await statuses(seed=3)

    assert first == await statuses(seed=3)
    assert 200 in first and set(first) - {200} <= {429, 500, 502} and len(set(first)) > 1


async def test_rate_limits_answer_quota_exceeded_until_the_clock_moves(http):
    clock = FakeClock()
    limits = RateLimits(per_chat_per_second=1.0, per_chat_burst=2, clock=clock)
    async with ZaloDouble(token=TOKEN, rate_limits=limits) as zalo:
        user_id = zalo.add_user("Lan")
        zalo.send_text(user_id, "hi")

        burst = [await call(http, zalo, "sendMessage", chat_id=user_id, text="a") for _ in "abc"]
        clock.now += 1.0
        refilled = await call(http, zalo, "sendMessage", chat_id=user_id, text="b")

    assert [status for status, _ in burst] == [200, 200, 429]
    assert burst[2][1] == {"ok": False, "error_code": 429, "description": "Quota exceeded"}
    assert refilled[0] == 200


async def test_wrong_token_and_unknown_method(zalo, http):
    async with http.post(f"{zalo.base_url}/bot123456789:wrong/getMe", json={}) as response:
        wrong = response.status, await response.json()
    unknown = await call(http, zalo, "sendKeyboard")

    assert wrong == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert unknown == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad request: invalid API name"},
    )
    assert zalo.calls == []
