"""Accessibility rules for Word documents (handouts and guides), after Word's accessibility checker.

Each rule takes an opened python-docx Document and returns its findings, located by
paragraph or table number in reading order (Word files carry no pages until laid out);
`check_document` runs them all.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from functools import cache

from docx.document import Document
from docx.oxml.ns import qn as _qn
from lxml import etree

from toolkit.core.diagnostics import quote
from toolkit.quality.alt_text import is_decorative, is_file_name
from toolkit.quality.findings import Finding, error, warning
from toolkit.quality.parts import malformed_parts
from toolkit.quality.script_language import document_language_of_parts

qn = cache(_qn)
HEADING_NAME = re.compile(r"^heading ([1-9])$", re.IGNORECASE)
# Names a designer gives heading styles, in the languages the toolkit speaks.
HEADING_WORDS = re.compile(r"(heading|titre|t[ií]tulo|encabezado|عنوان)\s*[1-9]\b", re.IGNORECASE)
EMPTY_RUN = 3  # empty paragraphs in a row that read as a run of blanks
QUESTION_LABEL = re.compile(r"^\S+ \d+\s?[.:]")  # "Question 2.", "Pregunta 2.", "Question 2 :"
MIN_PARAGRAPHS_FOR_HEADINGS = 30  # a document this long without a heading cannot be navigated
BODY_TEXT_LEVEL = 9  # w:outlineLvl 9 means "body text", not a heading
PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
DOC_PROPERTIES = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def title_missing(document: Document) -> list[Finding]:
    """Return an error when the document has no title in its properties: screen readers announce it first."""
    if (document.core_properties.title or "").strip():
        return []
    return [error("doc.title-missing", None, "the document has no title; set one (File > Info > Properties > Title)")]


def language_missing(document: Document) -> list[Finding]:
    """Return an error when the document's properties name no language, which screen readers and spell checkers use."""
    if (document.core_properties.language or "").strip():
        return []
    return [
        error(
            "doc.language-missing",
            None,
            "the document's properties name no language; set it (such as en, es, fr or ar) so screen readers "
            "pronounce the text right",
        )
    ]


def paragraphs(document: Document) -> Iterator[tuple[int, etree._Element]]:
    """Yield (number, paragraph) for every paragraph of the body in reading order, those in tables included."""
    yield from enumerate(document.element.body.iter(qn("w:p")), start=1)


def _style_levels(document: Document) -> dict[str, int | None]:
    """Return each paragraph style's heading level (1 for Heading 1), following `basedOn`; None for text."""
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))}

    def level(style_id: str | None, depth: int = 0) -> int | None:
        style = styles.get(style_id) if style_id else None
        if style is None or depth > 20:  # a loop of basedOn in a broken file
            return None
        outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None:
            value = int(outline.get(qn("w:val"), str(BODY_TEXT_LEVEL)))
            return value + 1 if value < BODY_TEXT_LEVEL else None
        name = style.find(qn("w:name"))
        match = HEADING_NAME.match(name.get(qn("w:val"), "")) if name is not None else None
        if match:
            return int(match.group(1))
        based_on = style.find(qn("w:basedOn"))
        return level(based_on.get(qn("w:val")) if based_on is not None else None, depth + 1)

    return {style_id: level(style_id) for style_id in styles}


def heading_level(paragraph: etree._Element, levels: dict[str, int | None]) -> int | None:
    """Return a paragraph's heading level: its own outline level, else its style's; None for body text."""
    properties = paragraph.find(qn("w:pPr"))
    outline = properties.find(qn("w:outlineLvl")) if properties is not None else None
    if outline is not None:
        value = int(outline.get(qn("w:val"), str(BODY_TEXT_LEVEL)))
        return value + 1 if value < BODY_TEXT_LEVEL else None
    style = properties.find(qn("w:pStyle")) if properties is not None else None
    style_id = style.get(qn("w:val")) if style is not None else None
    return levels.get(style_id) if style_id is not None else None


def heading_skip(document: Document) -> list[Finding]:
    """Return an error for each heading more than one level below the heading before it (Heading 1 → Heading 3)."""
    levels = _style_levels(document)
    previous = 0
    findings = []
    for number, paragraph in paragraphs(document):
        level = heading_level(paragraph, levels)
        if level is None:
            continue
        if level > previous + 1:
            after = f"Heading {previous}" if previous else "the start of the document"
            findings.append(
                error(
                    "doc.heading-skip",
                    f"paragraph {number}",
                    f"heading {quote(_text(paragraph))} is a Heading {level} after {after}; use Heading "
                    f"{previous + 1} so the outline has no gap",
                )
            )
        previous = level
    return findings


