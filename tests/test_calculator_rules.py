"""The rules, checked against DOMAIN.md's worked examples and the primary sources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from pydantic import ValidationError

from calculator import (
    SUPPORTED_BRACKET_YEARS,
    CalculatorError,
    DistributionType,
    OffsetInput,
    estimate,
    has_income_tax,
)


def run(today: dt.date | None = None, **kw):
    kw.setdefault("event", "separation")
    if "age" not in kw and "birth_date" not in kw:
        kw["age"] = 40
    if "federal_rate" not in kw and "filing_status" not in kw:
        kw["federal_rate"] = D(22)
    return estimate(OffsetInput(**kw), today=today)


# --- DOMAIN.md worked examples ------------------------------------------------


def test_example_1_offset_at_separation_has_no_withholding_and_can_be_rolled():
    b = run(balance=D(3000), offset_date=dt.date(2025, 3, 1))
    assert b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
    assert b.rollover_eligible
    assert b.withholding == 0
    assert b.set_aside == b.total_tax


def test_example_2_qplo_deadline_moves_off_saturday():
    b = run(balance=D(8000), separation_date=dt.date(2021, 6, 1), offset_date=dt.date(2021, 7, 1))
    assert b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
    assert b.rollover_deadline == dt.date(2022, 10, 17)
    assert b.form_1099r_code == "1M"
    assert any("IRC 7503" in n for n in b.notes)


def test_example_3_offset_more_than_12_months_after_severance_is_60_days():
    b = run(balance=D(8000), separation_date=dt.date(2021, 6, 1), offset_date=dt.date(2022, 8, 2))
    assert b.distribution_type is DistributionType.PLAN_LOAN_OFFSET
    assert b.rollover_deadline == dt.date(2022, 8, 2) + dt.timedelta(days=60)
    assert b.form_1099r_code == "1"
    assert any("not moved for weekends" in n for n in b.notes)


def test_qplo_window_ends_on_the_first_anniversary_inclusive():
    on = run(balance=D(1000), separation_date=dt.date(2021, 6, 1), offset_date=dt.date(2022, 6, 1))
    after = run(balance=D(1000), separation_date=dt.date(2021, 6, 1), offset_date=dt.date(2022, 6, 2))
    assert on.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
    assert after.distribution_type is DistributionType.PLAN_LOAN_OFFSET


def test_example_4_california_early_distribution():
    b = run(balance=D(5000), state="CA", offset_date=dt.date(2025, 5, 1))
    assert b.early_withdrawal_penalty == D("500.00")
    assert b.state_additional_tax == D("125.00")
    assert b.state_income_tax == 0  # no CA rate given
    assert any("not included" in n for n in b.notes)


@pytest.mark.parametrize(("year", "added"), [(2025, D("3977.50")), (2026, D("3750.00"))])
def test_worked_bracket_check(year, added):
    b = estimate(
        OffsetInput(balance=D(20000), age=40, event="separation", offset_date=dt.date(year, 6, 1),
                    filing_status="single", income=D(60000))
    )
    assert b.federal_income_tax == added
    assert b.early_withdrawal_penalty == D("2000.00")
    assert b.federal_marginal_rate == D(22)
    assert b.total_tax == added + D(2000)
    assert any("Tax Table" in n for n in b.notes)


def test_worked_bracket_check_tax_before_and_after_2025():
    b = estimate(OffsetInput(balance=D(20000), age=40, event="separation", offset_date=dt.date(2025, 6, 1),
                             filing_status="single", income=D(60000)))
    assert any("$5,071.50 to $9,049.00" in n for n in b.notes)


def test_roth_pro_rata_example():
    b = run(balance=D(5000), designated_roth=True, account_balance=D(10000), account_basis=D(9400),
            offset_date=dt.date(2025, 5, 1))
    assert b.taxable_amount == D("300.00")
    assert b.early_withdrawal_penalty == D("30.00")
    assert b.form_1099r_code == "BM"


def test_qualified_roth_is_not_taxable():
    b = run(balance=D(5000), designated_roth=True, roth_qualified=True, age=62, offset_date=dt.date(2025, 5, 1))
    assert b.taxable_amount == 0 and b.total_tax == 0
    # Tax-free, but the money still leaves the account: its growth is lost all the same.
    assert b.years_to_retirement == 5 and b.retirement_value_lost == (D(5000) * D("1.06") ** 5).quantize(D("0.01"))


def test_rollover_counts_first_against_taxable_part():
    b = run(balance=D(5000), account_balance=D(10000), account_basis=D(9400), rollover=D(200),
            offset_date=dt.date(2025, 5, 1))
    assert b.taxable_amount == D("100.00")


# --- 10% additional tax and its exceptions ----------------------------------------


def test_exact_59_and_half_from_birth_date():
    born = dt.date(1966, 1, 15)  # 59 1/2 on 2025-07-15
    before = run(balance=D(1000), birth_date=born, offset_date=dt.date(2025, 7, 14), event="default")
    on = run(balance=D(1000), birth_date=born, offset_date=dt.date(2025, 7, 15), event="default")
    assert before.early_withdrawal_penalty == D("100.00") and before.penalty_exception is None
    assert on.early_withdrawal_penalty == 0 and on.penalty_exception == "age_59_and_half"
    assert on.form_1099r_code == "7L"
    assert not on.birthday_would_change


def test_59_and_half_at_month_end():
    born = dt.date(1965, 8, 31)  # six months after 2024-08-31 is 2025-02-28
    b = run(balance=D(1000), birth_date=born, offset_date=dt.date(2025, 2, 28), event="default")
    assert b.penalty_exception == "age_59_and_half"


def test_age_59_alone_depends_on_birthday():
    b = run(balance=D(1000), age=59, event="default", offset_date=dt.date(2025, 5, 1))
    assert b.birthday_would_change
    assert b.early_withdrawal_penalty == D("100.00")
    assert run(balance=D(1000), age=60, event="default").penalty_exception == "age_59_and_half"
    assert run(balance=D(1000), age=58, event="default").penalty_exception is None


def test_rule_of_55():
    b = run(balance=D(1000), age=55, offset_date=dt.date(2025, 5, 1))
    assert b.penalty_exception == "separation_at_55" and b.early_withdrawal_penalty == 0
    assert b.form_1099r_code == "2M"
    assert not b.birthday_would_change


def test_age_54_at_separation_depends_on_birthday():
    b = run(balance=D(1000), age=54, offset_date=dt.date(2025, 5, 1))
    assert b.birthday_would_change
    assert b.penalty_exception is None and b.early_withdrawal_penalty == D("100.00")


def test_rule_of_55_uses_the_separation_year_not_the_offset_age():
    born = dt.date(1970, 6, 1)  # turns 55 in 2025
    early = run(balance=D(1000), birth_date=born, separation_date=dt.date(2024, 12, 31),
                offset_date=dt.date(2025, 7, 1))
    same_year = run(balance=D(1000), birth_date=born, separation_date=dt.date(2025, 1, 2),
                    offset_date=dt.date(2025, 7, 1))
    assert early.penalty_exception is None and early.early_withdrawal_penalty == D("100.00")
    assert any("before the calendar year you turned 55" in n for n in early.notes)
    assert same_year.penalty_exception == "separation_at_55"


def test_rule_of_55_with_no_separation_date_says_the_year_was_assumed():
    # 55 on 2026-11-27 with no date of leaving: the offset's year stands in for
    # it. Leaving in 2025 (still within 12 months) would need 55 by 2025, which
    # a 55-year-old whose birthday is early in 2026 was not.
    b = run(balance=D(15000), age=55, offset_date=dt.date(2026, 11, 27))
    assert b.penalty_exception == "separation_at_55" and b.early_withdrawal_penalty == 0
    assert b.separation_date_would_change and not b.birthday_would_change
    [assumed] = [n for n in b.note_details if n.code == "penalty.separation_year_assumed"]
    assert assumed.params == {"year": 2026, "previous": 2025, "amount": D("1500.00")}
    assert "If you left in 2025, the 10% additional tax ($1,500.00) may apply" in assumed.text
    # The type note does not invent a day of leaving.
    [kind] = [n for n in b.note_details if n.code.startswith("distribution.")]
    assert kind.code == "distribution.qplo_separation_undated"
    assert "no exact date given" in kind.text and "You left your job on" not in kind.text


@pytest.mark.parametrize(
    ("kw", "matters"),
    [
        (dict(age=56), False),  # 55 by the end of 2025 whatever the birthday
        (dict(age=57), False),
        (dict(age=54), False),  # the 10% is charged already (the birthday decides: that flag says so)
        (dict(age=55, separation_date=dt.date(2026, 3, 1)), False),  # a date given: nothing assumed
        (dict(birth_date=dt.date(1971, 12, 15)), True),  # turns 55 only in December 2026
        (dict(birth_date=dt.date(1970, 6, 1)), False),  # 55 in 2025: either year qualifies
        (dict(age=50, public_safety=True), True),  # the rule of 50 likewise
        (dict(age=50, public_safety=True, service_years=25), False),  # 25 years of service: any year
        (dict(age=55, exception="disability"), False),  # another exception removes the 10% anyway
        (dict(age=55, event="plan-termination"), False),  # no separation assumed at all
        (dict(age=60), False),  # 59 1/2 decides
    ],
)
def test_which_estimates_rest_on_the_assumed_year_of_leaving(kw, matters):
    b = run(balance=D(15000), offset_date=dt.date(2026, 11, 27), **kw)
    assert b.separation_date_would_change is matters
    assert any(n.code == "penalty.separation_year_assumed" for n in b.note_details) is matters


def test_rule_of_55_note_states_no_year_it_was_not_given():
    b = run(balance=D(15000), age=57, offset_date=dt.date(2026, 11, 27))
    [note] = [n for n in b.note_details if n.code == "penalty.separation_at_55"]
    assert note.text.startswith("You left your job in or after the calendar year you turned 55,")
    dated = run(balance=D(15000), age=57, offset_date=dt.date(2026, 11, 27), separation_date=dt.date(2026, 2, 1))
    [note] = [n for n in dated.note_details if n.code == "penalty.separation_at_55"]
    assert note.text.startswith("You left your job in 2026, in or after")
    [kind] = [n for n in dated.note_details if n.code.startswith("distribution.")]
    assert kind.code == "distribution.qplo_separation" and "You left your job on February 1, 2026" in kind.text


def test_default_while_employed_is_deemed_and_gets_no_rule_of_55():
    b = run(balance=D(10000), age=57, event="default", offset_date=dt.date(2025, 9, 30))
    assert b.distribution_type is DistributionType.DEEMED_DISTRIBUTION
    assert not b.rollover_eligible and b.rollover_deadline is None
    assert b.form_1099r_code == "1L"
    assert b.loan_still_owed
    assert b.early_withdrawal_penalty == D("1000.00")


def test_plan_termination_needs_a_separation_date_for_rule_of_55():
    without = run(balance=D(1000), age=57, event="plan-termination", offset_date=dt.date(2025, 5, 1))
    with_sep = run(balance=D(1000), age=57, event="plan-termination", offset_date=dt.date(2025, 5, 1),
                   separation_date=dt.date(2025, 3, 1))
    assert without.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
    assert without.penalty_exception is None
    assert with_sep.penalty_exception == "separation_at_55"


def test_public_safety_at_50_and_by_service():
    b = run(balance=D(1000), age=51, public_safety=True, offset_date=dt.date(2025, 5, 1))
    assert b.penalty_exception == "public_safety" and b.form_1099r_code == "2M"
    young = run(balance=D(1000), age=45, public_safety=True, offset_date=dt.date(2025, 5, 1))
    assert young.penalty_exception is None
    assert any("25 years of service" in n for n in young.notes)
    served = run(balance=D(1000), age=45, public_safety=True, service_years=25, offset_date=dt.date(2025, 5, 1))
    assert served.penalty_exception == "public_safety"


def test_asserted_exception_and_disability_code():
    b = run(balance=D(1000), exception="disability", offset_date=dt.date(2025, 5, 1))
    assert b.penalty_exception == "disability" and b.early_withdrawal_penalty == 0
    assert b.form_1099r_code == "1M"
    assert any("not settled" in n for n in b.notes)
    assert run(balance=D(1000), exception="death").form_1099r_code.startswith("4")


# --- federal ----------------------------------------------------------------------------


def test_senior_deduction_phaseout_raises_the_cost():
    b = estimate(OffsetInput(balance=D(10000), age=66, event="separation", offset_date=dt.date(2025, 5, 1),
                             filing_status="single", income=D(80000)))
    # without: 15,750 + 2,000 + 5,700 -> 56,550 taxable, tax 7,355.00
    # with:    15,750 + 2,000 + 5,100 -> 67,150 taxable, tax 9,687.00
    assert b.federal_income_tax == D("2332.00")
    assert b.penalty_exception == "age_59_and_half"
    assert any("senior deduction" in n and "shrinks" in n for n in b.notes)


def test_married_separate_gets_no_senior_deduction():
    b = estimate(OffsetInput(balance=D(10000), age=70, event="separation", offset_date=dt.date(2025, 5, 1),
                             filing_status="married-separate", income=D(30000)))
    # 30,000 - 15,750 - 1,600 = 12,650 -> 22,650
    assert b.federal_income_tax == D("1192.50") + (D(22650) - D(11925)) * D("0.12") - (
        D("1192.50") + (D(12650) - D(11925)) * D("0.12"))


def test_joint_spouse_65_counts():
    base = dict(balance=D(10000), age=50, event="separation", offset_date=dt.date(2026, 5, 1),
                filing_status="married-joint", income=D(50000))
    young = estimate(OffsetInput(**base))
    old = estimate(OffsetInput(**base, spouse_age=66))
    assert old.federal_income_tax < young.federal_income_tax


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_qualifying_surviving_spouse_under_65_is_taxed_like_a_joint_return(year):
    # IRC 1(a) and 63(c)(2)(A): the joint table and standard deduction (the Rev. Proc.'s Table 1 covers both).
    base = dict(balance=D(20000), age=45, event="separation", offset_date=dt.date(year, 6, 1), income=D(60000))
    qss = estimate(OffsetInput(**base, filing_status="qualifying-surviving-spouse"))
    joint = estimate(OffsetInput(**base, filing_status="married-joint"))
    assert qss.federal_income_tax == joint.federal_income_tax == D("2400.00")  # 12% bracket throughout
    assert any("filing as a qualifying surviving spouse with $60,000.00" in n for n in qss.notes)
    assert any("Federal income tax: filing jointly with $60,000.00 of other income" in n for n in joint.notes)


def test_a_qualifying_surviving_spouse_at_65_has_a_single_persons_senior_phaseout():
    # 2026, 66, $100,000 of other income, $20,000 offset.
    # Deductions: 32,200 + 1,650 (IRC 63(f)(3): the married amount) + senior 6,000 less 6% over $75,000
    # (not a joint return): before 4,500 -> taxable 61,650; after 3,300 -> taxable 82,850.
    # Joint table: 2,480 + 12% x 36,850 = 6,902; 2,480 + 12% x 58,050 = 9,446. The offset adds 2,544.
    base = dict(balance=D(20000), age=66, event="separation", offset_date=dt.date(2026, 6, 1), income=D(100000))
    qss = estimate(OffsetInput(**base, filing_status="qualifying-surviving-spouse"))
    assert qss.federal_income_tax == D("2544.00")
    joint = estimate(OffsetInput(**base, filing_status="married-joint"))
    assert joint.federal_income_tax == D("2400.00")  # the $150,000 joint threshold keeps the whole $6,000


def test_year_without_tables_is_an_error_but_a_flat_rate_works():
    assert SUPPORTED_BRACKET_YEARS == frozenset({2025, 2026})
    with pytest.raises(CalculatorError) as info:
        estimate(OffsetInput(balance=D(1000), age=40, event="separation", offset_date=dt.date(2024, 5, 1),
                             filing_status="single", income=D(1000)))
    assert info.value.field == "filing_status"
    assert run(balance=D(1000), offset_date=dt.date(2019, 5, 1)).federal_income_tax == D("220.00")


def test_flat_rate_effective_rate():
    b = run(balance=D(10000), federal_rate=D(22), offset_date=dt.date(2025, 5, 1))
    assert b.total_tax == D("3200.00")
    assert b.effective_rate == D("32.00")


# --- states ---------------------------------------------------------------------------------


def test_states():
    assert run(balance=D(1000), state="TX", state_rate=D(5)).state_income_tax == 0
    assert run(balance=D(1000), state="IL", state_rate=D("4.95")).state_income_tax == 0
    ny = run(balance=D(1000), state="NY", state_rate=D(6))
    assert ny.state_income_tax == D("60.00")
    # A flat rate cannot know a state's own exclusions for retirement income: the note says they can lower it.
    assert any("any exclusion it has for retirement income" in n for n in ny.notes)
    pa = run(balance=D(1000), state="PA", state_rate=D("3.07"))
    assert pa.state_income_tax == D("30.70") and any("Pennsylvania" in n for n in pa.notes)
    ca = run(balance=D(1000), state="CA", age=60)
    assert ca.state_additional_tax == 0
    assert not has_income_tax("tx") and not has_income_tax("IL") and has_income_tax("CA")


@pytest.mark.parametrize(
    ("kw", "excluded", "tax", "birthday"),
    [
        # 55 or older on December 31 of the tax year: no Iowa tax (HF 2317 Division VI, from 2023).
        (dict(age=56), True, "0.00", False),
        (dict(birth_date=dt.date(1971, 12, 15)), True, "0.00", False),  # 54 on the offset day, 55 by December 31
        (dict(birth_date=dt.date(1972, 1, 1)), True, "0.00", False),  # 55 on 1 January counts for the year before (Pub. 501)
        (dict(birth_date=dt.date(1972, 1, 2)), False, "380.00", False),
        (dict(age=54), None, "380.00", True),  # the birthday decides; the figures assume not
        (dict(age=40), False, "380.00", False),
        (dict(age=58, offset_date=dt.date(2022, 6, 1)), False, "380.00", False),  # before the exclusion began
        # Still excluded with a default: it is retirement income all the same.
        (dict(age=57, event="default"), True, "0.00", False),
    ],
)
def test_iowa_excludes_retirement_income_from_55(kw, excluded, tax, birthday):
    kw.setdefault("offset_date", dt.date(2026, 6, 1))
    b = run(balance=D(10000), state="IA", state_rate=D("3.8"), **kw)
    assert b.state_retirement_exclusion is excluded
    assert b.state_income_tax == D(tax)
    assert b.birthday_would_change is birthday
    assert b.total_tax == b.federal_income_tax + b.early_withdrawal_penalty + b.state_income_tax
    iowa = [n for n in b.notes if "Iowa" in n]
    if excluded:
        assert any("does not tax retirement income" in n and "55 or older on December 31" in n for n in iowa)
        assert any("is not used" in n for n in b.notes)
    elif excluded is None:
        assert any("depends on your birthday" in n for n in iowa)
    elif b.tax_year >= 2023:
        assert any("would not tax it if you were 55 or older on December 31, 2026" in n for n in iowa)


@pytest.mark.parametrize(("balance", "tax", "note"), [
    ("15000", "0.00", "so no Kentucky tax is due on this offset"),
    ("31110", "0.00", "so no Kentucky tax is due on this offset"),
    ("45000", "486.15", "Its tax is 3.5% of the $13,890.00 above that: $486.15"),  # 3.5% of 45,000 - 31,110
])
def test_kentucky_excludes_the_first_31110_of_retirement_income_at_any_age(balance, tax, note):
    b = run(balance=D(balance), age=35, offset_date=dt.date(2026, 6, 1), state="KY", state_rate=D("3.5"))
    assert b.state_income_tax == D(tax)
    assert b.total_tax == b.federal_income_tax + b.early_withdrawal_penalty + b.state_income_tax
    assert any(note in n and "KRS 141.019" in n and "no other retirement income" in n for n in b.notes), b.notes


def test_the_10_percent_note_names_the_exceptions_not_asked():
    b = run(balance=D(10000), age=40, offset_date=dt.date(2026, 6, 1))
    note = next(n for n in b.notes if n.startswith("No exception applies"))
    assert "total and permanent disability, terminal illness" in note and "Form 5329" in note


def test_iowa_excludes_the_disabled_at_any_age():
    # The federal disability exception (IRC 72(m)(7)) is asserted: Iowa's exclusion covers the disabled too.
    b = run(balance=D(10000), age=40, offset_date=dt.date(2026, 6, 1), state="IA", state_rate=D("3.8"), exception="disability")
    assert b.state_retirement_exclusion is True and b.state_income_tax == 0 and b.early_withdrawal_penalty == 0


def test_iowa_without_a_rate_asks_nothing_of_the_birthday():
    # With no state rate (2024: Iowa's brackets, before its one rate) there is no Iowa figure for the birthday
    # to change.
    b = run(balance=D(10000), age=54, event="default", offset_date=dt.date(2024, 6, 1), state="IA")
    assert b.state_retirement_exclusion is None and not b.birthday_would_change and b.state_income_tax == 0


def test_iowa_from_2025_taxes_at_its_one_rate_until_55():
    # Iowa Code 422.5 as amended by S.F. 2442: 3.8% on all taxable income from 2025; from 55 by December 31
    # retirement income is excluded, so at 54 the birthday decides, and the less favourable case is shown.
    b = run(balance=D(10000), age=54, event="default", offset_date=dt.date(2026, 6, 1), state="IA")
    assert b.state_income_tax == D("380.00") and b.birthday_would_change
    assert "state.rate_by_law" in _codes(b)
    older = run(balance=D(10000), birth_date=dt.date(1971, 12, 15), event="default", offset_date=dt.date(2026, 6, 1),
                state="IA")
    assert older.state_income_tax == 0 and older.state_retirement_exclusion is True


# --- rollover, growth, misc -------------------------------------------------------------------


def test_full_and_partial_rollover():
    full = run(balance=D(8000), rollover=D(8000), state="CA", state_rate=D(5))
    assert full.total_tax == 0 and full.taxable_amount == 0
    part = run(balance=D(8000), rollover=D(3000))
    assert part.taxable_amount == D("5000.00")


def test_deadline_passed():
    # A qualified offset: its deadline (IRC 402(c)(3)(C)) is not the 60-day requirement that (B) lets the IRS
    # waive, so no waiver is offered.
    b = run(balance=D(1000), offset_date=dt.date(2021, 7, 1), today=dt.date(2023, 1, 1))
    assert not b.rollover_eligible
    [note] = [n for n in b.note_details if n.code.startswith("rollover.deadline_passed")]
    assert note.code == "rollover.deadline_passed_qualified"
    assert "are written for the 60-day deadline (IRC 402(c)(3)(B); Rev. Proc. 2020-46), not for this one" in note.text
    # A plain offset's 60 days can be waived.
    late = run(balance=D(1000), offset_date=dt.date(2021, 7, 1), separation_date=dt.date(2020, 1, 15),
               today=dt.date(2021, 9, 30))
    assert late.distribution_type is DistributionType.PLAN_LOAN_OFFSET and not late.rollover_eligible
    [note] = [n for n in late.note_details if n.code.startswith("rollover.deadline_passed")]
    assert note.code == "rollover.deadline_passed" and "self-certification is possible" in note.text


def test_before_2018_every_offset_had_60_days():
    b = run(balance=D(1000), offset_date=dt.date(2017, 5, 1))
    assert b.distribution_type is DistributionType.PLAN_LOAN_OFFSET
    assert b.rollover_deadline == dt.date(2017, 6, 30)


def test_growth():
    b = run(balance=D(10000), age=67)
    assert b.years_to_retirement == 0 and b.retirement_value_lost == D("10000.00")
    b = run(balance=D(10000), age=57, annual_return=D(10))
    assert b.retirement_value_lost == (D(10000) * D("1.1") ** 10).quantize(D("0.01"))


def test_growth_note_reads_right_at_one_year_and_at_retirement():
    one = run(balance=D(10000), age=66)
    [note] = [n for n in one.note_details if n.code == "growth.lost"]
    assert "(1 year at 6%, " in note.text and "$10,600.00" in note.text
    assert "(21 years at 6% a year" in next(n for n in run(balance=D(10000), age=46).notes if "grow to" in n)
    for age in (67, 70):  # no "grow to $10,000.00 by age 67 (0 years ...)" at 70
        b = run(balance=D(10000), age=age)
        assert b.years_to_retirement == 0 and b.retirement_value_lost == D("10000.00")
        assert not any("grow to" in n or "0 years" in n for n in b.notes)
        [note] = [n for n in b.note_details if n.code == "growth.at_retirement"]
        assert note.text == ("You are at or past the retirement age assumed here (67), so no growth is counted: "
                             "the $10,000.00 not rolled over is what your retirement savings lose.")
    rolled = run(balance=D(10000), age=70, rollover=D(10000))
    assert not any(n.code.startswith("growth.") for n in rolled.note_details)


def test_over_the_loan_limit_still_computes():
    b = run(balance=D(75000))
    assert b.total_tax > 0 and any("$50,000.00" in n for n in b.notes)


def test_notes_are_structured_templates():
    b = run(balance=D(1000), state="CA")
    assert [n.text for n in b.note_details] == b.notes
    for n in b.note_details:
        assert n.template.format(**{k: "x" for k in n.params}) or True
        assert "{" not in n.text


def test_validation_messages():
    from calculator import field_errors

    with pytest.raises(ValidationError) as info:
        OffsetInput(balance=D(5), age=40, event="separation", federal_rate=D(22), rollover=D(6))
    assert field_errors(info.value) == [("rollover", "rollover cannot be more than the loan balance (5)")]
    with pytest.raises(ValidationError):
        OffsetInput(balance=D(5), age=41, birth_date=dt.date(1990, 1, 1), event="separation",
                    offset_date=dt.date(2025, 5, 1), federal_rate=D(22))


# --- Social Security benefits made taxable (IRC 86) ----------------------------


def _codes(b) -> list[str]:
    return [n.code for n in b.note_details]


def test_the_offset_makes_social_security_taxable_and_the_tax_counts_it():
    # Single, 64, $15,000 other income, $20,000 of benefits, 2026. Provisional income
    # 15,000 + 10,000 = 25,000: nothing taxable. With the offset 40,000: 50% of the
    # 9,000 between the bases (4,500) plus 85% of the 6,000 above 34,000 (5,100) = 9,600.
    b = run(balance=D(15000), age=64, offset_date=dt.date(2026, 6, 1), filing_status="single",
            income=D(15000), social_security=D(20000))
    assert b.social_security_made_taxable == D("9600.00")
    # Taxable income 15,000 + 15,000 + 9,600 - 16,100 = 23,500: 1,240 + 12% of 11,100.
    assert b.federal_income_tax == D("2572.00")
    note = next(n for n in b.note_details if n.code == "federal.social_security")
    assert note.params["before"] == 0 and note.params["after"] == D("9600.00")
    assert "$9,600.00" in note.text and "IRC 86" in note.text
    assert "federal.social_security_exempt_interest" in _codes(b)
    # Without the benefits the same offset looked like 1,420: 1,240 + 12% of 1,500.
    without = run(balance=D(15000), age=64, offset_date=dt.date(2026, 6, 1), filing_status="single",
                  income=D(15000), social_security=D(0))
    assert without.federal_income_tax == D("1420.00") and without.social_security_made_taxable == 0


def test_social_security_on_a_joint_return_uses_the_joint_base_amounts():
    # Provisional income 20,000 + 15,000 = 35,000 (over 32,000): 1,500 taxable. With a
    # $10,000 offset 45,000: 85% of 1,000 + the first tier capped at half of 12,000 = 6,850.
    from calculator.rules.federal import taxable_benefits

    assert taxable_benefits("married-joint", D(30000), D(20000)) == D("1500.00")
    assert taxable_benefits("married-joint", D(30000), D(30000)) == D("6850.00")
    b = run(balance=D(10000), age=63, offset_date=dt.date(2025, 8, 1), filing_status="married-joint",
            income=D(20000), social_security=D(30000))
    assert b.social_security_made_taxable == D("5350.00")


def test_social_security_already_85_percent_taxable_adds_nothing_but_the_senior_deduction_still_shrinks():
    # Single, 66 all year, $60,000 other income, $30,000 of benefits: 85% (25,500) taxable either way.
    # AGI 85,500 -> 95,500: the senior deduction goes from 6,000 - 6% of 10,500 = 5,370 to 4,770.
    b = run(balance=D(10000), birth_date=dt.date(1960, 3, 1), offset_date=dt.date(2026, 6, 1),
            filing_status="single", income=D(60000), social_security=D(30000))
    assert b.social_security_made_taxable == 0
    assert "federal.social_security_capped" in _codes(b)
    # Taxable income 85,500 - 16,100 - 2,050 - 5,370 = 61,980 -> 95,500 - 18,150 - 4,770 = 72,580, all at 22%.
    assert b.federal_income_tax == D("2332.00")


def test_social_security_that_stays_untaxed_says_so():
    b = run(balance=D(5000), age=63, offset_date=dt.date(2026, 6, 1), filing_status="single",
            income=D(5000), social_security=D(20000))
    assert b.social_security_made_taxable == 0
    assert "federal.social_security_untaxed" in _codes(b)


def test_married_filing_separately_taxes_social_security_from_the_first_dollar():
    # IRC 86(c)(1)(C): base amounts of zero for a spouse who lived with the other, as assumed.
    from calculator.rules.federal import taxable_benefits

    # Provisional income 1,000 + 6,000: 85% of it, 5,950.
    assert taxable_benefits("married-separate", D(12000), D(1000)) == D("5950.00")
    assert taxable_benefits("married-separate", D(12000), D(10000)) == D("10200.00")  # capped at 85%
    b = run(balance=D(5000), age=63, offset_date=dt.date(2026, 6, 1), filing_status="married-separate",
            income=D(1000), social_security=D(12000))
    assert b.social_security_made_taxable == D("4250.00")  # 5,950 -> 10,200 (85% of the benefits)
    assert "federal.social_security_mfs" in _codes(b)


def test_social_security_is_mentioned_from_62_when_not_given():
    bracket = dict(balance=D(10000), offset_date=dt.date(2026, 6, 1), filing_status="single", income=D(30000))
    assert "federal.social_security_unknown" in _codes(run(age=62, **bracket))
    assert "federal.social_security_unknown" not in _codes(run(age=61, **bracket))
    assert "federal.social_security_flat" in _codes(run(age=63, balance=D(10000), federal_rate=D(12)))
    assert "federal.social_security_flat" not in _codes(run(age=45, balance=D(10000), federal_rate=D(12)))
    assert run(age=62, **bracket).social_security_made_taxable is None


def test_social_security_needs_the_brackets():
    from calculator.errors import field_errors

    with pytest.raises(ValidationError) as caught:
        OffsetInput(balance=D(1000), age=63, event="separation", federal_rate=D(12), social_security=D(20000))
    field, message = field_errors(caught.value)[0]
    assert field == "social_security" and "filing status" in message
    with pytest.raises(ValidationError):
        OffsetInput(balance=D(1000), age=63, event="separation", filing_status="single", income=D(0),
                    social_security=D(-1))


def test_pennsylvania_does_not_tax_a_retirement_distribution_and_says_so_to_those_who_left():
    left = run(balance=D(30000), age=63, state="PA", state_rate=D("3.07"), offset_date=dt.date(2026, 6, 1))
    assert left.state_income_tax == D("921.00")  # the flat estimate; the plan's conditions decide
    assert "state.pa_retirement" in _codes(left)
    still_employed = run(balance=D(30000), age=63, event="default", state="PA", state_rate=D("3.07"),
                         offset_date=dt.date(2026, 6, 1))
    assert "state.pa_retirement" not in _codes(still_employed)


def test_from_73_the_required_minimum_distribution_part_cannot_be_rolled_over():
    left = run(balance=D(20000), age=74, offset_date=dt.date(2026, 6, 1))
    rmd = next(n for n in left.note_details if n.code == "rollover.rmd")
    assert rmd.params == {"age": 73, "year": 2026} and "IRC 402(c)(4)(B)" in rmd.text
    # 72 on the offset day: 73 by December 31 for some birthdays, so it is said (as a condition).
    assert "rollover.rmd" in _codes(run(balance=D(20000), age=72, offset_date=dt.date(2026, 6, 1)))
    assert "rollover.rmd" not in _codes(run(balance=D(20000), age=71, offset_date=dt.date(2026, 6, 1)))
    # Born in 1953: 73 in 2026. Born in 1960: 75, in 2035.
    assert "rollover.rmd" in _codes(run(balance=D(1000), birth_date=dt.date(1953, 12, 30), offset_date=dt.date(2026, 3, 1)))
    assert "rollover.rmd" not in _codes(run(balance=D(1000), birth_date=dt.date(1954, 1, 5), offset_date=dt.date(2026, 3, 1)))
    # Still working (a plan that ended, a default): required distributions wait for retirement.
    assert "rollover.rmd" not in _codes(run(balance=D(20000), age=74, event="plan-termination",
                                            offset_date=dt.date(2026, 6, 1)))
    assert "rollover.rmd" not in _codes(run(balance=D(20000), age=74, event="default", offset_date=dt.date(2026, 6, 1)))
    from calculator.data.rules import rmd_age

    assert (rmd_age(1951), rmd_age(1959), rmd_age(1960)) == (73, 73, 75)


# --- Georgia: retirement income excluded from 62 ($35,000) and 65 ($65,000) ------


def _ga(**kw):
    kw.setdefault("offset_date", dt.date(2026, 6, 1))
    return run(balance=D(40000), state="GA", state_rate=D("5.19"), **kw)


def test_georgia_excludes_65000_of_retirement_income_from_65():
    b = _ga(age=66)
    assert b.state_income_tax == 0 and b.state_exclusion_amount == D(65000)
    assert "state.exclusion_tier_covers" in _codes(b)


def test_georgia_excludes_35000_from_62_and_the_birthday_can_make_it_65000():
    b = _ga(age=64)  # 65 by December 31 for some birthdays
    assert b.state_exclusion_amount == D(35000)
    assert b.state_income_tax == D("259.50")  # 5.19% of the 5,000 above 35,000
    assert b.birthday_would_change
    note = next(n for n in b.note_details if n.code == "state.exclusion_tier_birthday")
    assert note.params["age"] == 65 and note.params["larger"] == D(65000)
    # Born on 31 December 1961: 65 by the end of 2026.
    assert _ga(birth_date=dt.date(1961, 12, 31)).state_income_tax == 0
    assert _ga(birth_date=dt.date(1962, 1, 2)).state_income_tax == D("259.50")


def test_georgia_below_62_taxes_it_all_unless_disabled():
    young = _ga(age=45)
    assert young.state_income_tax == D("2076.00") and young.state_exclusion_amount == 0
    assert "state.exclusion_tier_not_yet" in _codes(young) and not young.birthday_would_change
    assert _ga(age=61).birthday_would_change  # 62 by December 31 for some birthdays
    disabled = _ga(age=50, exception="disability")
    assert disabled.state_exclusion_amount == D(35000) and disabled.state_income_tax == D("259.50")


# --- South Carolina: $3,000 of retirement income, $10,000 from 65, if it owes no 10% --


def _sc(**kw):
    kw.setdefault("offset_date", dt.date(2026, 6, 1))
    return run(balance=D(15000), state="SC", state_rate=D(6), **kw)


def test_south_carolina_leaves_out_a_distribution_that_owes_the_10_percent():
    # S.C. Code 12-6-1170(A)(2): "retirement income" is income "not subject to a penalty for premature distribution".
    b = _sc(age=45)
    assert b.early_withdrawal_penalty == D(1500)
    assert b.state_income_tax == D(900) and b.state_exclusion_amount == 0
    note = next(n for n in b.note_details if n.code == "state.exclusion_not_with_early_tax")
    assert note.params["base"] == D(3000) and note.params["amount"] == D(10000) and "12-6-1170(A)" in note.text
    assert not b.birthday_would_change


def test_south_carolina_deducts_3000_when_an_exception_removes_the_10_percent():
    for b in (_sc(age=56), _sc(age=45, exception="disability"), _sc(age=60)):
        assert b.early_withdrawal_penalty == 0
        assert b.state_exclusion_amount == D(3000) and b.state_income_tax == D(720)  # 6% of 12,000
        assert "state.plan_exclusion" in _codes(b) and "state.age_65_deduction" not in _codes(b)
    assert "state.plan_exclusion_covers" in _codes(run(balance=D(2500), age=60, state="SC", state_rate=D(6)))


def test_south_carolina_deducts_10000_from_65_and_says_what_the_age_65_deduction_adds():
    b = _sc(age=67)
    assert b.state_exclusion_amount == D(10000) and b.state_income_tax == D(300)  # 6% of 5,000
    note = next(n for n in b.note_details if n.code == "state.age_65_deduction")
    assert note.params["rest"] == D(5000) and "12-6-1170(B)" in note.text
    # 64: 65 by December 31 for some birthdays, which the birth date settles.
    b = _sc(age=64)
    assert b.state_exclusion_amount == D(3000) and b.birthday_would_change
    assert "state.exclusion_tier_birthday" in _codes(b)
    assert _sc(birth_date=dt.date(1961, 12, 31)).state_income_tax == D(300)
    assert _sc(birth_date=dt.date(1962, 1, 2)).state_income_tax == D(720)


def test_georgia_notes_still_count_interest_and_dividends():
    assert "interest or dividends" in next(n for n in _ga(age=64).note_details if n.code == "state.exclusion_tier").text


def test_someone_who_left_the_job_before_65_hears_about_the_premium_tax_credit():
    assert "income.premium_tax_credit" in _codes(run(balance=D(15000), age=45))
    assert "income.premium_tax_credit" not in _codes(run(balance=D(15000), age=66))  # Medicare
    assert "income.premium_tax_credit" not in _codes(run(balance=D(15000), age=45, event="default"))  # still employed
    assert "income.premium_tax_credit" not in _codes(run(balance=D(15000), age=45, rollover=D(15000)))  # nothing taxable


def test_the_10_percent_note_says_a_governmental_457b_does_not_owe_it():
    b = run(balance=D(15000), age=45)
    note = next(n for n in b.note_details if n.code == "penalty.not_457b")
    assert "IRC 72(t)(1), 4974(c)" in note.text
    assert "penalty.not_457b" not in _codes(run(balance=D(15000), age=60))


def test_a_governmental_457b_owes_no_10_percent_and_is_reported_with_code_2():
    b = run(balance=D(15000), age=45, governmental_457b=True, state="CA", state_rate=D("9.3"))
    assert b.early_withdrawal_penalty == 0 and b.penalty_exception == "governmental_457b"
    assert b.state_additional_tax == 0  # California's 2.5% follows 72(t)
    assert b.form_1099r_code == "2M"
    assert "penalty.governmental_457b" in _codes(b) and "penalty.not_457b" not in _codes(b)
    assert run(balance=D(15000), age=60, governmental_457b=True).form_1099r_code == "7M"  # 59½ comes first
    assert run(balance=D(15000), age=45, event="default", governmental_457b=True).form_1099r_code == "2L"
    with pytest.raises(ValidationError):
        run(balance=D(15000), age=45, exception="governmental_457b")  # decided from the input, not asserted


def test_social_security_half_taxable_below_the_adjusted_base_can_stay_the_same():
    # $5,000 of benefits, $29,000 of other income: provisional income 31,500, half the benefits (2,500) taxable;
    # a $1,000 offset (32,500, still under 34,000) leaves it at half.
    b = run(balance=D(1000), age=63, offset_date=dt.date(2026, 6, 1), filing_status="single", income=D(29000),
            social_security=D(5000))
    assert b.social_security_made_taxable == 0
    note = next(n for n in b.note_details if n.code == "federal.social_security_capped")
    assert note.params["taxed"] == D("2500.00") and "85%" not in note.text


# --- the month someone left, without the day ----------------------------------------


def test_a_separation_month_is_its_first_day_and_must_settle_the_12_months():
    b = run(balance=D(15000), age=55, offset_date=dt.date(2026, 3, 15), separation_date=dt.date(2025, 9, 20),
            separation_month=True)
    assert b.distribution_type == "qualified_plan_loan_offset"
    note = next(n for n in b.note_details if n.code == "distribution.qplo_separation_month")
    assert note.params["separation_month"] == dt.date(2025, 9, 1) and "in September 2025, and" in note.text
    # The rule of 55 looks at 2025: 54 or 55 then, so the birthday would decide it, and the day would not.
    assert b.birthday_would_change and not b.separation_date_would_change
    # March 2025: early in the month is more than 12 months before March 15, 2026; late in it is not.
    with pytest.raises(CalculatorError) as err:
        run(balance=D(15000), age=40, offset_date=dt.date(2026, 3, 15), separation_date=dt.date(2025, 3, 1),
            separation_month=True)
    assert err.value.field == "separation_date"
    # The offset's own month: the last day counted is the offset's.
    same = run(balance=D(15000), age=40, offset_date=dt.date(2026, 3, 15), separation_date=dt.date(2026, 3, 1),
               separation_month=True)
    assert same.distribution_type == "qualified_plan_loan_offset"
    with pytest.raises(ValidationError, match="separation_month needs a separation_date"):
        run(balance=D(15000), age=40, separation_month=True)


# --- the net investment income tax: the offset raises modified AGI (IRC 1411) ------------


def _niit(b):
    return next((n for n in b.note_details if n.code == "income.net_investment_income_tax"), None)


def test_the_offset_can_expose_investment_income_to_the_3_8_percent_tax():
    b = run(balance=D(30000), age=45, offset_date=dt.date(2026, 6, 1), filing_status="single", income=D(190000))
    note = _niit(b)
    assert note.params["exposed"] == D(20000) and note.params["threshold"] == D(200000)
    assert note.params["tax"] == D("760.00") and "IRC 1411" in note.text
    assert b.total_tax == b.federal_income_tax + b.early_withdrawal_penalty  # a note: no investment income is asked
    # Already above the threshold: all of the taxable offset counts.
    assert _niit(run(balance=D(30000), age=45, offset_date=dt.date(2026, 6, 1), filing_status="single",
                     income=D(250000))).params["exposed"] == D(30000)
    # Below it after the offset, or on a flat rate (income unknown): nothing to say.
    assert _niit(run(balance=D(30000), age=45, offset_date=dt.date(2026, 6, 1), filing_status="married-joint",
                     income=D(190000))) is None
    assert _niit(run(balance=D(30000), age=45, federal_rate=D(35))) is None
    # Married filing separately: $125,000, not indexed.
    assert _niit(run(balance=D(10000), age=45, offset_date=dt.date(2025, 6, 1), filing_status="married-separate",
                     income=D(120000))).params["exposed"] == D(5000)


def test_the_net_investment_income_note_counts_social_security_made_taxable():
    # $20,000 of other income and $30,000 of benefits; a $200,000 offset makes 85% of them ($25,500) taxable,
    # and that raises modified AGI too: 20,000 + 200,000 + 25,500 is 45,500 above $200,000.
    b = run(balance=D(200000), age=66, offset_date=dt.date(2026, 6, 1), filing_status="single", income=D(20000),
            social_security=D(30000))
    assert _niit(b).params["exposed"] == D(45500)


# --- states whose law sets one rate on all income: used when no rate is given ------------------


@pytest.mark.parametrize(
    "state, year, rate",
    [("NC", 2025, "4.25"), ("NC", 2026, "3.99"), ("PA", 2026, "3.07"), ("AZ", 2025, "2.5"), ("KY", 2025, "4.0"),
     ("KY", 2026, "3.5"), ("GA", 2025, "5.19"), ("LA", 2026, "3.0"), ("IA", 2025, "3.8"), ("IA", 2026, "3.8")],
)
def test_a_flat_rate_set_by_law_is_used_when_none_is_given(state, year, rate):
    b = run(balance=D(10000), age=45, offset_date=dt.date(year, 6, 1), state=state)
    note = next(n for n in b.note_details if n.code == "state.rate_by_law")
    assert note.params["rate_pct"] == D(rate) and note.params["year"] == year
    if state not in ("KY", "GA"):  # Kentucky's $31,110 exclusion covers it; Georgia's needs 62 (here 45: none)
        assert b.state_income_tax == (D(10000) * D(rate) / 100).quantize(D("0.01"))
        assert "state.flat_rate_by_law" in _codes(b)
    # A rate given is the person's, used as given.
    given = run(balance=D(10000), age=45, offset_date=dt.date(year, 6, 1), state=state, state_rate=D(6))
    assert "state.rate_by_law" not in _codes(given)


def test_georgia_2025_uses_its_law_rate_and_2026_asks_for_one():
    assert run(balance=D(10000), age=45, offset_date=dt.date(2025, 6, 1), state="GA").state_income_tax == D("519.00")
    later = run(balance=D(10000), age=45, offset_date=dt.date(2026, 6, 1), state="GA")
    assert later.state_income_tax == 0 and "state.no_rate" in _codes(later)  # 2026's cut hangs on revenue triggers
    assert "state.no_rate" in _codes(run(balance=D(10000), age=45, offset_date=dt.date(2026, 6, 1), state="OH"))


# --- local income taxes (states.json, local_income_tax) ---------------------------------------


@pytest.mark.parametrize(
    ("state", "code", "says"),
    [
        ("MD", "state.local_tax.county", "Maryland's counties tax it too, each at its own rate"),
        ("IN", "state.local_tax.county", "Indiana's counties tax it too"),
        ("NY", "state.local_tax.city", "New York City at 3.078% to 3.876% of its taxable income, Yonkers at 16.75%"),
        ("OH", "state.local_tax.school_district", "Some Ohio school districts tax it too (Ohio Rev. Code 5748.01"),
    ],
)
def test_a_local_income_tax_is_named_and_counted_only_inside_the_rate_given(state, code, says):
    b = run(balance=D(10000), state=state, state_rate=D("7.95"))
    assert b.state_income_tax == D("795.00")  # no local figure of its own: the rate given is all there is
    codes = {n.code: n.text for n in b.note_details}
    assert says in codes[code]
    assert codes["state.local_tax_in_rate"] == "This estimate counts the local income tax only if the 7.95% you gave includes it."
    without = run(balance=D(10000), state=state)
    assert without.state_income_tax == 0
    assert {n.code for n in without.note_details} >= {code, "state.local_tax_not_included", "state.no_rate"}


@pytest.mark.parametrize("state", ["CA", "TX", "IL", "PA", "KY", "NJ"])
def test_no_local_income_tax_note_where_none_reaches_a_distribution(state):
    # Pennsylvania's and Kentucky's local taxes fall on wages only; Texas has none; Illinois does not tax it.
    b = run(balance=D(10000), state=state, state_rate=D(5))
    assert not any(n.code.startswith("state.local_tax") for n in b.note_details)



# --- Medicare premiums two years later (IRMAA) ------------------------------------------------


def _medicare(b):
    return [n for n in b.note_details if n.code == "income.medicare_premiums"]


@pytest.mark.parametrize(
    ("kw", "extra"),
    [
        # 2026's table (the latest): $202.90 standard; above $109,000 single, $284.10 + $14.50 of Part D.
        (dict(age=63, filing_status="single", income=D(95000), balance=D(30000)), "1148.40"),
        # Two tiers up at once: to $171,000-$205,000, $527.50 + $60.40.
        (dict(age=66, filing_status="single", income=D(100000), balance=D(80000)), "4620.00"),
        # A joint return: the joint table ($218,000), and the spouse's age counts.
        (dict(age=50, spouse_age=67, filing_status="married-joint", income=D(200000), balance=D(40000)), "1148.40"),
        # Married filing separately (living together): above $109,000 is already $649.20 + $83.30.
        (dict(age=64, filing_status="married-separate", income=D(100000), balance=D(20000)), "6355.20"),
    ],
)
def test_an_offset_over_a_medicare_income_threshold_says_what_it_adds_to_the_premiums_two_years_on(kw, extra):
    b = run(event="separation", offset_date=dt.date(2026, 6, 1), **kw)
    [note] = _medicare(b)
    assert note.params["premium_year"] == 2028 and note.params["figures_year"] == 2026
    assert note.params["extra"] == D(extra)
    assert "Form SSA-44" in note.text and "the thresholds rise with inflation" in note.text
    separate = [n for n in b.note_details if n.code == "income.medicare_premiums_separate"]
    assert bool(separate) is (kw["filing_status"] == "married-separate")  # the table for spouses living together


@pytest.mark.parametrize(
    "kw",
    [
        dict(age=61, filing_status="single", income=D(95000), balance=D(30000)),  # not on Medicare by 2028
        dict(age=63, filing_status="single", income=D(50000), balance=D(30000)),  # stays under $109,000
        dict(age=63, filing_status="single", income=D(120000), balance=D(5000)),  # stays in the same tier
        dict(age=63, federal_rate=D(22), balance=D(30000)),  # no income given: nothing to compare
        dict(age=63, filing_status="single", income=D(95000), balance=D(30000), rollover=D(30000)),  # all rolled
    ],
)
def test_no_medicare_premium_note_where_the_offset_crosses_no_threshold_or_medicare_is_years_away(kw):
    assert not _medicare(run(event="separation", offset_date=dt.date(2026, 6, 1), **kw))


# --- the earned income credit ------------------------------------------------------------------


def _eitc(b):
    return [n for n in b.note_details if n.code == "income.earned_income_credit"]


@pytest.mark.parametrize(
    ("kw", "most"),
    [
        # 21.06% (IRC 32(b)(1), two or more children) of the whole offset, all below 2025's $61,555.
        (dict(filing_status="head-of-household", income=D(30000), balance=D(8000)), "1684.80"),
        # Only the part below the limit counts: $61,555 - $60,000 = $1,555.
        (dict(filing_status="single", income=D(60000), balance=D(10000)), "327.48"),
        # A joint return: its own limit, $68,675.
        (dict(filing_status="married-joint", income=D(65000), balance=D(10000)), "773.96"),
    ],
)
def test_an_offset_says_how_much_of_the_earned_income_credit_it_can_cost_at_most(kw, most):
    [note] = _eitc(run(offset_date=dt.date(2025, 6, 1), **kw))
    assert note.params["most"] == D(most)
    assert "nothing to earned income (IRC 32(a)(2)(B), 32(c)(2))" in note.text


@pytest.mark.parametrize(
    "kw",
    [
        dict(filing_status="single", income=D(61555), balance=D(10000)),  # already past the credit
        dict(federal_rate=D(12), balance=D(10000)),  # no income given
        dict(filing_status="single", income=D(30000), balance=D(10000), rollover=D(10000)),  # nothing taxed
    ],
)
def test_no_earned_income_credit_note_where_the_credit_is_out_of_reach_or_nothing_is_taxed(kw):
    assert not _eitc(run(offset_date=dt.date(2025, 6, 1), **kw))


@pytest.mark.parametrize(("rate", "rollover", "noted"), [(12, 0, True), (10, 0, True), (22, 0, False), (12, 15000, False)])
def test_a_low_flat_rate_says_the_earned_income_credit_can_shrink_without_a_figure(rate, rollover, noted):
    # Above the 12% bracket no one's AGI is under the credit's limit; below it the income would say how much.
    b = run(balance=D(15000), federal_rate=D(rate), rollover=D(rollover), offset_date=dt.date(2026, 6, 1))
    assert any(n.code == "income.earned_income_credit_flat" for n in b.note_details) is noted
    assert not _eitc(b)


# --- when the tax is due: the notes follow the day the estimate is for ------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # In the offset's year: set aside, the extension can still be filed, withholding can be raised.
        (dt.date(2025, 7, 1), {"withholding.none", "withholding.safe_harbor", "withholding.estimated_installments",
                               "rollover.qplo_deadline"}),
        # The year is over, its return not yet due (April 15, 2026).
        (dt.date(2026, 4, 15), {"withholding.none", "withholding.safe_harbor_past", "rollover.qplo_deadline"}),
        # Past April 15: the tax is late, and an extension can no longer be asked for; the rollover is still open.
        (dt.date(2026, 4, 16), {"withholding.overdue_rollover_open", "withholding.safe_harbor_past",
                                "rollover.qplo_deadline_late"}),
        # Past October 15 too: no rollover note at all.
        (dt.date(2026, 11, 28), {"withholding.overdue", "withholding.safe_harbor_past",
                                 "rollover.deadline_passed_qualified"}),
    ],
)
def test_the_payment_and_extension_notes_follow_the_day_of_the_estimate(today, expected):
    b = run(today=today, balance=D(15000), age=45, offset_date=dt.date(2025, 6, 1))
    codes = {c for c in _codes(b) if c.startswith(("withholding.", "rollover."))}
    assert codes == expected
    assert b.total_tax == D("4800.00")  # the figures never depend on the day


def test_a_late_tax_says_when_it_was_due_and_what_to_do():
    b = run(today=dt.date(2026, 11, 28), balance=D(15000), age=45, offset_date=dt.date(2025, 6, 1))
    [late] = [n for n in b.note_details if n.code == "withholding.overdue"]
    assert late.params["due"] == dt.date(2026, 4, 15) and late.params["total"] == D("4800.00")
    assert "an extension gives more time to file, not to pay" in late.text
    assert "amended return (Form 1040-X)" in late.text and "Interest runs from April 15, 2026" in late.text
    [past] = [n for n in b.note_details if n.code == "withholding.safe_harbor_past"]
    assert "depends on what was paid during 2025" in past.text and "raise" not in past.text


def test_a_due_date_moved_past_emancipation_day_is_the_one_a_late_tax_counts_from():
    # 2027's return: April 15, 2028 is a Saturday and Emancipation Day is observed Monday the 17th, so the 18th.
    on_time = run(today=dt.date(2028, 4, 18), balance=D(15000), offset_date=dt.date(2027, 6, 1))
    late = run(today=dt.date(2028, 4, 19), balance=D(15000), offset_date=dt.date(2027, 6, 1))
    assert "withholding.none" in _codes(on_time) and "withholding.overdue_rollover_open" not in _codes(on_time)
    [note] = [n for n in late.note_details if n.code == "withholding.overdue_rollover_open"]  # open to Oct 16
    assert note.params["due"] == dt.date(2028, 4, 18)


# --- a missed payment said as a month ----------------------------------------------


def test_a_missed_payment_month_is_its_first_day_and_dates_the_cure_period():
    b = run(today=dt.date(2026, 3, 10), balance=D(15000), event="default", missed_payment_date=dt.date(2026, 2, 20),
            missed_payment_month=True)
    assert b.cure_deadline == dt.date(2026, 6, 30) and b.cure_possible and b.tax_year == 2026
    [note] = [n for n in b.note_details if n.code == "distribution.deemed_curable_month"]
    assert note.params["missed_month"] == dt.date(2026, 2, 1)
    assert "the one your first missed payment was due in (February 2026)" in note.text
    ended = run(today=dt.date(2026, 11, 28), balance=D(15000), event="default",
                missed_payment_date=dt.date(2026, 2, 1), missed_payment_month=True)
    [note] = [n for n in ended.note_details if n.code == "distribution.deemed_cure_ended_month"]
    assert note.text.startswith("A payment due in February 2026 could be made up by June 30, 2026 at the latest")


def test_a_missed_payment_month_needs_the_date():
    with pytest.raises(ValidationError, match="missed_payment_month needs a missed_payment_date"):
        run(balance=D(15000), event="default", missed_payment_month=True)


def test_past_april_a_rollover_still_open_is_named_before_the_late_tax():
    b = run(today=dt.date(2026, 6, 1), balance=D(15000), age=45, offset_date=dt.date(2025, 6, 1))
    [note] = [n for n in b.note_details if n.code == "withholding.overdue_rollover_open"]
    assert "Unless you roll it over by October 15, 2026, the $4,800.00 was due with your 2025 return on April 15, 2026" in note.text
    assert "1040-X" not in note.text
    # Rolled over in full: nothing is owed, so no payment note at all.
    done = run(today=dt.date(2026, 6, 1), balance=D(15000), age=45, offset_date=dt.date(2025, 6, 1), rollover=D(15000))
    assert not [c for c in _codes(done) if c.startswith("withholding.")]


# --- estimated payments during the year (IRC 6654) -----------------------------------


def _estimated(b):
    return [n for n in b.note_details if "estimated" in n.code]


def test_income_after_august_is_in_time_as_the_january_installment():
    # The annualized income installment method counts, for each installment, the months ending before its due
    # date: a November offset first counts for the one due January 15 (IRC 6654(d)(2)).
    b = run(today=dt.date(2026, 11, 28), balance=D(15000), age=45, offset_date=dt.date(2026, 11, 27))
    [note] = _estimated(b)
    assert note.code == "withholding.estimated_after_august" and note.params["next"] == dt.date(2027, 1, 15)
    assert note.text.startswith("An estimated payment of this tax by January 15, 2027 (Form 1040-ES), the last "
                                "installment for 2026, is in time")
    # 2027's last installment: January 15, 2028 is a Saturday and the 17th is Martin Luther King Jr. Day.
    later = run(today=dt.date(2027, 9, 1), balance=D(15000), age=45, offset_date=dt.date(2027, 9, 1))
    assert _estimated(later)[0].params["next"] == dt.date(2028, 1, 18)


@pytest.mark.parametrize(
    ("offset", "today", "code", "counting", "pay_by"),
    [
        # Income in March counts from April 15; asked in February, that is the day to pay by.
        (dt.date(2026, 3, 31), dt.date(2026, 2, 1), "withholding.estimated_installments", dt.date(2026, 4, 15),
         dt.date(2026, 4, 15)),
        # April's income first counts on June 15 (the months ending before it: January to May).
        (dt.date(2026, 4, 1), dt.date(2026, 4, 2), "withholding.estimated_installments", dt.date(2026, 6, 15),
         dt.date(2026, 6, 15)),
        # Asked in November about a May offset: that installment has passed, the next is January's.
        (dt.date(2026, 5, 10), dt.date(2026, 11, 28), "withholding.estimated_installments_late",
         dt.date(2026, 6, 15), dt.date(2027, 1, 15)),
    ],
)
def test_estimated_payments_name_the_installment_that_counts_the_income(offset, today, code, counting, pay_by):
    b = run(today=today, balance=D(15000), age=45, offset_date=offset)
    [note] = _estimated(b)
    assert (note.code, note.params["counting"], note.params["next"]) == (code, counting, pay_by)
    assert "April 15, 2026, June 15, 2026, September 15, 2026 and January 15, 2027 (Form 1040-ES)" in note.text


def test_in_early_january_the_years_last_installment_is_still_ahead():
    # The year is over, but its fourth installment is due January 15: a payment by then still counts for it.
    b = run(today=dt.date(2027, 1, 5), balance=D(15000), age=45, offset_date=dt.date(2026, 11, 27))
    codes = _codes(b)
    assert "withholding.safe_harbor_past" in codes and "withholding.estimated_after_august" in codes
    assert _estimated(b)[0].params["next"] == dt.date(2027, 1, 15)
    assert not _estimated(run(today=dt.date(2027, 1, 16), balance=D(15000), age=45, offset_date=dt.date(2026, 11, 27)))


def test_no_estimated_payment_note_once_the_year_is_over_or_nothing_is_owed():
    assert not _estimated(run(today=dt.date(2026, 2, 1), balance=D(15000), age=45, offset_date=dt.date(2025, 11, 1)))
    assert not _estimated(run(today=dt.date(2026, 11, 28), balance=D(15000), age=45,
                              offset_date=dt.date(2026, 11, 27), rollover=D(15000)))


def test_no_estimated_payment_note_for_a_federal_tax_under_1000():
    # Under $1,000 owed at filing there is no underpayment penalty (IRC 6654(e)(1)): setting it aside is enough.
    # The federal tax counts (the 10% included, IRC 6654(f)); a state's tax is paid to the state.
    on = dict(today=dt.date(2026, 11, 28), age=45, offset_date=dt.date(2026, 11, 27))
    small = run(balance=D(3000), federal_rate=D(22), state="CA", state_rate=D("9.3"), **on)
    assert small.federal_income_tax + small.early_withdrawal_penalty == D("960.00") and small.total_tax > 1000
    assert not _estimated(small) and "withholding.safe_harbor" in _codes(small)
    assert _estimated(run(balance=D(3000), federal_rate=D(24), **on))  # $720 + $300: $1,020


def test_a_deemed_distribution_counts_from_the_end_of_its_cure_period():
    # A payment missed in February: deemed on June 30 if not made up, so the September 15 installment counts it.
    b = run(today=dt.date(2026, 3, 10), balance=D(15000), event="default", missed_payment_date=dt.date(2026, 2, 20))
    [note] = _estimated(b)
    assert note.params["counting"] == dt.date(2026, 9, 15) and note.params["next"] == dt.date(2026, 9, 15)
    # Deemed sooner by the plan (a shorter cure period), on April 1: its own day counts, so June 15's installment.
    sooner = run(today=dt.date(2026, 3, 10), balance=D(15000), event="default", missed_payment_date=dt.date(2026, 2, 20),
                 offset_date=dt.date(2026, 4, 1))
    assert _estimated(sooner)[0].params["counting"] == dt.date(2026, 6, 15)
