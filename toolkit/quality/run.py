"""What `ssr-toolkit check` does: build modules when asked, open each file, run every rule, collect the findings."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from pptx import Presentation
from pptx.presentation import Presentation as PptxPresentation

from toolkit.build.incremental import cpu_count
from toolkit.build.options import BuildOptions
from toolkit.build.pipeline import output_path
from toolkit.build.run import run_build
from toolkit.core.diagnostics import Diagnostic, Severity, has_errors
from toolkit.module import loader
from toolkit.module.loader import LoadResult, display_path
from toolkit.module.model import Module
from toolkit.quality.deck_rules import check_deck
from toolkit.quality.document_rules import check_document
from toolkit.quality.findings import Finding, as_finding
from toolkit.quality.language import LanguageRules, inclusive_language
from toolkit.quality.leaks import deck_leaks, document_leaks, is_participant_file
from toolkit.quality.scaffold_text import scaffold_text
from toolkit.quality.slide_count import deck_slide_counts
from toolkit.writers import opc

CHECKED_SUFFIXES = (".pptx", ".docx")
MAX_FILE_BYTES = 200 * 1024 * 1024  # a deck full of photographs stays well below this
MAX_UNPACKED_BYTES = 2 * MAX_FILE_BYTES  # all parts together: held in memory while the rules run


@dataclass
class CheckReport:
    """What a check looked at and everything it found, in the order found."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def failed(self, strict: bool = False) -> bool:
        """Return True when an error was found (with `strict`, any finding at all)."""
        return has_errors(self.findings) or (strict and bool(self.findings))


def check_file(path: Path, module: Module | None = None, label: str | None = None) -> list[Finding]:
    """Return the findings of every rule for one .pptx or .docx file, filed under `label` (default: its path).

    The leak rule runs when the module the file was built from is known and the file is for participants.
    """
    label = label or display_path(path)
    problem = _unreadable(path)
    if problem:
        return [Finding(label, None, Severity.ERROR, problem, "file.unreadable")]
    is_deck = path.suffix.lower() == ".pptx"
    try:
        opened = Presentation(str(path)) if is_deck else docx.Document(str(path))
    except Exception as exc:  # python-docx and python-pptx raise many kinds for a file that is not theirs
        kind = "PowerPoint (.pptx)" if is_deck else "Word (.docx)"
        return [Finding(label, None, Severity.ERROR, f"cannot open it as a {kind} file: {exc}", "file.unreadable")]
    leaks_of = module if module is not None and is_participant_file(path) else None
    if isinstance(opened, PptxPresentation):
        findings = check_deck(opened) + (deck_leaks(opened, leaks_of) if leaks_of else [])
    else:
        findings = check_document(opened) + (document_leaks(opened, leaks_of) if leaks_of else [])
    return [finding.in_file(label) for finding in findings]


def _unreadable(path: Path) -> str | None:
    """Return why a file cannot be checked (wrong kind, missing, not regular, too big packed or unpacked), or None.

    python-pptx and python-docx read every part whole, so the sizes the zip's directory
    declares are checked before they open it.
    """
    if path.suffix.lower() not in CHECKED_SUFFIXES:
        return "check reads .pptx and .docx files only"
    return opc.file_problem(path, MAX_FILE_BYTES, MAX_UNPACKED_BYTES)


def check_outputs(
    built: list[tuple[Module, list[Path]]], rules: LanguageRules, labels: dict[Path, str] | None = None
) -> CheckReport:
    """Return what checking built modules finds: each module's text, then each of its .pptx and .docx files,
    then the numbers of slides its text names against its deck."""
    report = CheckReport()
    labels = labels or {}
    for module, files in built:
        report.findings += inclusive_language(module, rules) + scaffold_text(module)
        for path in files:
            if path.suffix.lower() in CHECKED_SUFFIXES:
                report.files.append(path)
                report.findings += check_file(path, module, labels.get(path))
        report.findings += _slide_counts(module, files)
    return report


def _slide_counts(module: Module, files: list[Path]) -> list[Finding]:
    """Return the slide-count findings of a module against each deck among `files`, at the module's lines."""
    return [finding for path in files if path.suffix.lower() == ".pptx" for finding in deck_slide_counts(path, module)]


def built_files(module: Module, out: Path) -> list[Path]:
    """Return the deck, handout and guide a build wrote for a module into `out`, those that exist."""
    paths = (output_path(module, out, kind) for kind in ("slides", "handout", "guide"))
    return [path for path in paths if path.is_file()]


