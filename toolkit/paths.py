"""Keep paths that come from untrusted modules inside the module's folder."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

_WINDOWS_ABSOLUTE = re.compile(r"^([A-Za-z]:|\\\\|//)")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def check_relative_path(text: str, folder: Path) -> str | None:
    """Return what is wrong with a path relative to `folder`, or None when it is safe and exists."""
    if _URL.match(text):
        return "a web address is not allowed; download the file into the module's folder"
    if text.startswith("~") or text.startswith("/") or _WINDOWS_ABSOLUTE.match(text):
        return "an absolute path is not allowed; give a path relative to the module's folder"
    if "\\" in text:
        return "use forward slashes (/) in paths"
    if ".." in PurePosixPath(text).parts:
        return "the path may not leave the module's folder (`..`)"
    target = folder / text
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"file not found: {text} (looked in {folder})"
    if not resolved.is_relative_to(folder.resolve()):
        return "the path leads outside the module's folder through a link"
    if not resolved.is_file():
        return "not a regular file"
    return None


MODULE_SUFFIXES = (".yaml", ".yml")


def find_module_files(paths: list[Path]) -> list[Path]:
    """Return the module files named by `paths`, expanding folders (not their subfolders, such as packs/)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*") if p.suffix in MODULE_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found
