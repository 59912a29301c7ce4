"""The deck template: its layouts found by name, what fitting needs to know of them, and new decks made from it.

A template is read once per process for each (path, modification time): the parsed
facts and the XML prototypes of new slides, notes pages and footers are kept, and each
deck starts from a copy of the template's parts.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from lxml import etree

from toolkit.core.bundled import TEMPLATES
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.writers.opc import RT_OFFICE_DOCUMENT, Package, PackageError, dropped_warnings, find_required
from toolkit.writers.pptx_fit import line_pitch
from toolkit.writers.pptx_judge import Candidate, layout_contrast, match_layouts
from toolkit.writers.pptx_mirror import swap_alignment
from toolkit.writers.pptx_xml import (
    BODY,
    CENTER_TITLE,
    DATE,
    FOOTER,
    NOTES_NAMES,
    OBJECT,
    PICTURE,
    RT_NOTES_MASTER,
    RT_SLIDE_LAYOUT,
    RT_SLIDE_MASTER,
    RT_THEME,
    SLIDE_IMAGE,
    SLIDE_NAMES,
    SLIDE_NUMBER,
    SUBTITLE,
    TITLE,
    copy_placeholders,
    element,
    new_slide_root,
    ph_idx,
    ph_type,
    placeholders,
    qn,
    sub,
)
from toolkit.writers.units import Emu, Inches, Length, Pt

DEFAULT_TEMPLATE = TEMPLATES / "deck.pptx"
# Logical layout names used by the document tree → PowerPoint's standard layout names.
LAYOUT_NAMES = {
    "title": "Title Slide",
    "section": "Section Header",
    "content": "Title and Content",
    "two-content": "Two Content",
}
REQUIRED = ("title", "content")
FOOTER_NAMES = {FOOTER: "Footer Placeholder", SLIDE_NUMBER: "Slide Number Placeholder"}
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # any fixed GUID: output stays deterministic
FALLBACK = {"section": "content", "two-content": "content"}
GUTTER = Inches(0.3)
FOOTER_LINE_SHARE = 0.9  # a footer box this share of a line high still shows the line whole
DEFAULT_SIZE = Pt(18)  # DrawingML's size when no style says otherwise
DEFAULT_INSETS = (Inches(0.1), Inches(0.05), Inches(0.1), Inches(0.05))  # left, top, right, bottom
TITLE_TYPES = (TITLE, CENTER_TITLE)
TEXT_TYPES = (BODY, OBJECT, SUBTITLE)
PICTURE_TYPES = (*TEXT_TYPES, PICTURE)
# Which master placeholder a layout placeholder takes its text style from, by type.
MASTER_TYPE = {CENTER_TITLE: TITLE, SUBTITLE: BODY, OBJECT: BODY}
# Which master placeholder a layout placeholder takes its position and size from (as PowerPoint does).
GEOMETRY_TYPE = {TITLE: TITLE, CENTER_TITLE: TITLE, DATE: DATE, FOOTER: FOOTER, SLIDE_NUMBER: SLIDE_NUMBER}
LATENT_TYPES = (DATE, FOOTER, SLIDE_NUMBER)  # placeholders a new slide does not get from its layout
NOTES_TYPES = (SLIDE_IMAGE, BODY, SLIDE_NUMBER)  # placeholders a new notes page gets from the notes master


@dataclass(frozen=True)
class Area:
    """A rectangle on the slide."""

    left: Length
    top: Length
    width: Length
    height: Length


@dataclass(frozen=True)
class TextArea:
    """A placeholder's box, the room for text inside its insets, and its template font size and weight."""

    idx: int
    area: Area
    inner: Area
    size: Length
    bold: bool


@dataclass(frozen=True)
class LayoutSpec:
    """What the writer needs to know about one layout.

    `index` is the layout's position in the template; `move_body` is set when the body
    must be narrowed on the slide to make room for a picture the layout has no place for.
    """

    logical: str
    name: str
    index: int
    title: TextArea | None
    body: TextArea | None
    picture: Area | None
    move_body: bool = False
    footer: TextArea | None = None  # where the footer (the module title) goes on its slides


@dataclass(frozen=True)
class LayoutParts:
    """One layout's part name, the empty slide a new slide starts as, and its footer placeholders."""

    part: str
    slide: etree._Element
    footers: tuple[tuple[str, etree._Element], ...]


