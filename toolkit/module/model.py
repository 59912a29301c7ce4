"""The typed, immutable module model: what a training module is, field by field."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, WithJsonSchema

from toolkit.core.diagnostics import FieldPath, Position, nearest_position
from toolkit.core.vocab import DEFAULT_LANGUAGE, LANGUAGE_PATTERN
from toolkit.core.vocab import ChartKind as ChartKind  # re-exported, as Method is
from toolkit.core.vocab import DiagramKind as DiagramKind
from toolkit.core.vocab import ExerciseType as ExerciseType
from toolkit.core.vocab import Method as Method  # re-exported: the stages above name it with the model
from toolkit.core.vocab import Per as Per
from toolkit.module.guidance import LINE_MAX_CHARS

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = 64

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LINE_MAX_CHARS)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Cell = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Items = Annotated[list[Line], Field(max_length=200)]


class Frozen(BaseModel):
    """Base of every model: immutable, unknown keys refused, numbers accepted as text."""

    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True)


class Material(Frozen):
    """Something to prepare for an activity, and how many of it."""

    item: Line
    per: Per = Per.ROOM
    quantity: int = Field(1, ge=1, le=1000)
    print: bool = Field(False, description="True when it is a sheet to photocopy")


class Image(Frozen):
    """A picture inside the module's folder, with the alt text that describes it."""

    path: Line = Field(description="Relative to the module file's folder; never outside it")
    alt: Line = Field(description="What the picture shows, for people who cannot see it")
    caption: Line | None = Field(None, description="A line shown with the picture and in the picture credits")
    credit: Line | None = Field(None, description="Who made or owns the picture, as its licence asks to name them")
    licence: Line | None = Field(None, description="The picture's licence, such as CC BY 4.0; credited with it")


class HandoutImage(Frozen):
    """A picture participants see in the handout (and the guide, in what participants have), after the text."""

    path: Line = Field(description="Relative to the module file's folder; never outside it")
    alt: Line | None = Field(
        None,
        description="What the picture shows, for people who cannot see it; required unless the picture is decorative",
    )
    decorative: bool = Field(False, description="True for a purely decorative picture: screen readers skip it")
    caption: Line | None = Field(None, description="A line shown under the picture and in the picture credits")
    credit: Line | None = Field(None, description="Who made or owns the picture, as its licence asks to name them")
    licence: Line | None = Field(None, description="The picture's licence, such as CC BY 4.0; credited with it")


SourceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]


# The safe YAML reader keeps `48.8` as text and reads `1980` as a whole number (`yamlsafe.resolve_plain`);
# the model reads both. The JSON Schema says so, so that it accepts every module the model accepts.
NUMBER_TEXT = r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"
FigureValue = Annotated[
    float, WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_TEXT}]})
]
ISO_DATE = r"^\d{4}(-\d{2}){0,2}$"
IsoDate = Annotated[
    str,
    StringConstraints(pattern=ISO_DATE),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999}, {"type": "string", "pattern": ISO_DATE}]}
    ),
]


class Series(Frozen):
    """One row of a chart's figures: a name (shown in the legend) and one value per category."""

    name: Line
    values: Annotated[list[FigureValue], Field(min_length=1, max_length=100)] = Field(
        description="One number per category, in the order of `categories`; a pie's are never negative"
    )


class Chart(Frozen):
    """A chart drawn from figures, editable in PowerPoint ("Edit data") and written out as a table."""

    kind: ChartKind = Field(description="column, column-stacked, bar, bar-stacked, line or pie")
    title: Line = Field(description="What the chart shows, as a caption")
    categories: Annotated[list[Line], Field(min_length=1, max_length=100)] = Field(
        description="The labels along the axis (or the slices of a pie); at most 12 (a pie: 6) are readable"
    )
    series: Annotated[list[Series], Field(min_length=1, max_length=6)] = Field(
        description="One or more series; a pie has one"
    )
    unit: Line | None = Field(None, description="What the numbers count, such as % or deaths")
    source: SourceId = Field(description="Id of the entry in `sources` the figures come from")
    note: Line | None = Field(None, description="What a reader must know to read it, such as how it was counted")
    alt: Line | None = Field(None, description="Alt text; omitted, it is written from the figures")


