"""The pack command: a whole workshop from a pack file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.cli.main import (
    main,
    print_diagnostics,
)
from toolkit.cli.options import template_options


@main.command(name="pack")
@click.argument("packfile", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write into; files go to OUT/packs/<id>/ and OUT/packs/<id>.zip.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--pdf",
    is_flag=True,
    help="Also every document as accessible PDF: the agenda, booklet, guide, forms and lists, and each "
    "module's handout, guide, slides, notes pages and slide handout.",
)
@template_options
def pack_command(
    packfile: Path,
    out: Path,
    strict: bool,
    pdf: bool,
    pptx_template: Path | None,
    docx_reference: Path | None,
    templates: Path | None,
    allow_template_issues: bool,
) -> None:
    """Build everything a workshop needs from a pack file, in one folder and one zip.

    PACKFILE names the days, breaks and modules (see docs/packs.md). The result: the
    agenda, a participant booklet, a combined facilitator guide, the materials and print
    list, an evaluation form, an attendance sheet, every module's slides, handout and guide,
    and a manifest. Nothing is written unless the pack and all its modules are valid; the
    folder and the zip are then replaced together, so they always hold the same files.
    --templates, --pptx-template and --docx-reference work as for `build`; a pack's own
    documents come from pack/agenda.md.j2 and its siblings in the --templates folder, when
    it has them.

    \b
    Examples:
      ssr-toolkit pack modules/packs/peru-trc-practitioners.yaml
      ssr-toolkit pack modules/packs/my-workshop.yaml --out build --strict
      ssr-toolkit pack modules/packs/peru-trc-practitioners.yaml --pdf   printable PDFs too
      ssr-toolkit pack modules/packs/my-workshop.yaml --pptx-template brand.pptx --docx-reference brand.docx
    """
    from toolkit.pack.pipeline import build_pack

    report = build_pack(
        packfile,
        out,
        strict,
        templates=templates,
        pptx_template=pptx_template,
        docx_reference=docx_reference,
        allow_template_issues=allow_template_issues,
        pdf=pdf,
    )
    print_diagnostics(report.diagnostics)
    if not report.written:
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    archive = report.written[-1]
    click.echo(f"wrote {len(report.written) - 1} file(s) to {archive.with_suffix('')}/ and {archive}")
