"""A paged picker of areas: an area and its direct children, a few buttons a page."""

from __future__ import annotations

import math
from collections.abc import Callable

import aiosqlite
from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.ui.menu import button_label
from storage import areas
from storage.areas import Area

PAGE = 8

AreaButton = Callable[[Area], InlineKeyboardButton]
# Builds the button that shows page `page`; `forward` says whether it is the next one.
PageButton = Callable[[int, bool], InlineKeyboardButton]


async def area_rows(
    reader: aiosqlite.Connection,
    top: Area,
    page: int,
    *,
    area_button: AreaButton,
    page_button: PageButton,
) -> list[list[InlineKeyboardButton]]:
    """Return the keyboard rows for one page: `top` first, then its children by name."""
    options = [top, *await areas.children(reader, top.id)]
    pages = max(1, math.ceil(len(options) / PAGE))
    page = max(0, min(page, pages - 1))
    rows = [[area_button(area)] for area in options[page * PAGE : (page + 1) * PAGE]]
    nav = [page_button(page - 1, False)] if page > 0 else []
    if page + 1 < pages:
        nav.append(page_button(page + 1, True))
    if nav:
        rows.append(nav)
    return rows


def arrows(make: Callable[[str, int], InlineKeyboardButton]) -> PageButton:
    """A page button labelled with an arrow."""
    return lambda page, forward: make("▶️" if forward else "◀️", page)


async def send_area_picker(
    chat: Chat,
    reader: aiosqlite.Connection,
    top: Area,
    page: int,
    text: str,
    button: Callable[[str, str, int], InlineKeyboardButton],
) -> Message:
    """Send the picker card; `button(label, step, value)` makes "area" and "page" buttons."""
    rows = await area_rows(
        reader,
        top,
        page,
        area_button=lambda area: button(button_label(area.name), "area", area.id),
        page_button=arrows(lambda label, number: button(label, "page", number)),
    )
    return await chat.send_message(text, reply_markup=InlineKeyboardMarkup(rows))
