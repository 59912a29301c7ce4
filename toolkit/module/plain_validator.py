"""The model's validators without pydantic's Python layer: pydantic-core on a JSON copy of the model's schema.

Pydantic validates by turning `toolkit.module.model` into a core schema that pydantic-core
(compiled) runs. Importing pydantic and building that schema is most of what `validate`
spends on a changed file. The schema is plain data except for the model classes and
enums it names, so the first validation with pydantic keeps a copy in the user's cache
with each model made a typed dict of the same fields and each enum named. Later runs give
that copy to pydantic-core directly: the same validators, the data `Module.model_dump(mode="json")`
would give. Whatever it refuses goes to the full model, whose errors make the diagnostics;
`toolkit.module.model` stays the one definition of a module.
"""

from __future__ import annotations

import json
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.core.usercache import cache_folder, code_key, store_entry
from toolkit.core.vocab import ChartKind, DiagramKind, ExerciseType, Method, Per
from toolkit.module.snapshot import ModuleRecord, record_from_data

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import SchemaValidator

    from toolkit.module.yamlsafe import YamlDocument

ENUMS: dict[str, type[Enum]] = {cls.__name__: cls for cls in (Method, Per, ChartKind, DiagramKind, ExerciseType)}

# What a model node holds besides its fields that a typed dict has no use for.
MODEL_ONLY = {"cls", "schema", "custom_init", "root_model", "post_init", "frozen", "generic_origin"}


def plain_schema(node: Any) -> Any:
    """Return a core schema as JSON data: models as typed dicts of the same fields, enums by name.

    Raise ValueError on anything else that JSON cannot hold (a function, another class),
    so a model with custom validators is never copied without them.
    """
    if isinstance(node, dict):
        kind = node.get("type")
        if kind == "model":
            return _typed_dict(node)
        if kind == "enum":
            if node["cls"] not in ENUMS.values():
                raise ValueError(f"unknown enum {node['cls']!r}")
            members = [member.value for member in node["members"]]
            return {**_plain_items(node, {"cls", "members"}), "cls": node["cls"].__name__, "members": members}
        return _plain_items(node, set())
    if isinstance(node, list):
        return [plain_schema(item) for item in node]
    if isinstance(node, Enum):
        return node.value  # a default: the output holds values, as a JSON dump of the model does
    if node is None or isinstance(node, str | int | float | bool):
        return node
    raise ValueError(f"cannot keep {type(node).__name__} in a plain schema")


def _typed_dict(model: dict[str, Any]) -> dict[str, Any]:
    fields = model["schema"]
    if fields.get("type") != "model-fields" or fields.get("computed_fields"):
        raise ValueError(f"model {fields.get('model_name')} is not plain fields")
    return {
        **_plain_items(model, MODEL_ONLY),
        "type": "typed-dict",
        "fields": {
            name: {
                "type": "typed-dict-field",
                "schema": plain_schema(field["schema"]),
                "required": field["schema"]["type"] != "default",
            }
            for name, field in fields["fields"].items()
        },
    }


def _plain_items(node: dict[str, Any], skip: set[str]) -> dict[str, Any]:
    # `metadata` only feeds JSON Schema generation; pydantic-core ignores it.
    return {key: plain_schema(value) for key, value in node.items() if key not in skip and key != "metadata"}


def _hydrated(node: Any) -> Any:
    """Return a kept schema ready for pydantic-core: enum names back to the enum classes."""
    if isinstance(node, dict):
        if node.get("type") == "enum":
            enum = ENUMS[node["cls"]]
            return {**node, "cls": enum, "members": [enum(value) for value in node["members"]]}
        return {key: _hydrated(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_hydrated(item) for item in node]
    return node


def schema_file() -> Path:
    """Return where the plain schema of this toolkit's model is kept."""
    return cache_folder("validators") / f"{code_key()}.json"


def keep(model: type[BaseModel]) -> None:
    """Keep the plain schema of `model` for later runs, unless kept already; an unwritable cache is not used."""
    import pydantic_core

    target = schema_file()
    if target.exists():
        return
    try:
        schema = plain_schema(model.__pydantic_core_schema__)
    except ValueError:
        return  # a model this cannot copy is always validated in full
    store_entry(target, json.dumps({"pydantic_core": pydantic_core.__version__, "schema": schema}))


@cache  # per process: a schema kept during this run serves the next one (this one has pydantic loaded already)
def _validator(kept_file: Path) -> SchemaValidator | None:
    """Return a validator of the kept schema; None when none is kept for this toolkit and pydantic-core."""
    import pydantic_core

    try:
        kept = json.loads(kept_file.read_text(encoding="utf-8"))
        if kept["pydantic_core"] != pydantic_core.__version__:
            return None
        return pydantic_core.SchemaValidator(_hydrated(kept["schema"]))
    except (OSError, ValueError, KeyError, TypeError, pydantic_core.SchemaError):
        return None


def plain_record(document: YamlDocument, label: str) -> ModuleRecord | None:
    """Return the module a parsed file holds, validated by pydantic-core alone; None when refused or not possible.

    None sends the file to the full model, which validates it again and explains what is wrong.
    """
    validator = _validator(schema_file())
    if validator is None:
        return None
    from pydantic_core import ValidationError

    try:
        data = validator.validate_python(document.data)
    except ValidationError:
        return None
    return record_from_data(_json_values(data), label, document.values)


def _json_values(value: Any) -> Any:
    """Return validated data with enum members as their values, as a JSON dump of the model has them."""
    if isinstance(value, dict):
        return {key: _json_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_values(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value
