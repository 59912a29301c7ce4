"""Load the reference .docx once per process and find its styles by name, with fallbacks and warnings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from toolkit.core.bundled import TEMPLATES
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.writers import opc
from toolkit.writers.docx_parts import main_part, set_default_language, styles_part
from toolkit.writers.docx_xml import W_TYPE, W_VAL, qn

DEFAULT_REFERENCE = TEMPLATES / "reference.docx"

W_STYLE, W_NAME, W_STYLE_ID, W_DEFAULT = qn("w:style"), qn("w:name"), qn("w:styleId"), qn("w:default")
# Word stores some built-in names in lower case ("heading 1") and shows them capitalised;
# styles are asked for by the names people see, as python-docx did.
UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header"} | {
    f"heading {level}": f"Heading {level}" for level in range(1, 10)
}
ON_VALUES = ("1", "true", "on")  # how the schema writes a true on/off value


class StyleType(enum.IntEnum):
    """The kind of a style; the values are python-docx's WD_STYLE_TYPE, which `doctor` compares them with."""

    PARAGRAPH = 1
    CHARACTER = 2
    TABLE = 3
    LIST = 4


XML_TYPES = {
    "paragraph": StyleType.PARAGRAPH,
    "character": StyleType.CHARACTER,
    "table": StyleType.TABLE,
    "numbering": StyleType.LIST,
}
PARAGRAPH, CHARACTER, TABLE = StyleType.PARAGRAPH, StyleType.CHARACTER, StyleType.TABLE


@dataclass(frozen=True)
class Wanted:
    """A style the writer uses: its name, its type and the style to use when it is missing."""

    name: str
    type: StyleType
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
        ("Checklist", PARAGRAPH, "List Paragraph"),
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


class Styles:
    """The styles of a reference, found by name once per process and read only afterwards."""

    def __init__(self, root: etree._Element, resolved: dict[str, str | None]):
        by_name = {_style_name(style): style for style in root.iterchildren(W_STYLE)}
        self._styles = {wanted: by_name.get(actual) if actual else None for wanted, actual in resolved.items()}
        defaults = [_default_style(root, kind) for kind in (PARAGRAPH, CHARACTER, TABLE)]
        # The default style is applied by leaving the style out, as Word itself does.
        self._ids = {
            wanted: style.get(W_STYLE_ID) if style is not None and style not in defaults else None
            for wanted, style in self._styles.items()
        }

    def __getitem__(self, name: str) -> etree._Element | None:
        """Return the `w:style` to use for the wanted style `name`; None means the document's default."""
        return self._styles[name]

    def id(self, name: str) -> str | None:
        """Return the style id to write for the wanted style `name`; None means the document's default."""
        return self._ids[name]


@dataclass(frozen=True)
class Reference:
    """A reference document (its parts as bytes), its styles found by name, and a warning for each one missing."""

    pristine: opc.Package
    styles_part: str
    styles: Styles
    warnings: tuple[Diagnostic, ...]
    path: Path = Path()  # where it was read from, which a warning about a document written on it names
    _by_language: dict[str, opc.Package] = field(default_factory=dict, compare=False, repr=False)

    def fresh_document(self, language: str) -> opc.Package:
        """Return a private copy of the reference package, ready to fill, with `language` in its style defaults.

        Its style ids are those of `styles`. The styles part depends on nothing but the language,
        so a copy with it is made once per language: parsing and writing the styles for each
        document took a tenth of the document's time.
        """
        if language not in self._by_language:
            package = self.pristine.copy()
            set_default_language(package.xml(self.styles_part), language)
            self._by_language[language] = package.copy()  # every part as bytes again: cheap to copy
            self._by_language[language].prime()
        return self._by_language[language].copy()


def _style_name(style: etree._Element) -> str | None:
    """Return a style's name as Word shows it ("Heading 1" for "heading 1"), or None if it has none."""
    element = style.find(W_NAME)
    name = element.get(W_VAL) if element is not None else None
    return UI_NAMES.get(name, name) if name is not None else None


def _style_type(style: etree._Element) -> StyleType | None:
    """Return a style's type: a paragraph style when it says none, as the schema has it; None if unknown."""
    return XML_TYPES.get(style.get(W_TYPE, "paragraph"))


def load_reference(path: Path | None) -> Reference:
    """Return the parsed reference document at `path` (the shipped one when None), cached per process.

    The cache key includes the file's modification time, so an edited reference is read again.
    Raises DiagnosticsError when the file cannot be read or is not a Word document.
    """
    path = (path or DEFAULT_REFERENCE).resolve()
    try:
        stat = path.stat()
    except OSError as exc:
        raise _error(path, f"cannot read the reference document: {exc.strerror}") from exc
    return _load(path, stat.st_mtime_ns, stat.st_size)


def reference_warnings(path: Path | None) -> tuple[Diagnostic, ...]:
    """Return a warning for each style the reference at `path` lacks, naming the fallback used."""
    return load_reference(path).warnings


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Reference:
    """Return the reference at `path`; `mtime_ns` and `size` only key the cache."""
    try:
        package = opc.Package.open(path)
        document_part = main_part(package)
        package.xml(document_part)  # a broken body is reported now, not half way through a build
        styles_name = styles_part(package, document_part)
        root = package.xml(styles_name)
    except opc.PackageError as exc:
        raise _error(path, f"not a Word (.docx) file: {exc}") from exc
    available = {(_style_name(style), _style_type(style)) for style in root.iterchildren(W_STYLE)}
    resolved: dict[str, str | None] = {}
    warnings = opc.dropped_warnings(path, package)
    for wanted in WANTED:
        resolved[wanted.name] = _resolve(wanted, available)
        if resolved[wanted.name] != wanted.name:
            warnings.append(_missing_style_warning(path, wanted, resolved[wanted.name]))
    # The copy holds every part as bytes, so a document's copy of it is cheap and parses only what it edits.
    return Reference(package.copy(), styles_name, Styles(root, resolved), tuple(warnings), path)


def _default_style(root: etree._Element, kind: StyleType) -> etree._Element | None:
    """Return the default style of a type: the last one marked default, as the standard says, or None."""
    defaults = [
        style
        for style in root.iterchildren(W_STYLE)
        if XML_TYPES.get(style.get(W_TYPE, "")) is kind and style.get(W_DEFAULT) in ON_VALUES
    ]
    return defaults[-1] if defaults else None


def _resolve(wanted: Wanted, available: set[tuple[str | None, StyleType | None]]) -> str | None:
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


def _error(path: Path, message: str) -> DiagnosticsError:
    """Return an error about the reference file, ready to raise."""
    return DiagnosticsError([Diagnostic(str(path), None, Severity.ERROR, message, "template.unreadable")])
