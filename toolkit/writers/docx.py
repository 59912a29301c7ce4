"""Write a document tree (a handout or a facilitator guide) as a Word file styled by a reference .docx.

Code here picks style *names*; how they look lives in the reference document
(`templates/reference.docx`, built by `templates/make_reference_docx.py`). A style the
reference lacks falls back to a built-in one; `reference_warnings` lists those fallbacks.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from toolkit.doctree import (
    Block,
    Box,
    Document,
    Heading,
    Inlines,
    ListBlock,
    PageBreak,
    Paragraph,
    Table,
    WriteLines,
    plain_text,
)
from toolkit.i18n import is_rtl
from toolkit.output import normalise_zip
from toolkit.writers.docx_parts import (
    clear_body,
    has_numbering,
    restart_numbering,
    set_paper,
    set_properties,
    use_numbering,
    write_footer,
)
from toolkit.writers.docx_styles import Styles, load_reference, reference_warnings
from toolkit.writers.docx_tables import column_widths
from toolkit.writers.docx_xml import append_run, new_paragraph, set_paragraph_style

__all__ = ["reference_warnings", "write_document"]

# Heading level → style; the tree's level 1 is the document title.
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}


@dataclass(frozen=True)
class BoxStyles:
    """The table style that frames a box and the paragraph style of its text."""

    frame: str
    text: str


BOX_STYLES = {
    "question": BoxStyles("Question Box", "Question"),
    "note": BoxStyles("Note Box", "Box Text"),
    "example": BoxStyles("Example Box", "Box Text"),
    "safeguarding": BoxStyles("Safeguarding Box", "Safeguarding"),
    "content-note": BoxStyles("Content Note Box", "Content Note"),
}
DEFAULT_BOX = BOX_STYLES["note"]

# A box shorter than about half a page moves whole to the next page rather than split; a longer
# one splits, since keeping it whole would leave most of a page empty.
KEEP_TOGETHER_LINES = 25
LINE_CHARS = 80
# Room a box's cell margins and bar take from its width, so a table inside a box still fits.
BOX_INSET = Cm(0.8)
LINK_SCHEMES = ("http", "https", "mailto")
# Characters XML 1.0 cannot hold; tabs and line breaks are kept and become w:tab and w:br.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_document(document: Document, reference: Path | None = None, paper: str = "a4") -> bytes:
    """Return the .docx bytes of `document`, styled by `reference` (the shipped reference when None).

    `paper` is "a4" or "letter". The same inputs give the same bytes. Styles missing from
    `reference` fall back to built-in ones; `reference_warnings(reference)` says which.
    """
    loaded = load_reference(reference)
    target = loaded.fresh_document()
    clear_body(target)
    width = set_paper(target, paper)
    right_to_left = is_rtl(document.metadata.language)
    _BlockWriter(target, loaded.styles, right_to_left).write(_Place(target._body, width), document.blocks)
    write_footer(target, document.metadata.title, loaded.styles, width)
    set_properties(target, document.metadata)
    saved = io.BytesIO()
    target.save(saved)
    return normalise_zip(saved.getvalue())


@dataclass(frozen=True)
class _Place:
    """Where blocks go: the body or a box's cell, its usable width and the style of its paragraphs."""

    container: BlockItemContainer
    width: Length
    text_style: str = "Normal"
    in_box: bool = False


