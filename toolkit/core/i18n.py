"""Interface strings and clock times in the module's language, from gettext catalogues.

Catalogues are ordinary `.po` files in `toolkit/core/locale/<lang>/LC_MESSAGES/toolkit.po`,
so translators use their usual tools; they are compiled in memory when first needed,
so a `.po` file can never be out of step with a compiled copy.
"""

from __future__ import annotations

import gettext
import io
from datetime import time
from functools import cache
from pathlib import Path

from toolkit.core.bundled import PACKAGE

LOCALE_DIR = PACKAGE / "core" / "locale"
DOMAIN = "toolkit"
RTL_LANGUAGES = ("ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi")


def N_(message: str) -> str:
    """Return the message unchanged; marks it for extraction into the catalogue."""
    return message


def catalogue_path(language: str) -> Path:
    """Return where the catalogue of a language lives."""
    return LOCALE_DIR / language.split("-")[0] / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> list[str]:
    """Return the languages with an interface catalogue, English first."""
    return ["en", *sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]


def has_interface_strings(language: str) -> bool:
    """Return True when headings and labels can be written in the language: English, or a catalogue exists."""
    return _primary(language) == "en" or catalogue_path(language).is_file()


@cache
def language_problem(language: str) -> str | None:
    """Return why a language code cannot be built (Babel has no locale data for it), or None when it can.

    The build formats clock times with Babel, which refuses a locale it does not know;
    `validate` and `translate` say so first, with what to write instead.
    """
    from babel.core import Locale, UnknownLocaleError

    try:
        Locale.parse(language.replace("-", "_"))
        return None
    except (UnknownLocaleError, ValueError):
        pass
    primary = _primary(language)
    if primary != language and language_problem(primary) is None:
        return (
            f'"{language}" is not a language and region Babel knows; write "{primary}", or a region Babel knows for it'
        )
    return f'"{language}" is not a language code Babel knows; write an ISO 639 code such as en, es, fr, ar or fr-CA'


def _primary(language: str) -> str:
    """Return a language code's primary subtag: "fr" for "fr-CA"."""
    return language.split("-")[0].lower()


@cache
def translations(language: str) -> gettext.NullTranslations:
    """Return the interface translations for a language; English (or a missing catalogue) returns the source text."""
    path = catalogue_path(language)
    if language.startswith("en") or not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=language.split("-")[0])
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def is_rtl(language: str) -> bool:
    """Return True for languages written right to left."""
    return language.split("-")[0].lower() in RTL_LANGUAGES


def format_clock(value: time, language: str) -> str:
    """Return a time of day as the language writes it; the catalogue chooses 24- or 12-hour style."""
    from babel.dates import format_time

    pattern = translations(language).gettext("HH:mm")
    return format_time(value, pattern, locale=language.replace("-", "_"))
