"""Charts and diagrams through the render stage: typed nodes, alt text from the figures, the figures written out."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.diagnostics import DiagnosticsError
from toolkit.module.loader import load, load_module
from toolkit.render.doctree import Chart, Diagram, Paragraph, Table, plain_text
from toolkit.render.templates import RenderOptions, build_deck, build_guide, build_handout

CHARTS = Path(__file__).parents[1] / "fixtures" / "charts.yaml"


def _cells(table: Table) -> list[list[str]]:
    return [[plain_text(cell) for cell in row] for row in (table.header, *table.rows)]


@pytest.fixture(params=["model", "record"])
def module(request):
    """The fixture as a pydantic Module and as a record read back from the verdict cache: both render alike."""
    if request.param == "model":
        return load_module(CHARTS).module
    load(CHARTS)
    return load(CHARTS).module


def test_slides_carry_typed_figures_with_their_line(module):
    deck = build_deck(module, RenderOptions())
    figures = [slide.figure for slide in deck.slides if slide.figure is not None]
    assert [type(f).__name__ for f in figures] == ["Chart", "Chart", "Diagram", "Diagram"]
    column = figures[0]
    assert isinstance(column, Chart)
    assert (column.kind, column.categories, column.series[0].values) == ("column", ("2006", "2016"), (2.0, 17.0))
    assert column.origin.position.line == 23  # the `chart:` key of the first slide
    timeline = figures[2]
    assert isinstance(timeline, Diagram)
    assert [item.date for item in timeline.items][:2] == ["2003", "2005"]


def test_alt_text_is_written_from_the_figures(module):
    deck = build_deck(module, RenderOptions())
    column, pie, timeline, cycle = [slide.figure for slide in deck.slides if slide.figure is not None]
    assert column.alt == (
        "Column chart: Women among police officers. It compares Women officers across 2006, 2016. "
        "Highest: 17% (2016); lowest: 2% (2006). Source: A publisher, A source (2008)."
    )
    assert "Highest: 54% (Armed group); lowest: 9% (Others)" in pie.alt
    assert timeline.alt.startswith("Timeline: Milestones of the reform. 2003 Peace agreement; 2005 New police act;")
    assert cycle.alt == "Cycle: The gender assessment cycle. Plan; Collect data; Analyse; Act and review."


def test_the_authors_alt_text_wins(write_module):
    text = CHARTS.read_text().replace(
        "kind: pie\n", "kind: pie\n          alt: Most deaths were caused by the armed group.\n"
    )
    deck = build_deck(load_module(write_module(text)).module, RenderOptions())
    assert [s.figure.alt for s in deck.slides if s.figure][1] == "Most deaths were caused by the armed group."


def test_speaker_notes_hold_the_figures_as_a_table(module):
    slide = next(s for s in build_deck(module, RenderOptions()).slides if s.figure is not None)
    caption, table, credit = slide.notes[-3:]
    assert plain_text(caption.inlines) == "Figures behind this chart: Women among police officers"
    assert _cells(table) == [["", "Women officers (%)"], ["2006", "2"], ["2016", "17"]]
    assert isinstance(credit, Paragraph) and "Note: Share of all sworn officers." in plain_text(credit.inlines)


@pytest.mark.parametrize("build", [build_handout, build_guide])
def test_handout_and_guide_carry_every_figure(module, build):
    blocks = build(module, RenderOptions()).blocks
    figures = [block for block in blocks if isinstance(block, (Chart, Diagram))]
    assert [f.title for f in figures] == [
        "Women among police officers",
        "Deaths reported to the commission, by perpetrator",
        "Milestones of the reform",
        "The gender assessment cycle",
    ]
    assert _cells(figures[2].table)[:2] == [["Date", "Entry"], ["2003", "Peace agreement"]]


def test_spanish_numbers_and_labels(write_module):
    text = (
        CHARTS.read_text()
        .replace("values: [2, 17]", "values: [2, 17.5]")
        .replace('version: "1.0"', 'version: "1.0"\nlanguage: es')
    )
    deck = build_deck(load_module(write_module(text)).module, RenderOptions())
    chart = next(s.figure for s in deck.slides if s.figure is not None)
    assert chart.alt.startswith("Gráfico de columnas: Women among police officers.")
    assert "17,5\u00a0%" in chart.alt  # Spanish writes a space before the sign
    assert _cells(chart.table)[2] == ["2016", "17,5"]


def test_a_template_naming_no_figure_is_a_placed_error(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "slides.md.j2").write_text(
        "::::: slide content\n## A\n\n::: figure 1 3\n:::\n:::::\n"
        "::::: slide content\n## B\n\n::: figure 9 9\n:::\n:::::\n"
    )
    module = load_module(CHARTS).module
    with pytest.raises(DiagnosticsError) as caught:
        build_deck(module, RenderOptions(template_dirs=(folder,)))
    [problem] = caught.value.diagnostics
    assert problem.code == "template.figure" and "figure 9 9" in problem.message


def test_timeline_dates_are_written_as_the_language_writes_them(write_module):
    text = CHARTS.read_text().replace("{date: 2019, label", '{date: "2019-08-28", label')
    for language, expected in (("en", "28 Aug 2019"), ("es", "28 ago 2019")):
        module_text = text.replace('version: "1.0"', f'version: "1.0"\nlanguage: {language}')
        deck = build_deck(load_module(write_module(module_text)).module, RenderOptions())
        timeline = [s.figure for s in deck.slides if s.figure is not None][2]
        assert timeline.items[-1].date == expected and timeline.items[0].date == "2003"
