"""Styles a reference document lacks, supplied from the shipped one in the brand's fonts and colours.

Pandoc fills the styles a user's reference lacks from its default reference; so does the
toolkit. A style the writer needs and cannot find in the reference (a question box, the
write-on line, the table style…) is copied from `templates/reference.docx` into the output,
in the brand's heading font and colour: the organisation's look comes through and no role is
lost. Headings are found by what they are (Word's built-in style id, an outline level, or a
name an organisation maps to the role), not only by their English names.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from toolkit.core.bundled import TEMPLATES
from toolkit.writers import opc
from toolkit.writers.colours import MIN_CONTRAST, WHITE, contrast_ratio, from_linear, to_hex, to_linear, to_rgb
from toolkit.writers.docx_parts import main_part, styles_part
from toolkit.writers.docx_xml import W_STYLE_ID, W_TYPE, W_VAL, insert_in_order, qn

W_STYLE, W_NAME, W_DEFAULT = qn("w:style"), qn("w:name"), qn("w:default")
W_BASED_ON, W_NEXT, W_LINK, W_PPR, W_RPR = qn("w:basedOn"), qn("w:next"), qn("w:link"), qn("w:pPr"), qn("w:rPr")
W_OUTLINE, W_COLOR, W_FILL, W_FONTS = qn("w:outlineLvl"), qn("w:color"), qn("w:fill"), qn("w:rFonts")
ON_VALUES = ("1", "true", "on")
# Word's ids of its built-in styles: a renamed "Heading 1" keeps the id "Heading1".
BUILT_IN_IDS = {"Title": "Title", **{f"Heading {level}": f"Heading{level}" for level in (1, 2, 3)}}
HEADING_LEVELS = {"Heading 1": 0, "Heading 2": 1, "Heading 3": 2}  # w:outlineLvl counts from 0
# Supplied styles set in the brand's heading font: they are headings or labels.
HEADING_FONT_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Box Label", "Table Heading")
# The shipped reference's accent (headings, box bars, the header rule) and the tints made from it.
ACCENT = "1F3864"
TINTS = {"DCE4F0": 0.80, "EAF0F8": 0.88}  # table header shading, question box: the share of white mixed in
# Paragraph properties after w:outlineLvl in the schema's order, to put one in its place.
AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


@dataclass(frozen=True)
class Brand:
    """What a reference says of its look: the heading font and a heading colour readable on white (None: ours)."""

    heading_font: str | None
    heading_colour: str | None


@lru_cache(maxsize=1)
def shipped_styles() -> etree._Element:
    """Return the styles part of the shipped reference document, parsed once (read only)."""
    package = opc.Package.open(TEMPLATES / "reference.docx")
    return package.xml(styles_part(package, main_part(package)))


def names_of(style: etree._Element) -> list[str]:
    """Return every name a style is known by: Word writes aliases after a comma ("heading 1,NGO Heading 1")."""
    element = style.find(W_NAME)
    name = element.get(W_VAL, "") if element is not None else ""
    return [part.strip() for part in name.split(",") if part.strip()]


def style_type(style: etree._Element) -> str:
    """Return a style's type as the schema writes it; a style that says none is a paragraph style."""
    return style.get(W_TYPE, "paragraph")


def outline_level(style: etree._Element) -> int | None:
    """Return the outline level a style sets itself (0 for a first-level heading), or None."""
    element = style.find(f"{W_PPR}/{W_OUTLINE}")
    if element is None:
        return None
    value = element.get(W_VAL, "9")
    return int(value) if value.isdigit() and int(value) < 9 else None


def find_by_role(root: etree._Element, wanted: str, kind: str) -> etree._Element | None:
    """Return the reference's style for the role `wanted` when its name differs: by Word's built-in id
    (a renamed built-in style), else for a heading by its outline level; None when there is none."""
    styles = [style for style in root.iterchildren(W_STYLE) if style_type(style) == kind]
    built_in = BUILT_IN_IDS.get(wanted)
    found = next((style for style in styles if built_in and style.get(W_STYLE_ID) == built_in), None)
    if found is not None or wanted not in HEADING_LEVELS:
        return found
    return next((style for style in styles if outline_level(style) == HEADING_LEVELS[wanted]), None)


def mark_heading(style: etree._Element, wanted: str) -> None:
    """Give a style used for a heading role its outline level, so readers and `check` see it as a heading."""
    if wanted not in HEADING_LEVELS or outline_level(style) is not None:
        return
    properties = style.find(W_PPR)
    if properties is None:
        properties = style.makeelement(W_PPR, {})
        after = [child for child in style if child.tag in (W_RPR, qn("w:tblPr"), qn("w:trPr"), qn("w:tcPr"))]
        if after:
            after[0].addprevious(properties)
        else:
            style.append(properties)
    for old in properties.findall(W_OUTLINE):
        properties.remove(old)
    insert_in_order(properties, properties.makeelement(W_OUTLINE, {W_VAL: str(HEADING_LEVELS[wanted])}), AFTER_OUTLINE)