def heading_missing(document: Document) -> list[Finding]:
    """Return an error for each paragraph styled as a heading that is no heading to readers, or one when a long
    document has no heading at all.

    A style whose name says heading ("NGO Heading 1", "Titre 1") but sets no outline level
    shows as body text in the navigation pane and to screen readers: a heading lost to a
    restyled reference document.
    """
    levels = _style_levels(document)
    names = {s.get(qn("w:styleId")): _style_name(s) for s in document.styles.element.iter(qn("w:style"))}
    findings = []
    headings = 0
    count = 0
    for number, paragraph in paragraphs(document):
        count += 1
        level = heading_level(paragraph, levels)
        if level is not None:
            headings += 1
            continue
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = names.get(style.get(qn("w:val"))) if style is not None else None
        if name and HEADING_WORDS.search(name) and _text(paragraph):
            findings.append(
                error(
                    "doc.heading-missing",
                    f"paragraph {number}",
                    f"{quote(_text(paragraph))} is in the style {quote(name)}, which looks like a heading but is "
                    "none to screen readers or the navigation pane; give the style an outline level (Paragraph > "
                    "Outline level) or use a built-in Heading style",
                )
            )
    if headings == 0 and count >= MIN_PARAGRAPHS_FOR_HEADINGS and not findings:
        findings.append(
            error(
                "doc.heading-missing",
                None,
                f"the document has {count} paragraphs and not one heading, so readers cannot move through it; "
                "set its section titles in Heading styles (in a reference document: styles with an outline level)",
            )
        )
    return findings


def _style_name(style: etree._Element) -> str:
    """Return a style's name as the file gives it."""
    name = style.find(qn("w:name"))
    return name.get(qn("w:val"), "") if name is not None else ""


def question_space(document: Document) -> list[Finding]:
    """Return an error for each question whose space to write the answer in has no lines.

    A question starts with a bold numbered label ("Question 2.", "Pregunta 2."); the space to
    write in is what follows it: an answer area (one paragraph of tab-leader lines) or, in
    files from before it, empty paragraphs. That space must draw its lines: tab leaders, or a
    rule under the paragraphs (their own border or their style's). A question asked for
    discussion has no such space, and nothing is asked of it.
    """
    borders = _ruled_styles(document)
    findings = []
    for number, paragraph in paragraphs(document):
        if not QUESTION_LABEL.match(_text(paragraph)) or not _starts_bold(paragraph):
            continue
        space = list(itertools.takewhile(_is_writing_space, paragraph.itersiblings(qn("w:p"))))
        if space and not any(_is_ruled(p, borders) or _has_leader_lines(p) for p in space):
            findings.append(
                error(
                    "doc.question-no-space",
                    f"paragraph {number}",
                    f"the question {quote(_text(paragraph))} has no lines to write the answer on; the reference "
                    'document\'s "Write Line" style needs a bottom border (or leave the style out: the toolkit '
                    "supplies its own)",
                )
            )
    return findings


def _is_writing_space(paragraph: etree._Element) -> bool:
    """Return True for a paragraph left to write in: empty, or holding lines (tabs) after a label."""
    return not _text(paragraph) or paragraph.find(f"{qn('w:r')}/{qn('w:tab')}") is not None


def _has_leader_lines(paragraph: etree._Element) -> bool:
    """Return True when a paragraph draws lines to write on with a tab leader (an answer area)."""
    stops = paragraph.findall(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}")
    return any(stop.get(qn("w:leader"), "none") not in ("none", "nil") for stop in stops)


def empty_runs(document: Document) -> list[Finding]:
    """Return a warning for each run of three or more empty paragraphs: read out as "blank" again and again.

    Space to write in is one answer area; space on the page is paragraph spacing.
    """
    findings = []
    run: list[int] = []
    for number, paragraph in [*paragraphs(document), (0, None)]:
        # A picture or a form field to fill in (a content control) is no blank.
        if paragraph is not None and not _text(paragraph) and not _holds_picture_or_field(paragraph):
            run.append(number)
            continue
        if len(run) >= EMPTY_RUN:
            message = (
                f'{len(run)} empty paragraphs in a row, which a screen reader reads as "blank" {len(run)} times; '
                "use one answer area (::: lines) or paragraph spacing instead"
            )
            findings.append(warning("doc.empty-paragraphs", f"paragraph {run[0]}", message))
        run = []
    return findings


def _holds_picture_or_field(paragraph: etree._Element) -> bool:
    """Return True when a paragraph without text holds a picture or a form field (`w:sdt`)."""
    return paragraph.find(f".//{qn('w:drawing')}") is not None or paragraph.find(f".//{qn('w:sdt')}") is not None


