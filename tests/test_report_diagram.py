"""handlers/report/report.mmd against the code: its states, its buttons, timeout and /cancel;
and every button of the report card has its handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.i18n import Texts
from bot.ui import callbacks
from bot.ui.callbacks import Action, ReportOp
from handlers.report import dialog, ops
from handlers.report.flow import State

DIAGRAM = Path(dialog.__file__).with_name("report.mmd")
OUTSIDE = "[*]"
TRANSITION = re.compile(r"^(\[\*\]|\w+)\s*-->\s*(\[\*\]|\w+)\s*(?::\s*(.*))?$")
# Other lines that name a state: a declaration, a note beside one.
NAMING = re.compile(r"^(?:state\s+(?:\"[^\"]*\"\s+as\s+)?|note (?:left|right) of )(\w+)")
OPERATION = re.compile(r"\[([a-z_]+)\]")
ACTION = re.compile(r"\bREPORT_[A-Z_]+\b")


def _lines() -> list[str]:
    text = DIAGRAM.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if not line.strip().startswith("%%")]


def _transitions() -> list[tuple[str, str, str]]:
    found = [TRANSITION.match(line) for line in _lines()]
    return [(m[1], m[2], m[3] or "") for m in found if m]


def test_the_diagram_is_a_mermaid_state_diagram():
    lines = [line for line in _lines() if line]
    assert lines[0] == "stateDiagram-v2"
    arrows = [line for line in lines if "-->" in line]
    assert arrows and len(arrows) == len(_transitions()), "an arrow this test cannot read"


def test_it_names_every_state_of_the_dialog_and_no_other():
    named = {end for source, target, _ in _transitions() for end in (source, target)}
    named |= {m.group(1) for m in map(NAMING.match, _lines()) if m}
    named.discard(OUTSIDE)
    assert named == set(State.__members__)


def test_the_dialog_has_exactly_the_states_of_the_enum():
    [conversation] = dialog.build(Texts())
    assert set(conversation.states) == set(State)


def test_every_button_of_the_card_labels_a_transition_and_only_those():
    labelled = {op for _, _, label in _transitions() for op in OPERATION.findall(label)}
    assert labelled == {op.value for op in ReportOp}


def test_every_button_that_opens_the_dialog_is_on_the_diagram():
    opening = {a.name for a in Action if a.name.startswith("REPORT_")}
    entries = [label for source, _, label in _transitions() if source == OUTSIDE]
    named = {name for label in entries for name in ACTION.findall(label)}
    assert named == opening


@pytest.mark.parametrize("state", list(State.__members__))
@pytest.mark.parametrize("way_out", ["timeout", "/cancel"])
def test_every_state_can_time_out_and_be_cancelled(state, way_out):
    assert any(
        source == state and target == OUTSIDE and label.startswith(way_out)
        for source, target, label in _transitions()
    )


def test_every_operation_of_the_card_has_a_handler():
    """The dispatch is total: every ReportOp, every callback shape, one handler each."""
    assert set(ops.OPERATIONS) == set(ReportOp) == set(callbacks.REPORT_OPERATIONS)
    assert all(callable(handler) for handler in ops.OPERATIONS.values())
