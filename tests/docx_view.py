"""How the tests see boxes in a Word file: runs of framed paragraphs (no longer one-cell tables)."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def box_groups(document) -> list[list[Paragraph]]:
    """Return each box of a document's body: consecutive framed paragraphs, up to the one with space after it.

    Each paragraph of a box is framed on its own, its frame touching its neighbours'; a box's
    last paragraph keeps space after it. A table or an unframed paragraph ends a box too.
    """
    groups: list[list[Paragraph]] = []
    open_box = False
    for element in document.element.body.iterchildren():
        if not _is_framed(element):
            open_box = False
            continue
        if not open_box:
            groups.append([])
        groups[-1].append(Paragraph(element, document._body))
        open_box = not _ends_box(element)
    return groups


def _is_framed(element) -> bool:
    return element.tag == qn("w:p") and element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:left')}") is not None


def _ends_box(element) -> bool:
    spacing = element.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    return spacing is not None and spacing.get(qn("w:after"), "0") != "0"


def box_paragraphs(group: list[Paragraph]) -> list[tuple[str, str]]:
    """Return (style name, text) of each paragraph of a box, in order."""
    return [(paragraph.style.name, paragraph.text) for paragraph in group]


def fill_of(paragraph: Paragraph) -> str | None:
    """Return the tint of a framed paragraph, or None."""
    shading = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:shd')}")
    return shading.get(qn("w:fill")) if shading is not None else None


def box_starting_with(document, label: str) -> tuple[list[str], list[Table]]:
    """Return the paragraph texts and the tables of the box whose first paragraph reads `label`.

    A box goes on past a table inside it (indented under its text) until the first paragraph
    that is not framed as it is (unframed, or the next box).
    """
    texts: list[str] = []
    tables: list[Table] = []
    inside = False
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            if inside:
                tables.append(Table(element, document._body))
            continue
        if element.tag != qn("w:p"):
            continue
        paragraph = Paragraph(element, document._body)
        if not inside and _is_framed(element) and paragraph.text == label:
            inside = True
        elif inside and not _is_framed(element):
            break
        if inside:
            texts.append(paragraph.text)
            if _ends_box(element):
                break
    return texts, tables