class _BlockWriter:
    """Turn tree blocks into paragraphs and tables of one python-docx document."""

    def __init__(self, document: DocxDocument, styles: Styles, right_to_left: bool = False):
        self.document = document
        self.styles = styles
        self.right_to_left = right_to_left

    def write(self, place: _Place, blocks: tuple[Block, ...]) -> None:
        """Write `blocks` in order into `place`, with a spacer after each table or box that needs one."""
        blocks = tuple(block for block in blocks if not _is_empty_table(block))
        for index, block in enumerate(blocks):
            self._write_block(place, block)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, (Table, Box)) and _needs_spacer(place, following):
                self._paragraph(place, (), place.text_style)

    def _write_block(self, place: _Place, block: Block) -> None:
        """Write one block of any kind into `place`."""
        if isinstance(block, Heading):
            style = "Box Label" if place.in_box else HEADING_STYLES[min(max(block.level, 1), 4)]
            self._paragraph(place, block.inlines, style)
        elif isinstance(block, Paragraph):
            self._paragraph(place, block.inlines, place.text_style)
        elif isinstance(block, ListBlock):
            self._list(place, block)
        elif isinstance(block, Table):
            self._table(place, block)
        elif isinstance(block, WriteLines):
            for _ in range(block.count):
                self._paragraph(place, (), "Write Line")
        elif isinstance(block, Box):
            self._box(place, block)
        elif isinstance(block, PageBreak) and not place.in_box:
            # Word does not honour a page break inside a table cell, so a box leaves it out.
            self._paragraph(place, (), "Normal").add_run().add_break(WD_BREAK.PAGE)

    def _paragraph(self, place: _Place, inlines: Inlines, style: str) -> DocxParagraph:
        """Return a new paragraph at the end of `place` holding `inlines` in the style named `style`."""
        paragraph = DocxParagraph(new_paragraph(place.container._element), place.container)
        self._set_style(paragraph, style)
        self._add_inlines(paragraph, inlines)
        return paragraph

    def _set_style(self, paragraph: DocxParagraph, style: str) -> None:
        """Give `paragraph` the style named `style`, by id: python-docx's setter scans every style."""
        set_paragraph_style(paragraph._p, self.styles.id(style))

    def _add_inlines(self, paragraph: DocxParagraph, inlines: Inlines) -> None:
        """Append the spans to `paragraph` as runs, links as real hyperlinks.

        Formatting is only ever switched on: an explicit "off" would override a bold style.
        """
        for span in inlines:
            text = _NOT_XML.sub("", span.text)
            link = span.link if span.link is not None and _is_safe_link(span.link) else None
            parent = self._add_link(paragraph, link) if link else paragraph._p
            style_id = self.styles.id("Hyperlink") if parent is not paragraph._p else None
            append_run(parent, text, span.bold, span.italic, style_id)

    def _add_link(self, paragraph: DocxParagraph, url: str) -> etree._Element:
        """Return a new hyperlink to `url` at the end of `paragraph`, for runs to go in."""
        r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink", {qn("r:id"): r_id})
        paragraph._p.append(hyperlink)  # python-docx can read hyperlinks but not add them
        return hyperlink

    def _list(self, place: _Place, block: ListBlock) -> None:
        """Write a list; an ordered list restarts at 1, and a style without numbering gets typed markers."""
        style = "List Number" if block.ordered else "List Bullet"
        num_id = restart_numbering(self.document, self.styles[style]) if block.ordered else None
        typed_markers = not has_numbering(self.styles[style])
        for number, item in enumerate(block.items, 1):
            paragraph = self._paragraph(place, (), style)
            if num_id is not None:
                use_numbering(paragraph, num_id)
            if typed_markers:
                append_run(paragraph._p, f"{number}.\t" if block.ordered else "\u2022\t")
            self._add_inlines(paragraph, item)

    def _table(self, place: _Place, block: Table) -> None:
        """Write a table whose header row repeats on every page and whose rows never split."""
        columns = max(len(row) for row in (block.header, *block.rows))
        widths = column_widths((block.header, *block.rows), columns, place.width)
        table = self._add_table(place, 1 + len(block.rows), widths, "Toolkit Table")
        for index, (row, cells) in enumerate(zip(table.rows, (block.header, *block.rows))):
            _keep_row_together(row._tr)
            if index == 0:
                _repeat_as_header(row._tr)
            style = "Table Heading" if index == 0 else "Table Text"
            for cell, inlines in zip(row.cells, cells):
                self._set_style(cell.paragraphs[0], style)
                self._add_inlines(cell.paragraphs[0], inlines)
            for cell in row.cells[len(cells) :]:
                self._set_style(cell.paragraphs[0], style)

    def _box(self, place: _Place, box: Box) -> None:
        """Write a box as a one-cell table in the frame style of its kind; a bold first line is its label."""
        styles = BOX_STYLES.get(box.kind, DEFAULT_BOX)
        table = self._add_table(place, 1, [place.width], styles.frame)
        if _estimated_lines(box.blocks) <= KEEP_TOGETHER_LINES:
            _keep_row_together(table.rows[0]._tr)
        cell = table.rows[0].cells[0]
        inner = _Place(cell, Length(place.width - BOX_INSET), styles.text, in_box=True)
        blocks = box.blocks
        first = blocks[0] if blocks else None
        if isinstance(first, (Heading, Paragraph)) and _is_label(first):
            self._add_inlines(cell.paragraphs[0], first.inlines)
            self._set_style(cell.paragraphs[0], "Box Label")
            blocks = blocks[1:]
        elif blocks:
            cell._tc.remove(cell.paragraphs[0]._p)  # the empty paragraph every new cell starts with
        self.write(inner, blocks)

    def _add_table(self, place: _Place, rows: int, widths: list[Length], style: str) -> DocxTable:
        """Return a new table at the end of `place` with fixed column `widths` and the style named `style`."""
        # The base class method, because a cell's own add_table appends a paragraph we do not want.
        table = BlockItemContainer.add_table(place.container, rows, len(widths), Length(sum(widths)))
        table._tbl.tblStyle_val = self.styles.id(style)
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width
        if self.right_to_left:
            # Columns run right to left too, so a table reads from its first column on the right.
            table._tbl.tblPr.find(qn("w:tblStyle")).addnext(OxmlElement("w:bidiVisual"))
        return table


