"""Load module files: YAML → validated, typed Module, or every diagnostic of the file."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from toolkit.checks import check_module
from toolkit.diagnostics import Diagnostic, DiagnosticsError, Position, Severity, has_errors
from toolkit.errors import diagnostics_from_validation
from toolkit.model import Module
from toolkit.results import LoadResult
from toolkit.translations import check_translation
from toolkit.yamlsafe import YamlDocument, load_yaml_file


def display_path(path: Path) -> str:
    """Return the path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_module(path: Path) -> LoadResult:
    """Return the module in `path` with its diagnostics; never raise for bad input."""
    label = display_path(path)
    try:
        document = load_yaml_file(path, label)
    except DiagnosticsError as exc:
        return LoadResult(path, None, exc.diagnostics)
    return module_from_document(document, label, path)


def module_from_document(document: YamlDocument, label: str, path: Path) -> LoadResult:
    """Return the validated module built from parsed YAML, or the diagnostics that stop it."""
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else "a single value"
        message = f"a module is a mapping of fields (`id: …`, `title: …`), but the file holds {kind}"
        return LoadResult(path, None, [Diagnostic(label, Position(1, 1), Severity.ERROR, message, "yaml.top-level")])
    try:
        module = Module.model_validate(document.data)
    except ValidationError as exc:
        return LoadResult(path, None, diagnostics_from_validation(exc, document, label, Module))
    module._file = label
    module._positions = document.values
    diagnostics = check_module(module, path.parent) + check_translation(module, path)
    return LoadResult(path, None if has_errors(diagnostics) else module, diagnostics)