@dataclass(frozen=True)
class TemplateParts:
    """The template's parts and prototypes a new deck is made from.

    `package` has only its relationships parsed, so copies of it are cheap; `notes_master` is None when the
    template has none, and `borrowed_notes` then holds the shipped template's notes
    master and theme, so speaker notes are never lost.
    """

    package: Package
    presentation: str
    layouts: tuple[LayoutParts, ...]
    notes_page: etree._Element
    notes_master: str | None
    borrowed_notes: tuple[bytes, bytes] | None = field(default=None)


@dataclass(frozen=True)
class TemplateSpec:
    """A parsed template: its path, layouts by logical name, warnings about it, and its parts."""

    path: Path
    layouts: dict[str, LayoutSpec]
    warnings: tuple[Diagnostic, ...]
    parts: TemplateParts
    issues: tuple[Diagnostic, ...] = ()  # what makes decks on it unreadable: errors unless the user allows them

    def layout_for(self, logical: str, with_picture: bool) -> LayoutSpec:
        """Return the layout for a logical name, with room made for a picture if one is needed."""
        layout = self.layouts[logical]
        return with_picture_area(layout) if with_picture and layout.picture is None else layout


def load_template(path: Path) -> TemplateSpec:
    """Return the parsed and judged template at `path`, read once per process for each content."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()  # bounded: the options and the build check its size
    except OSError as exc:
        raise _error(path, f"cannot read the deck template: {exc.strerror}", "template.unreadable") from exc
    return _load(path.resolve(), digest)


@dataclass(frozen=True)
class _Layout:
    """A layout as read from the template: its name, part name and parsed XML."""

    name: str
    part: str
    root: etree._Element


@lru_cache(maxsize=8)
def _load(path: Path, digest: str) -> TemplateSpec:
    """Return the parsed template; the digest of its content is part of the cache key only."""
    try:
        return _read(path)
    except (PackageError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        # A part the deck needs is missing or broken past where it is first opened (a notes master
        # named but absent, say): still one clear error, never an internal one.
        raise _error(path, f"the deck template is damaged: {exc}", "template.unreadable") from exc


def _read(path: Path) -> TemplateSpec:
    """Return the parsed template at `path`; raise DiagnosticsError, or the package layer's error, if unusable."""
    try:
        pristine = Package.open(path)
        pristine.prime()
        package = pristine.copy()  # shares the parts' bytes: a template is held in memory once
        presentation = package.related("/", RT_OFFICE_DOCUMENT)
        master = _first_master(package, presentation)
        found = {layout.name: (index, layout) for index, layout in enumerate(_layouts(package, master))}
        notes_master = _notes_master(package, presentation)
    except (PackageError, OSError, ValueError) as exc:
        raise _error(path, f"not a PowerPoint (.pptx) file: {exc}", "template.unreadable") from exc
    master_root = package.xml(master)
    listed = list(found.values())
    matched, how = match_layouts([Candidate(layout.name, layout.root) for _, layout in listed], LAYOUT_NAMES)
    _check_required(path, found, matched)
    layouts: dict[str, LayoutSpec] = {}
    warnings = dropped_warnings(path, pristine)
    for logical in LAYOUT_NAMES:
        if logical in matched:
            index, layout = listed[matched[logical]]
            layouts[logical] = _layout_spec(logical, layout.name, index, layout.root, master_root)
    if how:
        warnings.append(_matched_warning(path, {logical: (layouts[logical].name, way) for logical, way in how.items()}))
    for logical, fallback in FALLBACK.items():
        if logical not in layouts:
            layouts[logical] = replace(layouts[fallback], logical=logical)
            warnings.append(_missing_layout_warning(path, logical, fallback, found))
    issues = _judge(
        path,
        package,
        presentation,
        master,
        [(spec.name, listed[matched[k]][1].root, k != "title") for k, spec in layouts.items() if k in matched],
    ) + _footer_issues(path, layouts)
    if notes_master and (problem := _notes_master_problem(package.xml(notes_master))):
        warnings.append(_notes_master_warning(path, notes_master, problem))
        _forget_notes_master(pristine, presentation)
        notes_master = None
    ordered = sorted(found.values(), key=lambda item: item[0])
    parts = TemplateParts(
        package=pristine,
        presentation=presentation,
        layouts=tuple(_layout_parts(layout, master_root) for _, layout in ordered),
        notes_page=_notes_page(package.xml(notes_master) if notes_master else _borrowed_notes_master()[0]),
        notes_master=notes_master,
        borrowed_notes=None if notes_master else _borrowed_notes_master()[1],
    )
    return TemplateSpec(path, layouts, tuple(warnings), parts, issues)


