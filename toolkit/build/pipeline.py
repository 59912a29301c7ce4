"""Build modules into their output files: validate all, render all, then write all."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.build.options import BuildOptions
from toolkit.build.progress import BuildListener
from toolkit.build.style_roles import read_roles
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.core.output import publish, put_back, stage
from toolkit.module.results import LoadResult
from toolkit.render.doctree import Deck, Document
from toolkit.render.plan import PlanRow
from toolkit.writers.written import Written, unique, warning

if TYPE_CHECKING:  # a module as every stage reads it: a Module or a cached record of one
    from toolkit.module.snapshot import ModuleView
from toolkit.render.templates import build_deck, build_guide, build_handout, prepare


@dataclass(frozen=True)
class OutputFile:
    """One rendered file, ready to write: where it goes and its bytes."""

    path: Path
    data: bytes


@dataclass
class BuildReport:
    """What a build wrote, module by module, and every diagnostic it met."""

    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    by_module: dict[Path, list[Path]] = field(default_factory=dict)
    put_back: list[Path] = field(default_factory=list)  # written, then put back as they were: the system failed
    # Modules that could not be built, by file, with their errors: their earlier files were left as they were.
    not_built: dict[Path, list[Diagnostic]] = field(default_factory=dict)


LETTER_REGIONS = ("US", "CA", "MX", "PH", "CL", "CO", "VE")


def paper_for(module: ModuleView, options: BuildOptions) -> str:
    """Return the paper size: the one asked for, else Letter where it is the norm (en-US…), else A4."""
    if options.paper:
        return options.paper
    region = module.language.partition("-")[2]
    return "letter" if region in LETTER_REGIONS else "a4"


def output_folder(module: ModuleView, out: Path) -> Path:
    """Return the folder a module's files go in: `OUT/<id>/<language>/`."""
    return out / module.id / module.language


# The file each format makes in a module's output folder, from the module's id.
FILE_NAMES = {
    "slides": "{id}-slides.pptx",
    "handout": "{id}-handout.docx",
    "guide": "{id}-facilitator-guide.docx",
    "markdown": "{id}.md",
    "pdf-handout": "{id}-handout.pdf",
    "pdf-guide": "{id}-facilitator-guide.pdf",
    "pdf-slides": "{id}-slides.pdf",
    "pdf-notes": "{id}-notes-pages.pdf",
    "pdf-slide-handout": "{id}-slide-handout.pdf",
}
# The files a format makes, for formats that make more than one: `--format pdf` makes five.
FORMAT_FILES = {"pdf": ("pdf-handout", "pdf-guide", "pdf-slides", "pdf-notes", "pdf-slide-handout")}
# What each PDF of a deck shows (toolkit.writers.pdf.deck.DECK_MODES).
DECK_PDF_MODES = {"pdf-slides": "slides", "pdf-notes": "notes", "pdf-slide-handout": "handout"}


def file_kinds(formats: tuple[str, ...]) -> tuple[str, ...]:
    """Return the kinds of file (keys of FILE_NAMES) that building `formats` writes, in order."""
    return tuple(kind for name in formats for kind in FORMAT_FILES.get(name, (name,)))


def output_path(module: ModuleView, out: Path, kind: str) -> Path:
    """Return where the file of one kind (`slides`, `handout`, `guide`, `markdown`, `pdf-…`) of a module goes."""
    return output_folder(module, out) / FILE_NAMES[kind].format(id=module.id)


@dataclass(frozen=True)
class RenderedModule:
    """One module rendered: its files, the document trees they were written from (None: not needed), and the
    writers' warnings, placed in the module file."""

    files: list[OutputFile]
    deck: Deck | None = None
    handout: Document | None = None
    guide: Document | None = None
    warnings: tuple[Diagnostic, ...] = ()
    errors: tuple[Diagnostic, ...] = ()  # why this module could not be rendered (no files then)


def render_module(module: ModuleView, options: BuildOptions) -> list[OutputFile]:
    """Return the files of one module in the requested formats, rendered in memory."""
    return render_module_documents(module, options).files


def _render_for_build(module: ModuleView, options: BuildOptions) -> RenderedModule:
    """Return one module's files and warnings, without the trees: a worker process sends back only what is needed.

    A module that cannot be rendered (a template fails on its text) comes back with its errors and no files, so
    that the other modules are still built.
    """
    try:
        rendered = render_module_documents(module, options)
    except DiagnosticsError as exc:
        return RenderedModule([], errors=tuple(exc.diagnostics))
    return RenderedModule(rendered.files, warnings=rendered.warnings)


