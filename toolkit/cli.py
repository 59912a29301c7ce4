"""The `ssr-toolkit` command line: thin Click commands over the library.

Heavy libraries (python-pptx, python-docx, Jinja2) are imported inside the commands
that write files, so `--help`, `list` and `validate` answer at once.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit import __version__
from toolkit.diagnostics import Diagnostic, Severity, diagnostics_to_json

if TYPE_CHECKING:
    from toolkit.quality.run import CheckReport

DEFAULT_MODULES = Path("modules")

output_format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people (default), json for machines.",
)


class ToolkitGroup(click.Group):
    """A command group that turns unexpected exceptions into one clear line unless --debug."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing half-written was left behind.", err=True)
            sys.exit(130)
        except Exception as exc:  # the last line of defence: never a traceback without --debug
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                click.echo(
                    f"internal error: {type(exc).__name__}: {exc}\n"
                    "Run again with --debug for details, and please report it.",
                    err=True,
                )
            sys.exit(70)


@click.group(cls=ToolkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ssr-toolkit")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Compile gender and SSR training modules (YAML) into slide decks, handouts and facilitator guides.

    \b
    Examples:
      ssr-toolkit validate                 check every module under modules/
      ssr-toolkit list                     show the modules you can build
      ssr-toolkit build peru-trc           deck, handout and guide for one module
      ssr-toolkit new my-module            start a new module from a commented scaffold
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _module_paths(paths: tuple[Path, ...]) -> list[Path]:
    from toolkit.paths import find_module_files

    if paths:
        return find_module_files(list(paths))
    if not DEFAULT_MODULES.is_dir():
        raise click.UsageError("no modules/ folder here; run from the project folder or name module files")
    return find_module_files([DEFAULT_MODULES])


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        colour = "red" if diagnostic.severity is Severity.ERROR else "yellow"
        click.secho(diagnostic.format(), fg=colour, err=True)


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
    from toolkit.verdicts import judge

    results = judge(_module_paths(paths))
    diagnostics = [d for result in results for d in result.diagnostics]
    failed = [r for r in results if not r.ok or (strict and r.diagnostics)]
    if output_format == "json":
        click.echo(diagnostics_to_json(diagnostics))
    else:
        _print_diagnostics(diagnostics)
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
    from toolkit.verdicts import judge

    results = judge(_module_paths(paths))
    rows = [result.summary for result in results if result.summary is not None]
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


def _resolve_modules(names: tuple[str, ...], language: str | None) -> list[Path]:
    """Return module files for ids or paths.

    An id is looked up as modules/<id>.yaml, or modules/<id>.<lang>.yaml with --lang;
    with no names, every module (in the one language when --lang is given).
    """
    if not names:
        paths = _module_paths(())
        return [p for p in paths if _language_of(p) == language] if language else paths
    paths = []
    for name in names:
        path = Path(name)
        if path.exists():
            paths.extend(_module_paths((path,)))
            continue
        candidates = (
            [DEFAULT_MODULES / f"{name}.{language}.yaml", DEFAULT_MODULES / f"{name}.yaml"]
            if language
            else [DEFAULT_MODULES / f"{name}.yaml"]
        )
        found = [c for c in candidates if c.is_file() and (not language or _language_of(c) == language)]
        if found:
            paths.append(found[0])
            continue
        variants = sorted(DEFAULT_MODULES.glob(f"{name}.*yaml")) if DEFAULT_MODULES.is_dir() else []
        if variants:
            languages = ", ".join(sorted({_language_of(v) or "?" for v in variants}))
            raise click.BadParameter(
                f"module {name!r} is not available in {language}; it is in: {languages}", param_hint="--lang"
            )
        known = (
            ", ".join(sorted({p.name.split(".")[0] for p in _module_paths(())})) if DEFAULT_MODULES.is_dir() else "none"
        )
        raise click.BadParameter(f"no module file or id {name!r}; known ids: {known}", param_hint="MODULE")
    return paths


def _language_of(path: Path) -> str | None:
    """Return a module file's language without validating it fully (None when unreadable)."""
    from toolkit.loader import load_module

    module = load_module(path).module
    return module.language if module else None


def _parse_start(ctx: click.Context, param: click.Parameter, value: str) -> object:
    from toolkit.options import parse_clock

    try:
        return parse_clock(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from toolkit.options import parse_formats

    try:
        return parse_formats(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.argument("modules", nargs=-1)
@click.option(
    "--format",
    "formats",
    default="slides,handout,guide",
    callback=_parse_formats,
    show_default=True,
    help="Comma-separated: slides, handout, guide, markdown.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write into; files go to OUT/<id>/<language>/.",
)
@click.option("--lang", "language", default=None, help="Build the translations into this language (es, fr, ar…).")
@click.option(
    "--start",
    default="09:00",
    callback=_parse_start,
    show_default=True,
    help="Clock time the session starts, for timings in the guide and notes.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default=None,
    help="Paper size of the handout and guide (default: Letter for en-US and other Letter regions, else A4).",
)
@click.option(
    "--participants",
    type=click.IntRange(1, 1000),
    default=None,
    help="Number of participants, for copies to print (default: from the module).",
)
@click.option(
    "--pptx-template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Your own branded .pptx whose layouts the deck uses.",
)
@click.option(
    "--docx-reference",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Your own .docx whose styles the handout and guide use.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Modules built at once, in separate processes (default: the number of CPUs).",
)
@click.option("--force", is_flag=True, help="Rebuild modules even when nothing they depend on has changed.")
@click.option(
    "--check", "check_after", is_flag=True, help="Then check the files as `ssr-toolkit check` does; exit 1 on errors."
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of your own Jinja2 templates (slides.md.j2, handout.md.j2, guide.md.j2) to use instead.",
)
def build(
    modules: tuple[str, ...],
    formats: tuple[str, ...],
    out: Path,
    language: str | None,
    start: object,
    paper: str | None,
    participants: int | None,
    pptx_template: Path | None,
    docx_reference: Path | None,
    templates: Path | None,
    jobs: int | None,
    force: bool,
    check_after: bool,
) -> None:
    """Build slide decks, participant handouts and facilitator guides.

    MODULES are module ids (looked up in modules/) or paths; the default is every module.
    Nothing is written unless every module is valid. A module whose inputs (its file,
    images, templates, options, the toolkit itself) have not changed since its last build
    is skipped; --force rebuilds it anyway.

    \b
    Examples:
      ssr-toolkit build                              every module, all three documents
      ssr-toolkit build peru-trc --start 13:30       one module, afternoon timings
      ssr-toolkit build peru-trc --lang es           its Spanish translation
      ssr-toolkit build police-reform --paper letter --format handout
      ssr-toolkit build --pptx-template brand.pptx --docx-reference brand.docx
      ssr-toolkit build peru-trc --check             then check the files before the workshop
    """
    from toolkit.incremental import BuildState, cpu_count, environment_key

    paths = _resolve_modules(modules, language)
    settings = (__version__, formats, str(start), paper, participants)
    key = environment_key(settings, (pptx_template, docx_reference, templates))
    state = BuildState(out)
    stale = paths if force else [p for p in paths if not state.is_current(p, key)]
    if not stale:
        click.echo(f"Nothing to do: {len(paths)} module(s) up to date in {out}/ (--force rebuilds them).", err=True)
        if check_after:
            _check_built(paths, out)
        return

    from toolkit.build import BuildOptions, build_modules, output_folder
    from toolkit.loader import load_module, module_inputs

    results = [load_module(path) for path in stale]
    unchanged = {Path(state.output_folder(p) or ""): str(p) for p in paths if p not in stale}
    options = BuildOptions(
        out=out,
        formats=formats,
        start=start,
        paper=paper,  # type: ignore[arg-type]
        participants=participants,
        pptx_template=pptx_template,
        docx_reference=docx_reference,
        templates=templates,
        jobs=jobs or cpu_count(),
    )
    with click.progressbar(length=len(results), label="Building", file=sys.stderr, hidden=len(results) < 2) as bar:

        def progress(items):
            for item in items:
                yield item
                bar.update(1)

        report = build_modules(results, options, progress, claimed=unchanged)
    _print_diagnostics(report.diagnostics)
    if not report.written:
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    for result in results:
        if result.module is not None and result.path in report.by_module:
            folder = output_folder(result.module, out)
            state.record(
                result.path, key, module_inputs(result.module, result.path), report.by_module[result.path], folder
            )
    state.save()
    for path in report.written:
        click.echo(f"wrote {path}")
    skipped = len(paths) - len(stale)
    note = f"; {skipped} unchanged module(s) skipped" if skipped else ""
    click.echo(f"{len(report.written)} file(s) from {len(results)} module(s) in {out}/{note}", err=True)
    if check_after:
        _check_built(paths, out)


def _check_built(paths: list[Path], out: Path) -> None:
    """Check the files built from the modules at `paths` in `out`; print the findings; exit 1 on errors."""
    from toolkit.loader import load_module
    from toolkit.quality.language import load_language_rules
    from toolkit.quality.run import check_built

    report = check_built([load_module(path) for path in paths], out, load_language_rules())
    _print_diagnostics(report.findings)
    _print_check_summary(report)
    if report.failed():
        sys.exit(1)


def _print_check_summary(report: CheckReport) -> None:
    """Print how many files were checked and how many errors and warnings were found."""
    from toolkit.quality.run import count

    errors, warnings = count(report.findings, Severity.ERROR), count(report.findings, Severity.WARNING)
    click.echo(f"{len(report.files)} file(s) checked: {errors} error(s), {warnings} warning(s).", err=True)


def _split_targets(targets: tuple[str, ...]) -> tuple[tuple[str, ...], list[Path]]:
    """Return check's targets as module ids or paths, and .pptx/.docx files (which must exist)."""
    files = [Path(t) for t in targets if Path(t).suffix.lower() in (".pptx", ".docx")]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise click.BadParameter(f"no such file: {', '.join(missing)}", param_hint="TARGETS")
    return tuple(t for t in targets if Path(t).suffix.lower() not in (".pptx", ".docx")), files


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
    default=None,
    help="Your own inclusive-language list (YAML, see docs/quality.md) instead of the shipped one.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@output_format_option
def check(
    targets: tuple[str, ...],
    module_file: Path | None,
    out: Path | None,
    language: str | None,
    language_rules: Path | None,
    strict: bool,
    output_format: str,
) -> None:
    """Check decks and documents: accessible, readable and safe to hand out.

    TARGETS are module ids or paths, built and then checked, or .pptx and .docx files,
    checked as they are; the default is every module. Each finding names the file, the
    slide or paragraph, the rule and what to do (docs/quality.md lists the rules).
    Exits 1 when any finding is an error (with --strict, a warning too).

    \b
    Examples:
      ssr-toolkit check                          build every module and check it
      ssr-toolkit check peru-trc --out output    build peru-trc into output/, then check it
      ssr-toolkit check output/peru-trc/en/peru-trc-handout.docx --module modules/peru-trc.yaml
      ssr-toolkit check police-reform --format json
    """
    from toolkit.diagnostics import DiagnosticsError
    from toolkit.quality.language import load_language_rules
    from toolkit.quality.run import check_targets

    names, files = _split_targets(targets)
    modules = _resolve_modules(names, language) if names or not files else []
    try:
        rules = load_language_rules(language_rules)
    except DiagnosticsError as exc:
        _print_diagnostics(exc.diagnostics)
        sys.exit(1)
    report = check_targets(modules, files, rules, module_file, out)
    if output_format == "json":
        click.echo(diagnostics_to_json(report.findings))
    else:
        for finding in report.findings:
            click.secho(finding.format(), fg="red" if finding.severity is Severity.ERROR else "yellow")
        _print_check_summary(report)
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
    from toolkit.diagnostics import has_errors
    from toolkit.quality.doctor import diagnose

    report = diagnose(template)
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.format())
        _print_diagnostics(report.findings)
        if not report.findings:
            click.echo("The template has everything the toolkit needs.")
    if has_errors(report.findings):
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the module format.

    Editors use it to complete and check fields as you type; every shipped module
    names it on its first line.

    \b
    Example:
      ssr-toolkit schema > module.schema.json
    """
    from toolkit.schema_export import module_schema_text

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
    from toolkit.scaffold import write_scaffold

    path = write_scaffold(module_id, folder, title)
    click.echo(f"Created {path}. Fill it in, then run: ssr-toolkit validate {path}")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "language", required=True, help="Language code of the translation, such as es, fr or ar.")
def translate(source: Path, language: str) -> None:
    """Start a translation: copy a module as <id>.<lang>.yaml, linked to its source.

    The copy records the source's content hash, so `validate` reports when the source
    changes later. Translate the text; keep ids, activities and questions as they are.

    \b
    Example:
      ssr-toolkit translate modules/peru-trc.yaml --lang es
    """
    from toolkit.diagnostics import DiagnosticsError
    from toolkit.scaffold import write_translation_scaffold

    try:
        path = write_translation_scaffold(source, language)
    except DiagnosticsError as exc:
        _print_diagnostics(exc.diagnostics)
        sys.exit(1)
    click.echo(f"Created {path}. Translate its text, then run: ssr-toolkit validate {path}")


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
def pack_command(packfile: Path, out: Path, strict: bool) -> None:
    """Build everything a workshop needs from a pack file, in one folder and one zip.

    PACKFILE names the days, breaks and modules (see docs/packs.md). The result: the
    agenda, a participant booklet, a combined facilitator guide, the materials and print
    list, an evaluation form, an attendance sheet, every module's slides, handout and guide,
    and a manifest. Nothing is written unless the pack and all its modules are valid.

    \b
    Examples:
      ssr-toolkit pack modules/packs/peru-trc-practitioners.yaml
      ssr-toolkit pack modules/packs/my-workshop.yaml --out build --strict
    """
    from toolkit.pack import build_pack

    report = build_pack(packfile, out, strict)
    _print_diagnostics(report.diagnostics)
    if not report.written:
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    archive = report.written[-1]
    click.echo(f"wrote {len(report.written) - 1} file(s) to {archive.with_suffix('')}/ and {archive}")


if __name__ == "__main__":
    main()
