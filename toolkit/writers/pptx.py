"""Write a document-tree Deck as a PowerPoint (.pptx) file whose text always fits its slides.

Two steps, as in Pandoc: `plan_deck` turns the Deck into planned slides (layout,
title size, the body chunk that fits, notes lines) without touching XML; `write_deck`
renders the plan onto a copy of the template's parts with lxml and returns the file's
bytes. python-pptx is not used to write: it is only the checker's way of reading decks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree
from PIL import Image

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity, quote
from toolkit.core.i18n import is_rtl
from toolkit.core.links import is_safe_link
from toolkit.module.images import image_format
from toolkit.render.doctree import (
    CHECKBOX,
    Block,
    Box,
    Deck,
    DeckLabels,
    Figure,
    Heading,
    Inlines,
    ListBlock,
    Origin,
    Paragraph,
    Picture,
    Slide,
    Span,
    Table,
    plain_text,
    repeated_titles,
)
from toolkit.writers.opc import find_required, first_child
from toolkit.writers.pptx_figures import figure_pages, figure_warnings, place_figure
from toolkit.writers.pptx_fit import (
    MIN_TITLE_SIZE,
    Chunk,
    Unit,
    body_units,
    clean_spans,
    fit_one_line,
    fit_title,
    indent,
    line_pitch,
    measure_lines,
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
    TextArea,
    load_template,
)
from toolkit.writers.pptx_mirror import mirror_deck
from toolkit.writers.pptx_parts import DeckPackage, SlidePart
from toolkit.writers.pptx_xml import (
    BODY,
    NS,
    next_shape_id,
    ph_idx,
    ph_type,
    placeholders,
    qn,
    shape_tree,
    sub,
    text_of,
)
from toolkit.writers.properties import write_core_properties
from toolkit.writers.units import Emu, Length, Pt
from toolkit.writers.written import Written, warning

A_R, A_RPR, A_T, A_END_PARA, A_PPR = qn("a:r"), qn("a:rPr"), qn("a:t"), qn("a:endParaRPr"), qn("a:pPr")
A_SPC_BEF, A_SPC_PTS, A_LN_SPC, A_HLINK = qn("a:spcBef"), qn("a:spcPts"), qn("a:lnSpc"), qn("a:hlinkClick")
R_ID, R_EMBED = qn("r:id"), qn("r:embed")
TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # PowerPoint's "Medium Style 2 – Accent 1"
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
BULLET = "\u2022"
PICTURE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")  # what python-pptx and PowerPoint both take
CAPTION_SIZE = Pt(18)  # a picture's caption: the smallest body text `check` accepts on a slide
CAPTION_GAP = Pt(6)  # between the picture and its caption
CAPTION_LINES = 3  # a caption is a line or two; room for more would take it from the picture


@dataclass(frozen=True)
class PlannedSlide:
    """One slide as it will be written: layout, title and its size, the body that fits, picture and notes;
    `origin` is where the slide it continues came from."""

    layout: LayoutSpec
    title: Inlines
    title_size: Length | None
    body: Chunk | None
    picture: Picture | None
    notes: tuple[str, ...]
    origin: Origin | None = None
    figure: Figure | None = None  # a chart or diagram, or the part of a long timeline this slide shows
    footer: str = ""  # the module title as it fits the layout's footer on one line; "" on the title slide


def write_deck(deck: Deck, template: Path | None = None, allow_template_issues: bool = False) -> Written:
    """Return the .pptx file's bytes for `deck`, built on `template` (default: templates/deck.pptx), and its warnings.

    Warnings are what `check` would find in the file (a title used twice, a title too long
    for its box, a slide without a title, a picture without alt text) placed at the
    slide's line in the module, and the layouts missing from the template. Raises
    DiagnosticsError when the template lacks a layout it must have, when its text would be too
    faint to read (unless `allow_template_issues`: then those are warnings), or when a picture
    cannot be read.
    """
    spec = load_template(template or DEFAULT_TEMPLATE)
    if spec.issues and not allow_template_issues:
        raise DiagnosticsError([_with_remedy(issue) for issue in spec.issues])
    warnings = list(spec.warnings) + [replace(issue, severity=Severity.WARNING) for issue in spec.issues]
    plan = plan_deck(deck, spec, warnings)
    return Written(_render(plan, deck, spec, warnings), tuple(warnings))


def _with_remedy(issue: Diagnostic) -> Diagnostic:
    """Return a template issue with the way to build anyway added to what to change."""
    return replace(issue, message=f"{issue.message}; or build anyway with --allow-template-issues")


# --- planning: Deck → PlannedSlide, no python-pptx objects -------------------------------------


def plan_deck(deck: Deck, spec: TemplateSpec, warnings: list[Diagnostic]) -> list[PlannedSlide]:
    """Return the planned slides of a deck, continuation slides included; warnings are appended."""
    plan = [planned for slide in deck.slides for planned in plan_slide(slide, spec, warnings, deck.labels)]
    _warn_duplicate_titles(plan, spec, warnings)
    _fit_footers(deck, plan, spec, warnings)
    return plan


def plan_slide(
    slide: Slide, spec: TemplateSpec, warnings: list[Diagnostic], labels: DeckLabels | None = None
) -> list[PlannedSlide]:
    """Return one doctree slide as one slide, or several when its body must continue."""
    if slide.layout not in LAYOUT_NAMES:
        known = ", ".join(LAYOUT_NAMES)
        message = f"slide {_quoted(slide.title)} asks for layout {slide.layout!r}; known: {known}"
        raise DiagnosticsError([_diagnostic(spec, message)])
    # A chart or diagram beside text takes the picture's place; alone on its slide, the body's.
    beside_text = slide.picture is not None or (slide.figure is not None and bool(slide.body))
    layout = spec.layout_for(slide.layout, with_picture=beside_text)
    title_size = _title_size(clean_spans(slide.title), layout, spec, warnings, slide.origin)
    # A title slide's subtitle is never set larger than its title.
    chunks = _body_chunks(slide.body, layout, title_size if layout.logical == "title" else None)
    if slide.body and layout.body is None:
        message = (
            f'layout "{layout.name}" has no text placeholder: the text of slide {_quoted(slide.title)} is left out'
        )
        warnings.append(warning(slide.origin, str(spec.path), message, "template.body-missing"))
    warnings += _slide_warnings(slide, layout, spec)
    labels = labels or DeckLabels()
    figures = figure_pages(slide.figure, layout, labels.continued) if slide.figure is not None else []
    if slide.figure is not None:
        warnings += figure_warnings(slide.figure, layout, slide.origin, str(spec.path))
    titles = [_continued_title(slide.title, index, labels) for index in range(max(1, len(chunks), len(figures)))]
    notes = [notes_lines(slide.notes)] + [(labels.continued_note,)] * (len(titles) - 1)
    return [
        PlannedSlide(
            layout=layout,
            title=title,
            title_size=title_size if index == 0 else _size(title, layout),
            body=chunks[index] if index < len(chunks) else None,
            picture=slide.picture,
            notes=notes[index],
            origin=slide.origin,
            figure=figures[index] if index < len(figures) else None,
        )
        for index, title in enumerate(titles)
    ]


def _body_chunks(blocks: tuple[Block, ...], layout: LayoutSpec, cap: Length | None = None) -> list[Chunk]:
    """Return the slide body split into chunks that each fit the layout's body box, set no larger than `cap`."""
    if layout.body is None:
        return []
    inner = layout.body.inner
    units = body_units(blocks, inner.width, inner.height)
    largest = min(layout.body.size, cap) if cap is not None else layout.body.size
    return split_to_fit(units, inner.width, inner.height, Emu(largest)) if units else []


