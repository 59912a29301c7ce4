"""A slide's chart or diagram as shapes for deck.typ: rectangles, polygons, lines and text boxes, in points.

A diagram is laid out by the .pptx writer's own layout (`pptx_diagram.layout`: the same
boxes, connectors and text size), so the PDF shows what the slide shows. A chart is drawn
here from its figures: columns or bars (side by side or stacked) on a value axis with
gridlines, lines with markers, or a pie whose slices carry their names; each value is
written at its mark, and several series get a legend. The whole figure is one tagged
Figure with the chart's alt text; its shapes are its picture.
"""

from __future__ import annotations

import itertools
import math

from toolkit.render.doctree import Chart, Diagram, Figure
from toolkit.writers.pdf.tree_data import JsonData, clean
from toolkit.writers.pptx_diagram import layout
from toolkit.writers.pptx_figures import figure_area
from toolkit.writers.pptx_layouts import Area, LayoutSpec
from toolkit.writers.units import EMU_PER_PT

# The shipped deck template's accents (templates/make_deck_template.py), in the order charts use them.
ACCENTS = {
    "accent1": "#0E6B78",
    "accent2": "#3D4A50",
    "accent3": "#5E8C94",
    "accent4": "#8AA8AE",
    "accent5": "#B5C9CC",
    "accent6": "#595959",
}
SERIES_COLOURS = tuple(ACCENTS.values())
LABEL_SIZE = 14.0  # points: chart labels, as the .pptx sets chart text (the deck's smallest body size is 18)
AXIS_WIDTH = 56.0  # room left of the plot for the value axis labels
CATEGORY_HEIGHT = 30.0  # room under the plot for the category labels
LEGEND_HEIGHT = 26.0
PIE_SEGMENTS = 96  # straight pieces of a whole circle
INK = "#1F2A30"  # the deck's text colour


def _pt(length: int) -> float:
    return length / EMU_PER_PT


def figure_data(figure: Figure, layout_spec: LayoutSpec, right_to_left: bool) -> JsonData | None:
    """Return a slide's figure as shapes in the layout's figure area, with its alt text; None when there is no area."""
    area = figure_area(layout_spec)
    if area is None:
        return None
    box = {"left": _pt(area.left), "top": _pt(area.top), "width": _pt(area.width), "height": _pt(area.height)}
    shapes = _diagram(figure, area, right_to_left) if isinstance(figure, Diagram) else _chart(figure, box)
    return {**box, "alt": clean(figure.alt) or clean(figure.title), "shapes": shapes}


# --- diagrams: the .pptx layout -------------------------------------------------------------------


def _diagram(diagram: Diagram, area: Area, right_to_left: bool) -> list[JsonData]:
    """Return the diagram's connectors, then its boxes with their text, mirrored in a right-to-left language."""
    drawing = layout(diagram, area)
    right = area.left + area.left + area.width

    def x(value: int, width: int = 0) -> float:
        return _pt(right - value - width if right_to_left else value) - _pt(area.left)

    shapes: list[JsonData] = []
    for line in drawing.connectors:
        x1, y1, x2, y2 = x(line.x1), _pt(line.y1 - area.top), x(line.x2), _pt(line.y2 - area.top)
        shapes.append(_line(x1, y1, x2, y2, INK, 2.25))
        if line.arrow:
            shapes.append(_arrowhead(x1, y1, x2, y2))
    for box in drawing.boxes:
        colour = ACCENTS.get(box.fill or "")
        shapes.append(
            {
                "type": "box",
                "ellipse": box.preset == "ellipse",
                "x": x(box.area.left, box.area.width),
                "y": _pt(box.area.top - area.top),
                "w": _pt(box.area.width),
                "h": _pt(box.area.height),
                "fill": colour,
                "tint": box.preset != "ellipse",  # a light tint of the accent, dark text on it
                "lines": [{"text": clean(text), "bold": bold} for text, bold in box.texts],
                "size": drawing.size.pt,
                "anchor": {"t": "top", "b": "bottom"}.get(box.anchor, "horizon"),
            }
        )
    return shapes


# --- charts: drawn from their figures ---------------------------------------------------------------


