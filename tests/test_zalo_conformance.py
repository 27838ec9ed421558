"""Every row of tests/zalo_conformance.md, checked: the double answers as the platform's docs
say, and the transport (a real ZaloBridge over a real SQLite file, talking HTTP to the double)
takes what the docs, and the other sources where they disagree, say Zalo sends.

A test names its row (Z01...) in its name or its parameters.
"""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import Update

from bot.core.clock import FrozenClock
from bot.core.i18n import Texts
from bot.doubles.zalo import RateLimits, ZaloDouble
from bot.transports.zalo import inbound
from bot.transports.zalo.api import ZaloApi, ZaloError
from bot.transports.zalo.inbound import file_unique_id
from bot.transports.zalo.render import MAX_TEXT
from bot.transports.zalo.transport import ZaloBridge, ZaloRequest, zalo_updates
from bot.transports.zalo.web import SECRET_HEADER
from storage.db import Database
from tests.conftest import START
from tests.zalo_helpers import ZALO_TOKEN, ZaloPerson, free_port

TEXTS = Texts("vi")
SECRET = "conformance-secret"


@pytest.fixture
async def zalo():
    async with ZaloDouble(token=ZALO_TOKEN) as server:
        yield server


@pytest.fixture
async def http():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        yield session


@pytest.fixture(autouse=True)
def fresh_log_once(monkeypatch):
    """ "Once per process" starts again in every test."""
    monkeypatch.setattr(inbound, "_logged", set())


