"""Write a document-tree Deck as a PowerPoint (.pptx) file whose text always fits its slides.

Two steps, as in Pandoc: `plan_deck` turns the Deck into planned slides (layout,
title size, the body chunk that fits, notes lines) without touching python-pptx
objects; `write_deck` renders the plan onto the template and returns the file's bytes.
python-pptx is imported only in this package's pptx modules.
"""

from __future__ import annotations

import io
from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from PIL import Image
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import NotesSlide, SlideLayout
from pptx.slide import Slide as PptxSlide
from pptx.text.text import _Paragraph, _Run
from pptx.util import Emu, Length

from toolkit.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.doctree import (
    Block,
    Box,
    Deck,
    DeckLabels,
    Heading,
    Inlines,
    ListBlock,
    Paragraph,
    Picture,
    Slide,
    Span,
    Table,
    plain_text,
)
from toolkit.i18n import is_rtl
from toolkit.output import normalise_zip
from toolkit.writers.pptx_fit import (
    MIN_TITLE_SIZE,
    Chunk,
    Unit,
    body_units,
    clean_spans,
    fit_title,
    indent,
    space_before,
    split_to_fit,
    table_row_heights,
    text_height,
)
from toolkit.writers.pptx_layouts import (
    DEFAULT_TEMPLATE,
    LAYOUT_NAMES,
    Area,
    Footers,
    LayoutSpec,
    TemplateSpec,
    load_template,
    open_deck,
)
from toolkit.writers.properties import fill_core_properties

LINK_SCHEMES = ("http", "https", "mailto")
A_R, A_RPR, A_T, A_END_PARA = qn("a:r"), qn("a:rPr"), qn("a:t"), qn("a:endParaRPr")
A_SPC_BEF, A_SPC_PTS, A_LN_SPC = qn("a:spcBef"), qn("a:spcPts"), qn("a:lnSpc")
BULLET = "\u2022"
PICTURE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")  # what python-pptx and PowerPoint both take


@dataclass(frozen=True)
class PlannedSlide:
    """One slide as it will be written: layout, title and its size, the body that fits, picture and notes."""

    layout: LayoutSpec
    title: Inlines
    title_size: Length | None
    body: Chunk | None
    picture: Picture | None
    notes: tuple[str, ...]


def write_deck(deck: Deck, template: Path | None = None, diagnostics: list[Diagnostic] | None = None) -> bytes:
    """Return the .pptx file's bytes for `deck`, built on `template` (default: templates/deck.pptx).

    Warnings (a layout missing from the template, a title too long) are appended to
    `diagnostics` when given. Raises DiagnosticsError when the template lacks a layout it
    must have, or a picture cannot be read.
    """
    spec = load_template(template or DEFAULT_TEMPLATE)
    warnings = list(spec.warnings)
    plan = plan_deck(deck, spec, warnings)
    data = _render(plan, deck, spec)
    if diagnostics is not None:
        diagnostics.extend(warnings)
    return data


# --- planning: Deck → PlannedSlide, no python-pptx objects -------------------------------------


def plan_deck(deck: Deck, spec: TemplateSpec, warnings: list[Diagnostic]) -> list[PlannedSlide]:
    """Return the planned slides of a deck, continuation slides included; warnings are appended."""
    plan = [planned for slide in deck.slides for planned in plan_slide(slide, spec, warnings, deck.labels)]
    _warn_duplicate_titles(plan, spec, warnings)
    return plan