def _chart(chart: Chart, area: dict[str, float]) -> list[JsonData]:
    """Return a chart's shapes inside an area of `area`'s size (positions relative to its top left corner)."""
    width, height = area["width"], area["height"]
    legend = len(chart.series) > 1 and chart.kind != "pie"
    plot_height = height - (LEGEND_HEIGHT if legend else 0)
    if chart.kind == "pie":
        shapes = _pie(chart, width, plot_height)
    elif chart.kind == "line":
        shapes = _lines(chart, width, plot_height)
    else:
        shapes = _bars(chart, width, plot_height, horizontal=chart.kind.startswith("bar"))
    if legend:
        shapes += _legend(chart, width, height)
    return shapes


def _number(value: float, unit: str) -> str:
    """Return a value as a label: 17, 2.5, with "%" when the unit is a percentage."""
    text = f"{value:g}"
    return f"{text}%" if unit.strip() == "%" else text


def _nice_top(value: float) -> float:
    """Return a round number at or above `value` for the top of a value axis: 1, 2, 2.5, 5 or 10 times a power of 10."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _arrowhead(x1: float, y1: float, x2: float, y2: float, size: float = 9.0) -> JsonData:
    """Return a triangle at the end (x2, y2) of a line, pointing the way the line goes."""
    angle = math.atan2(y2 - y1, x2 - x1)
    points = [
        (x2, y2),
        (x2 - size * math.cos(angle - 0.45), y2 - size * math.sin(angle - 0.45)),
        (x2 - size * math.cos(angle + 0.45), y2 - size * math.sin(angle + 0.45)),
    ]
    return {"type": "polygon", "points": [[px, py] for px, py in points], "fill": INK}


def _label(x: float, y: float, w: float, h: float, text: str, align: str = "center", bold: bool = False) -> JsonData:
    return {"type": "label", "x": x, "y": y, "w": w, "h": h, "text": clean(text), "align": align, "bold": bold}


def _rect(x: float, y: float, w: float, h: float, colour: str) -> JsonData:
    return {"type": "rect", "x": x, "y": y, "w": max(w, 0.0), "h": max(h, 0.0), "fill": colour}


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float) -> JsonData:
    return {"type": "line", "x1": x1, "y1": y1, "x2": x2, "y2": y2, "arrow": False, "colour": colour, "width": width}


def _bars(chart: Chart, width: float, height: float, horizontal: bool) -> list[JsonData]:
    """Return columns (or horizontal bars), side by side or stacked, with a value axis, gridlines and value labels."""
    stacked = chart.kind.endswith("-stacked")
    count = len(chart.categories)
    totals = [sum(series.values[i] for series in chart.series) for i in range(count)]
    top = _nice_top(max(totals if stacked else [v for series in chart.series for v in series.values] or [1.0]))
    category_room = min(width * 0.3, 160.0) if horizontal else CATEGORY_HEIGHT
    left = category_room if horizontal else AXIS_WIDTH
    bottom = CATEGORY_HEIGHT if horizontal else category_room
    plot_w, plot_h = width - left - (48 if horizontal else 8), height - bottom - 8  # room for a bar's value
    shapes = _value_axis(top, left, plot_w, plot_h, horizontal, chart.unit)
    group = (plot_h if horizontal else plot_w) / max(count, 1)
    bars_per_group = 1 if stacked else len(chart.series)
    thickness = group * 0.7 / max(bars_per_group, 1)
    for index, category in enumerate(chart.categories):
        start = index * group + group * 0.15
        base = 0.0
        for number, series in enumerate(chart.series):
            value = series.values[index] if index < len(series.values) else 0.0
            length = (plot_w if horizontal else plot_h) * value / top
            offset = start + (0 if stacked else number * thickness)
            colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
            if horizontal:
                x, y, w, h = left + base, 8 + offset, length, thickness
                label = _label(x + w + 2, y, 60, h, _number(value, chart.unit), "left")
                if stacked:
                    label = _label(x, y, w, h, _number(value, chart.unit), "center")
            else:
                x, y, w, h = left + offset, 8 + plot_h - base - length, thickness, length
                label = _label(x - 10, y - 18, w + 20, 16, _number(value, chart.unit))
                if stacked:
                    label = _label(x, y, w, h, _number(value, chart.unit))
            shapes.append(_rect(x, y, w, h, colour))
            shapes.append({**label, "on_fill": stacked and number < 3})
            base += length if stacked else 0.0
        if horizontal:
            shapes.append(_label(0, 8 + index * group, left - 6, group, category, "right"))
        else:
            shapes.append(_label(left + index * group, 8 + plot_h + 4, group, bottom - 4, category))
    return shapes


def _value_axis(top: float, left: float, plot_w: float, plot_h: float, horizontal: bool, unit: str) -> list[JsonData]:
    """Return the value axis: five gridlines with their values, and the axis line itself."""
    shapes: list[JsonData] = []
    for step in range(6):
        value = top * step / 5
        if horizontal:
            x = left + plot_w * step / 5
            shapes.append(_line(x, 8, x, 8 + plot_h, "#D0D7DA", 0.75))
            shapes.append(_label(x - 30, 8 + plot_h + 4, 60, 20, _number(value, unit)))
        else:
            y = 8 + plot_h - plot_h * step / 5
            shapes.append(_line(left, y, left + plot_w, y, "#D0D7DA", 0.75))
            shapes.append(_label(0, y - 10, left - 6, 20, _number(value, unit), "right"))
    if horizontal:
        shapes.append(_line(left, 8, left, 8 + plot_h, "#595959", 1.0))
    else:
        shapes.append(_line(left, 8 + plot_h, left + plot_w, 8 + plot_h, "#595959", 1.0))
    return shapes


def _lines(chart: Chart, width: float, height: float) -> list[JsonData]:
    """Return a line for each series across the categories, with a marker and the value at each point."""
    top = _nice_top(max([v for series in chart.series for v in series.values] or [1.0]))
    plot_w, plot_h = width - AXIS_WIDTH - 8, height - CATEGORY_HEIGHT - 8
    shapes = _value_axis(top, AXIS_WIDTH, plot_w, plot_h, False, chart.unit)
    step = plot_w / max(len(chart.categories), 1)
    for index, category in enumerate(chart.categories):
        shapes.append(_label(AXIS_WIDTH + index * step, 8 + plot_h + 4, step, CATEGORY_HEIGHT - 4, category))
    for number, series in enumerate(chart.series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        points = [
            (AXIS_WIDTH + step * (index + 0.5), 8 + plot_h - plot_h * value / top)
            for index, value in enumerate(series.values)
        ]
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            shapes.append(_line(x1, y1, x2, y2, colour, 2.25))
        for (x, y), value in zip(points, series.values):
            shapes.append({"type": "dot", "x": x, "y": y, "r": 4.0, "fill": colour})
            shapes.append(_label(x - 30, y - 22, 60, 16, _number(value, chart.unit)))
    return shapes


def _pie(chart: Chart, width: float, height: float) -> list[JsonData]:
    """Return a pie of the first series, clockwise from twelve o'clock, each slice named with its value beside it."""
    values = list(chart.series[0].values) if chart.series else []
    total = sum(values) or 1.0
    radius = min(width * 0.28, height * 0.4)
    cx, cy = width / 2, height / 2
    shapes: list[JsonData] = []
    angle = -math.pi / 2
    for index, (category, value) in enumerate(zip(chart.categories, values)):
        sweep = 2 * math.pi * value / total
        steps = max(2, math.ceil(PIE_SEGMENTS * sweep / (2 * math.pi)))
        points = [(cx, cy)] + [
            (cx + radius * math.cos(angle + sweep * k / steps), cy + radius * math.sin(angle + sweep * k / steps))
            for k in range(steps + 1)
        ]
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        shapes.append({"type": "polygon", "points": [[x, y] for x, y in points], "fill": colour})
        middle = angle + sweep / 2
        lx, ly = cx + radius * 1.12 * math.cos(middle), cy + radius * 1.12 * math.sin(middle)
        align = "left" if math.cos(middle) >= 0 else "right"
        x = lx if align == "left" else lx - 170
        shapes.append(_label(x, ly - 18, 170, 36, f"{category}\n{_number(value, chart.unit)}", align))
        angle += sweep
    return shapes


def _legend(chart: Chart, width: float, height: float) -> list[JsonData]:
    """Return the legend under the plot: a swatch and the name of each series, centred in one row."""
    shapes: list[JsonData] = []
    slot = width / max(len(chart.series), 1)
    for number, series in enumerate(chart.series):
        x = number * slot
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        shapes.append(_rect(x + 8, height - LEGEND_HEIGHT + 7, 12, 12, colour))
        shapes.append(_label(x + 24, height - LEGEND_HEIGHT + 2, slot - 28, 22, series.name, "left"))
    return shapes
