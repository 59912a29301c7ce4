"""Boxes as framed paragraphs, and answer areas: structure a screen reader does not call a table.

A box (question, note, example, safeguarding, content note) used to be a one-cell table,
which screen readers announce as "table, one row, one column" and PDFs tag as a table
without a header. Here every paragraph of a box carries the same paragraph borders,
shading and indents, so Word and LibreOffice draw them as one framed group. The look — the
bar, the tint, the padding — is read from the box's table style in the reference document
(ours, or an organisation's, or ours supplied into it), so a brand's boxes keep their colours.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from toolkit.writers.docx_xml import insert_in_order, qn
from toolkit.writers.units import Length, Pt

W_VAL = qn("w:val")
SIDES = ("top", "left", "bottom", "right")
# Children of w:pPr that the schema places after each element set here.
AFTER_KEEP_NEXT = (
    "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr", "w:suppressLineNumbers",
    "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
AFTER_KEEP_LINES = AFTER_KEEP_NEXT[1:]
AFTER_BORDERS = AFTER_KEEP_NEXT[AFTER_KEEP_NEXT.index("w:pBdr") + 1 :]
AFTER_SHADING = AFTER_KEEP_NEXT[AFTER_KEEP_NEXT.index("w:shd") + 1 :]
AFTER_TABS = AFTER_KEEP_NEXT[AFTER_KEEP_NEXT.index("w:tabs") + 1 :]
AFTER_SPACING = AFTER_KEEP_NEXT[AFTER_KEEP_NEXT.index("w:spacing") + 1 :]
AFTER_INDENT = AFTER_KEEP_NEXT[AFTER_KEEP_NEXT.index("w:ind") + 1 :]

PADDING = Pt(6)  # between the frame's edge and its text, above, below and at the far side
INNER_PADDING = Pt(3)  # above and below a paragraph inside a box: two of them make the space between
BOX_GAP = Pt(10)  # white space after a box, setting it off from what follows
BAR_PADDING = Pt(9)  # between the bar and the text
HANGING = Pt(14)  # a list item's marker hangs this far left of the box's text, inside the padding
ANSWER_LINE = Pt(26)  # the height of a line to write on by hand, as the reference's "Write Line"
MAX_BORDER_SPACE = 31  # points: the largest padding Word allows between a border and its text


@dataclass(frozen=True, eq=False)  # compared and hashed as itself: a key of the cache of frames below
class FrameLook:
    """A box's look as its table style gives it: the tint of its cell and the border of each side (or None)."""

    fill: str | None
    borders: dict[str, dict[str, str]]

    @property
    def edge_colour(self) -> str:
        """Return the colour for invisible padding borders: the tint, else white."""
        return self.fill or "FFFFFF"


@lru_cache(maxsize=64)
def frame_look(table_style: etree._Element | None) -> FrameLook:
    """Return the look of a box table style: its cell shading, and its table and cell borders (cell borders win)."""
    if table_style is None:
        return FrameLook(None, {"left": {"val": "single", "sz": "24", "space": "0", "color": "595959"}})
    borders: dict[str, dict[str, str]] = {}
    for path in ("w:tblPr/w:tblBorders", "w:tcPr/w:tcBorders"):
        found = table_style.find("/".join(qn(part) for part in path.split("/")))
        for side in SIDES if found is not None else ():
            edge = found.find(qn(f"w:{side}")) if found is not None else None
            if edge is not None and edge.get(W_VAL) not in (None, "nil", "none"):
                borders[side] = {str(key).split("}")[-1]: str(value) for key, value in edge.attrib.items()}
    shading = table_style.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    if shading is None:
        shading = table_style.find(f"{qn('w:tblPr')}/{qn('w:shd')}")
    fill = shading.get(qn("w:fill")) if shading is not None else None
    return FrameLook(fill if fill and fill.lower() != "auto" else None, borders)


def frame_paragraph(
    paragraph: etree._Element,
    look: FrameLook,
    place: tuple[int, int, int],
    right_to_left: bool,
    hanging: bool = False,
) -> None:
    """Give the paragraph at `place` (its index, how many the box has, and how many framed paragraphs the
    document had before it) the box's borders, tint and indents.

    Each paragraph is framed on its own, its neighbours' frames touching it: the space
    between paragraphs is border padding inside the tint, not paragraph spacing (which
    Word and LibreOffice leave white), and neighbours' paddings differ by a point so
    neither joins them (a joined group loses the space between its paragraphs in Word).
    Only the box's last paragraph keeps space after it, which sets the box off from what
    follows. A list item (`hanging`) hangs its marker into the box's padding.
    """
    index, count, framed_before = place
    properties = _properties(paragraph)
    for tag in ("w:pBdr", "w:shd", "w:ind"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    first, last = index == 0, index == count - 1
    borders, shading, indent = _frame(look, first, last, framed_before % 2, right_to_left, hanging)
    insert_in_order(properties, copy.copy(borders), AFTER_BORDERS)
    if shading is not None:
        insert_in_order(properties, copy.copy(shading), AFTER_SHADING)
    spacing = properties.find(qn("w:spacing"))
    if spacing is None:
        spacing = properties.makeelement(qn("w:spacing"), {})
        insert_in_order(properties, spacing, AFTER_SPACING)
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), str(BOX_GAP.twips if last else 0))
    insert_in_order(properties, copy.copy(indent), AFTER_INDENT)


