"""An output folder never silently holds files built with different options: the build names each one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.build.incremental import STATE_FILE
from toolkit.cli import main

FOLDER = Path("output") / "minimal" / "en"


@pytest.fixture
def project(tmp_path, minimal_text) -> Path:
    """Return a folder with one small module (in English: A4 paper unless asked) built once in full."""
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    build()
    return tmp_path


def build(*args: str) -> str:
    """Return what `build` printed (it must succeed)."""
    result = CliRunner().invoke(main, ["build", "--jobs", "1", *args])
    assert result.exit_code == 0, result.output
    return result.output


def warned(output: str) -> dict[str, str]:
    """Return the mixed-options warnings printed, by the name of the file each is about."""
    lines = [line for line in output.splitlines() if line.endswith("[build.mixed-options]")]
    return {Path(line.split(": warning: ")[0]).name: line for line in lines}


def test_a_letter_handout_beside_the_a4_guide_of_an_earlier_build_is_said(project):
    warnings = warned(build("--paper", "letter", "--format", "handout"))
    assert list(warnings) == ["minimal-facilitator-guide.docx"]  # the deck has no paper size
    guide_warning = warnings["minimal-facilitator-guide.docx"]
    assert guide_warning.startswith(f"{FOLDER / 'minimal-facilitator-guide.docx'}: warning: built with --paper a4")
    assert "(now letter), unlike minimal-handout.docx just built beside it" in guide_warning
    assert "(--format guide)" in guide_warning


def test_every_option_a_file_depends_on_counts(project):
    warnings = warned(build("--start", "13:30", "--format", "slides"))
    assert sorted(warnings) == ["minimal-facilitator-guide.docx", "minimal-handout.docx"]
    assert "built with --start 09:00 (now 13:30)" in warnings["minimal-handout.docx"]


def test_files_built_with_the_same_options_are_not_warned_about(project):
    assert warned(build("--format", "handout", "--force")) == {}
    assert warned(build("--paper", "letter", "--format", "handout,guide")) == {}  # the deck has no paper
    assert warned(build("--paper", "letter", "--format", "guide", "--force")) == {}


def test_a_file_of_which_there_is_no_record_is_warned_about(project):
    (project / "output" / STATE_FILE).unlink()
    warnings = warned(build("--format", "handout"))
    assert sorted(warnings) == ["minimal-facilitator-guide.docx", "minimal-slides.pptx"]
    assert "built with options of which there is no record" in warnings["minimal-slides.pptx"]


def test_a_file_changed_since_its_build_is_warned_about(project):
    (project / FOLDER / "minimal-slides.pptx").write_bytes(b"edited")
    assert list(warned(build("--format", "handout", "--force"))) == ["minimal-slides.pptx"]
