"""The build command: modules into decks, handouts and guides."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from toolkit.build.options import BuildOptions
from toolkit.build.progress import BuildListener, ProgressBar
from toolkit.cli.main import (
    main,
    print_diagnostics,
    resolve_modules,
)
from toolkit.cli.options import template_options
from toolkit.cli.quality import print_check_summary

if TYPE_CHECKING:
    from toolkit.core.diagnostics import Diagnostic
    from toolkit.module.snapshot import ModuleView


def _parse_start(ctx: click.Context, param: click.Parameter, value: str) -> object:
    from toolkit.build.options import parse_clock

    try:
        return parse_clock(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from toolkit.build.options import parse_formats

    try:
        return parse_formats(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def build_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options every building command shares (what to build, how, and where to)."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.argument("modules", nargs=-1),
        click.option(
            "--format",
            "formats",
            default="slides,handout,guide",
            callback=_parse_formats,
            show_default=True,
            help=(
                "Comma-separated: slides, handout, guide, markdown, pdf (handout, guide, slides, notes pages "
                "and a slide handout as accessible PDF, without Office)."
            ),
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path("output"),
            show_default=True,
            help="Folder to write into; files go to OUT/<id>/<language>/.",
        ),
        click.option(
            "--lang", "language", default=None, help="Build the translations into this language (es, fr, ar…)."
        ),
        click.option(
            "--start",
            default="09:00",
            callback=_parse_start,
            show_default=True,
            help="Clock time the session starts, for timings in the guide and notes.",
        ),
        click.option(
            "--paper",
            type=click.Choice(["a4", "letter"]),
            default=None,
            help="Paper size of the handout and guide (default: Letter for en-US and other Letter regions, else A4).",
        ),
        click.option(
            "--participants",
            type=click.IntRange(1, 1000),
            default=None,
            help="Number of participants, for copies to print (default: from the module).",
        ),
        template_options,  # --pptx-template, --docx-reference, --templates, --allow-template-issues: as `pack`
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(1, 64),
            default=None,
            help="Modules built at once, in separate processes (default: the number of CPUs).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _options(**given: Any) -> BuildOptions:
    """Return the build options from the shared command-line options (jobs default to the CPUs)."""
    from toolkit.build.incremental import cpu_count

    return BuildOptions(**{**given, "jobs": given["jobs"] or cpu_count()})


@main.command()
@build_options
@click.option("--force", is_flag=True, help="Rebuild modules even when nothing they depend on has changed.")
@click.option(
    "--check", "check_after", is_flag=True, help="Then check the files as `ssr-toolkit check` does; exit 1 on errors."
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors: on any warning, write nothing and exit 1.")
def build(
    modules: tuple[str, ...], language: str | None, force: bool, check_after: bool, strict: bool, **given: Any
) -> None:
    """Build slide decks, participant handouts and facilitator guides.

    MODULES are module ids (looked up in modules/) or paths; the default is every module.
    Every valid module is built; a module with errors is not, its earlier files stay as they
    were, and the build lists it and exits 1 (--strict: nothing is written unless every
    module is valid and without warnings). A module whose inputs (its file,
    images, templates, options, the toolkit itself) have not changed since its last build
    is skipped; --force rebuilds it anyway. Files of formats not asked for are kept, and
    a warning names each one built with other options (an A4 guide beside a Letter handout).
    Warnings point into the module (`modules/x.yaml:12:5: warning: …`): what `check` would
    call an error in the files, such as two slides with one title, is said as they are
    built; --strict fails on any warning and writes nothing.

    \b
    Examples:
      ssr-toolkit build                              every module, all three documents
      ssr-toolkit build peru-trc --start 13:30       one module, afternoon timings
      ssr-toolkit build peru-trc --lang es           its Spanish translation
      ssr-toolkit build police-reform --paper letter --format handout
      ssr-toolkit build peru-trc --format pdf        accessible PDFs, no Office needed
      ssr-toolkit build --pptx-template brand.pptx --docx-reference brand.docx
      ssr-toolkit build peru-trc --check             then check the files before the workshop
      ssr-toolkit build --strict                     in CI: any warning fails the build
    """
    paths = resolve_modules(modules, language)
    options = _options(**given)
    if not build_once(paths, options, force, strict):
        sys.exit(1)
    if check_after:
        _check_built(paths, options.out)


@main.command()
@build_options
@click.option(
    "--preview", is_flag=True, help="After each build, draw the modules' slides and pages as PNG (as `preview` does)."
)
@click.option(
    "--serve",
    type=click.IntRange(0, 65535),
    default=None,
    help="Draw previews (as --preview) and show them at http://127.0.0.1:PORT/, reloaded as they change (0: any).",
)
def watch(modules: tuple[str, ...], language: str | None, preview: bool, serve: int | None, **given: Any) -> None:
    """Build modules, then build again each time a module, image or template is saved.

    Takes the same MODULES and options as `build`. Only the modules a change affects are
    rebuilt: a changed template rebuilds them all, a changed module its translations among
    them. Problems are reported and watching goes on; Ctrl+C stops.

    \b
    Examples:
      ssr-toolkit watch peru-trc                 rebuild peru-trc's files on every save
      ssr-toolkit watch --format slides          every module's deck
      ssr-toolkit watch peru-trc --templates my-templates
      ssr-toolkit watch peru-trc --preview       and fresh PNGs of every slide and page
      ssr-toolkit watch peru-trc --preview --serve 8765   and a page that shows them
    """
    from toolkit.cli.watching import watch_and_build, watched_folders

    options = _options(**given)

    def build_now() -> None:
        try:
            paths = resolve_modules(modules, language)  # again each time: a module may have been added
        except click.BadParameter as exc:
            click.secho(f"Error: {exc.format_message()}", fg="red", err=True)
            return
        build_once(paths, options, force=False)
        if preview:
            from toolkit.cli.previewing import preview_once

            preview_once(paths, options)

    folders = watched_folders(resolve_modules(modules, language), options)
    server = None
    if serve is not None:
        from toolkit.cli.preview_server import serve_previews

        preview = True
        server = serve_previews(options.out, serve)
        click.echo(f"Previews at http://127.0.0.1:{server.server_address[1]}/", err=True)
    try:
        watch_and_build(build_now, folders, options.out)
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()


def build_once(paths: list[Path], options: BuildOptions, force: bool, strict: bool = False) -> bool:
    """Build the modules among `paths` whose inputs changed (all with `force`), showing it as it goes; print what
    it did; return False when it failed. The build is `build.run.run_build`; this only shows it."""
    from toolkit.build.run import Outcome, run_build
    from toolkit.core.diagnostics import has_errors

    shown = ShownProgress(0, sys.stdout, sys.stderr)
    try:
        run = run_build(paths, options, force=force, strict=strict, listener=shown)
    finally:
        shown.finish()
    print_diagnostics(run.diagnostics)
    if run.outcome is Outcome.UP_TO_DATE:
        click.echo(
            f"Nothing to do: {run.asked} module(s) up to date in {options.out}/ (--force rebuilds them).", err=True
        )
    elif run.outcome is Outcome.PUT_BACK:
        put_back = len(run.put_back)
        click.echo(f"Nothing was changed: the {put_back} file(s) written above were put back as they were.", err=True)
    elif run.outcome is Outcome.NOTHING_WRITTEN:
        warned = strict and run.diagnostics and not has_errors(run.diagnostics)
        because = ": --strict counts each warning above as an error" if warned else ""
        click.echo(f"Nothing was written{because}.", err=True)
    elif run.outcome in (Outcome.BUILT, Outcome.INCOMPLETE):
        note = f"; {run.skipped} unchanged module(s) skipped" if run.skipped else ""
        built = len(run.results) - len(run.not_built)
        click.echo(f"{len(run.written)} file(s) from {built} module(s) in {options.out}/{note}", err=True)
    if run.not_built and run.outcome is not Outcome.PUT_BACK:
        _say_not_built(run.not_built)
    return run.succeeded


def _say_not_built(not_built: dict[Path, list[Diagnostic]]) -> None:
    """Print the modules a build could not build, each with how many errors (said above) stop it."""
    from toolkit.module.loader import display_path

    click.secho(
        f"Not built: {len(not_built)} module(s) with errors; their earlier files, if any, are as they were:",
        fg="red",
        err=True,
    )
    for path, errors in not_built.items():
        codes = ", ".join(dict.fromkeys(error.code for error in errors))
        said = f": {len(errors)} error(s) above [{codes}]" if errors else ""
        click.echo(f"  {display_path(path)}{said}", err=True)


class ShownProgress(BuildListener):
    """Show a build as it goes: in a terminal a progress line naming the module being built; each
    module's `wrote` lines as soon as its files are in place."""

    def __init__(self, total: int, out: TextIO, err: TextIO):
        self.bar = ProgressBar(total, err)
        self.out = out
        self.err = err
        self.done = 0

    def starting(self, total: int) -> None:
        """Count the modules the build is about to build (none drawn yet)."""
        self.bar = ProgressBar(total, self.err)
        self.done = 0

    def building(self, module: ModuleView) -> None:
        """Name the module the build now waits for."""
        self.bar.draw(self.done, f"{module.id} ({module.language})")

    def built(self, module: ModuleView, paths: list[Path]) -> None:
        """Print the module's files above the progress line, which then counts it."""
        self.done += 1
        self.bar.clear()
        for path in paths:
            click.echo(f"wrote {path}", file=self.out)
        self.bar.draw(self.done)

    def not_built(self, path: Path) -> None:
        """Count a module the build could not build: its errors are printed when the build ends."""
        self.done += 1
        self.bar.draw(self.done)

    def finish(self) -> None:
        """Leave the progress line at its last count, above what is printed next."""
        self.bar.finish(self.done)


def _check_built(paths: list[Path], out: Path) -> None:
    """Check the files built from the modules at `paths` in `out`; print the findings; exit 1 on errors."""
    from toolkit.module.loader import load
    from toolkit.quality.language import load_language_rules
    from toolkit.quality.run import check_built

    report = check_built([load(path, model=True) for path in paths], out, load_language_rules())
    print_diagnostics(report.findings)
    print_check_summary(report)
    if report.failed():
        sys.exit(1)
