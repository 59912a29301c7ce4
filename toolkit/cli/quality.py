"""The quality gate: check built files, and doctor for user templates."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.cli.main import (
    main,
    output_format_option,
    print_diagnostics,
    resolve_modules,
)
from toolkit.core.diagnostics import Severity, diagnostics_to_json
from toolkit.core.paths import find_module_files

if TYPE_CHECKING:
    from toolkit.quality.run import CheckReport


def print_check_summary(report: CheckReport) -> None:
    """Print how many files were checked and how many errors and warnings were found."""
    from toolkit.quality.run import count

    errors, warnings = count(report.findings, Severity.ERROR), count(report.findings, Severity.WARNING)
    click.echo(f"{len(report.files)} file(s) checked: {errors} error(s), {warnings} warning(s).", err=True)


OFFICE_SUFFIXES = (".pptx", ".docx")


def _split_targets(targets: tuple[str, ...]) -> tuple[tuple[str, ...], list[Path]]:
    """Return check's targets as module ids or paths, and .pptx/.docx files (which must exist).

    A folder holding built files and no module files (`output/`, a pack's folder) stands for
    every .pptx and .docx under it, so `check output` checks what `build` wrote there.
    """
    names: list[str] = []
    files: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.suffix.lower() in OFFICE_SUFFIXES:
            files.append(path)
        elif path.is_dir() and not find_module_files([path]):
            built = sorted(p for p in path.rglob("*") if p.suffix.lower() in OFFICE_SUFFIXES and p.is_file())
            if not built:
                raise click.BadParameter(f"{target} holds no modules and no .pptx or .docx files", param_hint="TARGETS")
            files += built
        else:
            names.append(target)
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise click.BadParameter(f"no such file: {', '.join(missing)}", param_hint="TARGETS")
    return tuple(names), files


@main.command()
@click.argument("targets", nargs=-1)
@click.option(
    "--module",
    "module_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The module that the .pptx/.docx files were built from, so the leak rule can run on them.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build modules into this folder and keep the files (default: a temporary folder).",
)
@click.option("--lang", "language", default=None, help="Check the translations into this language (es, fr, ar…).")
@click.option(
    "--language-rules",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Your own inclusive-language list (YAML, see docs/quality.md) instead of the shipped ones "
    "(English, Spanish, French); repeat for one list per language.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@output_format_option
def check(
    targets: tuple[str, ...],
    module_file: Path | None,
    out: Path | None,
    language: str | None,
    language_rules: tuple[Path, ...],
    strict: bool,
    output_format: str,
) -> None:
    """Check decks and documents: accessible, readable and safe to hand out.

    TARGETS are module ids or paths, built and then checked, or .pptx and .docx files (or
    a folder of them, such as output/), checked as they are; the default is every module.
    Each finding names the file, the slide or paragraph, the rule and what to do
    (docs/quality.md lists the rules).
    Exits 1 when any finding is an error (with --strict, a warning too).

    \b
    Examples:
      ssr-toolkit check                          build every module and check it
      ssr-toolkit check peru-trc --out output    build peru-trc into output/, then check it
      ssr-toolkit check output/peru-trc/en/peru-trc-handout.docx --module modules/peru-trc.yaml
      ssr-toolkit check output/packs/my-workshop  every .pptx and .docx built there
      ssr-toolkit check police-reform --format json
      ssr-toolkit check --language-rules our-terms.en.yaml --language-rules our-terms.es.yaml
    """
    from toolkit.core.diagnostics import DiagnosticsError
    from toolkit.quality.language import load_language_rules
    from toolkit.quality.run import check_targets

    names, files = _split_targets(targets)
    modules = resolve_modules(names, language) if names or not files else []
    try:
        rules = load_language_rules(language_rules)
    except DiagnosticsError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(1)
    report = check_targets(modules, files, rules, module_file, out)
    if output_format == "json":
        click.echo(diagnostics_to_json(report.findings))
    else:
        for finding in report.findings:
            click.secho(finding.format(), fg="red" if finding.severity is Severity.ERROR else "yellow")
        print_check_summary(report)
    if report.failed(strict):
        sys.exit(1)


@main.command()
@click.argument("template", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@output_format_option
def doctor(template: Path, output_format: str) -> None:
    """Explain a deck template (.pptx) or reference document (.docx) before you build with it.

    Lists the layouts and their placeholders (or the styles) the file has, which of them
    the toolkit uses, and what each missing one would cost. Exits 1 when the template
    lacks something a build needs.

    \b
    Examples:
      ssr-toolkit doctor brand.pptx
      ssr-toolkit doctor brand.docx --format json
    """
    from toolkit.core.diagnostics import has_errors
    from toolkit.quality.doctor import diagnose

    report = diagnose(template)
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.format())
        print_diagnostics(report.findings)
        if not report.findings:
            click.echo("The template has everything the toolkit needs.")
    if has_errors(report.findings):
        sys.exit(1)
