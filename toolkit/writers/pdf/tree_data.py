"""The document tree as plain data (JSON) for the fixed Typst templates: text travels as strings, never as markup."""

from __future__ import annotations

import re

from toolkit.core.links import is_safe_link
from toolkit.core.output import build_datetime
from toolkit.render.doctree import (
    Block,
    Box,
    Chart,
    Diagram,
    Heading,
    Inlines,
    ListBlock,
    Metadata,
    PageBreak,
    Paragraph,
    Picture,
    Span,
    Table,
    WriteLines,
    figure_blocks,
)
from toolkit.writers.docx_tables import column_widths
from toolkit.writers.units import Cm

# Characters no text should carry into a PDF (controls other than tab and newline), and
# Typst has no glyph for: dropped, as the docx writer drops what XML cannot hold.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
PAPERS = {"a4": "a4", "letter": "us-letter"}

JsonData = dict[str, object]


def clean(text: str) -> str:
    """Return text without control characters a page cannot show."""
    return _CONTROL.sub("", text)


def inline_data(inlines: Inlines) -> list[JsonData]:
    """Return spans as data: text, bold, italic and a link only when it is one a document may carry."""
    spans: list[JsonData] = []
    for span in inlines:
        item: JsonData = {"text": clean(span.text)}
        if span.bold:
            item["bold"] = True
        if span.italic:
            item["italic"] = True
        if span.link and is_safe_link(span.link):
            item["link"] = span.link
        if span.language:
            item["lang"], item["region"] = language_and_region(span.language)
        spans.append(item)
    return spans


def block_data(block: Block) -> JsonData:
    """Return one block of the tree as data the templates read by its `type`."""
    if isinstance(block, Heading):
        return {"type": "heading", "level": max(1, min(block.level, 6)), "inlines": inline_data(block.inlines)}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "inlines": inline_data(block.inlines)}
    if isinstance(block, ListBlock):
        return {
            "type": "list",
            "ordered": block.ordered,
            "checklist": block.checklist,
            "start": block.start,
            "items": [inline_data(item) for item in block.items],
        }
    if isinstance(block, Table):
        rows = (block.header, *block.rows)
        columns = max(len(row) for row in rows)
        return {
            "type": "table",
            "header": [inline_data(cell) for cell in block.header],
            "rows": [[inline_data(cell) for cell in row] for row in block.rows],
            # Shares of the width, as the Word writer sizes its columns: each fits its longest word.
            "widths": [int(width) for width in column_widths(rows, columns, Cm(17))],
        }
    if isinstance(block, WriteLines):
        return {"type": "lines", "count": max(0, min(block.count, 60))}
    if isinstance(block, Box):
        return {"type": "box", "kind": block.kind, "blocks": [block_data(inner) for inner in block.blocks]}
    if isinstance(block, PageBreak):
        return {"type": "page-break"}
    if isinstance(block, (Chart, Diagram)):
        # As the Word writer writes them: the caption, the table of the figures and their source.
        return {"type": "group", "blocks": [block_data(part) for part in figure_blocks(block)]}
    if isinstance(block, Picture):
        # A page's pictures are not drawn in PDFs yet (issue 17): what they show stands in for them, in brackets.
        shown = () if block.decorative else (Span(f"[{block.alt}]", italic=True),)
        return {"type": "paragraph", "inlines": inline_data(shown)}
    raise TypeError(f"no PDF form for {type(block).__name__}")


def language_and_region(code: str) -> tuple[str, str | None]:
    """Return a BCP 47 code's language (lower case) and its two-letter region (upper case) or None, as Typst takes
    them: "es-PE" → ("es", "PE"), "ar" → ("ar", None)."""
    language, _, rest = code.partition("-")
    region = next((part for part in rest.split("-") if len(part) == 2 and part.isalpha()), None)
    return language.lower() or "en", region.upper() if region else None


def metadata_data(metadata: Metadata) -> JsonData:
    """Return what every PDF records about itself: title, author, keywords, language and region, the build date."""
    language, region = language_and_region(metadata.language)
    when = build_datetime()
    return {
        "title": clean(metadata.title) or "Untitled",
        "author": (clean(metadata.author),),
        "keywords": [clean(word) for word in metadata.keywords],
        "lang": language,
        "region": region,
        "date": (when.year, when.month, when.day),
    }
