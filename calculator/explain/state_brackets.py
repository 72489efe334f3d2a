"""A state's tax by its own brackets in plain words (California): the schedules, the credits and their
phase-out, the surtax, and what the estimate leaves out."""

from __future__ import annotations

from calculator.data.state_bracket_years import StateBracketYear, state_bracket_year
from calculator.explain.notes import N_, fixed_note
from calculator.rules.state_brackets import StateBracketResult


def bracket_notes(state: str, name: str, tax_year: int, r: StateBracketResult, add) -> None:  # noqa: ANN001
    """How the tax by the state's own brackets came out (California)."""
    t = state_bracket_year(state, tax_year)
    assert t is not None  # the estimate used them
    add((
        "state.brackets",
        N_("{state} income tax by its {figures_year} tax rate schedules ({cite}): after its standard deduction of "
           "{deduction}, your {state} taxable income goes from {ti_before} to {ti_after} and the tax on it from "
           "{before} to {after}. With exemption credits of {credits} (they cannot take the tax below zero), the "
           "offset adds {tax}. This assumes you lived in {state} all year and take its standard deduction; "
           "itemizing lowers your taxable income and can put the offset in a lower bracket."),
        {"state": name, "figures_year": t.figures_year, "cite": t.cite, "deduction": r.deduction,
         "ti_before": r.taxable_before, "ti_after": r.taxable_after, "before": r.tax_before, "after": r.tax_after,
         "credits": r.credits_after, "tax": r.tax},
    ))
    if t.estimated_by is not None:
        add(fixed_note(
            "state.brackets_earlier_year",
            N_("{state} has not published its {tax_year} brackets yet: these are its {figures_year} figures, which "
               "its own {tax_year} estimated-tax worksheet ({form}) uses too. Its {tax_year} brackets will be a "
               "little higher for inflation, so the tax may come out a little lower."),
            state=name, tax_year=tax_year, figures_year=t.figures_year, form=t.estimate_form,
        ))
    if r.credits_after < r.credits_before:
        add((
            "state.exemption_phaseout",
            N_("Above {start} of federal AGI {state} reduces each exemption credit by {per_step} for each {step} "
               "or part of it ({cite}): the offset cuts your credits from {before} to {after}, which is "
               "included."),
            {"start": t.phaseout_start[r.status], "state": name, "per_step": t.phaseout_per_step, "cite": t.phaseout_cite,
             "step": t.phaseout_step[r.status], "before": r.credits_before, "after": r.credits_after},
        ))
    if r.surtax_after > r.surtax_before:
        add((
            "state.surtax",
            N_("{state} adds {rate_pct} on taxable income above {threshold} ({surtax}, {cite}): {amount} of it, "
               "included."),
            {"state": name, "rate_pct": t.surtax_rate_pct, "threshold": t.surtax_threshold, "surtax": t.surtax_name,
             "cite": t.surtax_cite, "amount": r.surtax_after - r.surtax_before},
        ))
    _left_out(name, t, r, add)


def _left_out(name: str, t: StateBracketYear, r: StateBracketResult, add) -> None:  # noqa: ANN001
    """What the state's brackets alone do not show: benefits it does not tax, a renter's credit lost, its tax
    table, and the credits not asked for."""
    if t.exempt_unemployment_cite is not None and r.income_before > 0:
        # Laid off: unemployment benefits are often part of "other income", and the state leaves them out.
        add(fixed_note(
            "state.unemployment_not_taxed",
            N_("{state} does not tax unemployment benefits ({cite}): if your other income includes them, your "
               "{state} taxable income is that much lower, and the offset may fall in a lower bracket."),
            state=name, cite=t.exempt_unemployment_cite,
        ))
    renters = t.renters_credit.get(r.status)
    if renters is not None and r.income_before <= renters[1] < r.income_after:
        add((
            "state.renters_credit",
            N_("If you rent your home in {state}: the offset takes your {state} AGI from {before} to {after}, "
               "above {limit}, which ends its {amount} renter's credit ({cite}). That credit is not in this estimate, "
               "so a renter pays up to {amount} more."),
            {"state": name, "before": r.income_before, "after": r.income_after, "limit": renters[1],
             "amount": renters[0], "cite": t.renters_credit_cite},
        ))
    if t.tax_table_limit is not None and 0 < r.taxable_after <= t.tax_table_limit:
        add(fixed_note(
            "state.tax_table",
            N_("This uses {state}'s rate formula; at {limit} of taxable income or less its return uses a tax "
               "table, so the return can differ by a few dollars."),
            state=name, limit=t.tax_table_limit,
        ))
    add(fixed_note(
        "state.brackets_credits_left_out",
        N_("Credits for dependents and {state}'s other credits are left out: if they are more than your {state} "
           "tax without the offset, the offset costs less."),
        state=name,
    ))
