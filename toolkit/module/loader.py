"""Load module files: YAML → validated, typed module, or every diagnostic of the file.

`load` is the one door every command uses. The verdict cache (`toolkit.module.verdicts`)
and the fast path (`toolkit.module.plain_validator`) wrap `load_module`, the validation
itself, from here: no other stage sees either.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Position, Severity, has_errors
from toolkit.module.results import LoadResult as LoadResult  # re-exported: what the door returns

# The door itself imports no more than the verdict cache needs: a module read back from the
# cache is never parsed or checked, so the YAML reader and the rules are imported when one is.
if TYPE_CHECKING:
    from toolkit.module.snapshot import ModuleView
    from toolkit.module.yamlsafe import YamlDocument


def display_path(path: Path) -> str:
    """Return the path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load(path: Path, *, model: bool = False) -> LoadResult:
    """Return the module in `path` with its diagnostics; never raise for bad input. The one door to a module.

    The module reads as a `ModuleView`: validated now, or unchanged since it was last
    validated and read back from the verdict cache. With `model`, it is a pydantic `Module`
    that knows the position of every value in its file (`check` points at any field, a pack
    copies it with its overrides), validated now.
    """
    if model:
        return load_module(path)
    from toolkit.module.verdicts import through_cache

    return through_cache(path, _validate_plain)


def _validate_plain(path: Path) -> LoadResult:
    return load_module(path, plain=True)


def load_module(path: Path, *, plain: bool = False) -> LoadResult:
    """Return the module in `path` validated now, with its diagnostics; never raise for bad input.

    Commands call `load`, which wraps this. With `plain`, a module pydantic-core alone
    accepts (`toolkit.module.plain_validator`) comes back as a `ModuleRecord`, without
    importing pydantic; any other as a `Module` or diagnostics.
    """
    from toolkit.module.yamlsafe import load_yaml_file

    label = display_path(path)
    try:
        document = load_yaml_file(path, label)
    except DiagnosticsError as exc:
        return LoadResult(path, None, exc.diagnostics)
    if plain:
        from toolkit.module.plain_validator import plain_record

        if (record := plain_record(document, label)) is not None:
            return _checked(record, path)
    return module_from_document(document, label, path, keep_plain=plain)


def module_from_document(document: YamlDocument, label: str, path: Path, *, keep_plain: bool = False) -> LoadResult:
    """Return the validated module built from parsed YAML, or the diagnostics that stop it.

    With `keep_plain`, the model's schema is kept for `toolkit.module.plain_validator` if it is not yet.
    """
    from pydantic import ValidationError

    from toolkit.module.errors import diagnostics_from_validation
    from toolkit.module.model import Module

    if keep_plain:
        from toolkit.module.plain_validator import keep

        keep(Module)
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
    return _checked(module, path)


def _checked(module: ModuleView, path: Path) -> LoadResult:
    """Return a validated module with the diagnostics of the whole-module checks; no module when one is an error."""
    from toolkit.module.checks import check_module
    from toolkit.module.translations import check_translation

    diagnostics = check_module(module, path.parent) + check_translation(module, path, _load_source)
    return LoadResult(path, None if has_errors(diagnostics) else module, diagnostics)


def _load_source(path: Path) -> LoadResult:
    """Return a translation's source module, through the same door (it is only compared, never built)."""
    return load(path)