@lru_cache(maxsize=256)
def _frame(
    look: FrameLook, first: bool, last: bool, parity: int, right_to_left: bool, hanging: bool
) -> tuple[etree._Element, etree._Element | None, etree._Element]:
    """Return the borders, shading (None without a tint) and indents of a framed paragraph, to be copied.

    A box has only a few kinds of paragraph (first, inner, last; even or odd; a list item or
    not), so each is made once: making the elements cost more than the rest of a box.
    """
    bar_side = "right" if right_to_left else "left"
    far_side = "left" if right_to_left else "right"
    padding = {
        "top": PADDING if first else INNER_PADDING,
        "bottom": PADDING if last else INNER_PADDING,
        bar_side: BAR_PADDING,
        far_side: Pt(PADDING.pt + parity),
    }
    borders = etree.Element(qn("w:pBdr"))
    for side in SIDES:
        drawn = look.borders.get({"left": bar_side, "right": far_side}.get(side, side))
        attributes = dict(drawn) if drawn else {"val": "single", "sz": "4", "color": look.edge_colour}
        attributes["space"] = str(min(round(padding[side].pt), MAX_BORDER_SPACE))
        etree.SubElement(borders, qn(f"w:{side}"), {qn(f"w:{key}"): value for key, value in attributes.items()})
    # A style's between-border (the reference's write lines have one) would rule lines inside the box.
    etree.SubElement(borders, qn("w:between"), {W_VAL: "nil"})
    shading = None
    if look.fill:
        shading = etree.Element(qn("w:shd"), {W_VAL: "clear", qn("w:color"): "auto", qn("w:fill"): look.fill})
    bar = look.borders.get("left") or look.borders.get("right") or {}
    bar_width = Pt(int(bar.get("sz", "0")) / 8)
    indent = {
        qn("w:left" if not right_to_left else "w:right"): str(Length(BAR_PADDING + bar_width).twips),
        qn("w:right" if not right_to_left else "w:left"): str(PADDING.twips),
    }
    if hanging:
        indent[qn("w:hanging")] = str(HANGING.twips)
    return borders, shading, etree.Element(qn("w:ind"), indent)


def keep_together(paragraph: etree._Element, with_next: bool) -> None:
    """Keep a paragraph's lines on one page and, with `with_next`, on the page of the next paragraph."""
    properties = _properties(paragraph)
    if with_next and properties.find(qn("w:keepNext")) is None:
        insert_in_order(properties, properties.makeelement(qn("w:keepNext"), {}), AFTER_KEEP_NEXT)
    if properties.find(qn("w:keepLines")) is None:
        insert_in_order(properties, properties.makeelement(qn("w:keepLines"), {}), AFTER_KEEP_LINES)


def answer_lines(paragraph: etree._Element, count: int, width: Length) -> None:
    """Turn a paragraph into an answer area: after its label, `count` ruled lines to write on.

    The lines are tab leaders, not empty paragraphs: a screen reader reads the label once
    instead of "blank" for every line, and on screen the answer can be typed on the lines.
    """
    properties = _properties(paragraph)
    # The reference's "Write Line" rules each empty line with borders; here the tab leaders rule them.
    borders = properties.makeelement(qn("w:pBdr"), {})
    for side in ("bottom", "between"):
        etree.SubElement(borders, qn(f"w:{side}"), {W_VAL: "nil"})
    insert_in_order(properties, borders, AFTER_BORDERS)
    tabs = properties.makeelement(qn("w:tabs"), {})
    stop = {W_VAL: "right", qn("w:leader"): "underscore", qn("w:pos"): str(width.twips)}
    etree.SubElement(tabs, qn("w:tab"), stop)
    insert_in_order(properties, tabs, AFTER_TABS)
    spacing = properties.makeelement(qn("w:spacing"), {qn("w:line"): str(ANSWER_LINE.twips), qn("w:lineRule"): "exact"})
    insert_in_order(properties, spacing, AFTER_SPACING)
    labelled = paragraph.find(qn("w:r")) is not None or paragraph.find(qn("w:hyperlink")) is not None
    for line in range(count):
        run = etree.SubElement(paragraph, qn("w:r"))
        if labelled or line:
            etree.SubElement(run, qn("w:br"))
        etree.SubElement(run, qn("w:tab"))


def _properties(paragraph: etree._Element) -> etree._Element:
    """Return a paragraph's `w:pPr`, added first when it has none."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = paragraph.makeelement(qn("w:pPr"), {})
        paragraph.insert(0, properties)
    return properties


# Children of w:tblPr that the schema places after w:tblInd.
AFTER_TABLE_INDENT = (
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)


def indent_table(table: etree._Element, indent: Length) -> None:
    """Indent a table (inside a box) so it lines up with the box's text."""
    properties = table.find(qn("w:tblPr"))
    if properties is None:
        return
    for old in properties.findall(qn("w:tblInd")):
        properties.remove(old)
    element = properties.makeelement(qn("w:tblInd"), {qn("w:w"): str(indent.twips), qn("w:type"): "dxa"})
    insert_in_order(properties, element, AFTER_TABLE_INDENT)


def has_typed_marker(paragraph: etree._Element) -> bool:
    """Return True when a paragraph starts with a marker the writer typed: a box to tick, a bullet or a number."""
    first = paragraph.find(f"{qn('w:r')}/{qn('w:t')}")
    text = first.text or "" if first is not None else ""
    marker = text.split("\t", 1)[0] if "\t" in text else ""
    return marker in ("\u2610", "\u2022") or (marker[:-1].isdigit() and marker.endswith("."))