def plan_slide(
    slide: Slide, spec: TemplateSpec, warnings: list[Diagnostic], labels: DeckLabels | None = None
) -> list[PlannedSlide]:
    """Return one doctree slide as one slide, or several when its body must continue."""
    if slide.layout not in LAYOUT_NAMES:
        known = ", ".join(LAYOUT_NAMES)
        raise DiagnosticsError(
            [_diagnostic(spec, f"slide {_quoted(slide.title)} asks for layout {slide.layout!r}; known: {known}")]
        )
    layout = spec.layout_for(slide.layout, with_picture=slide.picture is not None)
    chunks = _body_chunks(slide.body, layout)
    if slide.body and layout.body is None:
        message = (
            f'layout "{layout.name}" has no text placeholder: the text of slide {_quoted(slide.title)} is left out'
        )
        warnings.append(_diagnostic(spec, message, Severity.WARNING, "template.body-missing"))
    labels = labels or DeckLabels()
    titles = [_continued_title(slide.title, index, labels) for index in range(max(1, len(chunks)))]
    notes = [notes_lines(slide.notes)] + [(labels.continued_note,)] * (len(titles) - 1)
    return [
        PlannedSlide(
            layout=layout,
            title=title,
            title_size=_title_size(title, layout, spec, warnings),
            body=chunks[index] if chunks else None,
            picture=slide.picture,
            notes=notes[index],
        )
        for index, title in enumerate(titles)
    ]


def _body_chunks(blocks: tuple[Block, ...], layout: LayoutSpec) -> list[Chunk]:
    """Return the slide body split into chunks that each fit the layout's body box."""
    if layout.body is None:
        return []
    inner = layout.body.inner
    units = body_units(blocks, inner.width, inner.height)
    return split_to_fit(units, inner.width, inner.height, layout.body.size) if units else []


def _continued_title(title: Inlines, index: int, labels: DeckLabels) -> Inlines:
    """Return the title of the index-th slide of a run: unchanged, then "(cont.)", "(cont. 2)", …"""
    cleaned = clean_spans(title)
    if index == 0:
        return cleaned
    suffix = " " + (labels.continued if index == 1 else labels.continued_again % {"n": index})
    return (*cleaned, Span(suffix))


def _title_size(title: Inlines, layout: LayoutSpec, spec: TemplateSpec, warnings: list[Diagnostic]) -> Length | None:
    """Return the title's font size, warning when it had to go below the minimum."""
    if layout.title is None:
        return None
    inner = layout.title.inner
    spans = tuple(replace(span, bold=span.bold or layout.title.bold) for span in title)
    size = fit_title(spans, inner.width, inner.height, layout.title.size)
    if size < MIN_TITLE_SIZE:
        message = f"slide title {_quoted(title)} is too long: set in {size.pt:g} pt; shorten it"
        warnings.append(_diagnostic(spec, message, Severity.WARNING, "deck.title-too-long"))
    return size


def _warn_duplicate_titles(plan: list[PlannedSlide], spec: TemplateSpec, warnings: list[Diagnostic]) -> None:
    """Append a warning for each slide title used more than once: screen-reader users navigate by title."""
    seen: set[str] = set()
    for planned in plan:
        text = plain_text(planned.title)
        if text in seen:
            message = f"slide title {_quoted(planned.title)} is used more than once; titles should be unique"
            warnings.append(_diagnostic(spec, message, Severity.WARNING, "deck.title-duplicate"))
        seen.add(text)


def _quoted(title: Inlines) -> str:
    """Return a title's text in quotes for a message."""
    return f'"{plain_text(title)}"'


def _diagnostic(
    spec: TemplateSpec, message: str, severity: Severity = Severity.ERROR, code: str = "deck.layout-unknown"
) -> Diagnostic:
    """Return a diagnostic about the deck, filed against the template it is being built on."""
    return Diagnostic(str(spec.path), None, severity, message, code)


