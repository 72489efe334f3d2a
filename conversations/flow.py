"""The interview: the questions in the order they are asked, and how an answer moves it on.

The order is derived from the answers rather than wired question to question: the next
question is the first one still needed (`next_step`). So a follow-up appears only when an
earlier answer makes it matter, going back is just restoring earlier answers, and a button
from an old message can re-answer its question without any special path. Each question
says in its own module (conversations/questions/) when it is needed.
"""

from __future__ import annotations

import datetime as dt

from conversations.questions import (
    age,
    balance,
    birthday,
    event,
    filing,
    income,
    left_date,
    left_when,
    missed,
    offset,
    plan_left,
    public_safety,
    rate,
    service,
    social_security,
    spouse,
    state,
    state_rate,
)  # fmt: skip
from conversations.questions.question import Ctx, Question
from conversations.state.answers import Answers

__all__ = ["BY_NAME", "ORDER", "answer_from_hint", "is_relevant", "next_step", "record", "step_for_field", "takes_given"]

ORDER: tuple[Question, ...] = (
    balance.QUESTION,  # 💵 the unpaid balance
    event.QUESTION,  # ❓ left the job, the plan ended, or missed payments
    offset.QUESTION,  # 📆 the day of the offset (not for missed payments)
    missed.QUESTION,  # 📅 the first missed payment (missed payments)
    age.QUESTION,  # 🎂 the age on the day of the offset
    left_when.QUESTION,  # 📅 when they left (left the job)
    plan_left.QUESTION,  # 🏢 whether they left too (the plan ended; when it changes the 10%)
    birthday.QUESTION,  # 🗓 the birth date (when it changes the result)
    left_date.QUESTION,  # 📅 the day they left (when the year decides the 10%)
    public_safety.QUESTION,  # 🚒 a public-safety job (when it waives the 10%)
    service.QUESTION,  # 🎖 its years of service (when 25 would waive the 10%)
    rate.QUESTION,  # 🧾 the federal rate, or "not sure"
    filing.QUESTION,  # 👪 the filing status (not sure of the rate)
    income.QUESTION,  # 💼 the other income (not sure of the rate)
    social_security.QUESTION,  # 🏦 Social Security benefits (from 62, on the brackets)
    spouse.QUESTION,  # 🧓 a spouse of 65 (a joint return, when it changes the tax)
    state.QUESTION,  # 🗺 the state
    state_rate.QUESTION,  # 🏛 its rate (when neither its law nor its brackets say it)
)
BY_NAME: dict[str, Question] = {question.name: question for question in ORDER}


def next_step(answers: Answers, today: dt.date) -> str | None:
    """The first question still to ask, or None when everything needed is known."""
    for question in ORDER:
        if not answers.answered(question.name) and question.needed(answers, today):
            return question.name
    return None


def record(answers: Answers, step: str, update: Answers) -> Answers:
    """The answers with the question's update applied and the question marked answered. The later answers
    that hung on it are cleared, and their questions asked again."""
    asked = [s for s in answers.asked if s != step]
    cleared: list[str] = []
    for dependent in BY_NAME[step].reopens:
        if dependent in asked:
            asked.remove(dependent)
            cleared += BY_NAME[dependent].writes
    return answers.merged(update, asked=(*asked, step)).without(cleared)


def is_relevant(answers: Answers, step: str, today: dt.date) -> bool:
    """Whether `step` is part of the path these answers take (for buttons of old messages)."""
    question = BY_NAME[step]
    return question.needed(answers, today) or (question.probed and answers.answered(step))


def takes_given(answers: Answers, step: str, today: dt.date) -> bool:
    """Whether an answer a one-liner gave for `step` is kept: the step is on the path these answers take, or
    the question keeps it anyway (a state's rate typed in the line)."""
    if is_relevant(answers, step, today):
        return True
    kept = BY_NAME[step].kept_from_line
    return kept is not None and kept(answers, today)


def answer_from_hint(step: str, ctx: Ctx) -> Answers | None:
    """The answer to `step` that an earlier one already gave, if it settles it: "When did you leave?"
    after "I got laid off last month"; "What happened?" after a Form 1099-R's code L. None: ask."""
    settled_by = BY_NAME[step].settled_by
    return None if settled_by is None else settled_by(ctx)


def step_for_field(field: str) -> str | None:
    """The question whose answer the calculator's `field` comes from."""
    return next((question.name for question in ORDER if field in question.fields), None)
