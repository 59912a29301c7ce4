"""A validated module kept as plain data, so a build of unchanged modules never loads the validators.

When a module file validates, its data (after validation: defaults filled in, text
stripped) is stored with its verdict in the user's cache (`toolkit.module.verdicts`). A later
build of the same unchanged file, with the same toolkit, reads that data back as a
`ModuleRecord`: the same attributes and methods the templates and writers use on a
`Module`, built from JSON with the standard library alone. Importing pydantic and building
the model's validators took a fifth of the time of building ten modules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol

from toolkit.core.diagnostics import FieldPath, Position, nearest_position

if TYPE_CHECKING:
    from toolkit.module.model import Activity, ContentNote, Example, Module, Source, Term, Translation


class ModuleView(Protocol):
    """What every stage reads of a module: a validated `Module`, or a `ModuleRecord` of one.

    Each member is a field of `toolkit.module.model.Module` with its type; mypy checks that
    both classes satisfy it (`_views` below), and tests/module/test_module_door.py that it names every
    field of the model. Read-only: nothing past the loader changes a module.
    """

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def translation(self) -> Translation | None: ...
    @property
    def version(self) -> str: ...
    @property
    def duration(self) -> int: ...
    @property
    def audience(self) -> str: ...
    @property
    def participants(self) -> str | None: ...
    @property
    def themes(self) -> Sequence[str]: ...
    @property
    def summary(self) -> str: ...
    @property
    def content_note(self) -> ContentNote | None: ...
    @property
    def learning_objectives(self) -> Sequence[str]: ...
    @property
    def key_messages(self) -> Sequence[str]: ...
    @property
    def preparation(self) -> Sequence[str]: ...
    @property
    def activities(self) -> Sequence[Activity]: ...
    @property
    def examples(self) -> Sequence[Example]: ...
    @property
    def glossary(self) -> Sequence[Term]: ...
    @property
    def sources(self) -> Sequence[Source]: ...
    @property
    def file(self) -> str: ...
    @property
    def _positions(self) -> Mapping[FieldPath, Position]: ...  # where each value stands in the file (some or all)
    def position(self, path: FieldPath) -> Position | None: ...
    def source_by_id(self) -> Mapping[str, Source]: ...


def module_data(module: ModuleView) -> dict[str, Any]:
    """Return a module's validated data as JSON values: defaults filled in, text stripped, enums as their values."""
    if isinstance(module, ModuleRecord):
        return module._data
    from toolkit.module.model import Module

    assert isinstance(module, Module), type(module)  # the only other kind of module
    return module.model_dump(mode="json")


def snapshot(module: ModuleView) -> dict[str, Any]:
    """Return what a `ModuleRecord` of `module` is rebuilt from: its data, file and the position of each value.

    Positions are kept so that a build's warnings (a duplicate slide title) name the line.
    """
    return {
        "data": module_data(module),
        "file": module.file,
        "positions": [[*path, position.line, position.column] for path, position in module._positions.items()],
    }


class Record(SimpleNamespace):
    """A part of a module (an activity, a slide, a source…) as plain attributes."""


class ModuleRecord(Record):
    """A validated module as plain data; reads like the `Module` it stands for.

    Its parts are `Record`s, declared here as the model's classes they were validated by.
    """

    id: str
    title: str
    language: str
    translation: Translation | None
    version: str
    duration: int
    audience: str
    participants: str | None
    themes: list[str]
    summary: str
    content_note: ContentNote | None
    learning_objectives: list[str]
    key_messages: list[str]
    preparation: list[str]
    activities: list[Activity]
    examples: list[Example]
    glossary: list[Term]
    sources: list[Source]

    file: str
    _data: dict[str, Any]
    # Where each value stands, or the snapshot's list of [*path, line, column] until first asked:
    # `list` and `validate` never ask, and reading every position back cost more than the data.
    _kept_positions: dict[FieldPath, Position] | list[list[Any]]

    @property
    def _positions(self) -> dict[FieldPath, Position]:
        kept = self._kept_positions
        if isinstance(kept, list):
            try:
                kept = {tuple(entry[:-2]): Position(*entry[-2:]) for entry in kept}
            except (TypeError, ValueError):  # an edited cache: messages then name the file without a line
                kept = {}
            self._kept_positions = kept
        return kept

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModuleRecord):
            return NotImplemented
        return (self._data, self.file, self._positions) == (other._data, other.file, other._positions)

    __hash__ = None  # type: ignore[assignment]  # mutable, as SimpleNamespace is

    def position(self, path: FieldPath) -> Position | None:
        """Return where the value at a field path stands in the source, or its nearest parent; None when not kept."""
        return nearest_position(self._positions, path)

    def source_by_id(self) -> dict[str, Any]:
        """Return the module's sources keyed by id."""
        return {source.id: source for source in self.sources}


def record_from_data(
    data: dict[str, Any], file: str, positions: dict[FieldPath, Position] | list[list[Any]]
) -> ModuleRecord:
    """Return a record of validated JSON data (as `module_data` gives), read from `file` with these positions
    (or a snapshot's list of them)."""
    record = ModuleRecord(**{str(name): _value(value) for name, value in data.items()})
    record.file = file
    record._data = data
    record._kept_positions = positions
    return record


def module_record(stored: dict[str, Any]) -> ModuleRecord:
    """Return the module a snapshot holds; raise ValueError when the snapshot is malformed (an edited cache)."""
    if not isinstance(stored, dict) or not isinstance(stored.get("data"), dict) or "file" not in stored:
        raise ValueError("not a module snapshot")
    if not isinstance(stored.get("positions"), list):
        raise ValueError("a module snapshot without positions")
    return record_from_data(stored["data"], stored["file"], stored["positions"])


def _value(value: Any) -> Any:
    """Return JSON data as records: objects become `Record`s, lists stay lists."""
    if isinstance(value, dict):
        return Record(**{name: _value(item) for name, item in value.items()})
    if isinstance(value, list):
        return [_value(item) for item in value]
    return value


def _views(module: Module, record: ModuleRecord) -> tuple[ModuleView, ModuleView]:
    """Never called: mypy checks here that both kinds of module satisfy `ModuleView`, field by field."""
    return module, record
