"""Charts and diagrams in the deck: native charts and their workbooks, grouped shapes, alt text, reopened."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from toolkit.cli import main
from toolkit.module.loader import load_module
from toolkit.render.templates import RenderOptions, build_deck
from toolkit.writers.pptx import write_deck

CHARTS = Path(__file__).parents[1] / "fixtures" / "charts.yaml"
SOFFICE, PDFTOTEXT = shutil.which("soffice"), shutil.which("pdftotext")


def _deck(path: Path = CHARTS, template: Path | None = None):
    module = load_module(path).module
    assert module is not None, load_module(path).diagnostics
    written = write_deck(build_deck(module, RenderOptions()), template, allow_template_issues=True)
    return Presentation(io.BytesIO(written.data)), written


def _alt(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr/@descr")[0]


def _charts(presentation):
    return [
        (number, shape)
        for number, slide in enumerate(presentation.slides, 1)
        for shape in slide.shapes
        if shape.has_chart
    ]


def _groups(presentation):
    return [
        (number, shape)
        for number, slide in enumerate(presentation.slides, 1)
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP
    ]


def test_charts_are_native_with_their_figures_and_alt_text():
    presentation, written = _deck()
    assert written.warnings == ()
    (_, column), (_, pie) = _charts(presentation)
    assert column.chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(column.chart.plots[0].categories) == ["2006", "2016"]
    assert [(s.name, list(s.values)) for s in column.chart.series] == [("Women officers", [2.0, 17.0])]
    assert _alt(column).startswith("Column chart: Women among police officers.")
    assert "Highest: 17% (2016); lowest: 2% (2006)" in _alt(column)
    assert pie.chart.chart_type == XL_CHART_TYPE.PIE
    assert list(pie.chart.series[0].values) == [54.0, 37.0, 9.0]
    # Values are written beside every point, so the chart reads without telling colours apart.
    assert column.chart.plots[0].series[0]._element.xpath("./c:dLbls/c:showVal/@val") == ["1"]


def test_the_embedded_workbook_matches_the_yaml():
    presentation, _ = _deck()
    for _, shape in _charts(presentation):
        chart = shape.chart
        workbook = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
        rows = list(workbook["Sheet1"].iter_rows(values_only=True))
        names = [series.name for series in chart.series]
        assert rows[0] == (None, *names)
        categories = list(chart.plots[0].categories)
        assert [row[0] for row in rows[1:]] == categories
        for column, series in enumerate(chart.series, start=1):
            assert [row[column] for row in rows[1:]] == list(series.values)
        # The chart's formulas point into that sheet, so "Edit data" opens these cells.
        assert chart.series[0]._element.xpath("./c:val/c:numRef/c:f/text()")[0].startswith("Sheet1!$B$2")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("column", XL_CHART_TYPE.COLUMN_CLUSTERED),
        ("column-stacked", XL_CHART_TYPE.COLUMN_STACKED),
        ("bar", XL_CHART_TYPE.BAR_CLUSTERED),
        ("bar-stacked", XL_CHART_TYPE.BAR_STACKED),
        ("line", XL_CHART_TYPE.LINE_MARKERS),
    ],
)
def test_every_chart_kind_with_two_series(write_module, kind, expected):
    text = CHARTS.read_text().replace("kind: column\n", f"kind: {kind}\n")
    text = text.replace(
        "              values: [2, 17]\n",
        "              values: [2, 17]\n            - name: Women recruits\n              values: [5, 30]\n",
    )
    presentation, written = _deck(write_module(text))
    assert written.warnings == ()
    chart = _charts(presentation)[0][1].chart
    assert chart.chart_type == expected
    assert [list(series.values) for series in chart.series] == [[2.0, 17.0], [5.0, 30.0]]
    assert chart.has_legend
    assert "It compares Women officers, Women recruits across 2006, 2016." in _alt(_charts(presentation)[0][1])


def test_chart_text_is_within_the_decks_minimum_and_colours_come_from_the_theme():
    presentation, _ = _deck()
    chart = _charts(presentation)[0][1].chart
    sizes = chart._chartSpace.xpath("./c:txPr//a:defRPr/@sz")
    assert sizes and all(int(size) >= 1800 for size in sizes)
    colours = chart._chartSpace.xpath(".//c:ser/c:spPr//a:schemeClr/@val")
    assert colours == ["accent1"]


def test_diagrams_are_grouped_shapes_with_text_and_alt_text():
    presentation, _ = _deck()
    groups = _groups(presentation)
    assert [number for number, _ in groups] == [5, 6, 7]
    _, cycle = groups[-1]
    texts = [shape.text_frame.text for shape in cycle.shapes if shape.has_text_frame and shape.text_frame.text]
    assert texts == ["Plan", "Collect data", "Analyse", "Act and review"]
    connectors = [
        shape for shape in cycle.shapes if shape.shape_type == MSO_SHAPE_TYPE.LINE or "Connector" in shape.name
    ]
    assert len(connectors) == 4  # a ring: the last step leads back to the first
    assert _alt(cycle) == "Cycle: The gender assessment cycle. Plan; Collect data; Analyse; Act and review."
    sizes = cycle._element.xpath(".//a:rPr/@sz")
    assert sizes and all(int(size) >= 1800 for size in sizes)


def test_a_long_timeline_continues_on_the_next_slide():
    presentation, _ = _deck()
    (first_number, first), (second_number, second) = _groups(presentation)[:2]
    assert second_number == first_number + 1
    titles = [presentation.slides[n - 1].shapes.title.text for n in (first_number, second_number)]
    assert titles == ["Ten years of reform", "Ten years of reform (cont.)"]

    def dates(group):
        return [
            s.text_frame.text for s in group.shapes if s.has_text_frame and re.fullmatch(r"\d{4}", s.text_frame.text)
        ]

    assert dates(first) + dates(second) == ["2003", "2005", "2008", "2010", "2013", "2016", "2019"]
    assert _alt(second).startswith("Milestones of the reform (cont.): 2013 First woman commander;")
    notes = presentation.slides[first_number - 1].notes_slide.notes_text_frame.text
    assert "Figures behind this diagram: Milestones of the reform" in notes and "2019 | Review published" in notes


def test_right_to_left_diagrams_run_from_the_right(write_module):
    text = CHARTS.read_text().replace('version: "1.0"', 'version: "1.0"\nlanguage: ar')
    presentation, _ = _deck(write_module(text))
    timeline = _groups(presentation)[0][1]
    dated = {
        s.text_frame.text: s.left
        for s in timeline.shapes
        if s.has_text_frame and re.fullmatch(r"\d{4}", s.text_frame.text)
    }
    assert dated["2003"] > dated["2005"] > dated["2008"]
    assert timeline._element.xpath(".//a:pPr/@rtl")[:1] == ["1"]
    chart = _charts(presentation)[0][1].chart
    assert chart._chartSpace.xpath(".//c:catAx/c:scaling/c:orientation/@val") == ["maxMin"]


def test_notes_hold_the_figures():
    presentation, _ = _deck()
    notes = presentation.slides[2].notes_slide.notes_text_frame.text
    assert "Figures behind this chart: Women among police officers" in notes
    assert " | Women officers (%)" in notes and "2016 | 17" in notes


def test_the_same_module_gives_the_same_bytes():
    _, first = _deck()
    _, second = _deck()
    assert first.data == second.data


def test_a_malformed_chart_fails_the_build_with_a_placed_error(write_module, tmp_path):
    text = CHARTS.read_text().replace("values: [54, 37, 9]", "values: [54, 37]")
    path = write_module(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "values: [54, 37]" in row)
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert re.search(
        rf"module\.yaml:{line}:\d+: error: .*2 values but the chart has 3 categories.*\[check\.chart-series\]",
        result.output,
    )
    assert not (tmp_path / "out" / "charts").exists()


@pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT), reason="LibreOffice and poppler-utils are not installed; .ci/run installs them"
)
def test_libreoffice_lays_out_diagrams_without_overflow_or_overlap(tmp_path):
    _, written = _deck()
    deck = tmp_path / "charts.pptx"
    deck.write_bytes(written.data)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(profile)},
    )
    html = subprocess.run(
        [PDFTOTEXT, "-bbox", str(tmp_path / "charts.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert len(pages) == 11
    for number in (3, 4, 5, 6, 7):  # the chart, pie, timeline (two slides) and cycle slides
        width, height, body = pages[number - 1]
        words = [
            (float(x0), float(y0), float(x1), float(y1), word)
            for x0, y0, x1, y1, word in re.findall(
                r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<', body
            )
        ]
        assert words, f"slide {number} shows no text"
        for x0, y0, x1, y1, word in words:
            assert x0 >= 0 and x1 <= float(width) and y0 >= 0 and y1 <= float(height), f"slide {number}: {word} outside"
        for index, (ax0, ay0, ax1, ay1, a) in enumerate(words):
            for bx0, by0, bx1, by1, b in words[index + 1 :]:
                overlap_x = min(ax1, bx1) - max(ax0, bx0)
                overlap_y = min(ay1, by1) - max(ay0, by0)
                # Word boxes include the font's ascent and descent: lines of one paragraph touch a little.
                slack = 0.3 * min(ay1 - ay0, by1 - by0)
                assert overlap_x <= 1 or overlap_y <= slack, f"slide {number}: {a!r} overlaps {b!r}"


def test_a_timeline_of_twenty_events_spreads_over_slides_without_a_warning(write_module):
    events = "".join(f"            - {{date: {1990 + n}, label: Event number {n + 1}}}\n" for n in range(20))
    text = CHARTS.read_text()
    start = text.index("          items:\n            - {date: 2003")
    end = text.index("      - title: How an assessment runs")
    text = text[:start] + "          items:\n" + events + text[end:]
    presentation, written = _deck(write_module(text))
    assert written.warnings == ()
    groups = _groups(presentation)[:-1]  # the last group is the cycle
    assert len(groups) >= 4
    shown = [s.text_frame.text for _, g in groups for s in g.shapes if s.has_text_frame and s.text_frame.text.isdigit()]
    assert shown == [str(1990 + n) for n in range(20)]


def test_a_diagram_too_wordy_to_fit_is_a_placed_warning(write_module):
    wordy = "A label far too long for any box of a cycle on one slide, " * 3
    text = CHARTS.read_text().replace("- {label: Plan}", f'- {{label: "{wordy.strip()}"}}')
    _, written = _deck(write_module(text))
    [warning] = written.warnings
    assert warning.code == "deck.text-overflow" and "The gender assessment cycle" in warning.message
    assert warning.position is not None


@pytest.mark.parametrize(("language", "label"), [("en", 'General"%"'), ("fr", 'General"\u00a0%"')])
def test_percentages_are_labelled_as_the_language_writes_them(write_module, language, label):
    text = CHARTS.read_text().replace('version: "1.0"', f'version: "1.0"\nlanguage: {language}')
    presentation, _ = _deck(write_module(text))
    chart = _charts(presentation)[0][1].chart
    assert chart._chartSpace.xpath(".//c:dLbls/c:numFmt/@formatCode") == [label]


def test_on_a_dark_template_figures_take_the_colour_of_its_body_text(brand_templates):
    presentation, _ = _deck(template=brand_templates["white-on-colour"])
    chart = _charts(presentation)[0][1].chart
    assert chart._chartSpace.xpath("./c:txPr//a:defRPr/a:solidFill/a:srgbClr/@val") == ["FFFFFF"]
    timeline = _groups(presentation)[0][1]
    dates = [s for s in timeline.shapes if s.has_text_frame and s.text_frame.text == "2003"]
    assert dates[0]._element.xpath(".//a:rPr/a:solidFill/a:srgbClr/@val") == ["FFFFFF"]
    cycle = _groups(presentation)[-1][1]
    boxed = next(s for s in cycle.shapes if s.has_text_frame and s.text_frame.text == "Plan")
    assert boxed._element.xpath(".//a:rPr/a:solidFill/a:schemeClr/@val") == ["dk1"]  # dark text on the light tint
