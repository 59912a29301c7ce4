"""A chart of the document tree as a native PowerPoint chart: chart XML (`c:chartSpace`) and its embedded workbook.

The XML is the DrawingML chart PowerPoint writes and python-pptx's chart XML writers
produce: one `c:ser` per series with its name, categories and values both cached and
pointing into the embedded workbook's Sheet1, so "Edit data" in PowerPoint and LibreOffice
opens the same figures. Colours are the theme's accents (`a:schemeClr`), so a branded
template recolours the chart; every point carries its value as a data label, and a
second or third series is hatched (bars) or dashed with its own marker (lines), so the
series can be told apart without colour. Text is set at the deck's minimum body size or
larger.
"""

from __future__ import annotations

import copy
import datetime
import io

from lxml import etree

from toolkit.render.doctree import Chart
from toolkit.writers.units import Length

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CHART_NS = {"c": C_NS, "a": A_NS, "r": R_NS}
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = f"{R_NS}/chart"
RT_PACKAGE = f"{R_NS}/package"
CHART_URI = C_NS
SHEET = "Sheet1"
ACCENTS = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
# Hatching for the second series on (the first is solid): told apart in black and white.
PATTERNS = ("solid", "wdUpDiag", "smCheck", "dkVert", "wdDnDiag", "lgGrid")
MARKERS = ("circle", "square", "triangle", "diamond", "x", "star")
DASHES = ("solid", "dash", "sysDot", "lgDash", "dashDot", "sysDash")
WORKBOOK_DATE = datetime.datetime(2000, 1, 1)  # a fixed creation date: the same chart gives the same bytes
CATEGORY_AXIS, VALUE_AXIS = "1001", "1002"


def _c(tag: str) -> str:
    return f"{{{C_NS}}}{tag}"


def _a(tag: str) -> str:
    return f"{{{A_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, val: str | None = None, **attributes: str) -> etree._Element:
    """Append a `c:` element (or `a:` with the prefix) with an optional `val` attribute."""
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, _c(name) if prefix == "c" else _a(name), attributes)
    if val is not None:
        element.set("val", val)
    return element


