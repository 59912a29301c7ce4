"""A diagram of the document tree as native shapes and connectors in one group, text fitted like body text.

Each kind has its own simple layout inside the area the slide gives it: a timeline is a
line with a marker, a date above and a label below for each event; a process is boxes in
a row joined by arrows; a cycle is boxes round a ring joined by arrows; a matrix is four
quadrants; a comparison is columns, each a heading over its text. The layout is drawn left
to right and mirrored as a whole in a right-to-left language. All text is set in one size,
the largest from `DIAGRAM_LARGEST` down to the deck's minimum body size at which every box
holds its text (measured as slide body text is); a timeline puts on one slide only as
many events as fit at that minimum, and continues on the next. Colours are the theme's:
light tints of the accents with text in the theme's text colour, so contrast holds in a
branded template.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from lxml import etree

from toolkit.render.doctree import Diagram, DiagramItem, Span
from toolkit.writers.pptx_fit import MIN_BODY_SIZE, font_sizes, line_pitch, measure_lines
from toolkit.writers.pptx_layouts import Area
from toolkit.writers.pptx_xml import NS, qn, sub
from toolkit.writers.units import Emu, Inches, Length, Pt

DIAGRAM_LARGEST = Pt(24)
INSET = Inches(0.08)
GAP = Inches(0.2)
ARROW_GAP = Inches(0.5)
MARKER = Inches(0.28)
TIMELINE_MOST = 6  # events on one slide of a full-width timeline, at most
TIMELINE_SLOT = Inches(1.9)  # the narrowest column an event gets: a date and a two-word label at 18 pt
LINE_WIDTH = "28575"  # 2.25 pt
ACCENTS = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
Mirror = Callable[[int, int], int]  # a horizontal position and a width → the position drawn


@dataclass(frozen=True)
class TextBox:
    """A shape of the diagram: its preset geometry, place, lines of text (text, bold) and fill (None: no fill)."""

    preset: str
    area: Area
    texts: tuple[tuple[str, bool], ...]
    fill: str | None = "accent1"
    anchor: str = "ctr"


@dataclass(frozen=True)
class Connector:
    """A straight line from (x1, y1) to (x2, y2); `arrow` puts an arrowhead at its end."""

    x1: int
    y1: int
    x2: int
    y2: int
    arrow: bool = True


@dataclass(frozen=True)
class Drawing:
    """A diagram laid out: its boxes and connectors, the text size that fits, and whether it fits at all."""

    boxes: tuple[TextBox, ...]
    connectors: tuple[Connector, ...]
    size: Length
    fits: bool


def _texts(item: DiagramItem) -> tuple[tuple[str, bool], ...]:
    """Return an item's lines as a shape shows them: its label in bold, then its sentence."""
    return ((item.label, True),) + (((item.text, False),) if item.text else ())


def layout(diagram: Diagram, area: Area) -> Drawing:
    """Return the diagram's shapes laid out in `area` (left to right) in the largest text size at which they fit."""
    shapes, lines = _SHAPES[diagram.kind](diagram.items, area)
    boxes, connectors = tuple(shapes), tuple(lines)
    for size in font_sizes(DIAGRAM_LARGEST, MIN_BODY_SIZE):
        if all(_fits(box, size) for box in boxes):
            return Drawing(boxes, connectors, size, True)
    return Drawing(boxes, connectors, MIN_BODY_SIZE, False)


def _fits(box: TextBox, size: Length) -> bool:
    """Return True when a box's text fits inside it at `size`, measured as body text is."""
    width = Emu(box.area.width - 2 * INSET)
    height = box.area.height - 2 * INSET
    if box.preset == "ellipse" or width <= 0:
        return not box.texts
    lines = sum(measure_lines((Span(text, bold=bold),), size, width) for text, bold in box.texts)
    return lines * line_pitch(size) <= height


