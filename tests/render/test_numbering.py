"""Questions are numbered across the module: the same numbers in the handout, the guide, the slides and notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx_view import box_groups
from pptx import Presentation as open_pptx
from pptx.oxml.ns import qn

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module

# Three activities with questions (2, 1 and 2 of them) around one without: questions 1–5.
ACTIVITIES = """\
activities:
  - id: case
    title: The case
    minutes: 20
    method: small-groups
    handout: Read the case.
    questions:
      - text: What changed?
        guidance: [Who benefited]
      - text: Who was left out?
        guidance: [Rural women]
  - id: talk
    title: Short talk
    minutes: 10
    method: presentation
    slides:
      - title: One thing
        bullets: [First point, Second point]
        notes: Say the first point slowly.
  - id: pairs
    title: Buzz
    minutes: 10
    method: plenary
    slides:
      - title: Buzz in pairs
        bullets: [Turn to your neighbour]
    questions:
      - text: What would you do first?
        guidance: [A first step]
  - id: close
    title: Closing round
    minutes: 20
    method: plenary
    questions:
      - text: What will you take back?
        guidance: [One action]
      - text: Whom will you tell?
        guidance: [A colleague]
"""
QUESTIONS = {
    "What changed?": 1,
    "Who was left out?": 2,
    "What would you do first?": 3,
    "What will you take back?": 4,
    "Whom will you tell?": 5,
}
QUESTION_LABEL = re.compile(r"^Question (\d+)\. (.+)$")
LISTEN_FOR = re.compile(r"^Question (\d+) — listen for:$", re.M)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return the deck, handout and guide built from a module whose questions span several activities."""
    folder = tmp_path_factory.mktemp("numbering")
    minimal = (Path(__file__).parents[1] / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^activities:.*?(?=^sources:)", ACTIVITIES, minimal).replace("duration: 30", "duration: 60")
    (folder / "numbered.yaml").write_text(text, encoding="utf-8")
    report = build_modules([load_module(folder / "numbered.yaml")], BuildOptions(out=folder / "out"))
    assert [d for d in report.diagnostics if d.severity.value == "error"] == []
    return {path.stem.removeprefix("minimal-"): path for path in report.written}


def labelled_questions(path: Path) -> dict[str, int]:
    """Return each question's text with the number its "Question N." label gives it in a Word document."""
    paragraphs = [p.text for group in box_groups(open_docx(str(path))) for p in group]
    return {match[2]: int(match[1]) for text in paragraphs if (match := QUESTION_LABEL.match(text))}


def slide_numbers(path: Path) -> dict[str, int]:
    """Return each question on a "Discuss" slide with the number its list shows (the list's start, counted on)."""
    shown = {}
    for slide in open_pptx(str(path)).slides:
        if not slide.shapes.title.text_frame.text.startswith("Discuss"):
            continue
        paragraphs = slide.placeholders[1].text_frame.paragraphs
        numbering = paragraphs[0]._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}")
        assert numbering is not None
        start = int(numbering.get("startAt", "1"))
        shown |= {p.text: start + index for index, p in enumerate(paragraphs)}
    return shown


def notes_numbers(path: Path) -> list[int]:
    """Return the question numbers the "Discuss" slides' notes give, in order."""
    deck = open_pptx(str(path))
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide]
    return [int(number) for text in notes for number in LISTEN_FOR.findall(text)]


def test_the_handout_numbers_questions_across_the_module(outputs):
    assert labelled_questions(outputs["handout"]) == QUESTIONS


def test_the_guide_gives_each_question_the_handout_s_number(outputs):
    assert labelled_questions(outputs["facilitator-guide"]) == QUESTIONS


def test_discuss_slides_go_on_counting_from_the_previous_activity(outputs):
    assert slide_numbers(outputs["slides"]) == QUESTIONS


def test_speaker_notes_name_each_question_by_the_same_number(outputs):
    assert notes_numbers(outputs["slides"]) == [1, 2, 3, 4, 5]
