"""The calculator's complaints about an input, in the person's language.

The calculator (another package, English only) words its validation errors
for people: `field_errors()` for pydantic's, `CalculatorError` for its own.
Those strings are not marked for translation there, so this module keeps
translatable templates for every message it can produce, recognises the
English text (some carry values, read back with a pattern), and fills the
translated template. English keeps the calculator's own words unchanged. A
message added to the calculator later, and not listed here, is shown in a
translated generic form rather than in English.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.lists import format_list
from pydantic import ValidationError

from conversations.i18n import N_, Texts

__all__ = ["GENERIC", "localized_error"]

GENERIC = N_("I couldn't use that answer. Please check it and send it again.")

# pydantic error types field_errors() words itself (calculator.models._PLAIN and the bounds).
_BY_TYPE = {
    "missing": N_("is required"),
    "finite_number": N_("must be a finite number"),
    "decimal_parsing": N_("must be a number"),
    "decimal_type": N_("must be a number"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "date_from_datetime_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_type": N_("must be a date (YYYY-MM-DD)"),
    "bool_parsing": N_("must be true or false"),
    "bool_type": N_("must be true or false"),
    "extra_forbidden": N_("is not a known input"),
}
_BOUNDS = {
    "greater_than": ("gt", N_("must be more than {value}")),
    "greater_than_equal": ("ge", N_("must be at least {value}")),
    "less_than_equal": ("le", N_("must be at most {value}")),
    "less_than": ("lt", N_("must be less than {value}")),
}

# The calculator's own sentences (calculator.models validators, calculator.engine),
# as patterns over its English text and the template to show instead.
_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (
            r"tax brackets are available for (?P<years>.+) only, not (?P<year>\d+) \(the offset's year\); "
            r"give a federal rate instead",
            N_("tax brackets are available for {years} only, not {year} (the offset's year); give a federal rate instead"),
        ),
        (r"must be a two-letter state code such as CA or TX", N_("must be a two-letter state code such as CA or TX")),
        (
            r"must be a US state or DC two-letter code such as CA or TX",
            N_("must be a US state or DC two-letter code such as CA or TX"),
        ),
        (
            r"is decided from your age and dates; assert only one of: (?P<names>.*)",
            N_("is decided from your age and dates; assert only one of: {names}"),
        ),
        (r"age or birth date is required", N_("age or birth date is required")),
        (r"birth date must be before the offset date", N_("birth date must be before the offset date")),
        (
            r"birth date gives an age of (?P<years>-?\d+) on the offset date; allowed 14 to 120",
            N_("birth date gives an age of {years} on the offset date; allowed 14 to 120"),
        ),
        (
            r"age (?P<age>\d+) does not match the birth date \(age (?P<years>-?\d+) on the offset date\)",
            N_("age {age} does not match the birth date (age {years} on the offset date)"),
        ),
        (
            r"give either a federal rate or a filing status with income",
            N_("give either a federal rate or a filing status with income"),
        ),
        (
            r"give either a federal rate or a filing status, not both",
            N_("give either a federal rate or a filing status, not both"),
        ),
        (r"income is required with a filing status", N_("income is required with a filing status")),
        (r"separation date cannot be after the offset date", N_("separation date cannot be after the offset date")),
        (
            r"rollover cannot be more than the loan balance \((?P<balance>[\d.]+)\)",
            N_("rollover cannot be more than the loan balance ({balance})"),
        ),
        (
            r"rollover is not possible: a deemed distribution cannot be rolled over",
            N_("rollover is not possible: a deemed distribution cannot be rolled over"),
        ),
        (r"account balance and account basis go together", N_("account balance and account basis go together")),
        (
            r"account basis cannot be more than the account balance",
            N_("account basis cannot be more than the account balance"),
        ),
        (
            r"account balance \(loan included\) cannot be less than the loan balance",
            N_("account balance (loan included) cannot be less than the loan balance"),
        ),
        (
            r"a qualified Roth distribution needs a designated Roth account",
            N_("a qualified Roth distribution needs a designated Roth account"),
        ),
    )
)


def _english(err: Exception) -> tuple[str | None, str]:
    """The OffsetInput field an error is about, and the calculator's English message."""
    if isinstance(err, ValidationError):
        try:
            from calculator import field_errors

            pairs = field_errors(err)
        except Exception:  # noqa: BLE001 - an older calculator: fall back to pydantic's own words
            pairs = [(".".join(map(str, e["loc"])), e["msg"].removeprefix("Value error, ")) for e in err.errors()]
        if pairs:
            field, message = pairs[0]
            return field or None, message
    return getattr(err, "field", None), str(err)


def _number(texts: Texts, value: object) -> str:
    try:
        return texts.number(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)


def _sentence(texts: Texts, message: str) -> str | None:
    for pattern, template in _SENTENCES:
        match = pattern.fullmatch(message.strip())
        if match is None:
            continue
        params = match.groupdict()
        if "years" in params and not params["years"].lstrip("-").isdigit():
            params["years"] = format_list(params["years"].split(" and "), locale=texts.locale)
        if "balance" in params:
            params["balance"] = texts.money(Decimal(params["balance"]))
        try:
            return texts.gettext(template).format(**params)
        except (KeyError, IndexError, ValueError):
            return None
    return None


def _translated(texts: Texts, err: Exception, english: str) -> str:
    if isinstance(err, ValidationError) and err.errors():
        item = err.errors()[0]
        kind = item["type"]
        ctx = item.get("ctx") or {}
        if kind in _BOUNDS and _BOUNDS[kind][0] in ctx:
            key, template = _BOUNDS[kind]
            return texts.gettext(template).format(value=_number(texts, ctx[key]))
        if kind in _BY_TYPE:
            return texts.gettext(_BY_TYPE[kind])
    return _sentence(texts, english) or texts.gettext(GENERIC)


def localized_error(texts: Texts, err: Exception) -> tuple[str | None, str]:
    """(field, message) for a calculator rejection (ValidationError or CalculatorError), in the person's language."""
    field, english = _english(err)
    if texts.language == "en":
        return field, english
    return field, _translated(texts, err, english)
