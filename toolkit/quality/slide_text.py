"""The text of slides as plain facts: each paragraph's runs with their effective size, weight and
colour, the paragraph's indent and spacing, and the box and background the text sits on.

`toolkit.quality.slide_view` reads these facts from a slide; `toolkit.quality.text_style`
follows PowerPoint's inheritance to find them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lxml import etree
from pptx.oxml.ns import qn as _qn

from toolkit.writers.colours import Colour, Fill

# The quality rules measure slides with the same rectangle the deck writer lays them out with.
from toolkit.writers.pptx_layouts import Area
from toolkit.writers.units import Emu, Length

Box = Area  # the rules call a shape's rectangle a box

qn = cache(_qn)  # the rules look up the same few tags hundreds of thousands of times
TITLE_TYPES = ("title", "ctrTitle")
FOOTER_TYPES = ("ftr", "sldNum", "dt", "hdr")


@dataclass(frozen=True)
class TextRun:
    """A run of text with the size, weight and colour it is shown in (None: no colour could be found)."""

    text: str
    size: Length
    bold: bool
    italic: bool
    link: bool
    colour: Colour | None


@dataclass(frozen=True)
class TextParagraph:
    """A paragraph: its lines (split at line breaks) of runs, and the spacing around it.

    `line_pitch` is the height of one line at `size`, the paragraph's largest text size.
    """

    lines: tuple[tuple[TextRun, ...], ...]
    size: Length
    margin_left: Length
    space_before: Length
    space_after: Length
    line_pitch: Length

    @property
    def text(self) -> str:
        """Return the paragraph's text, lines joined by spaces."""
        return " ".join("".join(run.text for run in line) for line in self.lines)


@dataclass(frozen=True)
class TextFrame:
    """The text of one shape or table cell, and where it is shown.

    `kind` is title, body, footer (footer, slide number, date) or cell; `inner` is the room
    for text inside the insets (None when the shape has no size); `fits_itself` is True when
    the box grows with its text or does not wrap, so it cannot overflow; `backdrop` is what
    shows behind the text.
    """

    name: str
    kind: str
    paragraphs: tuple[TextParagraph, ...]
    inner: Box | None
    fits_itself: bool
    backdrop: Fill

    @property
    def text(self) -> str:
        """Return the frame's text, paragraphs joined by newlines."""
        return "\n".join(paragraph.text for paragraph in self.paragraphs)


@dataclass(frozen=True)
class TableFrame:
    """A table on a slide: its shape name, its box, whether its first row is a header, its rows' heights."""

    name: str
    box: Box
    header_row: bool
    row_heights: tuple[Length, ...]
    cells: tuple[tuple[TextFrame, ...], ...]


def shape_name(shape: etree._Element) -> str:
    """Return a shape's name as the Selection Pane shows it."""
    properties = next(shape.iter(qn("p:cNvPr")), None)
    return properties.get("name", "") if properties is not None else ""


def placeholder_of(shape: etree._Element) -> etree._Element | None:
    """Return a shape's `p:ph` element, or None when it is not a placeholder."""
    return shape.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}")


def placeholder_type(shape: etree._Element) -> str | None:
    """Return a placeholder's type ("obj" when unstated), or None for a shape that is not one."""
    ph = placeholder_of(shape)
    return None if ph is None else ph.get("type", "obj")


def box_of(transform: etree._Element | None) -> Box | None:
    """Return the box an `a:xfrm` or `p:xfrm` element describes, or None when it has no offset and size."""
    if transform is None:
        return None
    offset, extent = transform.find(qn("a:off")), transform.find(qn("a:ext"))
    if offset is None or extent is None:
        return None
    return Box(
        Emu(int(offset.get("x", "0"))),
        Emu(int(offset.get("y", "0"))),
        Emu(int(extent.get("cx", "0"))),
        Emu(int(extent.get("cy", "0"))),
    )


def emu_attribute(element: etree._Element | None, attribute: str, default: Length) -> Length:
    """Return an EMU attribute of an element, or `default`."""
    value = element.get(attribute) if element is not None else None
    return Emu(int(value)) if value is not None else default


def is_true(value: str | None) -> bool:
    """Return True for DrawingML's true values."""
    return value in ("1", "true", "on")
