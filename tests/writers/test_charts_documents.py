"""Charts and diagrams in the handout and guide: the figures behind them as a captioned table (Word, Markdown)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from toolkit.module.loader import load_module
from toolkit.render.templates import RenderOptions, build_guide, build_handout
from toolkit.writers.docx import write_document
from toolkit.writers.markdown import document_markdown

CHARTS = Path(__file__).parents[1] / "fixtures" / "charts.yaml"


@pytest.mark.parametrize("build", [build_handout, build_guide])
def test_word_files_carry_each_figure_as_caption_table_and_source(build):
    document = build(load_module(CHARTS).module, RenderOptions())
    written = write_document(document)
    word = docx.Document(io.BytesIO(written.data))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert "Figures behind this chart: Women among police officers" in texts
    assert "Figures behind this diagram: Milestones of the reform" in texts
    assert any(
        t.startswith("Source: A publisher, A source (2008). Note: Shares depend on the counting base.") for t in texts
    )
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    assert [["", "Women officers (%)"], ["2006", "2"], ["2016", "17"]] in tables
    assert [["Entry"], ["Plan"], ["Collect data"], ["Analyse"], ["Act and review"]] in tables


def test_markdown_carries_the_same_tables():
    text = document_markdown(build_handout(load_module(CHARTS).module, RenderOptions()))
    # The caption is Pandoc's table caption, not a bold line.
    assert "Table: Figures behind this chart: Deaths reported to the commission, by perpetrator\n" in text
    assert "| Armed group | 54 |" in text
    assert "| 2003 | Peace agreement |" in text
