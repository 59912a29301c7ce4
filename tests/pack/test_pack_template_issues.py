"""A pack on a deck template doctor's rules find faults in: refused, or built with warnings when allowed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main


def test_a_pack_on_a_faint_template_stops_and_writes_nothing(small_pack, brand_templates):
    result = CliRunner().invoke(
        main, ["pack", str(small_pack), "--out", "out", "--pptx-template", str(brand_templates["navy"])]
    )

    assert result.exit_code == 1, result.output
    assert "contrast of 1.47:1" in result.output and "--allow-template-issues" in result.output
    assert not Path("out").exists() or not any(Path("out").rglob("*.pptx"))


def test_a_pack_on_a_faint_template_is_built_when_allowed_with_warnings(small_pack, brand_templates):
    args = ["pack", str(small_pack), "--out", "out", "--pptx-template", str(brand_templates["navy"])]

    result = CliRunner().invoke(main, [*args, "--allow-template-issues"])

    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "contrast of 1.47:1" in result.output
    assert len(list(Path("out").rglob("*-slides.pptx"))) == 2
