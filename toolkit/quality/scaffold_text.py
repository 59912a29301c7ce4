"""The scaffold rule: text left in a module as `ssr-toolkit new` wrote it, waiting to be replaced.

The scaffold (`templates/new-module.yaml`) validates as it is, so that a designer can
build it at once; `check` then says which of its placeholder texts are still there.
The placeholders are read from the scaffold itself, so the rule follows it when it changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from toolkit.core.diagnostics import Severity, field_path, quote
from toolkit.module.scaffold import SCAFFOLD
from toolkit.module.snapshot import module_data
from toolkit.module.yamlsafe import FieldPath, load_yaml_file
from toolkit.quality.findings import Finding

if TYPE_CHECKING:
    from toolkit.module.snapshot import ModuleView

# Scaffold values a finished module may well keep: ids and codes, the vocabulary
# (methods, themes), ordinary materials, a real glossary entry, a plausible audience and
# period. The sample activities' titles are real ones too (the introduction module has
# "A threat men and women face differently").
KEPT_FIELDS = {
    "id",
    "language",
    "version",
    "method",
    "per",
    "themes",
    "serves",
    "item",
    "audience",
    "participants",
    "term",
    "definition",
    "period",
}
# Domains reserved for examples (RFC 2606): no source is published there.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


@cache
def placeholders() -> frozenset[tuple[str, str]]:
    """Return the texts of the scaffold a designer is meant to replace, each with the field that holds it."""
    document = load_yaml_file(SCAFFOLD, "new-module.yaml")
    # `$id`, `$title`: filled in by `new` with the designer's own words.
    return frozenset((_field(path), text) for path, text in _texts(document.data) if "$" not in text)


def _field(path: FieldPath) -> str:
    """Return the name of the field a path ends in (`bullets` for activities[0].slides[0].bullets[1])."""
    return next((part for part in reversed(path) if isinstance(part, str)), "")


def _texts(value: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Yield (field path, text) for each text in module data that could be a placeholder."""
    if isinstance(value, dict):
        for key, child in value.items():
            if not _kept((*path, key)):
                yield from _texts(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, (*path, index))
    elif isinstance(value, str):
        yield path, value.strip()


def _kept(path: FieldPath) -> bool:
    """Return True for a field whose scaffold value a finished module may keep."""
    key = path[-1]
    if key in KEPT_FIELDS or (key == "title" and len(path) == 3 and path[0] == "activities"):
        return True
    return key == "sources" and len(path) > 1  # an example's `sources` are ids (`S1`), not texts


def is_example_address(text: str) -> bool:
    """Return True for a web address on a domain reserved for examples, such as https://example.org/."""
    host = (urlsplit(text).hostname or "") if text.startswith(("http://", "https://")) else ""
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def scaffold_text(module: ModuleView) -> list[Finding]:
    """Return a warning for each text of the module left as the scaffold wrote it, in file order."""
    left = placeholders()
    return [
        _finding(module, path, text)
        for path, text in _texts(module_data(module))
        if (_field(path), text) in left or is_example_address(text)
    ]


def _finding(module: ModuleView, path: FieldPath, text: str) -> Finding:
    """Return the warning for one field still holding scaffold text."""
    advice = (
        "give the source's real address, or remove `url`"
        if _field(path) == "url"
        else "replace it with this module's own text"
    )
    message = f"{field_path(path)}: {quote(text)} is left from the scaffold; {advice}"
    return Finding(module.file, module.position(path), Severity.WARNING, message, "module.scaffold-text")
