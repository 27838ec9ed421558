"""The roster and members commands, driven through `bot.cli.main` on real SQLite files."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
import segno

from bot.cli.main import main
from bot.doubles.base import DoubleServer
from bot.doubles.telegram import BotApiDouble
from bot.doubles.zalo import ZaloDouble
from storage import areas, members, teams
from storage.db import Database
from tests.cli_fixtures import write_table

HEADER = ["team_code", "team_name", "province", "commune", "village", "leader_name",
          "leader_phone"]  # fmt: skip
TEAM_COUNT = 1239
TOKEN = "123456:TEST-TOKEN"
BOT_USERNAME = "cns_test_bot"
ZALO_TOKEN = "987654321:ZALO-TEST-SECRET"
ZALO_ACCOUNT = "bot.VDKyGxQvc"
ZALO_LINK = f"https://zalo.me/{ZALO_ACCOUNT}"
PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


def roster_rows(count: int = TEAM_COUNT) -> list[list[str]]:
    """Return one province's roster: 104 communes of 12 villages, some teams on the commune."""
    rows = []
    for i in range(count):
        village = "" if i % 100 == 99 else f"Thôn {i % 12 + 1}"
        rows.append([f"LC{i:05d}", f"Tổ CNSCĐ số {i}", "Tỉnh Lào Cai", f"Xã Số {i // 12 + 1}",
                     village, f"Người {i}", f"09{i:08d}"])  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    return write_table(path, HEADER, rows)


def dump(database: Path) -> list[tuple]:
    """Return every row of the roster and member tables."""
    with sqlite3.connect(database) as conn:
        return [
            (table, *row)
            for table in ("areas", "teams", "members", "audit_log")
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")
        ]


def invites(database: Path) -> dict[str, str]:
    with sqlite3.connect(database) as conn:
        return dict(conn.execute("SELECT code, invite_code FROM teams"))


D = TypeVar("D", bound=DoubleServer)


