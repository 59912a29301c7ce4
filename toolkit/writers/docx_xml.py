"""WordprocessingML with lxml: the namespaces, `qn`, and paragraphs and runs made in the schema's order.

The Word writer builds its XML here directly rather than through python-docx, whose
import and object model cost more than writing the document itself (issue 9). Elements
are made in the order the schema wants, so nothing searches its siblings for a place.
"""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from toolkit.core.i18n import is_rtl
from toolkit.writers.opc import first_child

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


@cache
@cache
def qn(tag: str) -> str:
    """Return the Clark name ("{namespace}local") of a prefixed name such as "w:p" or "r:id"."""
    prefix, _, local = tag.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


W_P, W_PPR, W_PSTYLE, W_KEEP_NEXT = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:keepNext")
W_R, W_RPR, W_RSTYLE, W_VAL, W_TYPE = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:val"), qn("w:type")
W_B, W_BCS, W_I, W_ICS = qn("w:b"), qn("w:bCs"), qn("w:i"), qn("w:iCs")
W_RTL, W_LANG, W_STYLE_ID = qn("w:rtl"), qn("w:lang"), qn("w:styleId")
W_T, W_TAB, W_BR, W_SECTPR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:sectPr")
R_ID = qn("r:id")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = re.compile(r"(\t|\n)")


def append_block(container: etree._Element, tag: str) -> etree._Element:
    """Return a new empty block (`w:p`, `w:tbl`) at the end of a body or cell, before the body's section properties."""
    last = container[-1] if len(container) else None
    if last is not None and last.tag == W_SECTPR:
        block = container.makeelement(tag, {})
        last.addprevious(block)
        return block
    return etree.SubElement(container, tag)


def new_paragraph(container: etree._Element, style_id: str | None = None) -> etree._Element:
    """Return a new `w:p` at the end of a body or cell (before the body's section properties).

    It has the style with id `style_id`, or the default style when None.
    """
    paragraph = append_block(container, W_P)
    if style_id is not None:
        etree.SubElement(etree.SubElement(paragraph, W_PPR), W_PSTYLE, {W_VAL: style_id})
    return paragraph


def keep_with_next(paragraph: etree._Element) -> None:
    """Keep `paragraph` on the same page as the next one (`w:keepNext`), whatever its style says.

    The schema puts `w:keepNext` right after the paragraph's style, first when it has none.
    """
    properties = first_child(paragraph, W_PPR)
    if properties.find(W_KEEP_NEXT) is not None:
        return
    style = properties.find(W_PSTYLE)
    keep = properties.makeelement(W_KEEP_NEXT, {})
    if style is not None:
        style.addnext(keep)
    else:
        properties.insert(0, keep)


def append_run(
    parent: etree._Element,
    text: str,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
    language: str | None = None,
) -> etree._Element:
    """Return a new `w:r` holding `text` appended to `parent`; tabs and line breaks become their elements.

    Bold and italic are set for complex scripts too (`w:bCs`, `w:iCs`), so Arabic is emphasised.
    A run with a `language` of its own says it (`w:lang`) and its direction (`w:rtl`), so a
    screen reader reads a Spanish title in a Spanish voice, and an English title in an Arabic
    document left to right.
    """
    run = etree.SubElement(parent, W_R)
    if bold or italic or style_id or language:
        properties = etree.SubElement(run, W_RPR)
        if style_id:
            etree.SubElement(properties, W_RSTYLE).set(W_VAL, style_id)
        for flag, tags in ((bold, (W_B, W_BCS)), (italic, (W_I, W_ICS))):
            if flag:
                for tag in tags:
                    etree.SubElement(properties, tag)
        if language:
            # The schema orders w:rtl, then w:lang, after the emphasis elements.
            etree.SubElement(properties, W_RTL).set(W_VAL, "1" if is_rtl(language) else "0")
            lang = etree.SubElement(properties, W_LANG)
            lang.set(W_VAL, language)
            if is_rtl(language):
                lang.set(qn("w:bidi"), language)
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


def child(parent: etree._Element, tag: str, first: bool = False) -> etree._Element:
    """Return the `tag` (prefixed name) child of `parent`, adding it (first or last) when there is none."""
    if first:
        return first_child(parent, qn(tag))
    found = parent.find(qn(tag))
    return found if found is not None else etree.SubElement(parent, qn(tag))


@cache
def _clark_names(tags: tuple[str, ...]) -> frozenset[str]:
    """Return the Clark names of prefixed names: the lists of followers are few and asked for many times."""
    return frozenset(qn(tag) for tag in tags)


def insert_in_order(parent: etree._Element, element: etree._Element, followers: tuple[str, ...]) -> None:
    """Insert `element` before the first child named (prefixed) in `followers`, or last when there is none."""
    names = _clark_names(followers)
    for existing in parent:
        if existing.tag in names:
            existing.addprevious(element)
            return
    parent.append(element)
