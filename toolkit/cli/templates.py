"""`ssr-toolkit templates export`: the shipped deck template and reference document, to restyle."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.cli.main import main, print_diagnostics


@main.group()
def templates() -> None:
    """Start your organisation's look from the toolkit's own Office templates."""


@templates.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the files if the folder already has them.")
def export(folder: Path, force: bool) -> None:
    """Write deck.pptx, reference.docx and reference.styles.yaml into FOLDER.

    Restyle them in PowerPoint and Word (colours, fonts, logo, master), keep the layout and
    style names, check them with `ssr-toolkit doctor`, then build with them
    (docs/organisation-templates.md).

    \b
    Examples:
      ssr-toolkit templates export brand
      ssr-toolkit doctor brand/deck.pptx
      ssr-toolkit build --pptx-template brand/deck.pptx --docx-reference brand/reference.docx
    """
    from toolkit.build.starter_templates import export_templates
    from toolkit.core.diagnostics import DiagnosticsError

    try:
        paths = export_templates(folder, overwrite=force)
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(1)
    for path in paths:
        click.echo(f"wrote {path}")
