"""The format-neutral document tree that templates produce and writers consume.

Templates render Markdown; `toolkit.render.templates` parses it into these nodes. Writers see
only these nodes: never YAML, never the module model. A slide, heading or box keeps the
`Origin` of the module field its text came from (`toolkit.render.origins`), so a writer's
warning can name the module file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from toolkit.core.diagnostics import Position


@dataclass(frozen=True)
class Origin:
    """Where a node came from: the module file, and the line and column of its field (None when unknown)."""

    file: str
    position: Position | None = None


FIELD_KINDS = ("text", "choice")


@dataclass(frozen=True)
class FormField:
    """A place in a form to fill in, on screen or on paper: `kind` is text or choice (one of `choices`).

    `label` names it ("Now: I felt safe and respected."); it is what a screen reader announces
    and what Word shows as the field's title. `tag` identifies it for whoever collects the forms.
    """

    kind: str
    label: str = ""
    choices: tuple[str, ...] = ()
    tag: str = ""


@dataclass(frozen=True)
class Span:
    """A run of text with inline formatting; `link` is an http(s) or mailto address.

    `language` is the run's own language (a BCP 47 code) where it differs from the document's,
    such as a Spanish source title in an English handout; None means the document's.
    A span with a `field` is a form field: its text is what the field shows until it is filled
    in (the choices "1 · 2 · 3 · 4 · 5", or nothing), so it reads on paper too.
    """

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    language: str | None = None
    field: FormField | None = None


Inlines = tuple[Span, ...]


def plain_text(inlines: Inlines) -> str:
    """Return the text of inline spans without formatting."""
    return "".join(span.text for span in inlines)


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the document title, 2 a section, 3 a subsection."""

    level: int
    inlines: Inlines
    origin: Origin | None = field(default=None, compare=False)  # where it came from, not what it is


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    inlines: Inlines


CHECKBOX = "\u2610"  # ☐: the marker of a checklist item, in templates and in every output


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list of one-paragraph items; a `checklist` has a box to tick (☐) as its marker.

    The items of a checklist do not hold the box: a writer draws it as the list's only marker.
    An ordered list counts from `start`, so a list can go on from an earlier one.
    """

    items: tuple[Inlines, ...]
    ordered: bool = False
    checklist: bool = False
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A table whose first row is a header row; `caption` is its title shown above it (empty for none)."""

    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    caption: Inlines = ()


@dataclass(frozen=True)
class WriteLines:
    """Ruled space for a participant to write an answer: `count` lines, under a `label` that names it
    ("Your answer to question 3"), which is what a screen reader reads of it."""

    count: int
    label: Inlines = ()


@dataclass(frozen=True)
class Box:
    """A framed box of blocks: `kind` is question, note, content-note, safeguarding or example."""

    kind: str
    blocks: tuple[Block, ...]
    origin: Origin | None = field(default=None, compare=False)  # where it came from, not what it is


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart: its name (the legend) and one value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn from figures: `kind` is column, column-stacked, bar, bar-stacked, line or pie.

    `alt` is the author's alt text or one written from the figures; `caption`, `table` and
    `credit` are the figures written out in the document's language ("Figures behind this
    chart: …", the numbers, "Source: …"), for a reader of the notes or the handout and for a
    writer that cannot draw the chart (`figure_blocks`).
    """

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    unit: str
    alt: str
    caption: str
    table: Table
    credit: str = ""
    origin: Origin | None = field(default=None, compare=False)  # where it came from, not what it is


@dataclass(frozen=True)
class DiagramItem:
    """One event, step, quadrant or column of a diagram; `date` only in a timeline."""

    label: str
    text: str = ""
    date: str = ""


@dataclass(frozen=True)
class Diagram:
    """A diagram of shapes: `kind` is timeline, process, cycle, matrix or comparison; the rest as in `Chart`."""

    kind: str
    title: str
    items: tuple[DiagramItem, ...]
    alt: str
    caption: str
    table: Table
    credit: str = ""
    origin: Origin | None = field(default=None, compare=False)  # where it came from, not what it is


Figure = Chart | Diagram


def figure_blocks(figure: Figure) -> tuple[Block, ...]:
    """Return a chart or diagram as blocks every writer can write: its caption in bold, its table, its source."""
    blocks: list[Block] = [Paragraph((Span(figure.caption, bold=True),)), figure.table]
    if figure.credit:
        blocks.append(Paragraph((Span(figure.credit, italic=True),)))
    return tuple(blocks)


def captioned_table(figure: Figure) -> tuple[Block, ...]:
    """Return a chart or diagram as the table of its figures with its caption as the table's, and its source."""
    table = Table(figure.table.header, figure.table.rows, caption=(Span(figure.caption),))
    return (table, Paragraph((Span(figure.credit, italic=True),))) if figure.credit else (table,)


