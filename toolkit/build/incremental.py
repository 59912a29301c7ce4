"""Skip modules whose inputs have not changed since their files were last built; remember each file's options.

Deliberately light: only the standard library, so that a build with nothing to do never
imports pydantic, python-pptx or python-docx. A module's record lists every file it was
built from (the module, its images, a translation's source) with their hashes, the hash
of everything else that shapes the output (the toolkit's code, templates and catalogues,
user templates and options), and the files it produced. Each output file's record keeps
the options it was built with, so that a build can say which files beside it differ.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from toolkit.core.bundled import PACKAGE, TEMPLATES
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.core.limits import MAX_TEMPLATE_BYTES
from toolkit.core.paths import FileProblem, read_regular

STATE_FILE = ".ssr-build-state.json"
# 2: files named relative to the output folder (1, unnumbered, named them by absolute path).
STATE_FORMAT = 2
MAX_STATE_BYTES = 64 * 1024 * 1024  # the record of an output folder; a module's takes about 2 KB
# A file a record names (a module, an image, an output); a larger one is never up to date: it is built again.
MAX_HASHED_BYTES = 256 * 1024 * 1024


def file_hash(path: Path) -> str | None:
    """Return the SHA-256 of a regular file within MAX_HASHED_BYTES, or None when it is not one or cannot be read.

    The state file could have been edited to name `/dev/zero` or a pipe: such a file is
    checked before it is read (`core.paths.read_regular`), and is simply not up to date.
    """
    try:
        return hashlib.sha256(read_regular(path, MAX_HASHED_BYTES)).hexdigest()
    except FileProblem:
        return None


def _tree_hash(digest: hashlib._Hash, folder: Path) -> None:
    """Add the name, size and modification time of each file in a trusted folder (the toolkit's own) to `digest`.

    Size and time, as Python's own compiled-file check uses, not the bytes: reading the
    toolkit's files (2 MB of fonts among them) took ~12 ms of every build, this ~2 ms. A user's
    templates are hashed by their bytes (`_user_tree_hash`).
    """
    entries = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in names:
            path = os.path.join(root, name)
            info = os.stat(path)
            entries.append((os.path.relpath(path, folder), info.st_size, info.st_mtime_ns))
    for entry in sorted(entries):
        digest.update(repr(entry).encode())


def _user_tree_hash(digest: hashlib._Hash, folder: Path) -> None:
    """Add the names and bytes of the files in a user's template folder to `digest`, each read within the limit.

    A file that is not a regular one, or past the template size limit, adds what is wrong
    with it instead of its bytes: the template loader refuses it if a template uses it.
    """
    for path in sorted(p for p in folder.rglob("*") if not p.is_dir()):
        digest.update(str(path.relative_to(folder)).encode())
        try:
            digest.update(read_regular(path, MAX_TEMPLATE_BYTES))
        except FileProblem as problem:
            digest.update(f"\0{problem}".encode())


def _office_template_bytes(path: Path) -> bytes:
    """Return an Office template's bytes, read within its size limit; raise DiagnosticsError naming it if not."""
    from toolkit.writers.opc import MAX_PACKAGE_BYTES

    try:
        return read_regular(path, MAX_PACKAGE_BYTES)
    except FileProblem as problem:
        message = f"{problem}; give a .pptx or .docx file"
        raise DiagnosticsError([Diagnostic(str(path), None, Severity.ERROR, message, "template.unreadable")]) from None


def environment_key(options: Iterable[object], extra_files: Iterable[Path | None] = ()) -> str:
    """Return the hash of what every module's output depends on besides the module itself.

    That is the toolkit's own code, data, catalogues and templates (so a changed template
    rebuilds every module), the user's templates and Office files, and the build options.
    """
    digest = hashlib.sha256()
    for folder in (PACKAGE, TEMPLATES):
        _tree_hash(digest, folder)
    for extra in extra_files:
        if extra is None:
            continue
        if extra.is_dir():
            _user_tree_hash(digest, extra)
        else:
            digest.update(_office_template_bytes(extra))
    digest.update(repr(list(options)).encode())
    return digest.hexdigest()


class BuildState:
    """The records of an output folder: which module was built from what, into which files.

    Every file is named relative to the output folder (`../modules/peru-trc.yaml`), so the
    folder can be moved or shared with the modules beside it and still be up to date. A
    state file of an older format (absolute names) is read as no records: all is rebuilt.
    """

    def __init__(self, out: Path):
        self.out = out
        self.root = out.resolve()
        self.path = out / STATE_FILE
        data = self._read()
        self.records: dict[str, dict[str, Any]] = data.get("modules", {})
        files = data.get("files")
        self.files: dict[str, dict[str, Any]] = files if isinstance(files, dict) else {}

    def _read(self) -> dict[str, Any]:
        """Return the state file's content when it is of this format, else an empty one (all is built again).

        Read as a regular file within MAX_STATE_BYTES: a link to `/dev/zero` or a named pipe
        in its place is no record at all, and the next save replaces it with a file.
        """
        try:
            data = json.loads(read_regular(self.path, MAX_STATE_BYTES).decode("utf-8"))
        except (FileProblem, ValueError):
            return {}
        valid = isinstance(data, dict) and data.get("format") == STATE_FORMAT
        return data if valid and isinstance(data.get("modules"), dict) else {}

    def name(self, path: Path) -> str:
        """Return how the state file names `path`: relative to the output folder, with `/`."""
        try:
            return Path(os.path.relpath(path.resolve(), self.root)).as_posix()
        except ValueError:  # on another Windows drive there is no relative path
            return path.resolve().as_posix()

    def path_of(self, name: str) -> Path:
        """Return the file a name in the state file stands for."""
        return self.root / name

    def is_current(self, module_file: Path, key: str) -> bool:
        """Return True when the module, its inputs and its outputs are exactly as last built."""
        record = self.records.get(self.name(module_file))
        if not isinstance(record, dict) or record.get("key") != key:
            return False
        inputs, outputs = record.get("inputs"), record.get("outputs")
        if not isinstance(inputs, dict) or not isinstance(outputs, dict):
            return False  # a damaged record: build again
        files = {**inputs, **outputs}
        return bool(files) and all(file_hash(self.path_of(name)) == digest for name, digest in files.items())

    def output_folder(self, module_file: Path) -> Path | None:
        """Return the output folder recorded for a module file (under `out` as given), if any."""
        record = self.records.get(self.name(module_file))
        folder = record.get("folder") if isinstance(record, dict) else None
        return self.out / folder if isinstance(folder, str) else None

    def record(
        self, module_file: Path, key: str, inputs: Iterable[Path], outputs: Iterable[Path], folder: Path
    ) -> None:
        """Remember what a module was just built from and into."""
        self.records[self.name(module_file)] = {
            "key": key,
            "folder": self.name(folder),
            "inputs": {self.name(p): file_hash(p) for p in inputs},
            "outputs": {self.name(p): file_hash(p) for p in outputs},
        }

    def record_options(self, output: Path, options: dict[str, str]) -> None:
        """Remember the options an output file was just built with."""
        self.files[self.name(output)] = {"sha256": file_hash(output), "options": options}

    def options_of(self, output: Path) -> dict[str, str] | None:
        """Return the options an output file was built with; None when unknown (or it changed since)."""
        record = self.files.get(self.name(output))
        if not isinstance(record, dict) or record.get("sha256") != file_hash(output):
            return None
        options = record.get("options")
        return options if isinstance(options, dict) else None

    def save(self) -> None:
        """Write the records atomically, leaving out those of output files no longer there."""
        from toolkit.core.output import write_atomic

        files = {name: record for name, record in self.files.items() if self.path_of(name).exists()}
        state = {"format": STATE_FORMAT, "modules": self.records, "files": files}
        text = json.dumps(state, indent=1, sort_keys=True)
        write_atomic(self.path, text.encode("utf-8"))


def cpu_count() -> int:
    """Return the number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
