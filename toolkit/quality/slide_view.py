"""A slide as the rules see it: its shapes in reading order, the text of each with its inherited
properties, its tables, its background, and the theme and defaults everything inherits from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.presentation import Presentation
from pptx.slide import Slide, SlideLayout, SlideMaster

from toolkit.quality.slide_text import (
    TITLE_TYPES,
    Box,
    TableFrame,
    TextFrame,
    box_of,
    emu_attribute,
    placeholder_type,
    qn,
    shape_name,
)
from toolkit.quality.text_style import CellStyle, ShapeStyle
from toolkit.writers.colours import Colour, Fill, Palette, background, palette_for, parse_theme
from toolkit.writers.units import Emu, Length

CELL_MARGINS = {"marL": Emu(91440), "marR": Emu(91440), "marT": Emu(45720), "marB": Emu(45720)}
# Medium Style 2 – Accent 1, the table style python-pptx and PowerPoint give new tables. PowerPoint
# knows it by id, so files often leave its definition out; these are the parts the rules need.
DEFAULT_TABLE_STYLE_ID = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
DEFAULT_TABLE_STYLE = (
    f'<a:tblStyle {nsdecls("a")} styleId="{DEFAULT_TABLE_STYLE_ID}" styleName="Medium Style 2 - Accent 1">'
    '<a:wholeTbl><a:tcTxStyle><a:fontRef idx="minor"><a:prstClr val="black"/></a:fontRef>'
    '<a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1">'
    '<a:tint val="20000"/></a:schemeClr></a:solidFill></a:fill></a:tcStyle></a:wholeTbl>'
    '<a:band1H><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1"><a:tint val="40000"/>'
    "</a:schemeClr></a:solidFill></a:fill></a:tcStyle></a:band1H>"
    '<a:firstRow><a:tcTxStyle b="on"><a:fontRef idx="minor"><a:prstClr val="black"/></a:fontRef>'
    '<a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1"/>'
    "</a:solidFill></a:fill></a:tcStyle></a:firstRow></a:tblStyle>"
)


class SlideView:
    """One slide (or layout) and everything its text inherits from: layout, master, theme, defaults."""

    def __init__(self, prs: Presentation, part: Slide | SlideLayout):
        self.part = part
        layout: SlideLayout | None = None
        if isinstance(part, Slide):
            layout = part.slide_layout
            self.master = layout.slide_master
        else:
            self.master = part.slide_master
        self.roots = [part.element, *([layout.element] if layout else []), self.master.element]
        self.palette: Palette = palette_for(self.roots, _theme_of(self.master))
        self.defaults = prs.part._element.find(qn("p:defaultTextStyle"))
        self._prs = prs

    @cached_property
    def background(self) -> Fill:
        """Return the slide's background fill."""
        return background(self.roots, self.palette)

    @cached_property
    def table_styles(self) -> dict[str, etree._Element]:
        """Return the table styles the file defines, by id, with PowerPoint's default one added."""
        styles = {DEFAULT_TABLE_STYLE_ID: parse_xml(DEFAULT_TABLE_STYLE)}
        try:
            part = self._prs.part.part_related_by(RT.TABLE_STYLES)
        except KeyError:
            return styles
        for style in etree.fromstring(part.blob).iter(qn("a:tblStyle")):
            styles[style.get("styleId", "")] = style
        return styles

    @cached_property
    def shapes(self) -> list[etree._Element]:
        """Return the slide's shapes in reading order (document order), groups entered."""
        tree = self.part.element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
        return list(_shapes_in(tree))

    @cached_property
    def text_frames(self) -> list[TextFrame]:
        """Return the text of every shape with text, in reading order; table cells are in `tables`."""
        return [
            self.text_frame(shape)
            for shape in self.shapes
            if shape.tag == qn("p:sp") and shape.find(qn("p:txBody")) is not None
        ]

    @cached_property
    def title(self) -> tuple[etree._Element | None, str]:
        """Return the slide's title shape and its text with whitespace runs as single spaces ((None, "") if none)."""
        for shape in self.shapes:
            if shape.tag == qn("p:sp") and placeholder_type(shape) in TITLE_TYPES:
                return shape, " ".join(self.text_frame(shape).text.split())
        return None, ""

    def text_frame(self, shape: etree._Element) -> TextFrame:
        """Return the text of one `p:sp` shape with its inherited properties."""
        style = ShapeStyle(self, shape)
        scale, reduction = style.autofit_scale()
        body = shape.find(qn("p:txBody"))  # optional: a placeholder without one shows no text
        found = body.findall(qn("a:p")) if body is not None else []
        paragraphs = tuple(style.paragraph(p, scale, reduction) for p in found)
        return TextFrame(
            name=shape_name(shape),
            kind=style.kind,
            paragraphs=paragraphs,
            inner=style.inner_box(),
            fits_itself=style.fits_itself(),
            backdrop=style.backdrop(),
        )

    def typed_text(self, shape: etree._Element) -> tuple[Colour | None, Fill]:
        """Return the colour text typed into a shape gets (at its first level), and what shows behind it."""
        style = ShapeStyle(self, shape)
        return style.colour(None, 0), style.backdrop()

    @cached_property
    def tables(self) -> list[TableFrame]:
        """Return every table on the slide with its cells' text."""
        found = [(shape, shape.find(f"{qn('a:graphic')}/{qn('a:graphicData')}/{qn('a:tbl')}")) for shape in self.shapes]
        return [self._table(shape, table) for shape, table in found if table is not None]

    def _table(self, shape: etree._Element, table: etree._Element) -> TableFrame:
        """Return a table's box, header flag, row heights and cells."""
        properties = table.find(qn("a:tblPr"))
        flags: etree._Attrib | dict[str, str] = properties.attrib if properties is not None else {}
        style_id = properties.findtext(qn("a:tableStyleId")) if properties is not None else None
        style = self.table_styles.get((style_id or "").strip())
        header = flags.get("firstRow") in ("1", "true")
        banded = flags.get("bandRow") in ("1", "true")
        widths = [Emu(int(column.get("w", "0"))) for column in table.iter(qn("a:gridCol"))]
        rows = table.findall(qn("a:tr"))
        cells = []
        for row_index, row in enumerate(rows):
            parts = _table_parts(row_index, header, banded)
            cells.append(tuple(self._cell(cell, widths, column, style, parts) for column, cell in _cells(row)))
        return TableFrame(
            name=shape_name(shape),
            box=_frame_box(shape),
            header_row=header,
            row_heights=tuple(Emu(int(row.get("h", "0"))) for row in rows),
            cells=tuple(cells),
        )

    def _cell(
        self,
        cell: etree._Element,
        widths: list[Length],
        column: int,
        style: etree._Element | None,
        parts: tuple[str, ...],
    ) -> TextFrame:
        """Return one table cell's text, its room inside the margins, and its fill."""
        cell_style = CellStyle(self, cell, style, parts)
        span = int(cell.get("gridSpan", "1"))
        width = Emu(sum(widths[column : column + span]))
        properties = cell.find(qn("a:tcPr"))
        margins = {name: emu_attribute(properties, name, default) for name, default in CELL_MARGINS.items()}
        inner_width = Emu(width - margins["marL"] - margins["marR"])
        body = cell.find(qn("a:txBody"))
        found = body.findall(qn("a:p")) if body is not None else []
        paragraphs = tuple(cell_style.paragraph(p, 1.0, 0.0) for p in found)
        return TextFrame(
            name=f"cell {column + 1}",
            kind="cell",
            paragraphs=paragraphs,
            inner=Box(Emu(0), Emu(0), inner_width, Emu(0)),
            fits_itself=True,  # a row grows with its text; the table as a whole is what may overflow
            backdrop=cell_style.backdrop(),
        )


