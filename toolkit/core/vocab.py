"""The fixed vocabularies of the module format, apart from the model so that rendering needs no pydantic."""

from __future__ import annotations

from enum import Enum

DEFAULT_LANGUAGE = "en"  # a module that names no language is in English
# A language code as modules, sources and language spans give it: ISO 639 with an optional region.
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"


class Method(str, Enum):
    """How an activity is run; the ids trainers know from DCAF's exercise directory."""

    PRESENTATION = "presentation"
    PLENARY = "plenary"
    SMALL_GROUPS = "small-groups"
    CASE_STUDY = "case-study"
    ROLE_PLAY = "role-play"
    BUZZ_PAIRS = "buzz-pairs"
    REFLECTION = "reflection"
    QUIZ = "quiz"
    DEBATE = "debate"
    SIMULATION = "simulation"


class ExerciseType(str, Enum):
    """DCAF's "Type of exercise", in DCAF's own words.

    Only words read in DCAF's published exercises are listed: "Conceptual" heads the Police
    Reform and Gender exercise 5, "Operational aspects of gender-responsive policing"
    (Training Resources on Police Reform and Gender, DCAF 2009). Add a word when you can
    cite the DCAF exercise that uses it (docs/module-format.md).
    """

    CONCEPTUAL = "conceptual"


class Per(str, Enum):
    """What a material's quantity counts: one per participant, per group or for the room."""

    PARTICIPANT = "participant"
    GROUP = "group"
    ROOM = "room"


class ChartKind(str, Enum):
    """How a chart draws its figures: columns or bars side by side or stacked, a line, or a pie."""

    COLUMN = "column"
    COLUMN_STACKED = "column-stacked"
    BAR = "bar"
    BAR_STACKED = "bar-stacked"
    LINE = "line"
    PIE = "pie"


class DiagramKind(str, Enum):
    """The diagrams trainers draw: dated events, steps with arrows, a cycle, a 2×2 matrix, columns side by side."""

    TIMELINE = "timeline"
    PROCESS = "process"
    CYCLE = "cycle"
    MATRIX = "matrix"
    COMPARISON = "comparison"