def brand_of(root: etree._Element, heading: etree._Element | None) -> Brand:
    """Return the brand a reference shows: the font and colour of its first heading style (following basedOn)."""
    by_id = {style.get(W_STYLE_ID): style for style in root.iterchildren(W_STYLE)}
    font = colour = None
    style, depth = heading, 0
    while style is not None and depth < 20 and (font is None or colour is None):
        properties = style.find(W_RPR)
        fonts = properties.find(W_FONTS) if properties is not None else None
        font = font or (fonts.get(qn("w:ascii")) if fonts is not None else None)
        colour_element = properties.find(W_COLOR) if properties is not None else None
        value = (colour_element.get(W_VAL) or "").upper() if colour_element is not None else ""
        if colour is None and len(value) == 6 and value != "AUTO":
            colour = value
        based_on = style.find(W_BASED_ON)
        style = by_id.get(based_on.get(W_VAL)) if based_on is not None else None
        depth += 1
    readable = colour if colour and _readable(colour) else None
    return Brand(font, readable)


def _readable(colour: str) -> bool:
    """Return True when text in `colour` reaches WCAG AA contrast on white paper."""
    try:
        return contrast_ratio(colour, WHITE) >= MIN_CONTRAST
    except ValueError:  # not a hexadecimal colour
        return False


def supply(root: etree._Element, wanted: str, kind: str, brand: Brand) -> etree._Element:
    """Add the shipped reference's style for `wanted` to the styles `root`, in the brand's look; return it.

    Its id is made unique in `root`; what it is based on becomes the reference's default style
    of its type, since the shipped ids ("Normal", "TableNormal") may name nothing there.
    """
    source = next(
        style
        for style in shipped_styles().iterchildren(W_STYLE)
        if wanted in [_ui_name(name) for name in names_of(style)] and style_type(style) == kind
    )
    style = copy.deepcopy(source)
    taken = {existing.get(W_STYLE_ID) for existing in root.iterchildren(W_STYLE)}
    base_id = style.get(W_STYLE_ID, "") or wanted.replace(" ", "")
    style.set(W_STYLE_ID, next(candidate for candidate in _candidates(base_id) if candidate not in taken))
    if W_DEFAULT in style.attrib:  # the shipped default styles are not supplied, but a copy is never a default
        del style.attrib[W_DEFAULT]
    _rebase(root, style)
    _adapt(style, wanted, brand)
    if wanted in ("List Bullet", "List Number"):
        _typed_markers(style)
    root.append(style)
    return style


def _ui_name(name: str) -> str:
    """Return a built-in style name as Word shows it ("heading 1" → "Heading 1")."""
    return name[0].upper() + name[1:] if name.startswith(("heading ", "footer", "caption")) else name


def _candidates(base: str) -> list[str]:
    """Return style ids to try in turn: the shipped one, then numbered ones."""
    return [base] + [f"{base}{number}" for number in range(1, 100)]


def _rebase(root: etree._Element, style: etree._Element) -> None:
    """Point a supplied style's basedOn at the reference's default style of its type, and drop links it lacks."""
    kind = style_type(style)
    defaults = [s for s in root.iterchildren(W_STYLE) if style_type(s) == kind and s.get(W_DEFAULT) in ON_VALUES]
    default = defaults[-1].get(W_STYLE_ID) if defaults else None
    for tag in (W_BASED_ON, W_NEXT, W_LINK):
        for element in style.findall(tag):
            if tag == W_BASED_ON and default:
                element.set(W_VAL, default)
            else:
                style.remove(element)


def _adapt(style: etree._Element, wanted: str, brand: Brand) -> None:
    """Set a supplied style in the brand's heading font and colour where the shipped one uses its accent."""
    if brand.heading_font and wanted in HEADING_FONT_STYLES:
        properties = style.find(W_RPR)
        if properties is None:
            properties = etree.SubElement(style, W_RPR)
        for old in properties.findall(W_FONTS):
            properties.remove(old)
        font = brand.heading_font
        properties.insert(0, properties.makeelement(W_FONTS, {qn("w:ascii"): font, qn("w:hAnsi"): font}))
    if brand.heading_colour is None:
        return
    for element in style.iter():
        if (element.get(W_COLOR) or element.get(W_VAL) or "").upper() == ACCENT:
            element.set(W_COLOR if element.get(W_COLOR) else W_VAL, brand.heading_colour)
        fill = (element.get(W_FILL) or "").upper()
        if fill in TINTS:
            element.set(W_FILL, tint(brand.heading_colour, TINTS[fill]))


def tint(colour: str, white: float) -> str:
    """Return `colour` mixed with `white` parts of white in linear light (0.8: a pale tint)."""
    return to_hex([from_linear(to_linear(channel) * (1 - white) + white) for channel in to_rgb(colour)])


def _typed_markers(style: etree._Element) -> None:
    """Make a supplied list style draw no bullet or number of its own: the writer types the markers.

    The shipped list styles point at numbering definitions the reference does not have.
    """
    properties = style.find(W_PPR)
    if properties is None:
        return
    for numbering in properties.findall(qn("w:numPr")):
        properties.remove(numbering)
    checklist = next(s for s in shipped_styles().iterchildren(W_STYLE) if s.get(W_STYLE_ID) == "Checklist")
    shipped = checklist.find(W_PPR)
    for tag in ("w:tabs", "w:ind"):
        source = shipped.find(qn(tag)) if shipped is not None else None
        if source is not None and properties.find(qn(tag)) is None:
            insert_in_order(properties, copy.deepcopy(source), ("w:jc", "w:outlineLvl", "w:rPr"))
