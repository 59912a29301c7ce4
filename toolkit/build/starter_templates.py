"""The shipped deck template and reference document, written out for an organisation to restyle.

As `pandoc --print-default-data-file reference.docx` does: start from the toolkit's own
files, change their look in PowerPoint and Word, keep their layouts and styles, and build
with `--pptx-template` and `--docx-reference`. A style mapping beside the reference
(`reference.styles.yaml`, every line commented out) is where renamed styles are mapped.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.build.style_roles import SUFFIX
from toolkit.core.bundled import TEMPLATES
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.core.output import write_atomic

STYLE_MAPPING = """\
# The Word styles the toolkit uses, mapped to your own names when you rename them.
# Remove the "# " before a line and give your style's name, as Word shows it:
#
# Heading 1: NGO Heading 1
# Heading 2: NGO Heading 2
# Heading 3: NGO Heading 3
# Title: NGO Title
# Question Box: NGO Callout
#
# A style you neither keep nor map is added to each document in the toolkit's own look,
# set in your heading font and colour. `ssr-toolkit doctor reference.docx` says which.
"""


def starter_files() -> dict[str, bytes]:
    """Return the files an organisation starts its own look from, by file name."""
    return {
        "deck.pptx": (TEMPLATES / "deck.pptx").read_bytes(),
        "reference.docx": (TEMPLATES / "reference.docx").read_bytes(),
        f"reference{SUFFIX}": STYLE_MAPPING.encode("utf-8"),
    }


def export_templates(folder: Path, overwrite: bool = False) -> list[Path]:
    """Write the starter files into `folder` (made if missing) and return their paths.

    Raises DiagnosticsError naming the files already there, and writes nothing, unless `overwrite`.
    """
    files = starter_files()
    existing = [folder / name for name in files if (folder / name).exists()]
    if existing and not overwrite:
        names = ", ".join(path.name for path in existing)
        message = f"{names} already there; choose another folder, or add --force to replace them"
        raise DiagnosticsError([Diagnostic(str(folder), None, Severity.ERROR, message, "templates.exists")])
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = f"cannot make the folder: {exc.strerror}"
        raise DiagnosticsError([Diagnostic(str(folder), None, Severity.ERROR, message, "system.io")]) from exc
    paths = []
    for name, data in files.items():
        write_atomic(folder / name, data)
        paths.append(folder / name)
    return paths
