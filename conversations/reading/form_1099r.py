"""Form 1099-R quoted by people who learn of the offset when it arrives: "my 1099-R says 12,000", "box 1:
$12,000", "12,000 code M1", "formulario 1099-R casilla 1: 12.000"; and box 7's code alone ("1M", "code L1")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conversations.i18n import N_
from conversations.reading.text import one_of
from conversations.reading.vocabulary import en, es

__all__ = ["CODE_M", "CODE_M_IN_LINE", "FormReading", "LOAN_CODE", "form_1099r_code", "read_form_1099r"]

_BOX = one_of(en.BOX + es.BOX)  # "box", "casilla"
# "code", "distribution code", "código"
_CODE_WORD = r"(?:(?:" + one_of(en.DISTRIBUTION) + r")\s+)?(?:" + one_of(en.CODE) + r")|" + one_of(es.CODE)
_SAYS = one_of(en.SAYS + es.SAYS)  # "says", "shows", "dice"
# The words around a code given alone: "my code is M1", "box 7 says 7M", "el código es M7".
_CODE_WORDS = re.compile(
    r"(?<![a-z0-9])(?:" + one_of(en.CODE_WORDS + es.CODE_WORDS) + r"|1099-?r|1099|7)(?![a-z0-9-])"
)
#: Box 7's code with a loan's letter ("1M", "M1", "L", "7L"): the letter is group 1 or 2.
LOAN_CODE = r"(?:[1-7b]?([lm])|([lm])[1-7b]?)"
_CODE = re.compile(r"\s*" + LOAN_CODE + r"\s*")
CODE_M = N_(
    "Code M on Form 1099-R is a qualified plan loan offset: it comes from leaving your job or from the plan "
    "ending. Which was it? Say \"left my job\" or \"plan ended\", or tap a button."
)
CODE_M_IN_LINE = N_(
    "Code M on Form 1099-R is a qualified plan loan offset: it comes from leaving your job or from the plan "
    "ending. Please add which: \"left\" or \"plan ended\"."
)

# "1099" alone is a form only after "my", "the" or "form": "1099" by itself is an amount.
_FORM_NAME = re.compile(
    r"(?<![\w$.,])(?:(?:irs\s+)?(?:" + one_of(en.FORM + es.FORM) + r")\s+)?1099\s*-?\s*r(?![a-z])"
    r"|(?<![a-z])(?:" + one_of(en.FORM_1099_LEADS + es.FORM_1099_LEADS) + r")\s+1099(?![\w.,-])"
)
# Box 1 is the distribution, the offset included; box 2a, its taxable part, is the same amount unless there was
# after-tax or Roth money, and a deposit of it avoids all the tax (IRC 402(c)(2)), so either is taken.
_FORM_BOX = re.compile(r"(?<![a-z])(?:" + _BOX + r")\s*(?:1|2\s*a)(?![\w.,])\s*:?")
# The code is read after "code" or "box 7", or bare ("M1") once the form is named: "1m" alone is an amount.
_FORM_CODE = re.compile(
    rf"(?<![a-z])(?:(?:{_BOX})\s*7\s*:?\s*(?:{_CODE_WORD})?|{_CODE_WORD})"
    rf"\s*:?\s*(?:(?:{_SAYS})\s*:?\s*)?" + LOAN_CODE + r"(?![a-z0-9])"
)
_BARE_CODE = re.compile(r"(?<![a-z0-9.,$])(?:[1-7b]([lm])|([lm])[1-7b])(?![a-z0-9])")
_FORM_WORDS = re.compile(r"(?<![a-z])(?:" + one_of(en.FORM_WORDS + es.FORM_WORDS) + r")(?![a-z])")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")  # "12,000 (1099-R)": the brackets held the form


def form_1099r_code(folded: str) -> str | None:
    """"l" or "m" when the whole answer is a Form 1099-R box 7 code with L or M (a loan's two letters)."""
    if m := _CODE.fullmatch(_CODE_WORDS.sub(" ", folded.replace(":", " "))):
        return m[1] or m[2]
    return None


@dataclass(frozen=True, slots=True)
class FormReading:
    """What a message quoting Form 1099-R says besides the form: `rest`, the text without the form's words
    (its amount, if it gave one), and `code`, "l" or "m" if it gave a box 7 code with a loan's letter."""

    rest: str
    code: str | None


def read_form_1099r(folded: str) -> FormReading | None:
    """The message (folded) without Form 1099-R's name, boxes and code; None when it names none of them."""
    code = None
    if m := _FORM_CODE.search(folded):
        code = m[1] or m[2]
        folded = folded[: m.start()] + " " + folded[m.end() :]
    rest, named = _FORM_NAME.subn(" ", folded)
    rest, boxes = _FORM_BOX.subn(" ", rest)
    if code is None and not named and not boxes:
        return None
    if code is None and named and (m := _BARE_CODE.search(rest)):  # "1099-R 12000 M1": with the form named, a code
        code = m[1] or m[2]
        rest = rest[: m.start()] + " " + rest[m.end() :]
    rest = _EMPTY_BRACKETS.sub(" ", _FORM_WORDS.sub(" ", rest))
    return FormReading(re.sub(r"\s+", " ", rest).strip(" ,;:"), code)
