"""Create a new, valid, commented module for a curriculum designer to fill in."""

from __future__ import annotations

import os
import re
from pathlib import Path
from string import Template

import click

from toolkit.core.bundled import TEMPLATES
from toolkit.module.checks import reserved_id
from toolkit.module.model import SLUG_MAX_LENGTH, SLUG_PATTERN
from toolkit.module.schema_export import SCHEMA_FILE

SCAFFOLD = TEMPLATES / "new-module.yaml"


def write_scaffold(module_id: str, folder: Path, title: str | None) -> Path:
    """Return the path of a new module file created from the scaffold; never overwrite one."""
    problem = module_id_problem(module_id)
    if problem:
        raise click.BadParameter(problem, param_hint="MODULE_ID")
    title = title or module_id.replace("-", " ").capitalize()
    path = folder / f"{module_id}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    # The editor resolves the schema relative to the new file, wherever the folder is.
    schema = Path(os.path.relpath(SCHEMA_FILE, folder.resolve())).as_posix()
    text = Template(SCAFFOLD.read_text(encoding="utf-8")).safe_substitute(
        id=module_id, title=_yaml_text(title), path=path.as_posix()
    )
    text = text.replace("../toolkit/schema/module.schema.json", schema, 1)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise click.ClickException(f"{path} already exists; choose another id or edit that file") from None
    return path


def module_id_problem(module_id: str) -> str | None:
    """Return why `validate` would refuse `module_id` as a module's id, or None when it accepts it."""
    if not re.fullmatch(SLUG_PATTERN, module_id) or len(module_id) > SLUG_MAX_LENGTH:
        return (
            f"{module_id!r} is not a module id; use lowercase letters, digits and hyphens "
            f"(at most {SLUG_MAX_LENGTH}), such as prison-inspections"
        )
    return reserved_id(module_id)


def _yaml_text(text: str) -> str:
    """Return text quoted for a YAML value, so a title like `No: yes` stays text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_translation_scaffold(source: Path, language: str) -> Path:
    """Return the path of a new translation file: a copy of `source` marked as its translation.

    The copy keeps the source's comments and layout; the translator replaces the text. Its
    `translation:` block, at the end, keeps the source's hash and a copy of its text
    (`toolkit.module.translation_files`).
    """
    from toolkit.core.i18n import language_problem
    from toolkit.core.vocab import LANGUAGE_PATTERN
    from toolkit.module.translation_files import load_original, translation_block, with_block

    if not re.fullmatch(LANGUAGE_PATTERN, language):
        raise click.BadParameter(f"{language!r} is not a language code such as es, fr or ar", param_hint="--lang")
    problem = language_problem(language)
    if problem:
        raise click.BadParameter(problem, param_hint="--lang")
    module = load_original(source, language)
    target = source.with_name(f"{module.id}.{language}.yaml")
    text = source.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^language:.*\n", f"language: {language}\n", text, count=1)
    if not count:
        text = re.sub(r"(?m)^(title:.*\n)", lambda m: m.group(1) + f"language: {language}\n", text, count=1)
    text = with_block(text, translation_block(source, module, language))
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise click.ClickException(
            f"{target} already exists; edit it, or delete it to start again (once it is up to date with its "
            f"source: ssr-toolkit translate {source} --lang {language} --refresh)"
        ) from None
    return target
