"""Cross-check of the 2025 bracket math against an independent engine (tenforty).

tenforty follows Form 1040, which uses the IRS Tax Table ($50 rows, tax at the
row's midpoint) below $100,000 of taxable income, so a few dollars apart is fine.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from calculator.data.federal_years import federal_year
from calculator.data.state_bracket_years import state_bracket_year
from calculator.models import FilingStatus
from calculator.rules.federal import offset_tax

tenforty = pytest.importorskip("tenforty")

STATUS = {
    FilingStatus.SINGLE: "Single",
    FilingStatus.MARRIED_JOINT: "Married/Joint",
    FilingStatus.MARRIED_SEPARATE: "Married/Sep",
    FilingStatus.HEAD_OF_HOUSEHOLD: "Head_of_House",
    FilingStatus.QUALIFYING_SURVIVING_SPOUSE: "Widow(er)",
}


@pytest.mark.parametrize("status", list(STATUS))
@pytest.mark.parametrize(("wages", "offset"), [(60000, 20000), (30000, 5000), (120000, 40000), (250000, 50000)])
def test_2025_matches_tenforty(status, wages, offset):
    try:
        before = tenforty.evaluate_return(year=2025, filing_status=STATUS[status], w2_income=wages)
        after = tenforty.evaluate_return(year=2025, filing_status=STATUS[status], w2_income=wages + offset)
    except Exception as exc:  # an engine problem is not ours to judge
        pytest.skip(f"tenforty could not compute: {exc}")
    r = offset_tax(federal_year(2025), status, D(wages), D(offset), False, False)
    assert abs(r.tax_before - D(str(before.federal_income_tax))) <= 7
    assert abs(r.tax_after - D(str(after.federal_income_tax))) <= 7
    assert abs(r.tax - D(str(after.federal_income_tax - before.federal_income_tax))) <= 14


def _ca_total(state_bracket, status, income):  # noqa: ANN001, ANN202
    """Our California tax on wages alone, schedule less credits (with their phase-out), without the 1% above
    $1,000,000: tenforty's `state_total_tax` leaves that line (Form 540 line 62) out."""
    r = state_bracket.offset_tax(state_bracket_year("CA", 2025), status.value, D(income), D(0), False, False,
                                 D(income), D(income))
    return max(D(0), r.tax_before - r.credits_before)


@pytest.mark.parametrize("status", list(STATUS))
@pytest.mark.parametrize(("wages", "offset"), [(60000, 20000), (30000, 5000), (240000, 40000), (1000000, 50000)])
def test_2025_california_matches_tenforty(status, wages, offset):
    # tenforty's California return (OpenTaxSolver's Form 540): the tax table below $100,000 of taxable income
    # and whole dollars, so a few dollars apart is fine. 240,000 + 40,000 crosses the credits' phase-out; above
    # $1,000,000 the 1% surtax is compared by our own tests, not here.
    from calculator.rules import state_brackets

    try:
        before = tenforty.evaluate_return(year=2025, state="CA", filing_status=STATUS[status], w2_income=wages)
        after = tenforty.evaluate_return(year=2025, state="CA", filing_status=STATUS[status], w2_income=wages + offset)
    except Exception as exc:  # an engine problem is not ours to judge
        pytest.skip(f"tenforty could not compute California: {exc}")
    ours_before, ours_after = _ca_total(state_brackets, status, wages), _ca_total(state_brackets, status, wages + offset)
    assert abs(ours_before - D(str(before.state_total_tax))) <= 7
    assert abs(ours_after - D(str(after.state_total_tax))) <= 7
    r = state_brackets.offset_tax(state_bracket_year("CA", 2025), status.value, D(wages), D(offset), False, False,
                                  D(wages), D(wages + offset))
    assert r.tax == ours_after - ours_before + r.surtax_after - r.surtax_before


@pytest.mark.parametrize("state", ["NC", "PA", "AZ"])
def test_2025_rates_set_by_law_match_tenforty(state):
    # The one rate these states' laws set on all income (states.json, used when no rate is given) is what
    # tenforty's returns charge on $10,000 more of wages.
    from calculator.rules.states import statutory_rate

    try:
        before = tenforty.evaluate_return(year=2025, state=state, filing_status="Single", w2_income=60000)
        after = tenforty.evaluate_return(year=2025, state=state, filing_status="Single", w2_income=70000)
    except Exception as exc:  # an engine problem is not ours to judge
        pytest.skip(f"tenforty could not compute {state}: {exc}")
    charged = D(str(after.state_total_tax)) - D(str(before.state_total_tax))
    assert abs(charged - statutory_rate(state, 2025) * 100) <= 1  # percent of $10,000
