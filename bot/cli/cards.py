"""`roster cards`: printable invite cards, one per active team (A4 PDF, or one PNG each)."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

from bot.app.settings import Settings
from bot.cli.output import missing_database
from bot.cli.roster import invite_links, sort_key
from bot.core.i18n import Texts
from bot.domain.roster import InviteLinks
from bot.ui.cards import Card, card_png, card_steps, write_pdf
from storage import areas
from storage import roster as roster_store
from storage.db import Database

CARDS_HELP = (
    "Write one invite card per active team: the team, its village and commune, the invite"
    " code in large type, a QR code for each messenger the deployment serves and two lines of"
    " instructions (in DEFAULT_LANGUAGE). The Telegram QR is the team's deep link"
    " (t.me/<bot>?start=<code>); the Zalo QR opens the bot's chat (ZALO_BOT_LINK, or"
    " https://zalo.me/<account_name> from Zalo's getMe), where the member types the code:"
    " Zalo links carry no invite code. Cards come eight to an A4 page with cut marks, ordered"
    " by area then team code; --png DIR writes DIR/<team_code>.png, one card each (with --out"
    " too, both are written)."
)


async def team_cards(settings: Settings, area_code: str | None) -> list[tuple[str, Card]] | None:
    """(team code, card) for the active teams (within an area, if given), ordered by area then
    team code; None for an unknown area."""
    links = await invite_links(settings)
    texts = Texts(settings.default_language)
    language = settings.default_language
    async with Database(settings.database_path) as db:
        all_areas = await roster_store.all_areas(db.reader)
        entries = await roster_store.active_teams(db.reader)
        within = None
        if area_code:
            area = await areas.get_by_code(db.reader, area_code)
            if area is None:
                return None
            within = areas.subtree_bounds(area.path)
    by_id = {area.id: area for area in all_areas}
    cards = []
    for entry in entries:
        area = by_id[entry.area_id]
        if within is not None and not within[0] <= area.path < within[1]:
            continue
        chain = [by_id[int(part)] for part in area.path.strip("/").split("/")]
        names = {a.level: a.name for a in chain}
        place = " · ".join(names[level] for level in ("village", "commune") if level in names)
        card = Card(
            team=entry.team_name,
            place=place,
            province=names.get("province", ""),
            code=entry.invite_code,
            code_label=texts.plain(language, "card-code-label"),
            qrs=_qrs(texts, language, links, entry.invite_code),
            steps=card_steps(
                texts, language, entry.invite_code, links.channels, links.telegram_bot
            ),
        )
        key = (*sort_key(" › ".join(a.name for a in chain)), *sort_key(entry.team_code))
        cards.append((key, entry.team_code, card))
    cards.sort(key=lambda item: (item[0], item[1]))
    return [(team_code, card) for _, team_code, card in cards]


def _qrs(
    texts: Texts, language: str, links: InviteLinks, code: str
) -> tuple[tuple[str, str], ...]:
    # Zalo first: most volunteers in Vietnam are on Zalo (Telegram is blocked there).
    found = []
    if "zalo" in links.channels:
        found.append((texts.plain(language, "card-qr-zalo"), links.zalo()))
    if "telegram" in links.channels:
        found.append((texts.plain(language, "card-qr-telegram"), links.telegram(code)))
    return tuple(found)


def _write_pngs(directory: Path, cards: list[tuple[str, Card]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for team_code, card in cards:
        stem = re.sub(r"[^A-Za-z0-9_-]", "_", team_code)
        if stem in used:
            stem = f"{stem}-{card.code}"
        used.add(stem)
        (directory / f"{stem}.png").write_bytes(card_png(card))


def _cards(args: argparse.Namespace, settings: Settings) -> int:
    if args.out is None and args.png is None:
        print("Say where to write the cards: --out FILE.pdf or --png DIR.", file=sys.stderr)
        return 2
    if missing_database(settings):
        return 1
    found = asyncio.run(team_cards(settings, args.area))
    if found is None:
        print(
            f"Unknown area code {args.area!r}: use a code from the roster file's code columns"
            " or one derived from names, like lao-cai/xa-bao-yen.",
            file=sys.stderr,
        )
        return 1
    cards = [card for _, card in found]
    if not cards:
        print("No active teams to make cards for.", file=sys.stderr)
        return 1
    if any(not content for card in cards for _, content in card.qrs):
        print("No cards written: they need each messenger's link.", file=sys.stderr)
        return 1
    if args.png is not None:
        _write_pngs(args.png, found)
        print(f"Wrote {len(cards)} cards to {args.png}.", file=sys.stderr)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        pages = write_pdf(cards, args.out)
        print(f"Wrote {len(cards)} cards on {pages} pages to {args.out}.", file=sys.stderr)
    return 0


def register(roster_commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `roster cards` to the roster commands."""
    cards = roster_commands.add_parser(
        "cards", help="write printable invite cards (A4 PDF, or PNGs)", description=CARDS_HELP
    )
    cards.add_argument("--out", type=Path, metavar="FILE", help="the PDF to write (A4 pages)")
    cards.add_argument("--png", type=Path, metavar="DIR", help="write DIR/<team_code>.png")
    cards.add_argument("--area", metavar="CODE", help="only teams in this area")
    cards.set_defaults(handler=_cards)
