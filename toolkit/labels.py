"""English labels for enumerated values; translated through the same catalogue as templates."""

from __future__ import annotations

from toolkit.model import Method, Per

METHOD_LABELS = {
    Method.PRESENTATION: "Presentation",
    Method.PLENARY: "Plenary discussion",
    Method.SMALL_GROUPS: "Small groups",
    Method.CASE_STUDY: "Case study",
    Method.ROLE_PLAY: "Role play",
    Method.BUZZ_PAIRS: "Buzz pairs",
    Method.REFLECTION: "Individual reflection",
    Method.QUIZ: "Quiz",
    Method.DEBATE: "Debate",
    Method.SIMULATION: "Simulation",
}

PER_LABELS = {Per.PARTICIPANT: "per participant", Per.GROUP: "per group", Per.ROOM: "for the room"}