_shared_views: ContextVar[dict[int, list[SlideView]] | None] = ContextVar("shared_views", default=None)


def slide_views(prs: Presentation) -> list[SlideView]:
    """Return a view of each slide; inside `sharing_views()`, made once per presentation and shared."""
    shared = _shared_views.get()
    if shared is None:
        return [SlideView(prs, slide) for slide in prs.slides]
    if id(prs) not in shared:
        shared[id(prs)] = [SlideView(prs, slide) for slide in prs.slides]
    return shared[id(prs)]


@contextmanager
def sharing_views() -> Iterator[None]:
    """Let every rule run inside the block share one set of slide views per presentation.

    Outside it each call reads the slides afresh, so a test may change a deck between rules.
    """
    token = _shared_views.set({})
    try:
        yield
    finally:
        _shared_views.reset(token)


def _theme_of(master: SlideMaster) -> etree._Element | None:
    """Return the theme XML of a slide master, or None when it has none."""
    try:
        return parse_theme(master.part.part_related_by(RT.THEME).blob)
    except KeyError:
        return None


def _shapes_in(tree: etree._Element | None) -> Iterator[etree._Element]:
    """Yield the shapes of a shape tree in document order, entering groups."""
    for child in tree if tree is not None else ():
        if child.tag == qn("p:grpSp"):
            yield from _shapes_in(child)
        elif child.tag in (qn("p:sp"), qn("p:pic"), qn("p:graphicFrame"), qn("p:cxnSp")):
            yield child


def _cells(row: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    """Yield (grid column, cell) for each cell of a row that is not hidden under a merged one."""
    column = 0
    for cell in row.findall(qn("a:tc")):
        if cell.get("hMerge") not in ("1", "true") and cell.get("vMerge") not in ("1", "true"):
            yield column, cell
        column += int(cell.get("gridSpan", "1"))


def _table_parts(row_index: int, header: bool, banded: bool) -> tuple[str, ...]:
    """Return the table-style parts that apply to a row, most specific first, ending with the whole table."""
    if header and row_index == 0:
        return ("firstRow", "wholeTbl")
    data_index = row_index - (1 if header else 0)
    if banded:
        return ("band1H" if data_index % 2 == 0 else "band2H", "wholeTbl")
    return ("wholeTbl",)


def _frame_box(shape: etree._Element) -> Box:
    """Return a graphic frame's box from its `p:xfrm`."""
    transform = shape.find(qn("p:xfrm"))
    return box_of(transform) or Box(Emu(0), Emu(0), Emu(0), Emu(0))
