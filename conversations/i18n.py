"""Translations and locale-aware formatting, one `Texts` object per locale.

Strings are English in the code, marked `_("... {name} ...")` and filled with
`.format()` after translation (pybabel cannot extract f-strings). There is no
global `_`: async code serves many people at once, so each update gets the
`Texts` for its person's language and passes it along.

Catalogs live in `conversations/locale/<lang>/LC_MESSAGES/messages.mo`; drop
one in and that language is picked up (see `available_languages`). Without a
catalog the text stays English.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

__all__ = ["N_", "Texts", "LOCALE_DIR", "available_languages", "number_locale", "texts_for"]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

# Formatting locale per language: dollars are shown the way the person's US
# statements show them, so Spanish gets es_US ("$3,300.00"), not es ("3.300,00 US$").
_FORMAT_LOCALE = {"en": "en_US", "es": "es_US"}
_BUILTIN_LANGUAGES = frozenset(_FORMAT_LOCALE)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here (it is translated where shown)."""
    return message


@functools.cache
def available_languages() -> frozenset[str]:
    """Languages we speak: the built-in ones plus any with a compiled catalog."""
    found = set(_BUILTIN_LANGUAGES)
    if LOCALE_DIR.is_dir():
        for mo in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"):
            found.add(mo.parent.parent.name.split("_")[0].lower())
    return frozenset(found)


def _resolve(tag: str | None) -> tuple[str, str]:
    """A Telegram language code ("pt-br", "es-419", "ES") -> (language, babel locale for formatting)."""
    if not tag:
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
    """The babel locale used to read and write numbers for a language tag."""
    return _resolve(tag)[1]


class Texts:
    """Everything language-dependent for one locale: gettext plus babel formatters."""

    def __init__(self, language: str, format_locale: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self.locale = format_locale
        self._t = translations

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    # Babel rounds half-even; money is rounded half-up to the cent first, the
    # way people and the IRS worksheets do it.
    def money(self, amount: Decimal | int) -> str:
        value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return format_currency(value, "USD", locale=self.locale)

    def money_whole(self, amount: Decimal | int) -> str:
        value = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return format_currency(value, "USD", locale=self.locale, format="¤#,##0", currency_digits=False)

    def percent(self, pct: Decimal | int | float) -> str:
        """`pct` in percent (22 -> "22%", 12.5 -> "12.5%")."""
        value = Decimal(str(pct)) / 100
        # format_percent with the default pattern drops decimals ("5.25%" -> "5%").
        return format_percent(value, "#,##0.##%", locale=self.locale)

    def number(self, value: Decimal | int) -> str:
        return format_decimal(value, locale=self.locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, format="medium", locale=self.locale)

    def __repr__(self) -> str:
        return f"Texts({self.language!r}, {self.locale!r})"


@functools.lru_cache(maxsize=32)
def _texts(language: str, format_locale: str) -> Texts:
    if language == "en":
        translations: gettext.NullTranslations = gettext.NullTranslations()
    else:
        translations = gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=[format_locale, language], fallback=True
        )
    return Texts(language, format_locale, translations)


def texts_for(tag: str | None) -> Texts:
    """The `Texts` for a Telegram language code, English when we don't speak it."""
    return _texts(*_resolve(tag))
