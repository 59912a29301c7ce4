"""Measure slide text with the vendored Liberation Sans and fit it into its box, shrinking or splitting.

Liberation Sans has Arial's metrics, so widths measured here are the widths PowerPoint
and LibreOffice lay out. Measurement is deliberately a little generous (no kerning,
1.2 em lines where LibreOffice uses 1.15 em, space before the first paragraph too), so
text that fits here fits on screen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from PIL import ImageFont

from toolkit.core.bundled import TEMPLATES
from toolkit.render.doctree import CHECKBOX, Block, Box, Heading, Inlines, ListBlock, Paragraph, Span, Table, plain_text
from toolkit.writers.units import Emu, Inches, Length, Pt

FONT_DIR = TEMPLATES / "fonts"
FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
# Fonts are loaded at 1000 px so that a width in pixels is a width in thousandths of an em.
REFERENCE_SIZE = 1000
LINE_HEIGHT = 1.2  # line pitch in em: PowerPoint's single spacing for Arial
WIDTH_SLACK = 0.97  # LibreOffice wraps lines that fill more than about 99.5% of the measured width
LONG_WORD_SLACK = 0.9  # LibreOffice breaks long addresses in table cells earlier than in text boxes
SPACE_BEFORE = 0.45  # space before each paragraph, in em; the writer writes the same value
BULLET_INDENT = Inches(0.35)
NUMBER_INDENT = Inches(0.55)  # room for "12." at 28 pt
CELL_MARGIN_X = Inches(0.1)  # PowerPoint's default table cell margins
CELL_MARGIN_Y = Inches(0.05)
# Scripts Liberation Sans lacks (Arabic) are drawn in a fallback font: shaped Arabic text in
# DejaVu Sans averages 0.43 em a character (0.52 em bold); the font's empty box would count 0.75.
MISSING_GLYPH_WIDTH = 0.55
NO_SUCH_CHARACTER = "\uffff"
SIZE_STEP = Pt(2)
MIN_BODY_SIZE = Pt(18)
MIN_TITLE_SIZE = Pt(24)
LAST_RESORT_TITLE_SIZE = Pt(14)
MAX_TABLE_ROWS = 8  # including the header row; longer tables read better as lines
MAX_TABLE_COLUMNS = 5

_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")  # not \s, which would turn no-break spaces (U+00A0) into spaces

UnitKind = Literal["plain", "heading", "bullet", "number", "table"]


@dataclass(frozen=True)
class Unit:
    """One paragraph of slide body text, or one table: the pieces fitting moves between slides.

    `number` is a numbered item's number; `continued` marks the rest of a paragraph split
    across slides, shown without its bullet.
    """

    spans: Inlines
    kind: UnitKind = "plain"
    number: int = 0
    continued: bool = False
    table: Table | None = None


@dataclass(frozen=True)
class Chunk:
    """The units that fill one slide's body, and the font size they are set in."""

    size: Length
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class _Word:
    """A word: its width in em, the widths of its pieces between break points, and where it ends in the text."""

    width: float
    pieces: tuple[float, ...]
    end: int


# Where a word too long for a line may break: after a slash or a hyphen (long web addresses).
_BREAK_AFTER = re.compile(r"(?<=[/-])")


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    """Return Liberation Sans (bold or regular) at the reference size."""
    # BASIC layout: the same widths whether or not libraqm is installed.
    return ImageFont.truetype(str(FONT_DIR / FONT_FILES[bold]), REFERENCE_SIZE, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1)
def _space_width() -> float:
    """Return the width of a space in em."""
    return _font(False).getlength(" ") / REFERENCE_SIZE


@lru_cache(maxsize=65536)
def _width(text: str, bold: bool) -> float:
    """Return the width of a text in em; characters Liberation Sans lacks count MISSING_GLYPH_WIDTH.

    Cached: the same words recur across the slides of a curriculum, and measuring is costly.
    """
    font = _font(bold)
    missing = sum(1 for char in text if _is_missing(char))
    return (font.getlength(text) / REFERENCE_SIZE) + missing * (MISSING_GLYPH_WIDTH - _notdef_width())


