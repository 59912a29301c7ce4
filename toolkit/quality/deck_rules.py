"""Accessibility and readability rules for slide decks, after PowerPoint's accessibility checker and WCAG 2.2 AA.

Each rule takes an opened python-pptx Presentation and returns its findings, located by
slide number; `check_deck` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from lxml import etree
from pptx.oxml.ns import qn as _qn
from pptx.presentation import Presentation

from toolkit.core.diagnostics import quote
from toolkit.quality.alt_text import is_decorative, is_file_name
from toolkit.quality.contrast import low_contrast
from toolkit.quality.findings import Finding, error
from toolkit.quality.parts import malformed_parts
from toolkit.quality.script_language import deck_language_of_parts
from toolkit.quality.slide_text import TableFrame, TextFrame, TextParagraph, TextRun, shape_name
from toolkit.quality.slide_view import SlideView, sharing_views, slide_views
from toolkit.render.doctree import Span, repeated_titles
from toolkit.writers.pptx_fit import measure_lines
from toolkit.writers.units import Emu, Length, Pt

qn = cache(_qn)
MIN_BODY_SIZE = Pt(18)


def _views(prs: Presentation) -> Iterator[tuple[str, SlideView]]:
    """Yield each slide's location ("slide 4") and view, in order."""
    for number, view in enumerate(slide_views(prs), start=1):
        yield f"slide {number}", view


def title_missing(prs: Presentation) -> list[Finding]:
    """Return an error for each slide without a title: screen-reader users move between slides by title."""
    return [
        error(
            "deck.title-missing",
            where,
            "the slide has no title; give it one (it may be placed off the slide if it must not show)",
        )
        for where, view in _views(prs)
        if not view.title[1]
    ]


def title_duplicate(prs: Presentation) -> list[Finding]:
    """Return an error for each slide whose title an earlier slide already has, by the rule the deck writer
    warns with at build time (`doctree.repeated_titles`)."""
    titles = [view.title[1] for _, view in _views(prs)]
    return [
        error(
            "deck.title-duplicate",
            f"slide {index + 1}",
            f"the title {quote(titles[index])} is also the title of slide {first + 1}; make titles unique "
            '(number continuation slides: "… (cont. 2)")',
        )
        for index, first in repeated_titles(titles)
    ]


CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
SMARTART_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"


def _described(view: SlideView) -> Iterator[tuple[etree._Element, str, str]]:
    """Yield each picture, chart, SmartArt diagram and group of shapes of a slide that needs alt text (not marked
    decorative), with what it is and its alt text (stripped).

    A group is one figure (a diagram drawn with shapes): its alt text is on the group, and the
    shapes inside it need none. Groups inside a group are part of it.
    """
    tree = view.part.element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    groups = [child for child in tree if child.tag == qn("p:grpSp")] if tree is not None else []
    for shape in [*view.shapes, *groups]:
        kind = _described_kind(shape)
        properties = shape.find(f"*/{qn('p:cNvPr')}")
        if kind is None or properties is None or is_decorative(properties):
            continue
        yield shape, kind, (properties.get("descr") or "").strip()


def _described_kind(shape: etree._Element) -> str | None:
    """Return "picture", "chart", "diagram" or "group" for a shape that needs alt text, else None."""
    if shape.tag == qn("p:pic"):
        return "picture"
    if shape.tag == qn("p:grpSp"):
        return "group"
    if shape.tag == qn("p:graphicFrame"):
        data = shape.find(f"{qn('a:graphic')}/{qn('a:graphicData')}")
        uri = data.get("uri") if data is not None else None
        return {CHART_URI: "chart", SMARTART_URI: "diagram"}.get(uri or "")
    return None


DESCRIBE = {
    "picture": "describe what it shows",
    "chart": "say what it compares, its highest and lowest values and its source",
    "diagram": "say what it shows, step by step",
    "group": "say what the shapes show together, in order",
}


def alt_missing(prs: Presentation) -> list[Finding]:
    """Return an error for each picture, chart, diagram or group of shapes that has no alt text and is not marked
    decorative."""
    return [
        error(
            "deck.alt-missing",
            where,
            f'{kind} "{shape_name(shape)}" has no alt text; {DESCRIBE[kind]} (right-click > View Alt Text), '
            "or mark it as decorative",
        )
        for where, view in _views(prs)
        for shape, kind, alt in _described(view)
        if not alt
    ]


def alt_filename(prs: Presentation) -> list[Finding]:
    """Return an error for each picture, chart, diagram or group whose alt text is a file name, which tells a
    listener nothing."""
    return [
        error(
            "deck.alt-filename",
            where,
            f'the alt text of {kind} "{shape_name(shape)}" is a file name ({quote(alt)}); {DESCRIBE[kind]} instead',
        )
        for where, view in _views(prs)
        for shape, kind, alt in _described(view)
        if alt and is_file_name(alt)
    ]


def reading_order(prs: Presentation) -> list[Finding]:
    """Return an error for each slide whose first shape in reading order is not its title."""
    findings = []
    for where, view in _views(prs):
        title, text = view.title
        first = next((shape for shape in view.shapes if _is_read(shape)), None)
        if text and first is not None and first is not title:  # a missing title is title-missing's finding
            findings.append(
                error(
                    "deck.reading-order",
                    where,
                    f'screen readers read "{shape_name(first)}" before the title; move the title to the top of '
                    "the reading order (Review > Check Accessibility > Reading Order)",
                )
            )
    return findings


