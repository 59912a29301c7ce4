"""Language of parts (issue 20, part 2): a source or a quotation in another language is marked as such
in every output, so a screen reader reads it in the right voice and direction."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from pptx import Presentation

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module
from toolkit.render.mdtree import parse_blocks

SPANISH_SOURCE = """  - id: S2
    title: Informe final de la Comisión de la Verdad y Reconciliación
    publisher: Comisión de la Verdad y Reconciliación
    year: 2003
    url: https://www.cverdad.org.pe/ifinal/
    language: es
"""


def test_a_bracketed_span_gives_its_text_a_language():
    [paragraph] = parse_blocks("See [[Informe final](https://x.org)]{lang=es} and **[Dix]{lang=fr}**.")
    marked = {span.text: span.language for span in paragraph.inlines}
    assert marked == {"See ": None, "Informe final": "es", " and ": None, "Dix": "fr", ".": None}
    assert paragraph.inlines[1].link == "https://x.org"


def test_a_span_without_a_language_code_keeps_its_text_and_no_language():
    [paragraph] = parse_blocks("[one]{lang=english} [two]{.note} [three]{lang=es-ES}")
    assert "".join(span.text for span in paragraph.inlines) == "one two three"
    assert {span.language for span in paragraph.inlines} == {None, "es-ES"}


def _build(write_module, text: str, tmp_path: Path) -> dict[str, Path]:
    path = write_module(text)
    report = build_modules(
        [load_module(path)], BuildOptions(out=tmp_path / "out", formats=("slides", "handout", "guide", "markdown"))
    )
    assert not [d for d in report.diagnostics if d.severity.value == "error"], report.diagnostics
    return {path.suffix + ("-guide" if "guide" in path.name else ""): path for path in report.written}


def _run_languages(document_path: Path, text: str) -> set[str | None]:
    """Return the languages (w:lang) of the runs of a Word document whose text is part of `text`."""
    found = set()
    for run in docx.Document(str(document_path)).element.body.iter(qn("w:r")):
        run_text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if run_text and run_text in text:
            lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            found.add(lang.get(qn("w:val")) if lang is not None else None)
    return found


def test_a_spanish_source_is_marked_spanish_in_the_handout_guide_deck_and_markdown(
    write_module, minimal_text, tmp_path
):
    files = _build(write_module, minimal_text + SPANISH_SOURCE, tmp_path)
    title = "Informe final de la Comisión de la Verdad y Reconciliación"

    assert _run_languages(files[".docx"], title) == {"es"}
    assert _run_languages(files[".docx-guide"], title) == {"es"}
    deck = Presentation(str(files[".pptx"]))
    runs = [
        run
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if title in run.text
    ]
    assert runs and {run._r.find(qn("a:rPr")).get("lang") for run in runs} == {"es"}
    # The English source keeps the document's language: no language of its own.
    assert _run_languages(files[".docx"], "A source") == {None}
    markdown = files[".md"].read_text(encoding="utf-8")
    assert f"[[{title}](https://www.cverdad.org.pe/ifinal/)]{{lang=es}}" in markdown


def test_an_english_source_in_an_arabic_document_reads_left_to_right(write_module, minimal_text, tmp_path):
    text = minimal_text.replace("id: minimal\n", "id: minimal\nlanguage: ar\n")
    text = text.replace("    url: https://www.dcaf.ch/\n", "    url: https://www.dcaf.ch/\n    language: en\n")
    files = _build(write_module, text, tmp_path)

    with zipfile.ZipFile(files[".docx"]) as archive:
        body = archive.read("word/document.xml").decode()
    assert '<w:rtl w:val="0"/><w:lang w:val="en"/></w:rPr><w:t>A source</w:t>' in body


def test_a_quotation_in_module_text_can_carry_its_language(write_module, minimal_text, tmp_path):
    text = minimal_text.replace("- One thing matters.", '- "One thing matters, [Ni una menos]{lang=es}."')
    files = _build(write_module, text, tmp_path)
    assert _run_languages(files[".docx"], "Ni una menos") == {"es"}
