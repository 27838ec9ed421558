"""Operator command `members set-role`: appoint leaders, coordinators and admins."""

from __future__ import annotations

import argparse
import asyncio

from bot.app.settings import Settings
from bot.core.clock import SystemClock, iso_utc
from storage import areas, audit, members
from storage.db import Database

ROLES = ("member", "leader", "coordinator", "admin")


async def _set_role(settings: Settings, args: argparse.Namespace) -> tuple[int, str]:
    now = iso_utc(SystemClock().now())
    async with Database(settings.database_path) as db, db.transaction() as conn:
        found = await members.search(conn, args.who, limit=2)
        if len(found) != 1:
            what = "Nobody" if not found else "More than one member"
            return 1, f"{what} matches {args.who!r}; give a Telegram id or a full phone number."
        target = found[0]
        area = None
        if args.role == "coordinator":
            if not args.area:
                return 1, "A coordinator needs --area CODE (the area they coordinate)."
            area = await areas.get_by_code(conn, args.area)
            if area is None:
                return 1, f"No area with code {args.area!r}."
        await members.set_role(conn, target.id, args.role, area.id if area else None, now)
        await audit.record(
            conn,
            actor_id=None,
            action="member.role_set",
            detail={
                "member": target.id,
                "from": target.role,
                "to": args.role,
                "area": area.code if area else None,
            },
            now=now,
        )
    where = f" of {area.name}" if area else ""
    return 0, f"{target.full_name} is now {args.role}{where}."


def _run(args: argparse.Namespace, settings: Settings) -> int:
    code, message = asyncio.run(_set_role(settings, args))
    print(message)
    return code


def register(people_commands: argparse._SubParsersAction) -> None:
    """Add `set-role` under the `members` command."""
    setting = people_commands.add_parser(
        "set-role", help="make a member a leader, coordinator (of an area), admin or member"
    )
    setting.add_argument("who", help="a Telegram user id, a phone number or a unique name")
    setting.add_argument("role", choices=ROLES)
    setting.add_argument("--area", metavar="CODE", help="the area a coordinator coordinates")
    setting.set_defaults(handler=_run)
