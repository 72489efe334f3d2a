"""The typed answers: today's stored JSON loads unchanged and dumps back the same, and recording an
answer keeps "skipped" apart from "not asked"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from calculator.models import Event, FilingStatus
from conversations import flow
from conversations.state.answers import Answers

TODAY = dt.date(2026, 3, 10)

# Answers as the stores hold them (written by the release before the typed model).
STORED = [
    {},
    {"balance": "15000.00", "form_1099r": None, "asked": ["balance"]},
    {"balance": "12000", "form_1099r": "m", "event": "separation", "left_hint": "last month",
     "offset_date": None, "age": 45, "separation_date": None, "separation_month": None,
     "federal_rate": "22", "state": None, "state_rate": None, "state_city": None,
     "asked": ["balance", "event", "offset", "age", "left_when", "rate", "state"]},
    {"balance": "1E+4", "event": "default", "missed_payment_date": "2025-10-01", "missed_payment_month": True,
     "age": 59, "birth_date": "1966-05-14", "federal_rate": None, "filing_status": "married-joint",
     "income": "0", "social_security": "24000", "social_security_monthly": "2000", "spouse_65": True,
     "state": "NY", "state_city": "nyc", "state_rate": "7.95", "governmental_457b": True,
     "asked": ["balance", "event", "missed", "age", "birthday", "rate", "filing", "income", "social_security"]},
    {"balance": "20000.00", "event": "plan-termination", "offset_date": "2026-01-15", "age": 52,
     "separation_date": "2025-09-01", "separation_month": True, "public_safety": True, "service_years": None,
     "asked": ["balance", "event", "offset", "age", "plan_left", "public_safety", "service"]},
]  # fmt: skip


@pytest.mark.parametrize("stored", STORED)
def test_stored_answers_load_and_dump_back_the_same(stored: dict) -> None:
    assert Answers.from_json(stored).to_json() == stored


def test_the_fields_are_typed() -> None:
    answers = Answers.from_json(STORED[3])
    assert answers.balance == Decimal("10000") and answers.event is Event.DEFAULT
    assert answers.missed_payment_date == dt.date(2025, 10, 1) and answers.filing_status is FilingStatus.MARRIED_JOINT
    assert answers.on_brackets and answers.asked[0] == "balance"


@pytest.mark.parametrize("damaged", [{"age": "old"}, {"event": "nope"}, {"balance": "lots"}, {"unknown": 1}])
def test_a_damaged_stored_dict_is_refused(damaged: dict) -> None:
    with pytest.raises(ValidationError):
        Answers.from_json(damaged)


def test_skipped_is_not_unasked() -> None:
    assert not Answers().on_brackets  # the rate not asked yet: a flat 22% is assumed
    skipped = flow.record(Answers(), "rate", Answers(federal_rate=None))
    assert skipped.on_brackets and skipped.to_json() == {"federal_rate": None, "asked": ["rate"]}


def test_an_earlier_answer_asks_its_dependents_again() -> None:
    answers = Answers.from_json(STORED[2])
    changed = flow.record(answers, "state", Answers(state="CA", state_rate=None, state_city=None))
    assert changed.state == "CA" and changed.answered("state")
    answers = flow.record(changed, "state_rate", Answers(state_rate=Decimal("9.3")))
    again = flow.record(answers, "state", Answers(state="OR", state_rate=None, state_city=None))
    assert not again.answered("state_rate") and "state_rate" not in again.to_json()["asked"]


def test_but_refuses_a_field_that_is_not_an_answer() -> None:
    with pytest.raises(TypeError):
        Answers().but(balanse=Decimal(1))


def test_the_offset_day_for_missed_payments_is_the_end_of_the_cure_period() -> None:
    answers = Answers.from_json(STORED[3])
    assert answers.offset_day(TODAY) == dt.date(2026, 3, 31)  # the quarter after the one it was due in
    assert Answers(event=Event.SEPARATION).offset_day(TODAY) == TODAY


def test_complete_answers_make_the_calculators_input() -> None:
    inputs = Answers.from_json(STORED[2]).offset_input(TODAY)
    assert inputs.balance == Decimal("12000") and inputs.federal_rate == Decimal("22") and inputs.offset_date == TODAY
    inputs = Answers.from_json(STORED[3]).offset_input(TODAY)
    assert inputs.filing_status is FilingStatus.MARRIED_JOINT and inputs.spouse_age == 65 and inputs.governmental_457b