@contextmanager
def served(double: D) -> Iterator[D]:
    """Run a double on 127.0.0.1 in a thread of its own, for the command line's asyncio.run."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(double.start(), loop).result(10)
    try:
        yield double
    finally:
        asyncio.run_coroutine_threadsafe(double.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@pytest.fixture
def telegram_double(monkeypatch: pytest.MonkeyPatch) -> Iterator[BotApiDouble]:
    """The Telegram double, answering getMe, so the bot username comes from "Telegram"."""
    with served(BotApiDouble(token=TOKEN, bot_username=BOT_USERNAME)) as double:
        monkeypatch.setenv("BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_URL", double.base_url)
        yield double


@pytest.fixture
def zalo_double(monkeypatch: pytest.MonkeyPatch) -> Iterator[ZaloDouble]:
    """The Zalo double: getMe answers the account name the chat link is made from."""
    with served(ZaloDouble(token=ZALO_TOKEN, account_name=ZALO_ACCOUNT)) as double:
        monkeypatch.setenv("ZALO_BOT_TOKEN", ZALO_TOKEN)
        monkeypatch.setenv("ZALO_API_URL", double.base_url)
        yield double


def test_import_reimport_and_edit(cli_env: Path, tmp_path: Path, capsys) -> None:
    rows = roster_rows()
    original = write_csv(tmp_path / "roster.csv", rows)
    assert main(["roster", "import", str(original)]) == 0
    # 1 province, 104 communes, 1,239 - 12 villages (12 teams hang off their commune).
    assert capsys.readouterr().out == (
        "Teams: 1239 added, 0 updated, 0 unchanged. Areas: 1332 added, 0 updated.\n"
    )
    before, codes = dump(cli_env), invites(cli_env)

    assert main(["roster", "import", str(original)]) == 0
    assert capsys.readouterr().out == (
        "Teams: 0 added, 0 updated, 1239 unchanged. Areas: 0 added, 0 updated.\n"
    )
    after = dump(cli_env)
    assert [row for row in after if row[0] != "audit_log"] == [
        row for row in before if row[0] != "audit_log"
    ]
    assert len(after) == len(before) + 1  # the import itself is in the audit log

    for i in (10, 500, 1200):
        rows[i][1] += " (mới)"
    rows[7][6] = "+84 987 654 321"
    rows.append(["LC09999", "Tổ mới", "Tỉnh Lào Cai", "Xã Số 1", "Thôn 1", "", ""])
    assert main(["roster", "import", str(write_csv(tmp_path / "edited.csv", rows))]) == 0
    assert capsys.readouterr().out == (
        "Teams: 1 added, 4 updated, 1235 unchanged. Areas: 0 added, 0 updated.\n"
    )
    edited = invites(cli_env)
    assert {code: edited[code] for code in codes} == codes
    assert len(set(edited.values())) == TEAM_COUNT + 1


def test_invalid_file_changes_nothing(cli_env: Path, tmp_path: Path, capsys) -> None:
    rows = roster_rows(3)
    assert main(["roster", "import", str(write_csv(tmp_path / "good.csv", rows))]) == 0
    before = dump(cli_env)
    bad = [
        rows[0],
        ["", "Tổ không mã", "Tỉnh Lào Cai", "Xã Số 1", "Thôn 1", "", ""],
        ["LC00000", "Tổ CNSCĐ số 0", "Tỉnh Lào Cai", "Xã Số 2", "Thôn 1", "Người 0",
         "0900000000"],
        ["LC00100", "Tổ mới", "Tỉnh Lào Cai", "Xã Số 9", "Thôn 9", "Bình", "0912 34 56"],
    ]  # fmt: skip
    capsys.readouterr()
    assert main(["roster", "import", str(write_csv(tmp_path / "bad.csv", bad))]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "bad.csv: 3 problem(s); nothing was imported.",
        "  row 3: missing team code",
        "  row 4: team code LC00000 is also on row 2 with another area",
        "  row 5: leader phone '0912 34 56' is not a mobile number",
    ]
    assert dump(cli_env) == before


def test_unreadable_and_malformed_files(cli_env: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["roster", "import", str(tmp_path / "old.xls")]) == 2
    assert "only .csv and .xlsx" in capsys.readouterr().err
    (tmp_path / "columns.csv").write_text("mã tổ,tên tổ,tỉnh\nT1,Tổ 1,Lào Cai\n", "utf-8")
    assert main(["roster", "import", str(tmp_path / "columns.csv")]) == 1
    assert "row 1: missing column(s): commune" in capsys.readouterr().err


def test_roster_list_csv_and_links(cli_env: Path, tmp_path: Path, capsys, telegram_double) -> None:
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows()))]) == 0
    capsys.readouterr()
    assert main(["roster", "list", "--csv"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    listed = list(csv.DictReader(io.StringIO(captured.out)))
    assert list(listed[0]) == ["team_code", "team_name", "area_path", "invite_code", "invite_link"]
    assert len(listed) == TEAM_COUNT
    assert len({row["invite_code"] for row in listed}) == TEAM_COUNT
    for row in listed:
        assert PAYLOAD.fullmatch(row["invite_code"])
        assert row["invite_link"] == f"https://t.me/{BOT_USERNAME}?start={row['invite_code']}"
    assert listed[0]["area_path"] == "Tỉnh Lào Cai › Xã Số 1 › Thôn 1"
    # Natural order: "Xã Số 2" comes before "Xã Số 10", "Thôn 2" before "Thôn 10".
    paths = list(dict.fromkeys(row["area_path"] for row in listed))
    assert paths.index("Tỉnh Lào Cai › Xã Số 2 › Thôn 1") < paths.index(
        "Tỉnh Lào Cai › Xã Số 10 › Thôn 1"
    )
    assert paths[1] == "Tỉnh Lào Cai › Xã Số 1 › Thôn 2"


def test_roster_list_without_username_warns_once(cli_env: Path, tmp_path: Path, capsys) -> None:
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(3)))]) == 0
    capsys.readouterr()
    assert main(["roster", "list"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "Warning: no invite links: set BOT_USERNAME (or BOT_TOKEN) for Telegram,"
        " ZALO_BOT_LINK (or ZALO_BOT_TOKEN) for Zalo.\n"
    )
    lines = captured.out.splitlines()
    assert lines[0].split() == [
        "team_code",
        "team_name",
        "area_path",
        "invite_code",
        "invite_link",
    ]
    assert len(lines) == 4 and "https://" not in captured.out
    assert main(["roster", "list", "--qr", str(tmp_path / "qr")]) == 1
    assert not (tmp_path / "qr").exists()


def test_roster_list_qr(cli_env: Path, tmp_path: Path, capsys, telegram_double) -> None:
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(3)))]) == 0
    capsys.readouterr()
    assert main(["roster", "list", "--qr", str(tmp_path / "qr")]) == 0
    assert capsys.readouterr().err == f"Wrote 3 QR codes to {tmp_path / 'qr'}.\n"
    written = sorted((tmp_path / "qr").iterdir())
    assert [path.name for path in written] == ["LC00000.png", "LC00001.png", "LC00002.png"]
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def listed_csv(capsys) -> tuple[list[dict[str, str]], str]:
    """Run `roster list --csv`; return its rows and what it said on stderr."""
    assert main(["roster", "list", "--csv"]) == 0
    captured = capsys.readouterr()
    return list(csv.DictReader(io.StringIO(captured.out))), captured.err


def test_roster_list_zalo_only(cli_env: Path, tmp_path: Path, capsys, zalo_double) -> None:
    """A Zalo-only deployment shows only the Zalo link, made from Zalo's getMe."""
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(3)))]) == 0
    capsys.readouterr()
    listed, err = listed_csv(capsys)
    assert err == ""
    assert list(listed[0]) == ["team_code", "team_name", "area_path", "invite_code", "zalo_link"]
    assert [row["zalo_link"] for row in listed] == [ZALO_LINK] * 3
    assert zalo_double.calls == ["getMe"]


