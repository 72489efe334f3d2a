"""The interview's order (conversations/flow.py) and what each question declares about its answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from calculator.models import Event
from conversations import flow
from conversations.state.answers import Answers

TODAY = dt.date(2026, 3, 10)


def test_every_question_is_asked_once_in_order_and_writes_real_answers() -> None:
    names = [question.name for question in flow.ORDER]
    assert len(names) == len(set(names)) == 18 and names[0] == "balance"
    for question in flow.ORDER:
        assert set(question.writes) <= Answers.model_fields.keys(), question.name
        # An answer asks again only questions that come after it.
        assert all(names.index(later) > names.index(question.name) for later in question.reopens), question.name


def test_the_first_questions_come_in_order() -> None:
    answers = Answers()
    assert flow.next_step(answers, TODAY) == "balance"
    answers = flow.record(answers, "balance", Answers(balance=Decimal(15000), form_1099r=None))
    assert flow.next_step(answers, TODAY) == "event"
    answers = flow.record(answers, "event", Answers(event=Event.DEFAULT, left_hint=None))
    assert flow.next_step(answers, TODAY) == "missed"  # missed payments: their own date, not the offset's


def test_a_question_decided_by_the_probe_stays_on_the_path_once_answered() -> None:
    answers = Answers.from_json({"balance": "15000", "event": "separation", "age": 45, "offset_date": None,
                                 "separation_date": None, "asked": ["balance", "event", "offset", "age", "left_when"]})
    assert not flow.is_relevant(answers, "birthday", TODAY)  # at 45 the birthday changes nothing
    answered = flow.record(answers, "birthday", Answers(birth_date=None))
    assert flow.is_relevant(answered, "birthday", TODAY)  # its old buttons still answer it


def test_a_calculator_field_leads_back_to_its_question() -> None:
    assert flow.step_for_field("balance") == "balance"
    assert flow.step_for_field("spouse_age") == "spouse"
    assert flow.step_for_field("nothing") is None
