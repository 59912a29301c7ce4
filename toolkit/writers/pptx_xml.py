"""PresentationML and DrawingML pieces the deck writer builds with lxml: names, placeholders, empty slides.

The shapes are the ones python-pptx makes (same elements, names and ids), so decks read
the same in PowerPoint, LibreOffice and python-pptx-based checks.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from lxml import etree

from toolkit.writers.opc import find_required

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_SLIDE = f"{RT_BASE}/slide"
RT_SLIDE_LAYOUT = f"{RT_BASE}/slideLayout"
RT_SLIDE_MASTER = f"{RT_BASE}/slideMaster"
RT_NOTES_SLIDE = f"{RT_BASE}/notesSlide"
RT_NOTES_MASTER = f"{RT_BASE}/notesMaster"
RT_THEME = f"{RT_BASE}/theme"
CT_BASE = "application/vnd.openxmlformats-officedocument.presentationml"
CT_SLIDE = f"{CT_BASE}.slide+xml"
CT_NOTES_SLIDE = f"{CT_BASE}.notesSlide+xml"
CT_NOTES_MASTER = f"{CT_BASE}.notesMaster+xml"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"

# Placeholder types (ST_PlaceholderType); a `p:ph` without a type is an "obj" placeholder.
TITLE, CENTER_TITLE, BODY, OBJECT, SUBTITLE, PICTURE = "title", "ctrTitle", "body", "obj", "subTitle", "pic"
FOOTER, SLIDE_NUMBER, DATE, SLIDE_IMAGE = "ftr", "sldNum", "dt", "sldImg"
WITH_TEXT_FRAME = (TITLE, CENTER_TITLE, SUBTITLE, BODY, OBJECT)
# The names PowerPoint (and python-pptx) give placeholders copied onto a slide or a notes page.
SLIDE_NAMES = {
    "clipArt": "ClipArt Placeholder",
    BODY: "Text Placeholder",
    CENTER_TITLE: "Title",
    "chart": "Chart Placeholder",
    DATE: "Date Placeholder",
    FOOTER: "Footer Placeholder",
    "hdr": "Header Placeholder",
    "media": "Media Placeholder",
    OBJECT: "Content Placeholder",
    "dgm": "SmartArt Placeholder",
    PICTURE: "Picture Placeholder",
    SLIDE_NUMBER: "Slide Number Placeholder",
    SUBTITLE: "Subtitle",
    "tbl": "Table Placeholder",
    TITLE: "Title",
}
NOTES_NAMES = {**SLIDE_NAMES, BODY: "Notes Placeholder", SLIDE_IMAGE: "Slide Image Placeholder"}
SHAPE_TAGS = ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart")


@cache
def qn(name: str) -> str:
    """Return the Clark name ("{uri}local") of a prefixed name such as "p:sp"."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def element(tag: str, /, **attributes: str) -> etree._Element:
    """Return a new element with the deck's namespace declarations (attributes as keywords, `name` included)."""
    return etree.Element(qn(tag), attributes, nsmap=NS)


def sub(parent: etree._Element, tag: str, /, **attributes: str) -> etree._Element:
    """Return a new child element appended to `parent`."""
    return etree.SubElement(parent, qn(tag), attributes)


def new_slide_root(kind: str) -> etree._Element:
    """Return an empty `p:sld` (or `p:notes`) with its shape tree and colour mapping."""
    root = element(kind)
    tree = sub(sub(root, "p:cSld"), "p:spTree")
    group = sub(tree, "p:nvGrpSpPr")
    sub(group, "p:cNvPr", id="1", name="")
    sub(group, "p:cNvGrpSpPr")
    sub(group, "p:nvPr")
    properties = sub(tree, "p:grpSpPr")
    if kind == "p:notes":  # python-pptx's notes pages carry an explicit empty transform
        transform = sub(properties, "a:xfrm")
        for name, keys in (("a:off", "xy"), ("a:ext", ("cx", "cy")), ("a:chOff", "xy"), ("a:chExt", ("cx", "cy"))):
            sub(transform, name, **dict.fromkeys(keys, "0"))
    sub(sub(root, "p:clrMapOvr"), "a:masterClrMapping")
    return root