def test_roster_list_both_messengers(
    cli_env: Path, tmp_path: Path, capsys, telegram_double, zalo_double
) -> None:
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(3)))]) == 0
    capsys.readouterr()
    listed, err = listed_csv(capsys)
    assert err == ""
    assert list(listed[0])[-2:] == ["invite_link", "zalo_link"]
    for row in listed:
        assert row["invite_link"] == f"https://t.me/{BOT_USERNAME}?start={row['invite_code']}"
        assert row["zalo_link"] == ZALO_LINK

    assert main(["roster", "list", "--qr", str(tmp_path / "qr")]) == 0
    assert capsys.readouterr().err == (
        f"Wrote 3 QR codes and zalo.png (the Zalo chat, the same for every team)"
        f" to {tmp_path / 'qr'}.\n"
    )
    names = sorted(path.name for path in (tmp_path / "qr").iterdir())
    assert names == ["LC00000.png", "LC00001.png", "LC00002.png", "zalo.png"]
    expected = io.BytesIO()
    segno.make_qr(ZALO_LINK, error="m").save(expected, kind="png", scale=10, border=4)
    assert (tmp_path / "qr" / "zalo.png").read_bytes() == expected.getvalue()


def test_zalo_link_setting_wins_and_needs_no_call(
    cli_env: Path, tmp_path: Path, capsys, zalo_double, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZALO_BOT_LINK", "https://zalo.me/s/cns-bot/")
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(2)))]) == 0
    capsys.readouterr()
    listed, err = listed_csv(capsys)
    assert err == ""
    assert [row["zalo_link"] for row in listed] == ["https://zalo.me/s/cns-bot"] * 2
    assert zalo_double.calls == []