class DiagramItem(Frozen):
    """One event, step, quadrant or column of a diagram."""

    label: Line = Field(description="The short text in the shape")
    text: Line | None = Field(None, description="A sentence under the label")
    date: IsoDate | None = Field(None, description="A timeline event's date: 1980, 1980-05 or 1980-05-17, in order")


class Diagram(Frozen):
    """A diagram drawn as shapes the trainer can still edit: a timeline, process, cycle, 2×2 matrix or comparison."""

    kind: DiagramKind = Field(description="timeline, process, cycle, matrix or comparison")
    title: Line = Field(description="What the diagram shows, as a caption")
    items: Annotated[list[DiagramItem], Field(min_length=2, max_length=24)] = Field(
        description="Events (dated), steps, the four quadrants (top left, top right, bottom left, bottom right) "
        "or columns, in order"
    )
    source: SourceId | None = Field(None, description="Id of the entry in `sources` it comes from, if any")
    alt: Line | None = Field(None, description="Alt text; omitted, it is written from the items")


class Slide(Frozen):
    """One slide an activity shows: a title, short bullets, an optional image, chart or diagram, speaker notes."""

    title: Line
    bullets: Items = []
    image: Image | None = None
    chart: Chart | None = None
    diagram: Diagram | None = None
    notes: Text | None = Field(None, description="Speaker notes: what to say, ask and do")


class Question(Frozen):
    """A discussion question for participants, with what the facilitator listens for."""

    text: Text
    guidance: Items = Field([], description="What to listen for; facilitator only")
    write_lines: int = Field(4, ge=0, le=30, description="Lines left to write on in the handout")


class Table(Frozen):
    """A small table for the handout, such as a timeline."""

    caption: Line
    columns: Annotated[list[Line], Field(min_length=1, max_length=6)]
    rows: Annotated[list[Annotated[list[Cell], Field(max_length=6)]], Field(min_length=1, max_length=200)] = Field(
        description="Each row as long as `columns`; a cell may be empty, for participants to fill in"
    )


class Variation(Frozen):
    """Another way to run an activity (DCAF: "possible variations"), with its own time and instructions."""

    title: Line = Field(description="What the variation is, such as: A shorter version")
    minutes: int | None = Field(None, ge=1, le=600, description="Its time, when it differs from the activity's")
    steps: Items = Field([], description="Its instructions, in order; facilitator only")


class Activity(Frozen):
    """One timed part of a session, in the headings of DCAF's training exercises."""

    id: Slug
    title: Line
    type: ExerciseType | None = Field(None, description="DCAF's type of exercise, in DCAF's words: conceptual")
    audience: Line | None = Field(None, description="Who the activity is for, when it differs from the module's")
    minutes: int = Field(ge=1, le=600)
    method: Method
    group_size: int | None = Field(
        None, ge=1, le=100, description="People per group; or give `groups`; omit both for the whole group"
    )
    groups: int | None = Field(
        None, ge=2, le=50, description="The number of groups, however many participants come; or give `group_size`"
    )
    serves: list[int] = Field([], description="Numbers (from 1) of the learning objectives this activity serves")
    materials: list[Material] = []
    steps: Items = Field([], description="Facilitator instructions, in order; facilitator only")
    facilitator_notes: Text | None = Field(None, description="Guidance to trainers; facilitator only")
    slides: Annotated[list[Slide], Field(max_length=100)] = []
    handout: Text | None = Field(
        None, description="Text for participants, such as a case; paragraphs split by blank lines"
    )
    table: Table | None = None
    images: Annotated[list[HandoutImage], Field(max_length=20)] = Field(
        [], description="Pictures participants see in the handout, after its text and table"
    )
    questions: Annotated[list[Question], Field(max_length=50)] = []
    variations: Annotated[list[Variation | Line], Field(max_length=50)] = Field(
        [], description="Other ways to run it: a line of text, or a title with its own minutes and steps"
    )
    break_after: int | None = Field(
        None,
        ge=5,
        le=60,
        description="Minutes of break after this activity, outside `duration`; in a pack, the pack's breaks replace it",
    )


