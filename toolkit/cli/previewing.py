"""The preview command: every slide and page of modules as PNG, with a contact sheet a file, without Office."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.cli.main import main, print_diagnostics, resolve_modules
from toolkit.cli.options import template_options

if TYPE_CHECKING:
    from toolkit.build.options import BuildOptions
    from toolkit.module.snapshot import ModuleView


def _parse_start(ctx: click.Context, param: click.Parameter, value: str) -> object:
    from toolkit.build.options import parse_clock

    try:
        return parse_clock(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.argument("modules", nargs=-1)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write into; pictures go to OUT/<id>/<language>/preview/.",
)
@click.option("--lang", "language", default=None, help="Preview the translations into this language (es, fr, ar…).")
@click.option("--start", default="09:00", callback=_parse_start, show_default=True, help="When the session starts.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default=None, help="Paper of the handout and guide.")
@click.option("--participants", type=click.IntRange(1, 1000), default=None, help="Number of participants.")
@template_options
def preview(modules: tuple[str, ...], language: str | None, **given: Any) -> None:
    """Draw every slide and page of modules as PNG pictures, and a contact sheet of each file.

    For each module: OUT/<id>/<language>/preview/slides/001.png…, handout/…,
    facilitator-guide/…, and slides-contact-sheet.png (and one for the handout and the
    guide), drawn from the same plan as the .pptx and the PDFs; no Office or LibreOffice
    needed. `ssr-toolkit watch --preview` draws them again after each save.

    \b
    Examples:
      ssr-toolkit preview peru-trc
      ssr-toolkit preview intro-gender-ssr --lang ar
    """
    from toolkit.build.options import BuildOptions

    options = BuildOptions(**given)
    if not preview_once(resolve_modules(modules, language), options):
        sys.exit(1)


def preview_once(paths: list[Path], options: BuildOptions) -> bool:
    """Draw the previews of the modules at `paths`, saying where each went; return False when any failed."""
    from toolkit.build.preview import write_previews
    from toolkit.core.diagnostics import has_errors
    from toolkit.module.loader import load

    def say(module: ModuleView, pictures: list[Path]) -> None:
        folder = pictures[-1].parent  # the contact sheets are in the preview folder
        click.echo(f"previewed {module.id} ({module.language}): {len(pictures)} picture(s) in {folder}/")

    report = write_previews([load(path) for path in paths], options, say)
    print_diagnostics(report.diagnostics)
    return not has_errors(report.diagnostics)
