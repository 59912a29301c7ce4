"""Mirror a deck for a right-to-left language: what stood at the left stands at the right.

A right-to-left reader starts at the right: the footer, the slide number, a rule under the
title, a logo and every column of a layout change sides, as they do in PowerPoint's own
right-to-left themes. Positions change; pictures are not flipped (a logo or a photograph
must read as it is); a connector's direction is reversed with it. Inside a group only the
group moves: what a group holds is laid out by whoever made it (a diagram mirrors itself).
"""

from __future__ import annotations

from lxml import etree

from toolkit.writers import opc
from toolkit.writers.pptx_xml import qn

CT_BASE = "application/vnd.openxmlformats-officedocument.presentationml"
MIRRORED_CONTENT_TYPES = {
    f"{CT_BASE}.slideMaster+xml",
    f"{CT_BASE}.slideLayout+xml",
    f"{CT_BASE}.slide+xml",
}
# Where each kind of shape keeps its position.
TRANSFORMS = {
    qn("p:sp"): f"{qn('p:spPr')}/{qn('a:xfrm')}",
    qn("p:pic"): f"{qn('p:spPr')}/{qn('a:xfrm')}",
    qn("p:cxnSp"): f"{qn('p:spPr')}/{qn('a:xfrm')}",
    qn("p:grpSp"): f"{qn('p:grpSpPr')}/{qn('a:xfrm')}",
    qn("p:graphicFrame"): qn("p:xfrm"),
}
SWAPPED_ALIGNMENT = {"l": "r", "r": "l"}


def mirror_deck(package: opc.Package, slide_width: int) -> None:
    """Move every shape of the deck's masters, layouts and slides to the other side of a slide `slide_width` wide.

    Text styled to start at the left of its box (a master's or layout's `algn="l"`) starts at
    the right instead, and the other way round, so a footer at the right is aligned to it.
    """
    for name in package.names():
        if opc.content_type(package, name) not in MIRRORED_CONTENT_TYPES:
            continue
        root = package.xml(name)
        tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
        if tree is None:
            continue
        for shape in tree:
            _mirror_shape(shape, slide_width)
        if not name.startswith("/ppt/slides/"):
            swap_alignment(root)


def _mirror_shape(shape: etree._Element, slide_width: int) -> None:
    """Move one top-level shape with a position of its own to the mirrored place; others inherit theirs."""
    path = TRANSFORMS.get(shape.tag)
    transform = shape.find(path) if path else None
    if transform is None:
        return
    offset, extent = transform.find(qn("a:off")), transform.find(qn("a:ext"))
    if offset is None or extent is None:
        return
    try:
        left, width = int(offset.get("x", "0")), int(extent.get("cx", "0"))
    except ValueError:
        return  # a position that is not a number is left for the reader to refuse, as before
    offset.set("x", str(slide_width - left - width))
    if shape.tag == qn("p:cxnSp"):
        if transform.get("flipH") in ("1", "true"):
            del transform.attrib["flipH"]
        else:
            transform.set("flipH", "1")


def swap_alignment(root: etree._Element) -> None:
    """Swap left and right alignment in the text styles (`a:lvl1pPr`…) under `root`."""
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(qn("a:lvl")):
            continue
        alignment = element.get("algn")
        if alignment in SWAPPED_ALIGNMENT:
            element.set("algn", SWAPPED_ALIGNMENT[alignment])