def check_built(
    results: list[LoadResult],
    out: Path,
    rules: LanguageRules,
    label_root: Path | None = None,
    written: dict[Path, list[Path]] | None = None,
) -> CheckReport:
    """Return what checking the loaded modules and the files built from them in `out` finds.

    `written` maps a module's path to the files a build just wrote for it (`BuildReport.by_module`);
    a module not in it is checked in the files an earlier build left in `out`. With `label_root`
    (a temporary build folder) files are named relative to it: `<id>/<lang>/<file>`.
    """
    written = written or {}
    # `check` loads modules with `model`: each is a pydantic Module (the language rule walks its fields), or None.
    built = [
        (r.module, written[r.path] if r.path in written else built_files(r.module, out))
        for r in results
        if isinstance(r.module, Module)
    ]
    labels = (
        {path: path.relative_to(label_root).as_posix() for _, files in built for path in files} if label_root else None
    )
    return check_outputs(built, rules, labels)


def check_modules(modules: list[Path], options: BuildOptions, rules: LanguageRules, temporary: bool) -> CheckReport:
    """Return what building the modules at `modules` into `options.out` as `build` does, then checking them, finds.

    The build is `build`'s own (`build.run.run_build`), every module built again: its
    warnings are findings too. The files checked are those it wrote. A build that fails
    reports why and nothing more. With `temporary`, files are named relative to the build
    folder, which the caller removes.
    """
    build = run_build(modules, options, force=True, model=True)
    findings = [as_finding(d) for d in build.diagnostics]
    if has_errors(build.diagnostics):
        return CheckReport(findings=findings)
    label_root = options.out if temporary else None
    report = check_built(build.results, options.out, rules, label_root, build.by_module)
    module_of_file = {
        (path.relative_to(label_root).as_posix() if label_root else display_path(path)): display_path(source)
        for source, paths in build.by_module.items()
        for path in paths
    }
    report.findings = said_once(findings, report.findings, module_of_file)
    return report


def said_once(placed: list[Finding], found: list[Finding], module_of_file: dict[str, str]) -> list[Finding]:
    """Return the build's findings then the file rules' findings, each problem said once.

    The build warns at the module's line about what a file rule calls an error on a slide
    (two slides with one title, a title too long for the footer). Where the build and the
    file rules report one code the same number of times for one module, the build's findings
    stay, with the file rule's severity, and the file rule's go: the module's line is where
    the problem is fixed. Counts that differ mean different problems; both are kept.
    `module_of_file` maps each built file's label to the label of the module it came from.
    """
    placed_count = Counter((finding.file, finding.code) for finding in placed)
    found_count = Counter((module_of_file.get(finding.file, ""), finding.code) for finding in found)
    same = {key for key, number in found_count.items() if placed_count.get(key) == number}
    worst = {
        key: Severity.ERROR
        if any(f.severity is Severity.ERROR for f in found if (module_of_file.get(f.file, ""), f.code) == key)
        else Severity.WARNING
        for key in same
    }
    kept_placed = [replace(f, severity=worst[(f.file, f.code)]) if (f.file, f.code) in worst else f for f in placed]
    kept_found = [f for f in found if (module_of_file.get(f.file, ""), f.code) not in same]
    return kept_placed + kept_found


def check_targets(
    modules: list[Path], files: list[Path], rules: LanguageRules, module: Path | None = None, out: Path | None = None
) -> CheckReport:
    """Return what `ssr-toolkit check` finds: modules built (into `out`, else a temporary folder) and
    checked, then files checked as they are, against `module` for the leak rule when given."""
    report = CheckReport()
    if modules and out is not None:
        report = check_modules(modules, BuildOptions(out=out, jobs=cpu_count()), rules, temporary=False)
    elif modules:
        with tempfile.TemporaryDirectory(prefix="ssr-check-") as folder:
            report = check_modules(modules, BuildOptions(out=Path(folder), jobs=cpu_count()), rules, temporary=True)
    source = loader.load(module, model=True) if module else None
    if source is not None:
        report.findings += [as_finding(d) for d in source.diagnostics]
    source_module = source.module if source is not None and isinstance(source.module, Module) else None
    for path in files:
        report.files.append(path)
        report.findings += check_file(path, source_module)
    if source_module is not None:
        report.findings += _slide_counts(source_module, files)
    return report


def count(findings: Sequence[Diagnostic], severity: Severity) -> int:
    """Return how many findings have the given severity."""
    return sum(finding.severity is severity for finding in findings)
