"""What every section of a breakdown reads: the person's texts, the breakdown, its inputs, today, and the
calculator's notes by code (several lines depend on which rules applied)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from calculator.models import Breakdown, OffsetInput
from conversations.i18n import Texts

__all__ = ["Facts", "notes_by_code"]


def notes_by_code(breakdown: Breakdown) -> dict[str, Any]:
    """The calculator's notes for a breakdown, by their code ("withholding.none", "rollover.rmd", ...)."""
    return {n.code: n for n in getattr(breakdown, "note_details", ())}


@dataclass(frozen=True, slots=True)
class Facts:
    """One breakdown as the reply sections see it; `today` is None when the caller gives no date (then the
    lines that depend on it are left out)."""

    texts: Texts
    b: Breakdown
    inputs: OffsetInput
    today: dt.date | None = None
    notes: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: Texts, b: Breakdown, inputs: OffsetInput, today: dt.date | None = None) -> Facts:
        return cls(texts, b, inputs, today, notes_by_code(b))
