"""Parse the Markdown that templates render into the format-neutral document tree.

The dialect is CommonMark with tables and fenced containers (`::: name params`):
`slide LAYOUT` (decks), `notes` (speaker notes), `lines N` (space to write), `pagebreak`,
`figure A S` (the chart or diagram of slide S of activity A, which the caller's figure source
gives: the figures never travel as Markdown), `table` (a table with the paragraph before it in the
container as its caption), and boxes (`question`, `note`, `content-note`,
`safeguarding`, `example`, `participants`). A bullet list whose every item starts with a box to tick
(`- ☐ …`) is a checklist. A bracketed span with a `field` is a form field to fill in:
`[]{field=text}`, or `[1 · 2 · 3]{field=choice choices="1 2 3"}` showing its choices until one is
chosen; in a table its label is its column's heading and its row's first cell. Code blocks, block
quotes, setext headings, link reference definitions and raw HTML are not part of it: such lines are
read as ordinary paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

from toolkit.core.links import is_safe_link
from toolkit.core.vocab import LANGUAGE_PATTERN
from toolkit.render.doctree import (
    CHECKBOX,
    FIELD_KINDS,
    Block,
    Box,
    Figure,
    FormField,
    Heading,
    Inlines,
    ListBlock,
    PageBreak,
    Paragraph,
    Picture,
    Slide,
    Span,
    Table,
    WriteLines,
    plain_text,
)

BOX_KINDS = ("question", "note", "content-note", "safeguarding", "example", "participants")
CONTAINERS = ("slide", "notes", "lines", "pagebreak", "figure", "table", *BOX_KINDS)
# What gives the chart or diagram a `::: figure …` container names (its parameters); without one they are left out.
Figures = Callable[[Sequence[str]], Figure]


OPEN, CLOSE = "container_div_open", "container_div_close"
UNUSED_BLOCK_RULES = ["code", "fence", "blockquote", "reference", "lheading", "html_block"]


def _is_container(params: str, markup: str) -> bool:
    return params.strip().split(" ", 1)[0] in CONTAINERS


@cache
def _parser() -> MarkdownIt:
    # One container rule for every name: a rule per name would test each line once per name.
    # Block rules the dialect has no use for are off: every rule is tried on every line, and
    # without these parsing takes a third less time.
    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable(UNUSED_BLOCK_RULES)
    md.use(container_plugin, name="div", validate=_is_container)
    # Bracketed spans only, for a run's language: `[Informe final]{lang=es}` (Pandoc reads them too).
    md.use(attrs_plugin, after=(), spans=True)
    return md


def parse_blocks(markdown: str, figures: Figures | None = None) -> tuple[Block, ...]:
    """Return the blocks of a handout or guide written in the template dialect."""
    return tuple(_Builder(_parser().parse(markdown), figures).blocks())


def parse_slides(markdown: str, figures: Figures | None = None) -> tuple[Slide, ...]:
    """Return the slides of a deck written as `::: slide LAYOUT` containers."""
    return tuple(_Builder(_parser().parse(markdown), figures).slides())


def inline_spans(token: Token) -> Inlines:
    """Return the formatted spans of an inline token; images and unsafe links become plain text.

    A bracketed span with a language, `[Informe final]{lang=es}`, gives its text that language;
    a span's other attributes, and a language that is no language code, are ignored.
    """
    spans: list[Span] = []
    bold = italic = 0
    links: list[str | None] = []
    languages: list[str | None] = []
    fields: list[tuple[FormField | None, int]] = []  # each open span's field, and where its text starts
    for child in token.children or []:
        kind = child.type
        link = links[-1] if links else None
        language = next((code for code in reversed(languages) if code), None)
        field = next((found for found, _ in reversed(fields) if found), None)
        if kind == "text" or kind == "code_inline":
            spans.append(Span(child.content, bold > 0, italic > 0, link, language, field))
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span(" ", bold > 0, italic > 0, link, language, field))
        elif kind == "span_open":
            code = str(child.attrs.get("lang", ""))
            languages.append(code if LANGUAGE_CODE.fullmatch(code) else None)
            fields.append((_form_field(child), len(spans)))
        elif kind == "span_close":
            languages.pop()
            opened, start = fields.pop()
            if opened is not None and len(spans) == start:  # `[]{field=text}`: a field that shows nothing
                spans.append(Span("", bold > 0, italic > 0, None, language, opened))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            links.append(href if is_safe_link(href) else None)
        elif kind == "link_close":
            links.pop()
    return _merge(spans)


def _form_field(token: Token) -> FormField | None:
    """Return the form field a bracketed span's attributes ask for, or None for a span that is no field.

    `field=text` or `field=choice` with `choices="1 2 3"` (separated by spaces); an optional
    `label` names it, else a table names it by its column and row.
    """
    kind = str(token.attrs.get("field", ""))
    if kind not in FIELD_KINDS:
        return None
    choices = tuple(str(token.attrs.get("choices", "")).split()) if kind == "choice" else ()
    return FormField(kind, " ".join(str(token.attrs.get("label", "")).split()), choices)


def _merge(spans: list[Span]) -> Inlines:
    """Return spans with neighbours of the same formatting joined, so writers emit fewer runs; a field is kept
    even without text."""
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.link, last.language, last.field) == (
            span.bold,
            span.italic,
            span.link,
            span.language,
            span.field,
        ):
            merged[-1] = replace(last, text=last.text + span.text)
        elif span.text or span.field is not None:
            merged.append(span)
    return tuple(merged)


def _labelled_fields(header: tuple[Inlines, ...], rows: list[tuple[Inlines, ...]]) -> list[tuple[Inlines, ...]]:
    """Return the rows with each unlabelled field in a cell named "<column heading>: <row's first cell>" and tagged
    "<column>-<row>" (from 1), so a screen reader says which answer it is and the forms can be collected."""
    labelled = []
    for number, row in enumerate(rows, 1):
        first = plain_text(row[0]).strip() if row else ""
        cells = []
        for column, cell in enumerate(row):
            heading = plain_text(header[column]).strip() if column < len(header) else ""
            label = ": ".join(part for part in (heading, first if column else "") if part) or str(number)
            cells.append(
                tuple(
                    replace(
                        span, field=replace(span.field, label=span.field.label or label, tag=f"{column + 1}-{number}")
                    )
                    if span.field is not None
                    else span
                    for span in cell
                )
            )
        labelled.append(tuple(cells))
    return labelled


LANGUAGE_CODE = re.compile(LANGUAGE_PATTERN)


@dataclass
class _SlideParts:
    layout: str
    title: Inlines = ()
    body: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    picture: Picture | None = None
    figure: Figure | None = None


class _Builder:
    """Walks markdown-it tokens once, building blocks and slides."""

    def __init__(self, tokens: list[Token], figures: Figures | None = None):
        self.tokens = tokens
        self.index = 0
        self.figures = figures

    def _next(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def blocks(self, until: str | None = None) -> Iterator[Block]:
        while self.index < len(self.tokens):
            token = self._next()
            if until is not None and token.type == until:
                return
            block = self._block(token)
            if block is not None:
                yield block

    def slides(self) -> Iterator[Slide]:
        while self.index < len(self.tokens):
            token = self._next()
            name, *params = token.info.split() or [""]
            if token.type == OPEN and name == "slide":
                yield self._slide(params[0] if params else "content")

    def _slide(self, layout: str) -> Slide:
        parts = _SlideParts(layout)
        while self.index < len(self.tokens):
            token = self._next()
            if token.type == CLOSE:
                break
            if token.type == "heading_open" and not parts.title:
                parts.title = inline_spans(self._next())
                self._next()
            elif token.type == OPEN and token.info.split()[0] == "notes":
                parts.notes.extend(self.blocks(until=CLOSE))
            elif token.type == OPEN and token.info.split()[0] == "figure":
                parts.figure = self._figure(token) or parts.figure
            elif token.type == "paragraph_open" and self._is_picture():
                parts.picture = self._picture()
            else:
                block = self._block(token)
                if block is not None:
                    parts.body.append(block)
        return Slide(
            parts.layout, parts.title, tuple(parts.body), parts.picture, tuple(parts.notes), figure=parts.figure
        )

    def _figure(self, token: Token) -> Figure | None:
        """Return the chart or diagram a `::: figure …` container names, its contents skipped."""
        self._skip_to(CLOSE)
        return self.figures(token.info.split()[1:]) if self.figures is not None else None

    def _is_picture(self) -> bool:
        children = self.tokens[self.index].children or []
        return len(children) == 1 and children[0].type == "image"

    def _picture(self) -> Picture:
        image = (self._next().children or [])[0]
        self._next()  # paragraph_close
        alt = "".join(child.content for child in image.children or [])
        caption = str(image.attrs.get("title") or "")  # ![alt](path "caption")
        return Picture(unquote(str(image.attrs.get("src", ""))), alt, caption)

    def _block(self, token: Token) -> Block | None:
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1])
            heading = Heading(level, inline_spans(self._next()))
            self._next()
            return heading
        if kind == "paragraph_open" and self._is_picture():
            return self._picture()  # a paragraph that is only `![alt](path "caption")`: a picture on the page
        if kind == "paragraph_open":
            paragraph = Paragraph(inline_spans(self._next()))
            self._next()
            return paragraph
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self._list(kind == "ordered_list_open", int(token.attrs.get("start", 1)))
        if kind == "table_open":
            return self._table()
        if kind == "hr":
            return PageBreak()
        if kind == OPEN:
            return self._container(token)
        return None

    def _container(self, token: Token) -> Block | None:
        name, *params = token.info.split()
        close = CLOSE
        if name == "lines":
            label = self._inline_until(close)
            return WriteLines(int(params[0]) if params and params[0].isdigit() else 4, label)
        if name == "pagebreak":
            self._skip_to(close)
            return PageBreak()
        if name == "figure":
            return self._figure(token)
        if name == "table":
            return self._captioned_table()
        return Box(name, tuple(self.blocks(until=close)))

    def _captioned_table(self) -> Block | None:
        """Return the table of a `::: table` container with the paragraph before it as its caption."""
        caption: Inlines = ()
        table: Table | None = None
        for block in self.blocks(until=CLOSE):
            if isinstance(block, Paragraph) and table is None:
                caption = block.inlines
            elif isinstance(block, Table) and table is None:
                table = replace(block, caption=caption)
        return table if table is not None else (Paragraph(caption) if caption else None)

    def _inline_until(self, close: str) -> Inlines:
        """Return the text inside a container up to its close (its paragraphs' spans, run together)."""
        spans: list[Span] = []
        while self.index < len(self.tokens) and (token := self._next()).type != close:
            if token.type == "inline":
                spans += [Span(" ")] if spans else []
                spans += inline_spans(token)
        return _merge(spans)

    def _skip_to(self, close: str) -> None:
        while self.index < len(self.tokens) and self._next().type != close:
            pass

    def _list(self, ordered: bool, start: int = 1) -> ListBlock:
        items: list[Inlines] = []
        close = "ordered_list_close" if ordered else "bullet_list_close"
        while (token := self._next()).type != close:
            if token.type == "inline":
                items.append(inline_spans(token))
        if not ordered and items and all(map(_starts_with_checkbox, items)):
            return ListBlock(tuple(map(_without_checkbox, items)), checklist=True)
        return ListBlock(tuple(items), ordered, start=start)

    def _table(self) -> Table:
        header: list[Inlines] = []
        rows: list[tuple[Inlines, ...]] = []
        row: list[Inlines] = []
        in_head = False
        while (token := self._next()).type != "table_close":
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "inline":
                (header if in_head else row).append(inline_spans(token))
            elif token.type == "tr_close" and not in_head:
                rows.append(tuple(row))
                row = []
        return Table(tuple(header), tuple(_labelled_fields(tuple(header), rows)))


def _starts_with_checkbox(item: Inlines) -> bool:
    """Return True when a list item begins with a box to tick (☐)."""
    return bool(item) and item[0].text.startswith(CHECKBOX)


def _without_checkbox(item: Inlines) -> Inlines:
    """Return a checklist item without its leading box and the spaces after it: the writer draws the box."""
    first = item[0]
    text = first.text.removeprefix(CHECKBOX).lstrip()
    return ((replace(first, text=text),) if text else ()) + item[1:]
