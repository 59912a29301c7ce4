"""Skip modules whose inputs have not changed since their files were last built.

Deliberately light: only the standard library, so that a build with nothing to do never
imports pydantic, python-pptx or python-docx. A module's record lists every file it was
built from (the module, its images, a translation's source) with their hashes, the hash
of everything else that shapes the output (the toolkit's code, templates and catalogues,
user templates and options), and the files it produced.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from toolkit.bundled import PACKAGE, TEMPLATES

STATE_FILE = ".ssr-build-state.json"


def file_hash(path: Path) -> str | None:
    """Return the SHA-256 of a file, or None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _tree_hash(digest: hashlib._Hash, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())


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
            _tree_hash(digest, extra)
        else:
            digest.update(extra.read_bytes())
    digest.update(repr(list(options)).encode())
    return digest.hexdigest()


class BuildState:
    """The records of an output folder: which module was built from what, into which files."""

    def __init__(self, out: Path):
        self.path = out / STATE_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.records: dict[str, dict] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.records = {}

    def is_current(self, module_file: Path, key: str) -> bool:
        """Return True when the module, its inputs and its outputs are exactly as last built."""
        record = self.records.get(str(module_file.resolve()))
        if not isinstance(record, dict) or record.get("key") != key:
            return False
        files = {**record.get("inputs", {}), **record.get("outputs", {})}
        return bool(files) and all(file_hash(Path(name)) == digest for name, digest in files.items())

    def output_folder(self, module_file: Path) -> str | None:
        """Return the output folder recorded for a module file, if any."""
        record = self.records.get(str(module_file.resolve()))
        return record.get("folder") if isinstance(record, dict) else None

    def record(
        self, module_file: Path, key: str, inputs: Iterable[Path], outputs: Iterable[Path], folder: Path
    ) -> None:
        """Remember what a module was just built from and into."""
        self.records[str(module_file.resolve())] = {
            "key": key,
            "folder": str(folder),
            "inputs": {str(p.resolve()): file_hash(p) for p in inputs},
            "outputs": {str(p.resolve()): file_hash(p) for p in outputs},
        }

    def save(self) -> None:
        """Write the records atomically."""
        from toolkit.output import write_atomic

        text = json.dumps(self.records, indent=1, sort_keys=True)
        write_atomic(self.path, text.encode("utf-8"))


def cpu_count() -> int:
    """Return the number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