def _first_master(package: Package, presentation: str) -> str:
    """Return the part name of the presentation's first slide master."""
    first = package.xml(presentation).find(f"{qn('p:sldMasterIdLst')}/{qn('p:sldMasterId')}")
    rel = package.rels(presentation).by_id(first.get(qn("r:id"), "")) if first is not None else None
    if rel is None or rel.type != RT_SLIDE_MASTER:
        raise PackageError("the presentation has no slide master")
    return rel.target


def _layouts(package: Package, master: str) -> list[_Layout]:
    """Return the master's layouts in the order the master lists them."""
    rels = package.rels(master)
    layouts = []
    for entry in package.xml(master).iterfind(f"{qn('p:sldLayoutIdLst')}/{qn('p:sldLayoutId')}"):
        rel = rels.by_id(entry.get(qn("r:id"), ""))
        if rel is not None and rel.type == RT_SLIDE_LAYOUT and not rel.external:
            root = package.xml(rel.target)
            name = common.get("name", "") if (common := root.find(qn("p:cSld"))) is not None else ""
            layouts.append(_Layout(name, rel.target, root))
    return layouts


def _notes_master(package: Package, presentation: str) -> str | None:
    """Return the part name of the presentation's notes master, or None when it has none."""
    rel = package.rels(presentation).first(RT_NOTES_MASTER)
    return rel.target if rel is not None and not rel.external else None


def _notes_master_problem(root: etree._Element) -> str | None:
    """Return what keeps a notes master from giving notes pages their placeholders, or None when it can."""
    if root.tag != qn("p:notesMaster"):
        return f"is not a notes master (its root element is {etree.QName(root).localname!r})"
    if root.find(f"{qn('p:cSld')}/{qn('p:spTree')}") is None:
        return "has no shapes (no p:cSld/p:spTree)"
    return None


def _notes_master_warning(path: Path, part: str, problem: str) -> Diagnostic:
    """Return the warning that the template's notes master cannot be used and the toolkit's own stands in."""
    return Diagnostic(
        str(path),
        None,
        Severity.WARNING,
        f"the deck template's notes master {part} {problem}; speaker notes use the toolkit's own notes master "
        "instead (open the template in PowerPoint, View > Notes Master, and save it again to repair it)",
        "template.notes-master",
    )


def _forget_notes_master(package: Package, presentation: str) -> None:
    """Remove the presentation's notes master (its relationship and its list), so decks borrow the shipped one."""
    for rel in list(package.rels(presentation).items):
        if rel.type == RT_NOTES_MASTER:
            package.rels(presentation).remove(rel.rid)
    root = package.xml(presentation)
    listing = root.find(qn("p:notesMasterIdLst"))
    if listing is not None:
        root.remove(listing)


@lru_cache(maxsize=1)
def _borrowed_notes_master() -> tuple[etree._Element, tuple[bytes, bytes]]:
    """Return the shipped template's notes master (parsed, and as bytes with its theme's bytes)."""
    package = Package.read(DEFAULT_TEMPLATE.read_bytes())
    master = package.related(package.related("/", RT_OFFICE_DOCUMENT), RT_NOTES_MASTER)
    theme = package.blob(package.related(master, RT_THEME))
    return package.xml(master), (package.blob(master), theme)


def _layout_parts(layout: _Layout, master_root: etree._Element) -> LayoutParts:
    """Return the prototypes a slide with this layout starts from."""
    slide = new_slide_root("p:sld")
    copy_placeholders(slide, layout.root, None, {k: v for k, v in SLIDE_NAMES.items() if k not in LATENT_TYPES})
    return LayoutParts(layout.part, slide, _footer_prototypes(layout.root, master_root))


def _notes_page(notes_master: etree._Element) -> etree._Element:
    """Return an empty notes page with the notes master's slide image, notes and number placeholders."""
    page = new_slide_root("p:notes")
    copy_placeholders(page, notes_master, NOTES_TYPES, NOTES_NAMES)
    return page