def _continued_title(title: Inlines, index: int, labels: DeckLabels) -> Inlines:
    """Return the title of the index-th slide of a run: unchanged, then "(cont.)", "(cont. 2)", …"""
    cleaned = clean_spans(title)
    if index == 0:
        return cleaned
    suffix = " " + (labels.continued if index == 1 else labels.continued_again % {"n": index})
    return (*cleaned, Span(suffix))


def _slide_warnings(slide: Slide, layout: LayoutSpec, spec: TemplateSpec) -> list[Diagnostic]:
    """Return a warning for a slide without a title and a picture without alt text: `check` calls both errors."""
    warnings = []
    if layout.title is None or not plain_text(slide.title).strip():
        where = f'layout "{layout.name}" has no title placeholder' if layout.title is None else "its title is empty"
        message = f"a slide has no title ({where}); screen-reader users move between slides by title: give it one"
        warnings.append(warning(slide.origin, str(spec.path), message, "deck.title-missing"))
    if slide.picture is not None and layout.picture is None:
        message = (
            f'layout "{layout.name}" has no room for a picture: the picture {quote(slide.picture.path)} is left out'
        )
        warnings.append(warning(slide.origin, str(spec.path), message, "template.picture-missing"))
    if slide.picture is not None and not slide.picture.alt.strip():
        message = f"the picture {quote(slide.picture.path)} has no alt text; describe what it shows"
        warnings.append(warning(slide.origin, str(spec.path), message, "deck.alt-missing"))
    return warnings


