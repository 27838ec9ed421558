"""Every text and every report card, in both languages, passes Telegram's checks in the double.

Placeholders are filled with hostile values (markup characters, the longest numbers), and each
rendered text is sent with its buttons through a real PTB Bot to the Bot API double, which
rejects what Telegram would reject: bad HTML, over-long text, over-long callback data.
"""

from datetime import date
from importlib import resources

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.i18n import LANGUAGES, Texts
from bot.domain.form import load_form
from bot.doubles.telegram import BotApiDouble
from bot.ui.callbacks import Action, pack
from handlers.report.draft import Draft, Item
from handlers.report.view import ReportView
from tests.conftest import TOKEN

HOSTILE = "<b>Tổ & \"Nà\" Phung</b> <script> &amp; 'x'"
FORM = load_form()


class _Placeholders(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _messages(language: str) -> dict[str, set[str]]:
    source = resources.files("bot.core.texts").joinpath(f"{language}.ftl").read_text("utf-8")
    found = {}
    for entry in FluentParser().parse(source).body:
        if isinstance(entry, ast.Message):
            visitor = _Placeholders()
            visitor.visit(entry)
            found[entry.id.name] = visitor.names
    return found


def _args(names: set[str]) -> dict[str, object]:
    numbers = {
        "min",
        "max",
        "step",
        "steps",
        "count",
        "minutes",
        "days",
        "length",
        "page",
        "pages",
        "number",
        "value",
    }
    return {name: 1_000_000 if name in numbers else HOSTILE for name in names}


@pytest.fixture
async def double():
    """A double without rate limits: this test checks content, not pacing."""
    async with BotApiDouble(token=TOKEN, rate_limits=None) as server:
        yield server


@pytest.fixture
async def bot(double):
    async with Bot(TOKEN, base_url=double.base_url, base_file_url=double.file_base_url) as bot:
        yield bot


@pytest.fixture
def chat(double):
    user = double.add_user(first_name="Kiểm tra")
    double.send_text(user["id"], "/start")  # a chat exists once the user wrote
    return user["id"]


def _markup(rows) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=pack(Action.REPORT, 999, *op))
                for label, op in row
            ]
            for row in rows
        ]
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_catalog_text_is_valid_telegram_html(bot, chat, double, language):
    texts = Texts()
    messages = _messages(language)
    assert messages.keys() == texts.ids(language)
    for text_id, names in sorted(messages.items()):
        rendered = texts.get(language, text_id, **_args(names))
        await bot.send_message(chat, rendered, parse_mode="HTML")
    assert [e for e in double.errors if e[1] == 400] == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_report_card_is_valid(bot, chat, double, language):
    view = ReportView(Texts(), language, FORM, date(2026, 11, 27))
    draft = Draft(
        day="2026-11-21",
        items=[
            Item(c.id, {i: FORM.indicators[i].max for i in c.indicators})
            for c in FORM.active_categories()
        ],
        note="x" * 500,
        quick={
            "not_understood": [HOSTILE] * 5,
            "problems": [HOSTILE] * 3,
            "given_twice": [HOSTILE] * 2,
        },
    )
    cards = [
        view.choose_category(draft),
        view.choose_date(60),
        view.confirm(draft, view.t("report-same-title", date=HOSTILE)),
    ]
    cards.append(view.fields(draft)[1])
    for category in FORM.categories:
        for step, indicator in enumerate(FORM.indicators_of(category), start=1):
            cards.append(view.ask_value(category, indicator, step))
    week = {i: FORM.indicators[i].max * 7 for i in FORM.indicator_ids()}
    cards.append((view.week_totals(week, date(2026, 11, 23), date(2026, 11, 27)), []))
    for text, rows in cards:
        await bot.send_message(chat, text, parse_mode="HTML", reply_markup=_markup(rows))
    assert [e for e in double.errors if e[1] == 400] == []
