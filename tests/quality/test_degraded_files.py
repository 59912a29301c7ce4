"""`check` catches files a brand template degraded: headings that are not headings, question boxes without
lines to write on, and text too faint on the real master's background (issue 16)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from pptx import Presentation

from toolkit.module.loader import load_module
from toolkit.quality.deck_rules import check_deck
from toolkit.quality.document_rules import check_document, heading_missing, question_space
from toolkit.render.templates import RenderOptions, build_deck, build_handout
from toolkit.writers.docx import write_document
from toolkit.writers.pptx import write_deck

POLICE = Path(__file__).parents[2] / "modules" / "police-reform.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def handout_on(reference: Path | None) -> bytes:
    """Return the police-reform handout built on `reference`."""
    module = load_module(POLICE).module
    return write_document(build_handout(module, RenderOptions()), reference).data


def degraded(data: bytes) -> docx.document.Document:
    """Return a handout as a restyled reference could leave it: its heading styles without outline levels
    and its answer areas without the lines to write on (no rule in the styles, no tab leaders)."""
    document = docx.Document(io.BytesIO(data))
    for tabs in list(document.element.body.iter(f"{W}tabs")):
        tabs.getparent().remove(tabs)
    styles = document.styles.element
    for tag in ("outlineLvl", "pBdr"):
        for element in list(styles.iter(f"{W}{tag}")):
            element.getparent().remove(element)
    saved = io.BytesIO()
    document.save(saved)
    return docx.Document(io.BytesIO(saved.getvalue()))


def test_a_handout_on_the_ngo_reference_keeps_every_role(brand_templates):
    document = docx.Document(io.BytesIO(handout_on(brand_templates["ngo-reference"])))
    assert heading_missing(document) == []
    assert question_space(document) == []
    assert check_document(document) == []


def test_headings_that_are_not_headings_are_errors(brand_templates):
    findings = heading_missing(degraded(handout_on(brand_templates["ngo-reference"])))
    assert findings
    assert {f.code for f in findings} == {"doc.heading-missing"}
    assert findings[0].message.startswith('"Learning objectives" is in the style "NGO Heading 1", which looks like')


def test_a_long_document_without_any_heading_is_an_error():
    document = docx.Document()
    for number in range(40):
        document.add_paragraph(f"Paragraph {number}")
    (finding,) = heading_missing(document)
    assert finding.message.startswith("the document has 40 paragraphs and not one heading")


def test_question_boxes_without_lines_to_write_on_are_errors(brand_templates):
    findings = question_space(degraded(handout_on(brand_templates["ngo-reference"])))
    document = docx.Document(io.BytesIO(handout_on(brand_templates["ngo-reference"])))
    answer_areas = [p for p in document.paragraphs if p.style.name == "Write Line"]
    assert len(findings) == len(answer_areas) > 1  # every question with space to answer in
    assert findings[0].message.startswith('the question "Question 1. Why might a survivor')
    assert {f.code for f in findings} == {"doc.question-no-space"}


def test_text_on_the_navy_master_is_too_faint_for_check(brand_templates):
    module = load_module(POLICE).module
    written = write_deck(build_deck(module, RenderOptions()), brand_templates["navy"], allow_template_issues=True)
    findings = [f for f in check_deck(Presentation(io.BytesIO(written.data))) if f.code == "deck.contrast"]
    assert findings
    assert "#000000 on #1F2A44, a contrast of 1.47:1" in findings[0].message