def _is_read(shape: etree._Element) -> bool:
    """Return True for a shape a screen reader announces: one with text, a picture or a table, not decorative."""
    properties = next(shape.iter(qn("p:cNvPr")), None)
    if properties is not None and is_decorative(properties):
        return False
    if shape.tag == qn("p:sp"):
        return bool("".join(shape.itertext()).strip())  # type: ignore[arg-type]  # lxml-stubs: str | bytes; lxml gives str
    return shape.tag in (qn("p:pic"), qn("p:graphicFrame"))


def small_text(prs: Presentation) -> list[Finding]:
    """Return an error for each shape (or table) with body text smaller than 18 pt.

    Titles, footers and slide numbers are not body text.
    """
    findings = []
    for where, view in _views(prs):
        frames = [(frame.name, frame) for frame in view.text_frames if frame.kind == "body"]
        frames += [(table.name, cell) for table in view.tables for row in table.cells for cell in row]
        smallest: dict[str, Length] = {}
        for name, frame in frames:
            sizes = [run.size for p in frame.paragraphs for line in p.lines for run in line if run.text.strip()]
            if sizes and min(sizes) < MIN_BODY_SIZE:
                smallest[name] = min(min(sizes), smallest.get(name, min(sizes)))
        findings += [
            error(
                "deck.text-size",
                where,
                f'text in "{name}" is {Emu(size).pt:g} pt; body text on a slide should be at least '
                f"{MIN_BODY_SIZE.pt:g} pt — enlarge it, or move detail to the notes or the handout",
            )
            for name, size in smallest.items()
        ]
    return findings


def _spans(line: tuple[TextRun, ...]) -> tuple[Span, ...]:
    """Return a line of runs as the spans the fitting measure takes (a link's address does not matter)."""
    return tuple(Span(run.text, run.bold, run.italic, "link" if run.link else None) for run in line)


def paragraph_height(paragraph: TextParagraph, width: Length) -> Length:
    """Return the estimated height of a paragraph in a box `width` wide, with the space before it."""
    room = Emu(width - paragraph.margin_left)
    lines = sum(measure_lines(_spans(line), paragraph.size, room) for line in paragraph.lines)
    return Emu(paragraph.space_before + lines * paragraph.line_pitch)


def text_height(frame: TextFrame, width: Length) -> Length:
    """Return the estimated height of a frame's text in a box `width` wide."""
    heights = [paragraph_height(p, width) for p in frame.paragraphs]
    after = sum(p.space_after for p in frame.paragraphs[:-1])
    return Emu(sum(heights) + after)


def text_overflow(prs: Presentation) -> list[Finding]:
    """Return an error for each text box whose text is estimated taller than the box, and each table
    estimated to run past the bottom of the slide.

    Text is measured with the vendored Liberation Sans (Arial's metrics), as the deck writer measures it.
    """
    findings = []
    height = prs.slide_height  # None when the deck gives no size (`p:sldSz` is optional): tables are not judged
    for where, view in _views(prs):
        for frame in view.text_frames:
            if frame.inner is None or frame.fits_itself or not frame.text.strip():
                continue
            needed = text_height(frame, frame.inner.width)
            if needed > frame.inner.height:
                share = needed / max(1, frame.inner.height)
                findings.append(
                    error(
                        "deck.text-overflow",
                        where,
                        f'the text of "{frame.name}" is estimated at {share:.0%} of its box\'s height and will '
                        "overflow; shorten it or continue it on a new slide",
                    )
                )
        if height is not None:
            findings += [_table_overflow(where, table) for table in view.tables if _table_bottom(table) > height]
    return findings


def _table_bottom(table: TableFrame) -> Length:
    """Return where a table ends: each row as tall as set, or as its tallest cell's text needs."""
    heights = []
    for row, height in zip(table.cells, table.row_heights):
        needed = [text_height(cell, cell.inner.width) for cell in row if cell.inner is not None]
        margins = Emu(2 * 45720)  # PowerPoint's default top and bottom cell margins
        heights.append(max(height, Emu(max(needed, default=0) + margins)))
    return Emu(table.box.top + sum(heights))


def _table_overflow(where: str, table: TableFrame) -> Finding:
    """Return the error for a table that runs past the bottom of the slide."""
    return error(
        "deck.text-overflow",
        where,
        f'table "{table.name}" is estimated to run past the bottom of the slide; split it over two slides '
        "or shorten its cells",
    )


def table_header(prs: Presentation) -> list[Finding]:
    """Return an error for each table without a header row: screen readers announce cells by their column's header."""
    return [
        error(
            "deck.table-header",
            where,
            f'table "{table.name}" has no header row; turn on Header Row (Table Design > Table Style Options) '
            "and put the column names in the first row",
        )
        for where, view in _views(prs)
        for table in view.tables
        if not table.header_row
    ]


DeckRule = Callable[[Presentation], list[Finding]]
DECK_RULES: tuple[DeckRule, ...] = (
    title_missing,
    title_duplicate,
    reading_order,
    alt_missing,
    alt_filename,
    low_contrast,
    small_text,
    text_overflow,
    table_header,
    deck_language_of_parts,
)


def check_deck(prs: Presentation) -> list[Finding]:
    """Return the findings of every deck rule, in slide order; only what is broken when a part does not parse."""
    broken = malformed_parts(prs.part.package.iter_parts(), "PowerPoint")
    if broken:
        return broken
    with sharing_views():
        findings = [finding for rule in DECK_RULES for finding in rule(prs)]
    return sorted(findings, key=_slide_number)


def _slide_number(finding: Finding) -> int:
    """Return the slide number of a finding's location, for sorting."""
    return int(finding.location.split()[-1]) if finding.location else 0
