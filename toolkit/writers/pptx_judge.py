"""A deck template judged before a deck is built on it: which layout plays each part, and whether its text is readable.

Layouts are found by name ("Title and Content"), else by the layout type PowerPoint records
whatever the language ("obj"), else by the placeholders they hold, so a French deck's
"Titre et contenu" is used for content slides. The text colour of each title and text
placeholder, and of the footer and slide-number placeholders the deck fills in, is followed
through the layout, master, text styles and theme, and its contrast with what shows behind it
computed as `doctor` and `check` do: below 4.5:1 is an error that names the layout, the
placeholder and what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from toolkit.writers.colours import (
    MIN_CONTRAST,
    Fill,
    Palette,
    background,
    colour_child,
    contrast_advice,
    palette_for,
    worst_contrast,
)
from toolkit.writers.pptx_xml import (
    BODY,
    CENTER_TITLE,
    FOOTER,
    OBJECT,
    SLIDE_NUMBER,
    SUBTITLE,
    TITLE,
    ph_type,
    placeholders,
    qn,
)

# The layout type PowerPoint writes on each standard layout, in every language.
LAYOUT_TYPES = {"title": "title", "section": "secHead", "content": "obj", "two-content": "twoObj"}
TEXT_KINDS = (BODY, OBJECT)
WORDS = {
    TITLE: "title",
    CENTER_TITLE: "title",
    SUBTITLE: "subtitle",
    BODY: "text",
    OBJECT: "content",
    FOOTER: "footer",
    SLIDE_NUMBER: "slide number",
}
# The master text style each kind of placeholder falls back on; the footer ones take the "other" style.
MASTER_STYLES = {
    TITLE: "p:titleStyle",
    CENTER_TITLE: "p:titleStyle",
    FOOTER: "p:otherStyle",
    SLIDE_NUMBER: "p:otherStyle",
}
MASTER_KIND = {CENTER_TITLE: TITLE, SUBTITLE: BODY, OBJECT: BODY}


@dataclass(frozen=True)
class Candidate:
    """A layout of the template: its name and XML."""

    name: str
    root: etree._Element


def match_layouts(layouts: Sequence[Candidate], names: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """Return the position of the layout for each logical name, and how those not found by name were found.

    `names` maps logical names to the standard layout names. A layout is taken by name, else
    by its layout type, else by its placeholders: a title and a subtitle make a title slide,
    a title and one text placeholder a content slide (or a section header when its type
    says so), a title and two a two-content slide. Each layout plays one part at most.
    """
    chosen: dict[str, int] = {}
    how: dict[str, str] = {}
    by_name = {layout.name: index for index, layout in reversed(list(enumerate(layouts)))}
    for logical, name in names.items():
        if name in by_name:
            chosen[logical] = by_name[name]
    for logical in names:
        if logical in chosen:
            continue
        free = [index for index in range(len(layouts)) if index not in chosen.values()]
        typed = [index for index in free if layouts[index].root.get("type") == LAYOUT_TYPES[logical]]
        shaped = [index for index in free if _shape_says(layouts[index].root) == logical]
        found = typed[:1] or shaped[:1]
        if found:
            chosen[logical] = found[0]
            how[logical] = "its layout type" if typed else "its placeholders"
    return chosen, how


def _shape_says(layout: etree._Element) -> str | None:
    """Return the part a layout's placeholders fit it for (title, content, two-content), or None."""
    kinds = [ph_type(ph) for _, ph in placeholders(layout)]
    if CENTER_TITLE in kinds or (TITLE in kinds and SUBTITLE in kinds):
        return "title"
    if TITLE not in kinds:
        return None
    texts = sum(kind in TEXT_KINDS for kind in kinds)
    return {1: "content", 2: "two-content"}.get(texts)


@dataclass(frozen=True)
class ContrastProblem:
    """Text too faint on a layout: which placeholder, its colour, the background and their contrast."""

    layout: str
    placeholder: str
    text: str
    backdrop: str
    ratio: float

    def message(self) -> str:
        """Return what is wrong and what to change, as doctor and the build say it."""
        return (
            f'text in the {self.placeholder} placeholder of layout "{self.layout}" is #{self.text} on '
            f"#{self.backdrop}, a contrast of {self.ratio:.2f}:1; WCAG 2.2 AA needs {MIN_CONTRAST}:1 — "
            f"{contrast_advice(self.text, self.backdrop).text()} (in View > Slide Master: that placeholder's text "
            "colour, the theme colours or the background)"
        )


def layout_contrast(
    layout_name: str,
    layout: etree._Element,
    master: etree._Element,
    theme: etree._Element | None,
    defaults: etree._Element | None,
    with_footer: bool = True,
) -> list[ContrastProblem]:
    """Return the placeholders of a layout whose text is below 4.5:1 on what shows behind it: title, text,
    and the footer and slide number the deck fills in.

    `defaults` is the presentation's default text style, which every text style falls back on;
    `with_footer` is False for a layout whose slides show no footer (the title slide), whose
    footer placeholder is then not judged.
    """
    palette = palette_for([layout, master], theme)
    behind = background([layout, master], palette)
    problems = []
    for shape, ph in placeholders(layout):
        kind = ph_type(ph)
        if kind not in WORDS or (kind == FOOTER and not with_footer):
            continue
        inherited = _master_placeholder(master, MASTER_KIND.get(kind, kind))
        colour = _text_colour([shape, inherited], master, kind, defaults, palette)
        backdrop = _backdrop([shape, inherited], palette, behind)
        worst = worst_contrast(colour, backdrop) if colour else None
        if colour and worst and worst[0] < MIN_CONTRAST:
            problems.append(ContrastProblem(layout_name, WORDS[kind], colour, worst[1], worst[0]))
    return problems


def _master_placeholder(master: etree._Element, kind: str) -> etree._Element | None:
    """Return the master's placeholder of a type, which a layout placeholder inherits from."""
    return next(
        (shape for shape, ph in placeholders(master) if MASTER_KIND.get(ph_type(ph), ph_type(ph)) == kind), None
    )


def _text_colour(
    shapes: list[etree._Element | None],
    master: etree._Element,
    kind: str,
    defaults: etree._Element | None,
    palette: Palette,
) -> str | None:
    """Return the colour text typed in a placeholder gets: its own style, the master's, the text styles', else tx1."""
    styles = [shape.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}") for shape in shapes if shape is not None]
    name = MASTER_STYLES.get(kind, "p:bodyStyle")
    styles += [master.find(f"{qn('p:txStyles')}/{qn(name)}"), defaults]
    for style in styles:
        fill = style.find(f"{qn('a:lvl1pPr')}/{qn('a:defRPr')}/{qn('a:solidFill')}") if style is not None else None
        if fill is not None:
            return palette.colour(colour_child(fill))
    return palette.scheme("tx1")


def _backdrop(shapes: list[etree._Element | None], palette: Palette, behind: Fill) -> Fill:
    """Return what shows behind a placeholder's text: its own fill or the one it inherits, else the background."""
    for shape in shapes:
        fill = palette.fill(shape.find(qn("p:spPr"))) if shape is not None else None
        if fill is not None:
            return behind if fill.kind == "none" else fill
    return behind
