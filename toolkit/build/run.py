"""What `ssr-toolkit build` does, for `build`, `watch` and `check`: the one orchestration of a build.

Lock the output folder, skip the modules whose inputs have not changed, load and build the
others (`pipeline.build_modules`), then record in the folder's state what each was built
from and with which options, and warn of files left beside them that other options made.
Nothing here prints: the build tells its listener how it goes and returns a `BuildRun`;
the command line shows both. Only light modules are imported until a module needs
building, so a build with nothing to do stays quick.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.build.options import BuildOptions
from toolkit.build.progress import BuildListener
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError

if TYPE_CHECKING:
    from toolkit.build.incremental import BuildState
    from toolkit.build.pipeline import BuildReport
    from toolkit.module.results import LoadResult


class Outcome(enum.Enum):
    """How a build ended."""

    UP_TO_DATE = "up to date"  # every module was: nothing was built
    BUILT = "built"  # every module that needed it was built and its files put in place
    INCOMPLETE = "incomplete"  # the valid modules were built; those with errors were not (`BuildRun.not_built`)
    PUT_BACK = "put back"  # the system failed after files were in place (a full disk): they were put back
    NOTHING_WRITTEN = "nothing written"  # every module had errors, or (with `strict`) any error or warning
    FAILED = "failed"  # the folder could not be locked or its record kept, or a template could not be read


@dataclass
class BuildRun:
    """What one build did: the modules it loaded, the files it wrote (or put back), and every diagnostic it met."""

    asked: int  # modules asked for
    outcome: Outcome = Outcome.UP_TO_DATE
    results: list[LoadResult] = field(default_factory=list)  # the modules that needed building, loaded
    written: list[Path] = field(default_factory=list)
    by_module: dict[Path, list[Path]] = field(default_factory=dict)  # a module file's path: the files written for it
    put_back: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the build's, then files left from other options
    not_built: dict[Path, list[Diagnostic]] = field(default_factory=dict)  # modules with errors, their files as before

    @property
    def skipped(self) -> int:
        """Return how many modules were up to date, and not built again."""
        return self.asked - len(self.results)

    @property
    def succeeded(self) -> bool:
        """Return True when every module asked for is now built: just now, or unchanged since it last was."""
        return self.outcome in (Outcome.UP_TO_DATE, Outcome.BUILT)


def run_build(
    paths: list[Path],
    options: BuildOptions,
    *,
    force: bool = False,
    strict: bool = False,
    listener: BuildListener | None = None,
    model: bool = False,
) -> BuildRun:
    """Return what building the modules among `paths` whose inputs changed (all with `force`) did.

    The output folder is locked meanwhile: another build into it waits for this one. With
    `strict`, a warning writes nothing. `listener` hears how many modules are built, then
    each as it is built. `model` loads each module as a pydantic `Module` (`loader.load`).
    """
    from toolkit.core.output import output_lock

    run = BuildRun(len(paths))
    try:
        with output_lock(options.out):
            _run_locked(run, paths, options, force, strict, listener or BuildListener(), model)
    except DiagnosticsError as exc:  # the folder stayed locked too long, or a setting or template was unreadable
        run.outcome = Outcome.FAILED
        run.diagnostics.extend(exc.diagnostics)
    return run


def _run_locked(
    run: BuildRun,
    paths: list[Path],
    options: BuildOptions,
    force: bool,
    strict: bool,
    listener: BuildListener,
    model: bool,
) -> None:
    """Build into `run` the modules that need it, with the output folder locked."""
    from toolkit import __version__
    from toolkit.build.incremental import BuildState, environment_key

    # A strict build passes no module whose files a lenient build wrote despite warnings.
    settings = (
        __version__,
        options.formats,
        str(options.start),
        options.paper,
        options.participants,
        options.allow_template_issues,
    )
    settings_key = settings + (("strict",) if strict else ())
    from toolkit.build.style_roles import roles_file

    extra = (options.pptx_template, options.docx_reference, roles_file(options.docx_reference), options.templates)
    key = environment_key(settings_key, extra)
    state = BuildState(options.out)
    stale = paths if force else [p for p in paths if not state.is_current(p, key)]
    if not stale:
        return

    from toolkit.build.pipeline import build_modules
    from toolkit.module import loader

    run.results = [loader.load(path, model=model) for path in stale]
    unchanged = {folder: str(p) for p in paths if p not in stale and (folder := state.output_folder(p))}
    listener.starting(len(run.results))
    report = build_modules(run.results, options, listener, claimed=unchanged, strict=strict)
    run.diagnostics.extend(report.diagnostics)
    run.by_module = report.by_module
    run.not_built = report.not_built
    if report.put_back:
        run.outcome, run.put_back = Outcome.PUT_BACK, report.put_back
        return
    if not report.written:
        run.outcome = Outcome.NOTHING_WRITTEN
        return
    # Only the modules built are recorded: one with errors is built again next time, whatever changed.
    run.diagnostics.extend(_remember(state, key, run.results, report, options))
    run.outcome, run.written = (Outcome.INCOMPLETE if report.not_built else Outcome.BUILT), report.written


def _remember(
    state: BuildState, key: str, results: list[LoadResult], report: BuildReport, options: BuildOptions
) -> list[Diagnostic]:
    """Record in the output folder's state what each module was built from, into which files, with which
    options; return a warning for each file left beside them that other options made."""
    from toolkit.build.mixed_options import mixed_options, record_options
    from toolkit.build.pipeline import output_folder
    from toolkit.module.results import module_inputs

    warnings = []
    for result in results:
        if result.module is None or result.path not in report.by_module:
            continue
        written = report.by_module[result.path]
        warnings += mixed_options(state, result.module, options, written)
        inputs = module_inputs(result.module, result.path)
        state.record(result.path, key, inputs, written, output_folder(result.module, options.out))
        record_options(state, result.module, options)
    state.save()
    return warnings
