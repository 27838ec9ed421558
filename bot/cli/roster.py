"""Operator commands: `roster import FILE`, `roster list`, `members list`."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from datetime import datetime
from pathlib import Path

import segno
from telegram import Bot
from telegram.error import TelegramError

from bot.app.settings import Settings
from bot.cli import members as cli_members
from bot.cli.areas import mapping_report, registry_for
from bot.cli.output import missing_database, print_rows
from bot.core.clock import SystemClock, iso_utc
from bot.domain.roster import InvalidRoster, InviteLinks, Roster, import_roster, parse, slug
from bot.domain.tabular import ALIASES, UnreadableFile, read_table
from bot.transports.zalo.api import ZaloError
from bot.transports.zalo.setup import zalo_bot_link
from storage import areas, members
from storage import roster as roster_store
from storage.chat_ids import channel_of
from storage.db import Database

TEAM_COLUMNS = ("team_code", "team_name", "area_path", "invite_code")  # then a link per messenger
MEMBER_COLUMNS = (
    "team_code",
    "team_name",
    "area_path",
    "role",
    "status",
    "joined_at",
    "full_name",
    "messenger",
)
QR_SCALE = 10  # pixels per module: about 0.85 mm per module printed at 300 dpi
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules
IMPORT_HELP = (
    "Import teams and areas from a CSV (UTF-8, comma or semicolon) or XLSX file. Columns:"
    " team_code, team_name, province, commune (required); district, village, leader_name,"
    " leader_phone, province_code, district_code, commune_code, village_code (optional)."
    " Headers may be Vietnamese, in any case and with or without diacritics: "
    + "; ".join(f"{field} = {names.replace(' | ', ', ')}" for field, names in ALIASES.items())
    + ". Without code columns, area codes come from names (Tỉnh Lào Cai → lao-cai, Xã Bảo Yên"
    " → lao-cai/xa-bao-yen), so only an area with an explicit code can be renamed in place."
    " In a province set up with `areas seed`, communes need no codes: each is matched to its"
    " official unit by name (with or without diacritics and Xã/P./ĐK prefixes), by official"
    " code or by its pre-2025 name, and an old address is listed as mapped; an unknown or"
    " split commune is a problem with the closest candidates (see `areas map-roster`)."
    " Leader phones must be Vietnamese mobile numbers (0912 345 678, +84912345678)."
    " The whole file is checked first: any problem imports nothing (exit code 1);"
    " an unreadable file exits with 2. Invite codes never change on re-import."
)
MEMBERS_HELP = (
    "List members with their team, area, role, status, join time (local time) and name."
    " Phone numbers are personal data and are left out unless --with-phone is given:"
    " use it only when the work needs it, and do not share the output further."
)


def _label_areas(all_areas: list[areas.Area]) -> dict[int, str]:
    names = {area.id: area.name for area in all_areas}
    return {
        area.id: " › ".join(names[int(part)] for part in area.path.strip("/").split("/"))
        for area in all_areas
    }


def sort_key(text: str) -> tuple[str | int, ...]:
    """Order "Thôn 2" before "Thôn 10", ignoring case and diacritics."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", slug(text)))


async def _write_roster(settings: Settings, roster: Roster, file_name: str) -> str:
    async with Database(settings.database_path) as db, db.transaction() as conn:
        now = iso_utc(SystemClock().now())
        return str(await import_roster(conn, roster, file_name=file_name, now=now))


