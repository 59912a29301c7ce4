"""Diagnostics: what went wrong, where, and how to report it."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import Enum

MAX_QUOTED_CHARS = 60

FieldPath = tuple[str | int, ...]  # a value's place in a parsed file: keys and list indexes, such as ("activities", 2)


class Severity(str, Enum):
    """How serious a diagnostic is: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Position:
    """A place in a source file; line and column count from 1."""

    line: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one file, with its place and a message that says what to fix."""

    file: str
    position: Position | None
    severity: Severity
    message: str
    code: str

    def format(self) -> str:
        """Return the diagnostic as `FILE:LINE:COL: error: message [code]`."""
        where = self.file
        if self.position is not None:
            where = f"{self.file}:{self.position.line}:{self.position.column}"
        return printable(f"{where}: {self.severity.value}: {self.message} [{self.code}]")

    def to_dict(self) -> dict[str, object]:
        """Return the diagnostic as plain data for `--format json`."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class DiagnosticsError(Exception):
    """Raised by library code that must stop; carries every diagnostic collected so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics

    def __reduce__(self) -> tuple[type, tuple[list[Diagnostic]]]:
        # Rebuilt from its diagnostics, so it crosses from a worker process intact.
        return (DiagnosticsError, (self.diagnostics,))


def has_errors(diagnostics: Sequence[Diagnostic]) -> bool:
    """Return True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def printable(text: str) -> str:
    """Return text with control, format and bidi-override characters shown as escapes.

    Text from module files and file names is untrusted: such characters could rewrite
    what the user sees in a terminal.
    """
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") or char in "\u2028\u2029"
        else char
        for char in text
    )


def nearest_position(positions: Mapping[FieldPath, Position], path: FieldPath) -> Position | None:
    """Return where the value at a field path stands in its file, or its nearest parent; None when none is known.

    The one lookup of a field's position: modules, records of modules, packs and validation errors use it.
    """
    while path not in positions and path:
        path = path[:-1]
    return positions.get(path)


def field_path(path: Sequence[str | int]) -> str:
    """Return a field path as designers read it: `activities[2].minutes`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return printable(text) or "(top level)"


def quote(value: object) -> str:
    """Return input text made safe to print in a terminal: escaped, bounded to 60 characters, quoted."""
    text = str(value)
    suffix = "…" if len(text) > MAX_QUOTED_CHARS else ""
    return '"' + printable(text[:MAX_QUOTED_CHARS]) + suffix + '"'


def diagnostics_to_json(diagnostics: Sequence[Diagnostic]) -> str:
    """Return a JSON document listing the diagnostics, for machines."""
    return json.dumps([d.to_dict() for d in diagnostics], indent=2, ensure_ascii=False)
