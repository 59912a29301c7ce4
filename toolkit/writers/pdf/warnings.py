"""The PDF writer's warnings."""

from __future__ import annotations

from toolkit.core.diagnostics import Diagnostic, Severity, quote


def not_accessible(title: str) -> Diagnostic:
    """Return the warning that a PDF could not be made PDF/UA-1 and is written without claiming it."""
    message = (
        f"the PDF of {quote(title)} could not be made PDF/UA-1 (accessible); it is written without that label: "
        "run `ssr-toolkit check` on the module and fix what it finds (alt text, titles)"
    )
    return Diagnostic(title, None, Severity.WARNING, message, "pdf.not-accessible")
