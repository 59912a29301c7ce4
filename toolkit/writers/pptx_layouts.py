"""The deck template: its layouts found by name, what fitting needs to know of them, and new decks made from it.

A template is read once per process for each (path, modification time): the parsed
facts are kept, and each deck starts from the template's cached bytes.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.package import OpcPackage
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation as PptxPresentation
from pptx.shapes.placeholder import LayoutPlaceholder
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Inches, Length, Pt

from toolkit.diagnostics import Diagnostic, DiagnosticsError, Severity

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "deck.pptx"
# Logical layout names used by the document tree → PowerPoint's standard layout names.
LAYOUT_NAMES = {
    "title": "Title Slide",
    "section": "Section Header",
    "content": "Title and Content",
    "two-content": "Two Content",
}
REQUIRED = ("title", "content")
FOOTER_NAMES = {PP_PLACEHOLDER.FOOTER: "Footer Placeholder", PP_PLACEHOLDER.SLIDE_NUMBER: "Slide Number Placeholder"}
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # any fixed GUID: output stays deterministic
FALLBACK = {"section": "content", "two-content": "content"}
GUTTER = Inches(0.3)
DEFAULT_SIZE = Pt(18)  # DrawingML's size when no style says otherwise
DEFAULT_INSETS = (Inches(0.1), Inches(0.05), Inches(0.1), Inches(0.05))  # left, top, right, bottom
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
TEXT_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
PICTURE_TYPES = (*TEXT_TYPES, PP_PLACEHOLDER.PICTURE)
# Which master placeholder a layout placeholder inherits from, by type.
MASTER_TYPE = {
    PP_PLACEHOLDER.CENTER_TITLE: PP_PLACEHOLDER.TITLE,
    PP_PLACEHOLDER.SUBTITLE: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.OBJECT: PP_PLACEHOLDER.BODY,
}


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


@dataclass(frozen=True)
class TemplateSpec:
    """A parsed template: its bytes, its layouts by logical name, and warnings about it."""

    path: Path
    data: bytes
    layouts: dict[str, LayoutSpec]
    warnings: tuple[Diagnostic, ...]

    def layout_for(self, logical: str, with_picture: bool) -> LayoutSpec:
        """Return the layout for a logical name, with room made for a picture if one is needed."""
        layout = self.layouts[logical]
        return with_picture_area(layout) if with_picture and layout.picture is None else layout


def load_template(path: Path) -> TemplateSpec:
    """Return the parsed template at `path`, read once per process for each modification time."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise _error(path, f"cannot read the deck template: {exc.strerror}", "template.unreadable") from exc
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> TemplateSpec:
    """Return the parsed template; the modification time and size are part of the cache key only."""
    data = path.read_bytes()
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises many kinds for a file that is not a .pptx
        raise _error(path, f"not a PowerPoint (.pptx) file: {exc}", "template.unreadable") from exc
    found = {layout.name: (index, layout) for index, layout in enumerate(prs.slide_layouts)}
    _check_required(path, found)
    layouts: dict[str, LayoutSpec] = {}
    warnings: list[Diagnostic] = []
    for logical, name in LAYOUT_NAMES.items():
        if name in found:
            index, layout = found[name]
            layouts[logical] = _layout_spec(logical, name, index, layout)
    for logical, fallback in FALLBACK.items():
        if logical not in layouts:
            layouts[logical] = replace(layouts[fallback], logical=logical)
            warnings.append(_missing_layout_warning(path, logical, fallback, found))
    return TemplateSpec(path, data, layouts, tuple(warnings))


def _check_required(path: Path, found: dict[str, tuple[int, SlideLayout]]) -> None:
    """Raise DiagnosticsError naming every required layout the template lacks."""
    missing = [LAYOUT_NAMES[logical] for logical in REQUIRED if LAYOUT_NAMES[logical] not in found]
    if missing:
        names = ", ".join(f'"{name}"' for name in missing)
        raise _error(
            path,
            f"the deck template has no layout named {names}; it has {_listing(found)}. "
            "Rename a layout in PowerPoint (View > Slide Master) to match.",
            "template.layout-missing",
        )


def _listing(found: dict[str, tuple[int, SlideLayout]]) -> str:
    """Return the template's layout names as a quoted list."""
    return ", ".join(f'"{name}"' for name in found) or "no layouts"


