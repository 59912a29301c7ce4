"""The deck plan (the slides exactly as the .pptx writer fits them) as plain data for deck.typ.

The PDF deck is drawn from `pptx.plan_deck`, the plan the .pptx is written from: the same
boxes of the same template, the same font sizes, the same split into continuation slides;
only the drawing differs. Lengths are given in points.
"""

from __future__ import annotations

from toolkit.core.i18n import is_rtl
from toolkit.render.doctree import Deck, Picture, Span, plain_text
from toolkit.writers.pdf.figure_data import figure_data
from toolkit.writers.pdf.pictures import add_picture
from toolkit.writers.pdf.tree_data import JsonData, block_data, clean, inline_data, metadata_data
from toolkit.writers.pptx import CAPTION_GAP, CAPTION_LINES, CAPTION_SIZE, PlannedSlide, notes_lines
from toolkit.writers.pptx_fit import Unit, indent, line_pitch, measure_lines, space_before
from toolkit.writers.pptx_layouts import Area, TemplateSpec, TextArea
from toolkit.writers.pptx_xml import qn
from toolkit.writers.units import Emu, Inches, Length

NUMBER_WIDTH = Inches(1.5)  # the slide-number box of the shipped template, at the right margin
# The accent rule under a title, as the shipped template draws it: (gap below the title box, width, height).
RULES = {"title": (Inches(0.17), Inches(1.2), Inches(0.08)), "section": (Inches(0.17), Inches(1.2), Inches(0.08))}
CONTENT_RULE = (Inches(0.07), Inches(1.0), Inches(0.06))


def slide_size(spec: TemplateSpec) -> tuple[Length, Length]:
    """Return the template's slide width and height (16:9, 13.333 × 7.5 in, when it does not say)."""
    size = spec.parts.package.xml(spec.parts.presentation).find(qn("p:sldSz"))
    if size is None:
        return Inches(13.333), Inches(7.5)
    return Emu(int(size.get("cx", "12192000"))), Emu(int(size.get("cy", "6858000")))


def deck_data(
    deck: Deck, plan: list[PlannedSlide], spec: TemplateSpec, mode: str, paper: str
) -> tuple[JsonData, dict[str, bytes]]:
    """Return the data deck.typ draws `plan` from in `mode` (slides, notes or handout), and the pictures it names."""
    width, height = slide_size(spec)
    pictures: dict[str, bytes] = {}
    rtl = is_rtl(deck.metadata.language)
    slides = [_slide(planned, number, width, pictures, rtl) for number, planned in enumerate(plan, start=1)]
    for slide, blocks in zip(slides, notes_blocks(deck, plan)):
        slide["notes-blocks"] = blocks
    data: JsonData = {
        **metadata_data(deck.metadata),
        "mode": mode,
        "paper": paper,
        "rtl": rtl,
        "footer": clean(deck.footer),
        "slide": {"width": width.pt, "height": height.pt},
        "slides": slides,
    }
    return data, pictures


def _slide(
    planned: PlannedSlide, number: int, slide_width: Length, pictures: dict[str, bytes], right_to_left: bool
) -> JsonData:
    """Return one planned slide: its boxes, title, body items, picture, footer and notes."""
    layout = planned.layout
    title = layout.title
    title_data = None
    if title is not None:
        title_data = {**_text_box(title), "size": (planned.title_size or title.size).pt, "bold": title.bold}
    body = None
    if planned.body is not None and layout.body is not None:
        size = planned.body.size
        body = {**_text_box(layout.body), "size": size.pt, "space": space_before(size).pt, "items": _items(planned)}
    footer = None
    if layout.logical != "title" and layout.footer is not None:
        box = layout.footer
        number_area = Area(Emu(slide_width - box.area.left - NUMBER_WIDTH), box.area.top, NUMBER_WIDTH, box.area.height)
        # The module title as the .pptx shows it in this footer: shortened to one line when it must be.
        footer = {**_area(box.area), "size": box.size.pt, "number": _area(number_area), "text": clean(planned.footer)}
    figure = None
    if planned.figure is not None:
        figure = figure_data(planned.figure, layout, right_to_left)
    picture = None
    if planned.picture is not None and layout.picture is not None:
        picture = _picture(planned.picture, layout.picture, pictures)
    return {
        "number": number,
        "layout": layout.logical,
        "title": title_data,
        "title-spans": inline_data(planned.title) if plain_text(planned.title).strip() else [],
        "rule": _rule(layout.logical, title) if title is not None else None,
        "body": body,
        "picture": picture,
        "figure": figure,
        "footer": footer,
        "notes": [clean(line) for line in planned.notes],
    }


