"""Keep untrusted paths inside their folder, and read only regular files of bounded size.

One rule for every file an untrusted input names: a module's images and translation
source, a user's templates, the pictures a template shows, an Office template.
"""

from __future__ import annotations

import os
import re
import stat
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
    return check_inside(folder / text, folder)


def check_inside(target: Path, folder: Path, folder_name: str = "the module's folder") -> str | None:
    """Return what is wrong with a file that must lie inside `folder`, links followed; None when it does.

    The file must exist and, once every link on the way is followed, be a regular file
    inside the resolved folder: a link may point elsewhere in the folder, never out of it.
    """
    shown = target.relative_to(folder) if target.is_relative_to(folder) else target
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"file not found: {shown} (looked in {folder})"
    if not resolved.is_relative_to(folder.resolve()):
        lexically_inside = Path(os.path.normpath(target.absolute())).is_relative_to(folder.absolute())
        return f"the path leads outside {folder_name}" + (" through a link" if lexically_inside else "")
    if not resolved.is_file():
        return "not a regular file"
    return None


class FileProblem(Exception):
    """A file cannot be read as asked (missing, not a regular file, too big); the message says why."""


def read_regular(path: Path, limit: int, follow_links: bool = True) -> bytes:
    """Return the bytes of a regular file of at most `limit` bytes; raise FileProblem otherwise.

    The file is opened without blocking (a named pipe would wait for a writer for ever)
    and checked on the open descriptor, so what is checked is what is read; reading stops
    one byte past the limit, so a file that grows meanwhile cannot exhaust memory either.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise FileProblem(f"cannot read the file: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("this is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("this is not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise FileProblem(f"the file is {info.st_size:,} bytes; the limit is {limit:,} bytes")
        try:
            data = file.read(limit + 1)
        except OSError as exc:
            raise FileProblem(f"cannot read the file: {exc.strerror}") from None
    if len(data) > limit:
        raise FileProblem(f"the file is larger than the limit of {limit:,} bytes")
    return data


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
