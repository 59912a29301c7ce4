"""Where slide text gets its properties: PowerPoint's inheritance, followed for one shape or table cell.

A placeholder inherits from the layout placeholder of the same index, that from the master
placeholder of the same type, that from the master's text styles, and all of them from the
presentation's default text style; a table cell from its table style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

from lxml import etree

from toolkit.quality.slide_text import (
    FOOTER_TYPES,
    TITLE_TYPES,
    Box,
    TextParagraph,
    TextRun,
    box_of,
    is_true,
    placeholder_of,
    placeholder_type,
    qn,
)
from toolkit.writers.colours import Colour, Fill, colour_child
from toolkit.writers.units import Emu, Length, Pt

if TYPE_CHECKING:
    from toolkit.quality.slide_view import SlideView

DEFAULT_SIZE = Pt(18)  # DrawingML's text size when nothing says otherwise
DEFAULT_INSETS = {"l": Emu(91440), "t": Emu(45720), "r": Emu(91440), "b": Emu(45720)}
LINE_HEIGHT = 1.2  # single line spacing in em, as toolkit.writers.pptx_fit measures it
# The master placeholder a slide or layout placeholder inherits from, by type; "obj" when none is given.
MASTER_TYPE = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}


class ShapeStyle:
    """Where one shape's text properties come from, nearest first: the shape, the placeholders it
    inherits from, the master's text style, and the presentation's defaults."""

    def __init__(self, view: SlideView, shape: etree._Element):
        self.view = view
        self.shape = shape
        self.type = placeholder_type(shape)
        self.shapes = [shape, *self._inherited()] if self.type else [shape]
        self.list_styles = [s.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}") for s in self.shapes]
        self.list_styles.append(self._master_style())
        self.body_properties = [s.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") for s in self.shapes]

    @property
    def kind(self) -> str:
        """Return title, footer or body: what the shape holds."""
        if self.type in TITLE_TYPES:
            return "title"
        return "footer" if self.type in FOOTER_TYPES else "body"

    def _inherited(self) -> list[etree._Element]:
        """Return the layout and master placeholders this placeholder inherits from."""
        ph = placeholder_of(self.shape)
        found = []
        for root in self.view.roots[1:]:
            match = _matching_placeholder(root, ph)
            if match is not None:
                found.append(match)
                ph = placeholder_of(match)
        return found

    def _master_style(self) -> etree._Element | None:
        """Return the master text style this shape falls back on: title, body or other."""
        if self.type is None:
            return None
        name = "p:titleStyle" if self.type in TITLE_TYPES else "p:bodyStyle"
        if self.type in FOOTER_TYPES:
            name = "p:otherStyle"
        found: etree._Element | None = self.view.master.element.find(f"{qn('p:txStyles')}/{qn(name)}")
        return found

    @overload
    def level_property(
        self, level: int, path: str, attribute: None = None, defaults: bool = True
    ) -> etree._Element | None: ...

    @overload
    def level_property(self, level: int, path: str, attribute: str, defaults: bool = True) -> str | None: ...

    def level_property(
        self, level: int, path: str, attribute: str | None = None, defaults: bool = True
    ) -> etree._Element | str | None:
        """Return the nearest value of a paragraph-level property: an attribute, or an element when
        `attribute` is None. `path` is relative to `a:lvlNpPr`, such as "a:defRPr" or "a:spcBef".

        The presentation's default text style comes last, unless `defaults` is False.
        """
        steps = "/".join(qn(step) for step in path.split("/")) if path else ""
        for style in [*self.list_styles, self.view.defaults] if defaults else self.list_styles:
            level_style = style.find(qn(f"a:lvl{level + 1}pPr")) if style is not None else None
            if level_style is None:
                continue
            found = level_style.find(steps) if steps else level_style
            if found is None:
                continue
            if attribute is None:
                return found
            if found.get(attribute) is not None:
                return found.get(attribute)
        return None

    def body_property(self, attribute: str) -> str | None:
        """Return the nearest value of an `a:bodyPr` attribute."""
        for properties in self.body_properties:
            if properties is not None and properties.get(attribute) is not None:
                return properties.get(attribute)
        return None

    def autofit(self) -> etree._Element | None:
        """Return the nearest autofit setting (normAutofit, spAutoFit or noAutofit), or None."""
        tags = (qn("a:normAutofit"), qn("a:spAutoFit"), qn("a:noAutofit"))
        for properties in self.body_properties:
            found = next((c for c in properties if c.tag in tags), None) if properties is not None else None
            if found is not None:
                return found
        return None

    def autofit_scale(self) -> tuple[float, float]:
        """Return the font scale and line-spacing reduction that "shrink text on overflow" has applied."""
        setting = self.autofit()
        if setting is None or setting.tag != qn("a:normAutofit"):
            return 1.0, 0.0
        return int(setting.get("fontScale", "100000")) / 100_000, int(setting.get("lnSpcReduction", "0")) / 100_000

    def fits_itself(self) -> bool:
        """Return True when the box grows with its text, does not wrap, or sets text vertically."""
        setting = self.autofit()
        grows = setting is not None and setting.tag == qn("a:spAutoFit")
        vertical = (self.body_property("vert") or "horz") != "horz"
        return grows or vertical or self.body_property("wrap") == "none"

    def inner_box(self) -> Box | None:
        """Return the room for text: the shape's box (inherited from placeholders) minus its insets."""
        box = next((b for s in self.shapes if (b := box_of(s.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")))), None)
        if box is None:
            return None
        insets = {side: self._inset(side) for side in "ltrb"}
        return Box(
            Emu(box.left + insets["l"]),
            Emu(box.top + insets["t"]),
            Emu(box.width - insets["l"] - insets["r"]),
            Emu(box.height - insets["t"] - insets["b"]),
        )

    def _inset(self, side: str) -> Length:
        """Return one text inset (l, t, r or b)."""
        value = self.body_property(f"{side}Ins")
        return Emu(int(value)) if value is not None else DEFAULT_INSETS[side]

    def backdrop(self) -> Fill:
        """Return what shows behind the text: the shape's own fill, else the slide's background."""
        palette = self.view.palette
        for shape in self.shapes:
            fill = palette.fill(shape.find(qn("p:spPr")))
            if fill is not None:
                return self.view.background if fill.kind == "none" else fill
        style = self.shape.find(f"{qn('p:style')}/{qn('a:fillRef')}")
        fill = palette.style_fill(style)
        return self.view.background if fill is None or fill.kind == "none" else fill

    def style_colour(self) -> Colour | None:
        """Return the text colour the shape's style gives (an autoshape's `a:fontRef`), or None."""
        reference = self.shape.find(f"{qn('p:style')}/{qn('a:fontRef')}")
        return self.view.palette.colour(colour_child(reference))

    def default_bold(self) -> bool:
        """Return whether text is bold when no run or style says (a table header's style may)."""
        return False

    def paragraph(self, paragraph: etree._Element, scale: float, reduction: float) -> TextParagraph:
        """Return a paragraph's runs and spacing, with "shrink on overflow" scaling applied."""
        properties = paragraph.find(qn("a:pPr"))
        level = int(properties.get("lvl", "0")) if properties is not None else 0
        lines: list[list[TextRun]] = [[]]
        for child in paragraph:
            if child.tag == qn("a:br"):
                lines.append([])
            elif child.tag in (qn("a:r"), qn("a:fld")):
                lines[-1].append(self._run(child, properties, level, scale))
        end = paragraph.find(qn("a:endParaRPr"))
        sizes = [run.size for line in lines for run in line] or [self._size(end, properties, level, scale)]
        size = Emu(max(sizes))
        return TextParagraph(
            lines=tuple(tuple(line) for line in lines),
            size=size,
            margin_left=self._margin(properties, level),
            space_before=self._spacing(properties, level, "a:spcBef", size),
            space_after=self._spacing(properties, level, "a:spcAft", size),
            line_pitch=self._line_pitch(properties, level, size, reduction),
        )

    def _run(self, run: etree._Element, paragraph: etree._Element | None, level: int, scale: float) -> TextRun:
        """Return one run (or field) with its effective size, weight and colour."""
        properties = run.find(qn("a:rPr"))
        link = properties is not None and properties.find(qn("a:hlinkClick")) is not None
        return TextRun(
            text=run.findtext(qn("a:t")) or "",
            size=self._size(properties, paragraph, level, scale),
            bold=self._flag_property(properties, level, "b", self.default_bold()),
            italic=self._flag_property(properties, level, "i", False),
            link=link,
            colour=self.view.palette.scheme("hlink") if link else self.colour(properties, level),
        )

    def _size(
        self, properties: etree._Element | None, paragraph: etree._Element | None, level: int, scale: float
    ) -> Length:
        """Return a run's size: its own, the paragraph's default, or the inherited one, times the autofit scale."""
        value = properties.get("sz") if properties is not None else None
        if value is None and paragraph is not None:
            default = paragraph.find(qn("a:defRPr"))
            value = default.get("sz") if default is not None else None
        value = value or self.level_property(level, "a:defRPr", "sz")
        size = Pt(int(value) / 100) if value else DEFAULT_SIZE
        return Emu(round(size * scale))

    def _flag_property(self, properties: etree._Element | None, level: int, name: str, default: bool) -> bool:
        """Return a run's bold or italic flag: its own, else inherited, else `default`."""
        value = properties.get(name) if properties is not None else None
        value = value if value is not None else self.level_property(level, "a:defRPr", name)
        return is_true(value) if value is not None else default

    def colour(self, properties: etree._Element | None, level: int) -> Colour | None:
        """Return a run's text colour: its own fill, else the inherited one, else the shape or table
        style's, else the presentation's default, else tx1."""
        fill = properties.find(qn("a:solidFill")) if properties is not None else None
        if fill is None:
            fill = self.level_property(level, "a:defRPr/a:solidFill", defaults=False)
        if fill is not None:
            return self.view.palette.colour(colour_child(fill))
        styled = self.style_colour()
        if styled is not None:
            return styled
        fill = self.level_property(level, "a:defRPr/a:solidFill")
        found = self.view.palette.colour(colour_child(fill)) if fill is not None else None
        return found or self.view.palette.scheme("tx1")

    def _margin(self, properties: etree._Element | None, level: int) -> Length:
        """Return a paragraph's left margin."""
        value = properties.get("marL") if properties is not None else None
        value = value if value is not None else self.level_property(level, "", "marL")
        return Emu(int(value)) if value is not None else Emu(0)

    def _spacing(self, properties: etree._Element | None, level: int, tag: str, size: Length) -> Length:
        """Return the space before or after a paragraph, from points or a percentage of a line."""
        element = properties.find(qn(tag)) if properties is not None else None
        if element is None:
            element = self.level_property(level, tag)
        return _spacing_length(element, size)

    def _line_pitch(self, properties: etree._Element | None, level: int, size: Length, reduction: float) -> Length:
        """Return the height of one line: single spacing of 1.2 em, scaled by the paragraph's line spacing."""
        element = properties.find(qn("a:lnSpc")) if properties is not None else None
        if element is None:
            element = self.level_property(level, "a:lnSpc")
        points = element.find(qn("a:spcPts")) if element is not None else None
        if points is not None:
            return Pt(int(points.get("val", "0")) / 100)
        percent = element.find(qn("a:spcPct")) if element is not None else None
        factor = int(percent.get("val", "100000")) / 100_000 if percent is not None else 1.0
        return Emu(round(size * LINE_HEIGHT * max(0.1, factor - reduction)))


class CellStyle(ShapeStyle):
    """Where a table cell's text properties come from: the cell, the table style, the presentation."""

    def __init__(self, view: SlideView, cell: etree._Element, style: etree._Element | None, parts: tuple[str, ...]):
        self.view = view
        self.shape = cell
        self.type = None
        self.list_styles = [cell.find(f"{qn('a:txBody')}/{qn('a:lstStyle')}")]
        self.style_parts = [style.find(qn(f"a:{part}")) for part in parts] if style is not None else []

    @property
    def kind(self) -> str:
        """Return "cell"."""
        return "cell"

    def _text_style(self) -> etree._Element | None:
        """Return the nearest table-style text settings (`a:tcTxStyle`) for this cell's row."""
        found = (part.find(qn("a:tcTxStyle")) for part in self.style_parts if part is not None)
        return next((style for style in found if style is not None), None)

    def style_colour(self) -> Colour | None:
        """Return the text colour the table style gives this cell's row, or None."""
        style = self._text_style()
        if style is None:
            return None
        colour = colour_child(style)
        return self.view.palette.colour(colour if colour is not None else colour_child(style.find(qn("a:fontRef"))))

    def default_bold(self) -> bool:
        """Return True when the table style sets this row in bold (header rows usually are)."""
        style = self._text_style()
        return style is not None and is_true(style.get("b"))

    def backdrop(self) -> Fill:
        """Return the cell's fill: its own, else the table style's for its row, else the slide's background."""
        palette = self.view.palette
        fill = palette.fill(self.shape.find(qn("a:tcPr")))
        for part in self.style_parts:
            if fill is not None:
                break
            cell_style = part.find(qn("a:tcStyle")) if part is not None else None
            if cell_style is not None:
                fill = palette.fill(cell_style.find(qn("a:fill"))) or palette.style_fill(
                    cell_style.find(qn("a:fillRef"))
                )
        return self.view.background if fill is None or fill.kind == "none" else fill


def _matching_placeholder(root: etree._Element, ph: etree._Element | None) -> etree._Element | None:
    """Return the placeholder in a layout (by index, then type) or master (by type) that `ph` inherits from."""
    if ph is None:
        return None
    kind = ph.get("type", "obj")
    candidates = [(s, own) for s in root.iter(qn("p:sp")) if (own := placeholder_of(s)) is not None]
    if root.tag != qn("p:sldMaster"):
        by_index = [s for s, own in candidates if own.get("idx", "0") == ph.get("idx", "0")]
        if by_index:
            return by_index[0]
    wanted = MASTER_TYPE.get(kind, kind) if root.tag == qn("p:sldMaster") else kind
    return next((s for s, own in candidates if _master_kind(own, root) == wanted), None)


def _master_kind(ph: etree._Element, root: etree._Element) -> str:
    """Return a placeholder's type as a master sees it: a master's "obj" is its body."""
    kind = ph.get("type", "obj")
    return MASTER_TYPE.get(kind, kind) if root.tag == qn("p:sldMaster") else kind


def _spacing_length(element: etree._Element | None, size: Length) -> Length:
    """Return a spacing element (`a:spcBef`, `a:spcAft`) as a length: points, or a percentage of a line."""
    if element is None:
        return Emu(0)
    points = element.find(qn("a:spcPts"))
    if points is not None:
        return Pt(int(points.get("val", "0")) / 100)
    percent = element.find(qn("a:spcPct"))
    if percent is not None:
        return Emu(round(size * LINE_HEIGHT * int(percent.get("val", "0")) / 100_000))
    return Emu(0)