@lru_cache(maxsize=4096)
def _is_missing(char: str) -> bool:
    """Return True for a character Liberation Sans has no glyph for (it would draw the empty box)."""
    if char < "\u0370":  # Latin, which the font covers
        return False
    font = _font(False)
    return font.getbbox(char) == font.getbbox(NO_SUCH_CHARACTER) and font.getlength(char) == font.getlength(
        NO_SUCH_CHARACTER
    )


@lru_cache(maxsize=1)
def _notdef_width() -> float:
    """Return the width in em of the empty box Liberation Sans draws for a character it lacks."""
    return _font(False).getlength(NO_SUCH_CHARACTER) / REFERENCE_SIZE


@lru_cache(maxsize=8192)
def _words(spans: Inlines) -> tuple[_Word, ...]:
    """Return the words of a paragraph (split at spaces, but never inside a link) with their widths in em."""
    words: list[_Word] = []
    pieces: list[float] = []
    offset = 0
    for span in spans:
        if span.link:  # LibreOffice shows link text as a field that breaks only between characters
            pieces.append(_width(span.text, span.bold))
            offset += len(span.text)
            continue
        for index, text in enumerate(span.text.split(" ")):
            if index > 0:
                if pieces:
                    words.append(_Word(sum(pieces), tuple(pieces), offset))
                pieces = []
                offset += 1
            pieces += [_width(piece, span.bold) for piece in _BREAK_AFTER.split(text) if piece]
            offset += len(text)
    if pieces:
        words.append(_Word(sum(pieces), tuple(pieces), offset))
    return tuple(words)


def _line_starts(words: Sequence[_Word], size: Length, width: Length) -> list[int]:
    """Return, for each wrapped line, the index of the word it starts with.

    A word wider than the line starts a new line and breaks after its slashes and
    hyphens, and inside a piece that is still too wide, as PowerPoint and LibreOffice
    do; its extra lines repeat the word's index, since no paragraph split may fall
    inside a word.
    """
    room = width * WIDTH_SLACK / size  # line width in em
    starts: list[int] = []
    used = math.inf
    for index, word in enumerate(words):
        if used + _space_width() + word.width <= room:
            used += _space_width() + word.width
            continue
        starts.append(index)
        used = 0.0
        # Renderers differ on where a long address may break, so its pieces get less room.
        piece_room = room * LONG_WORD_SLACK if word.width > room else room
        for piece in word.pieces if word.width > room else (word.width,):
            if used + piece <= piece_room:
                used += piece
                continue
            if used > 0:
                starts.append(index)
            extra = max(0, math.ceil(piece / piece_room) - 1) if piece_room > 0 else 0
            starts.extend([index] * extra)
            # After a piece broken between characters LibreOffice starts a new line.
            used = math.inf if extra else piece
    return starts or [0]


def measure_lines(spans: Inlines, size: Length, width: Length) -> int:
    """Return how many lines the text takes when wrapped at `width` in font size `size`."""
    return len(_line_starts(_words(spans), size, width))


def line_pitch(size: Length) -> Length:
    """Return the height of one line of text at `size`."""
    return Emu(round(size * LINE_HEIGHT))


def space_before(size: Length) -> Length:
    """Return the space before each body paragraph at `size`, rounded to whole points."""
    return Pt(round(size.pt * SPACE_BEFORE))


def indent(unit: Unit) -> Length:
    """Return how far a unit's text is indented from the left edge of the box."""
    return {"bullet": BULLET_INDENT, "number": NUMBER_INDENT}.get(unit.kind, Emu(0))


def _cell_height(cells: Sequence[Inlines], size: Length, column_width: Length) -> Length:
    """Return the height of a table row whose tallest cell sets it."""
    text_width = Emu(column_width - 2 * CELL_MARGIN_X)
    lines = max(measure_lines(cell, size, text_width) for cell in cells)
    return Emu(lines * line_pitch(size) + 2 * CELL_MARGIN_Y)


