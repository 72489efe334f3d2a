"""Turning what people type into values.

Every function is pure and raises `ParseError` with a message written for the
person who typed it. Messages are English templates marked with `N_` plus
params, so the engine can translate them for the person's locale; `str(err)`
is the English text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_decimal, get_decimal_symbol, get_group_symbol, parse_decimal

from calculator.models import Event, FilingStatus
from conversations.i18n import N_, Texts, input_locale

__all__ = [
    "ParseError",
    "QuickAnswers",
    "STATES",
    "fraction_as_percent",
    "parse_age",
    "parse_amount",
    "parse_date",
    "parse_event",
    "parse_filing_status",
    "parse_percent",
    "parse_quick",
    "parse_state",
    "parse_yes_no",
    "state_name",
]

#: Anything longer is not an answer to a short question; checked before any work.
MAX_ANSWER_CHARS = 80
MAX_AMOUNT = Decimal("100000000")
CENT = Decimal("0.01")


class ParseError(ValueError):
    """An answer we could not use. `template`/`params` are for translation. `suggestions`: likely answers,
    (label, value) pairs, that the question offers as buttons with the error ("Which year?")."""

    suggestions: tuple[tuple[str, str], ...] = ()

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    @property
    def message(self) -> str:
        return str(self)


class Refused(ParseError):
    """An answer understood but not usable here ("not sure" where it cannot be worked out): its reason is
    said as it is, never replaced by the question's help."""


# --- helpers -------------------------------------------------------------------

# Space-like characters people (and phones, and French locales) use between digit groups.
_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u3000"
# Phones type a curly apostrophe ("I’m", "don’t"); the words below are written with a straight one.
_SPACE_TABLE = str.maketrans({**{c: " " for c in _SPACES}, "\u2018": "'", "\u2019": "'"})
_MINUS = "-\u2212\u2012\u2013\u2014\ufe63\uff0d"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_SPACE_TABLE)
    return re.sub(r"\s+", " ", text).strip()


def _fold(text: str) -> str:
    """Lower case without accents, so "sí", "Sí" and "si" compare equal."""
    decomposed = unicodedata.normalize("NFKD", _normalise(text).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _check_length(text: str) -> None:
    if len(text) > MAX_ANSWER_CHARS:
        raise ParseError(
            N_("That message is too long ({count} characters). Please send just the answer."),
            count=len(text),
        )


def _check_empty(text: str, what: str) -> None:
    if not text:
        raise ParseError(N_("That was empty. Please send {what}."), what=what)


# Words around a number that do not change it: "about $15k", "I owe 15000 on the loan",
# "I'm 45", "the 24% bracket". Dropped as whole words only, so what is left must still
# read as a number; "almost" and "nearly" are not dropped from an age ("almost 60" is 59).
_HEDGES = frozenset(
    "about around approx approx. approximately roughly nearly almost circa maybe like just or so more less "
    "aprox aprox. aproximadamente unos unas cerca alrededor casi mas o menos como".split()
)
_FILLERS = frozenset(
    "i i'm im am it it's its is my the a of in on that's that was be will "
    "yo soy mi es el la los las de del en".split()
)
_AMOUNT_WORDS = _HEDGES | _FILLERS | frozenset(
    "owe owed still loan balance left remaining outstanding unpaid total debt "
    # "8,250.37 including interest": the accrued interest is part of the balance the question asks for
    "including incl incl. with interest accrued ish "
    "debo prestamo saldo queda quedan pendiente deuda incluido incluidos incluyendo con interes intereses "
    # income: "I make about 60k a year"
    "make earn salary income per year yearly annually annual gross gano al ano anual salario ingresos sueldo bruto".split()
)
_AGE_WORDS = _FILLERS | frozenset("age aged edad tengo".split())
_RATE_WORDS = _HEDGES | _FILLERS | frozenset(
    "federal tax bracket rate top marginal tasa tramo impuesto estoy "
    # "I think 4.5%", "3.2% county": words around a rate, or naming whose it is
    "think guess probably believe creo state county city local combined total estatal condado ciudad".split()
)


def _drop_words(raw: str, words: frozenset[str]) -> str:
    """`raw` without the whole words in `words` (punctuation around a word ignored) and a leading ~ or ≈."""
    kept = [t for t in raw.split(" ") if t.strip(",.!?;:()") not in words]
    return " ".join(kept).lstrip("~≈ ")


# "12-15k", "12,000 to 13,000", "12 o 13 mil": a range, which "add them up" would get wrong.
_RANGE_SEPARATORS = ("-", "–", "—", "to", "a", "or", "o")
_AMOUNT_RANGE = re.compile(
    r"(?<![\d.,])\d[\d.,]*\s*(?:k|mil|thousand|grand)?\s*(?:-|–|—|to|a|or|o)\s*\d[\d.,]*\s*(?:k|mil|thousand|grand)?"
    r"(?![\d.,/-])"
    r"|(?<![a-z])(?:between|entre) \d[\d.,]*\s*(?:k|mil|thousand|grand)? (?:and|y) \d"
)
AMOUNT_RANGE = N_("Please send one amount, not a range, e.g. 15000 (a figure in between is fine for an estimate).")
_GROUPED_WITH_SPACES = re.compile(r"^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$")
_SUFFIXES = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "grand": Decimal(1000),
    "mil": Decimal(1000),
    "m": Decimal(1000000),
    "mm": Decimal(1000000),
    "million": Decimal(1000000),
    "millon": Decimal(1000000),
    "millones": Decimal(1000000),
}
_SUFFIX_RE = re.compile(r"^(.*?\d)\s*(" + "|".join(sorted(_SUFFIXES, key=len, reverse=True)) + r")\.?$")
_CURRENCY_RE = re.compile(r"us\$|\$|usd|dollars?|dolares|dolar|bucks")


def parse_amount(
    text: str,
    *,
    locale: str = "en",
    allow_zero: bool = False,
    maximum: Decimal = MAX_AMOUNT,
) -> Decimal:
    """A dollar amount, in cents: "$15,000", "15k", "15 000", "1.5m", "15000 USD"."""
    _check_length(text)
    raw = _fold(text)
    _check_empty(raw, N_("an amount such as 15000"))
    if _AMOUNT_RANGE.search(_CURRENCY_RE.sub(" ", raw)):
        raise ParseError(AMOUNT_RANGE)
    raw = _drop_words(raw.replace("-ish", " "), _AMOUNT_WORDS)
    raw = _CURRENCY_RE.sub(" ", raw)
    raw = re.sub(r"\s+", " ", raw).strip()
    if raw.startswith("(") and raw.endswith(")") or any(raw.startswith(m) for m in _MINUS):
        raise ParseError(N_("The amount can't be negative. Please send it without a minus sign, e.g. 15000."))
    if raw.startswith("+"):
        raw = raw[1:].strip()
    multiplier = Decimal(1)
    match = _SUFFIX_RE.match(raw)
    if match:
        raw, multiplier = match.group(1).strip(), _SUFFIXES[match.group(2)]
    if _GROUPED_WITH_SPACES.match(raw):
        raw = raw.replace(" ", "")
    if not raw:
        raise ParseError(N_("I couldn't find a number in that. Please send an amount such as 15000."))
    if any(c.isalpha() for c in raw) or "_" in raw:
        raise ParseError(AMOUNT_WITH_WORDS)
    if " " in raw:
        raise ParseError(N_("Please send one amount only, e.g. 15000 (if there are two, add them up)."))
    if not re.fullmatch(r"[\d.,]+", raw) or not any(c.isdigit() for c in raw):
        raise ParseError(N_("I couldn't find a number in that. Please send an amount such as 15000."))
    reading = input_locale(locale)
    decimal_symbol = get_decimal_symbol(reading)
    if decimal_symbol == "." and get_group_symbol(reading) == ",":
        value = _us_number(raw, reading)
    else:
        value = _mixed_number(raw)
    if not value.is_finite():
        raise ParseError(N_("I couldn't find a number in that. Please send an amount such as 15000."))
    try:
        value = (value * multiplier).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        # More digits than Decimal's 28-digit precision can round to cents ("9" * 40): far over any maximum.
        raise ParseError(
            N_("That is more than I can work with (over {maximum}). Please check the amount."), maximum=maximum
        ) from None
    if value < 0:
        raise ParseError(N_("The amount can't be negative. Please send it without a minus sign, e.g. 15000."))
    if value == 0 and not allow_zero:
        raise ParseError(N_("The amount must be more than zero."))
    if value > maximum:
        raise ParseError(N_("That is more than I can work with (over {maximum}). Please check the amount."), maximum=maximum)
    return value


AMOUNT_WITH_WORDS = N_("An amount should be digits only, with no letters. Please send something like 15000 or $15,000.")
_BAD_AMOUNT = N_("I couldn't read that amount. Please write it like 15000 or 15,000 (or 1500.50 with cents).")
_TOO_MANY_DECIMALS = N_(
    "Amounts have at most two digits after the decimal point. For fifteen thousand, write 15000."
)


