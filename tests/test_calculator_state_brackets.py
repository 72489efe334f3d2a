"""California's tax on the offset by its own brackets, when the federal tax is worked out by brackets.

Figures checked by hand against FTB's 2025 Tax Rate Schedules (Schedule X, Y, Z), the 2025 Form 540
standard deductions and exemption credits, R&TC 17054.1 (the credits' phase-out) and 17043 (1% above
$1,000,000).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import OffsetInput, estimate
from calculator.data.state_bracket_years import state_bracket_year
from calculator.rules.state_brackets import offset_tax
from calculator.rules.states import has_brackets

CA_2025 = state_bracket_year("CA", 2025)


def ca(**kw):
    kw.setdefault("event", "separation")
    if "birth_date" not in kw:
        kw.setdefault("age", 40)
    kw.setdefault("offset_date", dt.date(2025, 6, 1))
    kw.setdefault("filing_status", "single")
    return estimate(OffsetInput(state="CA", **kw))


def _codes(b) -> list[str]:
    return [n.code for n in b.note_details]


def _note(b, code):
    return next(n for n in b.note_details if n.code == code)


def test_the_rate_schedule_matches_ftbs_own_example():
    # 2025 Tax Rate Schedules: married/RDP filing jointly, taxable income $125,000 -> $4,768.10.
    r = offset_tax(CA_2025, "married-joint", D(0), D(125000) + CA_2025.standard["married-joint"], False, False,
                   D(0), D(0))
    assert r.taxable_after == D(125000) and r.tax_after == D("4768.10")
    assert r.top_rate_pct == D(8)


def test_single_offset_crossing_two_brackets():
    # Taxable 46,294 -> 64,794: 1,312.53 -> 2,567.57; the $153 credit is the same on both sides.
    b = ca(balance=D(18500), income=D(52000))
    assert b.state_income_tax == D("1255.04")
    assert b.state_marginal_rate == D(8) and b.state_brackets_year == 2025
    assert b.state_additional_tax == D("462.50")  # the 2.5% on early distributions, as before
    assert b.total_tax == b.federal_income_tax + b.early_withdrawal_penalty + D("1255.04") + D("462.50")
    note = _note(b, "state.brackets")
    assert note.params["ti_before"] == D(46294) and note.params["ti_after"] == D(64794)
    assert note.params["before"] == D("1312.53") and note.params["after"] == D("2567.57")
    assert "R&TC 17041" in note.text and "lived in California all year" in note.text
    assert "state.tax_table" in _codes(b) and "state.brackets_credits_left_out" in _codes(b)
    assert "state.no_rate" not in _codes(b) and "state.brackets_earlier_year" not in _codes(b)


def test_crossing_the_renters_credit_limit_is_said():
    # California AGI 52,000 -> 70,500 crosses $53,994: the $60 renter's credit ends (a cliff, R&TC 17053.5).
    note = _note(ca(balance=D(18500), income=D(52000)), "state.renters_credit")
    assert note.params["limit"] == D(53994) and note.params["amount"] == D(60) and "R&TC 17053.5" in note.text
    assert "state.renters_credit" not in _codes(ca(balance=D(18500), income=D(60000)))  # already above it
    joint = _note(ca(balance=D(20000), income=D(90000), filing_status="married-joint"), "state.renters_credit")
    assert joint.params["limit"] == D(107987) and joint.params["amount"] == D(120)


def test_unemployment_benefits_are_said_to_be_left_out_of_california_income():
    note = _note(ca(balance=D(18500), income=D(52000)), "state.unemployment_not_taxed")
    assert "R&TC 17083" in note.text
    assert "state.unemployment_not_taxed" not in _codes(ca(balance=D(18500), income=D(0)))  # no other income


def test_credits_cannot_take_the_tax_below_zero():
    # Without the offset: 1% of 4,294 = 42.94, under the $153 credit, so nothing is owed. With it: taxable
    # 22,794 -> 110.79 + 2% of 11,715 = 345.09, less 153 = 192.09.
    b = ca(balance=D(18500), income=D(10000))
    assert b.state_income_tax == D("192.09")
    # From 65 a senior credit doubles them (R&TC 17054(c)).
    assert ca(balance=D(18500), income=D(10000), age=70).state_income_tax == D("39.09")


def test_the_offset_can_shrink_the_exemption_credits():
    # Federal AGI 250,000 -> 268,500: 16,297 above $252,203 is 7 steps of $2,500 (or part), $42 off the credit.
    b = ca(balance=D(18500), income=D(250000))
    assert b.state_income_tax == D("1762.50")  # 9.3% of 18,500 = 1,720.50, plus the $42 of credit lost
    note = _note(b, "state.exemption_phaseout")
    assert note.params["before"] == D(153) and note.params["after"] == D(111)
    assert "R&TC 17054.1" in note.text
    # Married filing separately: steps of $1,250, so 14 of them.
    separate = ca(balance=D(18500), income=D(250000), filing_status="married-separate")
    assert separate.state_income_tax == D("1804.50")


def test_a_joint_return_counts_two_personal_credits_and_each_spouse_from_65():
    young = offset_tax(CA_2025, "married-joint", D(0), D(20000), False, False, D(0), D(20000))
    assert young.credits_after == D(306) and young.tax == D(0)  # taxable 8,588: 85.88, under the credits
    both = offset_tax(CA_2025, "married-joint", D(0), D(20000), True, True, D(0), D(20000))
    assert both.credits_after == D(612)
    separate = offset_tax(CA_2025, "married-separate", D(0), D(20000), True, True, D(0), D(20000))
    assert separate.credits_after == D(306)  # the spouse's senior credit is on the spouse's own return


def test_head_of_household_uses_schedule_z():
    # Taxable 98,990 is the top of Schedule Z's 8% bracket: 221.73 + 607.14 + 607.44 + 965.34 + 1,214.80.
    r = offset_tax(CA_2025, "head-of-household", D(0), D(98990) + D(11412), False, False, D(0), D(110402))
    assert r.tax_after == D("3616.45") and r.top_rate_pct == D(8)


def test_above_a_million_the_behavioral_health_services_tax_is_added():
    b = ca(balance=D(18500), income=D(1040000), filing_status="married-joint")
    assert b.state_income_tax == D("2275.50")  # 2,090.50 by the schedule plus 1% of the 18,500
    assert b.state_marginal_rate == D("12.3")  # 11.3% + 1%
    note = _note(b, "state.surtax")
    assert note.params["amount"] == D(185) and "R&TC 17043" in note.text


def test_social_security_is_not_california_income_but_counts_in_the_agi_the_phaseout_reads():
    # 85% of 40,000 taxable federally puts federal AGI at 274,000, above $252,203: the credit is reduced.
    b = ca(balance=D(10000), income=D(240000), social_security=D(40000), age=70)
    note = _note(b, "state.brackets")
    assert note.params["ti_before"] == D(240000) - D(5706)  # no benefits in California taxable income
    phase = _note(b, "state.exemption_phaseout")
    assert phase.params["before"] < D(306)


def test_a_2026_offset_uses_the_2025_figures_as_ftbs_2026_form_540_es_does():
    b = ca(balance=D(18500), income=D(52000), offset_date=dt.date(2026, 11, 20))
    assert b.tax_year == 2026 and b.state_brackets_year == 2025
    assert b.state_income_tax == D("1255.04")
    assert "Form 540-ES" in _note(b, "state.brackets_earlier_year").text
    assert has_brackets("ca", 2026) and not has_brackets("CA", 2027) and not has_brackets("NY", 2025)


def test_a_given_rate_or_a_flat_federal_rate_keeps_the_rate():
    given = ca(balance=D(18500), income=D(52000), state_rate=D("9.3"))
    assert given.state_income_tax == D("1720.50") and given.state_brackets_year is None
    assert given.state_marginal_rate == D("9.3")
    flat = estimate(OffsetInput(balance=D(18500), age=40, event="separation", offset_date=dt.date(2025, 6, 1),
                                federal_rate=D(22), state="CA"))
    assert flat.state_income_tax == 0 and flat.state_brackets_year is None
    assert "or your filing status and income" in _note(flat, "state.no_rate_brackets").text


def test_nothing_taxable_means_no_state_tax_and_no_bracket():
    b = ca(balance=D(18500), income=D(52000), rollover=D(18500))
    assert b.state_income_tax == 0 and b.state_marginal_rate is None and b.state_brackets_year == 2025


def test_64_with_an_age_alone_and_the_phaseout_leaves_the_birthday_open():
    # A 65th birthday by December 31 adds a senior credit, which the phase-out shrinks too.
    b = ca(balance=D(18500), income=D(250000), age=64)
    assert b.birthday_would_change
    assert ca(balance=D(18500), income=D(250000), birth_date=dt.date(1960, 12, 31)).state_income_tax == D("1804.50")
    assert ca(balance=D(18500), income=D(250000), birth_date=dt.date(1961, 1, 2)).state_income_tax == D("1762.50")


_PROFILE = settings(max_examples=200, derandomize=True, deadline=None)


@_PROFILE
@given(
    status=st.sampled_from(sorted(CA_2025.tables)),
    income=st.decimals(min_value=D(0), max_value=D(2_000_000), places=2),
    offset=st.decimals(min_value=D(0), max_value=D(300_000), places=2),
    more=st.decimals(min_value=D("0.01"), max_value=D(50_000), places=2),
    self_65=st.booleans(),
    spouse_65=st.booleans(),
)
def test_more_offset_never_costs_less_and_never_more_than_the_top_rate_and_the_credits(
    status, income, offset, more, self_65, spouse_65
):
    def run(amount: D):
        return offset_tax(CA_2025, status, income, amount, self_65, spouse_65, income, income + amount)

    low, high = run(offset), run(offset + more)
    assert D(0) <= low.tax <= high.tax
    # At most 13.3% of it (12.3% and the 1%), plus the credits the offset can take away.
    assert high.tax <= ((offset + more) * D("0.133")).quantize(D("0.01")) + high.credits_before + D("0.01")