def _ruled_styles(document: Document) -> set[str]:
    """Return the ids of paragraph styles that draw a bottom (or between) border, following basedOn."""
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))}

    def ruled(style_id: str | None, depth: int = 0) -> bool:
        style = styles.get(style_id) if style_id else None
        if style is None or depth > 20:
            return False
        if _has_rule(style.find(qn("w:pPr"))):
            return True
        based_on = style.find(qn("w:basedOn"))
        return ruled(based_on.get(qn("w:val")) if based_on is not None else None, depth + 1)

    return {style_id for style_id in styles if style_id and ruled(style_id)}


def _has_rule(properties: etree._Element | None) -> bool:
    """Return True when paragraph properties draw a bottom or between border."""
    borders = properties.find(qn("w:pBdr")) if properties is not None else None
    edges = [borders.find(qn(f"w:{edge}")) for edge in ("bottom", "between")] if borders is not None else []
    return any(edge is not None and edge.get(qn("w:val"), "none") not in ("none", "nil") for edge in edges)


def _is_ruled(paragraph: etree._Element, ruled_styles: set[str]) -> bool:
    """Return True when a paragraph draws a rule under it, by its own border or its style's.

    A paragraph framed as part of a box draws its frame, not a rule: its bottom edge and the
    blank between-border it sets do not count, and its style's rules are overridden by them.
    """
    properties = paragraph.find(qn("w:pPr"))
    if _is_framed(properties):
        return False
    if _has_rule(properties):
        return True
    style = properties.find(qn("w:pStyle")) if properties is not None else None
    return style is not None and style.get(qn("w:val")) in ruled_styles


def _is_framed(properties: etree._Element | None) -> bool:
    """Return True when paragraph properties frame the paragraph as part of a box (a border at its side)."""
    borders = properties.find(qn("w:pBdr")) if properties is not None else None
    edges = [borders.find(qn(f"w:{edge}")) for edge in ("left", "right")] if borders is not None else []
    return any(edge is not None and edge.get(qn("w:val"), "none") not in ("none", "nil") for edge in edges)


def _starts_bold(paragraph: etree._Element) -> bool:
    """Return True when a paragraph's first run with text is bold (set on the run)."""
    for run in paragraph.iter(qn("w:r")):
        if "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
            return bold is not None and bold.get(qn("w:val"), "true") not in ("0", "false", "off")
    return False


def _text(element: etree._Element) -> str:
    """Return the text of a paragraph or cell, whitespace runs as single spaces."""
    return " ".join("".join(t.text or "" for t in element.iter(qn("w:t"))).split())


def tables(document: Document) -> Iterator[tuple[int, etree._Element]]:
    """Yield (number, table) for every table of the body in reading order, nested ones included."""
    yield from enumerate(document.element.body.iter(qn("w:tbl")), start=1)


def layout_table(document: Document) -> list[Finding]:
    """Return a warning for each one-cell table: a frame for text, which screen readers announce as a table."""
    findings = []
    for number, table in tables(document):
        cells = [cell for row in table.findall(qn("w:tr")) for cell in row.findall(qn("w:tc"))]
        if len(cells) == 1:
            start = _text(cells[0])[:60]
            message = (
                f"the one-cell table starting {quote(start)} frames text: screen readers announce it as a table "
                "and PDFs tag it as one without a header; frame the paragraphs instead (Borders and Shading)"
            )
            findings.append(warning("doc.layout-table", f"table {number}", message))
    return findings


def table_header(document: Document) -> list[Finding]:
    """Return an error for each data table whose first row is not marked as a header row.

    A one-cell table frames a box of text (a question, a note) rather than holding data, so it needs none.
    """
    findings = []
    for number, table in tables(document):
        rows = table.findall(qn("w:tr"))
        cells = [cell for row in rows for cell in row.findall(qn("w:tc"))]
        if len(cells) < 2 or _is_header(rows[0]):
            continue
        first = _text(cells[0])
        findings.append(
            error(
                "doc.table-header",
                f"table {number}",
                f"the table starting {quote(first)} has no header row; select its first row and turn on "
                '"Repeat as header row at the top of each page" (Table Properties > Row)'
                if first
                else "the table has no header row; mark its first row as the header (Table Properties > Row)",
            )
        )
    return findings


def table_caption(document: Document) -> list[Finding]:
    """Return a warning for each data table with neither a title nor a description (`w:tblCaption`,
    `w:tblDescription`), which screen readers announce before its cells; one-cell frames need none."""
    findings = []
    for number, table in tables(document):
        cells = [cell for row in table.findall(qn("w:tr")) for cell in row.findall(qn("w:tc"))]
        properties = table.find(qn("w:tblPr"))
        named = [
            element
            for tag in ("w:tblCaption", "w:tblDescription")
            if properties is not None
            and (element := properties.find(qn(tag))) is not None
            and element.get(qn("w:val"), "").strip()
        ]
        if len(cells) < 2 or named:
            continue
        message = (
            f"the table starting {quote(_text(cells[0])[:60])} has no title or description; give it one "
            "(Table Properties > Alt Text), and a caption above it where it has a title (References > Insert Caption)"
        )
        findings.append(warning("doc.table-caption", f"table {number}", message))
    return findings


