"""Turn pydantic validation errors into diagnostics a curriculum designer can act on."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from toolkit.core.diagnostics import Diagnostic, FieldPath, Position, Severity, field_path, nearest_position, quote
from toolkit.module.guidance import BULLET_ADVICE
from toolkit.module.yamlsafe import YamlDocument


def _data_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """Return the part of a pydantic location that names real keys and indexes of the data.

    Pydantic adds union and constraint names to locations; those are dropped.
    """
    path: list[str | int] = []
    for part in loc:
        if _has_step(data, part):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, Mapping):
            path.append(part)  # a missing or unknown key: keep it so the message can name it
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _has_step(data: object, part: object) -> bool:
    if isinstance(data, Mapping):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """Return the model class that holds the last key of a path, for did-you-mean suggestions."""
    current: Any = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
        if current is None:
            return None
    return cast("type[BaseModel]", current)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    meta = getattr(annotation, "__origin__", None)
    return _inner_model(meta) if meta is not None and meta is not annotation else None


def _describe(value: object) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, Mapping):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return f"the number {value}"
    return quote(value)


def _minutes_hint(value: object) -> str:
    if isinstance(value, str) and ":" in value:
        return "; write minutes as a whole number, such as 90 for 1:30"
    return ""


def message_for(error: Mapping[str, Any], path: FieldPath, model: type[BaseModel]) -> str:
    """Return a plain-language message for one pydantic error, saying expected versus received."""
    kind = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}
    where = field_path(path)
    if kind == "missing":
        return f"{where}: required field is missing; add `{path[-1]}:`"
    if kind == "extra_forbidden":
        holder = _model_at(model, path)
        known = list(holder.model_fields) if holder else []
        close = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else (f"; expected one of: {', '.join(known)}" if known else "")
        return f"{where}: unknown field {quote(path[-1])}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{where}: expected a whole number, got {_describe(value)}{_minutes_hint(value)}"
    if kind == "greater_than_equal":
        return f"{where}: expected a number of at least {context.get('ge')}, got {_describe(value)}"
    if kind == "less_than_equal":
        return f"{where}: expected a number of at most {context.get('le')}, got {_describe(value)}"
    if kind in ("string_type",):
        return f"{where}: expected text, got {_describe(value)}"
    if kind == "string_too_short":
        return f"{where}: expected text, got an empty value"
    if kind == "string_too_long":
        return f"{where}: {_too_long(path, value, context.get('max_length'))}"
    if kind == "string_pattern_mismatch":
        return f"{where}: {_pattern_help(path, value)}"
    if kind == "enum":
        expected = context.get("expected", "")
        options = [option.strip(" '") for option in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return f"{where}: expected one of {expected}, got {_describe(value)}{hint}"
    if kind in ("list_type", "tuple_type"):
        return f"{where}: expected a list (lines starting with `- `), got {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where}: expected a mapping of fields (`key: value` lines), got {_describe(value)}"
    if kind == "too_short":
        return f"{where}: expected at least {context.get('min_length')} item(s), got {context.get('actual_length', 0)}"
    if kind == "too_long":
        return f"{where}: expected at most {context.get('max_length')} items, got {context.get('actual_length')}"
    return f"{where}: {error.get('msg', 'invalid value')}, got {_describe(value)}"


def _too_long(path: FieldPath, value: object, limit: object) -> str:
    """Return what is wrong with a text over its limit, with its length; for a slide bullet, where the detail goes."""
    # Pydantic measures the text with the spaces around it removed.
    length = len(str(value).strip())
    if len(path) >= 2 and path[-2] == "bullets":
        return f"the bullet is {length} characters, over the limit of {limit}; {BULLET_ADVICE}"
    return f"the text is {length} characters, over the limit of {limit}; shorten it"


_PATTERN_HELP = {
    "id": "expected a slug of lowercase letters, digits and hyphens, such as `police-reform`",
    "language": "expected a language code such as `en`, `es` or `fr-CA`",
    "version": "expected a version such as `1.0` or `1.2.0`",
    "url": "expected a web address starting with https:// or http://",
    "themes": "expected a theme id, a slug such as `police-reform`",
}


def _pattern_help(path: FieldPath, value: object) -> str:
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    help_text = _PATTERN_HELP.get(key, "the value does not have the expected form")
    return f"{help_text}, got {_describe(value)}"


def diagnostics_from_validation(
    exc: ValidationError, document: YamlDocument, label: str, model: type[BaseModel]
) -> list[Diagnostic]:
    """Return one diagnostic per validation error, placed at the offending line and column."""
    diagnostics = []
    for error in exc.errors():
        path = _data_path(document.data, tuple(error["loc"]))
        diagnostics.append(
            Diagnostic(
                label,
                locate(document, path, error["type"]),
                Severity.ERROR,
                message_for(error, path, model),
                f"schema.{error['type']}",
            )
        )
    return sorted(diagnostics, key=lambda d: (d.position.line, d.position.column) if d.position else (0, 0))


def locate(document: YamlDocument, path: FieldPath, kind: str = "") -> Position | None:
    """Return where a path stands: a key for unknown fields, the parent for missing ones, else the value."""
    if kind == "extra_forbidden" and path in document.keys:
        return document.keys[path]
    return nearest_position(document.values, path[:-1] if kind == "missing" else path)
