"""DCAF's Police exercise 5 built: four groups mean four rooms and four flipcharts, however many come;
the guide shows what participants have, marked as theirs, in Word and Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as open_docx
from docx_view import box_groups, box_starting_with
from pptx import Presentation as open_pptx

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module

FIXTURE = Path(__file__).parents[1] / "fixtures" / "dcaf-police-exercise.yaml"
TITLE = "Operational aspects of gender-responsive policing"


def build(out: Path, participants: int | None = None, formats=("slides", "guide", "markdown")) -> dict[str, Path]:
    result = load_module(FIXTURE)
    report = build_modules([result], BuildOptions(out=out, participants=participants, formats=formats))
    return {path.name.removeprefix("dcaf-police-exercise-"): path for path in report.written}


def guide_paragraphs(path: Path) -> list[str]:
    """Return the text of the guide's paragraphs, a checklist item without the box the writer draws."""
    return [paragraph.text.removeprefix("☐\t") for paragraph in open_docx(str(path)).paragraphs]


@pytest.mark.parametrize("participants", [15, 30])
def test_four_groups_ask_for_four_rooms_and_four_flipcharts(tmp_path, participants):
    guide = build(tmp_path, participants, formats=("guide",))["facilitator-guide.docx"]
    checklist = [text for text in guide_paragraphs(guide) if text.startswith(("Break-out room", "Flipchart"))]
    assert checklist == [
        f"Break-out room: 4 ({TITLE})",
        f"Flipchart and markers: 4 ({TITLE})",
    ]
    worksheets = [text for text in guide_paragraphs(guide) if text.startswith("Worksheet")]
    assert worksheets == [f"Worksheet for the group's attribute: {participants} copies to print ({TITLE})"]


@pytest.mark.parametrize(
    ("participants", "said"), [(None, "4 groups of 3–8"), (15, "4 groups of 3–4"), (30, "4 groups of 7–8")]
)
def test_deck_and_guide_say_how_many_groups_of_how_many(tmp_path, participants, said):
    files = build(tmp_path, participants)
    document = open_docx(str(files["facilitator-guide.docx"]))
    plan = next(table for table in document.tables if table.rows[0].cells[0].text == "Time")
    assert [cell.text for cell in plan.rows[1].cells][3:5] == ["Small groups", said]
    assert f"Small groups · Conceptual · {said} · serves objectives 1, 2, 3" in guide_paragraphs(
        files["facilitator-guide.docx"]
    )
    deck = open_pptx(str(files["slides.pptx"]))
    activity = next(s for s in deck.slides if s.shapes.title.text == TITLE)
    body = [shape.text_frame.text for shape in activity.placeholders if shape.placeholder_format.idx != 0]
    assert any(said in text.splitlines() for text in body)
    assert said in activity.notes_slide.notes_text_frame.text


def test_the_guide_shows_what_participants_have_in_a_box_of_its_own(tmp_path):
    files = build(tmp_path)
    document = open_docx(str(files["facilitator-guide.docx"]))
    texts, tables = box_starting_with(document, "What participants have")
    assert texts[1].startswith("Your group works on one attribute of gender-responsive policing.")
    assert "Four attributes of gender-responsive policing" in texts
    assert "Question 1. What stops your service from having this attribute today?" in texts
    assert "Question 2. What is one step that would change that within a year?" in texts
    (table,) = tables  # the worksheet table, as participants see it
    assert [c.text for c in table.rows[0].cells] == ["Attribute", "What it means here", "A practical benefit"]
    assert [row.cells[0].text for row in table.rows[1:]] == [
        "Effective",
        "Representative",
        "Rights-respecting",
        "Accountable",
    ]
    # What to listen for stays outside the participants' box, under each question's number.
    assert "Budget and staffing, not only attitudes" not in "\n".join(texts)
    listen = [group[0].text for group in box_groups(document) if group[0].text != "What participants have"]
    assert "Question 1 — listen for:" in listen and "Question 2 — listen for:" in listen


def test_the_markdown_marks_what_participants_have(tmp_path):
    markdown = build(tmp_path, formats=("markdown",))["dcaf-police-exercise.md"].read_text(encoding="utf-8")
    guide = markdown.split("<!-- slides -->")[0]
    box = guide.split("::: {.participants}\n", 1)[1].split("\n:::\n", 1)[0]
    assert box.startswith("**What participants have**")
    assert "| Rights-respecting |  |  |" in box
    assert "**Question 2.** What is one step that would change that within a year?" in box


def test_variations_keep_their_own_title_minutes_and_steps(tmp_path):
    paragraphs = guide_paragraphs(build(tmp_path, formats=("guide",))["facilitator-guide.docx"])
    start = paragraphs.index("Variations:")
    assert paragraphs[start + 1 : start + 5] == [
        "Run it with two groups, two attributes each, when fewer than 12 come.",
        "A shorter version (30 min)",
        "Give each group only the first question.",
        "Report back in three minutes each.",
    ]