BOLD_HEADING_CHARACTERS = 120  # a bold paragraph longer than this is emphasis, not a title


def bold_heading(document: Document) -> list[Finding]:
    """Return a warning for each short paragraph in bold type alone that stands over what follows it like a
    heading or caption: it is missing from the navigation pane and from a screen reader's list of headings.

    A label that ends in a colon ("Variations:"), a heading or caption style, and text in tables
    or boxes (framed paragraphs) are left alone.
    """
    levels = _style_levels(document)
    styles = {s.get(qn("w:styleId")): _style_name(s).casefold() for s in document.styles.element.iter(qn("w:style"))}
    findings = []
    body = list(document.element.body)
    numbers = {paragraph: number for number, paragraph in paragraphs(document)}
    for index, paragraph in enumerate(body[:-1]):
        if paragraph.tag != qn("w:p") or heading_level(paragraph, levels) is not None:
            continue
        text = _text(paragraph)
        properties = paragraph.find(qn("w:pPr"))
        style = properties.find(qn("w:pStyle")) if properties is not None else None
        style_name = styles.get(style.get(qn("w:val")), "") if style is not None else ""
        if (
            not text
            or len(text) > BOLD_HEADING_CHARACTERS
            or text.endswith(":")
            or "caption" in style_name
            or _is_framed(properties)
            or not _all_bold(paragraph)
            or not _text(body[index + 1])
        ):
            continue
        message = (
            f"the bold paragraph {quote(text[:60])} stands as a heading or caption; give it a heading style "
            "(or Caption over a table) so it shows in the navigation pane and screen readers find it"
        )
        findings.append(warning("doc.bold-heading", f"paragraph {numbers.get(paragraph)}", message))
    return findings


def _all_bold(paragraph: etree._Element) -> bool:
    """Return True when every run of a paragraph that has text is set bold on the run."""
    runs = [run for run in paragraph.iter(qn("w:r")) if "".join(t.text or "" for t in run.iter(qn("w:t"))).strip()]
    for run in runs:
        bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
        if bold is None or bold.get(qn("w:val"), "true") in ("0", "false", "off"):
            return False
    return bool(runs)


def _is_header(row: etree._Element) -> bool:
    """Return True when a table row is marked as a header row (`w:tblHeader`)."""
    marker = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    return marker is not None and marker.get(qn("w:val"), "true") not in ("0", "false", "off")


def pictures(document: Document) -> Iterator[tuple[int, etree._Element]]:
    """Yield (paragraph number, drawing properties) for each picture that is not marked decorative."""
    for number, paragraph in paragraphs(document):
        for drawing in paragraph.iter(qn("w:drawing")):
            properties = next(drawing.iter(DOC_PROPERTIES), None)
            if next(drawing.iter(PICTURE), None) is None or properties is None:
                continue
            if not is_decorative(properties):
                yield number, properties


def alt_missing(document: Document) -> list[Finding]:
    """Return an error for each picture without alt text that is not marked decorative."""
    return [
        error(
            "doc.alt-missing",
            f"paragraph {number}",
            f'picture "{properties.get("name", "")}" has no alt text; describe what it shows '
            "(right-click > View Alt Text), or mark it as decorative",
        )
        for number, properties in pictures(document)
        if not (properties.get("descr") or "").strip()
    ]


def alt_filename(document: Document) -> list[Finding]:
    """Return an error for each picture whose alt text is a file name."""
    return [
        error(
            "doc.alt-filename",
            f"paragraph {number}",
            f'the alt text of picture "{properties.get("name", "")}" is a file name '
            f"({quote(properties.get('descr', '').strip())}); describe what the picture shows instead",
        )
        for number, properties in pictures(document)
        if is_file_name(properties.get("descr") or "")
    ]


DocumentRule = Callable[[Document], list[Finding]]
DOCUMENT_RULES: tuple[DocumentRule, ...] = (
    title_missing,
    language_missing,
    heading_skip,
    heading_missing,
    question_space,
    empty_runs,
    layout_table,
    document_language_of_parts,
    table_header,
    table_caption,
    bold_heading,
    alt_missing,
    alt_filename,
)


def check_document(document: Document) -> list[Finding]:
    """Return the findings of every document rule; only what is broken when a part does not parse."""
    broken = malformed_parts(document.part.package.iter_parts(), "Word")
    if broken:
        return broken
    return [finding for rule in DOCUMENT_RULES for finding in rule(document)]
