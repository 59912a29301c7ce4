"""Say when a build leaves files beside it that were built with other options (an A4 guide, a Letter handout).

A build writes only the formats asked for, so the other files of a module stay as an
earlier build made them. They are kept (they may be wanted), but never silently: each
one built with options that differ from this build's, or of which there is no record,
gets a warning that names it and the options.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.build.incremental import BuildState
from toolkit.build.options import BuildOptions
from toolkit.build.pipeline import DECK_PDF_MODES, FILE_NAMES, file_kinds, output_path, paper_for
from toolkit.core.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from toolkit.module.snapshot import ModuleView

CODE = "build.mixed-options"


def file_options(kind: str, module: ModuleView, options: BuildOptions) -> dict[str, str]:
    """Return the options a file of this format can depend on, as the command line spells them.

    Start time, participants and templates reach every template (a user's templates may
    use them anywhere); paper and the Word reference only the Word files; the branded
    deck only the deck.
    """
    described = {
        "--start": options.start.strftime("%H:%M"),
        "--participants": str(options.participants or "(from the module)"),
        "--templates": str(options.templates or "(the shipped ones)"),
    }
    if kind in ("handout", "guide"):
        described["--paper"] = paper_for(module, options)
        described["--docx-reference"] = str(options.docx_reference or "(the shipped one)")
    if kind in ("pdf-handout", "pdf-guide", "pdf-notes", "pdf-slide-handout"):
        described["--paper"] = paper_for(module, options)
    if kind == "slides" or kind in DECK_PDF_MODES:
        described["--pptx-template"] = str(options.pptx_template or "(the shipped one)")
    return described


def record_options(state: BuildState, module: ModuleView, options: BuildOptions) -> None:
    """Remember in `state` the options of each file this build wrote for the module."""
    for kind in file_kinds(options.formats):
        state.record_options(output_path(module, options.out, kind), file_options(kind, module, options))


def mixed_options(
    state: BuildState, module: ModuleView, options: BuildOptions, written: list[Path]
) -> list[Diagnostic]:
    """Return a warning for each file beside the module's `written` files that other options made.

    Only options that both files can depend on count: a deck has no paper size. Call it
    before `record_options`, while the state still holds what the earlier builds did.
    """
    warnings = []
    shared_by_written = {flag for kind in file_kinds(options.formats) for flag in file_options(kind, module, options)}
    for kind in FILE_NAMES:
        path = output_path(module, options.out, kind)
        if path in written or not path.is_file():
            continue
        now = {flag: value for flag, value in file_options(kind, module, options).items() if flag in shared_by_written}
        differing = _differing(state.options_of(path), now)
        if differing:
            warnings.append(Diagnostic(str(path), None, Severity.WARNING, _message(kind, differing, written), CODE))
    return warnings


def _differing(then: dict[str, str] | None, now: dict[str, str]) -> str:
    """Return the options that differ, as `--paper a4 (now letter)`; a note when the earlier ones are unknown."""
    if then is None:
        return "options of which there is no record"
    changed = {flag: value for flag, value in now.items() if then.get(flag) != value}
    return ", ".join(f"{flag} {then.get(flag, '(unknown)')} (now {value})" for flag, value in changed.items())


def _message(kind: str, differing: str, written: list[Path]) -> str:
    """Return the warning for one file left from an earlier build: what differs and what to do."""
    names = ", ".join(path.name for path in written)
    return (
        f"built with {differing}, unlike {names} just built beside it; "
        f"build it again with this build's options (--format {kind.partition('-')[0]}) or delete it"
    )
