"""Compile a fixed Typst template with its data into PDF (or PNG pages), in-process and reading only what it is given.

Each compile gets a fresh folder holding the template files, `data.json` and the pictures
it shows; that folder is Typst's root, so `read`, `image` or `json` can reach nothing
else, and the only fonts are the bundled ones (system fonts are ignored, so the same
input gives the same bytes on every machine).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.core.bundled import TEMPLATES
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.core.output import build_epoch

TYPST_FILES = Path(__file__).resolve().parent
SHARED = "common.typ"  # what both templates import
FONT_DIR = TEMPLATES / "fonts"
UA_STANDARD = "ua-1"  # PDF/UA-1: tagged, titled, every figure described


@dataclass(frozen=True)
class Compiled:
    """What one compile made: the PDF's bytes (or one PNG per page) and whether it is labelled PDF/UA-1."""

    pages: tuple[bytes, ...]
    accessible: bool


_RAN_IN: set[int] = set()  # the processes that have run Typst


def typst_has_run() -> bool:
    """Return True when this process has compiled with Typst.

    Typst's worker threads start at its first compile and do not survive a fork: a child
    forked after that waits for them for ever, so such a process must start workers afresh.
    """
    return os.getpid() in _RAN_IN


@lru_cache(maxsize=1)
def _compiler() -> Any:
    """Return one Typst compiler for the process, with the bundled fonts loaded once."""
    import typst

    _RAN_IN.add(os.getpid())
    return typst.Compiler(font_paths=[str(FONT_DIR)], ignore_system_fonts=True)


def compile_pdf(template: str, data: Mapping[str, object], files: Mapping[str, bytes] | None = None) -> Compiled:
    """Return the PDF made by the Typst `template` (document.typ or deck.typ) from `data`, labelled PDF/UA-1.

    `files` are further files the data names (pictures), by their name in the root. When
    Typst refuses PDF/UA-1 for this input, the PDF is made without the label (`accessible`
    is False), so no file claims a conformance it lacks. Raises DiagnosticsError when Typst
    cannot compile it at all.
    """
    try:
        return Compiled((_compile(template, data, files, "pdf", UA_STANDARD),), True)
    except DiagnosticsError:
        return Compiled((_compile(template, data, files, "pdf", None),), False)


def compile_png(
    template: str, data: Mapping[str, object], files: Mapping[str, bytes] | None = None, ppi: float = 72
) -> tuple[bytes, ...]:
    """Return one PNG image per page of what the Typst `template` makes from `data`, at `ppi` pixels per inch."""
    import typst

    with _root(template, data, files) as (root, main):
        try:
            pages = _compiler().compile(input=str(main), root=str(root), format="png", ppi=ppi, timestamp=build_epoch())
        except typst.TypstError as exc:
            raise _error(template, exc) from None
    return tuple(pages) if isinstance(pages, list) else (pages,)


def _compile(
    template: str, data: Mapping[str, object], files: Mapping[str, bytes] | None, fmt: str, standard: str | None
) -> bytes:
    """Return the bytes Typst makes, with `standard` as its PDF standard (None: none)."""
    import typst

    with _root(template, data, files) as (root, main):
        try:
            output: bytes = _compiler().compile(
                input=str(main),
                root=str(root),
                format=fmt,
                pdf_standards=[standard] if standard else [],
                timestamp=build_epoch(),
            )
        except typst.TypstError as exc:
            raise _error(template, exc) from None
    return output


class _root:
    """A fresh folder with the templates, data.json and `files`: Typst's root for one compile, removed after."""

    def __init__(self, template: str, data: Mapping[str, object], files: Mapping[str, bytes] | None):
        self._template, self._data, self._files = template, data, files or {}

    def __enter__(self) -> tuple[Path, Path]:
        self._folder = Path(tempfile.mkdtemp(prefix="ssr-typst-"))
        for name in (SHARED, self._template):
            shutil.copyfile(TYPST_FILES / name, self._folder / name)
        (self._folder / "data.json").write_text(json.dumps(self._data, ensure_ascii=False), encoding="utf-8")
        for name, content in self._files.items():
            (self._folder / name).write_bytes(content)
        return self._folder, self._folder / self._template

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)


def _error(template: str, exc: Exception) -> DiagnosticsError:
    """Return Typst's refusal as one error of the toolkit's (an internal fault: the template and data are ours)."""
    message = " ".join(str(exc).split())[:500]
    diagnostic = Diagnostic(template, None, Severity.ERROR, f"the PDF could not be made: {message}", "pdf.typeset")
    return DiagnosticsError([diagnostic])
