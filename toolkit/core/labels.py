"""English labels for enumerated values; `N_` marks them for the catalogue that translates them."""

from __future__ import annotations

from toolkit.core.i18n import N_
from toolkit.core.vocab import ExerciseType, Method, Per

METHOD_LABELS = {
    Method.PRESENTATION: N_("Presentation"),
    Method.PLENARY: N_("Plenary discussion"),
    Method.SMALL_GROUPS: N_("Small groups"),
    Method.CASE_STUDY: N_("Case study"),
    Method.ROLE_PLAY: N_("Role play"),
    Method.BUZZ_PAIRS: N_("Buzz pairs"),
    Method.REFLECTION: N_("Individual reflection"),
    Method.QUIZ: N_("Quiz"),
    Method.DEBATE: N_("Debate"),
    Method.SIMULATION: N_("Simulation"),
}

PER_LABELS = {Per.PARTICIPANT: N_("per participant"), Per.GROUP: N_("per group"), Per.ROOM: N_("for the room")}

EXERCISE_TYPE_LABELS = {ExerciseType.CONCEPTUAL: N_("Conceptual")}
