"""Reading the JSON files that ship inside this package."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

_HUNDRED = Decimal(100)


def load(name: str) -> dict[str, Any]:
    """One file of this folder, parsed."""
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def load_folder(folder: str) -> Iterator[dict[str, Any]]:
    """Every .json file of a subfolder, parsed, in the folder's order."""
    for entry in resources.files(__package__).joinpath(folder).iterdir():
        if entry.name.endswith(".json"):
            yield json.loads(entry.read_text(encoding="utf-8"))


def pct(value: str) -> Decimal:
    """A percentage as written in the files ("10") as a fraction (0.10)."""
    return Decimal(value) / _HUNDRED
