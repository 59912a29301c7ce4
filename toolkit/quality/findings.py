"""Findings: what a quality rule found, in which file and where in it, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from toolkit.core.diagnostics import Diagnostic, Severity, printable


@dataclass(frozen=True)
class Finding(Diagnostic):
    """A diagnostic about an output file: `location` says where in it ("slide 4", "paragraph 12").

    Findings about module text carry a source `position` instead, like every other diagnostic.
    `code` is the rule id, such as `deck.title-missing`.
    """

    location: str | None = None

    def format(self) -> str:
        """Return the finding as `FILE: slide 4: error: message [rule]` (or `FILE:LINE:COL: …`)."""
        where = self.file
        if self.position is not None:
            where = f"{where}:{self.position.line}:{self.position.column}"
        if self.location:
            where = f"{where}: {self.location}"
        return printable(f"{where}: {self.severity.value}: {self.message} [{self.code}]")

    def in_file(self, file: str) -> Finding:
        """Return the finding filed against `file`; rules see opened files, not their names."""
        return replace(self, file=file)


def error(code: str, location: str | None, message: str) -> Finding:
    """Return an error found by rule `code` at `location` of a file not yet named."""
    return Finding("", None, Severity.ERROR, message, code, location)


def warning(code: str, location: str | None, message: str) -> Finding:
    """Return a warning found by rule `code` at `location` of a file not yet named."""
    return Finding("", None, Severity.WARNING, message, code, location)


def as_finding(diagnostic: Diagnostic) -> Finding:
    """Return a diagnostic as a finding (with no location), so one list can hold both and print alike."""
    if isinstance(diagnostic, Finding):
        return diagnostic
    d = diagnostic
    return Finding(d.file, d.position, d.severity, d.message, d.code)
