"""Rollover deadlines: IRC 7503 business days and the 60-day count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from calculator import OffsetInput, estimate
from calculator.rules.deadlines import (
    cure_period_end,
    estimated_tax_due_dates,
    extended_due_date,
    first_installment_counting,
    next_business_day,
    return_due_date,
    sixty_day_deadline,
)


@pytest.mark.parametrize(
    ("tax_year", "due"),
    [
        (2021, dt.date(2022, 10, 17)),  # Oct 15 2022 is a Saturday
        (2022, dt.date(2023, 10, 16)),  # Sunday
        (2024, dt.date(2025, 10, 15)),  # Wednesday
        (2027, dt.date(2028, 10, 16)),  # Sunday
        (2032, dt.date(2033, 10, 17)),  # Saturday
    ],
)
def test_extended_due_date(tax_year, due):
    statutory, moved = extended_due_date(tax_year)
    assert statutory == dt.date(tax_year + 1, 10, 15)
    assert moved == due


@pytest.mark.parametrize(
    ("tax_year", "due"),
    [
        (2021, dt.date(2022, 4, 18)),  # Fri Apr 15 2022 was Emancipation Day observed
        (2022, dt.date(2023, 4, 18)),  # Sat; Mon Apr 17 Emancipation Day observed
        (2024, dt.date(2025, 4, 15)),
        (2027, dt.date(2028, 4, 18)),  # Sat; Mon Apr 17 Emancipation Day observed
    ],
)
def test_return_due_date(tax_year, due):
    assert return_due_date(tax_year) == due


@pytest.mark.parametrize(
    ("tax_year", "moved"),
    [
        (2026, (dt.date(2026, 4, 15), dt.date(2026, 6, 15), dt.date(2026, 9, 15), dt.date(2027, 1, 15))),
        # Sat April 15, 2028 → Emancipation Day observed Mon 17th → 18th; Sat Jan 15, 2028 → MLK Day 17th → 18th;
        # Sun Jan 15, 2029 → 16th.
        (2027, (dt.date(2027, 4, 15), dt.date(2027, 6, 15), dt.date(2027, 9, 15), dt.date(2028, 1, 18))),
        (2028, (dt.date(2028, 4, 18), dt.date(2028, 6, 15), dt.date(2028, 9, 15), dt.date(2029, 1, 16))),
    ],
)
def test_estimated_tax_installments_are_moved_like_the_return(tax_year, moved):
    assert tuple(m for _s, m in estimated_tax_due_dates(tax_year)) == moved


@pytest.mark.parametrize(
    ("day", "counting"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 4, 15)),
        (dt.date(2026, 3, 31), dt.date(2026, 4, 15)),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 15)),  # April ends after April 15
        (dt.date(2026, 5, 31), dt.date(2026, 6, 15)),
        (dt.date(2026, 8, 31), dt.date(2026, 9, 15)),
        (dt.date(2026, 9, 1), dt.date(2027, 1, 15)),
        (dt.date(2026, 12, 31), dt.date(2027, 1, 15)),
    ],
)
def test_the_first_installment_counting_a_day_is_the_first_whose_months_include_it(day, counting):
    assert first_installment_counting(day) == counting


def test_dc_holidays_count_as_non_business_days():
    assert next_business_day(dt.date(2025, 1, 20)) == dt.date(2025, 1, 21)  # Inauguration + MLK
    assert next_business_day(dt.date(2023, 4, 17)) == dt.date(2023, 4, 18)


def test_sixty_days_count_from_the_day_after_and_do_not_move():
    assert sixty_day_deadline(dt.date(2025, 6, 30)) == dt.date(2025, 8, 29)  # Pub. 590-A example
    assert sixty_day_deadline(dt.date(2025, 7, 1)) == dt.date(2025, 8, 30)  # a Saturday, kept


def test_sixty_day_weekend_note():
    b = estimate(
        OffsetInput(balance=D(1000), age=40, event="separation", separation_date=dt.date(2024, 1, 1),
                    offset_date=dt.date(2025, 7, 1), federal_rate=D(22)),
        today=dt.date(2025, 7, 2),
    )
    assert b.rollover_deadline == dt.date(2025, 8, 30)
    assert any("Saturday" in n for n in b.notes)


def test_qplo_deadline_through_estimate():
    b = estimate(
        OffsetInput(balance=D(1000), age=40, event="plan-termination", offset_date=dt.date(2027, 3, 1),
                    federal_rate=D(22)),
        today=dt.date(2028, 10, 16),
    )
    assert b.rollover_deadline == dt.date(2028, 10, 16) and b.rollover_eligible
    late = estimate(
        OffsetInput(balance=D(1000), age=40, event="plan-termination", offset_date=dt.date(2027, 3, 1),
                    federal_rate=D(22)),
        today=dt.date(2028, 10, 17),
    )
    assert not late.rollover_eligible


@pytest.mark.parametrize(
    ("missed", "end"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),  # Q1 -> end of Q2
        (dt.date(2025, 2, 2), dt.date(2025, 6, 30)),
        (dt.date(2026, 3, 31), dt.date(2026, 6, 30)),
        (dt.date(2026, 4, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 8, 15), dt.date(2026, 12, 31)),
        (dt.date(2026, 10, 1), dt.date(2027, 3, 31)),  # Q4 -> the next year's Q1: a later tax year
        (dt.date(2026, 12, 31), dt.date(2027, 3, 31)),
    ],
)
def test_cure_period_ends_with_the_quarter_after_the_missed_payment(missed, end):
    # Treas. Reg. 1.72(p)-1 Q&A-10(a); not moved for weekends (Jun 30 2024 was a Sunday, say).
    assert cure_period_end(missed) == end


def test_cure_period_end_is_not_moved_for_a_weekend():
    assert cure_period_end(dt.date(2024, 5, 1)) == dt.date(2024, 9, 30)
    assert cure_period_end(dt.date(2024, 2, 1)) == dt.date(2024, 6, 30)  # a Sunday


def test_a_missed_payment_dates_the_deemed_distribution_at_the_end_of_the_cure_period():
    inp = OffsetInput(balance=D(8000), age=40, event="default", missed_payment_date=dt.date(2026, 11, 2),
                      federal_rate=D(22))  # fmt: skip
    assert inp.offset_date == dt.date(2027, 3, 31)
    before = estimate(inp, today=dt.date(2026, 11, 28))
    assert before.tax_year == 2027 and before.cure_deadline == dt.date(2027, 3, 31) and before.cure_possible
    assert before.note_details[1].code == "distribution.deemed_curable"
    after = estimate(inp, today=dt.date(2027, 4, 1))
    assert not after.cure_possible and after.note_details[1].code == "distribution.deemed_cure_ended"
    # The figures do not change with the cure: they are what an uncured default costs.
    assert before.total_tax == after.total_tax == D("2560.00")
    # A plan with a shorter cure period deems it earlier; the date given is kept.
    shorter = OffsetInput(balance=D(8000), age=40, event="default", missed_payment_date=dt.date(2026, 11, 2),
                          offset_date=dt.date(2026, 12, 31), federal_rate=D(22))  # fmt: skip
    assert estimate(shorter).tax_year == 2026
    # Without a missed payment date: today, and the general cure advice.
    plain = estimate(OffsetInput(balance=D(8000), age=40, event="default", federal_rate=D(22)))
    assert plain.cure_deadline is None and not plain.cure_possible
    assert "distribution.deemed_cure_unknown" in [n.code for n in plain.note_details]
