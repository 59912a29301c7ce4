"""Load the reference .docx once per process and find the styles the writer uses: by name, by role, or supplied."""

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
from toolkit.writers.docx_supplied import brand_of, find_by_role, mark_heading, names_of, supply
from toolkit.writers.docx_xml import W_STYLE_ID, W_TYPE, qn

DEFAULT_REFERENCE = TEMPLATES / "reference.docx"

W_STYLE, W_NAME, W_DEFAULT = qn("w:style"), qn("w:name"), qn("w:default")
# Word stores some built-in names in lower case ("heading 1") and shows them capitalised;
# styles are asked for by the names people see, as python-docx did.
UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header"} | {
    f"heading {level}": f"Heading {level}" for level in range(1, 10)
}
ON_VALUES = ("1", "true", "on")  # how the schema writes a true on/off value
# An organisation's names for the styles the toolkit uses: (wanted style, the reference's style name) pairs.
StyleRoles = tuple[tuple[str, str], ...]


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
    """A style the writer uses: its name and its type."""

    name: str
    type: StyleType


# Every style the writer asks for.
WANTED = tuple(
    Wanted(name, kind)
    for name, kind in (
        ("Normal", PARAGRAPH),
        ("Title", PARAGRAPH),
        ("Heading 1", PARAGRAPH),
        ("Heading 2", PARAGRAPH),
        ("Heading 3", PARAGRAPH),
        ("List Bullet", PARAGRAPH),
        ("List Number", PARAGRAPH),
        ("Checklist", PARAGRAPH),
        ("Box Label", PARAGRAPH),
        ("Question", PARAGRAPH),
        ("Box Text", PARAGRAPH),
        ("Safeguarding", PARAGRAPH),
        ("Content Note", PARAGRAPH),
        ("Write Line", PARAGRAPH),
        ("Table Heading", PARAGRAPH),
        ("Table Text", PARAGRAPH),
        ("Caption", PARAGRAPH),
        ("Footer", PARAGRAPH),
        ("Hyperlink", CHARACTER),
        ("Toolkit Table", TABLE),
        ("Question Box", TABLE),
        ("Note Box", TABLE),
        ("Example Box", TABLE),
        ("Safeguarding Box", TABLE),
        ("Content Note Box", TABLE),
    )
)


class Styles:
    """The style the writer uses for each wanted style, found or supplied once per process, read only afterwards."""

    def __init__(self, root: etree._Element, resolved: dict[str, etree._Element | None]):
        self._styles = resolved
        defaults = [_default_style(root, kind) for kind in (PARAGRAPH, CHARACTER, TABLE)]
        # The default style is applied by leaving the style out, as Word itself does.
        self._ids = {
            wanted: style.get(W_STYLE_ID) if style is not None and style not in defaults else None
            for wanted, style in self._styles.items()
        }
        self.supplied: tuple[str, ...] = ()  # the wanted styles the reference lacked, added from the shipped one

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


def _style_type(style: etree._Element) -> StyleType | None:
    """Return a style's type: a paragraph style when it says none, as the schema has it; None if unknown."""
    return XML_TYPES.get(style.get(W_TYPE, "paragraph"))


def load_reference(path: Path | None, roles: StyleRoles = ()) -> Reference:
    """Return the parsed reference document at `path` (the shipped one when None), cached per process.

    `roles` maps wanted styles to the reference's own style names ("Heading 1" → "NGO Heading 1").
    A wanted style the reference lacks is supplied from the shipped reference in its fonts and
    colours. The cache key includes the file's modification time, so an edited reference is
    read again. Raises DiagnosticsError when the file cannot be read or is not a Word document,
    or when a role can be neither found nor supplied.
    """
    path = (path or DEFAULT_REFERENCE).resolve()
    try:
        stat = path.stat()
    except OSError as exc:
        raise _error(path, f"cannot read the reference document: {exc.strerror}") from exc
    return _load(path, stat.st_mtime_ns, stat.st_size, tuple(roles))


def reference_warnings(path: Path | None, roles: StyleRoles = ()) -> tuple[Diagnostic, ...]:
    """Return the warnings about the reference at `path` (parts dropped from it)."""
    return load_reference(path, roles).warnings


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int, roles: StyleRoles) -> Reference:
    """Return the reference at `path`; `mtime_ns` and `size` only key the cache."""
    try:
        package = opc.Package.open(path)
        document_part = main_part(package)
        package.xml(document_part)  # a broken body is reported now, not half way through a build
        styles_name = styles_part(package, document_part)
        root = package.xml(styles_name)
    except opc.PackageError as exc:
        raise _error(path, f"not a Word (.docx) file: {exc}") from exc
    warnings = opc.dropped_warnings(path, package)
    found = resolve_styles(root, roles, str(path))
    if found.problems:
        raise DiagnosticsError(list(found.problems))
    styles = Styles(root, found.styles)
    styles.supplied = found.supplied
    # The copy holds every part as bytes, so a document's copy of it is cheap and parses only what it edits.
    return Reference(package.copy(), styles_name, styles, tuple(warnings), path)


