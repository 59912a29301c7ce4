"""DrawingML colours as RGB: a master's theme and colour map, tints and shades, fills and backgrounds,
and the contrast of text on them as WCAG 2.2 defines it.

The deck writer judges a template's layouts with these at build time, and `check` and
`doctor` judge finished slides with them.

A slide rarely names a colour outright: text is "tx1", a background "bg1", a table header
"accent1"; the colour map of the slide, layout or master turns those into theme slots
(dk1, lt1, accent1, …) and the theme gives each slot its value. Modifiers (tint, shade,
lumMod, lumOff, satMod) then lighten or darken it, the way PowerPoint and LibreOffice do.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from functools import cache, lru_cache

from lxml import etree

from toolkit.writers.pptx_xml import qn as _qn

qn = cache(_qn)  # the same few tags are looked up for every run of every slide
Colour = str  # "RRGGBB", upper case

WHITE: Colour = "FFFFFF"
DEFAULT_MAP = {
    "bg1": "lt1",
    "tx1": "dk1",
    "bg2": "lt2",
    "tx2": "dk2",
    **{f"accent{n}": f"accent{n}" for n in range(1, 7)},
    "hlink": "hlink",
    "folHlink": "folHlink",
}
SYSTEM_COLOURS = {"windowText": "000000", "window": "FFFFFF", "btnText": "000000", "btnFace": "F0F0F0"}
PRESET_COLOURS = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000", "blue": "0000FF"}
COLOUR_TAGS = {qn(f"a:{tag}") for tag in ("srgbClr", "schemeClr", "sysClr", "prstClr", "scrgbClr", "hslClr")}
FILL_TAGS = {qn(f"a:{tag}") for tag in ("solidFill", "gradFill", "noFill", "blipFill", "pattFill", "grpFill")}
PERCENT = 100_000  # DrawingML percentages are in thousandths of a percent


@dataclass(frozen=True)
class Fill:
    """What fills a shape or background: `kind` is solid, gradient, none (see-through) or other.

    `colours` holds the solid colour or the gradient's stops; "other" (a picture or a
    pattern) has none, and no contrast can be judged against it.
    """

    kind: str
    colours: tuple[Colour, ...] = ()


@dataclass(frozen=True)
class Palette:
    """The colours in force on one slide, layout or master: theme slots and the colour map."""

    slots: dict[str, Colour]
    mapping: dict[str, str]
    theme: etree._Element | None = None

    def colour(self, element: etree._Element | None, placeholder: Colour | None = None) -> Colour | None:
        """Return the RGB value of a colour element (srgbClr, schemeClr, …) with its modifiers applied.

        `placeholder` stands in for "phClr", the colour a style reference passes down.
        """
        if element is None:
            return None
        base = self._base(element, placeholder)
        return None if base is None else apply_modifiers(base, element)

    def scheme(self, name: str) -> Colour | None:
        """Return the value of a scheme colour name such as tx1, bg2 or accent1."""
        slot = self.mapping.get(name, name)
        return self.slots.get(slot)

    def _base(self, element: etree._Element, placeholder: Colour | None) -> Colour | None:
        """Return a colour element's value before modifiers."""
        tag = etree.QName(element).localname
        if tag == "srgbClr":
            return element.get("val", "").upper() or None
        if tag == "schemeClr":
            name = element.get("val", "")
            return placeholder if name == "phClr" else self.scheme(name)
        if tag == "sysClr":
            return (element.get("lastClr") or SYSTEM_COLOURS.get(element.get("val", ""), "")).upper() or None
        if tag == "prstClr":
            return PRESET_COLOURS.get(element.get("val", ""))
        if tag == "scrgbClr":
            linear = [int(element.get(channel, "0")) / PERCENT for channel in ("r", "g", "b")]
            return to_hex([from_linear(value) for value in linear])
        if tag == "hslClr":
            hue = int(element.get("hue", "0")) / 21_600_000
            red, green, blue = colorsys.hls_to_rgb(
                hue, int(element.get("lum", "0")) / PERCENT, int(element.get("sat", "0")) / PERCENT
            )
            return to_hex([red, green, blue])
        return None

    def fill(self, parent: etree._Element | None, placeholder: Colour | None = None) -> Fill | None:
        """Return the fill a parent element (spPr, bgPr, tcPr, a style's fill) sets, or None if it sets none."""
        element = _first_child(parent, FILL_TAGS)
        if element is None:
            return None
        tag = etree.QName(element).localname
        if tag == "solidFill":
            colour = self.colour(_first_child(element, COLOUR_TAGS), placeholder)
            return Fill("solid", (colour,)) if colour else Fill("other")
        if tag == "gradFill":
            stops = [self.colour(_first_child(stop, COLOUR_TAGS), placeholder) for stop in element.iter(qn("a:gs"))]
            return Fill("gradient", tuple(stop for stop in stops if stop))
        if tag in ("noFill", "grpFill"):
            return Fill("none")
        return Fill("other")

    def style_fill(self, reference: etree._Element | None) -> Fill | None:
        """Return the fill a theme style reference (`a:fillRef` or `a:bgRef`) stands for, or None."""
        if reference is None:
            return None
        index = int(reference.get("idx", "0"))
        colour = self.colour(_first_child(reference, COLOUR_TAGS))
        if index == 0:
            return Fill("none")
        styles = self._fill_styles(background=index >= 1000)
        position = index - 1001 if index >= 1000 else index - 1
        if 0 <= position < len(styles):
            return self.fill_element(styles[position], colour)
        return Fill("solid", (colour,)) if colour else None

    def fill_element(self, element: etree._Element, placeholder: Colour | None) -> Fill | None:
        """Return the fill of a bare fill element (a theme fill style), phClr standing for `placeholder`."""
        wrapper = etree.Element("wrapper")
        wrapper.append(_copy(element))
        return self.fill(wrapper, placeholder)

    def _fill_styles(self, background: bool) -> list[etree._Element]:
        """Return the theme's fill styles: background fills (bgRef 1001…) or shape fills (fillRef 1…)."""
        if self.theme is None:
            return []
        name = "a:bgFillStyleLst" if background else "a:fillStyleLst"
        styles = self.theme.find(f"{qn('a:themeElements')}/{qn('a:fmtScheme')}/{qn(name)}")
        return list(styles) if styles is not None else []


