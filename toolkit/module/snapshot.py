"""A validated module kept as plain data, so a build of unchanged modules never loads the validators.

When a module file validates, its data (after validation: defaults filled in, text
stripped) is stored with its verdict in the user's cache (`toolkit.module.verdicts`). A later
build of the same unchanged file, with the same toolkit, reads that data back as a
`ModuleRecord`: the same attributes and methods the templates and writers use on a
`Module`, built from JSON with the standard library alone. Importing pydantic and building
the model's validators took a fifth of the time of building ten modules.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from toolkit.core.diagnostics import Position

if TYPE_CHECKING:
    from toolkit.module.model import Module
    from toolkit.module.yamlsafe import FieldPath


def module_data(module: Module | ModuleRecord) -> dict[str, Any]:
    """Return a module's validated data as JSON values: defaults filled in, text stripped, enums as their values."""
    if isinstance(module, ModuleRecord):
        return module._data
    return module.model_dump(mode="json")


def snapshot(module: Module | ModuleRecord) -> dict[str, Any]:
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
    """A validated module as plain data; reads like the `Module` it stands for."""

    file: str
    _data: dict[str, Any]
    _positions: dict[FieldPath, Position]

    def position(self, path: FieldPath) -> Position | None:
        """Return where the value at a field path stands in the source, or its nearest parent; None when not kept."""
        while path not in self._positions and path:
            path = path[:-1]
        return self._positions.get(path)

    def source_by_id(self) -> dict[str, Any]:
        """Return the module's sources keyed by id."""
        return {source.id: source for source in self.sources}


def record_from_data(data: dict[str, Any], file: str, positions: dict[FieldPath, Position]) -> ModuleRecord:
    """Return a record of validated JSON data (as `module_data` gives), read from `file` with these positions."""
    record = ModuleRecord(**{str(name): _value(value) for name, value in data.items()})
    record.file = file
    record._data = data
    record._positions = positions
    return record


def module_record(stored: dict[str, Any]) -> ModuleRecord:
    """Return the module a snapshot holds; raise ValueError when the snapshot is malformed (an edited cache)."""
    if not isinstance(stored, dict) or not isinstance(stored.get("data"), dict) or "file" not in stored:
        raise ValueError("not a module snapshot")
    positions = {tuple(entry[:-2]): Position(*entry[-2:]) for entry in stored["positions"]}
    return record_from_data(stored["data"], stored["file"], positions)


def _value(value: Any) -> Any:
    """Return JSON data as records: objects become `Record`s, lists stay lists."""
    if isinstance(value, dict):
        return Record(**{name: _value(item) for name, item in value.items()})
    if isinstance(value, list):
        return [_value(item) for item in value]
    return value
