"""Form fields and table captions from the template dialect to every writer (issue 20, part 4)."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from lxml import etree

from toolkit.render.doctree import Document, FormField, Metadata, Paragraph, Span, Table
from toolkit.render.mdescape import escape_blocks
from toolkit.render.mdtree import parse_blocks
from toolkit.writers.docx import write_document
from toolkit.writers.markdown import document_markdown
from toolkit.writers.pdf.tree_data import block_data

FORM = """\
::: table
Your **rating**

| Statement | Rating | Comment |
| --- | --- | --- |
| I felt safe. | [1 · 2 · 3]{field=choice choices="1 2 3"} | []{field=text} |
| Timing | [1 · 2 · 3]{field=choice choices="1 2 3" label="How was the timing?"} | []{field=text} |
:::
"""


def test_the_dialect_gives_fields_named_by_column_and_row_and_a_table_its_caption():
    [table] = parse_blocks(FORM)
    assert isinstance(table, Table)
    assert table.caption == (Span("Your "), Span("rating", bold=True))
    choice, text = table.rows[0][1][0], table.rows[0][2][0]
    assert choice == Span("1 · 2 · 3", field=FormField("choice", "Rating: I felt safe.", ("1", "2", "3"), "2-1"))
    assert text == Span("", field=FormField("text", "Comment: I felt safe.", (), "3-1"))
    assert table.rows[1][1][0].field.label == "How was the timing?"  # a label of its own wins


def test_a_span_that_names_no_known_field_is_plain_text():
    [paragraph] = parse_blocks("[words]{field=signature} and [más]{lang=es}")
    assert isinstance(paragraph, Paragraph)
    assert all(span.field is None for span in paragraph.inlines)
    assert paragraph.inlines[0].text == "words and "


def _written(blocks) -> docx.Document:
    return docx.Document(io.BytesIO(write_document(Document(Metadata("Form", "en"), blocks)).data))


def test_the_word_writer_makes_content_controls_in_schema_order():
    document = _written(parse_blocks(FORM))
    controls = list(document.element.body.iter(qn("w:sdt")))
    assert len(controls) == 4
    for control in controls:
        assert [etree.QName(child).localname for child in control] == ["sdtPr", "sdtContent"]
    names = [[etree.QName(child).localname for child in control.find(qn("w:sdtPr"))] for control in controls]
    assert names[0] == ["alias", "tag", "id", "showingPlcHdr", "dropDownList"]
    assert names[1] == ["alias", "tag", "id", "showingPlcHdr", "text"]
    aliases = [control.find(f"{qn('w:sdtPr')}/{qn('w:alias')}").get(qn("w:val")) for control in controls]
    assert aliases == ["Rating: I felt safe.", "Comment: I felt safe.", "How was the timing?", "Comment: Timing"]
    # An empty text field still has room to click into, and nothing shows on paper.
    empty = "".join(t.text for t in controls[1].iter(qn("w:t")))
    assert empty and not empty.strip()
    properties = document.tables[0]._tbl.tblPr
    order = [etree.QName(child).localname for child in properties]
    assert order[-3:] == ["tblLook", "tblCaption", "tblDescription"]
    assert properties.find(qn("w:tblCaption")).get(qn("w:val")) == "Your rating"
    assert document.paragraphs[0].style.name == "Caption" and document.paragraphs[0].text == "Your rating"


def test_the_markdown_writer_writes_a_caption_and_a_described_blank():
    text = document_markdown(Document(Metadata("Form", "en"), parse_blocks(FORM)))
    assert text.startswith("Table: Your **rating**\n\n| Statement | Rating | Comment |")
    assert "| I felt safe. | 1 · 2 · 3 | " + "\\_" * 12 + " |" in text


def test_the_pdf_data_draws_a_captioned_table_and_its_fields_as_text():
    [table] = parse_blocks(FORM)
    data = block_data(table)
    assert data["type"] == "group"
    caption, drawn = data["blocks"]
    assert caption["type"] == "paragraph" and all(span["bold"] for span in caption["inlines"])
    assert drawn["type"] == "table" and drawn["rows"][0][1] == [{"text": "1 · 2 · 3"}]


def test_a_short_bold_line_of_module_text_becomes_a_heading_a_label_or_a_long_line_does_not():
    text = "**My action points**\n\nWrite two things.\n\n**By when:**\n\n**" + "long " * 30 + "**"
    lines = escape_blocks(text, heading=3).split("\n\n")
    assert lines[0] == "### My action points"
    assert lines[1:3] == ["Write two things.", "**By when:**"]
    assert lines[3].startswith("**long")
    assert escape_blocks("**My action points**") == "**My action points**"  # no level, no heading