def _check_required(path: Path, found: dict[str, tuple[int, _Layout]], matched: dict[str, int]) -> None:
    """Raise DiagnosticsError naming every required layout the template lacks, by name and by placeholders."""
    missing = [LAYOUT_NAMES[logical] for logical in REQUIRED if logical not in matched]
    if missing:
        names = ", ".join(f'"{name}"' for name in missing)
        raise _error(
            path,
            f"the deck template has no layout named {names}, nor one whose placeholders fit; it has {_listing(found)}. "
            "Rename a layout in PowerPoint (View > Slide Master) to match (`ssr-toolkit doctor` says which).",
            "template.layout-missing",
        )


def _matched_warning(path: Path, matched: dict[str, tuple[str, str]]) -> Diagnostic:
    """Return the note of which layouts were taken for which part, when their names are not the standard ones."""
    listing = "; ".join(f'"{name}" for {LAYOUT_NAMES[logical]} (by {way})' for logical, (name, way) in matched.items())
    return Diagnostic(
        str(path),
        None,
        Severity.WARNING,
        f"the deck template's layouts have other names; the deck uses {listing}. Rename them to the standard "
        "names (View > Slide Master) to silence this",
        "template.layout-matched",
    )


def _judge(
    path: Path, package: Package, presentation: str, master: str, layouts: list[tuple[str, etree._Element, bool]]
) -> tuple[Diagnostic, ...]:
    """Return an error for each placeholder of a used layout whose text is too faint to read: title, text, footer
    (on layouts whose slides show one, flagged True in `layouts`) and slide number."""
    master_root = package.xml(master)
    try:
        theme: etree._Element | None = package.xml(package.related(master, RT_THEME))
    except PackageError:
        theme = None
    defaults = package.xml(presentation).find(qn("p:defaultTextStyle"))
    seen: set[str] = set()
    issues = []
    for name, root, with_footer in layouts:
        if name in seen:
            continue
        seen.add(name)
        for problem in layout_contrast(name, root, master_root, theme, defaults, with_footer):
            issues.append(Diagnostic(str(path), None, Severity.ERROR, problem.message(), "template.contrast"))
    return tuple(dict.fromkeys(issues))  # two content placeholders alike are one fact


def _footer_issues(path: Path, layouts: dict[str, LayoutSpec]) -> tuple[Diagnostic, ...]:
    """Return an error for each layout whose footer box cannot hold one line of its own text size.

    A footer (the module title) is shortened to fit its box's width; a box lower than a line
    cannot show it at all.
    """
    issues = []
    for spec in {layout.name: layout for layout in layouts.values() if layout.logical != "title"}.values():
        box = spec.footer
        if box is None or box.inner.height >= line_pitch(box.size) * FOOTER_LINE_SHARE:
            continue
        message = (
            f'the footer placeholder of layout "{spec.name}" is {box.inner.height.pt:.0f} pt high inside its margins, '
            f"too low for one line of its {box.size.pt:g} pt text: the module title would be cut off or spill "
            "over the slide; make the footer taller or its text smaller (View > Slide Master)"
        )
        issues.append(Diagnostic(str(path), None, Severity.ERROR, message, "template.footer"))
    return tuple(issues)


def _listing(found: dict[str, tuple[int, _Layout]]) -> str:
    """Return the template's layout names as a quoted list."""
    return ", ".join(f'"{name}"' for name in found) or "no layouts"


def _missing_layout_warning(
    path: Path, logical: str, fallback: str, found: dict[str, tuple[int, _Layout]]
) -> Diagnostic:
    """Return the warning that a layout is missing and which one is used instead."""
    return Diagnostic(
        str(path),
        None,
        Severity.WARNING,
        f'the deck template has no layout named "{LAYOUT_NAMES[logical]}"; using "{LAYOUT_NAMES[fallback]}" '
        f"instead (the template has {_listing(found)})",
        "template.layout-fallback",
    )


def _error(path: Path, message: str, code: str) -> DiagnosticsError:
    """Return an error about the template file, ready to raise."""
    return DiagnosticsError([Diagnostic(str(path), None, Severity.ERROR, message, code)])