def _import(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    try:
        table = read_table(path)
    except UnreadableFile as error:
        print(f"Cannot read {path}: {error}.", file=sys.stderr)
        return 2
    roster, problems = parse(table, registry_for(settings))
    if not problems:
        try:
            print(asyncio.run(_write_roster(settings, roster, path.name)))
            if roster.mapped:
                print("\n".join(mapping_report(roster, [])))
            return 0
        except InvalidRoster as error:
            problems = error.problems
    print(f"{path.name}: {len(problems)} problem(s); nothing was imported.", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


NO_MESSENGER = (
    "Warning: no invite links: set BOT_USERNAME (or BOT_TOKEN) for Telegram,"
    " ZALO_BOT_LINK (or ZALO_BOT_TOKEN) for Zalo."
)
ZALO_QR_NAME = "zalo.png"  # the Zalo chat's QR: one file, the same for every team


async def _bot_username(settings: Settings) -> str | None:
    """Return BOT_USERNAME, else ask Telegram; warn once on stderr when neither works."""
    username = (getattr(settings, "bot_username", None) or "").strip().lstrip("@")
    if username:
        return username
    if settings.bot_token is None:
        print("Warning: set BOT_USERNAME to get Telegram invite links.", file=sys.stderr)
        return None
    try:
        token = settings.bot_token.get_secret_value()
        async with Bot(token, base_url=settings.telegram_api_url) as bot:
            return bot.username
    except TelegramError as error:
        print(f"Warning: Telegram getMe failed ({error}); set BOT_USERNAME.", file=sys.stderr)
        return None


async def _zalo_link(settings: Settings) -> str | None:
    """Return ZALO_BOT_LINK, else make it from Zalo's getMe; warn once when neither works."""
    try:
        return await zalo_bot_link(settings)
    except (ZaloError, TelegramError) as error:
        print(
            f"Warning: Zalo getMe failed ({error}); set ZALO_BOT_LINK to the bot's link"
            " (Zalo Bot Creator shows it, with the bot's QR code).",
            file=sys.stderr,
        )
        return None


async def invite_links(settings: Settings) -> InviteLinks:
    """What opens the bot on each messenger this deployment serves (asked of the platforms
    when not set); with no messenger set up at all, an empty Telegram column and a warning."""
    telegram = settings.bot_token is not None or bool(settings.bot_username)
    zalo = settings.zalo_bot_token is not None or bool(settings.zalo_bot_link)
    if not (telegram or zalo):
        print(NO_MESSENGER, file=sys.stderr)
        return InviteLinks(("telegram",))
    channels = tuple(name for name, on in (("telegram", telegram), ("zalo", zalo)) if on)
    return InviteLinks(
        channels,
        telegram_bot=await _bot_username(settings) if telegram else None,
        zalo_chat=await _zalo_link(settings) if zalo else None,
    )


def team_columns(links: InviteLinks) -> tuple[str, ...]:
    """The team list's columns: a link column for each messenger served."""
    extra = {"telegram": "invite_link", "zalo": "zalo_link"}
    return (*TEAM_COLUMNS, *(extra[channel] for channel in links.channels))


async def _team_rows(settings: Settings) -> tuple[list[list[str]], InviteLinks]:
    links = await invite_links(settings)
    async with Database(settings.database_path) as db:
        labels = _label_areas(await roster_store.all_areas(db.reader))
        entries = await roster_store.active_teams(db.reader)
    rows = []
    for entry in entries:
        row = [entry.team_code, entry.team_name, labels[entry.area_id], entry.invite_code]
        for channel in links.channels:
            row.append(
                links.telegram(entry.invite_code) if channel == "telegram" else links.zalo()
            )
        rows.append(row)
    rows.sort(key=lambda row: (sort_key(row[2]), row[2], sort_key(row[0]), row[0]))
    return rows, links


def _save_qr(content: str, path: Path) -> None:
    segno.make_qr(content, error="m").save(path, kind="png", scale=QR_SCALE, border=QR_BORDER)


def _write_qr_codes(directory: Path, rows: list[list[str]], links: InviteLinks) -> str:
    """Write the QR codes; return what was written, for the operator."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    used: set[str] = set()
    if "zalo" in links.channels:
        _save_qr(links.zalo(), directory / ZALO_QR_NAME)
        used.add(ZALO_QR_NAME.removesuffix(".png"))
        written.append(f"{ZALO_QR_NAME} (the Zalo chat, the same for every team)")
    if "telegram" in links.channels:
        for row in rows:
            team_code, invite_code = row[0], row[3]
            stem = re.sub(r"[^A-Za-z0-9_-]", "_", team_code)
            if stem in used:
                stem = f"{stem}-{invite_code}"
            used.add(stem)
            _save_qr(links.telegram(invite_code), directory / f"{stem}.png")
        written.insert(0, f"{len(rows)} QR codes")
    return " and ".join(written)


def _list_teams(args: argparse.Namespace, settings: Settings) -> int:
    if missing_database(settings):
        return 1
    rows, links = asyncio.run(_team_rows(settings))
    if args.qr and not links.complete():
        print("No QR codes written: they need each messenger's link.", file=sys.stderr)
        return 1
    print_rows(team_columns(links), rows, args.csv)
    if args.qr:
        written = _write_qr_codes(args.qr, rows, links)
        print(f"Wrote {written} to {args.qr}.", file=sys.stderr)
    return 0


async def _member_rows(
    settings: Settings, area_code: str | None, with_phone: bool
) -> list[list[str]] | None:
    async with Database(settings.database_path) as db:
        within = None
        if area_code:
            area = await areas.get_by_code(db.reader, area_code)
            if area is None:
                return None
            within = areas.subtree_bounds(area.path)
        labels = _label_areas(await roster_store.all_areas(db.reader))
        found = await members.listing(db.reader, within)
    rows = []
    for member in found:
        joined = datetime.fromisoformat(member.joined_at).astimezone(settings.tz)
        row = [
            member.team_code or "",
            member.team_name or "",
            labels.get(member.area_id, ""),
            member.role,
            member.status,
            joined.strftime("%Y-%m-%d %H:%M"),
            member.full_name,
            _messenger(member),
        ]
        rows.append([*row, member.phone or ""] if with_phone else row)
    rows.sort(key=lambda row: (sort_key(row[2]), sort_key(row[0]), sort_key(row[6])))
    return rows


def _messenger(member: members.MemberListing) -> str:
    """Where the member is reached: "telegram", "zalo", or "zalo (+telegram)" when linked."""
    if member.chat_id is None:
        return ""
    now = channel_of(member.chat_id)
    if member.linked > 1:
        other = "telegram" if now == "zalo" else "zalo"
        return f"{now} (+{other})"
    return now


def _list_members(args: argparse.Namespace, settings: Settings) -> int:
    if missing_database(settings):
        return 1
    rows = asyncio.run(_member_rows(settings, args.area, args.with_phone))
    if rows is None:
        print(
            f"Unknown area code {args.area!r}: use a code from the roster file's code columns"
            " or one derived from names, like lao-cai/xa-bao-yen.",
            file=sys.stderr,
        )
        return 1
    header = (*MEMBER_COLUMNS, "phone") if args.with_phone else MEMBER_COLUMNS
    print_rows(header, rows, args.csv)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `roster` and `members` commands to the command line."""
    roster = commands.add_parser("roster", help="import and list teams and invite links")
    roster_commands = roster.add_subparsers(dest="roster_command", required=True)
    importing = roster_commands.add_parser(
        "import", help="import teams and areas from a CSV or XLSX file", description=IMPORT_HELP
    )
    importing.add_argument("file", type=Path, help="the roster file (.csv or .xlsx)")
    importing.set_defaults(handler=_import)
    listing = roster_commands.add_parser(
        "list",
        help="list active teams with their invite codes and links",
        description="List every active team with its area, invite code and a link for each"
        " messenger the deployment serves, ordered by area then team code. invite_link is the"
        " Telegram deep link (t.me/<bot>?start=<code>: opening it joins the team); it needs"
        " BOT_USERNAME, or BOT_TOKEN to ask Telegram. zalo_link opens the bot's chat on Zalo,"
        " the same for every team: Zalo carries no invite code in a link, so the member types"
        " the code. It is ZALO_BOT_LINK, or made from Zalo's getMe (ZALO_BOT_TOKEN) as"
        " https://zalo.me/<account_name>.",
    )
    listing.add_argument("--csv", action="store_true", help="write CSV instead of a table")
    listing.add_argument(
        "--qr",
        type=Path,
        metavar="DIR",
        help="also write DIR/<team_code>.png, one Telegram QR per team, and DIR/zalo.png, the"
        " Zalo chat's QR (for cards with the code printed beside it, see `roster cards`)",
    )
    listing.set_defaults(handler=_list_teams)

    people = commands.add_parser("members", help="list members")
    people_commands = people.add_subparsers(dest="members_command", required=True)
    members_list = people_commands.add_parser(
        "list", help="list members (no phone numbers)", description=MEMBERS_HELP
    )
    members_list.add_argument(
        "--area", metavar="CODE", help="only members in (or coordinators of) this area"
    )
    members_list.add_argument("--csv", action="store_true", help="write CSV instead of a table")
    members_list.add_argument(
        "--with-phone", action="store_true", help="add phone numbers (personal data)"
    )
    members_list.set_defaults(handler=_list_members)
    cli_members.register(people_commands)

    from bot.cli import cards as cli_cards  # it builds on this module's invite links

    cli_cards.register(roster_commands)
