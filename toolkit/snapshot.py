"""A validated module kept as plain data, so a build of unchanged modules never loads the validators.

When a module file validates, its data (after validation: defaults filled in, text
stripped) is stored with its verdict in the user's cache (`toolkit.verdicts`). A later
build of the same unchanged file, with the same toolkit, reads that data back as a
`ModuleRecord`: the same attributes and methods the templates and writers use on a
`Module`, built from JSON with the standard library alone. Importing pydantic and building
the model's validators took a fifth of the time of building ten modules.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from toolkit.diagnostics import Position

if TYPE_CHECKING:
    from toolkit.model import Module


def snapshot(module: Module) -> dict[str, Any]:
    """Return what a `ModuleRecord` of `module` is rebuilt from: its data, file and the position of its id."""
    position = module.position(("id",))
    return {
        "data": module.model_dump(mode="json"),
        "file": module.file,
        "id_position": [position.line, position.column] if position else None,
    }


class Record(SimpleNamespace):
    """A part of a module (an activity, a slide, a source…) as plain attributes."""


class ModuleRecord(Record):
    """A module read back from its snapshot; reads like the `Module` it was made from."""

    file: str
    _id_position: Position | None

    def position(self, path: tuple[str | int, ...]) -> Position | None:
        """Return where the module's id stands in its file for `("id",)`; other positions are not kept."""
        return self._id_position if path[:1] == ("id",) else None

    def source_by_id(self) -> dict[str, Any]:
        """Return the module's sources keyed by id."""
        return {source.id: source for source in self.sources}


def module_record(stored: dict[str, Any]) -> ModuleRecord:
    """Return the module a snapshot holds; raise ValueError when the snapshot is malformed (an edited cache)."""
    if not isinstance(stored, dict) or not isinstance(stored.get("data"), dict) or "file" not in stored:
        raise ValueError("not a module snapshot")
    record = ModuleRecord(**{str(name): _value(value) for name, value in stored["data"].items()})
    record.file = stored["file"]
    line_column = stored["id_position"]
    record._id_position = Position(*line_column) if line_column else None
    return record


def _value(value: Any) -> Any:
    """Return JSON data as records: objects become `Record`s, lists stay lists."""
    if isinstance(value, dict):
        return Record(**{name: _value(item) for name, item in value.items()})
    if isinstance(value, list):
        return [_value(item) for item in value]
    return value
