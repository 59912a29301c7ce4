"""A deterministic synthetic curriculum for the benchmark: N modules of realistic size."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "police",
    "justice",
    "defence",
    "border",
    "prison",
    "parliament",
    "oversight",
    "reform",
    "gender",
    "survivor",
    "community",
    "trust",
    "budget",
    "recruitment",
    "training",
    "accountability",
    "policy",
    "women",
    "men",
    "referral",
    "unit",
    "data",
    "complaint",
    "station",
    "officer",
    "court",
    "reparations",
    "inspection",
    "consultation",
    "strategy",
    "security",
    "sector",
    "institution",
    "report",
)


def sentence(rng: random.Random, words: int) -> str:
    """Return a sentence of `words` words, capitalised and ended with a full stop."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    """Return sentences adding up to about `words` words."""
    parts, count = [], 0
    while count < words:
        length = rng.randint(8, 18)
        parts.append(sentence(rng, length))
        count += length
    return " ".join(parts)


def module_yaml(index: int) -> str:
    """Return the YAML of synthetic module number `index`: ~15 slides, 4 questions, a 600-word case."""
    rng = random.Random(index)
    lines = [
        f"id: bench-{index:04d}",
        f"title: Benchmark module {index}",
        'version: "1.0"',
        "duration: 90",
        "audience: Security sector staff",
        "participants: 15–30",
        "themes: [police-reform]",
        f"summary: {sentence(rng, 20)}",
        "learning_objectives:",
        *(f"  - {sentence(rng, 10)}" for _ in range(4)),
        "key_messages:",
        *(f"  - {sentence(rng, 9)}" for _ in range(4)),
        "activities:",
        "  - id: talk",
        "    title: Presentation",
        "    minutes: 20",
        "    method: presentation",
        "    serves: [1]",
        "    steps: [Present the slides.]",
        "    slides:",
    ]
    for slide in range(12):
        lines += [f"      - title: Slide {slide + 1} of module {index}", "        bullets:"]
        lines += [f"          - {sentence(rng, rng.randint(5, 9))}" for _ in range(rng.randint(3, 6))]
        lines += [f"        notes: {paragraph(rng, 60)}"]
    lines += [
        "  - id: case",
        "    title: Case study",
        "    minutes: 50",
        "    method: case-study",
        "    group_size: 5",
        "    serves: [2, 3]",
        "    materials:",
        "      - item: Case handout",
        "        per: participant",
        "        print: true",
        "    steps: [Hand out the case., Give groups 30 minutes., Take reports.]",
        "    handout: |-",
        *(f"      {paragraph(rng, 150)}\n" for _ in range(4)),
        "    questions:",
    ]
    for _ in range(4):
        lines += [f"      - text: {sentence(rng, 12)}", "        guidance:"]
        lines += [f"          - {sentence(rng, 6)}" for _ in range(3)]
    lines += [
        "  - id: plenary",
        "    title: Plenary",
        "    minutes: 20",
        "    method: plenary",
        "    serves: [4]",
        "    steps: [Take one point from each group.]",
        "sources:",
        "  - id: S1",
        "    title: A source",
        "    publisher: A publisher",
        "    year: 2008",
        "    url: https://example.org/",
    ]
    return "\n".join(lines) + "\n"


def write_curriculum(folder: Path, count: int) -> list[Path]:
    """Write `count` synthetic modules into `folder` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"bench-{index:04d}.yaml"
        path.write_text(module_yaml(index), encoding="utf-8")
        paths.append(path)
    return paths
