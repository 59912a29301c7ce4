"""Contrast advice points the right way: lighter text on a dark background, darker on a light one,
with colours that reach 4.5:1 there (issue 16)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor

from toolkit.module.loader import load_module
from toolkit.quality.contrast import low_contrast
from toolkit.render.templates import RenderOptions, build_deck
from toolkit.writers.colours import MIN_CONTRAST, contrast_advice, contrast_ratio, relative_luminance
from toolkit.writers.pptx import write_deck

POLICE = Path(__file__).parents[2] / "modules" / "police-reform.yaml"


def police_deck(template: Path | None) -> Presentation:
    """Return the police-reform deck written on `template` (the shipped one when None), template issues allowed."""
    module = load_module(POLICE).module
    written = write_deck(build_deck(module, RenderOptions()), template, allow_template_issues=True)
    return Presentation(io.BytesIO(written.data))


def test_black_on_navy_is_told_to_go_lighter():
    advice = contrast_advice("000000", "1F2A44")
    assert advice.lighter and advice.extreme == "FFFFFF"
    assert advice.extreme_ratio == pytest.approx(14.26, abs=0.01)
    assert relative_luminance(advice.nearest) > relative_luminance("000000")
    assert MIN_CONTRAST <= advice.nearest_ratio < 4.7  # just enough: the darkest grey that passes
    assert advice.text().startswith(
        "the background is dark, so the text must be lighter: white (#FFFFFF) reaches 14.26:1, #919191 "
    )
    assert advice.text().endswith("or make the background lighter")


def test_grey_on_white_is_told_to_go_darker():
    advice = contrast_advice("AAAAAA", "FFFFFF")
    assert not advice.lighter and advice.extreme == "000000"
    assert relative_luminance(advice.nearest) < relative_luminance("AAAAAA")
    assert MIN_CONTRAST <= advice.nearest_ratio < 4.7
    assert advice.text().startswith("the background is light, so the text must be darker: black (#000000) reaches 21")


@pytest.mark.parametrize("text", ["000000", "FFFFFF", "7A1F3D", "9CC3CB", "808080"])
@pytest.mark.parametrize("backdrop", ["1F2A44", "FFFFFF", "777777", "F0E0C0", "7A1F3D", "0E6B78", "000000"])
def test_the_colours_advised_pass_and_go_the_way_said(text, backdrop):
    advice = contrast_advice(text, backdrop)
    assert advice.extreme_ratio >= MIN_CONTRAST
    assert advice.nearest_ratio >= MIN_CONTRAST
    assert advice.lighter == (contrast_ratio("FFFFFF", backdrop) >= contrast_ratio("000000", backdrop))
    if contrast_ratio(text, backdrop) < MIN_CONTRAST:
        moved = relative_luminance(advice.nearest) - relative_luminance(text)
        assert moved > 0 if advice.lighter else moved < 0


def test_check_tells_black_text_on_the_navy_master_to_go_lighter(brand_templates):
    findings = low_contrast(police_deck(brand_templates["navy"]))
    assert findings
    for finding in findings:
        assert "#000000 on #1F2A44, a contrast of 1.47:1" in finding.message
        assert "the background is dark, so the text must be lighter: white (#FFFFFF) reaches 14.26:1" in finding.message
        assert "darken" not in finding.message


def test_check_tells_pale_text_on_white_to_go_darker():
    deck = police_deck(None)
    body = next(shape for shape in deck.slides[1].placeholders if shape.placeholder_format.idx == 1)
    body.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    [finding] = low_contrast(deck)
    assert "#AAAAAA on #FFFFFF, a contrast of 2.32:1" in finding.message
    assert "the background is light, so the text must be darker: black (#000000) reaches 21.00:1" in finding.message
    assert "or make the background darker (in the theme colours)" in finding.message
