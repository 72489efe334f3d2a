"""Properties that must hold for every input (hypothesis, derandomized)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import OffsetInput, estimate
from calculator.data.federal_years import federal_year
from calculator.rules.deadlines import estimated_tax_due_dates

PROFILE = settings(max_examples=150, derandomize=True, deadline=None)

money = st.decimals(min_value=D("0.01"), max_value=D(200000), places=2)
income = st.decimals(min_value=D(0), max_value=D(400000), places=2)
rate = st.decimals(min_value=D(0), max_value=D(50), places=2)
events = st.sampled_from(["separation", "plan-termination", "default"])
statuses = st.sampled_from(["single", "married-joint", "married-separate", "head-of-household", "qualifying-surviving-spouse"])
states = st.sampled_from([None, "CA", "TX", "IL", "NY", "PA", "IA", "KY", "GA", "MD", "OH"])
exceptions = st.sampled_from([None, "disability", "death", "terminal_illness"])
ages = st.integers(min_value=18, max_value=90)
benefits = st.decimals(min_value=D(0), max_value=D(120000), places=2)
offset_dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31))


@st.composite
def inputs(draw, balance=money):
    bracket = draw(st.booleans())
    kw = dict(
        balance=draw(balance),
        age=draw(ages),
        event=draw(events),
        offset_date=draw(offset_dates),
        state=draw(states),
        exception=draw(exceptions),
        public_safety=draw(st.booleans()),
        governmental_457b=draw(st.sampled_from([False, False, False, True])),
    )
    if kw["state"] is not None:
        kw["state_rate"] = draw(st.one_of(st.none(), rate))
    if bracket:
        kw.update(filing_status=draw(statuses), income=draw(income), spouse_age=draw(st.one_of(st.none(), ages)),
                  social_security=draw(st.one_of(st.none(), st.just(D(0)), benefits)))
    else:
        kw["federal_rate"] = draw(rate)
    return kw


@PROFILE
@given(inputs())
def test_total_is_the_sum_of_its_parts(kw):
    b = estimate(OffsetInput(**kw))
    assert b.total_tax == (
        b.federal_income_tax + b.early_withdrawal_penalty + b.state_income_tax + b.state_additional_tax
    )
    assert b.set_aside == b.total_tax and b.withholding == 0
    assert b.notes == [n.text for n in b.note_details]


@PROFILE
@given(inputs(), money)
def test_a_larger_balance_never_costs_less(kw, extra):
    small = estimate(OffsetInput(**kw))
    large = estimate(OffsetInput(**{**kw, "balance": kw["balance"] + extra}))
    assert large.total_tax >= small.total_tax


@PROFILE
@given(inputs(balance=st.decimals(min_value=D("0.05"), max_value=D(200000), places=2)))
def test_the_10_percent_is_zero_exactly_when_an_exception_applies(kw):
    # From $0.05 up, 10% rounds to at least a cent, so zero means an exception.
    b = estimate(OffsetInput(**kw))
    assert b.taxable_amount > 0
    assert (b.early_withdrawal_penalty == 0) == (b.penalty_exception is not None)
    if b.penalty_exception is None:
        assert b.early_withdrawal_penalty == (b.taxable_amount * D("0.10")).quantize(D("0.01"), ROUND_HALF_UP)


@PROFILE
@given(inputs())
def test_a_full_rollover_costs_nothing(kw):
    if kw["event"] == "default":
        kw["event"] = "separation"
    b = estimate(OffsetInput(**{**kw, "rollover": kw["balance"]}))
    assert b.taxable_amount == 0 and b.total_tax == 0 and b.retirement_value_lost == 0


@PROFILE
@given(inputs())
def test_bracket_tax_is_at_least_the_lowest_rate_on_the_taxable_part(kw):
    if "filing_status" not in kw:
        return
    b = estimate(OffsetInput(**kw))
    year = federal_year(b.tax_year)
    lowest = year.brackets[kw["filing_status"]].rates[0]
    # The taxable part above the deduction: what the offset adds to taxable income.
    before, after = None, None
    for note in b.note_details:
        if note.code == "federal.brackets":
            before, after = note.params["ti_before"], note.params["ti_after"]
    assert before is not None
    assert after - before >= 0
    assert b.federal_income_tax >= ((after - before) * lowest).quantize(D("0.01")) - D("0.01")
    assert b.federal_income_tax <= b.taxable_amount  # never more than the offset itself


@PROFILE
@given(inputs(), st.booleans(), st.integers(min_value=48, max_value=61), st.one_of(st.none(), st.integers(0, 30)))
def test_the_assumed_year_of_leaving_is_flagged_exactly_when_leaving_a_year_earlier_changes_the_10_percent(
    kw, dated, age, service_years
):
    kw.update(event="separation", age=age, service_years=service_years)  # ages where the rules of 55 and 50 turn
    if dated:
        kw["separation_date"] = kw["offset_date"]
    b = estimate(OffsetInput(**kw))
    # The estimate assumes the offset's year; the 31st of December before it is
    # still within 12 months of any offset in that year.
    earlier = estimate(OffsetInput(**dict(kw, separation_date=dt.date(kw["offset_date"].year - 1, 12, 31))))
    # "Changes the 10%": no exception at all a year earlier, or one that newly hangs
    # on the birthday; an exception the person asserts removes it in any year.
    changes = earlier.penalty_exception is None or (earlier.birthday_would_change and not b.birthday_would_change)
    by_age_at_leaving = b.penalty_exception in ("separation_at_55", "public_safety")
    expected = not dated and kw["exception"] is None and by_age_at_leaving and changes
    assert b.separation_date_would_change == expected


@PROFILE
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(0, 200), money)
def test_an_uncured_missed_payment_is_deemed_at_a_quarter_end_3_to_6_months_later(missed, days_later, balance):
    # Treas. Reg. 1.72(p)-1 Q&A-10(a): the cure period ends with the calendar quarter after the missed one.
    inp = OffsetInput(balance=balance, age=40, event="default", missed_payment_date=missed, federal_rate=D(22))
    end = inp.offset_date
    assert (end + dt.timedelta(days=1)).day == 1 and (end + dt.timedelta(days=1)).month in (1, 4, 7, 10)
    assert 90 <= (end - missed).days <= 183  # Dec 31 -> Mar 31; Jul 1 -> Dec 31
    b = estimate(inp, today=missed + dt.timedelta(days=days_later))
    assert b.cure_deadline == end and b.tax_year == end.year
    assert b.cure_possible == (missed + dt.timedelta(days=days_later) <= end)
    assert not b.rollover_eligible and b.loan_still_owed


@PROFILE
@given(inputs())
def test_state_tax_is_never_more_than_the_rate_on_the_taxable_amount(kw):
    # Exclusions (Iowa from 55, Kentucky's $31,110, Georgia from 62, Illinois) only ever lower it; an exclusion that applies means none.
    # Without a rate, a state whose law sets one rate on all income (North Carolina, ...) uses it.
    b = estimate(OffsetInput(**kw))
    from calculator.rules.states import statutory_rate

    given = kw.get("state_rate")
    law = statutory_rate(kw["state"], b.tax_year) if kw.get("state") and given is None else None
    rate_pct = given if given is not None else law or D(0)
    if b.state_brackets_year is not None:
        # By California's brackets (no rate, federal brackets): at most its top 12.3% and the 1% above $1,000,000,
        # plus the exemption credits (four at most) the offset can phase out.
        assert kw["state"] == "CA" and given is None and kw.get("filing_status") is not None
        bound = (b.taxable_amount * D("0.133")).quantize(D("0.01"), ROUND_HALF_UP) + 4 * D(153)
        assert 0 <= b.state_income_tax <= bound
        assert b.state_marginal_rate is not None or b.state_income_tax == 0  # None: no more taxable income
        return
    assert 0 <= b.state_income_tax <= (b.taxable_amount * rate_pct / 100).quantize(D("0.01"), ROUND_HALF_UP)
    if b.state_retirement_exclusion:
        assert b.state_income_tax == 0
    if b.state_retirement_exclusion is None:
        assert kw["state"] == "IA" and (b.birthday_would_change or not rate_pct or b.taxable_amount == 0)


def _reference_taxable_benefits(status: str, benefits: D, other: D) -> D:
    """IRC 86 written the way Tax-Calculator's SSBenefits writes it (half the benefits in
    provisional income; 50% tier, 85% tier, capped at 85%), independent of calculator.rules.federal."""
    base, adjusted = {"married-joint": (32000, 44000), "married-separate": (0, 0)}.get(status, (25000, 34000))
    provisional = other + benefits / 2
    if provisional <= base:
        taxed = D(0)
    elif provisional <= adjusted:
        taxed = D("0.5") * min(provisional - base, benefits)
    else:
        taxed = min(D("0.85") * (provisional - adjusted) + D("0.5") * min(benefits, D(adjusted - base)),
                    D("0.85") * benefits)
    return taxed.quantize(D("0.01"), ROUND_HALF_UP)


@PROFILE
@given(statuses, benefits, income)
def test_taxable_benefits_match_an_independent_reading_of_irc_86(status, ss, other):
    from calculator.rules.federal import taxable_benefits

    assert taxable_benefits(status, ss, other) == _reference_taxable_benefits(status, ss, other)


@PROFILE
@given(inputs())
def test_the_offset_makes_at_most_85_cents_of_benefits_taxable_per_dollar(kw):
    b = estimate(OffsetInput(**kw))
    ss = kw.get("social_security")
    if ss is None:
        assert b.social_security_made_taxable is None
        return
    assert 0 <= b.social_security_made_taxable <= (b.taxable_amount * D("0.85")).quantize(D("0.01")) + D("0.01")
    if not ss:  # no benefits: the same tax as without the question
        assert b.federal_income_tax == estimate(OffsetInput(**{**kw, "social_security": None})).federal_income_tax


@PROFILE
@given(inputs())
def test_the_credit_and_premium_notes_never_claim_more_than_the_offset_can_move(kw):
    # The earned income credit falls by at most 21.06% of the AGI the offset adds (with the Social Security it
    # makes taxable); Medicare's premiums only rise, and only for someone 62 or older (or a spouse).
    b = estimate(OffsetInput(**kw))
    added = b.taxable_amount + (b.social_security_made_taxable or 0)
    for note in b.note_details:
        if note.code == "income.earned_income_credit":
            assert 0 < note.params["most"] <= (added * D("0.2106")).quantize(D("0.01")) + D("0.01")
            assert note.params["added"] == added
        if note.code == "income.medicare_premiums":
            assert note.params["extra"] > 0 and note.params["after"] - note.params["before"] == added
            assert kw["age"] >= 62 or (kw.get("spouse_age") or 0) >= 62


@PROFILE
@given(inputs(), st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2029, 12, 31)))
def test_the_day_of_the_estimate_changes_what_is_still_possible_never_the_figures(kw, today):
    # `today` decides whether a rollover or a cure is still open and whether the tax is late; the tax is the same.
    on_the_day = estimate(OffsetInput(**kw))
    later = estimate(OffsetInput(**kw), today=today)
    for field in ("federal_income_tax", "early_withdrawal_penalty", "state_income_tax", "state_additional_tax",
                  "total_tax", "taxable_amount", "distribution_type", "rollover_deadline", "tax_year"):
        assert getattr(later, field) == getattr(on_the_day, field), field
    # Exactly one note says when the tax is (or was) due, whenever there is tax.
    withholding = [n for n in later.note_details if n.code.startswith("withholding.")]
    paying = [n for n in withholding if "safe_harbor" not in n.code and "estimated" not in n.code]
    assert len(paying) == (1 if later.total_tax > 0 else 0)
    for note in paying:  # "set aside" up to the return's due date, late after it
        assert (note.code != "withholding.none") == (today > note.params["due"])
    # Up to the year's last installment, at most one note says by when to pay during it: a day still ahead, before the
    # return is due; an installment that counts the income (annualized) is never one due before it arises.
    estimated = [n for n in withholding if "estimated" in n.code]
    last_installment = estimated_tax_due_dates(later.tax_year)[-1][1]  # January 15 after the year, or later
    assert len(estimated) <= (1 if later.total_tax > 0 and today <= last_installment else 0)
    for note in estimated:
        assert today <= note.params["next"] < paying[0].params["due"]
        arises = OffsetInput(**kw).offset_date  # the day the income arises, a deemed distribution's included
        assert note.params.get("counting", note.params["next"]) > arises
