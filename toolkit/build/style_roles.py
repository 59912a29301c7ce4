"""An organisation's names for the Word styles the toolkit uses: the style mapping beside its reference document.

`brand.docx` may have `brand.styles.yaml` beside it, mapping the toolkit's style names to
the organisation's own:

    Heading 1: NGO Heading 1
    Question Box: Callout

Read here, in the build, so that writers never read YAML; the Word writer gets the pairs.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Position, Severity

StyleRoles = tuple[tuple[str, str], ...]
SUFFIX = ".styles.yaml"


def roles_file(reference: Path | None) -> Path | None:
    """Return the style mapping of a reference document (`brand.docx` → `brand.styles.yaml`) when there is one."""
    if reference is None:
        return None
    candidate = reference.with_name(reference.stem + SUFFIX)
    return candidate if candidate.is_file() else None


def read_roles(reference: Path | None) -> StyleRoles:
    """Return the (toolkit style, organisation's style) pairs of a reference's style mapping; () when it has none.

    Raises DiagnosticsError naming the file and line when the mapping is not a list of names.
    """
    path = roles_file(reference)
    if path is None:
        return ()
    # The YAML reader is imported only when a mapping is read: every build asks roles_file, few have one.
    from toolkit.module.yamlsafe import parse_yaml, read_text

    text = read_text(path, str(path))
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return ()  # every line commented out, as `templates export` writes it
    document = parse_yaml(text, str(path))
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise _error(path, None, "a style mapping is a list of `Toolkit style: your style` lines")
    pairs = []
    for role, name in data.items():
        if not isinstance(role, str) or not isinstance(name, str) or not name.strip():
            key = (str(role),)
            position = document.values.get(key) or document.keys.get(key)
            raise _error(path, position, f"{role!r} must map to the name of one of your styles, as text")
        pairs.append((role.strip(), name.strip()))
    return tuple(pairs)


def _error(path: Path, position: Position | None, message: str) -> DiagnosticsError:
    """Return an error about the style mapping file, ready to raise."""
    return DiagnosticsError([Diagnostic(str(path), position, Severity.ERROR, message, "template.style-mapping")])