def _missing_layout_warning(
    path: Path, logical: str, fallback: str, found: dict[str, tuple[int, SlideLayout]]
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


def _layout_spec(logical: str, name: str, index: int, layout: SlideLayout) -> LayoutSpec:
    """Return the facts about one layout: title box, body box and picture area."""
    placeholders = sorted(layout.placeholders, key=lambda ph: ph.placeholder_format.idx)
    titles = [ph for ph in placeholders if ph.placeholder_format.type in TITLE_TYPES]
    texts = [ph for ph in placeholders if ph.placeholder_format.type in TEXT_TYPES]
    pictures = [ph for ph in placeholders if ph.placeholder_format.type in PICTURE_TYPES and ph not in texts[:1]]
    return LayoutSpec(
        logical=logical,
        name=name,
        index=index,
        title=_text_area(titles[0], layout) if titles else None,
        body=_text_area(texts[0], layout) if texts else None,
        picture=_area(pictures[0]) if pictures and logical == "two-content" else None,
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


def _area(placeholder: LayoutPlaceholder) -> Area:
    """Return a layout placeholder's box, inherited from the master where the layout leaves it out."""
    return Area(
        Emu(placeholder.left or 0), Emu(placeholder.top or 0), Emu(placeholder.width or 0), Emu(placeholder.height or 0)
    )


def _text_area(placeholder: LayoutPlaceholder, layout: SlideLayout) -> TextArea:
    """Return a placeholder's box, inner text room and font, following the inheritance chain."""
    area = _area(placeholder)
    chain = _style_chain(placeholder, layout)
    left, top, right, bottom = (_inset(chain, side, default) for side, default in zip("ltrb", DEFAULT_INSETS))
    inner = Area(
        Emu(area.left + left), Emu(area.top + top), Emu(area.width - left - right), Emu(area.height - top - bottom)
    )
    size = _first(chain, "a:lstStyle/a:lvl1pPr/a:defRPr", "sz")
    bold = _first(chain, "a:lstStyle/a:lvl1pPr/a:defRPr", "b")
    return TextArea(
        idx=placeholder.placeholder_format.idx,
        area=area,
        inner=inner,
        size=Pt(int(size) / 100) if size else DEFAULT_SIZE,
        bold=bold in ("1", "true"),
    )


def _style_chain(placeholder: LayoutPlaceholder, layout: SlideLayout) -> list[etree._Element]:
    """Return where a placeholder's text style comes from, nearest first.

    Each entry is an element with the children `a:bodyPr` and `a:lstStyle` (a text body,
    or a master text style wrapped to look like one): the layout placeholder, the master
    placeholder of the same type, then the master's title or body style.
    """
    chain = [placeholder.element.find(qn("p:txBody"))]
    ph_type = placeholder.placeholder_format.type
    master_type = MASTER_TYPE.get(ph_type, ph_type)
    master = layout.slide_master
    for master_ph in master.placeholders:
        if master_ph.placeholder_format.type == master_type:
            chain.append(master_ph.element.find(qn("p:txBody")))
            break
    style_name = "p:titleStyle" if master_type == PP_PLACEHOLDER.TITLE else "p:bodyStyle"
    style = master.element.find(f"{qn('p:txStyles')}/{qn(style_name)}")
    if style is not None:
        wrapper = etree.Element("styles")
        wrapper.append(_copy_as_lst_style(style))
        chain.append(wrapper)
    return [element for element in chain if element is not None]


def _copy_as_lst_style(style: etree._Element) -> etree._Element:
    """Return a copy of a master text style renamed `a:lstStyle`, so one lookup path fits all."""
    copy = etree.fromstring(etree.tostring(style))
    copy.tag = qn("a:lstStyle")
    return copy


def _first(chain: list[etree._Element], path: str, attribute: str) -> str | None:
    """Return the first value of `attribute` on `path` along the chain, or None."""
    steps = "/".join(qn(step) for step in path.split("/"))
    for element in chain:
        found = element.find(steps)
        if found is not None and found.get(attribute) is not None:
            return found.get(attribute)
    return None


def _inset(chain: list[etree._Element], side: str, default: Length) -> Length:
    """Return one text inset of a placeholder (l, t, r or b)."""
    value = _first(chain, "a:bodyPr", f"{side}Ins")
    return Emu(int(value)) if value is not None else default


def open_deck(spec: TemplateSpec) -> PptxPresentation:
    """Return a new presentation made from the template's bytes, without the template's own slides."""
    prs = Presentation(io.BytesIO(spec.data))
    _remove_template_slides(prs)
    _count_part_names(prs.part.package)
    return prs


class Footers:
    """Adds the footer (the module title) and the slide number to slides: python-pptx leaves both out.

    Each layout's two placeholders are turned into prototypes once per deck. A prototype
    also carries the text style the layout (or else the master) gives the placeholder:
    PowerPoint would inherit it, but LibreOffice sets slide footers in its own default
    style (centred, serif) unless the slide carries the style itself.
    """

    def __init__(self, footer: str, language: str, right_to_left: bool):
        self._footer = footer
        self._language = language
        self._right_to_left = right_to_left
        self._prototypes: dict[int, list[tuple[PP_PLACEHOLDER, etree._Element]]] = {}

    def add(self, slide: Slide, layout_index: int, number: int) -> None:
        """Add the footer and slide-number placeholders of the slide's layout, filled in."""
        if layout_index not in self._prototypes:
            self._prototypes[layout_index] = _footer_prototypes(slide.slide_layout)
        shape_id = slide.shapes._next_shape_id
        for kind, prototype in self._prototypes[layout_index]:
            if kind == PP_PLACEHOLDER.FOOTER and not self._footer:
                continue
            shape = copy.deepcopy(prototype)
            name = FOOTER_NAMES[kind]
            shape.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").attrib.update(
                {"id": str(shape_id), "name": f"{name} {shape_id}"}
            )
            paragraph = shape.find(f"{qn('p:txBody')}/{qn('a:p')}")
            if self._right_to_left:
                etree.SubElement(paragraph, qn("a:pPr"), rtl="1")
            if kind == PP_PLACEHOLDER.FOOTER:
                run = etree.SubElement(paragraph, qn("a:r"))
                etree.SubElement(run, qn("a:rPr"), lang=self._language)
                etree.SubElement(run, qn("a:t")).text = self._footer
            else:
                paragraph.append(_slide_number_field(number, self._language))
            slide.shapes._spTree.insert_element_before(shape, "p:extLst")
            shape_id += 1


def _footer_prototypes(layout: SlideLayout) -> list[tuple[PP_PLACEHOLDER, etree._Element]]:
    """Return an empty slide placeholder for each footer or slide-number placeholder of the layout."""
    prototypes = []
    for layout_placeholder in layout.placeholders:
        kind = layout_placeholder.placeholder_format.type
        if kind not in FOOTER_NAMES:
            continue
        shape = parse_xml(
            f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="0" name=""/><p:cNvSpPr><a:spLocks noGrp="1"/>'
            "</p:cNvSpPr><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody></p:sp>"
        )
        ph = layout_placeholder.element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        shape.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}").append(copy.deepcopy(ph))
        style = _inherited_list_style(layout_placeholder)
        if style is not None:
            body = shape.find(qn("p:txBody"))
            body.replace(body.find(qn("a:lstStyle")), copy.deepcopy(style))
        prototypes.append((kind, shape))
    return prototypes