def _layout_spec(logical: str, name: str, index: int, layout: etree._Element, master: etree._Element) -> LayoutSpec:
    """Return the facts about one layout: title box, body box and picture area."""
    found = sorted(placeholders(layout), key=lambda item: ph_idx(item[1]))
    titles = [item for item in found if ph_type(item[1]) in TITLE_TYPES]
    texts = [item for item in found if ph_type(item[1]) in TEXT_TYPES]
    pictures = [item for item in found if ph_type(item[1]) in PICTURE_TYPES and item not in texts[:1]]
    footers = [item for item in found if ph_type(item[1]) == FOOTER]
    return LayoutSpec(
        logical=logical,
        name=name,
        index=index,
        title=_text_area(*titles[0], master) if titles else None,
        body=_text_area(*texts[0], master) if texts else None,
        picture=_area(*pictures[0], master) if pictures and logical == "two-content" else None,
        footer=_text_area(*footers[0], master) if footers else None,
    )


def with_picture_area(layout: LayoutSpec) -> LayoutSpec:
    """Return the layout with its body narrowed to the left and a picture area on the right.

    Used when a layout has no second content placeholder: the body gives up its right half.
    """
    if layout.picture is not None or layout.body is None:
        return layout
    body = layout.body
    half = Emu((body.area.width - GUTTER) // 2)
    left = Area(body.area.left, body.area.top, half, body.area.height)
    right = Area(Emu(body.area.left + half + GUTTER), body.area.top, half, body.area.height)
    narrowed = replace(body, area=left, inner=replace(body.inner, width=Emu(body.inner.width - half - GUTTER)))
    return replace(layout, body=narrowed, picture=right, move_body=True)


def _master_placeholder(master: etree._Element, kind: str) -> etree._Element | None:
    """Return the master's first placeholder of a type, or None."""
    return next((shape for shape, ph in placeholders(master) if ph_type(ph) == kind), None)


def _area(shape: etree._Element, ph: etree._Element, master: etree._Element) -> Area:
    """Return a layout placeholder's box; each value the layout leaves out comes from the master's placeholder."""
    sources = [shape, _master_placeholder(master, GEOMETRY_TYPE.get(ph_type(ph), BODY))]
    values = []
    for step, attribute in (("a:off", "x"), ("a:off", "y"), ("a:ext", "cx"), ("a:ext", "cy")):
        path = f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn(step)}"
        found = (source.find(path) for source in sources if source is not None)
        values.append(next((int(given) for e in found if e is not None and (given := e.get(attribute))), 0))
    return Area(*(Emu(value) for value in values))


def _text_area(shape: etree._Element, ph: etree._Element, master: etree._Element) -> TextArea:
    """Return a placeholder's box, inner text room and font, following the inheritance chain."""
    area = _area(shape, ph, master)
    chain = _style_chain(shape, ph, master)
    left, top, right, bottom = (_inset(chain, side, default) for side, default in zip("ltrb", DEFAULT_INSETS))
    inner = Area(
        Emu(area.left + left), Emu(area.top + top), Emu(area.width - left - right), Emu(area.height - top - bottom)
    )
    size = _first(chain, "a:lstStyle/a:lvl1pPr/a:defRPr", "sz")
    bold = _first(chain, "a:lstStyle/a:lvl1pPr/a:defRPr", "b")
    return TextArea(
        idx=ph_idx(ph),
        area=area,
        inner=inner,
        size=Pt(int(size) / 100) if size else DEFAULT_SIZE,
        bold=bold in ("1", "true"),
    )


def _style_chain(shape: etree._Element, ph: etree._Element, master: etree._Element) -> list[etree._Element]:
    """Return where a placeholder's text style comes from, nearest first.

    Each entry is an element with the children `a:bodyPr` and `a:lstStyle` (a text body,
    or a master text style wrapped to look like one): the layout placeholder, the master
    placeholder of the same type, then the master's title or body style.
    """
    chain = [shape.find(qn("p:txBody"))]
    kind = ph_type(ph)
    master_type = MASTER_TYPE.get(kind, kind)
    master_shape = _master_placeholder(master, master_type)
    if master_shape is not None:
        chain.append(master_shape.find(qn("p:txBody")))
    style_name = "p:titleStyle" if master_type == TITLE else "p:bodyStyle"
    style = master.find(f"{qn('p:txStyles')}/{qn(style_name)}")
    if style is not None:
        wrapper = etree.Element("styles")
        wrapper.append(_copy_as_lst_style(style))
        chain.append(wrapper)
    return [element for element in chain if element is not None]


def _copy_as_lst_style(style: etree._Element) -> etree._Element:
    """Return a copy of a master text style renamed `a:lstStyle`, so one lookup path fits all."""
    renamed = copy.deepcopy(style)
    renamed.tag = qn("a:lstStyle")
    return renamed