def test_roster_list_when_zalo_is_unreachable(
    cli_env: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(2)))]) == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setenv("ZALO_BOT_TOKEN", ZALO_TOKEN)
    monkeypatch.setenv("ZALO_API_URL", f"http://127.0.0.1:{closed_port}")
    capsys.readouterr()
    listed, err = listed_csv(capsys)
    assert err.startswith("Warning: Zalo getMe failed (") and err.count("\n") == 1
    assert "set ZALO_BOT_LINK" in err and "Zalo Bot Creator" in err
    assert [row["zalo_link"] for row in listed] == ["", ""]
    assert main(["roster", "list", "--qr", str(tmp_path / "qr")]) == 1
    assert "need each messenger's link" in capsys.readouterr().err
    assert not (tmp_path / "qr").exists()


async def _add_members(database: Path) -> None:
    async with Database(database) as db, db.transaction() as conn:
        team_a = await teams.get_by_code(conn, "LC00000")
        team_b = await teams.get_by_code(conn, "LC00013")
        commune = await areas.get_by_code(conn, "lao-cai/xa-so-2")
        assert team_a and team_b and commune
        for chat_id, name, team, role in (
            (101, "Lò Văn Dũng", team_a, "leader"),
            (102, "Nguyễn Thị Hoa", team_b, "member"),
            (103, "Trần Văn Minh", None, "coordinator"),
        ):
            await members.create(
                conn, chat_id=chat_id, full_name=name, phone=f"+8491200{chat_id}",
                team_id=team.id if team else None, role=role, language="vi",
                now="2025-03-01T01:30:00Z", consent_at="2025-03-01T01:30:00Z",
            )  # fmt: skip
        # No storage function sets a scope yet; coordinators get one elsewhere.
        await conn.execute("UPDATE members SET scope_area_id = ? WHERE chat_id = 103",
                           (commune.id,))  # fmt: skip


def test_members_list(cli_env: Path, tmp_path: Path, capsys) -> None:
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(20)))]) == 0
    asyncio.run(_add_members(cli_env))
    capsys.readouterr()

    assert main(["members", "list", "--csv"]) == 0
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["full_name"] for row in listed] == [
        "Lò Văn Dũng", "Trần Văn Minh", "Nguyễn Thị Hoa",
    ]  # fmt: skip
    assert listed[0] == {
        "team_code": "LC00000",
        "team_name": "Tổ CNSCĐ số 0",
        "area_path": "Tỉnh Lào Cai › Xã Số 1 › Thôn 1",
        "role": "leader",
        "status": "active",
        "joined_at": "2025-03-01 08:30",
        "full_name": "Lò Văn Dũng",
        "messenger": "telegram",
    }

    assert main(["members", "list", "--area", "lao-cai/xa-so-2"]) == 0
    out = capsys.readouterr().out
    assert "Nguyễn Thị Hoa" in out and "Trần Văn Minh" in out and "Lò Văn Dũng" not in out
    assert "+84" not in out

    assert main(["members", "list", "--area", "lao-cai/xa-so-2", "--with-phone", "--csv"]) == 0
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted(row["phone"] for row in listed) == ["+8491200102", "+8491200103"]

    assert main(["members", "list", "--area", "nowhere"]) == 1
    assert "Unknown area code 'nowhere'" in capsys.readouterr().err


def test_lists_need_a_database(cli_env: Path, capsys) -> None:
    assert main(["members", "list"]) == 1
    assert "No database at" in capsys.readouterr().err
    assert not cli_env.exists()


def test_roster_list_when_telegram_is_unreachable(
    cli_env: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", roster_rows(2)))]) == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setenv("BOT_TOKEN", "123:TEST")
    monkeypatch.setenv("TELEGRAM_API_URL", f"http://127.0.0.1:{closed_port}/bot")
    capsys.readouterr()
    assert main(["roster", "list", "--csv"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("Warning: Telegram getMe failed (")
    assert captured.err.count("\n") == 1 and "set BOT_USERNAME" in captured.err
    assert all(line.endswith(",") for line in captured.out.splitlines()[1:])
