"""Checkers we did not write, on the PDFs LibreOffice makes of our files (issue 20).

LibreOffice exports a sample of built .docx and .pptx files as PDF/UA (one module in all
four languages, Arabic included, and one more in English); `pdfua` and `page` (both from
PyPI) judge those PDFs. Every rule whose findings would come from our files is held at
zero. Findings LibreOffice itself causes are allowed by name, with the reason in
docs/quality.md ("Independent checkers").
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import page
import pdfua
import pikepdf
import pytest

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module

MODULES = Path(__file__).parents[2] / "modules"
SAMPLE = ["intro-gender-ssr.yaml", "intro-gender-ssr.es.yaml", "intro-gender-ssr.fr.yaml", "intro-gender-ssr.ar.yaml"]
SAMPLE += ["police-reform.yaml"]
SOFFICE = shutil.which("soffice")
EXPORT_FILTER = {".docx": "writer_pdf_Export", ".pptx": "impress_pdf_Export"}
PDF_UA = '{"PDFUACompliance":{"type":"boolean","value":"true"}}'

# Findings of `page` that LibreOffice's PDF export causes, whatever the file (docs/quality.md).
LIBREOFFICE_PAGE_RULES = {
    "PDFUA1-CONTENT-TAGGING-001",  # lines and fills it paints (borders, shading) left untagged
    "PDFUA1-PAGE-TABS-001",  # pages with links written without /Tabs /S
    "PDFUA1-LINK-LINK-TAG-001",  # a link annotation outside its Link element
    "PDFUA1-FONT-UNICODE-MAPPING-001",  # a subset font whose ToUnicode map misses glyphs
}
# LibreOffice 7.4 writes a chart of an Impress slide as a Figure without the alt text the deck
# gives it (it reads it: the chart's description survives a conversion to .odp). Every finding
# must be such a chart, and every chart of the decks must carry its alt text (docs/quality.md).
CHART_WITHOUT_ALT = {("pdfua", "UA-13-004"), ("page", "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[Path, Path]:
    """Return each PDF LibreOffice exported as PDF/UA from the sample's decks and documents, with its source."""
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    out = tmp_path_factory.mktemp("built")
    results = [load_module(MODULES / name) for name in SAMPLE]
    report = build_modules(results, BuildOptions(out=out))
    assert not [d for d in report.diagnostics if d.severity.value == "error"]
    profile = tmp_path_factory.mktemp("lo-profile")
    target = tmp_path_factory.mktemp("pdf")
    pdfs: dict[Path, Path] = {}
    for suffix, export_filter in EXPORT_FILTER.items():
        staging = tmp_path_factory.mktemp("staging")
        for source in sorted(out.rglob(f"*{suffix}")):
            # Translations share file names: each is exported under a name with its language.
            link = staging / f"{source.parent.name}-{source.name}"
            link.symlink_to(source)
            pdfs[target / f"{link.stem}.pdf"] = source
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                *("--convert-to", f"pdf:{export_filter}:{PDF_UA}", "--outdir", str(target)),
                *sorted(map(str, staging.iterdir())),
            ],
            check=True,
            capture_output=True,
            timeout=600,
            env={**os.environ, "HOME": str(profile)},
        )
    assert all(pdf.is_file() for pdf in pdfs), [pdf.name for pdf in pdfs if not pdf.is_file()]
    return pdfs


@pytest.fixture(scope="module")
def findings(exported) -> Counter[tuple[str, str]]:
    """Return how often each checker's rule fired over the sample: (checker, rule id) → count."""
    counted: Counter[tuple[str, str]] = Counter()
    for pdf in exported:
        counted.update(("pdfua", finding.rule_id) for finding in pdfua.validate(str(pdf)).findings)
        report = page.validate_pdf(pdf, profile="ua1")
        counted.update(("page", failure.rule_id) for failure in report.failures)
    return counted


def test_the_sample_is_every_kind_of_file_in_every_language(exported):
    names = {pdf.name for pdf in exported}
    assert all(pdf.is_file() for pdf in exported)
    assert len(exported) == 15
    assert {"ar-intro-gender-ssr-slides.pdf", "ar-intro-gender-ssr-handout.pdf"} <= names
    assert "en-police-reform-facilitator-guide.pdf" in names


def test_no_rule_of_ours_fires_beyond_what_is_listed(findings):
    allowed = {("page", rule) for rule in LIBREOFFICE_PAGE_RULES} | CHART_WITHOUT_ALT
    assert {key: count for key, count in findings.items() if key not in allowed} == {}


def test_no_box_is_read_as_a_table(findings):
    """Boxes are framed paragraphs: pdfua finds no table without a header (it found 228 when they were tables)."""
    assert findings[("pdfua", "UA-15-003")] == 0


def test_every_figure_without_alt_text_is_a_chart_that_has_it_in_the_deck(findings, exported):
    """LibreOffice drops a chart's alt text on the way to PDF; pictures and diagrams keep theirs."""
    from pptx import Presentation

    charts = decks_with_charts = 0
    for source in exported.values():
        if source.suffix == ".pptx":
            frames = [shape for slide in Presentation(str(source)).slides for shape in slide.shapes if shape.has_chart]
            assert all(frame._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr") for frame in frames)
            charts += len(frames)
            decks_with_charts += bool(frames)
    assert findings[("pdfua", "UA-13-004")] <= charts
    assert findings[("page", "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001")] <= decks_with_charts  # once per file


def test_the_checkers_see_what_they_are_meant_to(tmp_path, exported):
    """The checkers are not silent by construction: a PDF stripped of its tags fails both."""

    stripped = tmp_path / "untagged.pdf"
    with pikepdf.open(next(iter(exported))) as pdf:
        del pdf.Root["/StructTreeRoot"]
        del pdf.Root["/MarkInfo"]
        pdf.save(stripped)
    assert pdfua.validate(str(stripped)).findings
    assert page.validate_pdf(stripped, profile="ua1").failures


def test_each_document_pdf_says_the_language_of_its_module(exported):
    """Word documents carry their language to the PDF. (Decks do not yet: LibreOffice Impress
    writes its own interface language whatever the deck says; docs/quality.md.)"""

    for pdf, source in exported.items():
        if source.suffix == ".docx":
            with pikepdf.open(pdf) as opened:
                assert str(opened.Root.get("/Lang", "")).split("-")[0] == source.parent.name, pdf.name
