"""Backups: an online copy while the bot writes, checked, restorable; the nightly job."""

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cli.main import main
from bot.core.clock import FrozenClock
from schedules.backups import nightly_backup
from storage import backup, members, reports
from storage.db import Database

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def test_backup_while_the_bot_runs_restores_every_report(running, roster, people, tmp_path):
    lan = people(first_name="Lan")
    await lan.join(roster.team_a.invite_code)
    await lan.say("/report")
    await lan.tap("Khác")
    await lan.say("7")
    await lan.tap("Gửi")
    target = tmp_path / "copy.sqlite3"
    counts = backup.backup(running.db.path, target)  # the bot is running, WAL and all
    assert counts["reports"] == 1 and counts["members"] == 1
    async with Database(target) as restored:  # a restore is opening the copy as the database
        member = await members.get_by_chat_id(restored.reader, lan.id)
        [report] = await reports.for_member(restored.reader, member.id, limit=5)
    assert report.values == {"residents_helped": 7}


def test_backup_command(monkeypatch, tmp_path, capsys):
    database = tmp_path / "bot.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.executescript(
            "CREATE TABLE areas(x); CREATE TABLE teams(x); CREATE TABLE members(x);"
            " CREATE TABLE reports(x); CREATE TABLE outbox(x); INSERT INTO reports VALUES (1);"
        )
    monkeypatch.setenv("DATABASE_PATH", str(database))
    assert main(["backup", "--out", str(tmp_path / "b.sqlite3")]) == 0
    assert "reports 1" in capsys.readouterr().out
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "missing.sqlite3"))
    assert main(["backup", "--out", str(tmp_path / "c.sqlite3")]) == 1


async def test_nightly_backup_once_a_day_keeps_the_newest(db_path, tmp_path):
    folder = tmp_path / "backups"
    async with Database(db_path) as db:
        for day in range(1, 5):
            clock = FrozenClock(datetime(2026, 11, day, 2, 5, tzinfo=TZ))
            done = await nightly_backup(db, clock, TZ, folder, keep=2)
            assert done["reports"] == 0
            assert (await nightly_backup(db, clock, TZ, folder, keep=2)) == {"already": 1}
    assert sorted(p.name for p in folder.iterdir()) == [
        "cns-bot-2026-11-03.sqlite3",
        "cns-bot-2026-11-04.sqlite3",
    ]
