"""Write a document tree (a handout or a facilitator guide) as a Word file styled by a reference .docx.

Code here picks style *names*; how they look lives in the reference document
(`templates/reference.docx`, built by `templates/make_reference_docx.py`). A style a user's
reference lacks is supplied from the shipped one, in the reference's fonts and colours
(`docx_supplied`).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from toolkit.core.diagnostics import Diagnostic, quote
from toolkit.core.i18n import is_rtl
from toolkit.core.links import is_safe_link
from toolkit.render.doctree import (
    CHECKBOX,
    Block,
    Box,
    Document,
    FormField,
    Heading,
    Inlines,
    ListBlock,
    Origin,
    PageBreak,
    Paragraph,
    Picture,
    Table,
    WriteLines,
    drawn_as_tables,
    plain_text,
)
from toolkit.writers import opc
from toolkit.writers.docx_frames import (
    PADDING,
    answer_lines,
    frame_look,
    frame_paragraph,
    has_typed_marker,
    indent_table,
    keep_together,
)
from toolkit.writers.docx_parts import (
    clear_body,
    has_numbering,
    main_part,
    restart_numbering,
    set_paper,
    set_section_direction,
    use_numbering,
    write_footer,
)
from toolkit.writers.docx_pictures import drawn_size, inline_drawing, read_picture
from toolkit.writers.docx_styles import StyleRoles, Styles, load_reference, reference_warnings
from toolkit.writers.docx_tables import column_widths
from toolkit.writers.docx_xml import (
    R_ID,
    W_BR,
    W_R,
    W_TYPE,
    W_VAL,
    append_block,
    append_run,
    child,
    keep_with_next,
    new_paragraph,
    qn,
)
from toolkit.writers.properties import write_core_properties
from toolkit.writers.units import Cm, Length
from toolkit.writers.written import Written, warning

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
    # What participants hold, shown in the guide in the frame of the handout's questions.
    "participants": BoxStyles("Question Box", "Box Text"),
}
DEFAULT_BOX = BOX_STYLES["note"]

# A box shorter than about half a page moves whole to the next page rather than split; a longer
# one splits, since keeping it whole would leave most of a page empty.
KEEP_TOGETHER_LINES = 25
LINE_CHARS = 80
# Room a box's cell margins and bar take from its width, so a table inside a box still fits.
BOX_INSET = Cm(0.8)
NO_NUMBERING = 0  # the numbering id that switches off a style's bullets or numbers
# What an empty form field shows until it is filled in: room to click or tap into, blank on paper.
EMPTY_FIELD = "\u2002" * 12
FIRST_FIELD_ID = 1000  # content control ids: unique in the document, clear of anything Word numbers itself
# Characters XML 1.0 cannot hold; tabs and line breaks are kept and become w:tab and w:br.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

W_TBL, W_TR, W_TC, W_TCPR, W_TCW = (qn(f"w:{tag}") for tag in ("tbl", "tr", "tc", "tcPr", "tcW"))
W_W = qn("w:w")
# The table look Word gives a new table: banded rows, first row and column stand out.
TABLE_LOOK = {
    qn(f"w:{name}"): value
    for name, value in (
        ("firstColumn", "1"),
        ("firstRow", "1"),
        ("lastColumn", "0"),
        ("lastRow", "0"),
        ("noHBand", "0"),
        ("noVBand", "1"),
        ("val", "04A0"),
    )
}


def write_document(
    document: Document, reference: Path | None = None, paper: str = "a4", roles: StyleRoles = ()
) -> Written:
    """Return the .docx bytes of `document`, styled by `reference` (the shipped reference when None), and its warnings.

    `paper` is "a4" or "letter"; `roles` maps wanted styles to the reference's own names. A
    style the reference lacks is supplied from the shipped one in the reference's fonts and
    colours. The same inputs give the same bytes. The warnings say what `check` would call an
    error in the file (a heading that skips a level), placed at the node's line in the module.
    Raises DiagnosticsError when `reference` cannot be read as a Word document or a style
    role can be neither found nor supplied.
    """
    loaded = load_reference(reference, roles)
    package = loaded.fresh_document(document.metadata.language)
    document_part = main_part(package)
    body = child(package.xml(document_part), "w:body")
    section = clear_body(body)
    width = set_paper(section, paper)
    set_section_direction(section, is_rtl(document.metadata.language))
    writer = _BlockWriter(package, document_part, loaded.styles, is_rtl(document.metadata.language))
    writer.write(_Place(body, width), document.blocks)
    write_footer(package, document_part, section, document.metadata.title, loaded.styles, width)
    write_core_properties(package, document.metadata)
    notes = _heading_skips(document.blocks, str(loaded.path)) + [
        warning(origin, str(loaded.path), message, code) for origin, message, code in writer.dropped
    ]
    return Written(package.to_bytes(), (*loaded.warnings, *notes))


def _heading_skips(blocks: tuple[Block, ...], reference: str) -> list[Diagnostic]:
    """Return a warning for each heading more than one level below the heading before it, as `check` finds them.

    The tree's level 2 is Word's Heading 1; the title (level 1) and labels in boxes are no outline level.
    """
    warnings = []
    previous = 0
    for block in blocks:
        if not isinstance(block, Heading) or block.level < 2:
            continue
        level = min(block.level, 4) - 1
        if level > previous + 1:
            after = f"a Heading {previous}" if previous else "the start of the document"
            message = (
                f"the heading {quote(plain_text(block.inlines))} becomes a Heading {level} after {after}; "
                "a template should not skip a heading level, so the outline has no gap"
            )
            warnings.append(warning(block.origin, reference, message, "doc.heading-skip"))
        previous = level
    return warnings


@dataclass(frozen=True)
class _Place:
    """Where blocks go: the body or a box's cell (`w:tc`), its usable width and the style of its paragraphs."""

    container: etree._Element
    width: Length
    text_style: str = "Normal"
    in_box: bool = False
    origin: Origin | None = None  # of the box it is, for a warning about what the box cannot hold