def render_module_documents(
    module: ModuleView, options: BuildOptions, plan: tuple[PlanRow, ...] | None = None
) -> RenderedModule:
    """Return the files of one module in the requested formats and the trees they came from, rendered in memory.

    `plan` puts the module on a workshop's own clock (a pack) instead of `options.start`.
    """
    from toolkit.writers.docx import write_document
    from toolkit.writers.markdown import write_markdown
    from toolkit.writers.pptx import write_deck

    render_options = options.render_options()
    if plan is not None:
        render_options = replace(render_options, plan=plan)
    written: list[tuple[str, Written]] = []
    formats = set(options.formats)
    deck = build_deck(module, render_options) if {"slides", "markdown", "pdf"} & formats else None
    handout = build_handout(module, render_options) if {"handout", "markdown", "pdf"} & formats else None
    guide = build_guide(module, render_options) if {"guide", "markdown", "pdf"} & formats else None
    paper = paper_for(module, options)
    roles = read_roles(options.docx_reference) if {"handout", "guide"} & set(options.formats) else ()
    if "slides" in options.formats and deck:
        written.append(("slides", write_deck(deck, options.pptx_template, options.allow_template_issues)))
    if "handout" in options.formats and handout:
        written.append(("handout", write_document(handout, options.docx_reference, paper, roles)))
    if "guide" in options.formats and guide:
        written.append(("guide", write_document(guide, options.docx_reference, paper, roles)))
    if "markdown" in options.formats and deck and handout and guide:
        # Pictures are named relative to the .md file, so the Markdown shows them where it is opened.
        markdown_folder = output_path(module, options.out, "markdown").parent
        written.append(("markdown", write_markdown(handout, guide, deck, markdown_folder)))
    if "pdf" in options.formats and deck and handout and guide:
        written += _pdf_files(deck, handout, guide, options, paper)
    files = [OutputFile(output_path(module, options.out, kind), output.data) for kind, output in written]
    warnings = unique([warning for _, output in written for warning in output.warnings])
    return RenderedModule(files, deck, handout, guide, tuple(warnings))


def _pdf_files(
    deck: Deck, handout: Document, guide: Document, options: BuildOptions, paper: str
) -> list[tuple[str, Written]]:
    """Return the five PDFs of a module by kind: handout, guide, slides, notes pages and slide handout."""
    from toolkit.writers.pdf.deck import write_deck_pdfs
    from toolkit.writers.pdf.document import write_document_pdf

    files = [("pdf-handout", write_document_pdf(handout, paper)), ("pdf-guide", write_document_pdf(guide, paper))]
    decks = write_deck_pdfs(deck, options.pptx_template, tuple(DECK_PDF_MODES.values()), paper)
    files += [(kind, decks[mode]) for kind, mode in DECK_PDF_MODES.items()]
    return [(kind, _own_look_said(kind, written, options)) for kind, written in files]


def _own_look_said(kind: str, written: Written, options: BuildOptions) -> Written:
    """Return a PDF with a warning when the user gave a template whose look it does not take.

    The PDFs keep the toolkit's own colours and fonts: a deck PDF takes a branded template's
    layout boxes, not its colours or pictures, and the document PDFs take nothing of a
    reference .docx. Said once per template (warnings are said once), not left to be found.
    """
    template = options.pptx_template if kind in DECK_PDF_MODES else options.docx_reference
    if template is None:
        return written
    what = (
        "deck template's layout boxes but not its colours, fonts or pictures"
        if kind in DECK_PDF_MODES
        else ("toolkit's own styles, not the reference document's")
    )
    message = (
        f"the PDFs use the {what}; for branded PDFs, export the .pptx and .docx from PowerPoint, Word or "
        "LibreOffice (File > Export as PDF)"
    )
    return replace(written, warnings=(*written.warnings, warning(None, str(template), message, "pdf.own-look")))


def _duplicate_outputs(
    results: list[LoadResult], options: BuildOptions, claimed: dict[Path, str] | None = None
) -> dict[Path, Diagnostic]:
    """Return an error for each module (by its file) whose output folder another module (or `claimed`) has.

    Two modules of this build with one folder are both refused: which one is meant cannot be known. A module
    whose folder an unchanged module (`claimed`, not rebuilt) has is refused alone.
    """
    claimed = dict(claimed or {})
    first: dict[Path, LoadResult] = {}  # the first module of this build to claim each folder
    problems = {}
    for result in results:
        if result.module is None:
            continue
        folder = output_folder(result.module, options.out)
        if folder in claimed:
            problems[result.path] = _duplicate(result.module, claimed[folder])
            if folder in first and first[folder].path not in problems:
                problems[first[folder].path] = _duplicate(first[folder].module, result.module.file)
        else:
            claimed[folder] = result.module.file
            first[folder] = result
    return problems