def _size(title: Inlines, layout: LayoutSpec) -> Length | None:
    """Return the title's font size: the layout's, or as much smaller as it needs to fit its box; None without a box.

    On the title slide the title starts from the subtitle's size when that is larger, so the
    title is never the smaller of the two.
    """
    if layout.title is None:
        return None
    inner = layout.title.inner
    largest = layout.title.size
    if layout.logical == "title" and layout.body is not None:
        largest = max(largest, layout.body.size)
    return fit_title(_title_spans(title, layout), inner.width, inner.height, largest)


def _title_spans(title: Inlines, layout: LayoutSpec) -> Inlines:
    """Return a title's spans as the layout sets them: bold when its title is bold."""
    bold = layout.title is not None and layout.title.bold
    return tuple(replace(span, bold=span.bold or bold) for span in title)


def _title_size(
    title: Inlines, layout: LayoutSpec, spec: TemplateSpec, warnings: list[Diagnostic], origin: Origin | None = None
) -> Length | None:
    """Return the title's font size, warning when it had to go below the minimum or still overflows its box."""
    size = _size(title, layout)
    if size is None or layout.title is None or size >= MIN_TITLE_SIZE:
        return size
    inner = layout.title.inner
    overflows = measure_lines(_title_spans(title, layout), size, inner.width) * line_pitch(size) > inner.height
    fate = "overflows its box even" if overflows else "fits only when set"
    message = f"the slide title {_quoted(title)} is too long: it {fate} in {size.pt:g} pt; shorten it"
    warnings.append(warning(origin, str(spec.path), message, "deck.title-too-long"))
    return size


def _warn_duplicate_titles(plan: list[PlannedSlide], spec: TemplateSpec, warnings: list[Diagnostic]) -> None:
    """Append a warning for each slide whose title an earlier slide has, by the rule `check` applies."""
    titles = [plain_text(planned.title) for planned in plan]
    for index, first in repeated_titles(titles):
        warnings.append(duplicate_title(plan[index].title, plan[index].origin, plan[first].origin, str(spec.path)))


def _fit_footers(deck: Deck, plan: list[PlannedSlide], spec: TemplateSpec, warnings: list[Diagnostic]) -> None:
    """Give each planned slide that shows a footer the module title as it fits its footer box on one line.

    A title too long for a box is shortened with an ellipsis, once per box, with a warning.
    """
    fitted: dict[TextArea, str] = {}
    for index, planned in enumerate(plan):
        box = planned.layout.footer
        if planned.layout.logical == "title" or box is None or not deck.footer:
            continue
        if box not in fitted:
            fitted[box] = fit_one_line(deck.footer, box.size, box.inner.width)
            if fitted[box] != deck.footer:
                message = (
                    f"the module title {quote(deck.footer)} is too long for one line of the footer of layout "
                    f'"{planned.layout.name}": it is shown as {quote(fitted[box])}; give the module a shorter title '
                    "or widen the footer (View > Slide Master)"
                )
                warnings.append(warning(deck.origin, str(spec.path), message, "deck.footer-shortened"))
        plan[index] = replace(planned, footer=fitted[box])


def duplicate_title(title: Inlines, origin: Origin | None, first: Origin | None, otherwise: str) -> Diagnostic:
    """Return the warning that a slide's title is the title of an earlier slide, at `first` in the module."""
    same_file = first is not None and origin is not None and first.file == origin.file
    earlier = f" (line {first.position.line})" if same_file and first and first.position else ""
    message = (
        f"two slides have the title {_quoted(title)}: this one and an earlier one{earlier}; "
        "give each a title of its own (screen-reader users move between slides by title)"
    )
    return warning(origin, otherwise, message, "deck.title-duplicate")


