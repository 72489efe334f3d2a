"""One-line messages: several answers in any order ("15000 45 left 22%")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator.models import Event, FilingStatus
from conversations.reading.errors import ParseError
from conversations.reading.line import parse_quick
from conversations.reading.rates import parse_percent, split_sum


@pytest.mark.parametrize("line", ["15000 45 left 22% rolled over 5000", "15000 45 left 22% deposit 5k",
                                  "15000 45 dejé el trabajo 22% reinvertí 5000"])
def test_quick_a_rollover_amount_in_the_line_says_where_it_goes(line: str) -> None:
    # Not "two amounts": the second is a rollover, which the estimate's what-if takes.
    with pytest.raises(ParseError, match="A rollover amount can't go in a one-line estimate"):
        parse_quick(line)


def test_quick_one_liner_any_order() -> None:
    got = parse_quick("15000 45 left 22%")
    assert (got.balance, got.age, got.event, got.rate) == (Decimal(15000), 45, Event.SEPARATION, Decimal(22))
    got = parse_quick("laid off, 24 %, $15k, 52, CA")
    assert (got.balance, got.age, got.event, got.rate, got.state) == (Decimal(15000), 52, Event.SEPARATION, Decimal(24), "CA")
    got = parse_quick("15 000 45 plan terminated")
    assert (got.balance, got.age, got.event, got.rate) == (Decimal(15000), 45, Event.PLAN_TERMINATION, None)


@pytest.mark.parametrize(("line", "state"), [("15000 56 left 22% Iowa", "IA"), ("ohio 15000 45 left 22%", "OH"),
                                           ("15000 45 left 22% utah", "UT"), ("15000 45 left 22% en massachusetts", "MA"),
                                           ("15000 45 left 22% mass", None)])
def test_quick_reads_short_state_names(line: str, state: str | None) -> None:
    # "mass", "penn" and "cali" stay out of free lines: words, or parts of other names.
    assert parse_quick(line).state == state


@pytest.mark.parametrize("line", ["15000 almost 60 left 22%", "nearly 60, 15000, left, 22%", "turning 60 15k left 22%"])
def test_quick_refuses_the_age_about_to_be_turned(line: str) -> None:
    # "almost 60" is 59, where the birthday decides the 10%: a one-liner cannot ask, so it says so.
    with pytest.raises(ParseError, match="age today"):
        parse_quick(line)


@pytest.mark.parametrize(("line", "balance", "age"), [("almost 15000 45 left 22%", "15000", 45), ("almost 15k, 45, left, 22%", "15000", 45),
                                                   ("debo unos 15 mil, tengo 45, me despidieron, 22%", "15000", 45),
                                                   ("15 k 45 left 22%", "15000", 45)])
def test_quick_amounts_with_hedges_and_spaced_suffixes(line: str, balance: str, age: int) -> None:
    got = parse_quick(line, locale="es" if "debo" in line else "en")
    assert (got.balance, got.age) == (Decimal(balance), age)


@pytest.mark.parametrize(
    ("line", "rate", "state", "state_rate"),
    [
        ("15000 45 left 22% CA 9.3%", "22", "CA", "9.3"),
        ("15000 45 left CA 9.3% 22%", "22", "CA", "9.3"),
        ("15000 45 left 22% California: 9.3%", "22", "CA", "9.3"),
        ("15000 45 left 22%, new york 6.85%", "22", "NY", "6.85"),
        ("15000 45 left 22% CA", "22", "CA", None),
        ("15000 45 left CA 22%", "22", "CA", None),  # one rate is the federal one, wherever it stands
        ("15000 45 left single 60k income CA 9.3%", None, "CA", "9.3"),  # ... unless the brackets stand in for it
        ("15000 45 left single 60k income 24% CA", "24", "CA", None),
    ],
)
def test_quick_a_rate_right_after_the_state_is_the_states(line: str, rate: str | None, state: str, state_rate: str | None) -> None:
    got = parse_quick(line)
    assert (got.rate, got.state) == (None if rate is None else Decimal(rate), state)
    assert got.state_rate == (None if state_rate is None else Decimal(state_rate))


@pytest.mark.parametrize(("line", "says"), [("15000 45 left 22% 9.3%", "put your state's right after the state"),
                                            ("15000 45 left 22% 9.3% CA", "put your state's right after the state"),
                                            ("15000 45 left 22% 5% CA 9%", "more than two tax rates")])
def test_quick_two_rates_without_a_state_between_are_refused(line: str, says: str) -> None:
    with pytest.raises(ParseError, match=says):
        parse_quick(line)


@pytest.mark.parametrize(
    ("line", "status", "income"),
    [
        ("15000 45 left single 60k income CA", FilingStatus.SINGLE, "60000"),
        ("15k 45 laid off, married filing jointly, income $120,000", FilingStatus.MARRIED_JOINT, "120000"),
        ("I owe 12k, 52, laid off, hoh, I make 55k, ohio", FilingStatus.HEAD_OF_HOUSEHOLD, "55000"),
        ("15000 45 left single 60,000 salary", FilingStatus.SINGLE, "60000"),
        ("debo 15 mil, 45, me despidieron, soltero, gano 40 mil", FilingStatus.SINGLE, "40000"),
        ("15000 45 left mfs income of $0", FilingStatus.MARRIED_SEPARATE, "0"),
    ],
)
def test_quick_a_filing_status_and_income_stand_in_for_the_rate(line: str, status: FilingStatus, income: str) -> None:
    got = parse_quick(line, locale="es" if "debo" in line else "en")
    assert got.balance in (Decimal(15000), Decimal(12000)) and got.rate is None
    assert (got.filing_status, got.income) == (status, Decimal(income)) and got.brackets()


def test_quick_income_and_filing_words_that_mean_something_else_are_not_taken() -> None:
    got = parse_quick("15000 45 left household income 60k")  # household income: not head of household
    assert got.filing_status is None and got.income == Decimal(60000) and not got.brackets()
    got = parse_quick("I make 45, 15000, left, 22%")  # a bare 45 is the age, not an income
    assert got.age == 45 and got.income is None
    got = parse_quick("15000 45 left 22% single 60k income")  # a rate given is kept
    assert got.rate == Decimal(22) and not got.brackets()


@pytest.mark.parametrize(
    ("line", "status", "income"),
    [
        ("20000 loan 58 retired single 80k", FilingStatus.SINGLE, "80000"),
        ("20000, 45, left, single, 80k", FilingStatus.SINGLE, "80000"),
        ("20000 45 left hoh $55,000 ohio", FilingStatus.HEAD_OF_HOUSEHOLD, "55000"),
        ("20000 58 CA 9.3 retired single 80k", FilingStatus.SINGLE, "80000"),  # "CA 9.3%" rewritten before it
        ("debo 20 mil, 45, me despidieron, soltera 40 mil", FilingStatus.SINGLE, "40000"),
    ],
)
def test_quick_an_amount_right_after_the_filing_status_is_the_income(line: str, status: FilingStatus, income: str) -> None:
    # "single 80k" means the income as "single 80k income" does: not "I found two amounts".
    got = parse_quick(line, locale="es" if "debo" in line else "en")
    assert got.balance == Decimal(20000) and (got.filing_status, got.income) == (status, Decimal(income))
    assert got.brackets()


def test_quick_an_amount_after_the_filing_status_is_the_income_only_after_the_loan() -> None:
    # "single 20000 ... 60000": either could be the loan, so still asked for one.
    with pytest.raises(ParseError, match="two amounts"):
        parse_quick("single 20000 45 left 60000")
    with pytest.raises(ParseError, match="two amounts"):  # not next to each other
        parse_quick("20000 single 45 left 60000")


def test_quick_married_alone_keeps_the_income_and_says_jointly_or_separately_is_unsaid() -> None:
    got = parse_quick("20000 58 retired married 150k")
    assert (got.balance, got.income, got.filing_status) == (Decimal(20000), Decimal(150000), None)
    assert got.married_unsaid() and not got.brackets()
    got = parse_quick("15000 45 left married 22%")  # a rate: the filing status is not needed
    assert got.rate == Decimal(22) and not got.married_unsaid()
    got = parse_quick("15000 45 left married jointly 60k")
    assert got.filing_status is FilingStatus.MARRIED_JOINT and not got.married_unsaid()


@pytest.mark.parametrize("line", ["borrowed 20k, 12k left", "I borrowed 20000 and still owe 12000",
                                  "took out 20k, paid back 8k"])
def test_quick_what_was_borrowed_and_what_is_owed_asks_for_the_unpaid_part(line: str) -> None:
    with pytest.raises(ParseError, match="Only the part still unpaid, with its interest, is offset"):
        parse_quick(line)


@pytest.mark.parametrize("line", ["15k 45 laid of 22%", "15000 45 fired 22 percent", "15k, 45yo, quit, 22pct",
                                  "15000 age 45 left job rate 22", "15000 age 45 left 22", "15000, 45 years old, left, 22",
                                  "15000 aged 45 left bracket: 22", "debo 15 mil, 45 años, me despidieron hace 2 meses, 22%"])
def test_quick_reads_the_words_people_put_around_the_age_and_rate(line: str) -> None:
    got = parse_quick(line)
    assert (got.balance, got.age, got.event, got.rate) == (Decimal(15000), 45, Event.SEPARATION, Decimal(22))


def test_quick_ambiguous_numbers_rejected() -> None:
    with pytest.raises(ParseError, match="which number is your age"):
        parse_quick("15000 45 left 22")


def test_quick_partial() -> None:
    got = parse_quick("just 20000")
    assert got.balance == Decimal(20000) and got.count() == 1


@pytest.mark.parametrize(("text", "plan_457b"), [
    ("15000 45 left 22% 457b", True), ("15000 45 left 22% 457(b)", True), ("15000 45 left 22% from my 457 plan", True),
    ("15000 45 left 22%", False), ("$15,457 45 left 22%", False),
])
def test_a_457b_in_a_one_line_answer(text: str, plan_457b: bool) -> None:
    quick = parse_quick(text)
    assert quick.plan_457b is plan_457b and quick.balance is not None and quick.age == 45


@pytest.mark.parametrize("plan", ["401k", "401(k)", "401 k", "403b", "403(b)"])
def test_quick_line_plan_names_are_not_amounts(plan: str) -> None:
    got = parse_quick(f"I owe 12k on my {plan} loan, I'm 52, laid off, 24%")
    assert (got.balance, got.age, got.rate) == (Decimal("12000.00"), 52, Decimal("24"))


def test_quick_line_birth_date_gives_the_age_on_the_offset_day() -> None:
    today = dt.date(2026, 11, 28)
    got = parse_quick("15000 born 5/14/1969 left 22%", today=today)
    assert got.birth_date == dt.date(1969, 5, 14) and got.age == 57 and got.offset_date is None
    got = parse_quick("15000 dob 5/14/1969 left 22% 2026-03-15", today=today)
    assert got.offset_date == dt.date(2026, 3, 15) and got.age == 56  # on the offset's day
    with pytest.raises(ParseError, match="an age and a birth date"):
        parse_quick("15000 45 born 5/14/1969 left 22%", today=today)


@pytest.mark.parametrize(
    "line, said",
    [
        ("12k 52 laid off september 2025 24%", "september 2025"),
        ("I owe 12k, I'm 52 and got laid off in September, 24% bracket, Ohio", "in september"),
        ("15000 45 left last month 22%", "last month"),
        ("12k 45 quit 3 weeks ago 22% texas", "3 weeks ago"),
        ("me despidieron en septiembre de 2025, debo 12 mil, tengo 50, 22%", "en septiembre de 2025"),
    ],
)
def test_quick_line_keeps_when_they_left_apart_from_the_numbers(line: str, said: str) -> None:
    got = parse_quick(line, locale="es" if "debo" in line else "en")
    assert got.left_time == said
    assert got.balance in (Decimal("12000.00"), Decimal("15000.00"))
    assert got.age in (45, 50, 52) and got.offset_date is None


@pytest.mark.parametrize(
    ("line", "locale", "state", "state_rate"),
    [
        ("15000 45 left 22% MD 4.75% + 3.2%", "en", "MD", "7.95"),
        ("15000 45 left 22% MD 4.75+3.2%", "en", "MD", "7.95"),
        ("15000 45 left 22% NY 6% plus 3.876%", "en", "NY", "9.876"),
        ("15000 45 dejé el trabajo 22% MD 4,75 % + 3,2 %", "es", "MD", "7.95"),
    ],
)
def test_quick_a_state_rate_written_as_a_sum_is_one_rate(line: str, locale: str, state: str, state_rate: str) -> None:
    got = parse_quick(line, locale=locale)
    assert (got.rate, got.state, got.state_rate) == (Decimal(22), state, Decimal(state_rate))


@pytest.mark.parametrize(
    ("line", "state", "state_rate"),
    [
        ("15000 45 left 22% NYC", "NY", None),
        ("15000 45 left 22% NYC 9.876%", "NY", "9.876"),  # a rate right after the city is the state's
        ("I owe 12k, 52, laid off, 24%, I live in Brooklyn", "NY", None),
        ("15000 45 left 22% baltimore 7.95%", "MD", "7.95"),
    ],
)
def test_quick_a_city_in_the_line_gives_its_state(line: str, state: str, state_rate: str | None) -> None:
    got = parse_quick(line)
    assert (got.state, got.state_rate) == (state, None if state_rate is None else Decimal(state_rate))


@pytest.mark.parametrize(
    ("line", "age", "state", "state_rate"),
    [
        ("15000 45 left 22% CA 9.3", 45, "CA", "9.3"),  # no %: a decimal right after the code is its rate
        ("15000 45 left 22% CA: 9.3", 45, "CA", "9.3"),
        ("15000 45 left 22% MD 4.75+3.2", 45, "MD", "7.95"),
        ("15000 45 left 22% NY 6 + 3.876", 45, "NY", "9.876"),
        ("15000 CA 45 left 22%", 45, "CA", None),  # a whole number after the code stays the age
    ],
)
def test_quick_a_state_rate_without_its_percent_sign(line: str, age: int, state: str, state_rate: str | None) -> None:
    got = parse_quick(line)
    assert (got.age, got.rate, got.state) == (age, Decimal(22), state)
    assert got.state_rate == (None if state_rate is None else Decimal(state_rate))


_RATE = st.decimals(min_value=Decimal("1"), max_value=Decimal("9.999"), places=3)


@given(_RATE, _RATE, st.sampled_from(["+", " + ", " plus "]), st.sampled_from(["en", "es"]))
def test_a_sum_of_two_rates_reads_as_their_sum_in_a_line_and_in_parts(a: Decimal, b: Decimal, plus: str, locale: str) -> None:
    def typed(rate: Decimal) -> str:  # as the reader writes it: "4,75" in Spanish
        text = format(rate.normalize(), "f")
        return text.replace(".", ",") if locale == "es" else text

    summed = f"{typed(a)}%{plus}{typed(b)}%"
    assert sum((parse_percent(part, locale=locale) for part in split_sum(summed)), Decimal(0)) == a + b
    got = parse_quick(f"15000 45 left 22% MD {summed}", locale=locale)
    assert (got.rate, got.state, got.state_rate) == (Decimal(22), "MD", (a + b).normalize())


def test_a_line_quoting_the_form_1099r() -> None:
    line = parse_quick("1099-R box 1 12000 code L1 45 22%")
    assert (line.balance, line.age, line.rate, line.event, line.form_1099r) == (
        Decimal(12000), 45, Decimal(22), Event.DEFAULT, "l")  # code L: loans treated as distributions
    line = parse_quick("my 1099-R says 12000, code M, 45, left, 22%")
    assert (line.balance, line.event, line.form_1099r) == (Decimal(12000), Event.SEPARATION, "m")
    assert parse_quick("formulario 1099-R casilla 1: 12.000, 45", locale="es").balance == Decimal(12000)
    line = parse_quick("1099-R 12000 L1 45 22%")
    assert (line.balance, line.event, line.form_1099r) == (Decimal(12000), Event.DEFAULT, "l")
    with pytest.raises(ParseError, match="two amounts"):  # no form named: "1m" is a million, not a code
        parse_quick("12000 45 left 22% 1m")
    assert parse_quick("15000 45 left 22%").form_1099r is None


@pytest.mark.parametrize("line", ["I borrowed 20k from my 401k and left", "took out 10k, 45, laid off 22%",
                                  "pedí prestado 20 mil y renuncié"])
def test_a_line_with_only_what_was_borrowed_asks_for_the_unpaid_balance(line: str) -> None:
    with pytest.raises(ParseError, match="Only the part still unpaid"):
        parse_quick(line, locale="es" if "pedí" in line else "en")
    # What was repaid can leave the balance in the line: "repaid most, 3k left" is 3k.
    assert parse_quick("I repaid most, 3k left 45 22%").balance == Decimal(3000)


@pytest.mark.parametrize(("line", "event"), [
    ("12k left on the loan", None), ("$8,000 left to pay", None),
    ("I have 12k left on my 401k loan, 45, laid off", Event.SEPARATION),
    ("15000 left 22% 45", Event.SEPARATION),  # the one-liner's "left": the job
])
def test_an_amount_left_on_the_loan_is_what_remains_not_leaving(line: str, event: Event | None) -> None:
    assert parse_quick(line).event == event


@pytest.mark.parametrize(("line", "married"), [("15000 45 left married 22%", True), ("15000 45 left casada 22%", True),
                                               ("15000 45 left not married 22%", False),
                                               ("15000 45 left no casado 22%", False)])
def test_quick_married_said_alone_and_its_negation(line: str, married: bool) -> None:
    assert parse_quick(line).married is married


def test_quick_a_birth_date_after_a_colon() -> None:
    got = parse_quick("born: 5/14/1969 15000 left 22%", today=dt.date(2026, 11, 28))
    assert got.birth_date == dt.date(1969, 5, 14) and got.offset_date is None