def drawn_as_tables(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return blocks with each chart and diagram replaced by its `captioned_table`, for a writer that draws neither."""
    if not any(isinstance(block, (Chart, Diagram)) for block in blocks):
        return blocks
    return tuple(
        part
        for block in blocks
        for part in (captioned_table(block) if isinstance(block, (Chart, Diagram)) else (block,))
    )


@dataclass(frozen=True)
class Picture:
    """An image file on a slide or a page, with its alt text and the caption shown under it ("" for none).

    In a handout or guide it is a block of its own; there an empty alt text marks a picture as
    decorative (the module says `decorative: true`), which screen readers skip.
    """

    path: str
    alt: str
    caption: str = ""

    @property
    def decorative(self) -> bool:
        """Return True for a picture without alt text: on a page, a decorative one."""
        return not self.alt.strip()


Block = Heading | Paragraph | ListBlock | Table | WriteLines | Box | PageBreak | Chart | Diagram | Picture


@dataclass(frozen=True)
class Slide:
    """One slide: a layout name, a title, body blocks, an optional picture, chart or diagram, and speaker notes.

    Layout names are logical (title, section, content, two-content); writers map them
    to the layouts of the Office template by name.
    """

    layout: str
    title: Inlines
    body: tuple[Block, ...] = ()
    picture: Picture | None = None
    notes: tuple[Block, ...] = ()
    origin: Origin | None = field(default=None, compare=False)  # where it came from, not what it is
    figure: Figure | None = None


def repeated_titles(titles: Sequence[str]) -> list[tuple[int, int]]:
    """Return (index, first index) for each title an earlier one already has, ignoring case; empty titles never repeat.

    The one rule for duplicate slide titles: the deck writer warns with it at build time and
    `check` reports it on built decks. Screen-reader users move between slides by title.
    """
    first: dict[str, int] = {}
    repeats = []
    for index, title in enumerate(titles):
        key = " ".join(title.split()).casefold()
        if key and key in first:
            repeats.append((index, first[key]))
        first.setdefault(key, index)
    return repeats


@dataclass(frozen=True)
class Metadata:
    """What every output file records about itself in its document properties."""

    title: str
    language: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    author: str = "Gender & SSR training toolkit"


@dataclass(frozen=True)
class Document:
    """A handout or guide: metadata and blocks in reading order."""

    metadata: Metadata
    blocks: tuple[Block, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DeckLabels:
    """Words the deck writer adds itself, in the deck's language."""

    continued: str = "(cont.)"
    continued_again: str = "(cont. %(n)s)"
    continued_note: str = "Continued from the previous slide."


@dataclass(frozen=True)
class Deck:
    """A slide deck: metadata, a footer text shown on every slide, and the slides; `origin` is the footer's."""

    metadata: Metadata
    footer: str
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    labels: DeckLabels = field(default_factory=DeckLabels)
    origin: Origin | None = field(default=None, compare=False)  # where it came from, not what it is
