"""What the calculator gives back: the Breakdown of one estimate and the Notes explaining it.

Both are built by the calculator from values it already worked out, without
pydantic's validation (`trusted`, `new_breakdown`): they are built tens of
thousands of times a second.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field

from calculator.english import render
from calculator.models.enums import DistributionType

NoteParam = Decimal | dt.date | int | str


class Note(BaseModel):
    """One rule that applied, explained in plain words.

    `template` is an English sentence with `{name}` placeholders, marked for
    translation with `N_` so gettext can extract it; `params` fill it. The
    calculator renders it in English (`text`); a front end may translate the
    template and format the params for the person's locale instead (Decimal
    params are US dollars unless the name ends in `_pct`).

    `text` is rendered on first read and kept: the chat translates the
    template instead, and formatting every param in English cost more than
    all the rules together. It is still part of `model_dump()` and the JSON.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    template: str
    params: dict[str, NoteParam] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def text(self) -> str:
        return render(self.template, self.params)


class Breakdown(BaseModel):
    """The tax cost of one offset, item by item, with the rules that applied.

    Money is in USD, rounded to cents (ROUND_HALF_UP); `effective_rate` is a
    percent with two decimals.
    """

    model_config = ConfigDict(frozen=True)

    distribution_type: DistributionType
    form_1099r_code: str
    rollover_eligible: bool
    rollover_deadline: dt.date | None
    offset_amount: Decimal
    rolled_over: Decimal
    taxable_amount: Decimal
    federal_income_tax: Decimal
    federal_marginal_rate: Decimal | None = Field(
        default=None, description="Top bracket the offset reaches (bracket mode), or the rate given."
    )
    early_withdrawal_penalty: Decimal
    penalty_exception: str | None
    state_income_tax: Decimal
    state_additional_tax: Decimal
    total_tax: Decimal
    effective_rate: Decimal
    withholding: Decimal
    set_aside: Decimal
    retirement_value_lost: Decimal
    years_to_retirement: int
    tax_year: int
    birthday_would_change: bool = Field(
        default=False, description="With an age alone, the answer depends on the birthday (59½, 55/50 at separation, 65)."
    )
    separation_date_would_change: bool = Field(
        default=False,
        description="No separation date given: leaving the year before the offset (still within 12 months) "
        "would change the 10% (the rule of 55, or 50 for public safety).",
    )
    loan_still_owed: bool = Field(default=False, description="Deemed distribution: the loan must still be repaid.")
    cure_deadline: dt.date | None = Field(
        default=None,
        description="With a missed payment date: the last day the missed payments can be made up, at the longest "
        "cure period allowed (Treas. Reg. 1.72(p)-1 Q&A-10(a)); the plan may allow less.",
    )
    cure_possible: bool = Field(default=False, description="The cure deadline is today or later: making up the "
                                "missed payments by then avoids the deemed distribution.")
    state_retirement_exclusion: bool | None = Field(
        default=False,
        description="The state excludes retirement income from an age (Iowa: 55 by December 31) and this person "
        "qualifies: true; false when they do not or the state has no such rule; null when the birthday decides "
        "(the figures assume they do not).",
    )
    state_exclusion_amount: Decimal | None = Field(
        default=None,
        description="The retirement income the state excludes a year from this person's distribution (Kentucky "
        "$31,110; Georgia $35,000 from 62, $65,000 from 65, by December 31), assuming no other retirement "
        "income used it up; 0 below Georgia's ages; null where the state has no such amount.",
    )
    social_security_made_taxable: Decimal | None = Field(
        default=None,
        description="With Social Security benefits given: how much more of them the offset makes taxable "
        "(IRC 86), already in federal_income_tax; null without benefits.",
    )
    state_marginal_rate: Decimal | None = Field(
        default=None,
        description="The rate the state income tax was worked out at: the one given or set by the state's law "
        "(even where an exclusion leaves nothing to tax at it), or, by the state's brackets, the top one the offset "
        "reaches; null where the state does not tax this distribution or no rate is known.",
    )
    state_brackets_year: int | None = Field(
        default=None,
        description="The year of the state tables the state income tax was worked out by (California's 2025 "
        "figures for 2026 too, as its Form 540-ES directs); null when a rate was used.",
    )
    # How to write the notes: (explain, input, facts) from `estimate()`, called
    # when `note_details` is first read.
    _explain: tuple = PrivateAttr(default=())

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def note_details(self) -> list[Note]:
        """The rules that applied, in order.

        Written on first read and kept (see `calculator.explain`): most
        estimates are never explained. Still part of `model_dump()` and the
        JSON, before `notes`, as when it was a plain field.
        """
        explain = self.__pydantic_private__["_explain"]  # type: ignore[index]
        if not explain:
            return []
        fn, inp, facts = explain
        return [row if row.__class__ is Note else _note(row[0], row[1], row[2]) for row in fn(self, inp, facts)]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def notes(self) -> list[str]:
        """The English text of each note, in order; rendered on first read (see `Note.text`)."""
        return [n.text for n in self.note_details]


_set_dict = object.__setattr__
# BaseModel keeps these three in __slots__; their descriptors' __set__ is about
# a third cheaper than object.__setattr__ on this hot path.
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(cls: type[BaseModel], values: dict) -> BaseModel:  # noqa: ANN001
    """Build a model from values the calculator already validated, with every field given.

    What `model_construct` does for models without aliases, extras or
    private attributes, minus its per-field loop: the Breakdown and its notes
    are built tens of thousands of times a second.
    """
    m = cls.__new__(cls)
    _set_dict(m, "__dict__", values)
    _set_fields_set(m, set(values))
    _set_extra(m, None)
    _set_private(m, None)
    return m


def _note(code: str, template: str, params: dict) -> Note:
    m = _new_note(Note)
    _set_dict(m, "__dict__", {"code": code, "template": template, "params": params})
    _set_fields_set(m, {"code", "template", "params"})
    _set_extra(m, None)
    _set_private(m, None)
    return m  # type: ignore[return-value]


_new_note = Note.__new__
_new_breakdown = Breakdown.__new__
# Every Breakdown field is always given, so every Breakdown shares one
# fields-set. Pydantic changes that set only in __setattr__, which a frozen
# model refuses, and model_copy copies it before updating.
_BREAKDOWN_FIELDS = set(Breakdown.model_fields)


def new_breakdown(values: dict, explain: tuple) -> Breakdown:
    """A Breakdown from values `estimate()` worked out, with every field given (see `trusted`).

    `explain` is (function, input, facts): `note_details` calls
    function(breakdown, input, facts) for its notes when first read.
    """
    m = _new_breakdown(Breakdown)
    _set_dict(m, "__dict__", values)
    _set_fields_set(m, _BREAKDOWN_FIELDS)
    _set_extra(m, None)
    _set_private(m, {"_explain": explain})
    return m
