"""The errors a reader raises: an answer that cannot be used, with a message for the person who typed it.

Messages are English templates marked with `N_` plus params, so the engine can translate them for the
person's locale; `str(err)` is the English text.
"""

from __future__ import annotations

import datetime as dt

from conversations.i18n import N_

__all__ = ["NEED_YEAR", "WHICH_ORDER", "AmbiguousDate", "ParseError", "Refused", "YearMissing"]


class ParseError(ValueError):
    """An answer we could not use. `template`/`params` are for translation. `suggestions`: likely answers,
    (label, value) pairs, that the question offers as buttons with the error ("Which year?")."""

    suggestions: tuple[tuple[str, str], ...] = ()

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    @property
    def message(self) -> str:
        return str(self)


class Refused(ParseError):
    """An answer understood but not usable here ("not sure" where it cannot be worked out): its reason is
    said as it is, never replaced by the question's help."""


NEED_YEAR = N_("Please add the year too, e.g. 2026-03-01 or 3/1/2026.")


class YearMissing(ParseError):
    """A date typed without its year ("October 3", "3 de octubre", "10/3"): its month and day are known, so
    the question can offer the likely years, or work the year out (a birthday, from the age)."""

    def __init__(self, month: int, day: int) -> None:
        super().__init__(NEED_YEAR)
        self.month, self.day = month, day

    def in_year(self, year: int) -> dt.date | None:
        """The date in `year`; None for February 29 in a common year."""
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


WHICH_ORDER = N_("Is that {first} or {second}? US forms and plan notices write the month first. Tap the one you mean.")


class AmbiguousDate(ParseError):
    """A numeric date whose two orders are both days: "3/1/2026" typed in Spanish, read day first, is 3 January,
    but US forms and plan notices print month first, 1 March. `readings`: the typist's order first, then the
    other; the question offers both, in words, as buttons."""

    def __init__(self, readings: tuple[dt.date, dt.date]) -> None:
        super().__init__(WHICH_ORDER, first=readings[0], second=readings[1])
        self.readings = readings