def _needs_spacer(place: _Place, following: Block | None) -> bool:
    """Return True when a table or box must be followed by an empty paragraph.

    Two tables in a row would touch or merge, and a cell must end with a paragraph; a heading
    brings its own space before.
    """
    if following is None:
        return place.in_box
    return not isinstance(following, (Heading, PageBreak))


def _is_empty_table(block: Block) -> bool:
    """Return True for a table without a single cell, which a .docx file cannot hold."""
    return isinstance(block, Table) and not block.header and not any(block.rows)


def _is_label(block: Block) -> bool:
    """Return True when a box's first block is a label line: a heading or an all-bold paragraph."""
    if isinstance(block, Heading):
        return True
    spans = [span for span in block.inlines if span.text.strip()] if isinstance(block, Paragraph) else []
    return bool(spans) and all(span.bold for span in spans)


def _is_safe_link(url: str | None) -> bool:
    """Return True for http, https and mailto addresses; others are written as plain text."""
    return bool(url) and urlsplit(url).scheme.lower() in LINK_SCHEMES


def _keep_row_together(tr) -> None:
    """Keep a table row on one page; call before `_repeat_as_header`, as the schema orders them so."""
    tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(tr) -> None:
    """Mark a table row as the header row that repeats at the top of every page the table spans."""
    tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _estimated_lines(blocks: tuple[Block, ...]) -> int:
    """Return roughly how many lines of body text `blocks` take up, counting a write line as two."""
    lines = 0
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            lines += _text_lines(block.inlines)
        elif isinstance(block, ListBlock):
            lines += sum(_text_lines(item) for item in block.items)
        elif isinstance(block, Table):
            lines += sum(max(map(_text_lines, row), default=1) for row in (block.header, *block.rows))
        elif isinstance(block, WriteLines):
            lines += 2 * block.count
        elif isinstance(block, Box):
            lines += 1 + _estimated_lines(block.blocks)
    return lines


def _text_lines(inlines: Inlines) -> int:
    """Return roughly how many lines a paragraph of `inlines` takes, with its spacing."""
    return 1 + len(plain_text(inlines)) // LINE_CHARS