class Source(Frozen):
    """A publication the module's facts come from."""

    id: SourceId
    title: Line
    publisher: Line
    year: int | None = Field(None, ge=1900, le=2100, description="Omit for an undated page; shown as n.d.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] | None = Field(
        None,
        description="The language of the title when it is not the module's, such as es for a Spanish report "
        "cited in an English module: outputs mark it so screen readers read it in the right voice",
    )


class Example(Frozen):
    """An example from the ground: where, what was done, what came of it, and its sources."""

    title: Line
    country: Line
    period: Line | None = None
    what: Text
    outcome: Text
    sources: Annotated[list[str], Field(min_length=1)] = Field(description="Ids of entries in `sources`")


class Term(Frozen):
    """A glossary entry."""

    term: Line
    definition: Text


class ContentNote(Frozen):
    """A warning about sensitive content, and how the facilitator keeps people safe."""

    text: Text = Field(description="Shown to participants before the session")
    safeguarding: Items = Field(min_length=1, description="Facilitator only")
    weight: Literal["heavy", "light"] = Field(
        "heavy",
        description="light: the topic is only mentioned; heavy (the default) counts toward a pack's daily limit",
    )


class Translation(Frozen):
    """Where a translated module comes from, and which version of its source it follows."""

    source: Line = Field(description="The source module's file, relative to this one, such as peru-trc.yaml")
    source_hash: Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")] = Field(
        description="The source's content hash when it was translated; `validate` reports when it changes"
    )
    source_text: (
        Annotated[
            list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/=]{1,200}$")]],
            Field(min_length=1, max_length=20_000),
        ]
        | None
    ) = Field(
        None,
        description="The source's text when it was translated, compressed, written by `translate` (do not edit): "
        "`validate` shows what changed in the source since, field by field",
    )


class Module(Frozen):
    """A training module: metadata, objectives, timed activities, and the sources behind them."""

    id: Slug
    title: Line
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = DEFAULT_LANGUAGE
    translation: Translation | None = Field(None, description="Set in a translation; omit in an original module")
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$")]
    duration: int = Field(ge=1, le=1440, description="Minutes; the activities' minutes add up to it")
    audience: Line
    participants: Line | None = Field(None, description="Group size, such as 15–30")
    themes: Annotated[list[Slug], Field(min_length=1, max_length=9)] = Field(
        description="Theme ids; the first is the module's main theme"
    )
    summary: Text
    content_note: ContentNote | None = None
    learning_objectives: Annotated[list[Line], Field(min_length=1, max_length=10)]
    key_messages: Annotated[list[Line], Field(min_length=1, max_length=12)]
    preparation: Items = []
    activities: Annotated[list[Activity], Field(min_length=1, max_length=60)]
    examples: list[Example] = []
    glossary: list[Term] = []
    sources: Annotated[list[Source], Field(min_length=1, max_length=100)]

    _file: str = PrivateAttr("")
    _positions: dict[FieldPath, Position] = PrivateAttr(default_factory=dict)

    @property
    def file(self) -> str:
        """Return the file the module was read from, as the user named it."""
        return self._file

    def position(self, path: FieldPath) -> Position | None:
        """Return where the value at a field path stands in the source, or its nearest parent."""
        return nearest_position(self._positions, path)

    def source_by_id(self) -> dict[str, Source]:
        """Return the module's sources keyed by id."""
        return {source.id: source for source in self.sources}
