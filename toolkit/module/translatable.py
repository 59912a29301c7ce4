"""Which fields of a module are language, and which a translation keeps as the source has them.

A translation rewrites text; numbers, codes, ids, the vocabulary (methods, exercise types,
themes), file paths and addresses are the same in every language. This module walks a
module's data (as `snapshot.module_data` gives it) and sorts each value:

- **fixed** — not language: it must equal the source's (`translation.fixed`);
- **text** — language: a translation changes it, and text still identical to the source's
  is reported as untranslated, unless it is not language after all (a number, a name, an
  address, a quotation, a few words);
- **free** — language a translation may keep as published: a source's title and publisher,
  a picture's credit and licence;
- **own** — the translation's own: the language of a source's title, which a translation
  marks when it is not the translation's (`en` for an English report in a French module).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from typing import Any

from toolkit.core.diagnostics import FieldPath

# Fields that hold no language, by the last key of their path. A list under one of these keys
# (`themes`, `serves`, a chart's `values`, an example's `sources`) is one value.
NOT_LANGUAGE = frozenset(
    {
        "id",
        "version",
        "duration",
        "themes",
        "minutes",
        "break_after",  # an activity's break: the same session plan in every language
        "weight",  # a content note's weight: the pack's daily limit counts the same in every language
        "method",
        "type",  # an activity's exercise type (DCAF's words, an enum)
        "group_size",
        "groups",
        "serves",
        "per",
        "quantity",
        "print",
        "write_lines",
        "path",
        "decorative",
        "kind",
        "values",
        "source",  # a chart's or diagram's source id
        "sources",  # an example's source ids (the module's `sources` list is walked: see `kind_of`)
        "date",
        "year",
        "url",
    }
)
# Text a translation may keep as it is: a publication's title and publisher as published (in the module's
# `sources`), a picture's credit and licence.
KEPT_AS_PUBLISHED = frozenset({"title", "publisher"})
CREDITS = frozenset({"credit", "licence"})
# Not compared at all: a translation's own language and its link to the source.
SKIPPED = frozenset({"language", "translation"})


class Kind(Enum):
    """What a value of a module is to a translation."""

    FIXED = "fixed"
    TEXT = "text"
    FREE = "free"
    OWN = "own"  # the translation's own, never compared: which language a source's title is in, seen from it


def kind_of(path: FieldPath) -> Kind:
    """Return what the value at `path` (keys and list indexes) is to a translation."""
    keys = [part for part in path if isinstance(part, str)]
    last = keys[-1] if keys else ""
    if last == "sources" and len(keys) == 1:
        return Kind.TEXT  # the module's list of sources: its entries are walked one field at a time
    if keys[0] == "sources" and last == "language":
        return Kind.OWN  # an English title is marked `en` in a French translation, not in its English source
    if last in NOT_LANGUAGE:
        return Kind.FIXED
    if last in CREDITS or (keys[0] == "sources" and last in KEPT_AS_PUBLISHED):
        return Kind.FREE
    return Kind.TEXT


def leaves(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Yield (path, value) for each value of module data a translation is compared on, in file order.

    A fixed field is yielded whole (a list of themes is one value); text is yielded one
    string at a time. The translation's own `language` and `translation` are not yielded.
    """
    if path and kind_of(path) is Kind.FIXED:
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if not path and key in SKIPPED:
                continue
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*path, index))
    else:
        yield path, data


def texts(data: Any) -> dict[FieldPath, str]:
    """Return every language string of module data (text and text kept as published) by its path."""
    return {
        path: value
        for path, value in leaves(data)
        if isinstance(value, str) and kind_of(path) in (Kind.TEXT, Kind.FREE)
    }


_URL = re.compile(r"\(?https?://\S+|www\.\S+|\S+@\S+\.\w+")
_LETTERS = re.compile(r"[^\W\d_]+")
_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’", "„": "“", "'": "'", "‚": "‘", "「": "」"}
MIN_WORDS = 4  # a shorter text ("Plenary", "UN Women", "Ni Una Menos") may well be the same in both languages
SMALL_WORD = 3  # a name may join its capitalised words with short ones: Truth and Reconciliation Commission


def is_language(text: str) -> bool:
    """Return True when text identical in a translation and its source means it was left untranslated.

    Not language: text without words (numbers, dates, `15–30`), web and mail addresses, fewer than
    MIN_WORDS words, a proper name (every word capitalised but short joining words) and a quotation
    kept in its own language (the whole text in quotation marks).
    """
    stripped = text.strip()
    if stripped[:1] in _QUOTES and stripped.endswith(_QUOTES[stripped[0]]) and len(stripped) > 1:
        return False
    words = _LETTERS.findall(_URL.sub(" ", stripped.replace("](", "] (")))
    if len(words) < MIN_WORDS:
        return False
    return not all(word[0].isupper() or len(word) <= SMALL_WORD for word in words)


def item_text(item: Any) -> str:
    """Return the text that names a list item in a message: the item, or its first text field."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for key in ("text", "title", "term", "item", "label", "caption", "name", "id"):
            if isinstance(item.get(key), str):
                return str(item[key])
    if isinstance(item, list):
        return " | ".join(str(cell) for cell in item if cell)
    return str(item)


# How a message names one item of each list, by the list's key.
ITEM_NAMES = {
    "learning_objectives": "learning objective",
    "key_messages": "key message",
    "preparation": "preparation item",
    "activities": "activity",
    "materials": "material",
    "steps": "step",
    "slides": "slide",
    "images": "picture",
    "bullets": "bullet",
    "questions": "question",
    "guidance": "listen-for point",
    "variations": "variation",
    "columns": "column",
    "rows": "row",
    "categories": "category",
    "series": "series",
    "items": "item",
    "examples": "example",
    "glossary": "glossary entry",
    "sources": "source",
    "safeguarding": "safeguarding point",
}


def item_name(path: FieldPath) -> str:
    """Return how a message names one item of the list at `path`: `question` for activities[1].questions."""
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    return ITEM_NAMES.get(key, "item")
