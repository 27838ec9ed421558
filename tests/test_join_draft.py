"""The join draft: typed in the dialog, the old code's plain dict in user_data."""

from __future__ import annotations

from handlers.join.draft import JoinDraft

# Drafts as the code before JoinDraft persisted them, at each step of the dialog.
OLD = [
    {"team_id": 7},
    {"team_id": 7, "consent_at": "2026-12-01T08:00:00Z"},
    {"team_id": 7, "consent_at": "2026-12-01T08:00:00Z", "name": "Nguyễn Văn An"},
    {"team_id": 7, "consent_at": "2026-12-01T08:00:00Z", "name": "An", "phone": None},
    {"team_id": 7, "consent_at": "2026-12-01T08:00:00Z", "name": "An", "phone": "+84912345678"},
]


def test_a_draft_persisted_by_the_old_code_loads_and_is_written_back_the_same():
    for old in OLD:
        draft = JoinDraft.from_json(old)
        assert draft is not None
        assert draft.to_json() == old


def test_a_skipped_phone_is_told_from_one_not_asked_yet():
    assert JoinDraft.from_json({"team_id": 7, "phone": None}).phone_given
    assert not JoinDraft.from_json({"team_id": 7}).phone_given


def test_unknown_keys_are_ignored_and_broken_drafts_refused():
    assert JoinDraft.from_json({"team_id": 7, "later": 1}) == JoinDraft(team_id=7)
    assert JoinDraft.from_json(None) is None
    assert JoinDraft.from_json({"name": "An"}) is None
    assert JoinDraft.from_json({"team_id": "7"}) is None
