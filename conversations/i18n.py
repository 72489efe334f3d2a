"""Translations and locale-aware formatting, one `Texts` object per locale.

Strings are English in the code, marked `_("... {name} ...")` and filled with
`.format()` after translation (pybabel cannot extract f-strings). There is no
global `_`: async code serves many people at once, so each update gets the
`Texts` for its person's language and passes it along.

Catalogs live in `conversations/locale/<lang>/LC_MESSAGES/messages.po` (in
git); the build (setup.py's build_py) compiles each to `messages.mo` next to
it, and .mo files are never committed. A checkout where no build ran (tests
straight from the source tree, a .po edited since the last build) still gets
the catalog: a `.mo` that is missing or older than its `.po` is replaced by
the `.po` compiled in memory with babel, once per process. Drop a catalog in
and that language is picked up (see `available_languages`); without one the
text stays English.

Keeping the catalogs up to date, from the repository root (see conversations/catalogs.py):

    python -m conversations.catalogs extract   # = pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2
    python -m conversations.catalogs update    # = pybabel update; new strings arrive untranslated
    (translate what is new or fuzzy in each messages.po)
    python -m conversations.catalogs check

tests/test_i18n_es.py fails while the .pot misses a string of the code or a
catalog has an untranslated or fuzzy entry.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import logging
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent

log = logging.getLogger(__name__)

__all__ = [
    "N_",
    "Texts",
    "LOCALE_DIR",
    "available_languages",
    "input_locale",
    "load_translations",
    "number_locale",
    "texts_for",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

# Formatting locale per language: dollars are shown the way the person's US
# statements show them, so Spanish gets es_US ("$3,300.00"), not es ("3.300,00 US$").
_FORMAT_LOCALE = {"en": "en_US", "es": "es_US"}
# Reading locale per language: what an ambiguous typed number means. A Spanish
# speaker's "15.000" is fifteen thousand and "12,5" twelve and a half, even
# though we *write* dollars the es_US way; unambiguous US forms ("$15,000.50")
# are still understood (see conversations.reading.numbers).
_INPUT_LOCALE = {"en": "en_US", "es": "es"}
# How a date is written in a reply, per language (babel's format name; "medium" otherwise).
# Spanish writes it out, "15 de octubre de 2027": its medium form "15 oct 2027" reads as a
# clipped note in a sentence ("vence el 15 oct 2027"). English keeps "Oct 15, 2027".
_DATE_FORMAT = {"es": "long"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here (it is translated where shown)."""
    return message