def notes_lines(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    """Return speaker notes as plain lines: list items with "• " or "1. ", headings in capitals."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(_notes_text(block.inlines))
        elif isinstance(block, Heading):
            lines += ([""] if lines else []) + [_notes_text(block.inlines).upper()]
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                marker = f"{number}. " if block.ordered else f"{BULLET} "
                lines.append(marker + _notes_text(item))
        elif isinstance(block, Box):
            lines += notes_lines(block.blocks)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                lines.append(" | ".join(_notes_text(cell) for cell in row))
    return tuple(lines)


def _notes_text(spans: Inlines) -> str:
    """Return spans as plain text, with a link's address after its text when they differ."""
    parts = []
    for span in clean_spans(spans):
        shown = span.text
        if span.link and _is_safe_link(span.link) and span.link not in (shown, f"mailto:{shown}"):
            shown += f" ({span.link})"
        parts.append(shown)
    return "".join(parts)


def _is_safe_link(address: str) -> bool:
    """Return True for http, https and mailto addresses: the only ones a slide may link to."""
    return urlsplit(address.strip()).scheme.lower() in LINK_SCHEMES


# --- rendering: PlannedSlide → python-pptx → bytes --------------------------------------------


def _render(plan: list[PlannedSlide], deck: Deck, spec: TemplateSpec) -> bytes:
    """Return the bytes of the template filled with the planned slides."""
    prs = open_deck(spec)
    language = deck.metadata.language
    layouts = list(prs.slide_layouts)
    footers = Footers(deck.footer, language, is_rtl(language))
    notes_pages = NotesPages()
    new_slides = SlideFactory(prs)
    for number, planned in enumerate(plan, start=1):
        slide = new_slides.add(layouts[planned.layout.index])
        _write_slide(slide, planned, language)
        if planned.layout.logical != "title":
            footers.add(slide, planned.layout.index, number)
        _write_notes(notes_pages.notes_for(slide), planned.notes, language)
    _set_default_language(prs, language)
    fill_core_properties(prs.core_properties, deck.metadata)
    buffer = io.BytesIO()
    prs.save(buffer)
    return normalise_zip(buffer.getvalue())


def _write_slide(slide: PptxSlide, planned: PlannedSlide, language: str) -> None:
    """Fill a new slide's title, body, table and picture, then drop placeholders left empty."""
    layout = planned.layout
    if layout.title is not None and slide.shapes.title is not None:
        paragraph = slide.shapes.title.text_frame.paragraphs[0]
        _fill_paragraph(paragraph, planned.title, planned.title_size, language)
    if planned.body is not None and layout.body is not None:
        _write_body(slide, layout, planned.body, language)
    if planned.picture is not None and layout.picture is not None:
        _place_picture(slide, planned.picture, layout.picture)
    _remove_empty_placeholders(slide)


def _write_body(slide: PptxSlide, layout: LayoutSpec, chunk: Chunk, language: str) -> None:
    """Write a chunk's text into the body placeholder and its table, if any, below the text."""
    body = layout.body
    if body is None:  # callers only pass a chunk for layouts with a body; this keeps the type exact
        return
    placeholder = slide.placeholders[body.idx]
    if layout.move_body:
        placeholder.left, placeholder.top = body.area.left, body.area.top
        placeholder.width, placeholder.height = body.area.width, body.area.height
    text_units = [unit for unit in chunk.units if unit.table is None]
    frame = placeholder.text_frame
    for position, unit in enumerate(text_units):
        paragraph = frame.paragraphs[0] if position == 0 else frame.add_paragraph()
        _format_paragraph(paragraph, unit, chunk.size, _list_start(text_units, position))
        _fill_paragraph(paragraph, unit.spans, chunk.size, language, bold=unit.kind == "heading")
    for unit in chunk.units:
        if unit.table is not None:
            top = Emu(body.inner.top + text_height(text_units, chunk.size, body.inner.width) + space_before(chunk.size))
            _add_table(slide, unit.table, Area(body.inner.left, top, body.inner.width, Emu(0)), chunk.size, language)


def _list_start(units: list[Unit], position: int) -> int:
    """Return the number that a numbered paragraph's run of adjacent numbered items starts at.

    Every item of a run carries the same start, so a list continued from the previous
    slide goes on counting from where it stopped.
    """
    start = position
    while start > 0 and units[start].number > 1 and _numbered(units[start - 1]):
        start -= 1
    return units[start].number


def _numbered(unit: Unit) -> bool:
    """Return True for a paragraph that shows a number."""
    return unit.kind == "number" and not unit.continued


def _format_paragraph(paragraph: _Paragraph, unit: Unit, size: Length, list_start: int) -> None:
    """Set a paragraph's indent, spacing and bullet exactly as fitting measured them."""
    p_pr = paragraph._p.get_or_add_pPr()
    _set_space_before(p_pr, space_before(size))
    margin = indent(unit)
    p_pr.set("marL", str(int(margin)))
    hanging = unit.kind in ("bullet", "number") and not unit.continued
    p_pr.set("indent", str(-int(margin) if hanging else 0))
    if not hanging:
        etree.SubElement(p_pr, qn("a:buNone"))
        return
    # The bullet font is set as well: a template's Wingdings would turn "•" into another glyph.
    etree.SubElement(p_pr, qn("a:buFont"), typeface="Arial")
    if unit.kind == "number":
        numbering = etree.SubElement(p_pr, qn("a:buAutoNum"), type="arabicPeriod")
        if list_start > 1:
            numbering.set("startAt", str(list_start))
    else:
        etree.SubElement(p_pr, qn("a:buChar"), char=BULLET)


def _set_space_before(p_pr: etree._Element, space: Length) -> None:
    """Set the space above a paragraph (`a:spcBef`, after any `a:lnSpc`), in hundredths of a point."""
    for old in p_pr.findall(A_SPC_BEF):
        p_pr.remove(old)
    element = p_pr.makeelement(A_SPC_BEF, {})
    etree.SubElement(element, A_SPC_PTS, val=str(int(space / 127)))
    line_spacing = p_pr.find(A_LN_SPC)
    if line_spacing is not None:
        line_spacing.addnext(element)
    else:
        p_pr.insert(0, element)


def _fill_paragraph(
    paragraph: _Paragraph, spans: Inlines, size: Length | None, language: str, bold: bool = False
) -> None:
    """Add one run per span, with its size, language, bold, italic and safe hyperlink.

    In a right-to-left language the paragraph is also set right to left and aligned
    right, so bullets, punctuation and line ends fall on the correct side.
    """
    end = paragraph._p.find(A_END_PARA)
    for span in spans:
        # Built with lxml: python-pptx's add_run and font setters search siblings on every call.
        run = paragraph._p.makeelement(A_R, {})
        if end is not None:
            end.addprevious(run)
        else:
            paragraph._p.append(run)
        properties = etree.SubElement(run, A_RPR, {"lang": language})
        if size is not None:
            properties.set("sz", str(int(size / 127)))  # hundredths of a point
        if span.bold or bold:
            properties.set("b", "1")
        if span.italic:
            properties.set("i", "1")
        etree.SubElement(run, A_T).text = span.text
        if span.link and _is_safe_link(span.link):
            _Run(run, paragraph).hyperlink.address = span.link.strip()
    if is_rtl(language):
        paragraph._p.get_or_add_pPr().attrib.update({"rtl": "1", "algn": "r"})


def _add_table(slide: PptxSlide, table: Table, area: Area, size: Length, language: str) -> None:
    """Add a table with a header row, equal columns and rows as tall as fitting measured them."""
    heights = table_row_heights(table, size, area.width)
    rows, columns = len(heights), len(table.header)
    frame = slide.shapes.add_table(rows, columns, area.left, area.top, area.width, Emu(sum(heights)))
    grid = frame.table
    for column in grid.columns:
        column.width = Emu(area.width // columns)
    for row, height in zip(grid.rows, heights):
        row.height = height
    for row_index, cells in enumerate((table.header, *table.rows)):
        for column_index, spans in enumerate(cells):
            paragraph = grid.cell(row_index, column_index).text_frame.paragraphs[0]
            if row_index == 0:  # link colour would vanish on the accent-coloured header row
                spans = tuple(replace(span, link=None) for span in spans)
            _fill_paragraph(paragraph, spans, size, language, bold=row_index == 0)


def _place_picture(slide: PptxSlide, picture: Picture, area: Area) -> None:
    """Add a picture as large as fits in `area`, keeping its aspect ratio, with its alt text.

    It is centred across the area but set at its top, level with the text beside it.
    """
    pixel_width, pixel_height = _picture_size(picture)
    scale = min(area.width / pixel_width, area.height / pixel_height)
    width, height = Emu(round(pixel_width * scale)), Emu(round(pixel_height * scale))
    left = Emu(area.left + (area.width - width) // 2)
    shape = slide.shapes.add_picture(picture.path, left, area.top, width, height)
    # python-pptx writes the file name as the description; screen readers must get the alt text.
    shape._element.nvPicPr.cNvPr.set("descr", picture.alt)


def _picture_size(picture: Picture) -> tuple[int, int]:
    """Return a picture's width and height in pixels; raise DiagnosticsError if PowerPoint cannot show it."""
    try:
        with Image.open(picture.path) as image:
            size, kind = image.size, image.format
    except OSError as exc:
        raise _image_error(picture, f"cannot read the image: {exc}") from exc
    if kind not in PICTURE_FORMATS:
        raise _image_error(picture, f"{kind} images cannot go on a slide; use PNG or JPEG")
    return size


def _image_error(picture: Picture, message: str) -> DiagnosticsError:
    """Return an error about an image file, ready to raise."""
    return DiagnosticsError([Diagnostic(picture.path, None, Severity.ERROR, message, "deck.image-unreadable")])


def _remove_empty_placeholders(slide: PptxSlide) -> None:
    """Remove placeholders that got no text: they would show "Click to add text" when edited."""
    for placeholder in list(slide.placeholders):
        if placeholder.has_text_frame and not placeholder.text_frame.text:
            element = placeholder.element
            element.getparent().remove(element)


class SlideFactory:
    """Adds slides by copying, for each layout, the first slide python-pptx made from it.

    python-pptx clones a layout's placeholders one by one for every new slide; the copy of
    an untouched first slide is the same XML, made in a fraction of the time.
    """

    def __init__(self, prs: PptxPresentation) -> None:
        self.prs = prs
        self.prototypes: dict[str, etree._Element] = {}

    def add(self, layout: SlideLayout) -> PptxSlide:
        """Return a new, empty slide with `layout`'s placeholders, at the end of the deck."""
        key = str(layout.part.partname)
        prototype = self.prototypes.get(key)
        if prototype is None:
            slide = self.prs.slides.add_slide(layout)
            self.prototypes[key] = deepcopy(slide._element)
            return slide
        presentation_part = self.prs.part
        slide_part = SlidePart(
            presentation_part._next_slide_partname, CT.PML_SLIDE, presentation_part.package, deepcopy(prototype)
        )
        slide_part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        self.prs.slides._sldIdLst.add_sldId(presentation_part.relate_to(slide_part, RT.SLIDE))
        return slide_part.slide


class NotesPages:
    """Makes notes pages by copying the deck's first, still empty, notes page.

    python-pptx builds each notes page by cloning the notes master's placeholders one by
    one, which took a third of the time of writing a deck; a copy of the first page's
    XML is the same page, made in a fraction of that time.
    """

    def __init__(self) -> None:
        self.prototype: etree._Element | None = None

    def notes_for(self, slide: PptxSlide) -> NotesSlide:
        """Return the new notes page of `slide`."""
        if self.prototype is None:
            notes = slide.notes_slide
            self.prototype = deepcopy(notes._element)
            return notes
        slide_part = slide.part
        package = slide_part.package
        notes_part = NotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            deepcopy(self.prototype),
        )
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part.notes_slide


def _write_notes(notes: NotesSlide, lines: tuple[str, ...], language: str) -> None:
    """Fill a notes page with the notes lines, one paragraph each."""
    frame = notes.notes_text_frame
    if frame is None:  # a template whose notes master has no body placeholder
        return
    for position, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if position == 0 else frame.add_paragraph()
        if line:
            _fill_paragraph(paragraph, (Span(line),), None, language)


def _set_default_language(prs: PptxPresentation, language: str) -> None:
    """Set the presentation's default text language, used by text typed in later."""
    default = prs.part._element.find(f"{qn('p:defaultTextStyle')}/{qn('a:defPPr')}/{qn('a:defRPr')}")
    if default is not None:
        default.set("lang", language)
