"""The PDF writer's warnings, placed in the module file where the tree says its nodes came from."""

from __future__ import annotations

from toolkit.core.diagnostics import Diagnostic, quote
from toolkit.render.doctree import Deck, Document, Heading
from toolkit.writers.written import warning

CODE = "pdf.not-accessible"


def _message(title: str, why: str) -> str:
    return (
        f"the PDF of {quote(title)} could not be made PDF/UA-1 (accessible){why}; it is written without that label: "
        "run `ssr-toolkit check` on the module and fix what it finds"
    )


def deck_not_accessible(deck: Deck) -> Diagnostic:
    """Return the warning that a deck's PDF is not PDF/UA-1, at the first slide whose picture has no alt text."""
    missing = next((s for s in deck.slides if s.picture is not None and not s.picture.alt.strip()), None)
    if missing is not None:
        why = ": a picture on this slide has no alt text"
        return warning(missing.origin or deck.origin, deck.metadata.title, _message(deck.metadata.title, why), CODE)
    return warning(deck.origin, deck.metadata.title, _message(deck.metadata.title, ""), CODE)


def document_not_accessible(document: Document) -> Diagnostic:
    """Return the warning that a document's PDF is not PDF/UA-1, at its title's line in the module."""
    origin = next((block.origin for block in document.blocks if isinstance(block, Heading) and block.origin), None)
    return warning(origin, document.metadata.title, _message(document.metadata.title, ""), CODE)
