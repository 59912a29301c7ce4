"""The deck rule on text contrast (the arithmetic is `toolkit.writers.colours`'s).

Colours come from the theme through the slide's colour map, or from the text itself when
a run sets one; the background is the shape's or table cell's fill, else the slide's.
"""

from __future__ import annotations

from collections.abc import Iterator

from pptx.presentation import Presentation

from toolkit.quality.findings import Finding, error
from toolkit.quality.slide_text import TextFrame
from toolkit.quality.slide_view import SlideView, slide_views
from toolkit.writers.colours import MIN_CONTRAST, Colour, contrast_advice, worst_contrast


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
                    f"needs {MIN_CONTRAST}:1 — {contrast_advice(text, backdrop).text()} (in the theme colours)",
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
