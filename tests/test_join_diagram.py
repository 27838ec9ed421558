"""The join dialog's diagram (handlers/join/join.mmd) names exactly the dialog's states."""

from __future__ import annotations

import re
from pathlib import Path

from handlers.join.dialog import State

DIAGRAM = Path(__file__).resolve().parent.parent / "handlers" / "join" / "join.mmd"
# "A --> B: label": the two ends of a transition; [*] is the start or the end.
_TRANSITION = re.compile(r"^\s*(\S+)\s*-->\s*([^\s:]+)\s*(?::\s*(.*))?$")


def _transitions() -> list[tuple[str, str, str]]:
    found = []
    for line in DIAGRAM.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("%%"):
            continue
        matched = _TRANSITION.match(line)
        if matched:
            found.append((matched.group(1), matched.group(2), matched.group(3) or ""))
    return found


def test_every_state_is_in_the_diagram():
    named = {end for source, target, _ in _transitions() for end in (source, target)}
    assert {state.name for state in State} <= named


def test_the_diagram_names_no_state_that_does_not_exist():
    named = {end for source, target, _ in _transitions() for end in (source, target)}
    assert named - {"[*]"} <= {state.name for state in State}


def test_every_transition_says_what_causes_it():
    assert all(label.strip() for _, _, label in _transitions())


def test_cancel_leaves_every_state():
    cancelled = {s for s, t, label in _transitions() if t == "[*]" and "/cancel" in label}
    assert cancelled == {state.name for state in State}


def test_start_again_is_shown_from_every_state():
    restarted = {s for s, _, label in _transitions() if "/start again" in label}
    assert restarted == {state.name for state in State}
