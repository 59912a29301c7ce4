"""Write a document-tree Deck as PDF: the slides, notes pages, or a slide handout, all from the .pptx plan."""

from __future__ import annotations

from pathlib import Path

from toolkit.core.diagnostics import Diagnostic
from toolkit.render.doctree import Deck
from toolkit.writers.pdf.compile import compile_pdf, compile_png
from toolkit.writers.pdf.deck_data import deck_data
from toolkit.writers.pdf.tree_data import PAPERS
from toolkit.writers.pdf.warnings import deck_not_accessible
from toolkit.writers.pptx import plan_deck
from toolkit.writers.pptx_layouts import DEFAULT_TEMPLATE, load_template
from toolkit.writers.written import Written

DECK_MODES = ("slides", "notes", "handout")  # one slide a page; a slide and its notes a page; three slides a page


def write_deck_pdf(deck: Deck, template: Path | None = None, mode: str = "slides", paper: str = "a4") -> Written:
    """Return the PDF bytes of `deck` in `mode` (see DECK_MODES), tagged PDF/UA-1, and its warnings.

    Slides are planned on `template` (default: templates/deck.pptx) exactly as the .pptx is,
    so the text on each page is what the slide shows. `paper` ("a4" or "letter") is the
    page of notes pages and handouts; slides keep the template's slide size. The warnings
    are the plan's (those of the .pptx writer), and one when the file cannot be PDF/UA-1.
    Raises DiagnosticsError when the template cannot be used or a picture cannot be read.
    """
    return write_deck_pdfs(deck, template, (mode,), paper)[mode]


def write_deck_pdfs(
    deck: Deck, template: Path | None = None, modes: tuple[str, ...] = DECK_MODES, paper: str = "a4"
) -> dict[str, Written]:
    """Return the PDF of `deck` in each of `modes`, as `write_deck_pdf` makes it, from one plan of the deck.

    Planning (fitting every slide's text) is most of a deck PDF's cost: the three files share it.
    """
    unknown = [mode for mode in modes if mode not in DECK_MODES]
    if unknown:
        raise ValueError(f"unknown deck mode {unknown[0]!r}; choose from {', '.join(DECK_MODES)}")
    spec = load_template(template or DEFAULT_TEMPLATE)
    planned: list[Diagnostic] = list(spec.warnings)
    plan = plan_deck(deck, spec, planned)
    written = {}
    for mode in modes:
        warnings = list(planned)
        data, pictures = deck_data(deck, plan, spec, mode, PAPERS.get(paper, "a4"))
        compiled = compile_pdf("deck.typ", data, pictures)
        if not compiled.accessible:
            warnings.append(deck_not_accessible(deck))
        written[mode] = Written(compiled.pages[0], tuple(warnings))
    return written


def deck_pages(
    deck: Deck, template: Path | None = None, mode: str = "slides", paper: str = "a4", ppi: float = 72
) -> tuple[bytes, ...]:
    """Return each page of the deck's PDF in `mode` as a PNG image at `ppi` pixels per inch, for previews."""
    spec = load_template(template or DEFAULT_TEMPLATE)
    plan = plan_deck(deck, spec, [])  # the warnings are the build's to say
    data, pictures = deck_data(deck, plan, spec, mode, PAPERS.get(paper, "a4"))
    return compile_png("deck.typ", data, pictures, ppi=ppi)
