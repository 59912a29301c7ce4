"""check's rules for tables without a title or description and for bold lines standing as headings (issue 20)."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from toolkit.core.diagnostics import Severity
from toolkit.quality import document_rules
from toolkit.render.doctree import Box, Document, Heading, Metadata, Paragraph, Span, Table
from toolkit.writers.docx import write_document


def spans(text: str) -> tuple[Span, ...]:
    return (Span(text),)


@pytest.fixture
def handout() -> docx.Document:
    """A handout written by the project's writer: a captioned table, one under a heading, a box and labels."""
    rows = ((spans("2001"), spans("Truth commission created")),)
    blocks = (
        Heading(1, spans("Handout")),
        Heading(2, spans("Timeline")),
        Table((spans("Year"), spans("Event")), rows, caption=spans("Peru: key dates")),
        Paragraph((Span("Variations:", bold=True),)),  # a label leading into what follows, not a heading
        Paragraph(spans("Work in pairs.")),
        Heading(2, spans("Glossary")),
        Table((spans("Term"), spans("Meaning")), ((spans("SSR"), spans("Security sector reform")),)),
        Box("note", (Paragraph((Span("Facilitator note", bold=True),)), Paragraph(spans("Keep time.")))),
    )
    return docx.Document(io.BytesIO(write_document(Document(Metadata("Handout", "en"), blocks)).data))


def test_tables_the_writer_makes_have_a_title_and_a_description(handout):
    assert document_rules.table_caption(handout) == []
    first, second = (table._tbl.tblPr for table in handout.tables)
    assert first.find(qn("w:tblCaption")).get(qn("w:val")) == "Peru: key dates"
    assert second.find(qn("w:tblCaption")).get(qn("w:val")) == "Glossary"  # the heading it stands under
    assert first.find(qn("w:tblDescription")).get(qn("w:val")) == "Year, Event"
    # The visible title is a Caption paragraph kept with its table.
    caption = next(p for p in handout.paragraphs if p.text == "Peru: key dates")
    assert caption.style.name == "Caption" and caption.paragraph_format.keep_with_next


def test_a_table_without_title_or_description_is_a_warning(handout):
    table = handout.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    [finding] = document_rules.table_caption(handout)
    assert (finding.code, finding.severity) == ("doc.table-caption", Severity.WARNING)
    assert finding.location == "table 3" and '"Name"' in finding.message and "Alt Text" in finding.message


def test_a_one_cell_frame_needs_no_caption(handout):
    handout.add_table(rows=1, cols=1).cell(0, 0).text = "A framed note"
    assert document_rules.table_caption(handout) == []


def test_the_writers_labels_and_boxes_are_no_bold_headings(handout):
    assert document_rules.bold_heading(handout) == []


def test_a_short_bold_paragraph_over_text_is_a_bold_heading_warning(handout):
    handout.add_paragraph().add_run("Workshop evaluation (anonymous)").bold = True
    handout.add_paragraph("Please rate each statement.")
    [finding] = document_rules.bold_heading(handout)
    assert (finding.code, finding.severity) == ("doc.bold-heading", Severity.WARNING)
    assert '"Workshop evaluation (anonymous)"' in finding.message and finding.location.startswith("paragraph ")


def test_a_bold_sentence_that_is_long_or_last_or_half_bold_is_no_heading(handout):
    handout.add_paragraph().add_run("Important: " + "read this carefully before the session. " * 4).bold = True
    mixed = handout.add_paragraph()
    mixed.add_run("Outcome").bold = True
    mixed.add_run(" the commission reported in 2003.")
    handout.add_paragraph().add_run("The end").bold = True  # nothing follows it
    assert document_rules.bold_heading(handout) == []
