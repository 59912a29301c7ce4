"""A pack's guide names the variation chosen for an activity: a line of text, or a variation's title and steps."""

from __future__ import annotations

from toolkit.module.model import Variation
from toolkit.pack.loader import variation_text


def test_a_plain_variation_is_its_text():
    line = "Run it in plenary when fewer than ten come."
    assert variation_text(line) == line


def test_a_structured_variation_is_its_title_then_its_steps():
    steps = ["Give each group one question.", "Report back."]
    variation = Variation(title="A shorter version", minutes=30, steps=steps)
    assert variation_text(variation) == "A shorter version: Give each group one question. Report back."


def test_a_variation_without_steps_is_its_title():
    assert variation_text(Variation(title="Run it outdoors")) == "Run it outdoors"
