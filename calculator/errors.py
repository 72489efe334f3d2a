"""What the calculator says is wrong with an input, worded for people.

`CalculatorError` is the one exception it raises on purpose; `field_errors`
words pydantic's complaints about an OffsetInput the same way.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import ValidationError


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


_PLAIN = {
    "missing": "is required",
    "finite_number": "must be a finite number",
    "decimal_parsing": "must be a number",
    "decimal_type": "must be a number",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "extra_forbidden": "is not a known input",
}


def _number(value: object) -> str:
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def field_errors(error: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs for an OffsetInput ValidationError, worded for people.

    Model-level checks (e.g. rollover above the balance) name the field they
    are about, so a front end can always point at the one input to change.
    """
    out: list[tuple[str, str]] = []
    for item in error.errors():
        kind = item["type"]
        ctx = item.get("ctx") or {}
        field = ".".join(str(p) for p in item["loc"]) or str(ctx.get("field", ""))
        if kind == "greater_than":
            message = f"must be more than {_number(ctx['gt'])}"
        elif kind == "greater_than_equal":
            message = f"must be at least {_number(ctx['ge'])}"
        elif kind == "less_than_equal":
            message = f"must be at most {_number(ctx['le'])}"
        elif kind == "less_than":
            message = f"must be less than {_number(ctx['lt'])}"
        elif kind == "enum":
            message = f"must be one of: {ctx.get('expected', '')}"
        elif kind in _PLAIN:
            message = _PLAIN[kind]
        elif kind == "value_error" and "error" in ctx:
            message = str(ctx["error"])
        else:
            message = item["msg"]
        out.append((field, message))
    return out
