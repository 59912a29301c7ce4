"""Commands for curriculum designers: validate, list, schema, new, translate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.cli.main import (
    DEFAULT_MODULES,
    main,
    module_paths,
    output_format_option,
    print_diagnostics,
)
from toolkit.core.diagnostics import Severity, diagnostics_to_json

if TYPE_CHECKING:
    from toolkit.module.snapshot import ModuleView


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@output_format_option
def validate(paths: tuple[Path, ...], strict: bool, output_format: str) -> None:
    """Check modules and report every problem with file:line:column.

    PATHS are module files or folders; the default is every module under modules/.
    Exits 0 when all are valid, 1 when any is not (with --strict, warnings count too).

    \b
    Examples:
      ssr-toolkit validate
      ssr-toolkit validate modules/peru-trc.yaml --strict
      ssr-toolkit validate modules/ --format json
    """
    from toolkit.module.loader import load

    results = [load(path) for path in module_paths(paths)]
    diagnostics = [d for result in results for d in result.diagnostics]
    failed = [r for r in results if not r.ok or (strict and r.diagnostics)]
    if output_format == "json":
        click.echo(diagnostics_to_json(diagnostics))
    else:
        print_diagnostics(diagnostics)
        warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
        click.echo(
            f"{len(results)} module(s) checked: {len(results) - len(failed)} valid, "
            f"{len(failed)} invalid, {warnings} warning(s).",
            err=True,
        )
    if failed:
        sys.exit(1)


@main.command(name="list")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def list_modules(paths: tuple[Path, ...], as_json: bool) -> None:
    """List modules: id, title, language, minutes and themes.

    \b
    Examples:
      ssr-toolkit list
      ssr-toolkit list --json
    """
    from toolkit.module.loader import load

    results = [load(path) for path in module_paths(paths)]
    listed = sorted((result.module for result in results if result.module is not None), key=_source_first)
    rows = [_row(module) for module in listed]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        width = max((len(row["id"]) for row in rows), default=2)
        for row in rows:
            click.echo(
                f"{row['id']:<{width}}  {row['language']:<5} {row['minutes']:>4} min  {row['title']}"
                f"  [{', '.join(row['themes'])}]"
            )
    invalid = len(results) - len(rows)
    if invalid:
        click.echo(f"{invalid} file(s) skipped as invalid; run `ssr-toolkit validate` to see why.", err=True)
        sys.exit(1)


def _source_first(module: ModuleView) -> tuple[str, bool, str]:
    """Return the key that lists modules by id, each source before its translations (by language).

    File names alone would not do: `intro.ar.yaml` sorts before `intro.yaml`.
    """
    return module.id, module.translation is not None, module.language


def _row(module: ModuleView) -> dict[str, Any]:
    """Return what `list` shows of a module."""
    return {
        "id": module.id,
        "title": module.title,
        "language": module.language,
        "minutes": module.duration,
        "themes": list(module.themes),
        "file": module.file,
    }


@main.command()
def schema() -> None:
    """Print the JSON Schema of the module format.

    Editors use it to complete and check fields as you type; every shipped module
    names it on its first line.

    \b
    Example:
      ssr-toolkit schema > module.schema.json
    """
    from toolkit.module.schema_export import module_schema_text

    click.echo(module_schema_text(), nl=False)


@main.command()
@click.argument("module_id")
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path),
    default=DEFAULT_MODULES,
    show_default=True,
    help="Folder to create the module in.",
)
@click.option("--title", default=None, help="Title of the module (default: from the id).")
def new(module_id: str, folder: Path, title: str | None) -> None:
    """Create a new module from a commented scaffold that validates as it is.

    Refuses to overwrite an existing file.

    \b
    Example:
      ssr-toolkit new prison-inspections --title "Gender-responsive prison inspections"
    """
    from toolkit.module.scaffold import write_scaffold

    path = write_scaffold(module_id, folder, title)
    click.echo(f"Created {path}. Fill it in, then run: ssr-toolkit validate {path}")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "language", required=True, help="Language code of the translation, such as es, fr or ar.")
@click.option(
    "--refresh",
    is_flag=True,
    help="Mark the existing translation as up to date with the source as it is now (its hash and copy of the "
    "source's text); run it once you have brought the translation up to date.",
)
def translate(source: Path, language: str, refresh: bool) -> None:
    """Start a translation: copy a module as <id>.<lang>.yaml, linked to its source.

    The copy records the source's content hash and a compressed copy of its text, so that
    `validate` reports text still untranslated and, when the source changes later, each
    changed field before → after. Translate the text; keep ids, activities, questions,
    minutes, methods and other values that are not language as they are. With --refresh,
    an existing translation (an old one too) is marked as following the source as it is now.

    \b
    Examples:
      ssr-toolkit translate modules/peru-trc.yaml --lang es
      ssr-toolkit translate modules/peru-trc.yaml --lang es --refresh
    """
    from toolkit.core.diagnostics import DiagnosticsError
    from toolkit.module.scaffold import write_translation_scaffold
    from toolkit.module.translation_files import refresh_translation

    try:
        path = refresh_translation(source, language) if refresh else write_translation_scaffold(source, language)
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(1)
    if refresh:
        click.echo(f"Refreshed {path}: it now follows {source} as it is. Check it with: ssr-toolkit validate {path}")
    else:
        click.echo(f"Created {path}. Translate its text, then run: ssr-toolkit validate {path}")