def _copy(element: etree._Element) -> etree._Element:
    """Return a detached copy of an element, so wrapping it leaves the theme untouched."""
    return etree.fromstring(etree.tostring(element))


def _first_child(parent: etree._Element | None, tags: set[str]) -> etree._Element | None:
    """Return the first child of `parent` whose tag is one of `tags`, or None."""
    if parent is None:
        return None
    return next((child for child in parent if child.tag in tags), None)


def colour_child(parent: etree._Element | None) -> etree._Element | None:
    """Return the colour element directly inside `parent` (as in a:fontRef or a:solidFill), or None."""
    return _first_child(parent, COLOUR_TAGS)


@lru_cache(maxsize=16)
def parse_theme(blob: bytes) -> etree._Element:
    """Return a theme part parsed; keyed by its bytes, so every slide of a deck shares one parse."""
    return etree.fromstring(blob)


def theme_slots(theme: etree._Element | None) -> dict[str, Colour]:
    """Return the theme's colour slots (dk1, lt1, …, hlink) as RGB values."""
    if theme is None:
        return {}
    scheme = theme.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    slots: dict[str, Colour] = {}
    bare = Palette({}, {})
    for slot in scheme if scheme is not None else ():
        value = bare.colour(colour_child(slot))
        if value:
            slots[etree.QName(slot).localname] = value
    return slots


def colour_map(elements: list[etree._Element]) -> dict[str, str]:
    """Return the colour map in force: the first override among slide and layout, else the master's map.

    `elements` are the slide (or layout) and master XML roots, nearest first.
    """
    for element in elements:
        override = element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
        if override is not None:
            return {**DEFAULT_MAP, **dict(override.attrib)}  # type: ignore[arg-type]  # lxml-stubs: str | bytes; lxml gives str
        mapping = element.find(qn("p:clrMap"))
        if mapping is not None:
            return {**DEFAULT_MAP, **dict(mapping.attrib)}  # type: ignore[arg-type]  # lxml-stubs: str | bytes; lxml gives str
    return dict(DEFAULT_MAP)


def palette_for(elements: list[etree._Element], theme: etree._Element | None) -> Palette:
    """Return the palette of a slide, layout or master: its `elements` nearest first, ending with the master's,
    and the master's `theme`."""
    return Palette(theme_slots(theme), colour_map(elements), theme)


def background(elements: list[etree._Element], palette: Palette) -> Fill:
    """Return the background of a slide: its own, else its layout's, else its master's, else bg1."""
    for element in elements:
        found = element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if found is None:
            continue
        properties = found.find(qn("p:bgPr"))
        fill = palette.fill(properties) if properties is not None else palette.style_fill(found.find(qn("p:bgRef")))
        if fill is not None:
            return fill
    colour = palette.scheme("bg1") or WHITE
    return Fill("solid", (colour,))


# --- colour arithmetic --------------------------------------------------------------------------


def to_rgb(colour: Colour) -> list[float]:
    """Return an RRGGBB colour as three sRGB channels from 0 to 1."""
    return [int(colour[index : index + 2], 16) / 255 for index in (0, 2, 4)]


def to_hex(channels: list[float]) -> Colour:
    """Return three sRGB channels from 0 to 1 as RRGGBB."""
    return "".join(f"{round(min(1.0, max(0.0, value)) * 255):02X}" for value in channels)


def to_linear(value: float) -> float:
    """Return an sRGB channel (0 to 1) in linear light, as WCAG's relative luminance defines it."""
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def from_linear(value: float) -> float:
    """Return a linear-light channel (0 to 1) as an sRGB channel."""
    value = min(1.0, max(0.0, value))
    return value * 12.92 if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055


