"""The document tree as plain data (JSON) for the fixed Typst templates: text travels as strings, never as markup."""

from __future__ import annotations

import re
from dataclasses import replace

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
from toolkit.writers.pdf.pictures import add_picture
from toolkit.writers.units import Cm

# Characters no text should carry into a PDF (controls other than tab and newline), and
# Typst has no glyph for: dropped, as the docx writer drops what XML cannot hold.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
PAPERS = {"a4": "a4", "letter": "us-letter"}
# The largest a picture is drawn on a page, in points: the text's width on A4 (17 cm), two fifths of its height.
PAGE_PICTURE_WIDTH = 17 / 2.54 * 72
PAGE_PICTURE_HEIGHT = 10 / 2.54 * 72

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


def block_data(block: Block, pictures: dict[str, bytes] | None = None) -> JsonData:
    """Return one block of the tree as data the templates read by its `type`; a picture's file is added to
    `pictures` (without it, where pictures are not drawn, its alt text stands in for it)."""
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
    if isinstance(block, Table) and block.caption:  # its caption as a bold line above it, as figures have theirs
        caption = Paragraph(tuple(replace(span, bold=True) for span in block.caption))
        return {"type": "group", "blocks": [block_data(caption), block_data(replace(block, caption=()))]}
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
        return {"type": "box", "kind": block.kind, "blocks": [block_data(inner, pictures) for inner in block.blocks]}
    if isinstance(block, PageBreak):
        return {"type": "page-break"}
    if isinstance(block, (Chart, Diagram)):
        # As the Word writer writes them: the caption, the table of the figures and their source.
        return {"type": "group", "blocks": [block_data(part, pictures) for part in figure_blocks(block)]}
    if isinstance(block, Picture):
        if pictures is None:  # speaker notes: what the picture shows, in brackets
            shown = () if block.decorative else (Span(f"[{block.alt}]", italic=True),)
            return {"type": "paragraph", "inlines": inline_data(shown)}
        return picture_data(block, pictures)
    raise TypeError(f"no PDF form for {type(block).__name__}")


def picture_data(picture: Picture, pictures: dict[str, bytes]) -> JsonData:
    """Return a picture on a page: at most the text's width and PAGE_PICTURE_HEIGHT tall, keeping its shape, with
    its alt text, or marked decorative (an artifact screen readers skip) when it has none, and its caption."""
    name, (pixel_width, pixel_height) = add_picture(picture, pictures)
    scale = min(PAGE_PICTURE_WIDTH / pixel_width, PAGE_PICTURE_HEIGHT / pixel_height)
    return {
        "type": "picture",
        "file": name,
        "width": pixel_width * scale,
        "height": pixel_height * scale,
        "alt": clean(picture.alt),
        "decorative": picture.decorative,
        "caption": clean(picture.caption),
    }


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