def _duplicate(module: ModuleView | None, other: str) -> Diagnostic:
    """Return the error for a module whose output folder the module file `other` has too."""
    assert module is not None  # only loaded modules claim a folder
    return Diagnostic(
        module.file,
        module.position(("id",)),
        Severity.ERROR,
        f'id "{module.id}" ({module.language}) is also the id of {other}; their outputs would overwrite each other',
        "build.duplicate-output",
    )


def _prepare(modules: list[ModuleView], options: BuildOptions) -> None:
    """Import the writers, compile the templates and read the Office base templates, once.

    Done before worker processes fork, so that they all share the result instead of each
    doing it again. A base template that cannot be read is reported here, as it would be
    by the first module.
    """
    import toolkit.writers.docx
    import toolkit.writers.markdown
    import toolkit.writers.pptx  # noqa: F401 - the writers render_module imports, imported once here
    from toolkit.writers.docx_styles import load_reference
    from toolkit.writers.pptx_layouts import DEFAULT_TEMPLATE, load_template

    prepare(options.render_options().template_dirs, {module.language for module in modules})
    if {"slides", "pdf"} & set(options.formats):
        load_template(options.pptx_template or DEFAULT_TEMPLATE)
    if {"handout", "guide"} & set(options.formats):
        load_reference(options.docx_reference, read_roles(options.docx_reference))


