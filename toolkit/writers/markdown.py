"""Write document trees as Markdown: for reviewers' diffs and for Pandoc.

Slides follow Pandoc's slide convention (`## Title` per slide, `::: notes` for speaker
notes), so the export converts with `pandoc -t pptx` as well.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from toolkit.render.doctree import (
    CHECKBOX,
    Block,
    Box,
    Deck,
    Document,
    Heading,
    Inlines,
    ListBlock,
    PageBreak,
    Paragraph,
    Picture,
    Slide,
    Table,
    WriteLines,
    drawn_as_tables,
)
from toolkit.writers.written import Written


def inline_markdown(inlines: Inlines) -> str:
    """Return spans as inline Markdown, escaping what would read as markup; a span in a language of its
    own is written `[…]{lang=es}`; a form field as what it shows (its choices) or, when empty, a blank line."""
    parts = []
    for span in inlines:
        text = span.text.replace("\\", "\\\\")
        for char in "*_[]`|<>#":
            text = text.replace(char, "\\" + char)
        if span.field is not None and not text.strip():
            text = "\\_" * 12
        if span.link:
            text = f"[{text}]({span.link})"
        if span.bold and text.strip():
            text = f"**{text}**"
        if span.italic and text.strip():
            text = f"*{text}*"
        if span.language and text.strip():
            text = f"[{text}]{{lang={span.language}}}"  # a bracketed span, as Pandoc reads it
        parts.append(text)
    return "".join(parts)


def _list_marker(block: ListBlock, number: int) -> str:
    """Return the Markdown that starts a list item: "1. ", "- " or "- ☐ " for a checklist."""
    if block.checklist:
        return f"- {CHECKBOX} "
    return f"{number}. " if block.ordered else "- "


def block_markdown(block: Block, heading_offset: int = 0, folder: Path | None = None) -> str:
    """Return one block as Markdown; a picture named relative to `folder` when given."""
    if isinstance(block, Heading):
        return "#" * min(6, block.level + heading_offset) + " " + inline_markdown(block.inlines)
    if isinstance(block, Paragraph):
        return inline_markdown(block.inlines)
    if isinstance(block, ListBlock):
        numbered = enumerate(block.items, block.start)
        return "\n".join(_list_marker(block, n) + inline_markdown(item) for n, item in numbered)
    if isinstance(block, Table):
        header = "| " + " | ".join(inline_markdown(cell) for cell in block.header) + " |"
        rule = "|" + "---|" * len(block.header)
        rows = ["| " + " | ".join(inline_markdown(cell) for cell in row) + " |" for row in block.rows]
        caption = [f"Table: {inline_markdown(block.caption)}", ""] if block.caption else []  # Pandoc's caption
        return "\n".join([*caption, header, rule, *rows])
    if isinstance(block, WriteLines):
        return "\n".join(["\\_" * 40 + "  "] * block.count)
    if isinstance(block, Box):
        inner = "\n\n".join(block_markdown(child, heading_offset, folder) for child in block.blocks)
        return f"::: {{.{block.kind}}}\n{inner}\n:::"
    if isinstance(block, PageBreak):
        return "---"
    if isinstance(block, Picture):
        return picture_markdown(block, folder)
    raise TypeError(f"no Markdown for {type(block).__name__}")


def document_markdown(document: Document, folder: Path | None = None) -> str:
    """Return a handout or guide as Markdown; pictures named relative to `folder` when given."""
    return "\n\n".join(block_markdown(block, 0, folder) for block in drawn_as_tables(document.blocks)) + "\n"


def slide_markdown(slide: Slide, folder: Path | None = None) -> str:
    """Return one slide in Pandoc's slide convention; a picture's path relative to `folder` when given."""
    parts = [("# " if slide.layout in ("title", "section") else "## ") + inline_markdown(slide.title)]
    parts.extend(block_markdown(block) for block in slide.body)
    if slide.picture:
        parts.append(picture_markdown(slide.picture, folder))
    if slide.notes:
        parts.append("::: notes\n" + "\n\n".join(block_markdown(b) for b in slide.notes) + "\n:::")
    return "\n\n".join(parts)


def picture_markdown(picture: Picture, folder: Path | None = None) -> str:
    """Return a picture as `![alt](<path> "caption")`, its path relative to `folder` when given."""
    caption = "".join("\\" + char if char in '\\"&' else char for char in picture.caption)
    title = f' "{caption}"' if caption else ""
    return f"![{picture.alt}](<{_relative(picture.path, folder)}>{title})"


def _relative(path: str, folder: Path | None) -> str:
    """Return a picture's path as seen from `folder` (with forward slashes), or as it is without one."""
    if folder is None:
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()
    except ValueError:  # on Windows, another drive has no relative path: the full one still shows the picture
        return Path(path).as_posix()


def deck_markdown(deck: Deck, folder: Path | None = None) -> str:
    """Return a deck as Markdown slides with a title block; pictures relative to `folder` when given."""
    # JSON's quoting is YAML's too: a title with a quote mark keeps the header readable.
    header = f"---\ntitle: {json.dumps(deck.metadata.title, ensure_ascii=False)}\nlang: {deck.metadata.language}\n---"
    return header + "\n\n" + "\n\n".join(slide_markdown(slide, folder) for slide in deck.slides) + "\n"


def write_markdown(handout: Document, guide: Document, deck: Deck, folder: Path | None = None) -> Written:
    """Return a module's handout, guide and slides as one Markdown file, and its warnings.

    Pictures are named relative to `folder`, the one the file is written to, when given.

    Markdown holds everything the tree does, so it has no warnings of its own; what the deck
    or a document would lose is the Office writers' to say.
    """
    text = "\n".join(
        [
            document_markdown(handout, folder),
            "<!-- facilitator guide -->\n",
            document_markdown(guide, folder),
            "<!-- slides -->\n",
            deck_markdown(deck, folder),
        ]
    )
    return Written(text.encode("utf-8"))
