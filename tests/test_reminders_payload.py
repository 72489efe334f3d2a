"""`ReminderPayload`: a reminder's amount and kind of deadline as named fields, stored as the JSON object of old."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conversations.reminders.payload import CURE, PAYMENT, ReminderPayload


@pytest.mark.parametrize(
    "stored",
    [
        # What releases before the redesign wrote (tests/fixtures/v1_state.sqlite3 holds the first two).
        {"amount": "15000.00", "distribution_type": "qualified_plan_loan_offset"},
        {"amount": "4800.00", "distribution_type": "estimated_tax", "avoided_by": "rollover"},
        {"amount": "320", "distribution_type": "estimated_tax", "avoided_by": "cure", "return_year": 2025},
        {"distribution_type": "deemed_distribution"},  # a group's: no amount
        {},  # cancelled: blanked
    ],
)
def test_stored_json_reads_back_and_writes_the_same(stored: dict) -> None:
    assert ReminderPayload.from_json(stored).to_json() == stored


def test_named_fields() -> None:
    payment = ReminderPayload.from_json({"amount": "320", "distribution_type": PAYMENT, "return_year": 2025})
    assert payment == ReminderPayload(Decimal("320"), PAYMENT, None, 2025)
    assert payment.is_payment and not payment.is_cure
    assert ReminderPayload(distribution_type=CURE).is_cure
    assert not ReminderPayload().is_payment


@pytest.mark.parametrize(
    "stored",
    [
        {"amount": "NaN"},
        {"amount": "-5"},
        {"amount": "0"},
        {"amount": "not a number"},
        {"amount": None, "return_year": "soon"},
        {"distribution_type": 7, "avoided_by": ["rollover"], "return_year": True},
    ],
)
def test_what_cannot_be_used_is_left_out(stored: dict) -> None:
    assert ReminderPayload.from_json(stored) == ReminderPayload()


def test_a_year_stored_as_text_still_reads() -> None:
    assert ReminderPayload.from_json({"return_year": "2025"}).return_year == 2025