def notes_blocks(deck: Deck, plan: list[PlannedSlide]) -> list[list[JsonData] | None]:
    """Return, for each planned slide, the speaker notes of the slide it shows as blocks (lists, bold headings,
    tables), or None where the plan's plain lines are shown: a continuation slide, or a plan not matched.

    The plan keeps the notes as lines; the notes pages show them with their structure. Each
    slide of the deck starts a run of planned slides whose first carries its notes' lines.
    """
    found: list[list[JsonData] | None] = [None] * len(plan)
    index = 0
    for slide in deck.slides:
        lines = notes_lines(slide.notes)
        while index < len(plan) and plan[index].notes != lines:
            index += 1
        if index == len(plan):
            return [None] * len(plan)  # not as expected: every page shows the plan's lines
        found[index] = [block_data(block) for block in slide.notes] if slide.notes else None
        index += 1
    return found


def _area(area: Area) -> JsonData:
    """Return a rectangle in points."""
    return {"left": area.left.pt, "top": area.top.pt, "width": area.width.pt, "height": area.height.pt}


def _text_box(box: TextArea) -> JsonData:
    """Return a text box: its rectangle and its insets (left, top, right, bottom) in points."""
    outer, inner = box.area, box.inner
    insets = (
        inner.left - outer.left,
        inner.top - outer.top,
        outer.left + outer.width - inner.left - inner.width,
        outer.top + outer.height - inner.top - inner.height,
    )
    return {**_area(outer), "inset": [Length(max(0, value)).pt for value in insets]}


def _rule(logical: str, title: TextArea) -> JsonData:
    """Return the accent rule under a title, where the shipped template draws it."""
    gap, width, height = RULES.get(logical, CONTENT_RULE)
    left = Emu(title.inner.left)
    return _area(Area(left, Emu(title.area.top + title.area.height + gap), width, height))


def _items(planned: PlannedSlide) -> list[JsonData]:
    """Return the body's units as items: runs of bullets or numbers as one list each, paragraphs, tables."""
    assert planned.body is not None
    items: list[JsonData] = []
    for unit in planned.body.units:
        if unit.table is not None:
            table = unit.table
            items.append(
                {
                    "type": "table",
                    "header": [inline_data(cell) for cell in table.header],
                    "rows": [[inline_data(cell) for cell in row] for row in table.rows],
                }
            )
        elif _listed(unit):
            ordered = unit.kind == "number"
            previous = items[-1] if items else None
            if previous and previous["type"] == "list" and previous["ordered"] == ordered:
                previous["items"].append(inline_data(unit.spans))  # type: ignore[attr-defined]
            else:
                items.append(
                    {
                        "type": "list",
                        "ordered": ordered,
                        "start": max(1, unit.number),
                        "indent": indent(unit).pt,
                        "space": space_before(planned.body.size).pt,
                        "items": [inline_data(unit.spans)],
                    }
                )
        else:
            bold = unit.kind == "heading"
            spans = inline_data(unit.spans)
            items.append({"type": "paragraph", "indent": indent(unit).pt, "bold": bold, "spans": spans})
    return items


def _listed(unit: Unit) -> bool:
    """Return True for a unit that shows a bullet or a number (the rest of a split item shows neither)."""
    return unit.kind in ("bullet", "number") and not unit.continued


def _picture(picture: Picture, area: Area, pictures: dict[str, bytes]) -> JsonData:
    """Return a picture as large as fits in `area` keeping its shape, centred across it and set at its top, with
    its caption under it across the area, as the .pptx places them."""
    name, (pixel_width, pixel_height) = add_picture(picture, pictures)
    caption_height = Emu(0)
    if picture.caption:
        lines = min(measure_lines((Span(picture.caption),), CAPTION_SIZE, area.width), CAPTION_LINES)
        caption_height = Emu(line_pitch(CAPTION_SIZE) * lines + CAPTION_GAP)
    scale = min(area.width / pixel_width, (area.height - caption_height) / pixel_height)
    width, height = Emu(round(pixel_width * scale)), Emu(round(pixel_height * scale))
    left = Emu(area.left + (area.width - width) // 2)
    caption = None
    if picture.caption:
        below = Area(area.left, Emu(area.top + height + CAPTION_GAP), area.width, Emu(caption_height - CAPTION_GAP))
        caption = {**_area(below), "text": clean(picture.caption), "size": CAPTION_SIZE.pt}
    return {**_area(Area(left, area.top, width, height)), "file": name, "alt": clean(picture.alt), "caption": caption}