def timeline_pages(diagram: Diagram, area: Area) -> list[Diagram]:
    """Return a timeline split into as few slides as hold every event at the minimum text size (others: itself)."""
    if diagram.kind != "timeline":
        return [diagram]
    most = max(2, min(TIMELINE_MOST, int(area.width // TIMELINE_SLOT)))
    items = diagram.items
    for per_slide in range(min(most, len(items)), 1, -1):
        pages = math.ceil(len(items) / per_slide)
        size = math.ceil(len(items) / pages)  # spread evenly: 7 events are 4 and 3, not 6 and 1
        chunks = [items[start : start + size] for start in range(0, len(items), size)]
        if all(layout(replace(diagram, items=chunk), area).fits for chunk in chunks):
            return [replace(diagram, items=chunk) for chunk in chunks]
    return [replace(diagram, items=items[start : start + 2]) for start in range(0, len(items), 2)]


def _timeline(items: tuple[DiagramItem, ...], area: Area) -> tuple[list[TextBox], list[Connector]]:
    """A line across the area, and for each event a marker on it, its date above and its label below."""
    line_y = area.top + int(area.height * 0.32)
    slot = area.width // len(items)
    boxes: list[TextBox] = []
    for index, item in enumerate(items):
        centre = area.left + slot * index + slot // 2
        left, width = centre - slot // 2 + GAP // 4, slot - GAP // 2
        date_area = Area(Emu(left), Emu(area.top), Emu(width), Emu(line_y - MARKER - area.top))
        boxes.append(TextBox("rect", date_area, ((item.date, True),), fill=None, anchor="b"))
        marker = Area(Emu(centre - MARKER // 2), Emu(line_y - MARKER // 2), MARKER, MARKER)
        boxes.append(TextBox("ellipse", marker, (), fill="accent1"))
        label_top = line_y + MARKER
        label_area = Area(Emu(left), Emu(label_top), Emu(width), Emu(area.top + area.height - label_top))
        boxes.append(TextBox("rect", label_area, _texts(item), fill=None, anchor="t"))
    line = Connector(area.left, line_y, area.left + area.width, line_y, arrow=True)
    # The line goes under the markers: draw it first.
    return boxes, [line]


def _process(items: tuple[DiagramItem, ...], area: Area) -> tuple[list[TextBox], list[Connector]]:
    """Boxes in a row, each joined to the next by an arrow."""
    count = len(items)
    width = (area.width - ARROW_GAP * (count - 1)) // count
    height = min(area.height, max(Inches(1.6), area.height * 2 // 3))
    top = area.top + (area.height - height) // 2
    boxes, connectors = [], []
    for index, item in enumerate(items):
        left = area.left + index * (width + ARROW_GAP)
        boxes.append(TextBox("roundRect", Area(Emu(left), Emu(top), Emu(width), Emu(height)), _texts(item)))
        if index:
            middle = top + height // 2
            connectors.append(Connector(left - ARROW_GAP + GAP // 4, middle, left - GAP // 4, middle))
    return boxes, connectors


def _cycle(items: tuple[DiagramItem, ...], area: Area) -> tuple[list[TextBox], list[Connector]]:
    """Boxes round a ring from the top, clockwise, each joined to the next by an arrow, the last to the first."""
    count = len(items)
    width = min(Inches(3.2), area.width * 3 // 10)
    height = min(Inches(1.5), area.height * 3 // 10)
    centre_x, centre_y = area.left + area.width / 2, area.top + area.height / 2
    radius_x, radius_y = (area.width - width) / 2, (area.height - height) / 2
    centres = [
        (
            centre_x + radius_x * math.cos(-math.pi / 2 + 2 * math.pi * index / count),
            centre_y + radius_y * math.sin(-math.pi / 2 + 2 * math.pi * index / count),
        )
        for index in range(count)
    ]
    boxes = [
        TextBox("roundRect", Area(Emu(x - width / 2), Emu(y - height / 2), Emu(width), Emu(height)), _texts(item))
        for (x, y), item in zip(centres, items)
    ]
    connectors = []
    for index, (x1, y1) in enumerate(centres):
        x2, y2 = centres[(index + 1) % count]
        dx, dy = x2 - x1, y2 - y1
        # Leave each box where the line crosses its edge, plus a small gap.
        exit_at = min(width / 2 / abs(dx) if dx else math.inf, height / 2 / abs(dy) if dy else math.inf)
        margin = GAP / 2 / math.hypot(dx, dy)
        start, end = exit_at + margin, 1 - exit_at - margin
        if end > start:
            connectors.append(
                Connector(int(x1 + dx * start), int(y1 + dy * start), int(x1 + dx * end), int(y1 + dy * end))
            )
    return boxes, connectors


def _matrix(items: tuple[DiagramItem, ...], area: Area) -> tuple[list[TextBox], list[Connector]]:
    """Four quadrants, in reading order, each tinted with its own accent."""
    width, height = (area.width - GAP) // 2, (area.height - GAP) // 2
    boxes = []
    for index, item in enumerate(items[:4]):
        row, column = divmod(index, 2)
        place = Area(
            Emu(area.left + column * (width + GAP)), Emu(area.top + row * (height + GAP)), Emu(width), Emu(height)
        )
        boxes.append(TextBox("rect", place, _texts(item), fill=ACCENTS[index]))
    return boxes, []


def _comparison(items: tuple[DiagramItem, ...], area: Area) -> tuple[list[TextBox], list[Connector]]:
    """Columns side by side: a tinted heading over the column's text."""
    count = len(items)
    width = (area.width - GAP * (count - 1)) // count
    head = min(Inches(1.1), area.height // 4)
    boxes = []
    for index, item in enumerate(items):
        left = area.left + index * (width + GAP)
        boxes.append(
            TextBox(
                "rect", Area(Emu(left), Emu(area.top), Emu(width), Emu(head)), ((item.label, True),), ACCENTS[index]
            )
        )
        if item.text:
            body = Area(Emu(left), Emu(area.top + head + GAP // 2), Emu(width), Emu(area.height - head - GAP // 2))
            boxes.append(TextBox("rect", body, ((item.text, False),), fill=None, anchor="t"))
    return boxes, []


_SHAPES = {
    "timeline": _timeline,
    "process": _process,
    "cycle": _cycle,
    "matrix": _matrix,
    "comparison": _comparison,
}


# --- XML -----------------------------------------------------------------------------------------


def diagram_group(
    diagram: Diagram,
    drawing: Drawing,
    area: Area,
    first_id: int,
    language: str,
    right_to_left: bool,
    text_fill: etree._Element | None = None,
) -> etree._Element:
    """Return the diagram as one `p:grpSp` of shapes and connectors, its alt text on the group; ids from `first_id`.

    `text_fill` (an `a:solidFill`) colours the lines and the text set on the slide's background, as
    the template colours body text; text on the tinted shapes is the theme's dark colour.
    """
    fill = text_fill if text_fill is not None else _scheme_fill("tx1")
    group = etree.Element(qn("p:grpSp"), nsmap=NS)
    non_visual = sub(group, "p:nvGrpSpPr")
    sub(non_visual, "p:cNvPr", id=str(first_id), name=f"Diagram {first_id - 1}", descr=diagram.alt, title=diagram.title)
    sub(non_visual, "p:cNvGrpSpPr")
    sub(non_visual, "p:nvPr")
    transform = sub(sub(group, "p:grpSpPr"), "a:xfrm")
    for name in ("a:off", "a:chOff"):
        sub(transform, name, x=str(int(area.left)), y=str(int(area.top)))
    for name in ("a:ext", "a:chExt"):
        sub(transform, name, cx=str(int(area.width)), cy=str(int(area.height)))
    mirror: Mirror = _mirror(area) if right_to_left else (lambda x, width: x)
    shape_id = first_id + 1
    for connector in drawing.connectors:
        group.append(_connector(connector, shape_id, mirror, fill))
        shape_id += 1
    for box in drawing.boxes:
        text = fill if box.fill is None or box.preset == "ellipse" else _scheme_fill("dk1")
        group.append(_shape(box, shape_id, drawing.size, language, right_to_left, mirror, text))
        shape_id += 1
    return group


def _scheme_fill(slot: str) -> etree._Element:
    """Return an `a:solidFill` of a theme colour slot ("tx1", "dk1")."""
    fill = etree.Element(qn("a:solidFill"), nsmap=NS)
    sub(fill, "a:schemeClr", val=slot)
    return fill


def _mirror(area: Area) -> Mirror:
    """Return the function that mirrors a horizontal position (of a thing `width` wide) across the area."""
    right = area.left + area.left + area.width
    return lambda x, width: right - x - width


def _shape(
    box: TextBox,
    shape_id: int,
    size: Length,
    language: str,
    right_to_left: bool,
    mirror: Mirror,
    text_fill: etree._Element,
) -> etree._Element:
    """Return one shape of the diagram with its text, each line a centred paragraph in the theme's text colour."""
    shape = etree.Element(qn("p:sp"), nsmap=NS)
    non_visual = sub(shape, "p:nvSpPr")
    name = "Oval" if box.preset == "ellipse" else ("Rectangle" if box.fill is None else "Shape")
    sub(non_visual, "p:cNvPr", id=str(shape_id), name=f"{name} {shape_id - 1}")
    sub(non_visual, "p:cNvSpPr")
    sub(non_visual, "p:nvPr")
    properties = sub(shape, "p:spPr")
    transform = sub(properties, "a:xfrm")
    sub(transform, "a:off", x=str(int(mirror(box.area.left, box.area.width))), y=str(int(box.area.top)))
    sub(transform, "a:ext", cx=str(int(box.area.width)), cy=str(int(box.area.height)))
    sub(sub(properties, "a:prstGeom", prst=box.preset), "a:avLst")
    if box.fill is None:
        sub(properties, "a:noFill")
        sub(sub(properties, "a:ln"), "a:noFill")
    elif box.preset == "ellipse":
        sub(sub(properties, "a:solidFill"), "a:schemeClr", val=box.fill)
        sub(sub(properties, "a:ln"), "a:noFill")
    else:
        colour = sub(sub(properties, "a:solidFill"), "a:schemeClr", val=box.fill)
        sub(colour, "a:lumMod", val="20000")  # a light tint of the accent: dark text on it keeps its contrast
        sub(colour, "a:lumOff", val="80000")
        line = sub(properties, "a:ln", w="19050")
        sub(sub(line, "a:solidFill"), "a:schemeClr", val=box.fill)
    body = sub(shape, "p:txBody")
    inset = str(int(INSET))
    sub(body, "a:bodyPr", wrap="square", lIns=inset, tIns=inset, rIns=inset, bIns=inset, anchor=box.anchor, rtlCol="0")
    sub(body, "a:lstStyle")
    for text, bold in box.texts or (("", False),):
        paragraph = sub(body, "a:p")
        paragraph_properties = sub(paragraph, "a:pPr", algn="ctr")
        if right_to_left:
            paragraph_properties.set("rtl", "1")
        if not text:
            sub(paragraph, "a:endParaRPr", lang=language, sz=str(int(size / 127)))
            continue
        run = sub(paragraph, "a:r")
        run_properties = sub(run, "a:rPr", lang=language, sz=str(int(size / 127)))
        if bold:
            run_properties.set("b", "1")
        run_properties.append(copy.deepcopy(text_fill))
        sub(run, "a:t").text = text
    return shape


def _connector(connector: Connector, shape_id: int, mirror: Mirror, fill: etree._Element) -> etree._Element:
    """Return a straight connector (flipped as its direction needs) with an arrowhead at its end."""
    x1, x2 = mirror(connector.x1, 0), mirror(connector.x2, 0)
    y1, y2 = connector.y1, connector.y2
    shape = etree.Element(qn("p:cxnSp"), nsmap=NS)
    non_visual = sub(shape, "p:nvCxnSpPr")
    sub(non_visual, "p:cNvPr", id=str(shape_id), name=f"Straight Arrow Connector {shape_id - 1}")
    sub(non_visual, "p:cNvCxnSpPr")
    sub(non_visual, "p:nvPr")
    properties = sub(shape, "p:spPr")
    transform = sub(properties, "a:xfrm")
    if x2 < x1:
        transform.set("flipH", "1")
    if y2 < y1:
        transform.set("flipV", "1")
    sub(transform, "a:off", x=str(int(min(x1, x2))), y=str(int(min(y1, y2))))
    sub(transform, "a:ext", cx=str(int(abs(x2 - x1))), cy=str(int(abs(y2 - y1))))
    sub(sub(properties, "a:prstGeom", prst="straightConnector1"), "a:avLst")
    line = sub(properties, "a:ln", w=LINE_WIDTH)
    line.append(copy.deepcopy(fill))
    if connector.arrow:
        sub(line, "a:tailEnd", type="triangle", w="med", len="med")
    return shape
