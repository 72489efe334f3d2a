"""The one exception the calculator raises on purpose."""

from __future__ import annotations


class CalculatorError(ValueError):
    """Input the rules cannot work with; `field` names the OffsetInput field at fault.

    Raised by `estimate()` (e.g. bracket mode for a year without tables) and
    inside OffsetInput's validators, where pydantic wraps it in a
    ValidationError whose error `ctx["error"]` is this object, so a front end
    can still tell which field the person must change.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message
