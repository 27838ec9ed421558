"""The report draft's typed "what is being asked", its JSON, and drafts an earlier version kept."""

from __future__ import annotations

import json

import pytest

from handlers.report.asking import (
    AskDate,
    AskNote,
    AskValue,
    ChooseField,
    RepeatDay,
    Then,
    asking_from_json,
    asking_to_json,
)
from handlers.report.draft import Draft, Item
from storage.db import Database
from storage.persistence import SQLitePersistence
from tests.faults_helpers import SINGLE, enrol

EVERY_KIND = [
    None,
    AskValue(0, "vneid_accounts"),
    AskValue(1, "dvc_dossiers", Then.CONFIRM),
    AskDate(back_to_card=True),
    AskDate(back_to_card=False),
    ChooseField((AskDate(back_to_card=True), AskValue(0, "x", Then.CONFIRM), AskNote())),
    RepeatDay("2026-11-26"),
]

# What the dialog stored before the typed values (untagged dicts), and what each now means.
LEGACY = [
    ({"item": 0, "indicator": "x", "then": "next"}, AskValue(0, "x", Then.NEXT)),
    ({"item": 2, "indicator": "y", "then": "confirm"}, AskValue(2, "y", Then.CONFIRM)),
    ({"date_then": "confirm"}, AskDate(back_to_card=True)),
    ({"date_then": "category"}, AskDate(back_to_card=False)),
    (
        {"fields": [["date"], ["value", "0", "x"], ["value", "1", "y"], ["note"]]},
        ChooseField(
            (
                AskDate(back_to_card=True),
                AskValue(0, "x", Then.CONFIRM),
                AskValue(1, "y", Then.CONFIRM),
                AskNote(),
            )
        ),
    ),
    ({"same_from": "2026-11-26"}, RepeatDay("2026-11-26")),
]


@pytest.mark.parametrize("asking", EVERY_KIND)
def test_every_kind_survives_json(asking):
    draft = Draft(day="2026-11-27", items=[Item("vneid", {"a": 1})], asking=asking)
    stored = json.loads(json.dumps(draft.to_json()))
    assert Draft.from_json(stored) == draft


@pytest.mark.parametrize(("legacy", "typed"), LEGACY)
def test_what_an_earlier_version_stored_still_reads(legacy, typed):
    assert asking_from_json(legacy) == typed


@pytest.mark.parametrize(
    "unreadable",
    [{"kind": "signature"}, {"item": "zero", "indicator": "x"}, {"fields": [["map"]]}, [1], "x"],
)
def test_what_cannot_be_read_is_nothing_asked(unreadable):
    """A later version's kind or a broken entry: the dialog shows its card again."""
    assert asking_from_json(unreadable) is None


def test_a_whole_draft_of_the_earlier_version_loads():
    """Exactly what the previous code's `asdict(draft)` wrote for a correction in progress."""
    legacy = {
        "day": "2026-11-27",
        "items": [{"category": "vneid", "values": {"vneid_accounts": 4}}],
        "note": None,
        "report_id": 12,
        "replaces": {},
        "quick": {},
        "card": 5,
        "card_message": 340,
        "options": ["1rp:5:skip"],
        "asking": {"item": 0, "indicator": "vneid_accounts", "then": "confirm"},
        "touched": "2026-11-27T03:00:00+00:00",
    }
    draft = Draft.from_json(legacy)
    assert draft.asking == AskValue(0, "vneid_accounts", Then.CONFIRM)
    assert (draft.report_id, draft.card) == (12, 5)
    assert draft.items == [Item("vneid", {"vneid_accounts": 4})]
    assert asking_to_json(draft.asking) == {
        "kind": "value",
        "item": 0,
        "indicator": "vneid_accounts",
        "then": "confirm",
    }


async def test_a_dialog_persisted_by_the_earlier_version_goes_on_after_a_deploy(
    db_path, roster, double, start_bot
):
    """The bot stopped while asking a number; the new code reads the old draft and goes on."""
    async with Database(db_path) as db:
        [lan] = await enrol(db, double, roster.team_a.id, 1)
        legacy = {
            "day": "2026-11-27",
            "items": [{"category": SINGLE.id, "values": {}}],
            "note": None,
            "report_id": None,
            "replaces": {},
            "quick": {},
            "card": 2,
            "card_message": None,
            "options": [],
            "asking": {"item": 0, "indicator": SINGLE.indicators[0], "then": "next"},
            "touched": "",
        }
        persistence = SQLitePersistence(db)
        async with db.batched():
            await persistence.update_user_data(lan.id, {"report": legacy})
            await persistence.update_conversation("report", (lan.id, lan.id), "report.value")
    await start_bot()
    await lan.say_for("4", "Kiểm tra báo cáo")
    await lan.tap_for("Gửi", "Đã lưu báo cáo")