class _BlockWriter:
    """Turn tree blocks into the paragraphs and tables of one Word document part."""

    def __init__(self, package: opc.Package, document_part: str, styles: Styles, right_to_left: bool = False):
        self.package = package
        self.document_part = document_part
        self.relationships = package.rels(document_part)
        self.styles = styles
        self.right_to_left = right_to_left
        self.dropped: list[tuple[Origin | None, str, str]] = []  # what could not be written: where, why, code
        self.images: dict[str, str] = {}  # a picture's digest → the document's relationship to it
        self.drawings = 0  # pictures drawn so far: each has its own id
        self.framed = 0  # paragraphs framed in boxes so far: neighbours' frames differ, so none join
        self.fields = 0  # form fields written so far: each content control has its own id
        self.section = ""  # the text of the last heading, the title of a table that has no caption of its own

    def write(self, place: _Place, blocks: tuple[Block, ...]) -> None:
        """Write `blocks` in order into `place`, with a spacer after each table or box that needs one.

        A heading, its subtitle or a label that something follows is kept on the page of what
        it introduces.
        """
        # A chart or diagram is written as its caption, the table of its figures and its source (docs/module-format.md).
        blocks = tuple(block for block in drawn_as_tables(blocks) if not _is_empty_table(block))
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            previous = blocks[index - 1] if index else None
            keep = following is not None and (_introduces(block) or _is_subtitle(block, previous))
            self._write_block(place, block, keep_with_following=keep)
            if isinstance(block, Table) and _needs_spacer(place, following):
                self._paragraph(place.container, (), place.text_style)

    def _write_block(self, place: _Place, block: Block, keep_with_following: bool = False) -> None:
        """Write one block of any kind into `place`; a heading or paragraph can be kept with the next block."""
        if isinstance(block, Heading):
            style = "Box Label" if place.in_box else HEADING_STYLES[min(max(block.level, 1), 4)]
            self.section = plain_text(block.inlines).strip()
            self._paragraph(place.container, block.inlines, style, keep_with_following)
        elif isinstance(block, Paragraph):
            self._paragraph(place.container, block.inlines, place.text_style, keep_with_following)
        elif isinstance(block, ListBlock):
            self._list(place, block)
        elif isinstance(block, Table):
            self._table(place, block)
        elif isinstance(block, WriteLines):
            self._answer_area(place, block)
        elif isinstance(block, Box):
            self._box(place, block)
        elif isinstance(block, Picture):
            self._picture(place, block)
        elif isinstance(block, PageBreak) and place.in_box:
            # Word does not honour a page break inside a table cell, so a box leaves it out.
            message = "a page break inside a box is left out (Word cannot break a page inside a box); end the box first"
            self.dropped.append((place.origin, message, "docx.break-in-box"))
        elif isinstance(block, PageBreak):
            run = etree.SubElement(self._paragraph(place.container, (), "Normal"), W_R)
            etree.SubElement(run, W_BR, {W_TYPE: "page"})

    def _picture(self, place: _Place, picture: Picture) -> None:
        """Write a picture in a paragraph of its own, as wide as it is on screen or as the place allows."""
        file = read_picture(picture)
        digest = hashlib.sha1(file.data).hexdigest()
        if digest not in self.images:  # a picture shown twice is stored once
            extension = "jpg" if file.kind == "JPEG" else file.kind.lower()
            name = f"/word/media/image{len(self.images) + 1}.{extension}"
            self.package.put_blob(name, file.data, opc.IMAGE_TYPES[file.kind.lower()])
            self.images[digest] = self.relationships.add(opc.RT_IMAGE, name)
        run = etree.SubElement(self._paragraph(place.container, (), place.text_style), W_R)
        self.drawings += 1
        inline_drawing(run, self.images[digest], self.drawings, picture, drawn_size(file, place.width))

    def _paragraph(
        self, container: etree._Element, inlines: Inlines, style: str, keep_with_following: bool = False
    ) -> etree._Element:
        """Return a new `w:p` at the end of a body or cell holding `inlines` in the style named `style`.

        With `keep_with_following` it stays on the page of the paragraph after it, so a heading
        or a label never ends a page alone, whatever the reference's styles say.
        """
        paragraph = new_paragraph(container, self.styles.id(style))
        if keep_with_following:
            keep_with_next(paragraph)
        self._add_inlines(paragraph, inlines)
        return paragraph

    def _add_inlines(self, paragraph: etree._Element, inlines: Inlines) -> None:
        """Append the spans to `paragraph` as runs, links as real hyperlinks.

        Formatting is only ever switched on: an explicit "off" would override a bold style.
        """
        for span in inlines:
            text = _NOT_XML.sub("", span.text)
            if span.field is not None:
                parent = self._add_field(paragraph, span.field)
                append_run(parent, text or EMPTY_FIELD, span.bold, span.italic, language=span.language)
            elif span.link is not None and is_safe_link(span.link):
                parent = self._add_link(paragraph, span.link)
                append_run(parent, text, span.bold, span.italic, self.styles.id("Hyperlink"), span.language)
            else:
                append_run(paragraph, text, span.bold, span.italic, language=span.language)

    def _add_field(self, paragraph: etree._Element, field: FormField) -> etree._Element:
        """Return the content of a new content control (`w:sdt`) at the end of `paragraph`, for runs to go in.

        Its title (`w:alias`) is the field's label, which Word shows and a screen reader announces;
        what the runs say shows as its placeholder until it is filled in. A choice is a drop-down
        list, anything else plain text. The schema orders alias, tag, id, showingPlcHdr, then the kind.
        """
        self.fields += 1
        control = etree.SubElement(paragraph, qn("w:sdt"))
        properties = etree.SubElement(control, qn("w:sdtPr"))
        etree.SubElement(properties, qn("w:alias"), {W_VAL: _NOT_XML.sub("", field.label)})
        etree.SubElement(properties, qn("w:tag"), {W_VAL: _NOT_XML.sub("", field.tag or str(self.fields))[:64]})
        etree.SubElement(properties, qn("w:id"), {W_VAL: str(FIRST_FIELD_ID + self.fields)})
        etree.SubElement(properties, qn("w:showingPlcHdr"))
        if field.kind == "choice" and field.choices:
            choices = etree.SubElement(properties, qn("w:dropDownList"))
            for choice in field.choices:
                value = _NOT_XML.sub("", choice)
                etree.SubElement(choices, qn("w:listItem"), {qn("w:displayText"): value, qn("w:value"): value})
        else:
            etree.SubElement(properties, qn("w:text"))
        return etree.SubElement(control, qn("w:sdtContent"))

    def _add_link(self, paragraph: etree._Element, url: str) -> etree._Element:
        """Return a new hyperlink to `url` at the end of `paragraph`, for runs to go in."""
        return etree.SubElement(paragraph, qn("w:hyperlink"), {R_ID: self._link_id(url)})

    def _link_id(self, url: str) -> str:
        """Return the id of the relationship to `url`: links to one address share one, as in Word."""
        for rel in self.relationships.items:
            if rel.external and rel.type == opc.RT_HYPERLINK and rel.target == url:
                return rel.rid
        return self.relationships.add(opc.RT_HYPERLINK, url, external=True)

    def _list(self, place: _Place, block: ListBlock) -> None:
        """Write a list; an ordered list restarts at its start, and a style without numbering gets typed markers.

        A checklist's only marker is a typed box to tick: a style that brings its own bullet
        has it switched off (numbering 0), so no item shows a bullet and a box.
        """
        style = _list_style(block)
        num_id = None
        if block.ordered:
            num_id = restart_numbering(self.package, self.document_part, self.styles[style], block.start)
        styled_markers = has_numbering(self.styles[style])
        if block.checklist and styled_markers:
            num_id = NO_NUMBERING
        for number, item in enumerate(block.items, block.start):
            paragraph = self._paragraph(place.container, (), style)
            if num_id is not None:
                use_numbering(paragraph, num_id)
            if block.checklist or not styled_markers:
                append_run(paragraph, _typed_marker(block, number))
            self._add_inlines(paragraph, item)

    def _table(self, place: _Place, block: Table) -> None:
        """Write a table whose header row repeats on every page and whose rows never split, under its caption.

        Its title and description (`w:tblCaption`, `w:tblDescription`), which screen readers
        announce, are its caption (or the heading it is under) and its column headings.
        """
        if block.caption:
            self._paragraph(place.container, block.caption, "Caption", keep_with_following=True)
        rows = (block.header, *block.rows)
        widths = column_widths(rows, max(len(row) for row in rows), place.width)
        table = self._add_table(place, len(rows), widths, "Toolkit Table", keep_together=True, header=True)
        properties = child(table, "w:tblPr", first=True)
        title = " ".join(plain_text(block.caption).split()) or self.section
        description = ", ".join(text for text in (plain_text(cell).strip() for cell in block.header) if text)
        for tag, text in (("w:tblCaption", title), ("w:tblDescription", description)):
            if text:  # after w:tblLook, as the schema orders them
                etree.SubElement(properties, qn(tag), {W_VAL: _NOT_XML.sub("", text)})
        for index, (row, cells) in enumerate(zip(table.iterchildren(W_TR), rows)):
            style = "Table Heading" if index == 0 else "Table Text"
            # A short row still has a paragraph in every cell: a cell cannot be empty.
            for cell, inlines in zip(row.iterchildren(W_TC), itertools.chain(cells, itertools.repeat(()))):
                self._paragraph(cell, inlines, style)

    def _box(self, place: _Place, box: Box) -> None:
        """Write a box as framed paragraphs in the look of its kind (no table: a screen reader reads them as
        text); a bold first line is its label. A table inside a box stays a table, indented to the box's text."""
        styles = BOX_STYLES.get(box.kind, DEFAULT_BOX)
        container = place.container
        # New blocks go before a body's final section properties: count from where they will go.
        already = len(container) - (1 if len(container) and container[-1].tag == qn("w:sectPr") else 0)
        blocks = box.blocks
        first = blocks[0] if blocks else None
        if isinstance(first, (Heading, Paragraph)) and _is_label(first):
            self._paragraph(container, first.inlines, "Box Label")
            blocks = blocks[1:]
        elif not blocks:
            self._paragraph(container, (), styles.text)  # a box with nothing in it still shows its frame
        self.write(
            _Place(container, Length(place.width - BOX_INSET), styles.text, in_box=True, origin=box.origin), blocks
        )
        added = [element for element in list(container)[already:] if element.tag == qn("w:p")]
        look = frame_look(self.styles[styles.frame])
        keep_whole = _estimated_lines(box.blocks) <= KEEP_TOGETHER_LINES
        for index, paragraph in enumerate(added):
            is_item = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None or has_typed_marker(paragraph)
            frame_paragraph(paragraph, look, (index, len(added), self.framed), self.right_to_left, hanging=is_item)
            self.framed += 1
            # A short box stays on one page; a long one splits, its label staying with its first line.
            if keep_whole or index == 0:
                keep_together(paragraph, with_next=index + 1 < len(added))
        for table in (element for element in list(container)[already:] if element.tag == W_TBL):
            indent_table(table, Length(BOX_INSET // 2))

    def _answer_area(self, place: _Place, block: WriteLines) -> None:
        """Write the ruled lines for an answer as one paragraph, its label first (a screen reader reads it once)."""
        paragraph = self._paragraph(place.container, block.label, "Write Line")
        # The lines run to the text's right edge: in a box, the box's padding before its frame.
        width = Length(place.width + BOX_INSET - PADDING) if place.in_box else place.width
        answer_lines(paragraph, block.count, width)

    def _add_table(
        self, place: _Place, rows: int, widths: list[Length], style: str, keep_together: bool, header: bool = False
    ) -> etree._Element:
        """Return a new `w:tbl` at the end of `place` whose cells are still empty, in the style named `style`.

        Columns have the fixed `widths`; with `keep_together` no row splits across pages, and
        with `header` the first row repeats at the top of every page the table spans.
        """
        table = append_block(place.container, W_TBL)
        properties = etree.SubElement(table, qn("w:tblPr"))
        style_id = self.styles.id(style)
        if style_id is not None:
            etree.SubElement(properties, qn("w:tblStyle"), {W_VAL: style_id})
        if self.right_to_left:
            # Columns run right to left too, so a table reads from its first column on the right.
            etree.SubElement(properties, qn("w:bidiVisual"))
        etree.SubElement(properties, qn("w:tblW"), {W_TYPE: "auto", W_W: "0"})
        etree.SubElement(properties, qn("w:tblLayout"), {W_TYPE: "fixed"})
        etree.SubElement(properties, qn("w:tblLook"), TABLE_LOOK)
        grid = etree.SubElement(table, qn("w:tblGrid"))
        for width in widths:
            etree.SubElement(grid, qn("w:gridCol"), {W_W: str(width.twips)})
        for index in range(rows):
            row = etree.SubElement(table, W_TR)
            if keep_together or (header and index == 0):
                row_properties = etree.SubElement(row, qn("w:trPr"))
                if keep_together:  # the schema puts w:cantSplit before w:tblHeader
                    etree.SubElement(row_properties, qn("w:cantSplit"))
                if header and index == 0:
                    etree.SubElement(row_properties, qn("w:tblHeader"))
            for width in widths:
                cell = etree.SubElement(row, W_TC)
                etree.SubElement(etree.SubElement(cell, W_TCPR), W_TCW, {W_TYPE: "dxa", W_W: str(width.twips)})
        return table


def _list_style(block: ListBlock) -> str:
    """Return the name of the paragraph style for the items of a list."""
    if block.checklist:
        return "Checklist"
    return "List Number" if block.ordered else "List Bullet"


def _typed_marker(block: ListBlock, number: int) -> str:
    """Return the marker typed before an item when no style draws it: a box, a bullet or a number."""
    if block.checklist:
        return f"{CHECKBOX}\t"
    return f"{number}.\t" if block.ordered else "\u2022\t"


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


def _introduces(block: Block) -> bool:
    """Return True for a block that introduces the next one: a heading, a label or a line ending in a colon.

    A label is an all-bold paragraph ("**Variations:**"); a line such as "*Listen for:*" or
    "By the end of this session you will be able to:" leads into the list after it.
    """
    if _is_label(block):
        return True
    return isinstance(block, Paragraph) and plain_text(block.inlines).rstrip().endswith(":")


def _is_subtitle(block: Block, previous: Block | None) -> bool:
    """Return True for an all-italic paragraph right under a heading (the guide's "*Small groups · pairs*").

    It belongs to the heading, so the heading keeps with it and it keeps with what follows.
    """
    if not isinstance(previous, Heading) or not isinstance(block, Paragraph):
        return False
    spans = [span for span in block.inlines if span.text.strip()]
    return bool(spans) and all(span.italic for span in spans)


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
