"""The conversation state's JSON: what today's release stores reads back the same, anything else starts again."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from calculator.models import Event, OffsetInput
from conversations.state.conversation import KEEP_ESTIMATES, MAX_HISTORY, STATE_VERSION, ConversationState

# A state as the release before the typed state saved it (one estimate kept, mid-interview).
ESTIMATE = OffsetInput(
    balance=15000, age=45, event=Event.SEPARATION, offset_date=dt.date(2026, 3, 1), federal_rate=22
).model_dump(mode="json")
V1 = {
    "v": 1,
    "step": "offset",
    "answers": {"balance": "15000.00", "form_1099r": None, "asked": ["balance", "event"], "event": "separation",
                "left_hint": None},
    "history": [
        {"step": "balance", "answers": {}},
        {"step": "event", "answers": {"balance": "15000.00", "form_1099r": None, "asked": ["balance"]}},
    ],
    "estimates": {"7": ESTIMATE},
    "next_id": 8,
    "whatif": None,
}


def test_version_one_reads_and_writes_back_the_same_json() -> None:
    assert STATE_VERSION == 1
    state = ConversationState.from_json(copy.deepcopy(V1))
    assert state is not None
    assert (state.step, state.next_id, [e.step for e in state.history]) == ("offset", 8, ["balance", "event"])
    assert json.loads(json.dumps(state.to_json())) == V1


def test_no_conversation_is_the_default() -> None:
    state = ConversationState()
    assert state.to_json() == {"v": 1, "step": None, "answers": {}, "history": [], "estimates": {}, "next_id": 1,
                               "whatif": None}
    assert ConversationState.from_json(state.to_json()) == state


@pytest.mark.parametrize(
    "change",
    [
        {"v": 2},
        {"v": None},
        {"step": "no such step"},
        {"next_id": "8"},
        {"next_id": True},
        {"answers": []},
        {"estimates": {"7": "not an estimate"}},
        {"history": [{"step": "no such step", "answers": {}}]},
        {"history": [{"step": "balance"}]},
        {"whatif": 7},
    ],
)
def test_a_state_this_version_did_not_write_is_not_read(change: dict) -> None:
    assert ConversationState.from_json({**copy.deepcopy(V1), **change}) is None


@pytest.mark.parametrize("data", [None, [], "state", {}, {"v": 1}])
def test_what_is_not_a_state_is_not_read(data: object) -> None:
    assert ConversationState.from_json(data) is None


def test_restart_keeps_the_estimates_for_old_buttons() -> None:
    state = ConversationState.from_json(copy.deepcopy(V1))
    state.whatif = "7"
    state.restart()
    assert (state.step, state.answers.to_json(), state.history, state.whatif) == (None, {}, [], None)
    assert state.estimate("7") == OffsetInput.model_validate(ESTIMATE)
    assert (state.next_id, state.last_estimate_id()) == (8, "7")


def test_only_the_last_estimates_are_kept() -> None:
    state = ConversationState()
    inputs = OffsetInput.model_validate(ESTIMATE)
    ids = [state.keep_estimate(inputs) for _ in range(KEEP_ESTIMATES + 2)]
    assert ids == list(range(1, KEEP_ESTIMATES + 3))
    assert sorted(state.estimates, key=int) == [str(i) for i in ids[-KEEP_ESTIMATES:]]
    assert state.estimate("1") is None and state.last_estimate_id() == str(ids[-1])


def test_history_is_bounded_and_rewinds() -> None:
    state = ConversationState.from_json(copy.deepcopy(V1))
    for _ in range(MAX_HISTORY + 5):
        state.push_history("offset")
    assert len(state.history) == MAX_HISTORY
    assert state.rewind(0) == "offset"
    assert state.history == [] and state.step == "offset" and state.answers.to_json() == V1["answers"]
