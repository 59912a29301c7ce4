"""The `exercises` command: the directory of every activity across the curriculum, as a workbook and a table."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.cli.main import main, module_paths, print_diagnostics

if TYPE_CHECKING:
    from toolkit.module.loader import LoadResult

WORKBOOK = "exercise-directory.xlsx"
TABLE = "exercise-directory.md"


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write exercise-directory.xlsx and exercise-directory.md in.",
)
@click.option("--translations", is_flag=True, help="List translated modules' activities too (one row per language).")
def exercises(paths: tuple[Path, ...], out: Path, translations: bool) -> None:
    """Write the exercise directory: every activity of every module, one row each.

    A workbook (.xlsx) with a filter on each column — module, theme, DCAF's exercise type,
    method, audience, minutes, grouping, sensitive topic, objectives — and the same rows as
    a Markdown table. PATHS are module files or folders; the default is every module under
    modules/ (sources only; --translations adds the translations). Any invalid module is
    reported and nothing is written.

    \b
    Examples:
      ssr-toolkit exercises
      ssr-toolkit exercises modules/police-reform.yaml modules/border-management.yaml --out directory/
    """
    from toolkit.core.output import write_atomic
    from toolkit.module.loader import load
    from toolkit.render.directory import exercise_rows
    from toolkit.writers.directory import directory_markdown, directory_workbook

    results = [load(path) for path in module_paths(paths)]
    if not translations:  # a translation is left out, and so is what is wrong with it
        results = [result for result in results if not _is_translation(result)]
    print_diagnostics([d for result in results for d in result.diagnostics])
    invalid = [result for result in results if result.module is None]
    if invalid:
        click.echo(f"{len(invalid)} module(s) invalid; nothing was written. Fix them and run again.", err=True)
        sys.exit(1)
    modules = [result.module for result in results if result.module is not None]
    rows = exercise_rows(modules)
    workbook, table = directory_workbook(rows), directory_markdown(rows)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / WORKBOOK, workbook)
    write_atomic(out / TABLE, table.encode("utf-8"))
    click.echo(f"wrote {out / WORKBOOK} and {out / TABLE}: {len(rows)} activities from {len(modules)} module(s)")


def _is_translation(result: LoadResult) -> bool:
    """Return True when a module file is a translation: it says so, valid or not."""
    if result.module is not None:
        return result.module.translation is not None
    from toolkit.core.diagnostics import DiagnosticsError
    from toolkit.module.yamlsafe import load_yaml_file

    try:
        data = load_yaml_file(result.path).data
    except DiagnosticsError:
        return False  # not even YAML: whatever it was meant to be, it is reported
    return isinstance(data, dict) and "translation" in data