@dataclass(frozen=True)
class Resolution:
    """The style for each wanted style, which were supplied, and why a role could not be (errors)."""

    styles: dict[str, etree._Element | None]
    supplied: tuple[str, ...]
    problems: tuple[Diagnostic, ...]


def resolve_styles(root: etree._Element, roles: StyleRoles, file: str) -> Resolution:
    """Return the style for each wanted style in the styles part `root`, supplying those it lacks.

    A wanted style is, in turn: the style `roles` names for it, the style of its name, the
    style Word's built-in id or (for headings) an outline level says plays it, else the shipped
    reference's own, added to `root` in the brand's heading font and colour. Heading styles are
    given their outline level. A role mapped to a style the reference lacks, or whose name the
    reference gives a style of another kind, cannot be supplied: that is a problem.
    """
    by_name: dict[tuple[str, StyleType | None], etree._Element] = {}
    for element in root.iterchildren(W_STYLE):
        for name in names_of(element):
            by_name.setdefault((UI_NAMES.get(name, name), _style_type(element)), element)
    mapped = dict(roles)
    problems = [_unknown_role(file, role) for role in mapped if role not in {w.name for w in WANTED}]
    found: dict[str, etree._Element | None] = {}
    for wanted in WANTED:
        style: etree._Element | None = by_name.get((wanted.name, wanted.type))
        if wanted.name in mapped:
            style = by_name.get((mapped[wanted.name], wanted.type))
            if style is None:
                problems.append(_unmapped(file, wanted, mapped[wanted.name]))
                continue
        if style is None:
            style = find_by_role(root, wanted.name, _xml_type(wanted.type))
        if style is None and wanted.name == "Normal":
            style = _default_style(root, PARAGRAPH)
        found[wanted.name] = style
    heading = found.get("Heading 1")
    brand = brand_of(root, heading if heading is not None else found.get("Title"))
    supplied = []
    for wanted in WANTED:
        if wanted.name not in found or found[wanted.name] is not None or wanted.name == "Normal":
            continue
        clash = next((kind for (name, kind), _ in by_name.items() if name == wanted.name), None)
        if clash is not None:
            problems.append(_clash(file, wanted, clash))
            continue
        found[wanted.name] = supply(root, wanted.name, _xml_type(wanted.type), brand)
        supplied.append(wanted.name)
    for name, chosen in found.items():
        if chosen is not None:
            mark_heading(chosen, name)
    return Resolution(found, tuple(supplied), tuple(problems))


def _xml_type(kind: StyleType) -> str:
    """Return a style type as the schema writes it ("paragraph", "table"…)."""
    return next(name for name, value in XML_TYPES.items() if value is kind)


def _unknown_role(file: str, role: str) -> Diagnostic:
    """Return the error for a style mapping naming a role the toolkit does not have."""
    roles = ", ".join(f'"{wanted.name}"' for wanted in WANTED)
    return _problem(file, f'the style mapping names "{role}", which is no style the toolkit uses; use one of {roles}')


def _unmapped(file: str, wanted: Wanted, name: str) -> Diagnostic:
    """Return the error for a role mapped to a style the reference does not have (of that kind)."""
    kind = wanted.type.name.lower()
    return _problem(
        file,
        f'the style mapping gives "{wanted.name}" to "{name}", but the reference document has no {kind} style of '
        "that name; correct the name in the mapping, or add the style (Home > Styles)",
    )


def _clash(file: str, wanted: Wanted, kind: StyleType | None) -> Diagnostic:
    """Return the error for a wanted style whose name the reference gives a style of another kind."""
    other = kind.name.lower() if kind else "unknown"
    return _problem(
        file,
        f'the reference document has a {other} style named "{wanted.name}", where the toolkit needs a '
        f"{wanted.type.name.lower()} style of that name, so the toolkit cannot add its own; rename that style, or map "
        f'"{wanted.name}" to a {wanted.type.name.lower()} style of yours in the style mapping',
    )


def _problem(file: str, message: str) -> Diagnostic:
    """Return an error about the reference's styles."""
    return Diagnostic(file, None, Severity.ERROR, message, "template.style-missing")


def _default_style(root: etree._Element, kind: StyleType) -> etree._Element | None:
    """Return the default style of a type: the last one marked default, as the standard says, or None."""
    defaults = [
        style
        for style in root.iterchildren(W_STYLE)
        if XML_TYPES.get(style.get(W_TYPE, "")) is kind and style.get(W_DEFAULT) in ON_VALUES
    ]
    return defaults[-1] if defaults else None


def _error(path: Path, message: str) -> DiagnosticsError:
    """Return an error about the reference file, ready to raise."""
    return DiagnosticsError([Diagnostic(str(path), None, Severity.ERROR, message, "template.unreadable")])
