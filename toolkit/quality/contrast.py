"""Text contrast as WCAG 2.2 defines it: relative luminance, contrast ratio, and the deck rule.

Colours come from the theme through the slide's colour map, or from the text itself when
a run sets one; the background is the shape's or table cell's fill, else the slide's.
"""

from __future__ import annotations

from collections.abc import Iterator

from pptx.presentation import Presentation

from toolkit.quality.colours import Colour, Fill, to_linear, to_rgb
from toolkit.quality.findings import Finding, error
from toolkit.quality.slide_text import TextFrame
from toolkit.quality.slide_view import SlideView, slide_views

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


def frame_contrast(frame: TextFrame) -> tuple[float, Colour, Colour] | None:
    """Return the lowest contrast in a text frame as (ratio, text colour, background colour), or None."""
    worst = None
    colours = {run.colour for p in frame.paragraphs for line in p.lines for run in line if run.text.strip()}
    for text in sorted(c for c in colours if c):
        found = worst_contrast(text, frame.backdrop)
        if found and (worst is None or found[0] < worst[0]):
            worst = (found[0], text, found[1])
    return worst


def low_contrast(prs: Presentation) -> list[Finding]:
    """Return an error for each shape (or table row kind) whose text reaches less than 4.5:1 on its background."""
    findings = []
    for number, view in enumerate(slide_views(prs), start=1):
        seen: set[tuple[str, Colour, Colour]] = set()
        for frame, shape, where in _frames(view):
            worst = frame_contrast(frame)
            if worst is None or worst[0] >= MIN_CONTRAST or (shape, *worst[1:]) in seen:
                continue
            seen.add((shape, *worst[1:]))  # one finding per shape and colour pair, not one per table cell
            ratio, text, backdrop = worst
            findings.append(
                error(
                    "deck.contrast",
                    f"slide {number}",
                    f'text in "{where}" is #{text} on #{backdrop}, a contrast of {ratio:.2f}:1; WCAG 2.2 AA '
                    f"needs {MIN_CONTRAST}:1 — darken the text or lighten the background (in the theme colours)",
                )
            )
    return findings


def _frames(view: SlideView) -> Iterator[tuple[TextFrame, str, str]]:
    """Yield every text frame of a slide, table cells included, with its shape's name and a place for messages."""
    for frame in view.text_frames:
        yield frame, frame.name, frame.name
    for table in view.tables:
        for row_number, row in enumerate(table.cells, start=1):
            for cell in row:
                yield cell, table.name, f"{table.name}, row {row_number}, {cell.name}"
