"""An activity's text names as many slides as its part of the built deck has (deck.slide-count)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from toolkit.cli import main
from toolkit.quality.slide_count import stated_counts

# The talk gets a second slide, a timeline too long for one slide, so the deck continues it.
EVENTS = "\n".join(
    f"            - {{date: {1990 + year}, label: Event number {year + 1} of the long timeline}}" for year in range(24)
)
SECOND_SLIDE = f"""      - title: A long timeline
        diagram:
          kind: timeline
          title: Twenty-four events
          items:
{EVENTS}
"""


def talk_module(minimal_text: str, step: str) -> str:
    """Return the minimal module whose talk has two slides (the second continued) and `step` as its step."""
    text = minimal_text.replace("    method: presentation\n", f"    method: presentation\n    steps:\n      - {step}\n")
    return text.replace(
        "        notes: Say the first point slowly.\n", "        notes: Say the first point slowly.\n" + SECOND_SLIDE
    )


def slide_count_findings(out: Path) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--out", str(out), "module.yaml"])
    return [finding for finding in json.loads(result.output) if finding["code"] == "deck.slide-count"]


def talk_titles(out: Path) -> list[str]:
    """Return the titles of the built deck's slides that belong to the talk, reopened with python-pptx."""
    deck = Presentation(str(out / "minimal" / "en" / "minimal-slides.pptx"))
    titles = [slide.shapes.title.text for slide in deck.slides]
    return [title for title in titles if title == "One thing" or title.startswith("A long timeline")]


def test_a_stale_number_of_slides_warns_at_the_step(write_module, minimal_text, tmp_path):
    write_module(talk_module(minimal_text, "Present the nine slides, two minutes each."))
    [finding] = slide_count_findings(tmp_path / "out")
    on_screen = len(talk_titles(tmp_path / "out"))
    assert on_screen > 2, "the timeline runs over more than one slide"
    assert (finding["file"], finding["position"]["line"], finding["severity"]) == ("module.yaml", 19, "warning")
    assert finding["message"] == (
        f'activities[0].steps[0]: says "nine slides", but this activity has 2 slides ({on_screen} on screen, '
        "with the continued ones) in the deck; write the number it has, and check that its minutes still fit"
    )


@pytest.mark.parametrize("said", ["two slides", "the {on_screen} slides"])
def test_the_module_s_slides_or_the_slides_on_screen_are_both_right(write_module, minimal_text, tmp_path, said):
    write_module(talk_module(minimal_text, "Present the two slides."))
    assert slide_count_findings(tmp_path / "first") == []
    on_screen = len(talk_titles(tmp_path / "first"))
    write_module(talk_module(minimal_text, f"Present {said.format(on_screen=on_screen)}."))
    assert slide_count_findings(tmp_path / "second") == []


def test_an_activity_without_slides_of_its_own_is_not_judged(write_module, minimal_text, tmp_path):
    text = minimal_text.replace(
        "    method: plenary\n", "    method: plenary\n    steps: [Show the three slides again.]\n"
    )
    write_module(text)
    assert slide_count_findings(tmp_path / "out") == []


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Present the five slides, about three minutes each (15 minutes).", [("five slides", 5)]),
        ("Presente las seis diapositivas; después haga una pausa.", [("seis diapositivas", 6)]),
        ("Présentez les sept diapositives (huit à l’écran).", [("sept diapositives", 7)]),
        ("Show the 12 slides.", [("12 slides", 12)]),
        ("Present the two theme slides.", []),  # a part of the activity's slides
        ("Show the first two slides, then stop.", []),
        ("Presente las dos diapositivas de los temas.", []),
        ("Présentez les deux diapositives sur les boîtes à outils.", []),
        ("Close with the key messages on one slide.", []),
        ("Timing: slide 2 of 7.", []),
    ],
)
def test_numbers_of_slides_in_english_spanish_and_french(text, counts):
    assert list(stated_counts(text)) == counts
