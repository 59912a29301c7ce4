"""The typed, immutable pack model: a workshop of one or more days built from modules, field by field."""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, time
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PrivateAttr, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from toolkit.core.bundled import PACKAGE
from toolkit.core.diagnostics import Position, nearest_position
from toolkit.core.vocab import DEFAULT_LANGUAGE, LANGUAGE_PATTERN
from toolkit.module.checks import reserved_id
from toolkit.module.model import Frozen, Line, Slug
from toolkit.module.yamlsafe import FieldPath

SCHEMA_FILE = PACKAGE / "schema" / "pack.schema.json"
SCHEMA_ID = "https://github.com/gender-ssr-toolkit/toolkit/schema/pack.schema.json"
MAX_DAYS = 7
# Three hours of material on sexual violence, torture or killings is as much as a day can hold safely:
# past it, participants have no room left to recover before the next session (issue 21).
SENSITIVE_MINUTES_PER_DAY = 180

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_clock_text(value: object) -> time:
    """Return the time of day written as `HH:MM`; raise a validation error that says the expected form."""
    if isinstance(value, time):
        return value
    match = _CLOCK.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError("time", "expected a time of day written HH:MM, such as 09:00")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise PydanticCustomError("time", "expected a time of day between 00:00 and 23:59")
    return time(hours, minutes)


def parse_iso_date(value: object) -> date:
    """Return the calendar date written as `YYYY-MM-DD`; raise a validation error naming what is wrong."""
    if isinstance(value, date):
        return value
    match = _ISO_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError("date", "expected a date written YYYY-MM-DD, such as 2027-03-15")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise PydanticCustomError("date", "expected a date that exists: there is no month {month}", {"month": month})
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise PydanticCustomError(
            "date",
            "expected a date that exists: {month_name} {year} has {days} days",
            {"month_name": calendar.month_name[month], "year": year, "days": days_in_month},
        )
    return date(year, month, day)


# Both are text in YAML ("09:00", 2027-03-15: the YAML reader resolves neither) and typed in the model.
Clock = Annotated[
    time,
    BeforeValidator(parse_clock_text),
    WithJsonSchema({"type": "string", "pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$", "examples": ["09:00"]}),
]
IsoDate = Annotated[
    date,
    BeforeValidator(parse_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2027-03-15"]}),
]
Minutes = Annotated[int, Field(ge=1, le=600)]


class BreakKind(str, Enum):
    """What a break is for; the agenda names it in the pack's language."""

    COFFEE = "coffee"
    LUNCH = "lunch"


class Break(Frozen):
    """A break at the same clock time every day."""

    kind: BreakKind
    at: Clock = Field(description="When it starts, HH:MM")
    minutes: int = Field(ge=5, le=180, description="How long it lasts")


class ModuleEntry(Frozen):
    """One module of the workshop, in the order it runs, with what this workshop changes in it."""

    id: Slug = Field(description="The module's id: modules/<id>.yaml or modules/<id>.<language>.yaml")
    day: int | None = Field(None, ge=1, le=MAX_DAYS, description="Start the module on this day (1 = first day)")
    minutes: dict[Slug, Minutes] = Field(
        {}, description="Trimmed minutes by activity id; at least 1 and at most the activity's own minutes"
    )
    skip: list[Slug] = Field([], description="Ids of activities left out")
    variation: dict[Slug, Annotated[int, Field(ge=1, le=50)]] = Field(
        {}, description="Variation chosen by activity id, counted from 1; shown in the facilitator guide"
    )
    debrief: int | None = Field(
        None,
        ge=0,
        le=60,
        description="Minutes of debrief and check-out after the module; 0 when the module closes a day safely itself",
    )


def usable_pack_id(value: str) -> str:
    """Return a pack id that can name a folder and a zip; raise a validation error for a Windows device name.

    The rule is the one a module's id follows (`module.checks.reserved_id`), so `con` is refused by both.
    """
    problem = reserved_id(value)
    if problem:
        raise PydanticCustomError("reserved_id", problem.replace("the output folder", "the pack's folder and zip"))
    return value


PackId = Annotated[Slug, AfterValidator(usable_pack_id)]


class Pack(Frozen):
    """A workshop: who runs it, where and when, the daily timetable and the modules in order."""

    id: PackId = Field(description="Names the output folder output/packs/<id>/ and the zip")
    title: Line
    organiser: Line
    venue: Line
    dates: Annotated[list[IsoDate], Field(min_length=1, max_length=MAX_DAYS)] = Field(
        description="The workshop's days in order, YYYY-MM-DD"
    )
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = DEFAULT_LANGUAGE
    paper: Literal["a4", "letter"] | None = Field(None, description="Default: Letter for en-US and similar, else A4")
    participants: int = Field(ge=1, le=1000, description="Sets copies to print and rows of the attendance sheet")
    start: Clock = Field(description="When each day starts, HH:MM")
    end: Clock = Field(description="When each day ends at the latest, HH:MM")
    breaks: list[Break] = Field([], max_length=10, description="The same breaks every day")
    split_activities: bool = Field(False, description="True lets an activity continue after a break")
    sensitive_minutes_per_day: int = Field(
        SENSITIVE_MINUTES_PER_DAY,
        ge=30,
        le=1440,
        description="The most minutes of modules with a heavy content note on one day before `pack` warns",
    )
    ends_early: dict[Annotated[int, Field(ge=1, le=MAX_DAYS)], Line] = Field(
        {},
        description="Why a day ends more than an hour before `end`, by day number (1 = the first day)",
        json_schema_extra={"propertyNames": {"pattern": f"^[1-{MAX_DAYS}]$"}},
    )
    modules: Annotated[list[ModuleEntry], Field(min_length=1, max_length=40)]

    _file: str = PrivateAttr("")
    _values: dict[FieldPath, Position] = PrivateAttr(default_factory=dict)
    _keys: dict[FieldPath, Position] = PrivateAttr(default_factory=dict)

    @property
    def file(self) -> str:
        """Return the file the pack was read from, as the user named it."""
        return self._file

    def position(self, path: FieldPath) -> Position | None:
        """Return where the value at a field path stands in the source, or its nearest parent."""
        return nearest_position(self._values, path)

    def key_position(self, path: FieldPath) -> Position | None:
        """Return where the key of a field path stands (a mapping key such as an activity id), else its value."""
        return self._keys.get(path) or self.position(path)


def pack_schema() -> dict[str, object]:
    """Return the JSON Schema (draft 2020-12) that the pack model accepts."""
    schema = Pack.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def pack_schema_text() -> str:
    """Return the schema as the text committed in `toolkit/schema/pack.schema.json`."""
    return json.dumps(pack_schema(), indent=2, ensure_ascii=False) + "\n"