def _inherited_list_style(layout_placeholder: LayoutPlaceholder) -> etree._Element | None:
    """Return the text style of a layout placeholder, or of the master placeholder it inherits from."""
    kind = layout_placeholder.placeholder_format.type
    master = layout_placeholder.part.slide_master
    sources = [layout_placeholder.element]
    sources += [ph.element for ph in master.placeholders if ph.placeholder_format.type == kind]
    for source in sources:
        style = source.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
        if style is not None and len(style):
            return style
    return None


def _slide_number_field(number: int, language: str) -> etree._Element:
    """Return an `a:fld` slide-number field showing `number` until the viewer updates it."""
    return parse_xml(
        f'<a:fld {nsdecls("a")} id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum">'
        f'<a:rPr lang="{language}"/><a:t>{number}</a:t></a:fld>'
    )


def _remove_template_slides(prs: PptxPresentation) -> None:
    """Remove any slides a user template came with: the deck holds only the module's slides."""
    slide_list = prs.slides._sldIdLst
    for slide_id in list(slide_list):
        slide_list.remove(slide_id)
        prs.part.drop_rel(slide_id.rId)


class _PartNames:
    """Next free part names, found with one walk of the package per name pattern.

    python-pptx walks every part of the package to name each new notes slide, which
    makes adding slides quadratic; this remembers what it found instead.
    """

    def __init__(self, package: OpcPackage):
        self._package = package
        self._taken: dict[str, set[str]] = {}
        self._next: dict[str, int] = {}

    def __call__(self, template: str) -> PackURI:
        """Return the next free part name for a printf-style `template` such as "/ppt/x%d.xml"."""
        if template not in self._taken:
            prefix = template.split("%d")[0]
            self._taken[template] = {p.partname for p in self._package.iter_parts() if p.partname.startswith(prefix)}
        taken = self._taken[template]
        number = self._next.get(template, 1)
        while template % number in taken:
            number += 1
        taken.add(template % number)
        self._next[template] = number + 1
        return PackURI(template % number)


def _count_part_names(package: OpcPackage) -> None:
    """Make the package name new parts from a count instead of a walk (see _PartNames)."""
    package.next_partname = _PartNames(package)
