"""The customary and informal justice module: strictly valid, listed, built, clean, and complete in each file."""

from __future__ import annotations

from pathlib import Path

import docx
import pptx
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.module.loader import load_module
from toolkit.module.model import Module

MODULE = Path(__file__).parent.parent.parent / "modules" / "customary-justice.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def module() -> Module:
    """Return the module as the toolkit loads it, with no diagnostics at all."""
    result = load_module(MODULE)
    assert result.diagnostics == [], "\n".join(d.format() for d in result.diagnostics)
    assert result.module is not None
    return result.module


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    """Return the folder the module's deck, handout and guide were built into by the command line."""
    out = tmp_path_factory.mktemp("customary")
    result = run("build", str(MODULE), "--out", str(out), "--format", "slides,handout,guide")
    assert result.exit_code == 0, result.output
    return out / "customary-justice" / "en"


def document_text(path: Path) -> str:
    """Return every paragraph and table cell of a Word document, one per line."""
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_it_validates_strictly():
    result = run("validate", "--strict", str(MODULE))
    assert result.exit_code == 0, result.output
    assert "1 valid, 0 invalid, 0 warning(s)" in result.output


def test_it_is_listed_with_its_minutes_and_main_theme():
    result = run("list", str(MODULE))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("customary-justice"))
    assert "90 min" in line and "[justice-reform" in line


def test_it_is_a_justice_module_without_a_break_and_with_safeguarding(module):
    assert module.themes[0] == "justice-reform"
    assert module.duration == sum(a.minutes for a in module.activities) <= 90, "longer than 90 minutes needs a break"
    assert module.content_note is not None and len(module.content_note.safeguarding) >= 5
    assert 3 <= len(module.learning_objectives) <= 5


def test_it_rests_on_idlo_and_cedaw_and_cites_every_example(module):
    ids = {source.id for source in module.sources}
    publishers = " ".join(source.publisher for source in module.sources)
    assert {"IDLO-PB", "CEDAW-GR33"} <= ids
    assert "International Development Law Organization" in publishers
    assert "Practitioner Brief" in next(s.title for s in module.sources if s.id == "IDLO-PB")
    assert [e.country for e in module.examples] == ["Somalia", "Kenya", "Rwanda"]
    assert all(set(e.sources) <= ids for e in module.examples)
    hosts = " ".join(source.url or "" for source in module.sources)
    assert "wikipedia" not in hosts and "docslib" not in hosts and "studylib" not in hosts


def test_the_built_files_pass_every_quality_rule(files):
    built = [str(path) for path in sorted(files.iterdir())]
    result = run("check", *built, "--module", str(MODULE), "--strict")
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


def test_the_handout_has_objectives_questions_and_the_case_but_no_facilitator_text(files, module):
    text = document_text(files / "customary-justice-handout.docx")
    for objective in module.learning_objectives:
        assert objective in text
    for question in (q for a in module.activities for q in a.questions):
        assert question.text in text
    assert "Somalia's ADR Centres: what the published figures show" in text
    assert "169 adjudicators, 38 of them women" in text
    for guidance in (g for a in module.activities for q in a.questions for g in q.guidance):
        assert guidance not in text, guidance
    for item in module.content_note.safeguarding:
        assert item not in text, item


def test_the_deck_has_speaker_notes_with_guidance_and_safeguarding(files, module):
    deck = pptx.Presentation(str(files / "customary-justice-slides.pptx"))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    for slide in (s for a in module.activities for s in a.slides):
        assert slide.title in titles
    assert "General Recommendation 33 on women's access to justice" in notes
    assert "Elders or chiefs are close, cheap and quick" in notes, "the buzz question's guidance"
    assert "never ask the room who has used a customary forum" in notes, "safeguarding in the notes"


def test_the_guide_has_the_plan_on_the_clock_and_what_to_listen_for(files):
    text = document_text(files / "customary-justice-facilitator-guide.docx")
    assert "09:30–10:05" in text and "Somalia, Kenya and Rwanda compared" in text
    assert "Serious crimes, including sexual and domestic violence" in text