def _render_all(modules: list[ModuleView], options: BuildOptions) -> Generator[RenderedModule, None, None]:
    """Yield the files and warnings of each module, in order, as they are ready; rendered in worker processes
    when jobs > 1."""
    _prepare(modules, options)
    # Everything alive now (modules, libraries, templates) lives to the end: frozen, the
    # garbage collector's passes walk only what each module made, not every import.
    gc.collect()
    gc.freeze()
    try:
        if options.jobs <= 1 or len(modules) < 2:
            yield from (_render_for_build(module, options) for module in modules)  # each when asked for
            return
        import multiprocessing  # only here: a one-module build never starts a pool
        from concurrent.futures import ProcessPoolExecutor

        from toolkit.writers.pdf.compile import typst_has_run

        methods = multiprocessing.get_all_start_methods()
        # Workers forked from a process that has run Typst would wait for its threads for ever (`watch`
        # after a preview, a long-lived caller): such a process starts them afresh.
        fork = "fork" in methods and not typst_has_run()
        context = multiprocessing.get_context("fork" if fork else "spawn")
        pool = ProcessPoolExecutor(
            max_workers=min(options.jobs, len(modules)),
            mp_context=context,
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
        try:
            futures = [pool.submit(_render_for_build, module, options) for module in modules]
            yield from (future.result() for future in futures)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # after a failure, modules not yet started are dropped
    finally:
        gc.unfreeze()  # a process that builds again (`watch`) may then collect what this build left


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Make this worker process end as soon as the build process `parent` that started it ends, however it ends.

    A worker left behind by a `kill -9` of its build would wait for work for ever, holding
    the caller's output pipe open. On Linux the kernel kills it with its parent
    (`PR_SET_PDEATHSIG`); everywhere, a thread ends it once its parent is gone (POSIX gives
    an orphan a new parent; the parent's sentinel, a pipe or a process handle, says so on
    every platform), which also covers a parent that died before the first was set.
    """
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):  # no libc to call: the thread alone watches
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    threading.Thread(target=_end_when_orphaned, args=(parent,), name="parent-watchdog", daemon=True).start()


def _end_when_orphaned(parent: int) -> None:
    """Return never: end the process (exit code 1) once `parent` is no longer its parent or alive."""
    import multiprocessing

    sentinel = multiprocessing.parent_process()
    while os.getppid() == parent and (sentinel is None or sentinel.is_alive()):
        if sentinel is None:
            time.sleep(1.0)
        else:
            sentinel.join(1.0)
    os._exit(1)


def build_modules(
    results: list[LoadResult],
    options: BuildOptions,
    listener: BuildListener | None = None,
    claimed: dict[Path, str] | None = None,
    strict: bool = False,
) -> BuildReport:
    """Return what building the loaded modules wrote, and which could not be built.

    A module with errors (in its file, or met while rendering it) is not built and its
    earlier files stay as they were; every other module is built (`report.not_built` lists
    the first with their errors). Modules are rendered, and each module's files put in
    place (each in one step, see `output.publish`) while later modules still render, and
    `listener` hears of it. A failure of the system while files are put in place (a full
    disk) puts back every file as it was before the build. `claimed` maps output folders
    of modules not being rebuilt to their files. The writers' warnings join the report's
    diagnostics, each once. With `strict`, every module is rendered before any is put in
    place, and an error or a warning anywhere writes nothing.
    """
    listener = listener or BuildListener()
    report = BuildReport(diagnostics=[d for r in results for d in r.diagnostics])
    duplicates = _duplicate_outputs(results, options, claimed)
    report.diagnostics.extend(duplicates.values())
    for result in results:
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        errors += [duplicates[result.path]] if result.path in duplicates else []
        if errors or result.module is None:
            report.not_built[result.path] = errors
    if strict and report.not_built:
        return report
    loaded = [(r, r.module) for r in results if r.module is not None and r.path not in report.not_built]
    report.diagnostics.extend(english_labels([module for _, module in loaded]))
    if strict and report.diagnostics:  # warnings only, by now
        return report
    for path in report.not_built:
        listener.not_built(path)
    published: list[tuple[Path, Path | None]] = []
    rendered = _render_all([module for _, module in loaded], options)
    try:
        with closing(rendered):  # stops the worker processes however the loop ends
            ready: Iterator[RenderedModule] = rendered
            if strict:  # a warning in the last module must keep the first one's files from being written
                every = _render_ahead(rendered, [module for _, module in loaded], listener)
                problems = unique([problem for done in every for problem in (*done.errors, *done.warnings)])
                if problems:
                    report.diagnostics.extend(problems)
                    report.not_built.update(
                        (result.path, list(done.errors)) for (result, _), done in zip(loaded, every) if done.errors
                    )
                    return report
                ready = iter(every)
            for result, module in loaded:
                listener.building(module)
                done = next(ready)
                report.diagnostics.extend(d for d in (*done.errors, *done.warnings) if d not in report.diagnostics)
                if done.errors:  # this module's earlier files stay as they were; the others are still built
                    report.not_built[result.path] = list(done.errors)
                    listener.not_built(result.path)
                    continue
                paths = _publish(done.files, published)
                report.by_module[result.path] = paths
                listener.built(module, paths)
    except DiagnosticsError as exc:
        report.put_back = _put_back(published)
        report.by_module.clear()
        report.diagnostics.extend(exc.diagnostics)
        return report
    except BaseException:
        _put_back(published)
        raise
    for path, backup in published:
        report.written.append(path)
        if backup:
            backup.unlink(missing_ok=True)
    return report


def _render_ahead(
    rendered: Iterator[RenderedModule], modules: list[ModuleView], listener: BuildListener
) -> list[RenderedModule]:
    """Return every module rendered, naming each to the listener while the build waits for it."""
    every = []
    for module in modules:
        listener.building(module)
        every.append(next(rendered))
    return every


def english_labels(modules: list[ModuleView]) -> list[Diagnostic]:
    """Return one warning per language without interface strings among the modules: their labels are in English.

    Once per language, at its first module, not once per module or file: it is one fact about the toolkit.
    """
    from toolkit.core.i18n import available_languages, has_interface_strings

    by_language: dict[str, list[ModuleView]] = {}
    for module in modules:
        if not has_interface_strings(module.language):
            by_language.setdefault(module.language.split("-")[0], []).append(module)
    return [
        Diagnostic(
            found[0].file,
            None,  # a fact about the toolkit, not a line to change (and a cached module keeps only its id's place)
            Severity.WARNING,
            f'language: the toolkit has no interface strings in "{language}" (it has '
            f"{', '.join(available_languages())}), so the headings and labels of {len(found)} module(s) are in "
            f'English; to have them in "{language}", add a catalogue (docs/translations.md, "Adding a language")',
            "build.interface-language",
        )
        for language, found in by_language.items()
    ]


def _publish(files: list[OutputFile], published: list[tuple[Path, Path | None]]) -> list[Path]:
    """Put one module's files in place, adding each with what it replaced to `published`; return their paths."""
    for output in files:
        temporary = stage(output.path, output.data)
        try:
            published.append((output.path, publish(temporary, output.path)))
        finally:
            temporary.unlink(missing_ok=True)
    return [output.path for output in files]


def _put_back(published: list[tuple[Path, Path | None]]) -> list[Path]:
    """Return the files a failed build had put in place, after putting back what each replaced."""
    for path, backup in reversed(published):
        put_back(path, backup)
    return [path for path, _ in published]
