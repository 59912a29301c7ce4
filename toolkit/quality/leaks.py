"""The leak rule: no facilitator-only text of a module may reach a participant's file.

Facilitator-only text is what the module format reserves for the facilitator (preparation,
safeguarding notes, steps, variations, facilitator notes, speaker notes, question
guidance); participants see the handout and the visible text of the slides.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from pptx.presentation import Presentation

from toolkit.core.diagnostics import field_path, quote
from toolkit.module.model import Module
from toolkit.module.yamlsafe import FieldPath
from toolkit.quality.document_rules import paragraphs
from toolkit.quality.findings import Finding, error
from toolkit.quality.slide_view import slide_views

# Inline Markdown a module's text may carry: bold and italic marks, link brackets and addresses.
_MARKUP = re.compile(r"\*\*|\*|\[|\]\([^)]*\)")
MIN_WORDS = 3  # shorter texts ("Read aloud.") could appear anywhere by chance
FACILITATOR_FILE_SUFFIX = "facilitator-guide"


@dataclass(frozen=True)
class FacilitatorText:
    """A facilitator-only text of a module, as it reads once built, and the field it comes from."""

    path: FieldPath
    text: str


def normalise(text: str) -> str:
    """Return text with every run of whitespace as one space, as compared across files."""
    return " ".join(text.split())


def _plain(text: str) -> str:
    """Return module text without its inline Markdown, whitespace normalised."""
    return normalise(_MARKUP.sub("", text))


def facilitator_texts(module: Module) -> list[FacilitatorText]:
    """Return every facilitator-only text of a module long enough to be recognised (3+ words), with its field."""
    found: list[tuple[FieldPath, str]] = [(("preparation", i), t) for i, t in enumerate(module.preparation)]
    if module.content_note:
        found += [(("content_note", "safeguarding", i), t) for i, t in enumerate(module.content_note.safeguarding)]
    for a, activity in enumerate(module.activities):
        at = ("activities", a)
        found += [((*at, "steps", i), t) for i, t in enumerate(activity.steps)]
        for v, variation in enumerate(activity.variations):
            if isinstance(variation, str):
                found.append(((*at, "variations", v), variation))
            else:
                found.append(((*at, "variations", v, "title"), variation.title))
                found += [((*at, "variations", v, "steps", i), t) for i, t in enumerate(variation.steps)]
        found += [((*at, "facilitator_notes"), activity.facilitator_notes)] if activity.facilitator_notes else []
        found += [((*at, "slides", s, "notes"), slide.notes) for s, slide in enumerate(activity.slides) if slide.notes]
        found += [
            ((*at, "questions", q, "guidance", g), text)
            for q, question in enumerate(activity.questions)
            for g, text in enumerate(question.guidance)
        ]
    plain = [FacilitatorText(path, _plain(text)) for path, text in found]
    return [item for item in plain if len(item.text.split()) >= MIN_WORDS]


def facilitator_only(module: Module) -> list[str]:
    """Return every facilitator-only text of a module that is long enough to be recognised (3+ words)."""
    return [item.text for item in facilitator_texts(module)]


def is_participant_file(path: Path) -> bool:
    """Return True for a file participants get: a deck or a handout, not a facilitator guide."""
    return path.suffix.lower() in (".pptx", ".docx") and not path.stem.endswith(FACILITATOR_FILE_SUFFIX)


def deck_leaks(prs: Presentation, module: Module) -> list[Finding]:
    """Return an error for each facilitator-only text shown on a slide (speaker notes are not shown)."""
    chunks = []
    for number, view in enumerate(slide_views(prs), start=1):
        texts = [frame.text for frame in view.text_frames]
        texts += [cell.text for table in view.tables for row in table.cells for cell in row]
        chunks.append((f"slide {number}", normalise(" ".join(texts))))
    return _leaks(chunks, module)


def document_leaks(document: Document, module: Module) -> list[Finding]:
    """Return an error for each facilitator-only text in a participant's document."""
    chunks = [(f"paragraph {n}", normalise("".join(p.itertext()))) for n, p in paragraphs(document)]  # type: ignore[arg-type]  # lxml-stubs: str | bytes; lxml gives str
    return _leaks(chunks, module)


def _leaks(chunks: list[tuple[str, str]], module: Module) -> list[Finding]:
    """Return an error for each facilitator-only text found in the file's text, placed at the chunk it starts in."""
    starts, offset = [], 0
    for _, text in chunks:
        starts.append(offset)
        offset += len(text) + 1
    whole = " ".join(text for _, text in chunks)
    findings = []
    for item in facilitator_texts(module):
        found = whole.find(item.text)
        if found < 0:
            continue
        location = chunks[bisect.bisect_right(starts, found) - 1][0]
        findings.append(error("leak.facilitator-text", location, _message(module, item)))
    return findings


def _message(module: Module, item: FacilitatorText) -> str:
    """Return what to say about a leaked text: what it is, where it comes from, and what to do."""
    position = module.position(item.path)
    source = f"{module.file}:{position.line}:{position.column}" if position else module.file
    return (
        f"facilitator-only text {quote(item.text)} ({field_path(item.path)}, {source}) is in this participant file; "
        "keep it to the speaker notes and the facilitator guide (check the templates that put it here)"
    )
