"""Operator commands for schedules: `reminders`, `holidays`, `deadlines`."""

from __future__ import annotations

import argparse
import asyncio
import re
from datetime import date, datetime

from bot.app.settings import Settings
from bot.core.clock import SystemClock, iso_utc
from storage import areas, audit, deadlines, holidays, reminder_rules
from storage.db import Database

_DAYS = re.compile(r"^[1-7](-[1-7])?(,[1-7](-[1-7])?)*$")
WEEKDAYS = "1 = Monday … 7 = Sunday"


def parse_days(text: str) -> tuple[int, ...]:
    """Turn "1-6" or "1,3,5" into ISO weekdays."""
    if not _DAYS.match(text):
        raise argparse.ArgumentTypeError(f"days look like 1-6 or 1,3,5 ({WEEKDAYS})")
    days: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        days.update(range(int(first), int(last or first) + 1))
    return tuple(sorted(days))


def parse_time(text: str) -> str:
    """Check "HH:MM"."""
    try:
        return datetime.strptime(text, "%H:%M").strftime("%H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError("a time looks like 16:00") from None


def parse_day(text: str) -> date:
    """Check "YYYY-MM-DD"."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a date looks like 2026-11-30") from None


def _now() -> str:
    return iso_utc(SystemClock().now())


async def _reminders_list(settings: Settings) -> list[str]:
    async with Database(settings.database_path) as db:
        found = await reminder_rules.rules(db.reader)
    return [
        f"{r.name}\t{'on' if r.active else 'off'}\t{r.scope}\t{r.at_time}\t"
        f"days {','.join(map(str, r.days))}"
        for r in found
    ]


async def _reminders_set(settings: Settings, args: argparse.Namespace) -> str:
    async with Database(settings.database_path) as db, db.transaction() as conn:
        known = {r.name: r for r in await reminder_rules.rules(conn)}
        old = known.get(args.name)
        if old is None and (args.time is None or args.days is None):
            return f"A new rule needs --time and --days ({WEEKDAYS})."
        await reminder_rules.set_rule(
            conn,
            name=args.name,
            scope=args.scope or (old.scope if old else "day"),
            at_time=args.time or old.at_time,
            days=args.days or old.days,
            active=args.on or (not args.off and (old.active if old else True)),
            now=_now(),
        )
        await audit.record(
            conn, actor_id=None, action="reminders.set", detail={"rule": args.name}, now=_now()
        )
    return f"Reminder rule {args.name} saved; the running bot uses it within a minute."


def _run_reminders(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "list":
        print("\n".join(asyncio.run(_reminders_list(settings))))
        return 0
    message = asyncio.run(_reminders_set(settings, args))
    print(message)
    return 0 if message.startswith("Reminder rule") else 1


async def _holidays(settings: Settings, args: argparse.Namespace) -> tuple[int, list[str]]:
    async with Database(settings.database_path) as db:
        if args.action == "list":
            found = await holidays.listing(db.reader, args.year)
            return 0, [f"{day.isoformat()}\t{name}" for day, name in found]
        async with db.transaction() as conn:
            if args.action == "add":
                await holidays.add(conn, args.day, args.name)
                return 0, [f"Holiday {args.day.isoformat()} saved."]
            if await holidays.remove(conn, args.day):
                return 0, [f"Holiday {args.day.isoformat()} removed."]
    return 1, [f"{args.day.isoformat()} is not a holiday."]


def _run_holidays(args: argparse.Namespace, settings: Settings) -> int:
    code, lines = asyncio.run(_holidays(settings, args))
    print("\n".join(lines))
    return code


async def _deadline_add(settings: Settings, args: argparse.Namespace) -> tuple[int, str]:
    due = datetime.strptime(args.due, "%Y-%m-%d %H:%M").replace(tzinfo=settings.tz)
    async with Database(settings.database_path) as db, db.transaction() as conn:
        area = await areas.get_by_code(conn, args.area)
        if area is None:
            return 1, f"No area with code {args.area!r} (see `python -m bot roster list`)."
        first = args.period_from or due.date().replace(day=1)
        deadline_id = await deadlines.create(
            conn,
            title=args.title,
            due_at=iso_utc(due),
            area_id=area.id,
            roles=tuple(args.roles.split(",")),
            categories=tuple(c for c in args.categories.split(",") if c),
            period_start=first,
            period_end=args.period_to or due.date(),
            created_by=None,
            now=_now(),
        )
        await audit.record(
            conn,
            actor_id=None,
            action="deadline.created",
            detail={"deadline": deadline_id, "title": args.title},
            now=_now(),
        )
    return 0, f"Deadline {deadline_id} added: {args.title}, due {args.due} for {area.name}."


async def _deadline_list(settings: Settings) -> list[str]:
    async with Database(settings.database_path) as db:
        found = await deadlines.active(db.reader, "0000")
    return [
        f"{d.id}\t{d.due_at.astimezone(settings.tz):%Y-%m-%d %H:%M}\t{d.title}\t"
        f"{','.join(d.categories) or 'any'}\t{d.period_start}..{d.period_end}"
        for d in found
    ]


def _run_deadlines(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "list":
        print("\n".join(asyncio.run(_deadline_list(settings))))
        return 0
    try:
        code, message = asyncio.run(_deadline_add(settings, args))
    except ValueError:
        code, message = 1, "--due looks like '2026-11-30 17:00' (local time)"
    print(message)
    return code


def register(commands: argparse._SubParsersAction) -> None:
    """Add `reminders`, `holidays` and `deadlines` to the command line."""
    reminders = commands.add_parser("reminders", help="list or change reminder rules")
    actions = reminders.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="show every rule")
    change = actions.add_parser("set", help="create or change a rule by name")
    change.add_argument("name", help="e.g. daily, weekly")
    change.add_argument("--time", type=parse_time, help="local time, e.g. 16:00")
    change.add_argument("--days", type=parse_days, help=f"e.g. 1-6 ({WEEKDAYS})")
    change.add_argument("--scope", choices=("day", "week"), help="no report today / this week")
    switch = change.add_mutually_exclusive_group()
    switch.add_argument("--on", action="store_true")
    switch.add_argument("--off", action="store_true")
    reminders.set_defaults(handler=_run_reminders)

    holiday_parser = commands.add_parser("holidays", help="days without reminders")
    actions = holiday_parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list")
    listing.add_argument("--year", type=int)
    add = actions.add_parser("add")
    add.add_argument("day", type=parse_day)
    add.add_argument("name")
    remove = actions.add_parser("remove")
    remove.add_argument("day", type=parse_day)
    holiday_parser.set_defaults(handler=_run_holidays)

    deadline = commands.add_parser("deadlines", help="report deadlines with alerts")
    actions = deadline.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="deadlines not cancelled")
    add = actions.add_parser("add", help="add a deadline")
    add.add_argument("--title", required=True)
    add.add_argument("--due", required=True, help="local time, e.g. '2026-11-30 17:00'")
    add.add_argument("--area", required=True, help="the area code whose subtree must report")
    add.add_argument("--roles", default="member,leader")
    add.add_argument("--categories", default="", help="activity ids that count; empty: any")
    add.add_argument(
        "--from",
        dest="period_from",
        type=parse_day,
        help="reports dated from this day count (default: first of the due month)",
    )
    add.add_argument(
        "--to",
        dest="period_to",
        type=parse_day,
        help="reports dated up to this day count (default: the due day)",
    )
    deadline.set_defaults(handler=_run_deadlines)