def _catalog_dirs() -> list[Path]:
    if not LOCALE_DIR.is_dir():
        return []
    return [p.parent for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.*") if p.suffix in (".po", ".mo")]


@functools.cache
def available_languages() -> frozenset[str]:
    """Languages we speak: English plus any with a catalog (.po or compiled .mo).

    Spanish is built in for formatting, but without a catalog its texts would
    be English, so it counts only once its catalog is there.
    """
    found = {"en"}
    for messages_dir in _catalog_dirs():
        found.add(messages_dir.parent.name.split("_")[0].lower())
    return frozenset(found)


def _resolve(tag: str | None) -> tuple[str, str]:
    """A Telegram language code ("pt-br", "es-419", "ES") -> (language, babel locale for formatting)."""
    if tag is None or type(tag) is str:
        # Cached per (tag, languages we speak): babel's Locale.parse is slow for a per-update call.
        return _resolve_cached(tag, available_languages())
    return _resolve_uncached(tag)


@functools.lru_cache(maxsize=256)
def _resolve_cached(tag: str | None, languages: frozenset[str]) -> tuple[str, str]:
    return _resolve_uncached(tag)


def _resolve_uncached(tag: str | None) -> tuple[str, str]:
    if not tag or not isinstance(tag, str):
        return "en", "en_US"
    cleaned = tag.strip().replace("-", "_")
    try:
        parsed = Locale.parse(cleaned)
    except (ValueError, TypeError, UnknownLocaleError):
        return "en", "en_US"
    language = parsed.language.lower()
    if language not in available_languages():
        return "en", "en_US"
    if language in _FORMAT_LOCALE:
        return language, _FORMAT_LOCALE[language]
    return language, str(parsed)


def number_locale(tag: str | None) -> str:
    """The babel locale used to write numbers and money for a language tag ("es" -> "es_US")."""
    return _resolve(tag)[1]


def input_locale(tag: str | None) -> str:
    """The babel locale whose conventions decide what an ambiguous typed number means ("es" -> "es")."""
    language, format_locale = _resolve(tag)
    return _INPUT_LOCALE.get(language, format_locale)


_MTIME_SLACK = 2.0  # seconds


def _compile_po(po_path: Path) -> gettext.GNUTranslations:
    """A .po compiled in memory with babel: the same catalog the build would compile."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as pybabel compile does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.lru_cache(maxsize=32)
def _translations_in(messages_dir: Path) -> gettext.GNUTranslations | None:
    mo_path = messages_dir / f"{DOMAIN}.mo"
    po_path = messages_dir / f"{DOMAIN}.po"
    try:
        mo_stat = mo_path.stat() if mo_path.is_file() else None
        # Installing a wheel writes the .po just after the .mo: only a clearly older .mo is stale.
        if po_path.is_file() and (mo_stat is None or mo_stat.st_mtime + _MTIME_SLACK < po_path.stat().st_mtime):
            log.info("compiling %s in memory (no up-to-date .mo; run a build to skip this)", po_path)
            return _compile_po(po_path)
        if mo_stat is not None:
            with mo_path.open("rb") as handle:
                return gettext.GNUTranslations(handle)
    except Exception as err:  # noqa: BLE001
        # A broken catalog must not take the bot down: that language falls back to English.
        log.error("cannot load the catalog in %s: %s", messages_dir, err)
    return None


def load_translations(language: str, format_locale: str | None = None) -> gettext.NullTranslations:
    """The gettext translations for a language: its catalog ("es_US" first, then "es"), else English."""
    if language == "en":
        return gettext.NullTranslations()
    for name in dict.fromkeys(n for n in (format_locale, language) if n):
        found = _translations_in(LOCALE_DIR / name / "LC_MESSAGES")
        if found is not None:
            return found
    return gettext.NullTranslations()


class Texts:
    """Everything language-dependent for one locale: gettext plus babel formatters."""

    def __init__(self, language: str, format_locale: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        #: The babel locale numbers, money and dates are written in ("es_US").
        self.locale = format_locale
        #: The babel locale that decides what ambiguous typed numbers mean ("es").
        self.input_locale = _INPUT_LOCALE.get(language, format_locale)
        self._date_format = _DATE_FORMAT.get(language, "medium")
        self._t = translations

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    # Babel rounds half-even; money is rounded half-up to the cent first, the
    # way people and the IRS worksheets do it.
    # The formatted texts are memoized per locale (see _money_text & co.): babel's
    # formatters parse the locale and the pattern on every call (~50-100 µs each),
    # and a conversation shows the same few amounts and rates again and again.
    def money(self, amount: Decimal | int) -> str:
        value = Decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP)
        return _money_text(self.locale, str(value))

    def money_whole(self, amount: Decimal | int) -> str:
        value = Decimal(amount).quantize(_ONE, rounding=ROUND_HALF_UP)
        return _money_whole_text(self.locale, str(value))

    def percent(self, pct: Decimal | int | float) -> str:
        """`pct` in percent (22 -> "22%", 12.5 -> "12.5%")."""
        return _percent_text(self.locale, str(pct))

    def number(self, value: Decimal | int) -> str:
        return format_decimal(value, locale=_babel_locale(self.locale))

    def date(self, value: dt.date) -> str:
        """`value` as a reply writes it: "Oct 15, 2027", "15 de octubre de 2027"."""
        if type(value) is dt.date:
            return _date_text(self.locale, self._date_format, value)
        return format_date(value, format=self._date_format, locale=_babel_locale(self.locale))

    def date_list(self, values: Sequence[dt.date]) -> str:
        """Dates for "on {dates}": "Sep 15, 2027 and Oct 8, 2027".

        Spanish templates say "el {dates}", so each later date gets its own article, and dates of
        one year name it once: "15 de septiembre y el 8 de octubre de 2027".
        """
        if self.language != "es" or len(values) < 2:
            return format_list([self.date(v) for v in values], locale=self.locale)
        same_year = len({v.year for v in values}) == 1
        words = [
            format_skeleton("MMMMd", v, locale=_babel_locale(self.locale)) if same_year else self.date(v)
            for v in values[:-1]
        ]
        words.append(self.date(values[-1]))
        return format_list([words[0], *(f"el {w}" for w in words[1:])], locale=self.locale)

    def typed_date(self, value: dt.date) -> str:
        """`value` as a person of this language types it: "8/20/1966" in English, "20/8/1966" in Spanish.

        The order follows the input locale, the one `parse_date` reads typed dates with.
        """
        locale = _babel_locale(self.input_locale)
        pattern = locale.date_formats["short"].pattern.replace("yy", "y")  # four-digit years
        return format_date(value, format=pattern, locale=locale)

    def month(self, value: dt.date) -> str:
        """`value`'s month and year, for a time said without its day: "September 2025", "septiembre de 2025"."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", value, locale=_babel_locale(self.locale))

    def long_date(self, value: dt.date) -> str:
        """`value` written out: "August 20, 1966", "20 de agosto de 1966"."""
        return format_date(value, format="long", locale=_babel_locale(self.locale))

    def __repr__(self) -> str:
        return f"Texts({self.language!r}, {self.locale!r})"


_CENT = Decimal("0.01")
_ONE = Decimal(1)


@functools.lru_cache(maxsize=64)
def _babel_locale(name: str) -> Locale:
    return Locale.parse(name)


# Pure functions of their (string) arguments, so memoizing them changes no output;
# bounded, so the memory they take does not grow with the number of people.
@functools.lru_cache(maxsize=2048)
def _money_text(locale: str, value: str) -> str:
    return format_currency(Decimal(value), "USD", locale=_babel_locale(locale))


@functools.lru_cache(maxsize=512)
def _money_whole_text(locale: str, value: str) -> str:
    return format_currency(Decimal(value), "USD", locale=_babel_locale(locale), format="¤#,##0", currency_digits=False)


@functools.lru_cache(maxsize=512)
def _percent_text(locale: str, pct: str) -> str:
    value = Decimal(pct) / 100
    # format_percent with the default pattern drops decimals ("5.25%" -> "5%"); three places, as a rate is
    # read to a thousandth ("3.876%", New York City's top rate).
    return format_percent(value, "#,##0.###%", locale=_babel_locale(locale))


@functools.lru_cache(maxsize=512)
def _date_text(locale: str, form: str, value: dt.date) -> str:
    return format_date(value, format=form, locale=_babel_locale(locale))


@functools.lru_cache(maxsize=32)
def _texts(language: str, format_locale: str) -> Texts:
    return Texts(language, format_locale, load_translations(language, format_locale))


def texts_for(tag: str | None) -> Texts:
    """The `Texts` for a Telegram language code, English when we don't speak it."""
    return _texts(*_resolve(tag))
