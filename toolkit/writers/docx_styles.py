"""Load the reference .docx once per process and find its styles by name, with fallbacks and warnings."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.styles.style import BaseStyle

from toolkit.diagnostics import Diagnostic, Severity

DEFAULT_REFERENCE = Path(__file__).resolve().parents[2] / "templates" / "reference.docx"

PARAGRAPH, CHARACTER, TABLE = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE


@dataclass(frozen=True)
class Wanted:
    """A style the writer uses: its name, its type and the style to use when it is missing."""

    name: str
    type: WD_STYLE_TYPE
    fallback: str | None


# Every style the writer asks for. A fallback of None means "the document's default".
WANTED = tuple(
    Wanted(name, kind, fallback)
    for name, kind, fallback in (
        ("Normal", PARAGRAPH, None),
        ("Title", PARAGRAPH, "Normal"),
        ("Heading 1", PARAGRAPH, "Normal"),
        ("Heading 2", PARAGRAPH, "Normal"),
        ("Heading 3", PARAGRAPH, "Normal"),
        ("List Bullet", PARAGRAPH, "List Paragraph"),
        ("List Number", PARAGRAPH, "List Paragraph"),
        ("Box Label", PARAGRAPH, "Normal"),
        ("Question", PARAGRAPH, "Normal"),
        ("Box Text", PARAGRAPH, "Normal"),
        ("Safeguarding", PARAGRAPH, "Normal"),
        ("Content Note", PARAGRAPH, "Normal"),
        ("Write Line", PARAGRAPH, "Normal"),
        ("Table Heading", PARAGRAPH, "Normal"),
        ("Table Text", PARAGRAPH, "Normal"),
        ("Footer", PARAGRAPH, "Normal"),
        ("Hyperlink", CHARACTER, None),
        ("Toolkit Table", TABLE, "Table Grid"),
        ("Question Box", TABLE, "Table Grid"),
        ("Note Box", TABLE, "Table Grid"),
        ("Example Box", TABLE, "Table Grid"),
        ("Safeguarding Box", TABLE, "Table Grid"),
        ("Content Note Box", TABLE, "Table Grid"),
    )
)


@dataclass(frozen=True)
class Reference:
    """A parsed reference document, its styles found by name, and a warning for each one missing."""

    pristine: DocxDocument
    styles: Styles
    warnings: tuple[Diagnostic, ...]

    def fresh_document(self) -> DocxDocument:
        """Return a private copy of the reference, ready to fill.

        Copying the parsed tree is cheaper than parsing the file again; style ids stay the same.
        """
        return copy.deepcopy(self.pristine)


class Styles:
    """The styles of a reference, found by name once per process and read only afterwards."""

    def __init__(self, document: DocxDocument, resolved: dict[str, str | None]):
        by_name = {style.name: style for style in document.styles}
        self._styles = {wanted: by_name.get(actual) if actual else None for wanted, actual in resolved.items()}
        defaults = [document.styles.default(kind) for kind in (PARAGRAPH, CHARACTER, TABLE)]
        default_elements = {style.element for style in defaults if style is not None}
        # The default style is applied by leaving the style out, as Word itself does.
        self._ids = {
            wanted: style.style_id if style is not None and style.element not in default_elements else None
            for wanted, style in self._styles.items()
        }

    def __getitem__(self, name: str) -> BaseStyle | None:
        """Return the style to use for the wanted style `name`; None means the document's default."""
        return self._styles[name]

    def id(self, name: str) -> str | None:
        """Return the style id to write for the wanted style `name`; None means the document's default."""
        return self._ids[name]


def load_reference(path: Path | None) -> Reference:
    """Return the parsed reference document at `path` (the shipped one when None), cached per process.

    The cache key includes the file's modification time, so an edited reference is read again.
    """
    path = (path or DEFAULT_REFERENCE).resolve()
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


def reference_warnings(path: Path | None) -> tuple[Diagnostic, ...]:
    """Return a warning for each style the reference at `path` lacks, naming the fallback used."""
    return load_reference(path).warnings


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Reference:
    """Return the reference at `path`; `mtime_ns` and `size` only key the cache."""
    document = docx.Document(str(path))
    available = {(style.name, style.type) for style in document.styles}
    resolved: dict[str, str | None] = {}
    warnings = []
    for wanted in WANTED:
        resolved[wanted.name] = _resolve(wanted, available)
        if resolved[wanted.name] != wanted.name:
            warnings.append(_missing_style_warning(path, wanted, resolved[wanted.name]))
    return Reference(document, Styles(document, resolved), tuple(warnings))


def _resolve(wanted: Wanted, available: set[tuple[str, WD_STYLE_TYPE]]) -> str | None:
    """Return the name of the style to use for `wanted`: itself, its fallback, or None for the default."""
    for name in (wanted.name, wanted.fallback):
        if name is not None and (name, wanted.type) in available:
            return name
    return None


def _missing_style_warning(path: Path, wanted: Wanted, used: str | None) -> Diagnostic:
    """Return the warning that `wanted` is missing from the reference and `used` stands in for it."""
    instead = f'"{used}"' if used else "the default style"
    return Diagnostic(
        str(path),
        None,
        Severity.WARNING,
        f'the reference document has no {wanted.type.name.lower()} style "{wanted.name}"; using {instead} instead',
        "docx.missing-style",
    )
