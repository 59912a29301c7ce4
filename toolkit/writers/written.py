"""What a writer returns: the file's bytes and its warnings, each placed where the user can act on it."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.core.diagnostics import Diagnostic, Severity
from toolkit.render.doctree import Origin


@dataclass(frozen=True)
class Written:
    """A file a writer made in memory, and a warning for each thing in it that was not as asked.

    Writers never print and never drop a warning: the build collects them and the command
    line prints them (`build --strict` fails on them).
    """

    data: bytes
    warnings: tuple[Diagnostic, ...] = ()


def warning(origin: Origin | None, otherwise: str, message: str, code: str) -> Diagnostic:
    """Return a warning placed at a node's origin in the module file, or filed against `otherwise` (the
    template the node was written on) when the node has none."""
    if origin is None:
        return Diagnostic(otherwise, None, Severity.WARNING, message, code)
    return Diagnostic(origin.file, origin.position, Severity.WARNING, message, code)


def unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics in order without repeats: a template's missing style is one fact, however many files
    it touches."""
    return list(dict.fromkeys(diagnostics))
