"""The slide-count rule: an activity's steps and notes name as many slides as its part of the deck has.

A facilitator reads "present the five slides" and clicks through the deck; when charts or
diagrams are added later, the number goes stale without anyone noticing. The rule finds a
number of slides in an activity's steps and facilitator notes ("five slides", "las seis
diapositivas", "les 4 diapositives": digits, or number words from two to twelve in English,
Spanish and French) and compares it with the slides of that activity in the built deck.

An activity's part of the deck is found by its slides' titles, in module order: its first
slide, each of its slides in turn, and the continued slides the writer adds after one
("Title (cont.)"). Either count is right in the text: the module's slides, or the slides on
screen with the continued ones. An activity whose slides are not all found under their
titles (a template without title placeholders) is not judged, nor one without slides of its
own, whose "two slides" may be anyone's. Findings are warnings at the module's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.presentation import Presentation as PptxPresentation

from toolkit.core.diagnostics import Severity, field_path, quote
from toolkit.module.model import Activity, Module
from toolkit.module.number_words import NUMBER_WORDS
from toolkit.module.yamlsafe import FieldPath
from toolkit.quality.findings import Finding

# One slide is no presentation to count; past twelve a text gives digits.
SLIDE_NUMBER_WORDS = {word: number for word, number in NUMBER_WORDS.items() if 2 <= number <= 12}
# A number right before the plural noun. "Two theme slides", "the first two slides" and "las dos diapositivas
# de los temas" name a part of the activity's slides, not all of them, so they are left alone.
SLIDE_COUNT = re.compile(
    rf"(?<!\w)(?<!first )(?<!last )(?<!next )(?<!other )(?<!premières )(?<!dernières )(?<!primeras )(?<!últimas )"
    rf"(\d{{1,2}}|{'|'.join(SLIDE_NUMBER_WORDS)})\s+(slides|diapositivas|diapositives)(?!\w)"
    r"(?!\s+(?:on|about|of|de|del|sobre|des|du|sur)\b)",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"[*_`\\]")


@dataclass(frozen=True)
class DeckPart:
    """An activity's slides in the deck: as many as the module has, and on screen with continued slides."""

    authored: int
    on_screen: int


def stated_counts(text: str) -> Iterator[tuple[str, int]]:
    """Yield each number of slides a text names, as written ("five slides") and as a number."""
    for found in SLIDE_COUNT.finditer(text):
        number = found.group(1).lower()
        yield " ".join(found.group(0).split()), int(number) if number.isdigit() else SLIDE_NUMBER_WORDS[number]


def _plain(title: str) -> str:
    """Return a title without inline Markdown, its white space as single spaces, as a deck shows it."""
    return " ".join(_MARKUP.sub("", title).split())


def _continues(title: str, base: str) -> bool:
    """Return True for the title of a continued slide: the slide's title then a bracketed label, "(cont.)"."""
    rest = title[len(base) :].strip() if title.startswith(base) else ""
    return rest.startswith("(") and rest.endswith(")")


def deck_parts(titles: Sequence[str], activities: Sequence[Activity]) -> dict[int, DeckPart]:
    """Return, by activity index, the deck slides of each activity with slides whose titles are all found in order."""
    parts: dict[int, DeckPart] = {}
    cursor = 0
    for index, activity in enumerate(activities):
        expected = [_plain(slide.title) for slide in activity.slides]
        if not expected or expected[0] not in titles[cursor:]:
            continue
        start = titles.index(expected[0], cursor)
        position = start
        for title in expected:
            if position >= len(titles) or titles[position] != title:
                break
            position += 1
            while position < len(titles) and _continues(titles[position], title):
                position += 1
        else:
            parts[index] = DeckPart(len(expected), position - start)
            cursor = position
    return parts


def activity_texts(activity: Activity, at: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Yield (field path, text) for an activity's steps and facilitator notes, the texts that tell what to show."""
    for number, step in enumerate(activity.steps):
        yield (*at, "steps", number), step
    if activity.facilitator_notes:
        yield (*at, "facilitator_notes"), activity.facilitator_notes


def slide_counts(deck: PptxPresentation, module: Module) -> list[Finding]:
    """Return a warning for each number of slides an activity names that its part of the deck does not have."""
    titles = [_plain(slide.shapes.title.text) if slide.shapes.title is not None else "" for slide in deck.slides]
    findings = []
    for index, part in deck_parts(titles, module.activities).items():
        for path, text in activity_texts(module.activities[index], ("activities", index)):
            for written, number in stated_counts(text):
                if number not in (part.authored, part.on_screen):
                    findings.append(_finding(module, path, written, part))
    return findings


def deck_slide_counts(path: Path, module: Module) -> list[Finding]:
    """Return the slide-count warnings for the deck at `path` built from `module` (none if it cannot be opened).

    The file rules report a deck that cannot be opened; this rule has nothing to add to that.
    """
    try:
        deck = Presentation(str(path))
    except Exception:  # python-pptx raises many kinds for a file that is not a deck
        return []
    return slide_counts(deck, module)


def _finding(module: Module, path: FieldPath, written: str, part: DeckPart) -> Finding:
    """Return the warning for one stale number of slides, at the module's line."""
    shown = f"{part.authored} slides"
    if part.on_screen != part.authored:
        shown += f" ({part.on_screen} on screen, with the continued ones)"
    message = (
        f"{field_path(path)}: says {quote(written)}, but this activity has {shown} in the deck; "
        "write the number it has, and check that its minutes still fit"
    )
    return Finding(module.file, module.position(path), Severity.WARNING, message, "deck.slide-count")