def shape_tree(root: etree._Element) -> etree._Element:
    """Return the `p:spTree` of a slide, layout, master or notes page."""
    return find_required(root, f"{qn('p:cSld')}/{qn('p:spTree')}")


def ph_of(shape: etree._Element) -> etree._Element | None:
    """Return a shape's `p:ph` element, or None when it is not a placeholder."""
    if len(shape) == 0:
        return None
    return shape[0].find(f"{qn('p:nvPr')}/{qn('p:ph')}")


def placeholders(root: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """Return (shape, ph) for each placeholder on a slide, layout or master, in document order."""
    found = []
    for shape in shape_tree(root):
        if etree.QName(shape).localname in SHAPE_TAGS and (ph := ph_of(shape)) is not None:
            found.append((shape, ph))
    return found


def ph_type(ph: etree._Element) -> str:
    """Return a placeholder's type ("obj" when the attribute is absent)."""
    return ph.get("type", OBJECT)


def ph_idx(ph: etree._Element) -> int:
    """Return a placeholder's index (0 when the attribute is absent)."""
    return int(ph.get("idx", "0"))


def next_shape_id(root: etree._Element) -> int:
    """Return one more than the highest numeric shape id in the part."""
    values = cast("list[str]", root.xpath("//@id"))  # an attribute path selects attribute values: strings
    ids = [int(value) for value in values if value.isdigit()]
    return max(ids, default=0) + 1


def placeholder_shape(shape_id: int, name: str, ph: etree._Element) -> etree._Element:
    """Return an empty slide placeholder that inherits everything from the layout's `ph`."""
    sp = etree.Element(qn("p:sp"), nsmap=NS)
    non_visual = sub(sp, "p:nvSpPr")
    sub(non_visual, "p:cNvPr", id=str(shape_id), name=name)
    sub(sub(non_visual, "p:cNvSpPr"), "a:spLocks", noGrp="1")
    attributes = {key: value for key in ("type", "idx", "orient", "sz") if (value := ph.get(key)) is not None}
    if attributes.get("type") == OBJECT:
        del attributes["type"]
    for key, default in (("orient", "horz"), ("sz", "full"), ("idx", "0")):
        if attributes.get(key) == default:
            del attributes[key]
    sub(sub(non_visual, "p:nvPr"), "p:ph", **attributes)
    sub(sp, "p:spPr")
    if ph_type(ph) in WITH_TEXT_FRAME:
        body = sub(sp, "p:txBody")
        sub(body, "a:bodyPr")
        sub(body, "a:lstStyle")
        sub(body, "a:p")
    return sp


def copy_placeholders(
    target: etree._Element, source: etree._Element, wanted: tuple[str, ...] | None, names: dict[str, str]
) -> None:
    """Append to `target`'s shape tree an empty copy of each placeholder of `source` (of the wanted types).

    Placeholders are named the way PowerPoint names them, "<kind> <id − 1>", with
    "Vertical " in front of vertical ones.
    """
    tree = shape_tree(target)
    for _, ph in placeholders(source):
        kind = ph_type(ph)
        if (wanted is not None and kind not in wanted) or kind not in names:
            continue
        shape_id = next_shape_id(target)
        name = ("Vertical " if ph.get("orient") == "vert" else "") + f"{names[kind]} {shape_id - 1}"
        tree.append(placeholder_shape(shape_id, name, ph))


def text_of(shape: etree._Element) -> str:
    """Return all the text of a shape's text body ("" when it has none)."""
    return "".join(shape.itertext(qn("a:t")))  # type: ignore[arg-type]  # lxml-stubs: str | bytes; lxml gives str