def _quoted(title: Inlines) -> str:
    """Return a title's text in quotes for a message, made safe to print and bounded."""
    return quote(plain_text(title))


def _diagnostic(
    spec: TemplateSpec, message: str, severity: Severity = Severity.ERROR, code: str = "deck.layout-unknown"
) -> Diagnostic:
    """Return a diagnostic about the deck, filed against the template it is being built on."""
    return Diagnostic(str(spec.path), None, severity, message, code)


def notes_lines(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    """Return speaker notes as plain lines: list items with "• ", "1. " or "☐ ", headings in capitals."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(_notes_text(block.inlines))
        elif isinstance(block, Heading):
            lines += ([""] if lines else []) + [_notes_text(block.inlines).upper()]
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=block.start):
                lines.append(_notes_marker(block, number) + _notes_text(item))
        elif isinstance(block, Box):
            lines += notes_lines(block.blocks)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                lines.append(" | ".join(_notes_text(cell) for cell in row))
    return tuple(lines)


def _notes_marker(block: ListBlock, number: int) -> str:
    """Return the marker before a list item in the notes: a box to tick, a number or a bullet."""
    if block.checklist:
        return f"{CHECKBOX} "
    return f"{number}. " if block.ordered else f"{BULLET} "


def _notes_text(spans: Inlines) -> str:
    """Return spans as plain text, with a link's address after its text when they differ."""
    parts = []
    for span in clean_spans(spans):
        shown = span.text
        if span.link and is_safe_link(span.link) and span.link not in (shown, f"mailto:{shown}"):
            shown += f" ({span.link})"
        parts.append(shown)
    return "".join(parts)


# --- rendering: PlannedSlide → XML → bytes -----------------------------------------------------


def _render(plan: list[PlannedSlide], deck: Deck, spec: TemplateSpec, warnings: list[Diagnostic]) -> bytes:
    """Return the bytes of the template filled with the planned slides; a warning is appended when the
    template's notes pages have no room for speaker notes."""
    package = DeckPackage(spec)
    language = deck.metadata.language
    footers = Footers(language, is_rtl(language))
    notes_lost = False
    for number, planned in enumerate(plan, start=1):
        layout = spec.parts.layouts[planned.layout.index]
        slide = package.add_slide(layout)
        _write_slide(package, slide, planned, language)
        if planned.layout.logical != "title":
            footers.add(slide.root, layout, number, next_shape_id(slide.root), planned.footer)
        written = _write_notes(package, package.add_notes(slide), planned.notes, language, slide)
        if not written and any(planned.notes) and not notes_lost:
            notes_lost = True
            message = "the template's notes page has no notes placeholder: the speaker notes are left out; add one"
            warnings.append(warning(None, str(spec.path), message, "template.notes-missing"))
    _set_default_language(package.root, language)
    if is_rtl(language):
        mirror_deck(package.package, int(find_required(package.root, qn("p:sldSz")).get("cx", "0")))
    write_core_properties(package.package, deck.metadata)
    return package.to_bytes()


def _placeholder(slide: SlidePart, idx: int | None = None, types: tuple[str, ...] = ()) -> etree._Element | None:
    """Return the slide's placeholder with index `idx`, or of one of `types`; None if it has none."""
    for shape, ph in placeholders(slide.root):
        if (idx is not None and ph_idx(ph) == idx) or ph_type(ph) in types:
            return shape
    return None


def _paragraphs(shape: etree._Element) -> etree._Element:
    """Return a shape's text body."""
    return find_required(shape, qn("p:txBody"))


def _write_slide(package: DeckPackage, slide: SlidePart, planned: PlannedSlide, language: str) -> None:
    """Fill a new slide's title, body, table and picture, then drop placeholders left empty."""
    layout = planned.layout
    title = _placeholder(slide, types=("title", "ctrTitle")) if layout.title is not None else None
    if title is not None:
        paragraph = find_required(_paragraphs(title), qn("a:p"))
        _fill_paragraph(package, slide, paragraph, planned.title, planned.title_size, language)
    if planned.body is not None and layout.body is not None:
        _write_body(package, slide, layout, planned.body, language)
    if planned.picture is not None and layout.picture is not None:
        _place_picture(package, slide, planned.picture, layout.picture, language)
    if planned.figure is not None:
        place_figure(package, slide, planned.figure, layout, language)
    _remove_empty_placeholders(slide)


def _write_body(package: DeckPackage, slide: SlidePart, layout: LayoutSpec, chunk: Chunk, language: str) -> None:
    """Write a chunk's text into the body placeholder and its table, if any, below the text."""
    body = layout.body
    placeholder = _placeholder(slide, idx=body.idx) if body is not None else None
    if body is None or placeholder is None:  # callers only pass a chunk for layouts with a body
        return
    if layout.move_body:
        _set_transform(find_required(placeholder, qn("p:spPr")), body.area)
    text_units = [unit for unit in chunk.units if unit.table is None]
    text_body = _paragraphs(placeholder)
    first = find_required(text_body, qn("a:p"))
    for position, unit in enumerate(text_units):
        paragraph = first if position == 0 else sub(text_body, "a:p")
        _format_paragraph(paragraph, unit, chunk.size, _list_start(text_units, position))
        _fill_paragraph(package, slide, paragraph, unit.spans, chunk.size, language, bold=unit.kind == "heading")
    for unit in chunk.units:
        if unit.table is not None:
            top = Emu(body.inner.top + text_height(text_units, chunk.size, body.inner.width) + space_before(chunk.size))
            area = Area(body.inner.left, top, body.inner.width, Emu(0))
            _add_table(package, slide, unit.table, area, chunk.size, language)


def _set_transform(shape_properties: etree._Element, area: Area) -> None:
    """Give a shape an explicit position and size (`a:xfrm`, the first child of `p:spPr`)."""
    for old in shape_properties.findall(qn("a:xfrm")):
        shape_properties.remove(old)
    transform = shape_properties.makeelement(qn("a:xfrm"), {})
    sub(transform, "a:off", x=str(int(area.left)), y=str(int(area.top)))
    sub(transform, "a:ext", cx=str(int(area.width)), cy=str(int(area.height)))
    shape_properties.insert(0, transform)


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


def _format_paragraph(paragraph: etree._Element, unit: Unit, size: Length, list_start: int) -> None:
    """Set a paragraph's indent, spacing and bullet exactly as fitting measured them."""
    p_pr = first_child(paragraph, A_PPR)
    _set_space_before(p_pr, space_before(size))
    margin = indent(unit)
    p_pr.set("marL", str(int(margin)))
    hanging = unit.kind in ("bullet", "number") and not unit.continued
    p_pr.set("indent", str(-int(margin) if hanging else 0))
    if not hanging:
        sub(p_pr, "a:buNone")
        return
    # The bullet font is set as well: a template's Wingdings would turn "•" into another glyph.
    sub(p_pr, "a:buFont", typeface="Arial")
    if unit.kind == "number":
        numbering = sub(p_pr, "a:buAutoNum", type="arabicPeriod")
        if list_start > 1:
            numbering.set("startAt", str(list_start))
    else:
        sub(p_pr, "a:buChar", char=BULLET)


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
    package: DeckPackage,
    slide: SlidePart,
    paragraph: etree._Element,
    spans: Inlines,
    size: Length | None,
    language: str,
    bold: bool = False,
) -> None:
    """Add one run per span, with its size, language, bold, italic and safe hyperlink.

    In a right-to-left language the paragraph is also set right to left and aligned
    right, so bullets, punctuation and line ends fall on the correct side.
    """
    end = paragraph.find(A_END_PARA)
    for span in spans:
        run = paragraph.makeelement(A_R, {})
        if end is not None:
            end.addprevious(run)
        else:
            paragraph.append(run)
        properties = etree.SubElement(run, A_RPR, {"lang": span.language or language})
        if size is not None:
            properties.set("sz", str(int(size / 127)))  # hundredths of a point
        if span.bold or bold:
            properties.set("b", "1")
        if span.italic:
            properties.set("i", "1")
        if span.link and is_safe_link(span.link):
            etree.SubElement(properties, A_HLINK).set(R_ID, package.link(slide, span.link.strip()))
        etree.SubElement(run, A_T).text = span.text
    if is_rtl(language):
        first_child(paragraph, A_PPR).attrib.update({"rtl": "1", "algn": "r"})