def _first(chain: list[etree._Element], path: str, attribute: str) -> str | None:
    """Return the first value of `attribute` on `path` along the chain, or None."""
    steps = "/".join(qn(step) for step in path.split("/"))
    for entry in chain:
        found = entry.find(steps)
        if found is not None and found.get(attribute) is not None:
            return found.get(attribute)
    return None


def _inset(chain: list[etree._Element], side: str, default: Length) -> Length:
    """Return one text inset of a placeholder (l, t, r or b)."""
    value = _first(chain, "a:bodyPr", f"{side}Ins")
    return Emu(int(value)) if value is not None else default


class Footers:
    """Adds the footer (the module title) and the slide number to slides, as PowerPoint does when asked.

    Each layout's two placeholders are turned into prototypes once per template. A
    prototype also carries the text style the layout (or else the master) gives the
    placeholder: PowerPoint would inherit it, but LibreOffice sets slide footers in its
    own default style (centred, serif) unless the slide carries the style itself.
    """

    def __init__(self, language: str, right_to_left: bool):
        self._language = language
        self._right_to_left = right_to_left

    def add(self, slide: etree._Element, layout: LayoutParts, number: int, shape_id: int, footer: str) -> None:
        """Add the footer (showing `footer`, left out when empty) and slide-number placeholders of the slide's
        layout, filled in, from `shape_id` on."""
        tree = find_required(slide, f"{qn('p:cSld')}/{qn('p:spTree')}")
        for kind, prototype in layout.footers:
            if kind == FOOTER and not footer:
                continue
            shape = copy.deepcopy(prototype)
            find_required(shape, f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").attrib.update(
                {"id": str(shape_id), "name": f"{FOOTER_NAMES[kind]} {shape_id}"}
            )
            paragraph = find_required(shape, f"{qn('p:txBody')}/{qn('a:p')}")
            if self._right_to_left:
                sub(paragraph, "a:pPr", rtl="1")
                swap_alignment(shape)  # its text style was copied from the layout before the deck was mirrored
            if kind == FOOTER:
                run = sub(paragraph, "a:r")
                sub(run, "a:rPr", lang=self._language)
                sub(run, "a:t").text = footer
            else:
                paragraph.append(_slide_number_field(number, self._language))
            extensions = tree.find(qn("p:extLst"))
            if extensions is not None:
                extensions.addprevious(shape)
            else:
                tree.append(shape)
            shape_id += 1


def _footer_prototypes(layout: etree._Element, master: etree._Element) -> tuple[tuple[str, etree._Element], ...]:
    """Return an empty slide placeholder for each footer or slide-number placeholder of the layout."""
    prototypes = []
    for layout_shape, ph in placeholders(layout):
        kind = ph_type(ph)
        if kind not in FOOTER_NAMES:
            continue
        shape = element("p:sp")
        non_visual = sub(shape, "p:nvSpPr")
        sub(non_visual, "p:cNvPr", id="0", name="")
        sub(sub(non_visual, "p:cNvSpPr"), "a:spLocks", noGrp="1")
        sub(non_visual, "p:nvPr").append(copy.deepcopy(ph))
        sub(shape, "p:spPr")
        body = sub(shape, "p:txBody")
        sub(body, "a:bodyPr")
        style = _inherited_list_style(layout_shape, kind, master)
        body.append(copy.deepcopy(style) if style is not None else element("a:lstStyle"))
        sub(body, "a:p")
        prototypes.append((kind, shape))
    return tuple(prototypes)


def _inherited_list_style(shape: etree._Element, kind: str, master: etree._Element) -> etree._Element | None:
    """Return the text style of a layout placeholder, or of the master placeholder it inherits from."""
    sources = [shape] + [master_shape for master_shape, ph in placeholders(master) if ph_type(ph) == kind]
    for source in sources:
        style = source.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
        if style is not None and len(style):
            return style
    return None


def _slide_number_field(number: int, language: str) -> etree._Element:
    """Return an `a:fld` slide-number field showing `number` until the viewer updates it."""
    field_element = element("a:fld", id=SLIDE_NUMBER_FIELD_ID, type="slidenum")
    sub(field_element, "a:rPr", lang=language)
    sub(field_element, "a:t").text = str(number)
    return field_element
