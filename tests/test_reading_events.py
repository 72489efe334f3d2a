"""What happened to the loan: leaving the job, the plan's end, missed payments, Form 1099-R's box 7 codes."""

from __future__ import annotations

import pytest

from calculator.models import Event
from conversations.reading.errors import ParseError
from conversations.reading.events import parse_event
from conversations.reading.line import parse_quick


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I left my job", Event.SEPARATION),
        ("quit", Event.SEPARATION),
        ("I got fired", Event.SEPARATION),
        ("laid off", Event.SEPARATION),
        ("Retired", Event.SEPARATION),
        ("separation", Event.SEPARATION),
        ("renuncié", Event.SEPARATION),
        ("plan terminated", Event.PLAN_TERMINATION),
        ("the plan ended", Event.PLAN_TERMINATION),
        ("terminated", Event.PLAN_TERMINATION),
        ("I was terminated", Event.SEPARATION),  # fired: the person, not the plan
        ("they terminated me last month", Event.SEPARATION),
        ("my employment was terminated", Event.SEPARATION),
        ("missed payments", Event.DEFAULT),
        ("missed", Event.DEFAULT),
        ("I am behind on my loan payments", Event.DEFAULT),
        ("can't pay it", Event.DEFAULT),
        ("I stopped paying", Event.DEFAULT),
        ("default", Event.DEFAULT),
        ("dejé de pagar", Event.DEFAULT),
        ("plan-termination", Event.PLAN_TERMINATION),
        ("my job ended", Event.SEPARATION),
        ("my position was eliminated", Event.SEPARATION),
        ("I was on leave, then I left", Event.SEPARATION),
        ("on medical leave and missed payments", Event.DEFAULT),
        ("switched employers", Event.SEPARATION),
        ("I have a new employer", Event.SEPARATION),
        ("the company closed and I was laid off", Event.SEPARATION),  # said what happened to them
        ("the company closed the plan", Event.PLAN_TERMINATION),
    ],
)
def test_event_synonyms(text: str, expected: Event) -> None:
    assert parse_event(text) == expected


@pytest.mark.parametrize("text", ["on leave", "I took a leave of absence", "maternity leave", "furloughed", "FMLA",
                                  "deployed on active duty", "estoy de licencia médica"])
def test_a_leave_of_absence_is_not_leaving_the_job(text: str) -> None:
    """Still employed: no separation, so no qualified plan loan offset and no rollover (Treas. Reg. 1.72(p)-1 Q&A-9)."""
    with pytest.raises(ParseError, match="still work there") as err:
        parse_event(text)
    assert "missed payments" in str(err.value) and "left my job" in str(err.value)
    with pytest.raises(ParseError, match="still work there"):
        parse_quick(f"15000 45 {text} 22%")


@pytest.mark.parametrize("text", ["my employer closed", "the company went bankrupt", "business closed",
                                  "went out of business", "la empresa cerró", "la empresa quebró"])
def test_an_employer_that_closed_asks_whether_the_plan_ended(text: str) -> None:
    """Leaving and a plan's end give different deadlines once the offset is more than 12 months after leaving
    (IRC 402(c)(3)(C)(ii)): asked, not guessed."""
    with pytest.raises(ParseError, match="If your employer closed") as err:
        parse_event(text)
    assert '"plan ended"' in str(err.value) and '"left my job"' in str(err.value)
    with pytest.raises(ParseError, match="If your employer closed"):
        parse_quick(f"15000 45 {text} 22%")


@pytest.mark.parametrize("text", ["L1", "1L", "code L", "Box 7: 1L", "código L1", "my 1099-R says L7"])
def test_a_1099r_code_l_is_a_deemed_distribution(text: str) -> None:
    # Box 7 code L: a loan treated as a distribution (IRC 72(p)), which missed payments while employed give.
    assert parse_event(text) == Event.DEFAULT


@pytest.mark.parametrize("text", ["1M", "M1", "code M1", "box 7 says 2M", "el código es M7", "M"])
def test_a_1099r_code_m_asks_whether_the_job_or_the_plan_ended(text: str) -> None:
    # Code M is a qualified plan loan offset, from either leaving or the plan ending: the chat asks which.
    with pytest.raises(ParseError, match="Code M on Form 1099-R is a qualified plan loan offset") as err:
        parse_event(text)
    assert '"left my job"' in str(err.value) and '"plan ended"' in str(err.value)


@pytest.mark.parametrize("text", ["1", "7", "B", "I'm", "lm", "my cat"])
def test_other_short_answers_are_not_read_as_codes(text: str) -> None:
    with pytest.raises(ParseError, match="didn't recognise"):
        parse_event(text)


def test_event_unknown() -> None:
    with pytest.raises(ParseError, match="didn't recognise"):
        parse_event("my cat ate it")
