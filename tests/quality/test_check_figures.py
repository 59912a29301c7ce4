"""`check` on charts and diagrams: alt text on charts, SmartArt and groups of shapes, and nothing else to find."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation

from toolkit.module.loader import load_module
from toolkit.quality import deck_rules
from toolkit.quality.alt_text import DECORATIVE
from toolkit.render.templates import RenderOptions, build_deck
from toolkit.writers.pptx import write_deck

CHARTS = Path(__file__).parents[1] / "fixtures" / "charts.yaml"


def _deck():
    written = write_deck(build_deck(load_module(CHARTS).module, RenderOptions()))
    return Presentation(io.BytesIO(written.data))


def _figure_properties(presentation):
    """Return the `p:cNvPr` of each chart frame and group of shapes, with its slide number."""
    found = []
    for number, slide in enumerate(presentation.slides, 1):
        for shape in slide.shapes:
            if shape.has_chart or shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
                found.append((number, shape._element.xpath("./*[1]/p:cNvPr")[0]))
    return found


def test_a_built_deck_with_figures_has_nothing_to_find():
    assert deck_rules.check_deck(_deck()) == []


def test_charts_and_groups_without_alt_text_are_errors():
    presentation = _deck()
    figures = _figure_properties(presentation)
    for _, properties in figures:
        del properties.attrib["descr"]
    findings = deck_rules.alt_missing(presentation)
    assert [(f.code, f.location) for f in findings] == [("deck.alt-missing", f"slide {n}") for n, _ in figures]
    messages = [f.message for f in findings]
    assert messages[0].startswith('chart "Chart') and "highest and lowest values" in messages[0]
    assert messages[-1].startswith('group "Diagram')


def test_a_decorative_group_needs_no_alt_text_and_a_file_name_is_no_alt_text():
    presentation = _deck()
    (_, chart), *_, (_, group) = _figure_properties(presentation)
    del group.attrib["descr"]
    extension = group.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}extLst", {})
    ext = extension.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}ext", {"uri": "{C183D7F6}"})
    ext.append(ext.makeelement(DECORATIVE, {"val": "1"}))
    extension.append(ext)
    group.append(extension)
    chart.set("descr", "chart1.png")
    assert deck_rules.alt_missing(presentation) == []
    [finding] = deck_rules.alt_filename(presentation)
    assert finding.code == "deck.alt-filename" and finding.message.startswith('the alt text of chart "Chart')
