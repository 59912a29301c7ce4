"""The plain validator: pydantic-core on the kept schema accepts exactly what the model accepts, with the same data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError, field_validator

from toolkit.module.loader import load_module
from toolkit.module.model import Module
from toolkit.module.plain_validator import keep, plain_record, plain_schema, schema_file
from toolkit.module.snapshot import ModuleRecord, module_data
from toolkit.module.yamlsafe import YamlDocument, parse_yaml

PROJECT = Path(__file__).parents[2]
MODULES = [
    *sorted((PROJECT / "modules").glob("*.yaml")),
    PROJECT / "tests" / "fixtures" / "golden" / "rich.yaml",
    PROJECT / "tests" / "fixtures" / "minimal.yaml",
]


@pytest.fixture
def kept() -> None:
    """Keep the model's plain schema in this test's cache, as a first validation does."""
    keep(Module)
    assert schema_file().is_file()


def model_answer(data: object) -> dict[str, Any] | None:
    """Return what the full model makes of `data`: its JSON dump, or None when it refuses it."""
    try:
        return Module.model_validate(data).model_dump(mode="json")
    except ValidationError:
        return None


def plain_answer(data: object) -> dict[str, Any] | None:
    """Return what the plain validator makes of `data`: the module's data, or None when it refuses it."""
    record = plain_record(YamlDocument(data), "m.yaml")
    return None if record is None else module_data(record)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_every_shipped_module_loads_plain_with_the_models_data_and_diagnostics(path: Path, kept) -> None:
    full = load_module(path)
    plain = load_module(path, plain=True)
    assert isinstance(full.module, Module)
    assert isinstance(plain.module, ModuleRecord)
    assert module_data(plain.module) == full.module.model_dump(mode="json")
    assert plain.diagnostics == full.diagnostics


def test_whole_module_checks_give_the_same_diagnostics_and_positions(write_module, minimal_text, kept) -> None:
    text = minimal_text.replace("duration: 30", "duration: 35").replace("        guidance: [Links to daily work]\n", "")
    path = write_module(text)
    full, plain = load_module(path), load_module(path, plain=True)
    assert {d.code for d in full.diagnostics} == {"check.minutes", "check.guidance"}
    assert plain.diagnostics == full.diagnostics
    assert plain.module is None  # a check error stops the module, whichever way it was validated


def test_refused_data_falls_back_to_the_model_and_its_explanations(write_module, minimal_text, kept) -> None:
    path = write_module(minimal_text.replace("duration: 30", "duration: thirty"))
    plain = load_module(path, plain=True)
    assert plain.diagnostics == load_module(path).diagnostics
    assert [d.code for d in plain.diagnostics] == ["schema.int_parsing"]


def test_the_first_plain_load_validates_with_the_model_and_keeps_the_schema(write_module, minimal_text) -> None:
    assert not schema_file().exists()
    result = load_module(write_module(minimal_text), plain=True)
    assert isinstance(result.module, Module)
    kept = json.loads(schema_file().read_text(encoding="utf-8"))
    assert kept["schema"]["type"] == "typed-dict"
    assert set(kept["schema"]["fields"]) == set(Module.model_fields)


@pytest.mark.parametrize(
    "content",
    ['{"pydantic_core": "0.0.1", "schema": {"type": "str"}}', "not json", '{"schema": {"type": "no-such-type"}}'],
    ids=["other-pydantic-core", "not-json", "invalid-schema"],
)
def test_an_unusable_kept_schema_is_ignored(write_module, minimal_text, content: str) -> None:
    schema_file().parent.mkdir(parents=True)
    schema_file().write_text(content, encoding="utf-8")
    result = load_module(write_module(minimal_text), plain=True)
    assert isinstance(result.module, Module)
    assert result.ok


def test_a_model_with_its_own_validator_is_not_copied() -> None:
    class Shouting(BaseModel):
        word: str

        @field_validator("word")
        @classmethod
        def upper(cls, value: str) -> str:
            return value.upper()

    with pytest.raises(ValueError, match="cannot keep"):
        plain_schema(Shouting.__pydantic_core_schema__)


def _paths(data: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value inside `data`, the top level excluded."""
    found = [path] if path else []
    if isinstance(data, dict):
        return found + [p for key, value in data.items() for p in _paths(value, (*path, key))]
    if isinstance(data, list):
        return found + [p for index, value in enumerate(data) for p in _paths(value, (*path, index))]
    return found


ODD_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "\n", "  padded  ", "text\n", "ok-slug\n", "x" * 501, "case-study", "Room", "1.5"]),
    st.integers(-3, 2000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.one_of(st.text(max_size=6), st.integers()), max_size=3),
    st.dictionaries(st.sampled_from(["item", "title", "unknown", "id"]), st.text(max_size=6), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_changed_data_is_accepted_and_shaped_exactly_as_the_model_does(kept, data) -> None:
    source = data.draw(st.sampled_from(MODULES[-2:]))
    module = parse_yaml(source.read_text(encoding="utf-8"), source.name).data
    for _ in range(data.draw(st.integers(1, 3))):
        target = data.draw(st.sampled_from(_paths(module)))
        holder: Any = module
        for part in target[:-1]:
            holder = holder[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add-key"]))
        if action == "delete":
            del holder[target[-1]]
        elif action == "add-key" and isinstance(holder, dict):
            holder[data.draw(st.sampled_from(["extra", "notes", "Title"]))] = data.draw(ODD_VALUES)
        else:
            holder[target[-1]] = data.draw(ODD_VALUES)
        if not _paths(module):
            break
    assert plain_answer(module) == model_answer(module)
