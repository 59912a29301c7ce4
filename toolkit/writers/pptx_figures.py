"""Charts and diagrams on slides: where they go, how a long timeline continues, and placing them.

A figure takes the layout's picture area when the slide has text beside it (the
"two-content" layout), else the whole body area. A chart becomes a graphic frame holding a
native chart part with its workbook (`pptx_chart`); a diagram a group of shapes
(`pptx_diagram`). Both carry the figure's alt text.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from toolkit.core.diagnostics import Diagnostic, quote
from toolkit.core.i18n import is_rtl
from toolkit.render.doctree import Chart, Diagram, Figure, Origin
from toolkit.writers.pptx_chart import CHART_URI, chart_space, chart_workbook
from toolkit.writers.pptx_diagram import diagram_group, layout, timeline_pages
from toolkit.writers.pptx_fit import MIN_BODY_SIZE
from toolkit.writers.pptx_layouts import Area, LayoutSpec
from toolkit.writers.pptx_parts import DeckPackage, SlidePart
from toolkit.writers.pptx_xml import NS, RT_SLIDE_LAYOUT, RT_SLIDE_MASTER, next_shape_id, qn, shape_tree, sub
from toolkit.writers.written import warning


def figure_area(layout_spec: LayoutSpec) -> Area | None:
    """Return where a slide's figure goes: the picture area beside its text, else the body area; None without."""
    if layout_spec.picture is not None:
        return layout_spec.picture
    return layout_spec.body.area if layout_spec.body is not None else None


def figure_pages(figure: Figure, layout_spec: LayoutSpec, continued: str) -> list[Figure]:
    """Return the figure as the slides of a run show it: a long timeline split over several, anything else on one.

    A continuation's alt text names the events it shows, with `continued` ("(cont.)").
    """
    area = figure_area(layout_spec)
    if not isinstance(figure, Diagram) or area is None:
        return [figure]
    pages: list[Figure] = []
    for index, page in enumerate(timeline_pages(figure, area)):
        if index:
            listing = "; ".join(f"{item.date} {item.label}".strip() for item in page.items)
            page = replace(page, alt=f"{figure.title} {continued}: {listing}.")
        pages.append(page)
    return pages


def figure_warnings(figure: Figure, layout_spec: LayoutSpec, origin: Origin | None, template: str) -> list[Diagnostic]:
    """Return a warning when the layout has no room for the figure, or a diagram's text overflows its shapes."""
    area = figure_area(layout_spec)
    if area is None:
        message = (
            f'layout "{layout_spec.name}" has no body or picture area: the figure {quote(figure.title)} is left out'
        )
        return [warning(origin, template, message, "template.figure-missing")]
    # A timeline is judged slide by slide, as it is split; other diagrams as one.
    if isinstance(figure, Diagram) and not all(layout(page, area).fits for page in timeline_pages(figure, area)):
        message = (
            f"the text of diagram {quote(figure.title)} overflows its shapes even at {MIN_BODY_SIZE.pt:g} pt; "
            "shorten the labels, move the detail to the notes, or use fewer items"
        )
        return [warning(origin, template, message, "deck.text-overflow")]
    return []


def place_figure(
    package: DeckPackage, slide: SlidePart, figure: Figure, layout_spec: LayoutSpec, language: str
) -> None:
    """Add a chart or diagram to a slide in the layout's figure area, with its alt text."""
    area = figure_area(layout_spec)
    if area is None:
        return
    right_to_left = is_rtl(language)
    shape_id = next_shape_id(slide.root)
    text_fill = body_text_fill(package, slide)
    if isinstance(figure, Chart):
        space = chart_space(figure, MIN_BODY_SIZE, language, right_to_left, text_fill)
        rid = package.chart(slide, space, chart_workbook(figure))
        shape = _chart_frame(figure, rid, shape_id, area)
    else:
        shape = diagram_group(figure, layout(figure, area), area, shape_id, language, right_to_left, text_fill)
    tree = shape_tree(slide.root)
    extensions = tree.find(qn("p:extLst"))
    if extensions is not None:
        extensions.addprevious(shape)
    else:
        tree.append(shape)


def body_text_fill(package: DeckPackage, slide: SlidePart) -> etree._Element | None:
    """Return the `a:solidFill` the template gives a slide's body text (its layout's body placeholder, else the
    master's body style), or None when it sets none: a figure's text and lines then match the slide's text."""
    layout_rel = package.package.rels(slide.name).first(RT_SLIDE_LAYOUT)
    if layout_rel is None:
        return None
    master_rel = package.package.rels(layout_rel.target).first(RT_SLIDE_MASTER)
    level = f"{qn('a:lvl1pPr')}/{qn('a:defRPr')}/{qn('a:solidFill')}"
    places = [(layout_rel.target, f".//{qn('p:txBody')}/{qn('a:lstStyle')}/{level}")]
    if master_rel is not None:
        places.append((master_rel.target, f"{qn('p:txStyles')}/{qn('p:bodyStyle')}/{level}"))
    for part, path in places:
        for found in package.package.xml(part).iterfind(path):
            shape = next(found.iterancestors(qn("p:sp")), None)
            if shape is None or _is_body(shape):
                return found
    return None


def _is_body(shape: etree._Element) -> bool:
    """Return True for a body or content placeholder, whose text style is the slide's body text."""
    placeholder = shape.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    return placeholder is not None and placeholder.get("type", "obj") in ("body", "obj")


def _chart_frame(chart: Chart, rid: str, shape_id: int, area: Area) -> etree._Element:
    """Return the graphic frame that shows a chart part, named as PowerPoint names it, with the alt text."""
    frame = etree.Element(qn("p:graphicFrame"), nsmap=NS)
    non_visual = sub(frame, "p:nvGraphicFramePr")
    sub(non_visual, "p:cNvPr", id=str(shape_id), name=f"Chart {shape_id - 1}", descr=chart.alt, title=chart.title)
    sub(sub(non_visual, "p:cNvGraphicFramePr"), "a:graphicFrameLocks", noGrp="1")
    sub(non_visual, "p:nvPr")
    transform = sub(frame, "p:xfrm")
    sub(transform, "a:off", x=str(int(area.left)), y=str(int(area.top)))
    sub(transform, "a:ext", cx=str(int(area.width)), cy=str(int(area.height)))
    data = sub(sub(frame, "a:graphic"), "a:graphicData", uri=CHART_URI)
    reference = etree.SubElement(data, f"{{{CHART_URI}}}chart", nsmap={"c": CHART_URI})
    reference.set(qn("r:id"), rid)
    return frame
