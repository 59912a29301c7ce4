"""Previews: every slide and page of a module as PNG, and one contact sheet a file, without Office.

They go in the module's output folder, under `preview/`: `preview/slides/001.png`…,
`preview/handout/…`, `preview/facilitator-guide/…`, and `preview/<file>-contact-sheet.png`.
Each picture is put in place in one step; pictures of pages a file no longer has are removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.build.options import BuildOptions
from toolkit.build.pipeline import OutputFile, output_folder, paper_for
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, has_errors
from toolkit.core.output import write_atomic
from toolkit.module.results import LoadResult

if TYPE_CHECKING:
    from toolkit.module.snapshot import ModuleView

PREVIEW_FOLDER = "preview"
PREVIEWED = ("slides", "handout", "facilitator-guide")  # the files a preview shows, as their files are named
SLIDE_PPI = 72  # a 13.33 in slide is 960 pixels wide
PAGE_PPI = 60  # an A4 page is about 500 pixels wide


@dataclass
class PreviewReport:
    """What a preview wrote, module by module, and what stopped it."""

    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    by_module: dict[Path, list[Path]] = field(default_factory=dict)


def page_pictures(module: ModuleView, options: BuildOptions) -> dict[str, tuple[bytes, ...]]:
    """Return the PNG of each slide of the deck and each page of the handout and guide, by file."""
    from toolkit.render.templates import build_deck, build_guide, build_handout
    from toolkit.writers.pdf.deck import deck_pages
    from toolkit.writers.pdf.document import document_pages

    render_options = options.render_options()
    paper = paper_for(module, options)
    return {
        "slides": deck_pages(build_deck(module, render_options), options.pptx_template, "slides", paper, SLIDE_PPI),
        "handout": document_pages(build_handout(module, render_options), paper, PAGE_PPI),
        "facilitator-guide": document_pages(build_guide(module, render_options), paper, PAGE_PPI),
    }


def preview_files(module: ModuleView, options: BuildOptions) -> list[OutputFile]:
    """Return a module's preview pictures and contact sheets, with the paths they go to."""
    from toolkit.writers.pdf.contact_sheet import contact_sheet

    folder = output_folder(module, options.out) / PREVIEW_FOLDER
    files = []
    for name, pages in page_pictures(module, options).items():
        files += [OutputFile(folder / name / f"{number:03d}.png", page) for number, page in enumerate(pages, 1)]
        files.append(OutputFile(folder / f"{name}-contact-sheet.png", contact_sheet(pages)))
    return files


def write_previews(
    results: list[LoadResult], options: BuildOptions, written: Callable[[ModuleView, list[Path]], None] | None = None
) -> PreviewReport:
    """Return what previewing the loaded modules wrote; a module with errors gets none (its errors are reported).

    `written` hears of each module's pictures as they are in place.
    """
    report = PreviewReport(diagnostics=[d for result in results for d in result.diagnostics])
    for result in results:
        if result.module is None or has_errors(result.diagnostics):
            continue
        try:
            files = preview_files(result.module, options)
        except DiagnosticsError as exc:
            report.diagnostics.extend(exc.diagnostics)
            continue
        for output in files:
            write_atomic(output.path, output.data)
        _remove_stale(files)
        paths = [output.path for output in files]
        report.written += paths
        report.by_module[result.path] = paths
        if written:
            written(result.module, paths)
    return report


def _remove_stale(files: list[OutputFile]) -> None:
    """Remove the page pictures of pages the files no longer have (a deck that lost slides)."""
    kept = {output.path for output in files}
    for folder in {output.path.parent for output in files if output.path.parent.name in PREVIEWED}:
        for picture in folder.glob("[0-9][0-9][0-9].png"):
            if picture not in kept:
                picture.unlink(missing_ok=True)