def table_row_heights(table: Table, size: Length, width: Length) -> list[Length]:
    """Return each row's height, header first, for a table of equal columns across `width`."""
    column_width = Emu(width // len(table.header))
    bold_header = tuple(tuple(replace(span, bold=True) for span in cell) for cell in table.header)
    return [_cell_height(row, size, column_width) for row in (bold_header, *table.rows)]


def unit_height(unit: Unit, size: Length, width: Length) -> Length:
    """Return the height a unit takes in a box `width` wide, including the space before it."""
    if unit.table is not None:
        return Emu(space_before(size) + sum(table_row_heights(unit.table, size, width)))
    spans = _bold(unit.spans) if unit.kind == "heading" else unit.spans
    lines = measure_lines(spans, size, Emu(width - indent(unit)))
    return Emu(space_before(size) + lines * line_pitch(size))


def _bold(spans: Inlines) -> Inlines:
    """Return the spans all in bold, as headings are set."""
    return tuple(replace(span, bold=True) for span in spans)


def is_small_table(table: Table, width: Length, height: Length) -> bool:
    """Return True when a table is short and narrow enough to show as a table at the smallest body size."""
    if not table.header or len(table.header) > MAX_TABLE_COLUMNS or len(table.rows) + 1 > MAX_TABLE_ROWS:
        return False
    if any(len(row) != len(table.header) for row in table.rows):
        return False
    return unit_height(Unit((), "table", table=table), MIN_BODY_SIZE, width) <= height


def text_height(units: Sequence[Unit], size: Length, width: Length) -> Length:
    """Return the total height of units stacked in a box `width` wide."""
    return Emu(sum(unit_height(unit, size, width) for unit in units))


def font_sizes(largest: Length, smallest: Length) -> list[Length]:
    """Return font sizes from `largest` down to `smallest` in SIZE_STEP steps, both included."""
    sizes = []
    size = largest
    while size > smallest:
        sizes.append(size)
        size = Emu(size - SIZE_STEP)
    return [*sizes, smallest]


def fit_title(spans: Inlines, width: Length, height: Length, largest: Length) -> Length:
    """Return the font size for a title: `largest` (the layout's size) when it fits its box on as many lines as it
    needs, else the largest that fits in SIZE_STEP steps down, never below MIN_TITLE_SIZE unless nothing else fits.

    Every title of a layout starts from the same size, so titles keep one size from slide to
    slide and only a title that needs it is set smaller. The caller warns when the size
    returned is below MIN_TITLE_SIZE.
    """
    sizes = font_sizes(max(largest, MIN_TITLE_SIZE), MIN_TITLE_SIZE)
    for size in sizes + font_sizes(Emu(MIN_TITLE_SIZE - SIZE_STEP), LAST_RESORT_TITLE_SIZE):
        if measure_lines(spans, size, width) * line_pitch(size) <= height:
            return size
    return LAST_RESORT_TITLE_SIZE


def fit_one_line(text: str, size: Length, width: Length) -> str:
    """Return `text` as it fits on one line `width` wide at `size`: whole, else shortened at a word with "…".

    A footer (the module title) stays on one line in its box instead of wrapping over the slide.
    """
    if not text or measure_lines((Span(text),), size, width) <= 1:
        return text
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        shortened = " ".join(words[:count]).rstrip(" ,;:–—-") + "\u2026"
        if measure_lines((Span(shortened),), size, width) <= 1:
            return shortened
    return "\u2026"


def _split_spans(spans: Inlines, offset: int) -> tuple[Inlines, Inlines]:
    """Return the spans before and after a character offset of their plain text (the space there is dropped)."""
    head: list[Span] = []
    tail: list[Span] = []
    position = 0
    for span in spans:
        end = position + len(span.text)
        if end <= offset:
            head.append(span)
        elif position >= offset:
            tail.append(span)
        else:
            cut = offset - position
            head.append(replace(span, text=span.text[:cut]))
            tail.append(replace(span, text=span.text[cut:]))
        position = end
    return _trim(head), _trim(tail)


def _trim(spans: list[Span]) -> Inlines:
    """Return spans without leading and trailing spaces and without empty spans."""
    if spans:
        spans[0] = replace(spans[0], text=spans[0].text.lstrip(" "))
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip(" "))
    return tuple(span for span in spans if span.text)