def _add_table(package: DeckPackage, slide: SlidePart, table: Table, area: Area, size: Length, language: str) -> None:
    """Add a table with a header row, equal columns and rows as tall as fitting measured them."""
    heights = table_row_heights(table, size, area.width)
    columns = len(table.header)
    shape_id = next_shape_id(slide.root)
    frame = _table_frame(shape_id, area, Emu(sum(heights)))
    grid = sub(find_required(frame, f"{qn('a:graphic')}/{qn('a:graphicData')}"), "a:tbl")
    properties = sub(grid, "a:tblPr", firstRow="1", bandRow="1")
    sub(properties, "a:tableStyleId").text = TABLE_STYLE
    columns_element = sub(grid, "a:tblGrid")
    for _ in range(columns):
        sub(columns_element, "a:gridCol", w=str(int(area.width // columns)))
    for row_index, (cells, height) in enumerate(zip((table.header, *table.rows), heights)):
        row = sub(grid, "a:tr", h=str(int(height)))
        for spans in cells:
            cell = sub(row, "a:tc")
            text_body = sub(cell, "a:txBody")
            sub(text_body, "a:bodyPr")
            sub(text_body, "a:lstStyle")
            paragraph = sub(text_body, "a:p")
            sub(cell, "a:tcPr")
            if row_index == 0:  # link colour would vanish on the accent-coloured header row
                spans = tuple(replace(span, link=None) for span in spans)
            _fill_paragraph(package, slide, paragraph, spans, size, language, bold=row_index == 0)
    _append_shape(slide, frame)


def _table_frame(shape_id: int, area: Area, height: Length) -> etree._Element:
    """Return an empty graphic frame for a table, named as PowerPoint names it."""
    frame = etree.Element(qn("p:graphicFrame"), nsmap=NS)
    non_visual = sub(frame, "p:nvGraphicFramePr")
    sub(non_visual, "p:cNvPr", id=str(shape_id), name=f"Table {shape_id - 1}")
    sub(sub(non_visual, "p:cNvGraphicFramePr"), "a:graphicFrameLocks", noGrp="1")
    sub(non_visual, "p:nvPr")
    transform = sub(frame, "p:xfrm")
    sub(transform, "a:off", x=str(int(area.left)), y=str(int(area.top)))
    sub(transform, "a:ext", cx=str(int(area.width)), cy=str(int(height)))
    sub(sub(frame, "a:graphic"), "a:graphicData", uri=TABLE_URI)
    return frame


def _append_shape(slide: SlidePart, shape: etree._Element) -> None:
    """Add a shape on top of the others (before the shape tree's extensions, if any)."""
    tree = shape_tree(slide.root)
    extensions = tree.find(qn("p:extLst"))
    if extensions is not None:
        extensions.addprevious(shape)
    else:
        tree.append(shape)


def _place_picture(package: DeckPackage, slide: SlidePart, picture: Picture, area: Area, language: str) -> None:
    """Add a picture as large as fits in `area`, keeping its aspect ratio, with its alt text and caption.

    It is centred across the area but set at its top, level with the text beside it; its
    caption, if any, goes right under it, across the area.
    """
    data, (pixel_width, pixel_height), kind = _read_picture(picture)
    caption_height = Emu(0)
    if picture.caption:
        lines = min(measure_lines((Span(picture.caption),), CAPTION_SIZE, area.width), CAPTION_LINES)
        caption_height = Emu(line_pitch(CAPTION_SIZE) * lines + CAPTION_GAP)
    scale = min(area.width / pixel_width, (area.height - caption_height) / pixel_height)
    width, height = Emu(round(pixel_width * scale)), Emu(round(pixel_height * scale))
    left = Emu(area.left + (area.width - width) // 2)
    shape_id = next_shape_id(slide.root)
    shape = etree.Element(qn("p:pic"), nsmap=NS)
    non_visual = sub(shape, "p:nvPicPr")
    sub(non_visual, "p:cNvPr", id=str(shape_id), name=f"Picture {shape_id - 1}", descr=picture.alt)
    sub(sub(non_visual, "p:cNvPicPr"), "a:picLocks", noChangeAspect="1")
    sub(non_visual, "p:nvPr")
    fill = sub(shape, "p:blipFill")
    sub(fill, "a:blip").set(R_EMBED, package.image(slide, data, kind))
    sub(sub(fill, "a:stretch"), "a:fillRect")
    properties = sub(shape, "p:spPr")
    _set_transform(properties, Area(left, area.top, width, height))
    sub(sub(properties, "a:prstGeom", prst="rect"), "a:avLst")
    _append_shape(slide, shape)
    if picture.caption:
        below = Area(area.left, Emu(area.top + height + CAPTION_GAP), area.width, Emu(caption_height - CAPTION_GAP))
        _append_shape(slide, _caption_shape(next_shape_id(slide.root), picture.caption, below, language))


def _caption_shape(shape_id: int, caption: str, area: Area, language: str) -> etree._Element:
    """Return a text box holding a picture's caption, centred in `area` in body-sized text."""
    shape = etree.Element(qn("p:sp"), nsmap=NS)
    non_visual = sub(shape, "p:nvSpPr")
    sub(non_visual, "p:cNvPr", id=str(shape_id), name=f"Caption {shape_id - 1}")
    sub(non_visual, "p:cNvSpPr", txBox="1")
    sub(non_visual, "p:nvPr")
    properties = sub(shape, "p:spPr")
    _set_transform(properties, area)
    sub(sub(properties, "a:prstGeom", prst="rect"), "a:avLst")
    sub(properties, "a:noFill")
    body = sub(shape, "p:txBody")
    sub(body, "a:bodyPr", wrap="square", lIns="0", tIns="0", rIns="0", bIns="0", anchor="t", rtlCol="0")
    sub(body, "a:lstStyle")
    paragraph = sub(body, "a:p")
    paragraph_properties = sub(paragraph, "a:pPr", algn="ctr")
    if is_rtl(language):
        paragraph_properties.set("rtl", "1")
    run = sub(paragraph, "a:r")
    run_properties = sub(run, "a:rPr", lang=language, sz=str(round(CAPTION_SIZE.pt * 100)))
    sub(sub(run_properties, "a:solidFill"), "a:schemeClr", val="tx1")
    sub(run, "a:t").text = caption
    return shape


def _read_picture(picture: Picture) -> tuple[bytes, tuple[int, int], str]:
    """Return a picture's bytes, size in pixels and format; raise DiagnosticsError if a slide cannot show it."""
    try:
        data = Path(picture.path).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            size, kind = image.size, image_format(image.format)  # a phone's MPO is a JPEG with more appended
    except OSError as exc:
        raise _image_error(picture, f"cannot read the image: {exc}") from exc
    if kind not in PICTURE_FORMATS:
        raise _image_error(picture, f"{kind} images cannot go on a slide; use PNG or JPEG")
    return data, size, kind


def _image_error(picture: Picture, message: str) -> DiagnosticsError:
    """Return an error about an image file, ready to raise."""
    return DiagnosticsError([Diagnostic(picture.path, None, Severity.ERROR, message, "deck.image-unreadable")])


def _remove_empty_placeholders(slide: SlidePart) -> None:
    """Remove placeholders that got no text: they would show "Click to add text" when edited."""
    tree = shape_tree(slide.root)  # placeholders are the shape tree's own children
    for shape, _ in placeholders(slide.root):
        if shape.find(qn("p:txBody")) is not None and not text_of(shape):
            tree.remove(shape)


def _write_notes(
    package: DeckPackage, notes: etree._Element, lines: tuple[str, ...], language: str, slide: SlidePart
) -> bool:
    """Fill a notes page's notes placeholder with the notes lines, one paragraph each; return False when it has
    none to fill."""
    body = next((shape for shape, ph in placeholders(notes) if ph_type(ph) == BODY), None)
    text_body = body.find(qn("p:txBody")) if body is not None else None
    if text_body is None:  # a notes master without a notes placeholder
        return False
    first = find_required(text_body, qn("a:p"))
    for position, line in enumerate(lines):
        paragraph = first if position == 0 else sub(text_body, "a:p")
        if line:
            _fill_paragraph(package, slide, paragraph, (Span(line),), None, language)
    return True


def _set_default_language(presentation: etree._Element, language: str) -> None:
    """Set the presentation's default text language, used by text typed in later."""
    default = presentation.find(f"{qn('p:defaultTextStyle')}/{qn('a:defPPr')}/{qn('a:defRPr')}")
    if default is not None:
        default.set("lang", language)