def column_letter(index: int) -> str:
    """Return a spreadsheet column's letters for a 0-based index: A, B, … Z, AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def chart_workbook(chart: Chart) -> bytes:
    """Return the .xlsx behind a chart: categories down column A, one column per series named in row 1."""
    import xlsxwriter  # type: ignore[import-untyped]  # XlsxWriter ships no type information

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"created": WORKBOOK_DATE, "title": chart.title})
    sheet = workbook.add_worksheet(SHEET)
    sheet.write_row(0, 1, [series.name for series in chart.series])
    sheet.write_column(1, 0, list(chart.categories))
    for column, series in enumerate(chart.series, start=1):
        sheet.write_column(1, column, list(series.values))
    sheet.set_column(0, 0, max(10, *(len(category) for category in chart.categories)))
    workbook.close()
    return buffer.getvalue()


def chart_space(
    chart: Chart, text_size: Length, language: str, right_to_left: bool, text_fill: etree._Element | None = None
) -> etree._Element:
    """Return the chart part's XML for a chart, its workbook named by relationship `rId1`.

    `text_fill` is the `a:solidFill` the slide's body text has in the template (the theme's
    text colour when None), so labels stay readable on a dark background.
    """
    space = etree.Element(_c("chartSpace"), nsmap=CHART_NS)
    _sub(space, "c:date1904", "0")
    _sub(space, "c:lang", language)
    _sub(space, "c:roundedCorners", "0")
    body = _sub(space, "c:chart")
    _sub(body, "c:autoTitleDeleted", "1")  # the slide's title says what it shows; the alt text says it too
    plot = _sub(body, "c:plotArea")
    _sub(plot, "c:layout")
    if chart.kind == "pie":
        _pie(plot, chart, language)
    elif chart.kind == "line":
        _line(plot, chart, language)
        _axes(plot, chart, horizontal=False, right_to_left=right_to_left)
    else:
        horizontal = chart.kind.startswith("bar")
        _bars(plot, chart, horizontal, language)
        _axes(plot, chart, horizontal=horizontal, right_to_left=right_to_left)
    if len(chart.series) > 1 and chart.kind != "pie":  # a pie's slices carry their names: no legend to match
        legend = _sub(body, "c:legend")
        _sub(legend, "c:legendPos", "b")
        _sub(legend, "c:overlay", "0")
    _sub(body, "c:plotVisOnly", "1")
    _sub(body, "c:dispBlanksAs", "gap")
    _text_properties(space, text_size, language, right_to_left, text_fill)
    external = _sub(space, "c:externalData")
    external.set(f"{{{R_NS}}}id", "rId1")
    _sub(external, "c:autoUpdate", "0")
    return space


def _bars(plot: etree._Element, chart: Chart, horizontal: bool, language: str) -> None:
    stacked = chart.kind.endswith("-stacked")
    group = _sub(plot, "c:barChart")
    _sub(group, "c:barDir", "bar" if horizontal else "col")
    _sub(group, "c:grouping", "stacked" if stacked else "clustered")
    _sub(group, "c:varyColors", "0")
    for index in range(len(chart.series)):
        series = _series(group, chart, index)
        _fill(_sub(series, "c:spPr"), index)
        _sub(series, "c:invertIfNegative", "0")
        _labels(series, "ctr" if stacked else "outEnd", language, percent=chart.unit == "%")
        _data(series, chart, index)
    _sub(group, "c:gapWidth", "60")
    if stacked:
        _sub(group, "c:overlap", "100")
    _sub(group, "c:axId", CATEGORY_AXIS)
    _sub(group, "c:axId", VALUE_AXIS)


def _line(plot: etree._Element, chart: Chart, language: str) -> None:
    group = _sub(plot, "c:lineChart")
    _sub(group, "c:grouping", "standard")
    _sub(group, "c:varyColors", "0")
    for index in range(len(chart.series)):
        series = _series(group, chart, index)
        properties = _sub(series, "c:spPr")
        line = _sub(properties, "a:ln", w="38100")
        _scheme_fill(line, index)
        _sub(line, "a:prstDash", DASHES[index % len(DASHES)])
        marker = _sub(series, "c:marker")
        _sub(marker, "c:symbol", MARKERS[index % len(MARKERS)])
        _sub(marker, "c:size", "9")
        _scheme_fill(_sub(marker, "c:spPr"), index)
        _labels(series, "t", language, percent=chart.unit == "%")
        _data(series, chart, index)
        _sub(series, "c:smooth", "0")
    _sub(group, "c:marker", "1")
    _sub(group, "c:axId", CATEGORY_AXIS)
    _sub(group, "c:axId", VALUE_AXIS)


def _pie(plot: etree._Element, chart: Chart, language: str) -> None:
    group = _sub(plot, "c:pieChart")
    _sub(group, "c:varyColors", "1")
    series = _series(group, chart, 0)
    for point in range(len(chart.categories)):
        slice_ = _sub(series, "c:dPt")
        _sub(slice_, "c:idx", str(point))
        _sub(slice_, "c:bubble3D", "0")
        properties = _sub(slice_, "c:spPr")
        _scheme_fill(properties, point)  # named beside it, a slice needs no hatching
        outline = _sub(properties, "a:ln", w="19050")
        _sub(_sub(outline, "a:solidFill"), "a:schemeClr", "bg1")
    # Each slice says its name and value beside it: no need to match colours with the legend.
    _labels(series, "outEnd", language, category=True, percent=chart.unit == "%")
    _data(series, chart, 0)
    _sub(group, "c:firstSliceAng", "0")


def _series(group: etree._Element, chart: Chart, index: int) -> etree._Element:
    """Return a new `c:ser` with its index, order and name (from the workbook's row 1)."""
    series = _sub(group, "c:ser")
    _sub(series, "c:idx", str(index))
    _sub(series, "c:order", str(index))
    name = _sub(_sub(series, "c:tx"), "c:strRef")
    _sub(name, "c:f").text = f"{SHEET}!${column_letter(index + 1)}$1"
    cache = _sub(name, "c:strCache")
    _sub(cache, "c:ptCount", "1")
    _sub(_sub(cache, "c:pt", idx="0"), "c:v").text = chart.series[index].name
    return series


def _data(series: etree._Element, chart: Chart, index: int) -> None:
    """Append a series' categories (column A) and values (its own column), cached as the workbook holds them."""
    last = len(chart.categories) + 1
    categories = _sub(_sub(series, "c:cat"), "c:strRef")
    _sub(categories, "c:f").text = f"{SHEET}!$A$2:$A${last}"
    cache = _sub(categories, "c:strCache")
    _sub(cache, "c:ptCount", str(len(chart.categories)))
    for point, category in enumerate(chart.categories):
        _sub(_sub(cache, "c:pt", idx=str(point)), "c:v").text = category
    column = column_letter(index + 1)
    values = _sub(_sub(series, "c:val"), "c:numRef")
    _sub(values, "c:f").text = f"{SHEET}!${column}$2:${column}${last}"
    cache = _sub(values, "c:numCache")
    _sub(cache, "c:formatCode").text = "General"
    _sub(cache, "c:ptCount", str(len(chart.categories)))
    for point, value in enumerate(chart.series[index].values):
        _sub(_sub(cache, "c:pt", idx=str(point)), "c:v").text = f"{value:g}" if value == int(value) else repr(value)


def _labels(
    series: etree._Element, position: str, language: str, category: bool = False, percent: bool = False
) -> None:
    """Show each point's value (and, for a pie, its category above it) beside it; `percent` writes "17%"."""
    labels = _sub(series, "c:dLbls")
    if percent:
        _sub(labels, "c:numFmt", formatCode=f'General"{percent_sign(language)}"', sourceLinked="0")
    # Labels keep their words whole: left to wrap, LibreOffice breaks a long slice name mid-word.
    text = _sub(labels, "c:txPr")
    _sub(text, "a:bodyPr", wrap="none")
    _sub(text, "a:lstStyle")
    _sub(_sub(text, "a:p"), "a:pPr")
    _sub(labels, "c:dLblPos", position)
    _sub(labels, "c:showLegendKey", "0")
    _sub(labels, "c:showVal", "1")
    _sub(labels, "c:showCatName", "1" if category else "0")
    _sub(labels, "c:showSerName", "0")
    _sub(labels, "c:showPercent", "0")
    _sub(labels, "c:showBubbleSize", "0")
    if category:
        _sub(labels, "c:separator").text = "\n"
        _sub(labels, "c:showLeaderLines", "1")


def percent_sign(language: str) -> str:
    """Return what follows a percentage in the language: "%" in English, a no-break space and "%" in French."""
    from babel import Locale, UnknownLocaleError

    try:
        pattern = Locale.parse(language.replace("-", "_")).percent_formats[None].pattern
    except (UnknownLocaleError, ValueError, KeyError):
        return "%"
    return pattern[pattern.rfind("0") + 1 :] or "%"


def _fill(properties: etree._Element, index: int) -> None:
    """Fill a shape with the index-th accent colour, hatched from the second on (over the background colour)."""
    pattern = PATTERNS[index % len(PATTERNS)]
    if pattern == "solid" or index >= len(ACCENTS):
        _scheme_fill(properties, index)
        return
    hatch = _sub(properties, "a:pattFill", prst=pattern)
    _sub(_sub(hatch, "a:fgClr"), "a:schemeClr", ACCENTS[index % len(ACCENTS)])
    _sub(_sub(hatch, "a:bgClr"), "a:schemeClr", "bg1")


def _scheme_fill(parent: etree._Element, index: int) -> None:
    _sub(_sub(parent, "a:solidFill"), "a:schemeClr", ACCENTS[index % len(ACCENTS)])


def _axes(plot: etree._Element, chart: Chart, horizontal: bool, right_to_left: bool) -> None:
    """Append the category and value axes; in a right-to-left language columns and lines run from the right.

    A bar chart lists its categories from the top down, as they are read.
    """
    reversed_categories = horizontal or right_to_left
    category = _sub(plot, "c:catAx")
    _sub(category, "c:axId", CATEGORY_AXIS)
    _sub(_sub(category, "c:scaling"), "c:orientation", "maxMin" if reversed_categories else "minMax")
    _sub(category, "c:delete", "0")
    _sub(category, "c:axPos", "l" if horizontal else "b")
    _sub(category, "c:numFmt", formatCode="General", sourceLinked="1")
    _sub(category, "c:majorTickMark", "none")
    _sub(category, "c:minorTickMark", "none")
    _sub(category, "c:tickLblPos", "low")
    _sub(category, "c:crossAx", VALUE_AXIS)
    _sub(category, "c:crosses", "autoZero")
    _sub(category, "c:auto", "1")
    _sub(category, "c:lblAlgn", "ctr")
    _sub(category, "c:lblOffset", "100")
    _sub(category, "c:noMultiLvlLbl", "0")
    value = _sub(plot, "c:valAx")
    _sub(value, "c:axId", VALUE_AXIS)
    # Right to left, bars grow from the right as columns are listed from the right.
    _sub(_sub(value, "c:scaling"), "c:orientation", "maxMin" if horizontal and right_to_left else "minMax")
    _sub(value, "c:delete", "0")
    _sub(value, "c:axPos", "b" if horizontal else ("r" if right_to_left else "l"))
    grid = _sub(_sub(_sub(_sub(value, "c:majorGridlines"), "c:spPr"), "a:ln", w="6350"), "a:solidFill")
    _sub(_sub(grid, "a:schemeClr", "bg1"), "a:lumMod", "75000")  # a light grey in any theme
    if chart.unit:
        title = _sub(value, "c:title")
        rich = _sub(_sub(title, "c:tx"), "c:rich")
        _sub(rich, "a:bodyPr")
        _sub(rich, "a:lstStyle")
        _sub(_sub(_sub(rich, "a:p"), "a:r"), "a:t").text = chart.unit
        _sub(title, "c:overlay", "0")
    _sub(value, "c:numFmt", formatCode="General", sourceLinked="1")
    _sub(value, "c:majorTickMark", "none")
    _sub(value, "c:minorTickMark", "none")
    _sub(value, "c:tickLblPos", "nextTo")
    _sub(value, "c:crossAx", CATEGORY_AXIS)
    # The value axis crosses at the last category, which in a bar chart listed top down is the bottom one;
    # columns listed from the right keep it at the first, on the right.
    _sub(value, "c:crosses", "max" if horizontal else "autoZero")
    _sub(value, "c:crossBetween", "between")


def _text_properties(
    space: etree._Element, size: Length, language: str, right_to_left: bool, fill: etree._Element | None
) -> None:
    """Set every text of the chart to `size` (labels, axes, legend) in the deck's language."""
    properties = _sub(space, "c:txPr")
    _sub(properties, "a:bodyPr")
    _sub(properties, "a:lstStyle")
    paragraph = _sub(properties, "a:p")
    paragraph_properties = _sub(paragraph, "a:pPr")
    if right_to_left:
        paragraph_properties.set("rtl", "1")
    defaults = _sub(paragraph_properties, "a:defRPr", sz=str(int(size / 127)))
    if fill is not None:
        defaults.append(copy.deepcopy(fill))
    else:
        _sub(_sub(defaults, "a:solidFill"), "a:schemeClr", "tx1")
    _sub(paragraph, "a:endParaRPr", lang=language)
