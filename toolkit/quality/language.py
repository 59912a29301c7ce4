"""The inclusive-language rule: terms to avoid in module text, each with what to write instead.

The lists are data, one per language (`toolkit/quality/data/inclusive-language/*.yaml`, or the
user's own files); a module is checked against the lists for its language. Terms match
whole words in any case, so "manpower" is found but "woman" never matches "man". A term
inside one of its `keep` names (an official name such as "Conseil des droits de l'homme")
is not reported. Typographic variants count as the same character in terms, names and text
alike: a curly or modifier apostrophe as a straight one, a no-break or thin space as a
space, a non-breaking hyphen as a hyphen, so a name is kept however it was typed.
Findings are warnings placed at the module's file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, ValidationError

from toolkit.core.diagnostics import DiagnosticsError, Severity, field_path, quote
from toolkit.core.vocab import LANGUAGE_PATTERN
from toolkit.module.errors import diagnostics_from_validation
from toolkit.module.model import Frozen, Line, Module, Text
from toolkit.module.yamlsafe import FieldPath, load_yaml_file
from toolkit.quality.findings import Finding

SHIPPED_LISTS = Path(__file__).resolve().parent / "data" / "inclusive-language"
# Fields whose text is not prose of the module's authors: ids, codes, addresses, file paths,
# and sources, whose titles are quoted as published.
SKIPPED_FIELDS = {"id", "language", "version", "themes", "translation", "sources", "path", "url", "credit"}
_TOKENS = re.compile(r"(\([^()]*\)|\*|\s+)")
# One character for one, so a match in folded text has the same span in the original.
_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2019\u2018\u201b\u02bc\u02b9\u2032\u00b4\uff07", "'"),
        **dict.fromkeys("\u00a0\u202f\u2009\u2007\u200a", " "),
        **dict.fromkeys("\u2010\u2011", "-"),
    }
)


class LanguageTerm(Frozen):
    """A term to avoid, other forms of it, what to write instead, and why."""

    term: Line = Field(description="Whole words; `(s)` marks optional letters, `*` any further letters")
    also: Annotated[tuple[Line, ...], Field(max_length=20)] = ()
    suggestion: Line
    note: Text | None = None
    keep: Annotated[tuple[Line, ...], Field(max_length=50)] = Field(
        (), description="Names in which the term stays, such as official names; a term inside one is not reported"
    )


@dataclass(frozen=True)
class CompiledTerm:
    """A term with the pattern that finds it and the pattern of the names that keep it (None: no such names)."""

    term: LanguageTerm
    pattern: re.Pattern[str]
    kept: re.Pattern[str] | None


class LanguageList(Frozen):
    """A list of inclusive-language rules for modules in one language (or in every language)."""

    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] | None = None
    terms: Annotated[list[LanguageTerm], Field(min_length=1, max_length=1000)]


@dataclass(frozen=True)
class RuleList:
    """One loaded list: its language (None: every language), and each term with the pattern that finds it."""

    language: str | None
    rules: tuple[CompiledTerm, ...]

    def applies_to(self, language: str) -> bool:
        """Return True when the list is for modules in `language` (a regional variant counts)."""
        return self.language is None or _primary(self.language) == _primary(language)


@dataclass(frozen=True)
class LanguageRules:
    """Every loaded list; a module is checked against those for its language."""

    lists: tuple[RuleList, ...]

    def for_language(self, language: str) -> list[CompiledTerm]:
        """Return the terms, with their patterns, of every list for modules in `language`."""
        return [rule for rule_list in self.lists if rule_list.applies_to(language) for rule in rule_list.rules]


def _primary(language: str) -> str:
    """Return a language code's primary subtag: "en" for "en-GB"."""
    return language.split("-")[0].lower()


def typographic_fold(text: str) -> str:
    """Return `text` with typographic apostrophes, spaces and hyphens made plain, one character for one."""
    return text.translate(_TYPOGRAPHIC)