async def call(http, zalo, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    async with http.post(zalo.api_url + method, json=params) as response:
        return response.status, await response.json()


class Probe:
    """The transport's side, as the application drives it: poll, translate, confirm."""

    def __init__(self, bridge: ZaloBridge) -> None:
        self.bridge = bridge
        self.confirmed: int | None = None

    async def poll(self) -> list[dict[str, Any]]:
        """One getUpdates as PTB makes it; the Telegram-shaped updates that reach handlers."""
        params: dict[str, Any] = {"timeout": 1}
        if self.confirmed is not None:
            params["offset"] = self.confirmed + 1
        kept = await self.bridge.get_updates(params)
        translated = []
        for body in kept:
            self.confirmed = body["update_id"]
            meant = await self.bridge.translate(Update.de_json(body, None))
            if meant is not None:
                translated.append(meant)
        return translated

    async def one(self) -> dict[str, Any]:
        [update] = await self.poll()
        return update


@pytest.fixture
async def probe(zalo, tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        api = ZaloApi(zalo.base_url, ZALO_TOKEN)
        bridge = ZaloBridge(api, db, TEXTS, FrozenClock(START), links=None, default_language="vi")
        try:
            yield Probe(bridge)
        finally:
            await api.close()


# --- Z01-Z03: calls, answers, errors -------------------------------------------------------


async def test_z01_methods_live_under_bot_token_and_take_query_form_and_json(zalo, http):
    user = zalo.add_user("Lan")
    zalo.send_text(user, "xin chào")
    base = zalo.api_url
    async with http.get(base + "getMe") as got:
        assert got.status == 200
    async with http.post(base + f"sendMessage?chat_id={user}&text=a") as query:
        assert query.status == 200
    async with http.post(base + "sendMessage", data={"chat_id": user, "text": "b"}) as form:
        assert form.status == 200
    async with http.post(base + "sendMessage", json={"chat_id": user, "text": "c"}) as body:
        assert body.status == 200
    async with http.post(base + "sendmessage", json={"chat_id": user, "text": "d"}) as case:
        assert case.status == 400  # method names are case-sensitive
    assert [m.text for m in zalo.bot_messages(user)] == ["a", "b", "c"]


async def test_z02_answers_are_ok_result_or_ok_false_error_code_description(zalo, http, probe):
    status, good = await call(http, zalo, "getMe")
    bad_status, bad = await call(http, zalo, "sendMessage", chat_id="nobody", text="x")
    assert status == 200 and set(good) == {"ok", "result"} and good["ok"] is True
    assert bad_status == 400 and set(bad) == {"ok", "error_code", "description"}
    assert bad["ok"] is False and bad["error_code"] == 400
    with pytest.raises(ZaloError) as raised:  # the transport's client reads the same shape
        await probe.bridge.api.call("sendMessage", {"chat_id": "nobody", "text": "x"})
    assert raised.value.code == 400 and "chat not found" in raised.value.description


async def test_z02_an_error_code_spelled_errorcode_is_read_too():
    routes = web.RouteTableDef()

    @routes.post("/bot1:x/testWebhook")
    async def quota(request: web.Request) -> web.Response:
        return web.json_response({"ok": False, "errorCode": 426, "description": "quota"})

    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    api = ZaloApi(f"http://127.0.0.1:{runner.addresses[0][1]}", "1:x")
    try:
        with pytest.raises(ZaloError) as raised:
            await api.call("testWebhook")
    finally:
        await api.close()
        await runner.cleanup()
    assert raised.value.code == 426


@pytest.mark.parametrize(
    ("row", "status", "expected"),
    [
        ("Z03-400", 400, 400),
        ("Z03-401", 401, 401),
        ("Z03-403", 403, 403),
        ("Z03-404", 404, 404),
        ("Z03-429", 429, 429),
        ("Z03-500", 500, 500),
    ],
)
async def test_z03_zalo_error_codes_reach_ptb_as_telegram_errors(
    zalo, probe, row, status, expected
):
    zalo.send_text(zalo.add_user("Lan"), "xin chào")
    chat = (await probe.one())["message"]["chat"]["id"]
    zalo.inject_fault(status, method="sendMessage")
    request = ZaloRequest(probe.bridge)
    data = SimpleNamespace(parameters={"chat_id": chat, "text": "hi"}, contains_files=False)
    answer_status, body = await request.do_request(
        "https://x/bot/sendMessage",
        "POST",
        request_data=data,  # type: ignore[arg-type]
    )
    assert answer_status == expected, row
    answer = json.loads(body)
    assert answer["ok"] is False and answer["error_code"] == expected
    if status == 429:  # Z31: Zalo says nothing of when to come back
        assert answer["parameters"] == {"retry_after": 2}


async def test_z03_wrong_token_and_unknown_method(zalo, http):
    async with http.post(f"{zalo.base_url}/bot1:wrong/getMe", json={}) as response:
        assert response.status == 401
    status, answer = await call(http, zalo, "sendKeyboard")
    assert (status, answer["error_code"]) == (400, 400)  # "invalid API name"


# --- Z04-Z09: getMe and getUpdates ----------------------------------------------------------


async def test_z04_get_me_has_the_documented_fields(zalo, http, probe):
    _, answer = await call(http, zalo, "getMe")
    assert set(answer["result"]) == {"id", "account_name", "account_type", "can_join_groups"}
    me = await probe.bridge.get_me()
    assert me["id"] == int(ZALO_TOKEN.split(":")[0]) and me["first_name"] == "bot.cns_test"
    assert me["can_join_groups"] is False


@pytest.mark.parametrize("seconds", [0.05, "0.05", "1"])
async def test_z05_get_updates_takes_timeout_as_a_number_or_a_string(zalo, http, seconds):
    zalo.send_text(zalo.add_user("Lan"), "một")
    status, answer = await call(http, zalo, "getUpdates", timeout=seconds)
    assert status == 200 and answer["result"]["message"]["text"] == "một"


async def test_z05_the_transport_sends_timeout_as_a_string(zalo, http, probe):
    seen: list[Any] = []
    original = zalo._methods["getUpdates"]

    async def spy(params):
        seen.append(params.values.get("timeout"))
        return await original(params)

    zalo._methods["getUpdates"] = spy
    zalo.send_text(zalo.add_user("Lan"), "một")
    await probe.poll()
    assert seen == ["1"]


async def test_z06_get_updates_hands_out_one_update_as_the_result(zalo, http):
    user = zalo.add_user("Lan")
    first, second = zalo.send_text(user, "một"), zalo.send_text(user, "hai")
    assert (await call(http, zalo, "getUpdates", timeout=0.05))[1]["result"] == first
    assert (await call(http, zalo, "getUpdates", timeout=0.05))[1]["result"] == second


@pytest.mark.parametrize(
    ("row", "result", "count"),
    [
        ("Z06-object", "update", 1),
        ("Z06-list", "list", 2),
        ("Z06-empty-object", {}, 0),
        ("Z06-null", None, 0),
        ("Z12-wrapped", "wrapped", 1),
        ("Z12-bare", "update", 1),
    ],
)
def test_z06_z12_every_update_shape_is_taken(row, result, count):
    update = {"event_name": "message.text.received", "message": {"text": "a"}}
    body = (
        {
            "update": update,
            "list": [update, update],
            "wrapped": {"ok": True, "result": update},
        }.get(result, result)
        if isinstance(result, str)
        else result
    )
    taken = zalo_updates(body)
    assert taken == [update] * count, row  # the update itself, never its envelope


async def test_z07_an_empty_long_poll_answers_408_and_the_transport_sees_nothing(
    zalo, http, probe
):
    status, answer = await call(http, zalo, "getUpdates", timeout=0.05)
    assert (status, answer) == (
        408,
        {"ok": False, "error_code": 408, "description": "Request timeout"},
    )
    assert await probe.poll() == []
    assert zalo.errors == []


async def test_z08_an_update_is_handed_out_once_and_the_transport_keeps_it(zalo, probe):
    user = zalo.add_user("Lan")
    update = zalo.send_text(user, "một")
    first = await probe.bridge.get_updates({"timeout": 1})
    again = await probe.bridge.get_updates({"timeout": 1})  # not confirmed: kept, not lost
    assert [u["update_id"] for u in again] == [u["update_id"] for u in first]
    zalo.redeliver(update)  # Zalo handing the same message out twice
    later = await probe.bridge.get_updates({"timeout": 1, "offset": first[0]["update_id"] + 1})
    assert later == []  # the same message_id is taken once


async def test_z09_get_updates_while_a_webhook_is_set_answers_409(zalo, http, probe):
    await call(http, zalo, "setWebhook", url="https://bot.example.vn/zalo", secret_token=SECRET)
    status, answer = await call(http, zalo, "getUpdates", timeout=0.05)
    assert status == 409 and answer["error_code"] == 409
    assert await probe.bridge.call("deleteWebhook", {}, {}) is True  # what polling does first
    assert (await call(http, zalo, "getUpdates", timeout=0.05))[0] == 408


# --- Z10-Z14: the webhook -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "secret", "status"),
    [
        ("https://bot.example.vn/zalo", "8-chars!", 200),
        ("https://bot.example.vn/zalo", "x" * 256, 200),
        ("https://bot.example.vn/zalo", "7-chars", 400),
        ("https://bot.example.vn/zalo", "x" * 257, 400),
        ("https://bot.example.vn/zalo", None, 400),
        ("http://bot.example.vn/zalo", SECRET, 400),
        (None, SECRET, 400),
    ],
)
async def test_z10_set_webhook_needs_an_https_url_and_a_secret_of_8_to_256(
    zalo, http, url, secret, status
):
    params = {k: v for k, v in (("url", url), ("secret_token", secret)) if v is not None}
    got, answer = await call(http, zalo, "setWebhook", **params)
    assert got == status
    if status == 200:
        assert set(answer["result"]) == {"url", "updated_at"}


@pytest.fixture
async def deploy(deploy, zalo):
    """The shared deployment; this module's `zalo` lets refusals happen, checked here."""
    yield deploy
    assert zalo.errors == [], f"Zalo refused: {zalo.errors}"


async def webhook_deployment(deploy, zalo, http) -> str:
    port = free_port()
    url = f"http://127.0.0.1:{port}/zalo/webhook"
    await deploy(
        public_url=f"http://127.0.0.1:{port}",
        zalo_webhook_url=url,
        zalo_webhook_secret=SECRET,
    )
    status, _ = await call(http, zalo, "setWebhook", url=url, secret_token=SECRET)
    assert status == 200
    return url


@pytest.mark.parametrize(("row", "wrap"), [("Z12-wrapped", True), ("Z12-bare", False)])
async def test_z11_z12_the_webhook_takes_the_double_s_deliveries_wrapped_or_bare(
    zalo, http, deploy, row, wrap
):
    await webhook_deployment(deploy, zalo, http)
    zalo.webhook.wrap = wrap
    an = ZaloPerson(zalo, "An")
    answer = await an.say("/help")
    assert answer.text, row
    await zalo.wait_until(lambda: zalo.webhook_deliveries)  # recorded once answered
    assert [a.status for a in zalo.webhook_deliveries] == [200]
    await call(http, zalo, "deleteWebhook")


async def test_z11_a_webhook_call_without_the_secret_header_is_refused(zalo, http, deploy):
    url = await webhook_deployment(deploy, zalo, http)
    await call(http, zalo, "deleteWebhook")  # the test posts by hand
    an = ZaloPerson(zalo, "An")
    update = {"ok": True, "result": zalo.send_text(an.zalo_id, "/help")}
    for headers in ({}, {SECRET_HEADER: "wrong-secret"}):
        async with http.post(url, json=update, headers=headers) as response:
            assert response.status == 403
    assert an.seen() == 0


async def test_z13_a_failing_webhook_is_retried_then_dropped(zalo, http):
    answers = iter([500, 200])
    routes = web.RouteTableDef()

    @routes.post("/zalo")
    async def hook(request: web.Request) -> web.Response:
        assert request.headers[SECRET_HEADER] == SECRET  # Z11
        return web.Response(status=next(answers))

    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        origin = f"http://127.0.0.1:{runner.addresses[0][1]}"
        await call(http, zalo, "setWebhook", url=f"{origin}/zalo", secret_token=SECRET)
        zalo.send_text(zalo.add_user("Lan"), "một")
        await zalo.wait_until(lambda: len(zalo.webhook_deliveries) == 2)
    finally:
        await call(http, zalo, "deleteWebhook")
        await runner.cleanup()
    assert [a.status for a in zalo.webhook_deliveries] == [500, 200]


async def test_z14_delete_webhook_and_webhook_info(zalo, http, probe):
    await call(http, zalo, "setWebhook", url="https://bot.example.vn/zalo", secret_token=SECRET)
    info = await probe.bridge.call("getWebhookInfo", {}, {})
    assert info["url"] == "https://bot.example.vn/zalo"
    _, deleted = await call(http, zalo, "deleteWebhook")
    assert deleted["result"]["url"] == "" and isinstance(deleted["result"]["updated_at"], int)
    assert (await probe.bridge.call("getWebhookInfo", {}, {}))["url"] == ""


# --- Z15-Z23: what an update carries and what the handlers get ------------------------------


async def test_z15_the_message_s_common_fields(zalo, http):
    user = zalo.add_user("Trần Thị Lan")
    zalo.send_text(user, "báo cáo")
    _, answer = await call(http, zalo, "getUpdates", timeout=0.05)
    message = answer["result"]["message"]
    assert message["from"] == {"id": user, "display_name": "Trần Thị Lan", "is_bot": False}
    assert message["chat"] == {"id": user, "chat_type": "PRIVATE"}
    assert isinstance(message["message_id"], str) and message["date"] > 10**12


@pytest.mark.parametrize(
    ("row", "sender", "date", "name", "seconds"),
    [
        ("Z15-display_name", {"display_name": "Lan"}, 1750316131602, "Lan", 1750316131),
        ("Z15-name", {"name": "Lan"}, 1750316131602, "Lan", 1750316131),
        ("Z15-first_name", {"first_name": "Lan"}, 1750316131602, "Lan", 1750316131),
        ("Z15-seconds", {"display_name": "Lan"}, 1750316131, "Lan", 1750316131),
    ],
)
async def test_z15_the_transport_reads_every_sender_name_and_date(
    zalo, probe, caplog, row, sender, date, name, seconds
):
    user = zalo.add_user("Lan")
    zalo.send_raw(
        {
            "event_name": "message.text.received",
            "message": {
                "from": {"id": user, "is_bot": False, **sender},
                "chat": {"id": user, "chat_type": "PRIVATE"},
                "text": "xin chào",
                "message_id": f"m-{row}",
                "date": date,
            },
        }
    )
    update = await probe.one()
    assert update["message"]["from"]["first_name"] == name, row
    assert update["message"]["date"] == seconds, row


async def test_z15_an_update_from_a_bot_is_ignored(zalo, probe):
    zalo.send_raw(
        {
            "event_name": "message.text.received",
            "message": {
                "from": {"id": "b0", "display_name": "Bot", "is_bot": True},
                "chat": {"id": "b0", "chat_type": "PRIVATE"},
                "text": "hi",
                "message_id": "m1",
                "date": 1750316131602,
            },
        }
    )
    assert await probe.poll() == []


async def test_z16_text_becomes_a_telegram_text_with_its_command(zalo, probe):
    zalo.send_text(zalo.add_user("Lan"), "/help")
    message = Update.de_json(await probe.one(), None).message
    assert message.text == "/help"
    assert message.entities[0].type == "bot_command"


@pytest.mark.parametrize(
    ("row", "field"), [("Z17-photo", "photo"), ("Z17-photo_url", "photo_url")]
)
async def test_z17_an_image_becomes_a_photo_with_its_caption(zalo, probe, row, field):
    user = zalo.add_user("Lan")
    sent = zalo.send_image(
        user, "ảnh hiện trường", photo_url="https://f.zdn.vn/a.jpg", field=field
    )
    assert sent["message"][field] == "https://f.zdn.vn/a.jpg"
    translated = await probe.one()
    assert translated["message"]["photo"] == [
        {
            "file_id": "zalo:https://f.zdn.vn/a.jpg",
            "file_unique_id": file_unique_id("https://f.zdn.vn/a.jpg"),
            "width": 0,
            "height": 0,
        }
    ], row
    message = Update.de_json(translated, None).message  # PTB reads it as a photo
    assert message.photo[0].file_id.removeprefix("zalo:") == "https://f.zdn.vn/a.jpg"
    assert message.caption == "ảnh hiện trường" and message.text is None


async def test_z17_an_image_without_a_caption_has_none(zalo, probe):
    zalo.send_image(zalo.add_user("Lan"))
    message = Update.de_json(await probe.one(), None).message
    assert message.photo and message.caption is None
    assert message.photo[0].file_id.startswith(f"zalo:{zalo.base_url}/media/")


async def test_z17_a_photo_sent_back_by_its_file_id_goes_to_zalo_as_its_url(zalo, probe):
    user = zalo.add_user("Lan")
    zalo.send_image(user)  # e.g. a broadcast's photo, composed on Zalo
    translated = await probe.one()
    chat, file_id = (
        translated["message"]["chat"]["id"],
        translated["message"]["photo"][0]["file_id"],
    )
    await probe.bridge.call("sendPhoto", {"chat_id": chat, "photo": file_id}, {})
    sent = zalo.bot_messages(user)[-1]
    assert sent.kind == "photo" and sent.photo_url == file_id.removeprefix("zalo:")
    assert sent.photo_fetch is not None and sent.photo_fetch.ok


async def test_z18_a_sticker_becomes_a_telegram_sticker(zalo, probe):
    sent = zalo.send_sticker(zalo.add_user("Lan"), "0e078a2fb66a5f34067b")
    assert sent["message"]["sticker"] == "0e078a2fb66a5f34067b" and sent["message"]["url"]
    message = Update.de_json(await probe.one(), None).message
    assert message.sticker.file_id == "zalo:0e078a2fb66a5f34067b"
    assert message.sticker.type == "regular" and not message.sticker.is_animated
    assert message.sticker.thumbnail.file_id == "zalo:" + sent["message"]["url"]


async def test_z19_a_voice_note_becomes_a_telegram_voice(zalo, probe, http):
    sent = zalo.send_voice(zalo.add_user("Lan"))
    async with http.get(sent["message"]["voice_url"]) as response:
        assert response.status == 200 and response.content_type == "audio/aac"
    translated = await probe.one()
    assert translated["message"]["voice"]["duration"] == 0  # Zalo does not say how long
    message = Update.de_json(translated, None).message
    assert message.voice.file_id == "zalo:" + sent["message"]["voice_url"]


@pytest.mark.parametrize(
    ("row", "event", "level"),
    [
        ("Z20", "message.unsupported.received", logging.INFO),
        ("Z21", "message.location.received", logging.WARNING),
    ],
)
async def test_z20_z21_unsupported_and_unknown_kinds_are_answered_and_logged_once(
    zalo, probe, caplog, row, event, level
):
    user = zalo.add_user("Lan")
    for number in range(3):
        zalo.send_raw(
            {
                "event_name": event,
                "message": {
                    "from": {"id": user, "display_name": "Lan", "is_bot": False},
                    "chat": {"id": user, "chat_type": "PRIVATE"},
                    "message_id": f"{row}-{number}",
                    "date": 1750316131602,
                },
            }
        )
    with caplog.at_level(logging.INFO, logger="bot.transports.zalo.inbound"):
        for _ in range(3):
            assert await probe.poll() == []  # never given to the handlers
    answers = [m.text for m in zalo.bot_messages(user)]
    assert answers == [TEXTS.plain("vi", "zalo-unsupported")] * 3, row
    logged = [r for r in caplog.records if event in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelno == level  # once per kind, not per update


async def test_z20_the_double_s_unsupported_message_has_no_content(zalo):
    update = zalo.send_unsupported(zalo.add_user("Lan"))
    assert update["event_name"] == "message.unsupported.received"
    assert not {"text", "photo", "sticker", "voice_url"} & set(update["message"])


@pytest.mark.parametrize(
    ("row", "fields", "kind"),
    [
        ("Z22-text", {"text": "xin chào"}, "text"),
        ("Z22-photo", {"photo": "https://f.zdn.vn/a.jpg"}, "photo"),
        ("Z22-photo_url", {"photo_url": "https://f.zdn.vn/a.jpg"}, "photo"),
        ("Z22-sticker", {"sticker": "0e07", "url": "https://s/0e07"}, "sticker"),
        ("Z22-voice", {"voice_url": "https://v/a.aac"}, "voice"),
    ],
)
async def test_z22_without_event_name_the_kind_comes_from_the_fields(
    zalo, probe, caplog, row, fields, kind
):
    user = zalo.add_user("Lan")
    zalo.send_raw(  # D2's getUpdates sample: no event_name
        {
            "message": {
                "from": {"id": user, "first_name": "Lan"},
                "chat": {"id": user, "chat_type": "PRIVATE"},
                "message_id": row,
                "date": 1766619597466,
                **fields,
            }
        }
    )
    with caplog.at_level(logging.WARNING, logger="bot.transports.zalo.inbound"):
        message = Update.de_json(await probe.one(), None).message
    assert getattr(message, kind), row
    assert sum("event_name" in r.getMessage() for r in caplog.records) == 1


async def test_z23_a_group_message_has_the_group_as_chat_and_is_not_served(zalo, probe):
    user = zalo.add_user("Lan")
    zalo.can_join_groups = True
    group = zalo.add_group("Thôn Đông", [user], group_id="g0up1d")
    zalo.add_bot_to_group(group)
    update = zalo.send_group_text(group, user, "@Bot báo cáo")
    assert update["message"]["chat"] == {"id": "g0up1d", "chat_type": "GROUP"}
    assert update["message"]["from"]["id"] == user
    # Groups are off by default (GROUPS_ENABLED): nothing reaches the handlers, nobody is
    # answered; tests/test_groups.py has groups on.
    assert await probe.poll() == []
    assert zalo.bot_messages(user) == [] and zalo.bot_messages(group) == []


# --- Z24-Z32: what the bot sends ------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "status"), [(1, 200), (MAX_TEXT, 200), (0, 400), (MAX_TEXT + 1, 400)]
)
async def test_z24_send_message_takes_1_to_2000_characters(zalo, http, length, status):
    user = zalo.add_user("Lan")
    zalo.send_text(user, "xin chào")
    got, answer = await call(http, zalo, "sendMessage", chat_id=user, text="a" * length)
    assert got == status
    if status == 200:
        assert set(answer["result"]) == {"message_id", "date"}


async def test_z24_the_transport_cuts_long_text_into_pieces_zalo_takes(zalo, probe):
    user = zalo.add_user("Lan")
    zalo.send_text(user, "xin chào")
    update = await probe.one()
    chat = update["message"]["chat"]["id"]
    text = "\n\n".join(f"Đoạn {n}: " + "chữ " * 120 for n in range(12))
    await probe.bridge.call("sendMessage", {"chat_id": chat, "text": text}, {})
    pieces = [m.text for m in zalo.bot_messages(user)]
    assert len(pieces) > 1 and all(1 <= len(p) <= MAX_TEXT for p in pieces)
    assert zalo.errors == []


async def test_z25_keyboards_become_numbered_lines(zalo, probe, http):
    user = zalo.add_user("Lan")
    zalo.send_text(user, "xin chào")
    chat = (await probe.one())["message"]["chat"]["id"]
    markup = {"inline_keyboard": [[{"text": "Có", "callback_data": "y"}]]}
    status, _ = await call(http, zalo, "sendMessage", chat_id=user, text="?", reply_markup=markup)
    assert status == 400
    await probe.bridge.call(
        "sendMessage", {"chat_id": chat, "text": "Chọn:", "reply_markup": markup}, {}
    )
    assert "1. Có" in zalo.bot_messages(user)[-1].text


@pytest.mark.parametrize(
    ("row", "mode", "status"),
    [("Z26-markdown", "markdown", 200), ("Z26-html", "html", 200), ("Z26-telegram", "HTML", 400)],
)
async def test_z26_only_the_documented_parse_modes_are_taken(zalo, http, row, mode, status):
    user = zalo.add_user("Lan")
    zalo.send_text(user, "xin chào")
    got, _ = await call(http, zalo, "sendMessage", chat_id=user, text="<b>a</b>", parse_mode=mode)
    assert got == status, row
    assert zalo.raw_markup_messages() == []  # formatted text is no raw markup


async def test_z26_the_transport_sends_plain_text(zalo, probe):
    user = zalo.add_user("Lan")
    zalo.send_text(user, "xin chào")
    chat = (await probe.one())["message"]["chat"]["id"]
    params = {"chat_id": chat, "text": "<b>Tổ</b> 1", "parse_mode": "HTML"}
    await probe.bridge.call("sendMessage", params, {})
    assert zalo.bot_messages(user)[-1].text == "Tổ 1"
    assert zalo.errors == [] and zalo.raw_markup_messages() == []


async def test_z27_send_photo_takes_a_url_and_an_optional_caption(zalo, http):
    user = zalo.add_user("Lan")
    image = zalo.send_image(user)
    photo = image["message"]["photo"]
    ok, _ = await call(http, zalo, "sendPhoto", chat_id=user, photo=photo, caption="ảnh")
    bare, _ = await call(http, zalo, "sendPhoto", chat_id=user, photo=photo)
    wrong, _ = await call(http, zalo, "sendPhoto", chat_id=user, photo="not a url")
    assert (ok, bare, wrong) == (200, 200, 400)
    assert zalo.bot_messages(user)[0].photo_fetch.ok


async def test_z28_chat_actions(zalo, http, probe):
    user = zalo.add_user("Lan")
    zalo.send_text(user, "xin chào")
    typing, answer = await call(http, zalo, "sendChatAction", chat_id=user, action="typing")
    wrong, _ = await call(http, zalo, "sendChatAction", chat_id=user, action="record_voice")
    assert (typing, answer, wrong) == (200, {"ok": True, "result": True}, 400)
    calls = len(zalo.calls)
    chat = (await probe.one())["message"]["chat"]["id"]
    assert await probe.bridge.call("sendChatAction", {"chat_id": chat, "action": "typing"}, {})
    assert "sendChatAction" not in zalo.calls[calls:]  # acknowledged without a call


@pytest.mark.parametrize(
    ("method", "status"), [("sendSticker", 200), ("sendVoice", 400), ("testWebhook", 400)]
)
async def test_z29_methods_the_bot_does_not_use(zalo, http, method, status):
    user = zalo.add_user("Lan")
    zalo.send_text(user, "xin chào")
    params = {"chat_id": user, "sticker": "0e078a2fb66a5f34067b", "voice_url": "https://v/a.aac"}
    got, _ = await call(http, zalo, method, **params)
    assert got == status


async def test_z30_only_users_who_wrote_can_be_messaged(zalo, http, probe):
    silent = zalo.add_user("Chưa nhắn")
    status, _ = await call(http, zalo, "sendMessage", chat_id=silent, text="chào")
    assert status == 400
    writer = zalo.add_user("Lan")
    zalo.send_text(writer, "xin chào")
    zalo.block(writer)
    blocked, _ = await call(http, zalo, "sendMessage", chat_id=writer, text="chào")
    assert blocked == 403
    with pytest.raises(Exception, match="chat not found"):
        await probe.bridge.call("sendMessage", {"chat_id": 2**52 + 999, "text": "x"}, {})


async def test_z31_a_quota_answers_429_quota_exceeded_without_retry_after(http):
    limits = RateLimits(per_chat_per_second=1.0, per_chat_burst=1, clock=lambda: 1000.0)
    async with ZaloDouble(token=ZALO_TOKEN, rate_limits=limits) as zalo:
        user = zalo.add_user("Lan")
        zalo.send_text(user, "xin chào")
        answers = [await call(http, zalo, "sendMessage", chat_id=user, text="a") for _ in range(3)]
    assert answers[0][0] == 200
    assert (429, {"ok": False, "error_code": 429, "description": "Quota exceeded"}) in answers


async def test_z32_a_proxy_s_html_page_is_an_unreadable_answer(zalo, probe):
    zalo.inject_fault(502, method="getMe")
    with pytest.raises(ZaloError) as raised:
        await probe.bridge.api.call("getMe")
    assert raised.value.code == 502


# --- Z17-Z19 end to end: the handlers answer, the dialog stays where it was ----------------


async def join(person: ZaloPerson, invite_code: str) -> None:
    await person.say(invite_code)
    await person.say("1")  # agree
    await person.say("1")  # the Zalo display name
    await person.say("bỏ qua")
    await person.say("1", expect="")


SENDS = [
    ("Z17", "send_image", "ảnh"),
    ("Z18", "send_sticker", "nhãn dán"),
    ("Z19", "send_voice", "tin nhắn thoại"),
]


@pytest.mark.parametrize(("row", "send", "named"), SENDS)
async def test_an_image_sticker_or_voice_at_the_main_menu_gets_a_kind_answer(
    zalo, deploy, roster, row, send, named
):
    await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    answer = await getattr(lan, send)()
    assert named in answer.text, row
    assert "1. " in answer.text  # the helping buttons, numbered
    assert zalo.raw_markup_messages() == []


@pytest.mark.parametrize(("row", "send", "named"), SENDS)
async def test_an_image_sticker_or_voice_mid_report_repeats_the_step_and_keeps_it(
    zalo, deploy, roster, row, send, named
):
    await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    card = await lan.say("1")  # 📝 Báo cáo: the activities
    assert "1. 🪪 VNeID" in card.text
    at_card = await getattr(lan, send)()
    assert named in at_card.text and "số thứ tự" in at_card.text, row  # what the card wants
    question = await lan.say("1")  # VNeID, still taken: the dialog stayed at the card
    assert "câu 1/2" in question.text
    at_question = await getattr(lan, send)()
    assert named in at_question.text and "gõ một số" in at_question.text.lower(), row
    second = await lan.say("3")
    assert "câu 2/2" in second.text  # the number still answers the first question


async def test_an_unsupported_message_mid_report_is_answered_and_the_step_kept(
    zalo, deploy, roster
):
    await deploy()
    lan = ZaloPerson(zalo, "Nguyễn Thị Lan")
    await join(lan, roster.team_a.invite_code)
    await lan.say("1")
    answer = await lan.send_unsupported()
    assert answer.text == TEXTS.plain("vi", "zalo-unsupported")
    assert "câu 1/2" in (await lan.say("1")).text
