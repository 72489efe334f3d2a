"""Cross-check of the 2025 bracket math against an independent engine (tenforty).

tenforty follows Form 1040, which uses the IRS Tax Table ($50 rows, tax at the
row's midpoint) below $100,000 of taxable income, so a few dollars apart is fine.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from calculator.federal import offset_tax
from calculator.models import FilingStatus
from calculator.parameters import federal_year

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