def _us_number(raw: str, reading: str) -> Decimal:
    """Digits with "," groups and a "." decimal point (en_US), strictly."""
    if re.search(r"\.\d{3,}$", raw):
        # Cents have two digits: "15.000" is a thousands separator from another
        # convention, and guessing would be off by a factor of a thousand.
        raise ParseError(_TOO_MANY_DECIMALS)
    try:
        return parse_decimal(raw, locale=reading, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise ParseError(_BAD_AMOUNT) from None


def _grouped(digits: str, group: str) -> bool:
    return re.fullmatch(r"[1-9]\d{0,2}(?:" + re.escape(group) + r"\d{3})+", digits) is not None


def _mixed_number(raw: str) -> Decimal:
    """Digits with "." and "," read for a locale whose decimal sign is the comma (es: "15.000,50").

    People there also paste US-formatted amounts, so the reading follows the
    string, not only the locale: with both signs, the last one is the decimal
    point ("$15,000.50" and "15.000,50" are both 15000.50); a sign followed by
    exactly three digits separates thousands ("15.000" and "15,000" are 15000,
    since cents have two digits); one followed by one or two digits is the
    decimal point ("12,5", "1500.50").
    """
    marks = {c for c in raw if c in ".,"}
    if not marks:
        return Decimal(raw)
    if len(marks) == 2:
        point = raw[max(raw.rfind("."), raw.rfind(","))]
        group = "," if point == "." else "."
        whole, _, cents = raw.rpartition(point)
        if point in whole or not _grouped(whole, group):
            raise ParseError(_BAD_AMOUNT)
        if not cents or len(cents) > 2:
            raise ParseError(_TOO_MANY_DECIMALS if cents else _BAD_AMOUNT)
        return Decimal(whole.replace(group, "") + "." + cents)
    (mark,) = marks
    if raw.count(mark) > 1:
        if not _grouped(raw, mark):
            raise ParseError(_BAD_AMOUNT)
        return Decimal(raw.replace(mark, ""))
    whole, _, tail = raw.partition(mark)
    if not whole or not tail:
        raise ParseError(_BAD_AMOUNT)
    if len(tail) == 3:
        if not _grouped(raw, mark):
            raise ParseError(_BAD_AMOUNT)
        return Decimal(whole + tail)
    if len(tail) > 3:
        raise ParseError(_TOO_MANY_DECIMALS)
    return Decimal(whole + "." + tail)


def parse_percent(text: str, *, locale: str = "en") -> Decimal:
    """A rate in percent, 0-100: "22%", "22", "22.5 %", and "12,5 %" with a decimal comma."""
    _check_length(text)
    raw = _fold(text)
    _check_empty(raw, N_("a rate such as 22%"))
    raw = re.sub(r"(\d)-?ish\b", r"\1", raw)  # "24ish"
    if RATE_RANGE.search(raw):
        raise ParseError(N_("Please send one rate, not a range, e.g. 5.5% (a figure in between is fine for an "
                            "estimate)."))
    raw = re.sub(r"(\d)\s*(%|percent|por ?ciento)(?=\s|$)", r"\1", _drop_words(raw, _RATE_WORDS)).strip()
    if any(raw.startswith(m) for m in _MINUS):
        raise ParseError(N_("A tax rate can't be negative. Please send a rate such as 22%."))
    if any(c.isalpha() for c in raw) or "_" in raw or not re.fullmatch(r"[\d.,]+", raw):
        raise ParseError(N_("A rate should be a number from 0 to 100, such as 22% or 22.5%."))
    try:
        value = parse_decimal(raw, locale=input_locale(locale), strict=True)
    except (NumberFormatError, InvalidOperation):
        # A rate is at most 100, so "12,5" can only mean twelve and a half,
        # whichever decimal sign the locale prefers.
        if re.fullmatch(r"\d{1,3}[.,]\d{1,3}", raw):
            value = Decimal(raw.replace(",", "."))
        else:
            raise ParseError(N_("A rate should be a number from 0 to 100, such as 22% or 22.5%.")) from None
    if not value.is_finite():
        raise ParseError(N_("A rate should be a number from 0 to 100, such as 22% or 22.5%."))
    if value > 100:
        raise ParseError(N_("A rate can't be more than 100%. Please send a rate such as 22%."))
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize() + 0


# "5-6%", "22 or 24": a range (a sum, "4.75 + 3.2", is a state's and a county's rate, read elsewhere).
RATE_RANGE = re.compile(r"(?<![\d.,])\d{1,2}(?:[.,]\d+)?\s*%?\s*(?:-|–|—|/|to|or|and|o|a|y)\s*\d{1,2}(?:[.,]\d+)?\s*%?"
                        r"(?![\d.,])")
_PLUS = r"(?:\+|\bplus\b|\bmas\b)"  # between the terms of a sum of rates ("más" folds to "mas")
_SUM = re.compile(r"\s*" + _PLUS + r"\s*")


def split_sum(text: str) -> list[str]:
    """The rates in a sum such as "4.75% + 3.2%" (a state's and a county's), each to parse on its own;
    [text] when it is no sum. A leading "+" is a sign ("+3%"); a sum with a missing term ("3% +") is
    left whole, for the rate parser to name what is wrong."""
    _check_length(text)
    parts = _SUM.split(_fold(text).strip())
    if parts and parts[0] == "":
        parts = parts[1:]
    if len(parts) < 2 or any(not part for part in parts):
        return [text]
    return parts


def fraction_as_percent(rate: Decimal, text: str) -> Decimal | None:
    """For "0.22" typed with no percent sign: 22, the rate it most likely meant. None otherwise.

    People copy rates from places that write them as fractions; read as percent,
    0.22 would tax at a hundredth of the rate they have.
    """
    if 0 < rate < 1 and "%" not in text and not re.search(r"percent|por ?ciento", _fold(text)):
        return (rate * 100).normalize() + 0
    return None


# "almost 60" is 59, and at 59 the birthday decides the 10%: ask for the age now.
_ABOUT_TO_TURN = re.compile(
    r"(?<![a-z])(almost|nearly|turning|about to turn|casi|voy a cumplir|por cumplir|cumplo)\s+\d{1,3}"
    r"(?![\d%]|[.,]\d|\s*(?:k|mil|thousand|grand|dollars?|dolares|usd)(?![a-z]))"  # "almost 15k" is an amount
)
# Where the age is asked: "I turn 55 in December", "I'll be 60 next month" (not in a free line, where "will be 30"
# can be anything).
# ("be" is a filler word, dropped before this is matched.)
_TURN_LATER = re.compile(r"(?:i'?ll|will|turn)\s+(?:(?:turn|be)\s+)?\d{1,3}(?!\d)|cumplire\s+\d|voy a tener\s+\d")
_AGE_NOW = N_("Please send your age today in whole years, e.g. 59, not the age you are about to turn.")


def parse_age(text: str) -> int:
    """Whole years, 14-120: "45", "45 years", "45 años"."""
    _check_length(text)
    raw = _fold(text)
    _check_empty(raw, N_("your age such as 45"))
    raw = re.sub(r"\s*(years? old|years?|yrs?|y\.?o\.?|y/o|anos)$", "", _drop_words(raw, _AGE_WORDS)).strip()
    if _ABOUT_TO_TURN.match(raw) or _TURN_LATER.match(raw):
        raise ParseError(_AGE_NOW)
    # 59½ is 59 in whole years; the birthday question decides the half at 59.
    half = re.fullmatch(r"(\d{1,3})(?:\s*(?:1/2|1\u20442)|[.,]5| and a half| and half| y medio)", raw)
    if half:
        raw = half[1]
    if any(raw.startswith(m) for m in _MINUS):
        raise ParseError(N_("An age can't be negative. Please send your age in years, e.g. 45."))
    if re.fullmatch(r"\d+[.,]\d+", raw):
        raise ParseError(N_("Please send your age in whole years, e.g. 45."))
    if not re.fullmatch(r"\d{1,3}", raw):
        raise ParseError(N_("Please send your age as a number of years, e.g. 45."))
    age = int(raw)
    if age < 14 or age > 120:
        raise ParseError(N_("Please send an age between {low} and {high}."), low=14, high=120)
    return age


# "born 5/14/1969", "my birthday is May 14, 1969", "nací el 14/5/1969": a birth date given for the age.
_BORN = re.compile(
    r"^(?:i was |i'm |im |me )?(?:born(?: on| in)?|dob|d\.o\.b\.?|date of birth(?: is)?|birth ?date(?: is)?|"
    r"my birthday is|birthday|naci(?: el| en)?|fecha de nacimiento(?: es)?|mi cumpleanos es)\s*:?\s*"
)


def parse_birth_date(text: str, *, locale: str = "en") -> dt.date | None:
    """A birth date given where the age is asked ("5/14/1969", "born May 14, 1969"); None if the text is
    not a date. A year alone ("born in 1969") leaves the age open by one, so it asks for the day."""
    _check_length(text)
    raw = re.sub(r"\s+", " ", _fold(text).replace(",", " ")).strip(" .!")
    said_born = _BORN.match(raw)
    if said_born:
        raw = raw[said_born.end():]
        if not raw:
            return None
    if re.fullmatch(r"(?:19|20)\d\d", raw):
        raise ParseError(N_("Please send your age, e.g. 45, or your whole birth date, e.g. 5/14/1980: the year alone "
                            "leaves the age open by one."))
    try:
        return parse_date(raw, locale=locale)
    except ParseError:
        if said_born:
            raise
        return None


_EVENT_WORDS: list[tuple[str, Event]] = [
    # Longer phrases first, so "plan ended" is not read as something else.
    ("still employed", Event.DEFAULT),
    ("still working", Event.DEFAULT),
    ("missed payment", Event.DEFAULT),
    ("missed payments", Event.DEFAULT),
    ("stopped paying", Event.DEFAULT),
    ("stopped repaying", Event.DEFAULT),
    ("stopped payments", Event.DEFAULT),
    ("couldn't pay", Event.DEFAULT),
    ("could not pay", Event.DEFAULT),
    ("deemed", Event.DEFAULT),
    ("missed", Event.DEFAULT),  # "15000 45 missed 22%": a one-liner's shortest word for it
    ("behind on", Event.DEFAULT),
    ("late payment", Event.DEFAULT),
    ("late payments", Event.DEFAULT),
    ("can't pay", Event.DEFAULT),
    ("cant pay", Event.DEFAULT),
    ("default", Event.DEFAULT),
    ("defaulted", Event.DEFAULT),
    ("deje de pagar", Event.DEFAULT),
    ("deje de hacer los pagos", Event.DEFAULT),
    ("deje de hacer pagos", Event.DEFAULT),
    ("no pude pagar", Event.DEFAULT),
    ("no pude seguir pagando", Event.DEFAULT),
    ("pagos atrasados", Event.DEFAULT),
    ("pagos pendientes", Event.DEFAULT),
    ("atrasado en los pagos", Event.DEFAULT),
    ("atrasada en los pagos", Event.DEFAULT),
    ("me atrase", Event.DEFAULT),
    ("falte pagos", Event.DEFAULT),
    ("no hice los pagos", Event.DEFAULT),
    ("sigo trabajando", Event.DEFAULT),
    ("todavia trabajo", Event.DEFAULT),
    ("aun trabajo", Event.DEFAULT),
    ("incumplimiento", Event.DEFAULT),
    ("impago", Event.DEFAULT),
    ("no pague", Event.DEFAULT),
    ("pagos perdidos", Event.DEFAULT),
    ("pagos no hechos", Event.DEFAULT),
    ("plan terminated", Event.PLAN_TERMINATION),
    ("plan ended", Event.PLAN_TERMINATION),
    ("plan termination", Event.PLAN_TERMINATION),
    ("plan closed", Event.PLAN_TERMINATION),
    ("ended the plan", Event.PLAN_TERMINATION),
    ("terminated the plan", Event.PLAN_TERMINATION),
    ("closed the plan", Event.PLAN_TERMINATION),
    ("terminated", Event.PLAN_TERMINATION),
    ("termination", Event.PLAN_TERMINATION),
    ("cerraron el plan", Event.PLAN_TERMINATION),
    ("el plan termino", Event.PLAN_TERMINATION),
    ("el plan se termino", Event.PLAN_TERMINATION),
    ("el plan se cerro", Event.PLAN_TERMINATION),
    ("terminaron el plan", Event.PLAN_TERMINATION),
    ("cancelaron el plan", Event.PLAN_TERMINATION),
    ("plan terminado", Event.PLAN_TERMINATION),
    ("plan cancelado", Event.PLAN_TERMINATION),
    ("termino el plan", Event.PLAN_TERMINATION),
    ("terminacion del plan", Event.PLAN_TERMINATION),
    ("terminado", Event.PLAN_TERMINATION),
    ("terminada", Event.PLAN_TERMINATION),
    # "Terminated" is also what happens to people: these are leaving the job, not the plan ending.
    ("i was terminated", Event.SEPARATION),
    ("i got terminated", Event.SEPARATION),
    ("was terminated from", Event.SEPARATION),
    ("been terminated", Event.SEPARATION),
    ("terminated me", Event.SEPARATION),
    ("my employment was terminated", Event.SEPARATION),
    ("employment ended", Event.SEPARATION),
    ("left", Event.SEPARATION),
    ("leave", Event.SEPARATION),
    ("quit", Event.SEPARATION),
    ("fired", Event.SEPARATION),
    ("laid off", Event.SEPARATION),
    ("laid of", Event.SEPARATION),  # the typo phones make
    ("layoff", Event.SEPARATION),
    ("let go", Event.SEPARATION),
    ("retired", Event.SEPARATION),
    ("retire", Event.SEPARATION),
    ("resigned", Event.SEPARATION),
    ("separation", Event.SEPARATION),
    ("separated", Event.SEPARATION),
    ("new job", Event.SEPARATION),
    ("job ended", Event.SEPARATION),
    ("contract ended", Event.SEPARATION),
    ("lost my job", Event.SEPARATION),
    ("position eliminated", Event.SEPARATION),
    ("position was eliminated", Event.SEPARATION),
    ("laid-off", Event.SEPARATION),
    ("downsized", Event.SEPARATION),
    ("unemployed", Event.SEPARATION),
    ("changed jobs", Event.SEPARATION),
    ("switched jobs", Event.SEPARATION),
    ("changed employers", Event.SEPARATION),
    ("switched employers", Event.SEPARATION),
    ("new employer", Event.SEPARATION),
    ("cambie de empleador", Event.SEPARATION),
    ("deje mi trabajo", Event.SEPARATION),
    ("deje el trabajo", Event.SEPARATION),
    ("deje mi empleo", Event.SEPARATION),
    ("deje el empleo", Event.SEPARATION),
    ("me fui del trabajo", Event.SEPARATION),
    ("me fui de la empresa", Event.SEPARATION),
    ("me fui", Event.SEPARATION),  # "I left": the question is what happened to the loan
    ("me sali", Event.SEPARATION),
    ("sali del trabajo", Event.SEPARATION),
    ("sali de la empresa", Event.SEPARATION),
    ("perdi mi trabajo", Event.SEPARATION),
    ("perdi el trabajo", Event.SEPARATION),
    ("perdi mi empleo", Event.SEPARATION),
    ("cambie de trabajo", Event.SEPARATION),
    ("cambie de empleo", Event.SEPARATION),
    ("nuevo trabajo", Event.SEPARATION),
    ("renuncie", Event.SEPARATION),
    ("renuncia", Event.SEPARATION),
    ("me despidieron", Event.SEPARATION),
    ("me corrieron", Event.SEPARATION),
    ("me liquidaron", Event.SEPARATION),
    ("despido", Event.SEPARATION),
    ("despedido", Event.SEPARATION),
    ("despedida", Event.SEPARATION),
    ("jubilado", Event.SEPARATION),
    ("jubilada", Event.SEPARATION),
    ("me jubile", Event.SEPARATION),
    ("me retire", Event.SEPARATION),
    ("jubilacion", Event.SEPARATION),
    ("separacion", Event.SEPARATION),
    ("retirado", Event.SEPARATION),
    ("retirada", Event.SEPARATION),
]


# A leave of absence is not leaving the job: the person is still employed, and
# the plan may suspend loan payments for up to a year of leave, or for military
# service (Treas. Reg. 1.72(p)-1 Q&A-9). Reading "on leave" as "left" would
# promise a rollover that does not exist.
_LEAVE_PHRASES = (
    "leave of absence", "on leave", "medical leave", "maternity leave", "paternity leave", "parental leave",
    "family leave", "sick leave", "military leave", "disability leave", "unpaid leave", "fmla", "furlough",
    "furloughed", "active duty", "deployed", "de licencia", "licencia medica", "licencia por maternidad",
    "licencia por paternidad", "licencia sin goce", "permiso de ausencia", "baja medica",
)  # fmt: skip


def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `phrases` as whole words of folded text."""
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![a-z])")


_LEAVE_RE = _phrases(_LEAVE_PHRASES)
ON_LEAVE = N_(
    "On a leave of absence you still work there, so this is not leaving your job. Your plan may pause loan "
    "payments during up to a year of leave, and during military service (Treas. Reg. 1.72(p)-1 Q&A-9): ask it. "
    "If payments stopped and are now late, say \"missed payments\"; if you left the job, say \"left my job\"."
)


# An employer that closed: the person left the job, and the plan may have ended too. Which one the offset
# came from decides the deadline when it came more than 12 months after leaving (a terminated plan's offset is
# a qualified one whenever it comes), so this is asked, not guessed.
_CLOSURE_PHRASES = (
    "company closed", "employer closed", "business closed", "company shut down", "employer shut down",
    "closed down", "shut down", "went out of business", "out of business", "went bankrupt", "bankrupt",
    "bankruptcy", "la empresa cerro", "cerro la empresa", "cerraron la empresa", "la empresa quebro",
    "quebro", "quiebra", "bancarrota",
)  # fmt: skip
_CLOSURE_RE = _phrases(_CLOSURE_PHRASES)
EMPLOYER_CLOSED = N_(
    "If your employer closed, you left the job, and the plan may have ended too. Say \"plan ended\" if the "
    "plan itself ended (then the longer deadline holds however long after you left the offset came), or "
    "\"left my job\" if the plan goes on, e.g. taken over by another company."
)


def _find_event(folded: str) -> tuple[Event, str] | None:
    """The event a phrase names, and the phrase, matched on word boundaries.

    A leave of absence or an employer that closed names none; if nothing else does, it is a ParseError
    saying why.
    """
    folded = folded.replace("\u2019", "'")
    on_leave = _LEAVE_RE.search(folded) is not None
    if on_leave:
        folded = _LEAVE_RE.sub(" ", folded)
    for phrase, event in sorted(_EVENT_WORDS, key=lambda p: len(p[0]), reverse=True):
        if re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", folded):
            return event, phrase
    if on_leave:
        raise ParseError(ON_LEAVE)
    if _CLOSURE_RE.search(folded):
        raise ParseError(EMPLOYER_CLOSED)
    return None


def names_leaving(text: str) -> bool:
    """Whether `text` says the person left the job ("I left in March", "laid off 10/15"): at a question about
    another day, that is the answer to a different question."""
    try:
        found = _find_event(_fold(text))
    except ParseError:  # on leave, or the employer closed: not leaving, as such
        return False
    return found is not None and found[0] is Event.SEPARATION


def parse_event(text: str) -> Event:
    """What happened: "I left my job", "laid off", "plan terminated", "missed payments"..."""
    _check_length(text)
    raw = _fold(text)
    _check_empty(raw, N_("what happened, e.g. left my job"))
    for event in Event:
        if raw == event.value:
            return event
    found = _find_event(raw)
    if found is not None:
        return found[0]
    code = _form_1099r_code(raw)
    if code == "l":
        return Event.DEFAULT  # loans treated as distributions: a deemed distribution, what missed payments give
    if code == "m":
        raise ParseError(CODE_M)
    raise ParseError(
        N_("I didn't recognise that. Say \"left my job\", \"plan ended\" or \"missed payments\", or tap a button.")
    )


# Someone holding the Form 1099-R may answer with its box 7 code: "1M", "M1", "code L1", "box 7 says 7M".
_CODE_WORDS = re.compile(
    r"(?<![a-z0-9])(?:my|mi|the|el|la|form|formulario|1099-?r|1099|box|casilla|7|code|codigo|says|shows|dice|"
    r"muestra|is|es|on|en|in|de|del)(?![a-z0-9-])"
)
# Box 7's code with a loan's letter ("1M", "M1", "L", "7L"): the letter is group 1 or 2.
_LOAN_CODE = r"(?:[1-7b]?([lm])|([lm])[1-7b]?)"
_CODE = re.compile(r"\s*" + _LOAN_CODE + r"\s*")
CODE_M = N_(
    "Code M on Form 1099-R is a qualified plan loan offset: it comes from leaving your job or from the plan "
    "ending. Which was it? Say \"left my job\" or \"plan ended\", or tap a button."
)

CODE_M_IN_LINE = N_(
    "Code M on Form 1099-R is a qualified plan loan offset: it comes from leaving your job or from the plan "
    "ending. Please add which: \"left\" or \"plan ended\"."
)

# Words for rolling an amount over ("rolled over", "deposit", "put back", "reinvertir"); the chat reads the amount
# after them as a what-if (conversations.machine).
ROLLOVER_VERBS = (r"(?<![a-z])(?:roll(?:ed|ing)?\s*(?:it\s*)?over|rollover|deposit\w*|put(?:ting)?\s+back|"
                  r"reinv(?:ie|e)rt\w*|devolver)")
# "... rolled over 5000" in a one-line estimate: the second amount is a rollover, which a line does not take.
_ROLLOVER_IN_LINE = re.compile(ROLLOVER_VERBS + r"(?![a-z])")
ROLLOVER_IN_LINE = N_(
    "A rollover amount can't go in a one-line estimate: send the line without it, then tap 🔁 under the "
    "estimate, or, in a chat with me, send e.g. \"roll over 5000\"."
)


def _form_1099r_code(folded: str) -> str | None:
    """"l" or "m" when the whole answer is a Form 1099-R box 7 code with L or M (a loan's two letters)."""
    if m := _CODE.fullmatch(_CODE_WORDS.sub(" ", folded.replace(":", " "))):
        return m[1] or m[2]
    return None


# The form quoted with its amount, by people who learn of the offset when it arrives: "my 1099-R says 12,000",
# "box 1: $12,000", "12,000 code M1", "formulario 1099-R casilla 1: 12.000". "1099" alone is a form only after
# "my", "the" or "form": "1099" by itself is an amount. Box 1 is the distribution, the offset included; box 2a,
# its taxable part, is the same amount unless there was after-tax or Roth money, and a deposit of it avoids all
# the tax (IRC 402(c)(2)), so either is taken. The code is read after "code" or "box 7", or bare ("M1") once the
# form is named: "1m" alone is an amount.
_FORM_NAME = re.compile(
    r"(?<![\w$.,])(?:(?:irs\s+)?form(?:ulario)?\s+)?1099\s*-?\s*r(?![a-z])"
    r"|(?<![a-z])(?:my|the|mi|el|form|formulario)\s+1099(?![\w.,-])"
)
_FORM_BOX = re.compile(r"(?<![a-z])(?:box|casilla)\s*(?:1|2\s*a)(?![\w.,])\s*:?")
_FORM_CODE = re.compile(
    r"(?<![a-z])(?:(?:box|casilla)\s*7\s*:?\s*(?:(?:distribution\s+)?code|codigo)?|(?:distribution\s+)?code|codigo)"
    r"\s*:?\s*(?:(?:says|shows|is|dice|muestra|es)\s*:?\s*)?" + _LOAN_CODE + r"(?![a-z0-9])"
)
# An amount "left on" the loan or "left to pay" is what remains of it: the words say so (a bare "15000 left" is the
# one-liner's "left the job", as in "15000 45 left 22%").
_AMOUNT_LEFT = re.compile(r"(\d[\d.,]*\s*(?:k|mil|thousand|grand)?)\s+left\s+(?=on\b|to pay\b|owing\b|to go\b)")
_BARE_CODE = re.compile(r"(?<![a-z0-9.,$])(?:[1-7b]([lm])|([lm])[1-7b])(?![a-z0-9])")
_FORM_WORDS = re.compile(
    r"(?<![a-z])(?:says|shows|reads|dice|muestra|and|y|gross distribution|distribucion bruta|taxable amount)(?![a-z])"
)


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
    rest = re.sub(r"\(\s*\)", " ", _FORM_WORDS.sub(" ", rest))  # "12,000 (1099-R)": the brackets held the form
    return FormReading(re.sub(r"\s+", " ", rest).strip(" ,;:"), code)


_FILING_WORDS: list[tuple[str, FilingStatus]] = [
    ("qualifying surviving spouse", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("surviving spouse", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("qualifying widow", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("qualifying widower", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("qualifying widow(er)", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("qss", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("conyuge sobreviviente calificado", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("conyuge sobreviviente", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("married filing jointly", FilingStatus.MARRIED_JOINT),
    ("married filing separately", FilingStatus.MARRIED_SEPARATE),
    ("married jointly", FilingStatus.MARRIED_JOINT),
    ("married separately", FilingStatus.MARRIED_SEPARATE),
    ("married joint", FilingStatus.MARRIED_JOINT),
    ("married separate", FilingStatus.MARRIED_SEPARATE),
    ("jointly", FilingStatus.MARRIED_JOINT),
    ("joint", FilingStatus.MARRIED_JOINT),
    ("separately", FilingStatus.MARRIED_SEPARATE),
    ("separate", FilingStatus.MARRIED_SEPARATE),
    ("mfj", FilingStatus.MARRIED_JOINT),
    ("mfs", FilingStatus.MARRIED_SEPARATE),
    ("head of household", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("head of the household", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("household", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("hoh", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("single", FilingStatus.SINGLE),
    ("unmarried", FilingStatus.SINGLE),
    ("not married", FilingStatus.SINGLE),
    ("soltero", FilingStatus.SINGLE),
    ("soltera", FilingStatus.SINGLE),
    ("casado en conjunto", FilingStatus.MARRIED_JOINT),
    ("casada en conjunto", FilingStatus.MARRIED_JOINT),
    ("conjunta", FilingStatus.MARRIED_JOINT),
    ("casado por separado", FilingStatus.MARRIED_SEPARATE),
    ("casada por separado", FilingStatus.MARRIED_SEPARATE),
    ("por separado", FilingStatus.MARRIED_SEPARATE),
    ("declaracion conjunta", FilingStatus.MARRIED_JOINT),
    ("en conjunto", FilingStatus.MARRIED_JOINT),
    ("conjuntamente", FilingStatus.MARRIED_JOINT),
    ("casado conjunto", FilingStatus.MARRIED_JOINT),
    ("casada conjunto", FilingStatus.MARRIED_JOINT),
    ("separado", FilingStatus.MARRIED_SEPARATE),
    ("separada", FilingStatus.MARRIED_SEPARATE),
    ("no casado", FilingStatus.SINGLE),
    ("no casada", FilingStatus.SINGLE),
    ("cabeza de familia", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("cabeza de hogar", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("jefe de familia", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("jefa de familia", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("jefe de hogar", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("jefa de hogar", FilingStatus.HEAD_OF_HOUSEHOLD),
]


MARRIED_WHICH = N_("Married filing jointly or separately? Tap a button or type \"jointly\" or \"separately\".")


def parse_filing_status(text: str) -> FilingStatus:
    """"single", "married filing jointly", "mfj", "head of household"..."""
    _check_length(text)
    raw = _fold(text)
    _check_empty(raw, N_("your filing status, e.g. single"))
    for status in FilingStatus:
        if raw == status.value:
            return status
    for phrase, status in _FILING_WORDS:
        if re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", raw):
            return status
    if re.search(r"(?<![a-z])(married|casad[oa])(?![a-z])", raw):
        raise ParseError(MARRIED_WHICH)
    raise ParseError(
        N_("I didn't recognise that filing status. Tap a button, or type single, jointly, separately or head of household.")
    )


# Names are English, marked for translation ("New York" -> "Nueva York"): see `state_name`.
STATES: dict[str, str] = {
    "AL": N_("Alabama"), "AK": N_("Alaska"), "AZ": N_("Arizona"), "AR": N_("Arkansas"), "CA": N_("California"),
    "CO": N_("Colorado"), "CT": N_("Connecticut"), "DE": N_("Delaware"), "DC": N_("District of Columbia"),
    "FL": N_("Florida"), "GA": N_("Georgia"), "HI": N_("Hawaii"), "ID": N_("Idaho"), "IL": N_("Illinois"),
    "IN": N_("Indiana"), "IA": N_("Iowa"), "KS": N_("Kansas"), "KY": N_("Kentucky"), "LA": N_("Louisiana"),
    "ME": N_("Maine"), "MD": N_("Maryland"), "MA": N_("Massachusetts"), "MI": N_("Michigan"), "MN": N_("Minnesota"),
    "MS": N_("Mississippi"), "MO": N_("Missouri"), "MT": N_("Montana"), "NE": N_("Nebraska"), "NV": N_("Nevada"),
    "NH": N_("New Hampshire"), "NJ": N_("New Jersey"), "NM": N_("New Mexico"), "NY": N_("New York"),
    "NC": N_("North Carolina"), "ND": N_("North Dakota"), "OH": N_("Ohio"), "OK": N_("Oklahoma"), "OR": N_("Oregon"),
    "PA": N_("Pennsylvania"), "RI": N_("Rhode Island"), "SC": N_("South Carolina"), "SD": N_("South Dakota"),
    "TN": N_("Tennessee"), "TX": N_("Texas"), "UT": N_("Utah"), "VT": N_("Vermont"), "VA": N_("Virginia"),
    "WA": N_("Washington"), "WV": N_("West Virginia"), "WI": N_("Wisconsin"), "WY": N_("Wyoming"),
}  # fmt: skip
_STATE_BY_NAME = {_fold(name): code for code, name in STATES.items()} | {
    "washington dc": "DC",
    "washington d.c.": "DC",
    "d.c.": "DC",
    "calif": "CA",
    "cali": "CA",
    "jersey": "NJ",
    "mass": "MA",
    "penn": "PA",
    "nueva york": "NY",
    "nuevo mexico": "NM",
    "carolina del norte": "NC",
    "carolina del sur": "SC",
    "florida": "FL",
    "texas": "TX",
    "nueva jersey": "NJ",
    "nueva hampshire": "NH",
    "nuevo hampshire": "NH",
    "washington d. c.": "DC",
    "washington d c": "DC",
    "washington d. c": "DC",
    "washington d.c": "DC",
    "d.c": "DC",
    "pensilvania": "PA",
    "hawai": "HI",
    "luisiana": "LA",
    "misisipi": "MS",
    "misuri": "MO",
    "dakota del norte": "ND",
    "dakota del sur": "SD",
    "virginia occidental": "WV",
    "distrito de columbia": "DC",
}


def state_name(texts: Texts, code: str) -> str:
    """A state's name in the person's language ("NY" -> "Nueva York" in Spanish); the code if unknown."""
    return texts.gettext(STATES[code]) if code in STATES else code


# Cities people answer "Which state?" with. New York City and Yonkers tax their residents' income too, so the
# state's rate question asks for theirs (`parse_place`); Baltimore is Maryland, whose counties all do.
CITY_NYC, CITY_YONKERS = "nyc", "yonkers"
_CITIES: dict[str, tuple[str, str | None]] = {
    **{name: ("NY", CITY_NYC) for name in (
        "nyc", "ny city", "new york city", "new york ny", "manhattan", "brooklyn", "queens", "the bronx", "bronx",
        "staten island", "ciudad de nueva york", "nueva york ciudad")},
    "yonkers": ("NY", CITY_YONKERS),
    "yonkers ny": ("NY", CITY_YONKERS),
    "baltimore": ("MD", None),
    "baltimore city": ("MD", None),
    "washington state": ("WA", None),
    "estado de washington": ("WA", None),
}


def parse_place(text: str) -> tuple[str, str | None]:
    """(the state's two-letter code, and CITY_NYC or CITY_YONKERS for a city that taxes income too) from "CA",
    "California", "new york", "NYC", "Brooklyn", "Yonkers"..."""
    _check_length(text)
    raw = re.sub(r"\s+", " ", _fold(text).replace(",", " ")).strip(" .!")
    _check_empty(raw, N_("a state such as CA or California"))
    for attempt in (raw, re.sub(r"^(i live in|in|state of|the state of|estado de|el estado de|vivo en|en)\s+", "", raw)):
        # "N.Y.", "n. j.": the two-letter code with periods.
        dotted = re.fullmatch(r"([a-z])\.\s?([a-z])\.?", attempt)
        if dotted and (code := (dotted[1] + dotted[2]).upper()) in STATES:
            return code, None
        if attempt.upper() in STATES:
            return attempt.upper(), None
        if attempt in _STATE_BY_NAME:
            return _STATE_BY_NAME[attempt], None
        if attempt in _CITIES:
            return _CITIES[attempt]
        if attempt.removeprefix("the ") in _TERRITORIES:
            raise ParseError(TERRITORY)
    if re.search(r"(?<![a-z])kansas city(?![a-z])", raw):
        raise ParseError(N_("Kansas City is in two states. Please send yours: MO (Missouri) or KS (Kansas)."))
    found = _places_in(raw, text)
    if len({code for code, _city in found}) > 1:
        raise ParseError(TWO_STATES)
    if found:  # "I'm in Baltimore", "Texas, no income tax", "Georgia (the state)"
        return found[0]
    raise ParseError(N_("I don't know that state. Please send its two-letter code or its name, e.g. CA or California."))


# The state that taxes a distribution is the one of residence: another cannot tax a nonresident's retirement
# income, a 401(k)'s distributions included (4 U.S.C. 114(a), (b)(1)(A)).
TWO_STATES = N_(
    "I found two states in that. The offset is taxed by the state you lived in on the day of the offset: a state "
    "you moved away from can't tax a nonresident's retirement income (4 U.S.C. 114). Please send that one state."
)


def _places_in(raw: str, text: str) -> list[tuple[str, str | None]]:
    """The states (and taxing cities) a sentence names, longest names first so "West Virginia" is not also
    Virginia: names and cities as words, and two-letter codes only as typed in capitals ("moved from CA to TX")."""
    found: list[tuple[str, str | None]] = []
    names = [(name, (code, None)) for name, code in _STATE_BY_NAME.items() if len(name) > 2]
    for name, place in sorted([*names, *_CITIES.items()], key=lambda p: len(p[0]), reverse=True):
        pattern = r"(?<![a-z])" + re.escape(name) + r"(?![a-z])"
        if re.search(pattern, raw):
            found.append(place)
            raw = re.sub(pattern, " ", raw)
    if found and text.isupper():  # "I LIVE IN TEXAS": capitals say nothing, and "IN" is a word
        return found
    found.extend((token, None) for token in re.findall(r"(?<![A-Za-z])[A-Z]{2}(?![A-Za-z])", text) if token in STATES)
    return found


# Territories tax their residents under their own codes, which this estimate does not cover.
_TERRITORIES = frozenset({
    "puerto rico", "pr", "guam", "gu", "virgin islands", "us virgin islands", "u.s. virgin islands", "usvi", "vi",
    "american samoa", "as", "northern mariana islands", "mariana islands", "cnmi", "mp", "islas virgenes",
    "samoa americana", "islas marianas del norte",
})  # fmt: skip
TERRITORY = N_(
    "The territories tax their residents under their own tax codes, which this estimate doesn't cover: tap Skip "
    "to leave that out, and ask a tax professional there how the federal figures apply to you (IRC 931-935)."
)


def parse_state(text: str) -> str:
    """A two-letter state code from "CA", "ca", "California", "new york", "NYC"..."""
    return parse_place(text)[0]


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip


MONTH_NAMES = frozenset(_MONTHS)


def _month(word: str) -> int | None:
    word = word.strip(".")
    if word in _MONTHS:
        return _MONTHS[word]
    if len(word) >= 3:
        hits = {n for name, n in _MONTHS.items() if name.startswith(word)}
        if len(hits) == 1:
            return hits.pop()
    return None


def _day_first(locale: str) -> bool:
    """Whether numeric dates are written day first for this language (es: "d/M/y")."""
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=input_locale(locale)).pattern.lower()
    return pattern.find("d") < pattern.find("m")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


_ORDINAL = r"(?:st|nd|rd|th|o)?"  # "3rd", "1º" (folded to "1o")
# Days counted from today, for the date questions that accept them.
_RELATIVE_DAYS = {"today": 0, "hoy": 0, "yesterday": -1, "ayer": -1, "tomorrow": 1, "manana": 1,
                  "day before yesterday": -2, "anteayer": -2, "antier": -2,
                  "this morning": 0, "this afternoon": 0, "tonight": 0, "esta manana": 0, "esta tarde": 0}  # fmt: skip
_DAYS_AGO = re.compile(r"(\d{1,3}) days? ago|hace (\d{1,3}) dias?")
# "2 weeks ago" is said loosely, and a 60-day deadline counted from it would be too: the day is asked.
# "last Friday", "el viernes pasado": the latest such day before today, an exact date.
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6,
}  # fmt: skip
_LAST_WEEKDAY = re.compile(r"(?:last|this past) ([a-z]+)|(?:el )?([a-z]+) pasado")
# "last month", "this week", "la semana pasada": a time, not a day.
_VAGUE_SPAN = re.compile(r"\b(?:weeks?|months?|years?|semanas?|mes|meses|anos?)\b")
NEED_DAY = N_("Please send the day too, e.g. 2026-03-01 or 3/1/2026.")
NEED_YEAR = N_("Please add the year too, e.g. 2026-03-01 or 3/1/2026.")


class YearMissing(ParseError):
    """A date typed without its year ("October 3", "3 de octubre", "10/3"): its month and day are known, so
    the question can offer the likely years, or work the year out (a birthday, from the age)."""

    def __init__(self, month: int, day: int) -> None:
        super().__init__(NEED_YEAR)
        self.month, self.day = month, day

    def in_year(self, year: int) -> dt.date | None:
        """The date in `year`; None for February 29 in a common year."""
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


def _month_first(first: int, second: int, locale: str) -> tuple[int, int]:
    """(month, day) of a numeric date's first two numbers: month first in English, day first in Spanish,
    unless the numbers say otherwise (there is no 20th month)."""
    if _day_first(locale):
        return (first, second) if second > 12 >= first else (second, first)
    return (second, first) if first > 12 >= second else (first, second)


def _year_missing(raw: str, locale: str) -> YearMissing | None:
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})", raw):
        month, day = _month_first(int(m[1]), int(m[2]), locale)
    elif m := re.fullmatch(rf"([a-z]+)\.? (\d{{1,2}}){_ORDINAL}|(\d{{1,2}}){_ORDINAL} (?:of |de )?([a-z]+)\.?", raw):
        month, day = _month(m[1] or m[4]), int(m[2] or m[3])
    else:
        return None
    if month is None:
        return None
    try:
        dt.date(2000, month, day)  # a leap year: February 29 is a day some years have
    except ValueError:
        return None
    return YearMissing(month, day)


def _missing_part(raw: str) -> str | None:
    """Which part a date that almost reads is missing: `NEED_DAY`, `NEED_YEAR`, or None if it is not a date."""
    if _VAGUE_SPAN.search(raw) or re.fullmatch(r"(?:\d{1,2}[/.-])?(?:19|20)\d\d|(?:19|20)\d\d[/.-]\d{1,2}", raw):
        return NEED_DAY
    if m := re.fullmatch(r"(?:in |en |since |desde )?(?:early |late |mid |principios de |finales de |mediados de )?"
                         r"([a-z]+)\.?(?: (?:of |de |del )?(?:19|20)\d\d)?", raw):  # fmt: skip
        return NEED_DAY if _month(m[1]) else None
    if m := re.fullmatch(rf"([a-z]+)\.? (\d{{1,2}}){_ORDINAL}|(\d{{1,2}}){_ORDINAL} (?:of |de )?([a-z]+)\.?", raw):
        return NEED_YEAR if _month(m[1] or m[4]) else None
    if re.fullmatch(r"\d{1,2}[/.]\d{1,2}", raw):
        return NEED_YEAR
    return None


_FEW = {"a": 1, "one": 1, "un": 1, "una": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "two": 2, "dos": 2,
        "three": 3, "tres": 3, "a few": 3, "few": 3, "unas": 3, "unos": 3, "unas pocas": 3, "unos pocos": 3}  # fmt: skip
_AGO = re.compile(r"(?:about |around |like |unos |unas )?(\d{1,2}|[a-z ]+?) (weeks?|months?) ago|"
                  r"hace (?:unos |unas |como )?(\d{1,2}|[a-z ]+?) (semanas?|mes|meses)")
_SPANS = {
    "last month": "last_month", "el mes pasado": "last_month", "mes pasado": "last_month",
    "this month": "this_month", "earlier this month": "this_month", "este mes": "this_month",
    "a principios de este mes": "this_month",
    "last week": "weeks", "this week": "weeks", "la semana pasada": "weeks", "semana pasada": "weeks",
    "esta semana": "weeks",
    "this year": "this_year", "earlier this year": "this_year", "este ano": "this_year",
    "a principios de este ano": "this_year", "a principios de ano": "this_year",
}  # fmt: skip


def _loose(text: str) -> str:
    raw = re.sub(r"\s+", " ", _fold(text).replace(",", " ")).strip(" .!")
    return re.sub(r"^(?:i left |left |i quit |quit |me fui |deje el trabajo |sali )", "", raw)


_IN = r"(?:in |en |back in |in early |in late |a principios de |a finales de )"


def month_said(text: str, *, today: dt.date, latest: dt.date | None = None) -> dt.date | None:
    """The first day of the month a time names without its day: "September 2025", "9/2025", "last month",
    "in October" (the latest October up to `latest`, by default today). None if the text names no month.

    A month settles the year the rule of 55 looks at, and often "within 12 months before the offset"."""
    raw = _loose(text)
    kind = _SPANS.get(raw)
    if kind == "last_month":
        return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if kind == "this_month":
        return today.replace(day=1)
    # "September 2025", "in sept. 2025", "en septiembre de 2025", "9/2025".
    if (m := re.fullmatch(_IN + r"?([a-z]+)\.?(?: of| de| del)? (\d{4})", raw)) or (
        m := re.fullmatch(r"(\d{1,2})[/-](\d{4})", raw)
    ):
        month = int(m[1]) if m[1].isdigit() else _month(m[1]) if len(m[1]) >= 3 else None
        if month is None or not 1 <= month <= 12 or not 1900 < int(m[2]) <= today.year:
            return None
        first = dt.date(int(m[2]), month, 1)
        return first if first <= today else None
    if m := re.fullmatch(f"({_IN})?([a-z]+)", raw):
        month = _month(m[2]) if len(m[2]) >= 3 else None
        if month is None or (m[1] is None and m[2] in ("may", "mar")):  # words too: only "in May" is the month
            return None
        upto = min(latest or today, today)
        return dt.date(upto.year if month <= upto.month else upto.year - 1, month, 1)
    return None


def month_end(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1)


def recent_span(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day a vague recent time can mean: "last month", "3 weeks ago", "this year",
    "in October" (the latest October up to today), "September 2025". None if the text is not one of them.

    Enough to settle "within 12 months before the offset" without asking for the day."""
    first = month_said(text, today=today)
    if first is not None:
        return first, min(month_end(first), today)
    raw = _loose(text)
    kind = _SPANS.get(raw)
    if kind == "weeks":
        return today - dt.timedelta(days=13), today
    if kind == "this_year":
        return today.replace(month=1, day=1), today
    if m := _AGO.fullmatch(raw):
        count, unit = (m[1], m[2]) if m[1] else (m[3], m[4])
        n = int(count) if count.isdigit() else _FEW.get(count.strip())
        if n is None or n < 1:
            return None
        if unit.startswith(("week", "semana")):
            # "3 weeks ago" is said loosely: a week either side.
            return today - dt.timedelta(days=7 * (n + 1)), today - dt.timedelta(days=max(0, 7 * (n - 1)))
        if n > 11:
            return None
        from calculator.ages import add_months

        return add_months(today, -(n + 1)), add_months(today, -(n - 1)) if n > 1 else today
    return None


def line_tails(text: str) -> Iterator[str]:
    """The last words of a sentence, longest first (up to five, never the whole), folded, without the "on"/"in"
    before them: where "I was laid off on 3/15/2026" or "my last day was March 15" says when."""
    words = _fold(text).replace(",", " ").strip(" .!").split()
    for size in range(min(5, len(words) - 1), 0, -1):
        yield re.sub(r"^(?:on|el|in|en) (?=\d)", "", " ".join(words[-size:]))  # "on 10/15/2026", "el 15/10/2026"


def time_said(text: str, *, locale: str = "en", today: dt.date) -> str | None:
    """The words at the end of an answer that say when ("I got laid off last month", "retired on
    10/15/2026", "me despidieron ayer"): a day, or a recent stretch of days. None if there are none."""
    for tail in line_tails(text):
        if recent_span(tail, today) is not None:
            return tail
        try:
            parse_date(tail, locale=locale, today=today)
        except ParseError:
            continue
        return tail
    return None


BAD_DATE = N_("I couldn't read that date. Please write it like 2026-03-01 or 3/1/2026.")


def parse_date(text: str, *, locale: str = "en", today: dt.date | None = None) -> dt.date:
    """A calendar date: "2026-03-01", "3/1/2026", "March 1, 2026", "1 de marzo de 2026".

    Numeric dates are month first in English (US) and day first in Spanish
    ("1/3/2026" is 1 March), unless the numbers say otherwise ("3/20/2026"
    is 20 March in Spanish, "20.3.2026" in English: there is no 20th month).
    Given `today`, "yesterday", "tomorrow", "3 days ago" and "last Friday" read too.
    A date missing its day or year ("March 2025", "Dec 15") gets a reply
    asking for that part, not "couldn't read".
    """
    _check_length(text)
    raw = _fold(text).replace(",", " ")
    raw = re.sub(r"\s+", " ", raw).strip(" .!")
    raw = _DATE_LEAD.sub("", raw)  # "on 3/1/2026", "it was March 1, 2026", "el 1 de marzo de 2026"
    _check_empty(raw, N_("a date such as 2026-03-01"))
    bad = ParseError(BAD_DATE)
    if today is not None:
        if raw in _RELATIVE_DAYS:
            return today + dt.timedelta(days=_RELATIVE_DAYS[raw])
        if m := _DAYS_AGO.fullmatch(raw):
            return today - dt.timedelta(days=int(m[1] or m[2]))
        if (m := _LAST_WEEKDAY.fullmatch(raw)) and (m[1] or m[2]) in _WEEKDAYS:
            back = (today.weekday() - _WEEKDAYS[m[1] or m[2]]) % 7 or 7
            return today - dt.timedelta(days=back)
    year = month = day = None
    try:
        if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", raw):
            year, month, day = int(m[1]), int(m[2]), int(m[3])
        elif m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", raw):
            (month, day), year = _month_first(int(m[1]), int(m[2]), locale), _year(m[3])
        elif m := re.fullmatch(rf"([a-z]+)\.? (\d{{1,2}}){_ORDINAL} (\d{{4}})", raw):
            month, day, year = _month(m[1]), int(m[2]), int(m[3])
        elif m := re.fullmatch(rf"(\d{{1,2}}){_ORDINAL} (?:of |de )?([a-z]+)\.? (?:de |del )?(\d{{4}})", raw):
            day, month, year = int(m[1]), _month(m[2]), int(m[3])
    except ValueError:
        raise bad from None
    if year is None or month is None or day is None:
        if missing := _missing_part(raw):
            raise (missing == NEED_YEAR and _year_missing(raw, locale)) or ParseError(missing)
        raise bad
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(N_("That date doesn't exist. Please check the day and month, e.g. 2026-03-01.")) from None


_DATE_LEAD = re.compile(r"^(?:(?:it was|it's|its|was|on|el|fue) )+(?=\S)")

_YES = {"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "true", "si", "s", "claro", "correct", "right",
        "claro que si", "por supuesto", "de acuerdo", "correcto", "asi es", "dale", "vale", "afirmativo"}  # fmt: skip
_NO = {"no", "n", "nope", "nah", "false", "not", "negative", "negativo", "para nada", "claro que no"}


def parse_yes_no(text: str) -> bool:
    """"yes", "no", and a sentence that starts with one ("yes, she is", "no, office job"), unless it says the
    person does not know ("no idea") or carries a number (an answer of its own: "yes, about 2k a month")."""
    _check_length(text)
    raw = _fold(text).strip(" .!")
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    first, _, rest = raw.replace(",", " ").partition(" ")
    if first in _LEADING_YES_NO and rest.strip() and not _DONT_KNOW.search(raw) and not any(c.isdigit() for c in rest):
        return first in _YES
    raise ParseError(N_("Please answer yes or no."))


_LEADING_YES_NO = frozenset({"yes", "yeah", "yep", "yup", "si", "no", "nope", "nah"})
_DONT_KNOW = re.compile(r"(?<![a-z])(?:no idea|no clue|not sure|no se|no lo se|don'?t know|dunno|unsure)(?![a-z])")


# --- one-liners ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuickAnswers:
    """What a one-line message gave; None where it said nothing."""

    balance: Decimal | None = None
    age: int | None = None
    event: Event | None = None
    rate: Decimal | None = None
    state: str | None = None
    offset_date: dt.date | None = None  # a typed date: the day of the offset
    plan_457b: bool = False  # "457(b)", "457b", "457 plan": a governmental 457(b), which owes no 10%
    birth_date: dt.date | None = None  # "born 5/14/1969": the age on the day of the offset comes from it
    left_time: str | None = None  # "in September", "September 2025", "last month": when they left, as said
    state_rate: Decimal | None = None  # "CA 9.3%": a rate written right after the state is the state's
    filing_status: FilingStatus | None = None  # "single", "married filing jointly", "hoh"...
    income: Decimal | None = None  # "60k income", "salary $60,000", "I make 60k": the year's other income
    married: bool = False  # "married" without jointly or separately (filing_status is None then)
    # Form 1099-R named, its boxes or its code: None if not; else the box 7 code's loan letter, "l" or "m", or "".
    form_1099r: str | None = None

    def married_unsaid(self) -> bool:
        """The brackets would be used but for the filing status, given only as "married"."""
        return self.married and self.rate is None and self.income is not None

    def brackets(self) -> bool:
        """The line gives what the federal brackets need instead of a rate: a filing status and income (a rate
        in the line too is what the person says their tax is, and is kept)."""
        return self.rate is None and self.filing_status is not None and self.income is not None

    def age_answer(self) -> str | None:
        """What the age question takes from the line: the birth date (it gives the age on the offset's day,
        which may be asked after the line), or the age."""
        if self.birth_date is not None:
            return self.birth_date.isoformat()
        return None if self.age is None else str(self.age)

    def count(self) -> int:
        return sum(v is not None for v in (self.balance, self.age or self.birth_date, self.event, self.rate, self.state,
                                           self.offset_date, self.filing_status, self.income))


def parse_quick(text: str, *, locale: str = "en", today: dt.date | None = None) -> QuickAnswers:
    """Several answers in one line, in any order: "15000 45 left 22%", "$15k, 45, laid off, 24 %".

    An amount is a number with $, k, a group separator or at least 1000; an
    age is a bare whole number 14-120, or comes from "born <date>" (on the
    offset's day, or `today`); a rate carries %. Two bare numbers that could
    each be the age are ambiguous and rejected. "401k" is a plan, and "in
    September 2025" or "last month" says when they left (`left_time`).
    """
    if len(text) > 200:
        raise ParseError(N_("That message is too long ({count} characters). Please send just the answer."), count=len(text))
    raw = _fold(text)
    # Digit groups split by spaces belong together ("15 000").
    raw = re.sub(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d%])", lambda m: m[1] + m[2].replace(" ", ""), raw)
    # A loan from a 457(b) plan (only governmental ones lend): no 10% tax. A bare "457" could be an amount.
    raw, plan_457b = _PLAN_457B.subn(" ", raw)
    raw = _PLAN_NAMES.sub(" ", raw)  # "my 401k loan": a plan's name, not an amount
    form_1099r = None
    if form := read_form_1099r(raw):  # "1099-R box 1 12000 code L1": the form's name and boxes, not amounts
        raw, form_1099r = form.rest, form.code or ""
    raw = _PERCENT_WORD.sub(r"\1%", raw)  # "22 percent", "22pct"
    raw = _RATE_WORD.sub(r"\1%", raw)  # "rate 22", "bracket: 24"
    born = None
    if m := _BORN_IN_LINE.search(raw):  # "born 5/14/1969": not the day of the offset
        born = parse_date(m[1], locale=locale)
        raw = raw[: m.start()] + " " + raw[m.end() :]
    left_time = None
    if m := _TIME_IN_LINE.search(raw):  # "laid off in September 2025": when they left, not an amount
        left_time = m[0].strip()
        raw = raw[: m.start()] + " " + raw[m.end() :]
    said_age = None  # "45yo", "age 45", "45 years old": the age, whatever other bare numbers there are
    if m := _AGE_IN_LINE.search(raw):
        said_age = int(m["a"] or m["b"])
        raw = raw[: m.start()] + " " + raw[m.end() :]
    raw = _AMOUNT_LEFT.sub(r"\1 ", raw)  # "12k left on the loan", "8,000 left to pay": what remains, not leaving
    found = _find_event(raw)
    event = Event.DEFAULT if form_1099r == "l" else None  # loans treated as deemed distributions: missed payments
    if found is not None:
        event = found[0]
        raw = re.sub(r"(?<![a-z])" + re.escape(found[1]) + r"(?![a-z])", " ", raw, count=1)
    balance = age = rate = state = offset = None
    if _ABOUT_TO_TURN.search(raw):
        raise ParseError(_AGE_NOW)
    # "15 mil", "15 k": one amount, not a bare 15 that could be the age.
    raw = re.sub(r"(\d)\s+(k|mil|thousand|grand|million|millon|millones)(?![a-z])", r"\1\2", raw)
    # The year's other income, said as such ("60k income", "salary $60,000", "I make 60k"): not the loan.
    income = None
    if m := _INCOME_IN_LINE.search(raw):
        income = parse_amount(m["before"] or m["after"], locale=locale, allow_zero=True)
        raw = raw[: m.start()] + " " + raw[m.end() :]
    filing_status = None
    if m := _FILING_IN_LINE.search(raw):
        filing_status = parse_filing_status(m[0])
        raw = raw[: m.start()] + f" {_STATUS_MARK} " + raw[m.end() :]
    # "married" alone: jointly or separately changes the brackets, and a line cannot be asked which.
    married = None if filing_status is not None or _NOT_MARRIED.search(raw) else _MARRIED.search(raw)
    # "CA 9.3", "MD 4.75+3.2": a rate without its % right after a state's code (as typed, in capitals) is the
    # state's. A whole number is left alone: "CA 45" is more likely the age.
    raw = _RATE_AFTER_CODE.sub(lambda m: m[0] + "%" if m[1].upper() in STATES and m[1].upper() in text else m[0], raw)
    # "MD 4.75% + 3.2%": a state's rate and a local one (a county's), as the chat's question suggests: one rate.
    raw = _RATE_SUM.sub(lambda m: _summed_rate(m, locale), raw)
    bare: list[int] = []
    rates: list[tuple[int, Decimal]] = []  # (where in the line, rate)
    state_end = -1  # where the state's code or name ends in the line
    amounts: list[tuple[int, Decimal]] = []  # (where in the line, amount)
    amount_ends: list[int] = []
    # ", " becomes two spaces, so places in the line are places in `raw`.
    spaced = raw.replace(", ", "  ")
    for found_token in re.finditer(r"[^\s;]+(?:\s*%)?", spaced):
        token = found_token[0].strip(",;:?!¿¡")  # "a 20k loan?", "¿de 20 mil?"
        if not token:
            continue
        if _DATE_TOKEN.fullmatch(token):  # "2025-11-03", "11/3/2025": the day of the offset
            if offset is not None:
                raise ParseError(N_("I found two dates in that. Please send one: the day of the offset."))
            offset = parse_date(token, locale=locale)
            continue
        if token.endswith("%"):
            if len(rates) == 2:
                raise ParseError(N_("I found more than two tax rates in that. Please send your federal rate, and "
                                    "your state's right after the state, e.g. 22% CA 9.3%."))
            rates.append((found_token.start(), parse_percent(token, locale=locale)))
            continue
        if re.fullmatch(r"\d{1,3}", token) and not token.startswith("0") and int(token) <= 120:
            bare.append(int(token))
            continue
        try:
            amount = parse_amount(token, locale=locale)
        except ParseError:
            code = token.upper()
            if code in STATES and text.find(code) >= 0 and len(token) == 2:
                state = code
                state_end = found_token.start() + len(found_token[0].rstrip(",;:"))
            continue
        amounts.append((found_token.start(), amount))
        amount_ends.append(found_token.start() + len(found_token[0]))
    if len(amounts) == 2 and income is None and (filing_status is not None or married) and (
        _AFTER_STATUS.search(spaced, 0, amounts[1][0])
    ):
        # "20000 58 retired single 80k", "... married 150k": the amount right after the filing status is the
        # year's income, as in "single 80k income". Only after the loan's: "single 20000 ... 60000" could be either.
        income = amounts.pop()[1]
    if len(amounts) > 1:
        if spaced[amount_ends[0] : amounts[1][0]].strip() in _RANGE_SEPARATORS:
            raise ParseError(AMOUNT_RANGE)
        if _ROLLOVER_IN_LINE.search(raw):
            raise ParseError(ROLLOVER_IN_LINE)
        if _BORROWED.search(raw):  # "borrowed 20k, 12k left": what was lent, and what is still owed
            raise ParseError(BORROWED_NOT_OWED)
        raise ParseError(N_("I found two amounts in that. Please send one loan balance."))
    if amounts:
        balance = amounts[0][1]
        if _LENT.search(raw):  # "I borrowed 20k and left": what was lent, not what is still owed
            raise ParseError(BORROWED_NOT_OWED)
    if said_age is not None:
        if not rates and len(bare) == 1 and 10 <= bare[0] <= 37:
            rates.append((-1, Decimal(bare[0])))  # the age said as such, what else a bare 22 can be is the rate
        bare = [said_age]
    ages = [n for n in bare if 14 <= n <= 120]
    if len(ages) > 1:
        raise ParseError(N_("I can't tell which number is your age. Please add % to the tax rate, e.g. 22%."))
    if ages:
        age = ages[0]
    if state is None:
        for name, code in sorted(_STATE_BY_NAME.items(), key=lambda p: len(p[0]), reverse=True):
            # Short nicknames ("mass", "penn", "cali") are words or parts of names in a free line; short names are not.
            readable = len(name) > 4 or name in ("iowa", "ohio", "utah")
            if readable and (m := re.search(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", raw)):
                state, state_end = code, m.end()
                break
    if state is None:  # "NYC", "Brooklyn", "Baltimore": the city's state
        for name, (code, _city) in sorted(_CITIES.items(), key=lambda p: len(p[0]), reverse=True):
            if m := re.search(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", raw):
                state, state_end = code, m.end()
                break
    rate, state_rate = _federal_and_state_rates(rates, raw, state_end, filing_status is not None and income is not None)
    if born is not None:
        if age is not None:
            raise ParseError(N_("I found an age and a birth date in that. Please send one of them."))
        on = offset or today
        if on is not None:
            age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
            if not 14 <= age <= 120:
                raise ParseError(N_("{date} can't be your birth date. Please send your age, e.g. 45, or your birth "
                                    "date, e.g. 5/14/1980."), date=born)
    return QuickAnswers(
        balance=balance, age=age, event=event, rate=rate, state=state, offset_date=offset, plan_457b=bool(plan_457b),
        birth_date=born, left_time=left_time, state_rate=state_rate, filing_status=filing_status, income=income,
        married=married is not None, form_1099r=form_1099r,
    )


_RATE_TERM = r"\d{1,2}(?:[.,]\d{1,3})?"
_RATE_AFTER_CODE = re.compile(
    rf"(?<![a-z])([a-z]{{2}}):?\s+(?:\d{{1,2}}[.,]\d{{1,3}}|{_RATE_TERM}(?:\s*{_PLUS}\s*{_RATE_TERM})+)"
    rf"(?![\d.,%]|\s*%|\s*{_PLUS})"
)
# A sum of rates ending in % ("4.75% + 3.2%", "4.75+3.2%"): its terms.
_RATE_SUM = re.compile(rf"(?<![\d.,])(?:{_RATE_TERM}\s*%?\s*{_PLUS}\s*)+{_RATE_TERM}\s*%")


def _summed_rate(m: re.Match[str], locale: str) -> str:
    total = sum((parse_percent(term, locale=locale) for term in split_sum(m[0])), Decimal(0))
    return format_decimal(total, "0.###", locale=input_locale(locale)) + "%"


def _federal_and_state_rates(
    rates: list[tuple[int, Decimal]], raw: str, state_end: int, brackets: bool
) -> tuple[Decimal | None, Decimal | None]:
    """(federal rate, state rate) from the rates of a line: with two, the one written right after the state
    ("22% CA 9.3%", "California: 9.3%") is the state's. With one, it is the federal rate, unless a filing
    status and income stand in for that and it follows the state ("single 60k income CA 9.3%")."""

    def after_state(where: int) -> bool:
        return 0 <= state_end <= where and raw[state_end:where].strip(" ,:;-=") in ("", "at", "rate", "tasa", "al")

    if not rates:
        return None, None
    if len(rates) == 1:
        where, value = rates[0]
        return (None, value) if brackets and after_state(where) else (value, None)
    for i, (where, value) in enumerate(rates):
        if after_state(where):
            return rates[1 - i][1], value
    raise ParseError(N_("I found two tax rates in that. Please send one, or put your state's right after the "
                        "state, e.g. 22% CA 9.3%."))


_PLAN_NAMES = re.compile(r"(?<![\w$])40[13]\s*\(?[kb]\)?(?![\w])")
_DATE_WORDS = r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|[a-z]+\.? \d{1,2} \d{4}|\d{1,2} (?:de )?[a-z]+ (?:de )?\d{4})"
_BORN_IN_LINE = re.compile(
    r"(?<![a-z])(?:i was born(?: on)?|born(?: on)?|dob:?|d\.o\.b\.?:?|birthday:?|birth date:?|date of birth:?|"
    r"naci(?: el)?|fecha de nacimiento:?)\s+" + _DATE_WORDS
)
_MONTH_WORDS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
                r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
                r"septiembre|setiembre|octubre|noviembre|diciembre|ene|abr|ago|dic)\.?")
_TIME_IN_LINE = re.compile(
    r"(?<![a-z\d])(?:(?:in |en |back in )?" + _MONTH_WORDS + r"(?: of| de| del)? (?:19|20)\d\d(?!\d)|"
    r"(?:in|en|back in) " + _MONTH_WORDS + r"(?![a-z])|"
    r"(?:last|this) (?:month|week)|el mes pasado|este mes|la semana pasada|esta semana|"
    r"(?:about |around )?(?:\d{1,2}|a|one|two|three|a few|a couple of) (?:weeks?|months?) ago|"
    r"hace (?:unos |unas |como )?(?:\d{1,2}|un|una|dos|tres|unas|unos) (?:semanas?|mes|meses))(?![a-z])"
)


# An amount that reads as money, not an age: "$45", "45k", "45,000", "45000".
_MONEY_IN_LINE = r"(?:\$\d[\d,.]*(?:k|mil|thousand|grand)?|\d[\d,.]*(?:k|mil|thousand|grand)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{4,}(?:\.\d+)?)"
_INCOME_IN_LINE = re.compile(
    r"(?<![a-z])(?:other income|income|salary|wages|earnings|i earn|we earn|earn|i make|we make|make|making|"
    r"ingresos|ingreso|salario|sueldo|gano|ganamos)(?: is| was| of| about| around| de| unos| como)?:?\s*"
    r"(?P<after>" + _MONEY_IN_LINE + r")(?![\d%])"
    r"|(?<![\w$.,])(?P<before>" + _MONEY_IN_LINE + r")\s*(?:a year |per year |/yr |yearly |annual |al ano |anuales? )?"
    r"(?:of |in |de )?(?:other income|income|salary|wages|ingresos|salario|sueldo)(?![a-z])"
)
# The filing statuses' words (_FILING_WORDS) that a free line cannot mean otherwise: not "household income",
# "a separate account", "jointly owned", "not married to the idea"...
_NOT_FILING_IN_A_LINE = {
    "joint", "jointly", "separate", "separately", "household", "unmarried", "not married", "conjunta",
    "en conjunto", "conjuntamente", "por separado", "separado", "separada", "no casado", "no casada",
}
_FILING_IN_LINE = re.compile(
    r"(?<![a-z])(?:filing jointly|filing separately|"
    + "|".join(re.escape(p) for p, _ in sorted(_FILING_WORDS, key=lambda w: -len(w[0])) if p not in _NOT_FILING_IN_A_LINE)
    + r")(?![a-z])"
)


BORROWED_NOT_OWED = N_("Only the part still unpaid, with its interest, is offset, not what you borrowed. Please send "
                       "the unpaid balance alone, e.g. 12000.")


def amount_in_sentence(text: str, locale: str, today: dt.date) -> ParseError | None:
    """For a sentence where one amount is asked ("how much tax on a 20k 401k loan"): the one amount it holds,
    as a question (the question offers the amount as a button), since the other words may say it is
    something else (the account, a payment). None when it holds no amount, more than one, or other answers too."""
    try:
        line = parse_quick(text, locale=locale, today=today)
    except ParseError as error:
        return error if error.template == BORROWED_NOT_OWED else None
    if line.balance is None or line.count() != 1:
        return None
    return ParseError(AMOUNT_IN_SENTENCE, amount=line.balance)


AMOUNT_IN_SENTENCE = N_("Is {amount} the loan's unpaid balance? Tap it to go on, or send the balance, e.g. 15000.")


_BORROWED = re.compile(r"(?<![a-z])(?:borrowed|took out|originally|original loan|loan was|paid back|repaid|"
                       r"pedi prestado|prestamo original|pague)(?![a-z])")
# What was lent, said of the one amount in a line (what was repaid may leave the balance in it: "repaid most, 3k left").
_LENT = re.compile(r"(?<![a-z])(?:borrowed|took out|original(?:ly| loan| balance| amount)|pedi prestado|"
                   r"prestamo original)(?![a-z])")
_PERCENT_WORD = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s*(?:percent|per cent|pct|por ciento|porciento)(?![a-z])")
_RATE_WORD = re.compile(r"(?<![a-z])((?:rate|bracket|tax rate|tasa|tramo)\s*:?\s*\d{1,2}(?:[.,]\d{1,3})?)(?![\d.,%])")
_AGE_IN_LINE = re.compile(
    r"(?<![\d.,$])(?<!hace )(?P<a>\d{1,3})\s*(?:yo|y/o|y\.o\.?|years? old|yrs? old|year-old|anos)(?![a-z])"
    r"|(?<![a-z])(?:age|aged|edad)\s*:?\s*(?P<b>\d{1,3})(?![\d.,%])"
)
_MARRIED = re.compile(r"(?<![a-z])(?:married|casad[oa])(?![a-z])")
_STATUS_MARK = "\u2063"  # left where the filing status was taken out of a line: no token reads as anything
# The filing status, or "married" alone, right before a place in the line.
_AFTER_STATUS = re.compile(r"(?:\u2063|(?<![a-z])(?:married|casad[oa]))\s*$")
_NOT_MARRIED = re.compile(r"(?<![a-z])(?:not|un|no) ?(?:married|casad[oa])(?![a-z])")
MARRIED_WHICH_IN_LINE = N_("Married filing jointly or separately? It changes the brackets: please add \"jointly\" or "
                           "\"separately\".")

_PLAN_457B = re.compile(r"(?<![\w$])457\s*\(?b\)?(?![\w])|(?<![\w$])457 plan(?![a-z])", re.IGNORECASE)


_DATE_TOKEN = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})")
