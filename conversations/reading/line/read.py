"""Several answers in one line, in any order: "15000 45 left 22%", "$15k, 45, laid off, 24 %"."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from conversations.i18n import N_
from conversations.reading.ages import ABOUT_TO_TURN, AGE_NOW, MAX_AGE, MIN_AGE
from conversations.reading.amounts import AMOUNT_RANGE, RANGE_SEPARATORS
from conversations.reading.errors import ParseError
from conversations.reading.filing import MARRIED
from conversations.reading.line.answers import QuickAnswers
from conversations.reading.line.rates import federal_and_state_rates, mark_state_rates
from conversations.reading.line.said import STATUS_MARK, Line
from conversations.reading.line.tokens import Tokens, scan
from conversations.reading.places import CITIES, STATE_BY_NAME
from conversations.reading.text import check_length, find_whole, one_of, whole
from conversations.reading.vocabulary import en, es
from conversations.reading.whatif import ROLLOVER_VERBS

__all__ = [
    "AMOUNT_IN_SENTENCE", "BORROWED_NOT_OWED", "MARRIED_WHICH_IN_LINE", "ROLLOVER_IN_LINE", "amount_in_sentence", "parse_quick",
]

MAX_LINE_CHARS = 200
BORROWED_NOT_OWED = N_("Only the part still unpaid, with its interest, is offset, not what you borrowed. Please send "
                       "the unpaid balance alone, e.g. 12000.")
MARRIED_WHICH_IN_LINE = N_("Married filing jointly or separately? It changes the brackets: please add \"jointly\" or "
                           "\"separately\".")
# "... rolled over 5000" in a one-line estimate: the second amount is a rollover, which a line does not take.
_ROLLOVER = re.compile(ROLLOVER_VERBS + r"(?![a-z])")
ROLLOVER_IN_LINE = N_(
    "A rollover amount can't go in a one-line estimate: send the line without it, then tap 🔁 under the "
    "estimate, or, in a chat with me, send e.g. \"roll over 5000\"."
)
# What was lent, or repaid, beside what is owed: "borrowed 20k, 12k left".
_BORROWED = re.compile(whole(one_of(en.BORROWED + es.BORROWED)))
# What was lent, said of the one amount in a line (what was repaid may leave the balance in it: "repaid most, 3k
# left").
_LENT = re.compile(whole(one_of(en.LENT + es.LENT)))
# The filing status, or "married" alone, right before a place in the line.
_AFTER_STATUS = re.compile(r"(?:" + STATUS_MARK + r"|" + MARRIED.pattern + r")\s*$")
# Longest names first, so "West Virginia" is not Virginia. Short nicknames ("mass", "penn", "cali") are words or
# parts of names in a free line; short names are not.
_STATE_NAMES = tuple(
    (name, code) for name, code in sorted(STATE_BY_NAME.items(), key=lambda p: len(p[0]), reverse=True)
    if len(name) > 4 or name in en.SHORT_STATE_NAMES
)
_CITY_NAMES = tuple((name, code) for name, (code, _city) in sorted(CITIES.items(), key=lambda p: len(p[0]), reverse=True))


def parse_quick(text: str, *, locale: str = "en", today: dt.date | None = None) -> QuickAnswers:
    """Several answers in one line, in any order: "15000 45 left 22%", "$15k, 45, laid off, 24 %".

    An amount is a number with $, k, a group separator or at least 1000; an
    age is a bare whole number 14-120, or comes from "born <date>" (on the
    offset's day, or `today`); a rate carries %. Two bare numbers that could
    each be the age are ambiguous and rejected. "401k" is a plan, and "in
    September 2025" or "last month" says when they left (`left_time`).
    """
    check_length(text, MAX_LINE_CHARS)
    line = Line(text)
    plan_457b = line.take_plans()
    form_1099r = line.take_form()
    line.mark_rates()
    born = line.take_born(locale)
    left_time = line.take_left_time()
    said_age = line.take_said_age()
    event = line.take_event(form_1099r)
    if ABOUT_TO_TURN.search(line.raw):
        raise ParseError(AGE_NOW)
    line.join_suffixes()
    income = line.take_income(locale)
    filing_status, married = line.take_filing()
    raw = mark_state_rates(line.raw, text, locale)
    found = scan(raw, text, locale)
    if income is None and (filing_status is not None or married):
        income = _income_after_status(found)
    balance = _balance(found, raw)
    age = _age(found, said_age)
    state, state_end = (found.state, found.state_end) if found.state is not None else _state_named(raw)
    rate, state_rate = federal_and_state_rates(found.rates, raw, state_end, filing_status is not None and income is not None)
    if born is not None:
        age = _age_on(born, age, found.offset or today)
    return QuickAnswers(
        balance=balance, age=age, event=event, rate=rate, state=state, offset_date=found.offset, plan_457b=plan_457b,
        birth_date=born, left_time=left_time, state_rate=state_rate, filing_status=filing_status, income=income,
        married=married, form_1099r=form_1099r,
    )


def _income_after_status(found: Tokens) -> Decimal | None:
    """"20000 58 retired single 80k", "... married 150k": the amount right after the filing status is the year's
    income, as in "single 80k income". Only after the loan's: "single 20000 ... 60000" could be either."""
    if len(found.amounts) == 2 and _AFTER_STATUS.search(found.spaced, 0, found.amounts[1][0]):
        return found.amounts.pop()[1]
    return None


def _balance(found: Tokens, raw: str) -> Decimal | None:
    """The one amount of the line: the loan's unpaid balance."""
    if len(found.amounts) > 1:
        if found.spaced[found.amount_ends[0] : found.amounts[1][0]].strip() in RANGE_SEPARATORS:
            raise ParseError(AMOUNT_RANGE)
        if _ROLLOVER.search(raw):
            raise ParseError(ROLLOVER_IN_LINE)
        if _BORROWED.search(raw):  # "borrowed 20k, 12k left": what was lent, and what is still owed
            raise ParseError(BORROWED_NOT_OWED)
        raise ParseError(N_("I found two amounts in that. Please send one loan balance."))
    if not found.amounts:
        return None
    if _LENT.search(raw):  # "I borrowed 20k and left": what was lent, not what is still owed
        raise ParseError(BORROWED_NOT_OWED)
    return found.amounts[0][1]


def _age(found: Tokens, said_age: int | None) -> int | None:
    """The age: said as such, or the one bare number that can be one. With the age said, a bare number that
    could be a bracket's rate is the rate."""
    bare = found.bare
    if said_age is not None:
        if not found.rates and len(bare) == 1 and 10 <= bare[0] <= 37:
            found.rates.append((-1, Decimal(bare[0])))
        bare = [said_age]
    ages = [n for n in bare if MIN_AGE <= n <= MAX_AGE]
    if len(ages) > 1:
        raise ParseError(N_("I can't tell which number is your age. Please add % to the tax rate, e.g. 22%."))
    return ages[0] if ages else None


def _state_named(raw: str) -> tuple[str | None, int]:
    """The state a line names in words, or by a city ("NYC", "Brooklyn", "Baltimore"), and where the name ends."""
    for name, code in (*_STATE_NAMES, *_CITY_NAMES):
        if (where := find_whole(raw, name)) != -1:
            return code, where + len(name)
    return None, -1


def _age_on(born: dt.date, age: int | None, on: dt.date | None) -> int | None:
    """The age on `on` (the offset's day, or today) of someone born on `born`."""
    if age is not None:
        raise ParseError(N_("I found an age and a birth date in that. Please send one of them."))
    if on is None:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if not MIN_AGE <= age <= MAX_AGE:
        raise ParseError(N_("{date} can't be your birth date. Please send your age, e.g. 45, or your birth "
                            "date, e.g. 5/14/1980."), date=born)
    return age


AMOUNT_IN_SENTENCE = N_("Is {amount} the loan's unpaid balance? Tap it to go on, or send the balance, e.g. 15000.")


def amount_in_sentence(text: str, locale: str, today: dt.date) -> ParseError | None:
    """For a sentence where one amount is asked ("how much tax on a 20k 401k loan"): the one amount it holds,
    as a question (the question offers the amount as a button), since the other words may say it is
    something else (the account, a payment). None when it holds no amount, more than one, or other answers too."""
    try:
        line = parse_quick(text, locale=locale, today=today)
    except ParseError as error:
        return error if error.template == BORROWED_NOT_OWED else None
    if line.balance is None or line.count() != 1:
        return None
    return ParseError(AMOUNT_IN_SENTENCE, amount=line.balance)
