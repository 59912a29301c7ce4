"""The parts of an opened deck or document that no reader can parse, found before any rule reads them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from lxml import etree

from toolkit.quality.findings import Finding, error
from toolkit.writers.opc import parse_xml


class Part(Protocol):
    """A part of a python-pptx or python-docx package: its name, content type and bytes."""

    @property
    def partname(self) -> str: ...
    @property
    def content_type(self) -> str: ...
    @property
    def blob(self) -> bytes: ...


def malformed_parts(parts: Iterable[Part], kind: str) -> list[Finding]:
    """Return one `file.unreadable` error for each XML part that does not parse (a theme, settings…).

    python-pptx and python-docx read such parts only when a rule asks for them, so a broken
    theme stopped `check` with an internal error; PowerPoint, Word and LibreOffice cannot
    open the file either, which is what the error says. Parts the libraries parsed when
    opening the file (slides, masters, styles: they hold `_element`) are not parsed again.
    """
    findings = []
    for part in parts:
        if hasattr(part, "_element") or not part.content_type.endswith("xml"):
            continue
        try:
            parse_xml(part.blob)
        except etree.XMLSyntaxError as exc:
            message = (
                f"part {part.partname} is not well-formed XML ({exc.msg}); {kind}, LibreOffice and this check "
                "cannot read the file: build it again"
            )
            findings.append(error("file.unreadable", None, message))
    return findings