def term_pattern(term: str) -> str:
    """Return the regular expression for one form of a term: `(x)` optional, `*` more letters, spaces flexible.

    Everything else is literal, so a list can never hold a pattern that takes long to match. The
    term is folded (`typographic_fold`), to match text folded the same way.
    """
    parts = []
    for token in _TOKENS.split(typographic_fold(term).strip()):
        if token.startswith("(") and token.endswith(")"):
            parts.append(f"(?:{re.escape(token[1:-1])})?")
        elif token == "*":
            parts.append(r"\w*")
        elif token.isspace():
            parts.append(r"\s+")
        elif token:
            parts.append(re.escape(token))
    return "".join(parts)


def _whole_words(forms: Sequence[str]) -> re.Pattern[str]:
    """Return the pattern that finds any of `forms` as whole words, in any case, in folded text."""
    alternatives = "|".join(term_pattern(form) for form in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def compile_term(term: LanguageTerm) -> CompiledTerm:
    """Return a term with the pattern of its forms and the pattern of the names that keep it."""
    return CompiledTerm(term, _whole_words((term.term, *term.also)), _whole_words(term.keep) if term.keep else None)


def load_language_rules(paths: Sequence[Path] = ()) -> LanguageRules:
    """Return the lists in `paths` (the shipped lists when empty); raise DiagnosticsError naming every problem.

    Every list is read before any error is raised, so one run reports the problems of all of them.
    """
    problems = []
    lists = []
    for path in paths or sorted(SHIPPED_LISTS.glob("*.yaml")):
        try:
            lists.append(_load_list(path))
        except DiagnosticsError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise DiagnosticsError(problems)
    return LanguageRules(tuple(lists))


def _load_list(path: Path) -> RuleList:
    """Return one list read from `path`; raise DiagnosticsError naming every problem in it."""
    label = str(path)
    document = load_yaml_file(path, label)
    try:
        parsed = LanguageList.model_validate(document.data)
    except ValidationError as exc:
        raise DiagnosticsError(diagnostics_from_validation(exc, document, label, LanguageList)) from None
    return RuleList(parsed.language, tuple(compile_term(term) for term in parsed.terms))


def module_texts(value: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Yield (field path, text) for every text a module's authors wrote, skipping ids, codes and sources."""
    if isinstance(value, BaseModel):
        for name, child in value:
            if name not in SKIPPED_FIELDS:
                yield from module_texts(child, (*path, name))
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            yield from module_texts(child, (*path, index))
    elif isinstance(value, str) and not isinstance(value, Enum):
        yield path, value


def inclusive_language(module: Module, rules: LanguageRules) -> list[Finding]:
    """Return a warning for each listed term in each text of the module, with the suggestion."""
    applying = rules.for_language(module.language)
    findings = []
    for path, text in module_texts(module):
        folded = typographic_fold(text)
        for compiled in applying:
            found = _first_outside_kept(compiled, folded)
            if found:
                findings.append(_finding(module, path, text[found.start() : found.end()], compiled.term))
    return findings


def _first_outside_kept(compiled: CompiledTerm, folded: str) -> re.Match[str] | None:
    """Return the first match of a term in folded text that lies in none of the names that keep it, or None."""
    kept = [name.span() for name in compiled.kept.finditer(folded)] if compiled.kept else []
    for found in compiled.pattern.finditer(folded):
        if not any(start <= found.start() and found.end() <= end for start, end in kept):
            return found
    return None


def _finding(module: Module, path: FieldPath, found: str, term: LanguageTerm) -> Finding:
    """Return the warning for one term found in one field."""
    note = f" {term.note}" if term.note else ""
    message = f"{field_path(path)}: {quote(' '.join(found.split()))} — consider {term.suggestion}.{note}"
    return Finding(module.file, module.position(path), Severity.WARNING, message, "language.inclusive")
