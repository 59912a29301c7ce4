"""Write a document-tree Document (a handout, a guide, a pack document) as an accessible PDF."""

from __future__ import annotations

from toolkit.core.diagnostics import Diagnostic
from toolkit.core.i18n import is_rtl
from toolkit.render.doctree import Document
from toolkit.writers.pdf.compile import compile_pdf, compile_png
from toolkit.writers.pdf.tree_data import PAPERS, block_data, clean, metadata_data
from toolkit.writers.pdf.warnings import document_not_accessible
from toolkit.writers.written import Written


def document_data(document: Document, paper: str) -> tuple[dict[str, object], dict[str, bytes]]:
    """Return the data document.typ typesets (metadata, paper, the footer text and the blocks) and the pictures
    it names."""
    pictures: dict[str, bytes] = {}
    data = {
        **metadata_data(document.metadata),
        "paper": PAPERS.get(paper, "a4"),
        "rtl": is_rtl(document.metadata.language),
        "footer": clean(document.metadata.title),
        "blocks": [block_data(block, pictures) for block in document.blocks],
    }
    return data, pictures


def write_document_pdf(document: Document, paper: str = "a4") -> Written:
    """Return the PDF bytes of `document` on `paper` ("a4" or "letter"), tagged PDF/UA-1, and its warnings.

    The same document gives the same bytes. The one warning is that the file could not be
    made PDF/UA-1 (it is then written without the label).
    """
    compiled = compile_pdf("document.typ", *document_data(document, paper))
    warnings: tuple[Diagnostic, ...] = () if compiled.accessible else (document_not_accessible(document),)
    return Written(compiled.pages[0], warnings)


def document_pages(document: Document, paper: str = "a4", ppi: float = 60) -> tuple[bytes, ...]:
    """Return each page of `document`'s PDF as a PNG image at `ppi` pixels per inch, for previews."""
    data, pictures = document_data(document, paper)
    return compile_png("document.typ", data, pictures, ppi=ppi)