def _split_tall_unit(unit: Unit, size: Length, width: Length, height: Length) -> list[Unit]:
    """Return a paragraph taller than the box as pieces that each fit, split between lines."""
    spans = _bold(unit.spans) if unit.kind == "heading" else unit.spans
    words = _words(spans)
    starts = _line_starts(words, size, Emu(width - indent(unit)))
    lines_per_box = max(1, int((height - space_before(size)) // line_pitch(size)))
    last_line = min(lines_per_box, len(starts) - 1)
    cut_line = next((line for line in range(last_line, 0, -1) if starts[line] > starts[line - 1]), 0)
    if cut_line > 0:
        head, tail = _split_spans(unit.spans, words[starts[cut_line] - 1].end)
    else:  # one word (a huge link) is taller than the box: cut inside it
        head, tail = _split_inside_word(unit, size, width, height)
    rest = replace(unit, spans=tail, continued=True)
    return [replace(unit, spans=head), *_pieces([rest], size, width, height)]


def _split_inside_word(unit: Unit, size: Length, width: Length, height: Length) -> tuple[Inlines, Inlines]:
    """Return the longest head of a paragraph, cut between characters, that fits the box, and the rest."""
    text_length = len(plain_text(unit.spans))
    offset = text_length
    while offset > 1:
        offset = max(1, offset * 9 // 10)
        head, tail = _split_spans(unit.spans, offset)
        if unit_height(replace(unit, spans=head), size, width) <= height:
            return head, tail
    return _split_spans(unit.spans, 1)


def _pieces(units: Sequence[Unit], size: Length, width: Length, height: Length) -> list[Unit]:
    """Return the units with every paragraph taller than the box split into pieces that fit."""
    pieces: list[Unit] = []
    for unit in units:
        if unit.table is None and unit_height(unit, size, width) > height:
            pieces.extend(_split_tall_unit(unit, size, width, height))
        else:
            pieces.append(unit)
    return pieces


def _greedy(units: Sequence[Unit], size: Length, width: Length, cap: Length) -> list[list[Unit]] | None:
    """Return units packed in order into chunks no taller than `cap`, or None if one unit alone is taller.

    A heading is never left last on a slide, and a table ends its chunk: text after a
    table cannot share the text box that sits above it.
    """
    chunks: list[list[Unit]] = [[]]
    used = 0
    for unit in units:
        height = unit_height(unit, size, width)
        if height > cap:
            return None
        if chunks[-1] and used + height > cap:
            carried = _carried_heading(chunks[-1], size, width, cap - height)
            chunks.append(carried)
            used = sum(unit_height(u, size, width) for u in carried)
        chunks[-1].append(unit)
        used += height
        if unit.table is not None:
            chunks.append([])
            used = 0
    return [chunk for chunk in chunks if chunk]


def _carried_heading(chunk: list[Unit], size: Length, width: Length, room: int) -> list[Unit]:
    """Return the heading that ends a full chunk (removed from it) when it fits in `room` beside
    what follows it; else nothing, and the heading stays where it is."""
    last = chunk[-1]
    if last.kind == "heading" and len(chunk) > 1 and unit_height(last, size, width) <= room:
        return [chunk.pop()]
    return []


def _balanced(units: Sequence[Unit], size: Length, width: Length, height: Length, count: int) -> list[list[Unit]]:
    """Return the units split into `count` chunks as even in height as possible.

    Binary search for the lowest height cap that still packs into `count` chunks, so a
    12-item list becomes 6 + 6 rather than 10 + 2.
    """
    low: int = max(unit_height(unit, size, width) for unit in units)
    high = int(height)
    while low < high:
        middle = (low + high) // 2
        packed = _greedy(units, size, width, Emu(middle))
        if packed is not None and len(packed) <= count:
            high = middle
        else:
            low = middle + 1
    return _greedy(units, size, width, Emu(high)) or [list(units)]


def split_to_fit(units: Sequence[Unit], width: Length, height: Length, largest: Length) -> list[Chunk]:
    """Return the units as one or more chunks that each fit in a box `width` × `height`.

    First the font shrinks, from `largest` down to MIN_BODY_SIZE; when nothing fits on
    one slide, the units are split over as few slides as the smallest size allows, set in
    the largest size that still needs no more slides, and balanced between them.
    """
    sizes = font_sizes(max(largest, MIN_BODY_SIZE), MIN_BODY_SIZE)
    for size in sizes:
        if text_height(units, size, width) <= height:
            return [Chunk(size, tuple(units))]
    packings = {size: _greedy(_pieces(units, size, width, height), size, width, height) for size in sizes}
    counts = {size: len(packed) for size, packed in packings.items() if packed is not None}
    fewest = min(counts.values())
    size = next(size for size in sizes if counts.get(size) == fewest)
    chunks = _balanced(_pieces(units, size, width, height), size, width, height, fewest)
    return [Chunk(size, tuple(chunk)) for chunk in chunks]


def table_as_lines(table: Table) -> list[Unit]:
    """Return a table too big for a slide as one bulleted line per row: "Header: cell; Header: cell"."""
    units = []
    for row in table.rows:
        spans: list[Span] = []
        for column, (header, cell) in enumerate(zip(table.header, row)):
            separator = [Span("; ")] if column else []
            spans += [*separator, Span(plain_text(header) + ": ", bold=True), *cell]
        units.append(Unit(tuple(spans), "bullet"))
    return units


def clean_spans(spans: Inlines) -> Inlines:
    """Return spans with runs of whitespace (newlines included) as single spaces, trimmed at both ends."""
    cleaned = [_with_text(span, _WHITESPACE.sub(" ", span.text)) for span in spans]
    if cleaned:
        cleaned[0] = _with_text(cleaned[0], cleaned[0].text.lstrip(" "))
        cleaned[-1] = _with_text(cleaned[-1], cleaned[-1].text.rstrip(" "))
    return tuple(span for span in cleaned if span.text)


def _with_text(span: Span, text: str) -> Span:
    """Return the span with `text`; the same span when the text is unchanged (most are: no copy is made)."""
    return span if text == span.text else replace(span, text=text)


def body_units(blocks: tuple[Block, ...], width: Length, height: Length) -> list[Unit]:
    """Return body blocks as fitting units; writing lines and page breaks have no place on a slide."""
    units: list[Unit] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            units.append(Unit(clean_spans(block.inlines)))
        elif isinstance(block, Heading):
            units.append(Unit(clean_spans(block.inlines), "heading"))
        elif isinstance(block, ListBlock) and block.checklist:
            # The typed box is the item's only marker, as in the Word writer.
            units += [Unit((Span(f"{CHECKBOX} "), *clean_spans(item))) for item in block.items]
        elif isinstance(block, ListBlock):
            kind: UnitKind = "number" if block.ordered else "bullet"
            numbered = enumerate(block.items, start=block.start)
            units += [Unit(clean_spans(item), kind, number) for number, item in numbered]
        elif isinstance(block, Box):
            units += body_units(block.blocks, width, height)
        elif isinstance(block, Table):
            units += _table_units(block, width, height)
    return units


def _table_units(table: Table, width: Length, height: Length) -> list[Unit]:
    """Return a table as one table unit when it is small, else as one line per row."""
    cleaned = Table(
        header=tuple(clean_spans(cell) for cell in table.header),
        rows=tuple(tuple(clean_spans(cell) for cell in row) for row in table.rows),
    )
    if is_small_table(cleaned, width, height):
        return [Unit((), "table", table=cleaned)]
    return table_as_lines(cleaned)
