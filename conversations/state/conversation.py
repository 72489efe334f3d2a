"""What a conversation keeps between two messages, and the JSON the stores hold for it.

    {"v": 1,
     "step": "age" | ... | "done" | "whatif_rate" | null (no conversation),
     "answers": {...},                  # see conversations.state.answers
     "history": [{"step", "answers"}],  # answers as they were before each step, for /back
     "estimates": {"7": {...}},         # OffsetInput JSON of the last few breakdowns, for what-if
     "next_id": 8,
     "whatif": "7" | null}              # the estimate a typed what-if rate applies to

"v" is the schema version. A change of this shape bumps STATE_VERSION and adds to `_UPGRADES` the
step from the version before, so a conversation saved by the previous release carries on after an
upgrade instead of starting again. Version 1 is the shape every release so far has written.

Loading must stay cheap (every update loads and saves one): the estimates stay the JSON they are
stored as and are read into an `OffsetInput` only when a what-if or a reminder uses one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer, field_validator

from calculator.models import OffsetInput
from conversations import flow
from conversations.state.answers import Answers

__all__ = [
    "DONE",
    "KEEP_ESTIMATES",
    "MAX_HISTORY",
    "STATE_VERSION",
    "WHATIF_RATE",
    "ConversationState",
    "Rewind",
]

STATE_VERSION = 1
KEEP_ESTIMATES = 5
MAX_HISTORY = 40
#: The step after the breakdown, and while a typed what-if rate is awaited: not questions.
DONE = "done"
WHATIF_RATE = "whatif_rate"

Json = dict[str, Any]
#: version -> the same state in the next version's shape (see the module's docstring).
_UPGRADES: dict[int, Callable[[Json], Json]] = {}


class Rewind(BaseModel):
    """A question already answered and the answers as they were before it: where /back returns to."""

    model_config = ConfigDict(strict=True)

    step: str
    #: As stored (`Answers.to_json()`), read back by `ConversationState.rewind`: up to 40 of them are loaded and
    #: saved with every update, and typing each would cost more than the rest of the state (see status notes).
    answers: Json

    @field_validator("step")
    @classmethod
    def _a_question(cls, step: str) -> str:
        if step not in flow.BY_NAME:
            raise ValueError(f"not a question: {step!r}")
        return step


class ConversationState(BaseModel):
    """One person's conversation in one chat. The default is no conversation, nothing kept."""

    # Strict: a stored "8" is not the next id 8; a state that is not what we wrote starts again.
    model_config = ConfigDict(strict=True)

    step: str | None = None
    answers: Answers = Field(default_factory=Answers)
    history: list[Rewind] = Field(default_factory=list)
    estimates: dict[str, dict[str, Any]] = Field(default_factory=dict)
    next_id: int = 1
    whatif: str | None = None

    @field_validator("step")
    @classmethod
    def _known_step(cls, step: str | None) -> str | None:
        if step is not None and step not in flow.BY_NAME and step not in (DONE, WHATIF_RATE):
            raise ValueError(f"not a step: {step!r}")
        return step

    @field_serializer("answers")
    def _stored(self, answers: Answers) -> Json:
        return answers.to_json()

    # --- the JSON the stores keep ------------------------------------------------

    @classmethod
    def from_json(cls, data: Any) -> ConversationState | None:
        """The state a store kept, upgraded to this version; None when it is not one we can read."""
        if not isinstance(data, dict):
            return None
        version = data.get("v")
        while version in _UPGRADES and version != STATE_VERSION:
            data = _UPGRADES[version](data)
            version = data.get("v")
        if version != STATE_VERSION or not data.keys() >= cls.model_fields.keys():
            return None  # the defaults are for a new state, not for filling in a stored one
        try:
            return cls.model_validate(data)
        except ValidationError:
            return None

    def to_json(self) -> Json:
        return {"v": STATE_VERSION, **self.model_dump()}

    # --- changes a turn makes ------------------------------------------------------

    @property
    def asking(self) -> bool:
        """Whether a question is waiting for its answer."""
        return self.step in flow.BY_NAME

    def restart(self) -> None:
        """No conversation any more; the estimates stay, so the what-if buttons of old messages still work."""
        self.step = None
        self.answers = Answers()
        self.history = []
        self.whatif = None

    def record(self, step: str, update: Answers) -> None:
        """An answer to `step`, after keeping the answers as they were for /back."""
        self.push_history(step)
        self.answers = flow.record(self.answers, step, update)

    def push_history(self, step: str) -> None:
        self.history.append(Rewind(step=step, answers=self.answers.to_json()))
        del self.history[:-MAX_HISTORY]

    def rewind(self, index: int) -> str:
        """Back to the question of `history[index]`, with the answers as they were then; that question."""
        entry = self.history[index]
        del self.history[index:]
        self.answers = Answers.from_json(entry.answers)
        self.step = entry.step
        self.whatif = None
        return entry.step

    # --- the estimates kept for what-if buttons --------------------------------------

    def keep_estimate(self, inputs: OffsetInput) -> int:
        """Keep `inputs` under a new id (the last few only, so what-ifs of old messages still work)."""
        estimate_id = self.next_id
        self.estimates[str(estimate_id)] = inputs.model_dump(mode="json")
        for old in sorted(self.estimates, key=int)[:-KEEP_ESTIMATES]:
            del self.estimates[old]
        self.next_id = estimate_id + 1
        return estimate_id

    def estimate(self, estimate_id: str) -> OffsetInput | None:
        """A kept estimate's inputs, or None once it is no longer kept."""
        stored = self.estimates.get(estimate_id)
        return None if stored is None else OffsetInput.model_validate(stored)

    def last_estimate_id(self) -> str | None:
        ids = sorted(self.estimates, key=int)
        return ids[-1] if ids else None