def apply_modifiers(colour: Colour, element: etree._Element) -> Colour:
    """Return `colour` with the modifiers inside `element` applied in order.

    Tint and shade mix with white and black in linear light, lumMod, lumOff and satMod
    work on HSL lightness and saturation, as LibreOffice's import does. Transparency is
    ignored: text is judged as if opaque.
    """
    channels = to_rgb(colour)
    for modifier in element:
        name = etree.QName(modifier).localname
        amount = int(modifier.get("val", "0")) / PERCENT
        if name == "tint":
            channels = [from_linear(to_linear(c) * amount + (1 - amount)) for c in channels]
        elif name == "shade":
            channels = [from_linear(to_linear(c) * amount) for c in channels]
        elif name in ("lumMod", "lumOff", "satMod"):
            channels = _hsl_modifier(channels, name, amount)
    return to_hex(channels)


def _hsl_modifier(channels: list[float], name: str, amount: float) -> list[float]:
    """Return channels with lightness multiplied (lumMod) or raised (lumOff), or saturation multiplied."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*channels)
    if name == "lumMod":
        lightness *= amount
    elif name == "lumOff":
        lightness += amount
    else:
        saturation *= amount
    red, green, blue = colorsys.hls_to_rgb(hue, min(1.0, max(0.0, lightness)), min(1.0, max(0.0, saturation)))
    return [red, green, blue]


# --- contrast -----------------------------------------------------------------------------------

MIN_CONTRAST = 4.5  # WCAG 2.2 AA, success criterion 1.4.3, for text of any size


def relative_luminance(colour: Colour) -> float:
    """Return the WCAG relative luminance of an RRGGBB colour: 0 for black, 1 for white."""
    red, green, blue = (to_linear(channel) for channel in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: Colour, second: Colour) -> float:
    """Return the WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def worst_contrast(text: Colour, backdrop: Fill) -> tuple[float, Colour] | None:
    """Return the lowest contrast of a text colour against a fill (each stop of a gradient), and that colour.

    None when the fill is a picture or pattern, against which no ratio can be computed.
    """
    if not backdrop.colours:
        return None
    return min((contrast_ratio(text, colour), colour) for colour in backdrop.colours)


BLACK: Colour = "000000"


@dataclass(frozen=True)
class ContrastAdvice:
    """Which way text must go to be read on a background, with colours that reach 4.5:1 there.

    `lighter` is True on a dark background (light text reads on it), False on a light one;
    `extreme` is white or black, the colour with the most contrast there; `nearest` is the
    text colour itself lightened or darkened just enough (its hue kept), with its ratio.
    """

    lighter: bool
    extreme: Colour
    extreme_ratio: float
    nearest: Colour
    nearest_ratio: float

    def text(self) -> str:
        """Return the advice as a message ends it: which way, the colours that pass, and the other remedy."""
        way, background, verb = ("lighter", "dark", "lightened") if self.lighter else ("darker", "light", "darkened")
        name = "white" if self.lighter else "black"
        return (
            f"the background is {background}, so the text must be {way}: {name} (#{self.extreme}) reaches "
            f"{self.extreme_ratio:.2f}:1, #{self.nearest} (the text colour {verb} just enough) "
            f"{self.nearest_ratio:.2f}:1; or make the background {way}"
        )


def contrast_advice(text: Colour, backdrop: Colour) -> ContrastAdvice:
    """Return which way text in `text` must go to reach 4.5:1 on `backdrop`, and colours that do.

    The way is the one white or black reaches more contrast on: on any background one of
    them reaches at least 4.58:1. The nearest colour mixes the text with that extreme in
    linear light, where luminance moves in a straight line, by the least share that passes.
    """
    lighter = contrast_ratio(WHITE, backdrop) >= contrast_ratio(BLACK, backdrop)
    extreme = WHITE if lighter else BLACK
    nearest = text
    if contrast_ratio(text, backdrop) < MIN_CONTRAST:
        nearest = _mixed_until_readable(text, extreme, backdrop)
    return ContrastAdvice(
        lighter, extreme, contrast_ratio(extreme, backdrop), nearest, contrast_ratio(nearest, backdrop)
    )


def _mixed_until_readable(text: Colour, extreme: Colour, backdrop: Colour) -> Colour:
    """Return `text` mixed with `extreme` (white or black) by the least share that reaches 4.5:1 on `backdrop`."""
    start = relative_luminance(text)
    end = relative_luminance(extreme)
    behind = relative_luminance(backdrop)
    target = MIN_CONTRAST * (behind + 0.05) - 0.05 if end > behind else (behind + 0.05) / MIN_CONTRAST - 0.05
    share = min(1.0, max(0.0, (target - start) / (end - start))) if end != start else 1.0
    ends = [to_linear(channel) for channel in to_rgb(extreme)]
    channels = [to_linear(channel) for channel in to_rgb(text)]
    while True:  # rounding to whole RGB values can fall just short: step on until it passes
        mixed = to_hex([from_linear(c * (1 - share) + e * share) for c, e in zip(channels, ends)])
        if contrast_ratio(mixed, backdrop) >= MIN_CONTRAST or share >= 1.0:
            return mixed
        share = min(1.0, share + 0.005)
