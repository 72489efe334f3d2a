"""The /faq topics: short, sourced answers to what people ask in money groups (issue #4).

Each topic has a stable id (a Telegram command name and the tail of its button
data), a button label, an answer that fits a phone screen, and the sources it
rests on, printed under it. Strings are English, marked `N_` here and translated
with the person's `Texts` where they are shown (see conversations/replies/faq.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations.i18n import N_

__all__ = ["TOPICS", "Topic"]


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label: str  # N_-marked
    body: str  # N_-marked
    sources: tuple[str, ...]  # each N_-marked


TOPICS: tuple[Topic, ...] = (
    Topic(
        id="offset",
        label=N_("What is a loan offset?"),
        body=N_(
            "A loan offset happens when you leave your job (or the plan ends, or you take a payout) "
            "with a 401(k) loan unpaid: the plan takes the balance out of your account to pay the loan off.\n"
            "No cash reaches you, but the IRS treats the amount as paid to you. It is income for that year "
            "(for a Roth part, at most its earnings), plus 10% of the taxable part if you are under 59½ "
            "and no exception applies. Form 1099-R reports it; code M means a qualified plan loan offset.\n"
            "You can avoid the tax: before the offset, by paying the loan off if the plan lets you; after it, "
            "by putting the same amount of your own cash into an IRA or a new plan "
            "by the deadline (/deadline). Any part you put back is not taxed."
        ),
        sources=(
            N_("Treas. Reg. 1.72(p)-1 Q&A-13"),
            N_("IRC 402(c)(3)(C); Treas. Reg. 1.402(c)-3"),
            N_("IRC 72(t)(1)"),
            N_("Form 1099-R instructions (box 7)"),
        ),
    ),
    Topic(
        id="deemed",
        label=N_("Offset vs deemed distribution"),
        body=N_(
            "Offset: your account is reduced to pay off the loan, usually after you leave. "
            "The loan is gone, and you can roll the amount over to avoid the tax.\n"
            "Deemed distribution: typically while you still work there, you miss a payment and don't catch up "
            "within the plan's cure period (at most to the end of the next calendar quarter), "
            "or the loan broke the legal limits. The unpaid balance with accrued interest is taxed "
            "(plus 10% under 59½), it cannot be rolled over, and you still owe the loan. "
            "Later repayments become after-tax basis, so they are not taxed again. "
            "Form 1099-R code L."
        ),
        sources=(
            N_("IRC 72(p)"),
            N_("Treas. Reg. 1.72(p)-1 Q&A-4, Q&A-10–13, Q&A-19, Q&A-21"),
            N_("Treas. Reg. 1.402(c)-2 Q&A-4(d)"),
        ),
    ),
    Topic(
        id="deadline",
        label=N_("Rollover deadline"),
        body=N_(
            "Qualified plan loan offset (1099-R code M: the plan ended, or you left and the offset came "
            "within 12 months after, the loan still in good standing): until your tax return due date with extensions for the year of the "
            "offset — normally October 15 of the year after the offset, moved to the next business day "
            "if it falls on a weekend or D.C. holiday.\n"
            "Any other loan offset: 60 days, counted from the day after the offset "
            "(offset June 30 → day 60 is August 29). Don't count on a weekend extending it. "
            "A missed 60 days can sometimes be waived by self-certification.\n"
            "A deemed distribution can't be rolled over at all."
        ),
        sources=(
            N_("IRC 402(c)(3)(A), (C); Treas. Reg. 1.402(c)-3"),
            N_("IRC 7503; Treas. Reg. 301.7503-1"),
            N_("IRS Pub. 590-A"),
            N_("Rev. Proc. 2020-46"),
        ),
    ),
    Topic(
        id="rollover",
        label=N_("How to roll over an offset"),
        body=N_(
            "1. Take the offset amount from Form 1099-R or your final plan statement.\n"
            "2. Use a traditional IRA (or a new employer's plan that accepts rollovers). "
            "A Roth 401(k) part goes to a Roth IRA or Roth account.\n"
            "3. Before the deadline (/deadline), deposit that much of your own cash and tell the custodian "
            "it is a rollover contribution — not a yearly contribution, so no annual limit.\n"
            "4. On Form 1040 put the whole amount on line 5a, only what you did not roll over on 5b, "
            "and write \"Rollover\" next to it.\n"
            "Rolling over part is fine: only the rest is taxed, and the 10% applies only to that rest."
        ),
        sources=(
            N_("IRC 402(c)(1), (3); Treas. Reg. 1.402(c)-2 Q&A-9"),
            N_("Treas. Reg. 1.402(c)-3"),
            N_("Form 1040 instructions, lines 5a–5b"),
        ),
    ),
    Topic(
        id="form1099r",
        label=N_("Reading your Form 1099-R"),
        body=N_(
            "Box 1: what the plan treats as paid to you, the offset included; box 2a: the taxable part of it. "
            "Box 4: tax withheld, usually $0 for a pure offset.\n"
            "Box 7 has one or two codes:\n"
            "M: a qualified plan loan offset, which you can roll over until your return's due date with "
            "extensions (/deadline).\n"
            "L: a loan treated as a distribution (a deemed distribution): no rollover (/deemed).\n"
            "1: before 59½, no known exception, so the 10% may apply; 2: before 59½, an exception applies; "
            "7: normal (59½ or older).\n"
            "An offset coded 1, 2 or 7 without M is a plain one: 60 days to roll it over.\n"
            "In an estimate, send box 1 with the code, e.g. \"box 1 12000 code M1\"."
        ),
        sources=(
            N_("Instructions for Forms 1099-R and 5498, box 7 distribution codes"),
            N_("IRC 402(c)(3); Treas. Reg. 1.402(c)-3"),
        ),
    ),
    Topic(
        id="rule55",
        label=N_("Rule of 55"),
        body=N_(
            "No 10% additional tax on money from an employer's plan if you left that employer during or after "
            "the calendar year you turn 55 (50, or 25 years of service under the plan, for qualified public "
            "safety employees).\n"
            "Only the plan of the employer you separated from — never IRAs. Money rolled to an IRA loses it.\n"
            "Leaving in an earlier year doesn't qualify, even if the offset comes after you turn 55.\n"
            "Example: born in November 1970, left in March 2025 at 54 → qualifies, because you turn 55 in 2025.\n"
            "It removes only the 10%: the offset is still taxed as income."
        ),
        sources=(
            N_("IRC 72(t)(2)(A)(v), 72(t)(3)(A), 72(t)(10)"),
            N_("IRS Notice 87-13 Q&A-20"),
        ),
    ),
    Topic(
        id="penalty",
        label=N_("The 10% and its exceptions"),
        body=N_(
            "Before 59½ (59 years and 6 months after your birth date), an offset or deemed distribution costs "
            "10% of the taxable part on top of income tax; what you roll over is not taxable. "
            "California adds 2.5% (on $5,000: $500 federal + $125 California).\n"
            "Exceptions for 401(k)s: leaving in or after the year you turn 55 (/rule55), death, disability, "
            "terminal illness, IRS levy, reservist call-up, birth or adoption (up to $5,000), emergency "
            "(up to $1,000 a year), domestic abuse, disaster, medical costs above 7.5% of AGI. "
            "Whether the spending-based ones can cover an offset is unsettled. "
            "IRA-only ones (first home, education) don't apply."
        ),
        sources=(
            N_("IRC 72(t)(1), 72(t)(2), 72(t)(10)"),
            N_("Form 5329 instructions"),
            N_("Cal. Rev. & Tax. Code 17085; FTB Form 3805P"),
        ),
    ),
    Topic(
        id="withholding",
        label=N_("Why was nothing withheld?"),
        body=N_(
            "The 20% withholding can't be more than the cash (and property) actually paid to you. A pure offset "
            "pays no cash, so nothing is withheld, but the tax is still due. If cash was paid too, the 20% is "
            "figured on cash plus offset and taken from the cash.\n"
            "Set the money aside, raise your withholding (Form W-4; it counts as paid evenly through the year) "
            "or make an estimated payment (Form 1040-ES: due Apr 15, Jun 15, Sep 15, Jan 15; for an offset after "
            "August, by the annualized method, Jan 15 is in time). No underpayment penalty if you owe under $1,000, "
            "or paid 90% of this year's tax or 100% of last year's (110% above $150,000 AGI)."
        ),
        sources=(
            N_("IRC 3405(c), 3405(e)(8); Treas. Reg. 31.3405(c)-1 Q&A-11"),
            N_("IRC 6654(c)(2), (d), (e)(1), (g)"),
            N_("Form 2210 instructions"),
        ),
    ),
)
