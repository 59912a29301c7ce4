"""Build Word paragraphs and runs as XML directly, where python-docx's general API is slow.

python-docx finds the place for every new child by scanning its siblings, which made
paragraph styles and runs most of the time spent writing a handout. Elements are made
here with lxml in the schema's order instead; python-docx still wraps them.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

W_P, W_PPR, W_PSTYLE = qn("w:p"), qn("w:pPr"), qn("w:pStyle")
W_R, W_RPR, W_RSTYLE, W_VAL = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:val")
W_B, W_BCS, W_I, W_ICS = qn("w:b"), qn("w:bCs"), qn("w:i"), qn("w:iCs")
W_T, W_TAB, W_BR, W_SECTPR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:sectPr")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = re.compile(r"(\t|\n)")


def new_paragraph(container: etree._Element) -> etree._Element:
    """Return a new empty `w:p` at the end of a body or cell (before the body's section properties)."""
    last = container[-1] if len(container) else None
    if last is not None and last.tag == W_SECTPR:
        paragraph = container.makeelement(W_P, {})
        last.addprevious(paragraph)
        return paragraph
    return etree.SubElement(container, W_P)


def set_paragraph_style(paragraph: etree._Element, style_id: str | None) -> None:
    """Give a `w:p` the style with id `style_id`, or the default style when None.

    `w:pStyle` is always the first paragraph property.
    """
    properties = paragraph.find(W_PPR)
    if style_id is None:
        if properties is not None and properties.find(W_PSTYLE) is not None:
            properties.remove(properties.find(W_PSTYLE))
        return
    if properties is None:
        properties = paragraph.makeelement(W_PPR, {})
        paragraph.insert(0, properties)
    style = properties.find(W_PSTYLE)
    if style is None:
        style = properties.makeelement(W_PSTYLE, {})
        properties.insert(0, style)
    style.set(W_VAL, style_id)


def append_run(
    parent: etree._Element, text: str, bold: bool = False, italic: bool = False, style_id: str | None = None
) -> etree._Element:
    """Return a new `w:r` holding `text` appended to `parent`; tabs and line breaks become their elements.

    Bold and italic are set for complex scripts too (`w:bCs`, `w:iCs`), so Arabic is emphasised.
    """
    run = etree.SubElement(parent, W_R)
    if bold or italic or style_id:
        properties = etree.SubElement(run, W_RPR)
        if style_id:
            etree.SubElement(properties, W_RSTYLE).set(W_VAL, style_id)
        for flag, tags in ((bold, (W_B, W_BCS)), (italic, (W_I, W_ICS))):
            if flag:
                for tag in tags:
                    etree.SubElement(properties, tag)
    for piece in _BREAKS.split(text):
        if piece == "\t":
            etree.SubElement(run, W_TAB)
        elif piece == "\n":
            etree.SubElement(run, W_BR)
        elif piece:
            element = etree.SubElement(run, W_T)
            element.text = piece
            if piece != piece.strip() or "  " in piece:
                element.set(XML_SPACE, "preserve")  # else Word drops the spaces at the ends
    return run
