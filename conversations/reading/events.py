"""What happened to the loan: "I left my job", "laid off", "plan terminated", "missed payments", "me despidieron"."""

from __future__ import annotations

import contextlib

from calculator.models import Event
from conversations.i18n import N_
from conversations.reading.errors import ParseError
from conversations.reading.form_1099r import CODE_M, form_1099r_code
from conversations.reading.text import answer, find_whole, fold, phrases
from conversations.reading.vocabulary import en, es

__all__ = ["EMPLOYER_CLOSED", "EVENT_PHRASES", "ON_LEAVE", "find_event", "names_leaving", "parse_event"]

# Each event's phrases, English then Spanish; longer phrases first, so "plan ended" is not read as something
# else, and "I was terminated" (the person) before "terminated" (the plan).
_ORDER = (Event.DEFAULT, Event.PLAN_TERMINATION, Event.SEPARATION)
EVENT_PHRASES: tuple[tuple[str, Event], ...] = tuple(sorted(
    ((phrase, event) for event in _ORDER for phrase in en.EVENTS[event] + es.EVENTS[event]),
    key=lambda p: len(p[0]), reverse=True,
))

# A leave of absence is not leaving the job: the person is still employed, and the plan may suspend loan
# payments for up to a year of leave, or for military service (Treas. Reg. 1.72(p)-1 Q&A-9). Reading "on
# leave" as "left" would promise a rollover that does not exist.
_LEAVE = phrases(en.LEAVE + es.LEAVE)
ON_LEAVE = N_(
    "On a leave of absence you still work there, so this is not leaving your job. Your plan may pause loan "
    "payments during up to a year of leave, and during military service (Treas. Reg. 1.72(p)-1 Q&A-9): ask it. "
    "If payments stopped and are now late, say \"missed payments\"; if you left the job, say \"left my job\"."
)
# An employer that closed: the person left the job, and the plan may have ended too. Which one the offset
# came from decides the deadline when it came more than 12 months after leaving (a terminated plan's offset is
# a qualified one whenever it comes), so this is asked, not guessed.
_CLOSURE = phrases(en.CLOSURE + es.CLOSURE)
EMPLOYER_CLOSED = N_(
    "If your employer closed, you left the job, and the plan may have ended too. Say \"plan ended\" if the "
    "plan itself ended (then the longer deadline holds however long after you left the offset came), or "
    "\"left my job\" if the plan goes on, e.g. taken over by another company."
)


def find_event(folded: str) -> tuple[Event, str] | None:
    """The event a phrase names, and the phrase, matched on word boundaries.

    A leave of absence or an employer that closed names none; if nothing else does, it is a ParseError
    saying why.
    """
    folded = folded.replace("\u2019", "'")
    on_leave = _LEAVE.search(folded) is not None
    if on_leave:
        folded = _LEAVE.sub(" ", folded)
    for phrase, event in EVENT_PHRASES:
        if find_whole(folded, phrase) != -1:
            return event, phrase
    if on_leave:
        raise ParseError(ON_LEAVE)
    if _CLOSURE.search(folded):
        raise ParseError(EMPLOYER_CLOSED)
    return None


def names_leaving(text: str) -> bool:
    """Whether `text` says the person left the job ("I left in March", "laid off 10/15"): at a question about
    another day, that is the answer to a different question."""
    try:
        found = find_event(fold(text))
    except ParseError:  # on leave, or the employer closed: not leaving, as such
        return False
    return found is not None and found[0] is Event.SEPARATION


def parse_event(text: str) -> Event:
    """What happened: "I left my job", "laid off", "plan terminated", "missed payments"..."""
    raw = answer(text, N_("what happened, e.g. left my job"))
    with contextlib.suppress(ValueError):
        return Event(raw)
    found = find_event(raw)
    if found is not None:
        return found[0]
    code = form_1099r_code(raw)
    if code == "l":
        return Event.DEFAULT  # loans treated as distributions: a deemed distribution, what missed payments give
    if code == "m":
        raise ParseError(CODE_M)
    raise ParseError(
        N_("I didn't recognise that. Say \"left my job\", \"plan ended\" or \"missed payments\", or tap a button.")
    )
