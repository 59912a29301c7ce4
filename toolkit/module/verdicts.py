"""Remember the verdict on module files that have not changed, so every command that loads them answers at once.

A verdict (every diagnostic and a snapshot of the validated module) is stored under the
user's cache folder, keyed by the file's path. It is used again only when the file, every
file it depends on (images, a translation's source) — both where each path leads, links
followed, and what it holds —, the toolkit's own code and data and the working folder
(file names in messages are relative to it) are the same — so the answer is the one a
fresh validation would give, never a wider one. Only the standard library is imported
here: a cached answer never loads pydantic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.core.diagnostics import Diagnostic, Position, Severity
from toolkit.core.paths import FileProblem, read_regular
from toolkit.core.usercache import cache_folder as user_cache
from toolkit.core.usercache import code_key, store_entry
from toolkit.module.images import MAX_IMAGE_BYTES
from toolkit.module.results import LoadResult, module_inputs
from toolkit.module.snapshot import ModuleRecord, module_record, snapshot


@dataclass(frozen=True)
class Verdict:
    """What validating one module file found: its diagnostics and, when it is valid, the validated module."""

    diagnostics: list[Diagnostic]
    ok: bool
    snapshot: dict[str, Any] | None = None  # the validated module (toolkit.module.snapshot)


def cache_folder() -> Path:
    """Return the folder verdicts are kept in ($XDG_CACHE_HOME/ssr-toolkit/verdicts)."""
    return user_cache("verdicts")


def _entry(path: Path) -> Path:
    return cache_folder() / (hashlib.sha256(str(path.resolve()).encode()).hexdigest() + ".json")


def cached(path: Path, key: str) -> Verdict | None:
    """Return the stored verdict on `path`, or None when anything it depends on has changed."""
    try:
        data = json.loads(_entry(path).read_text(encoding="utf-8"))
        if data["key"] != key or not all(_input_state(Path(p)) == [t, h] for p, t, h in data["inputs"]):
            return None
        diagnostics = [
            Diagnostic(
                d["file"],
                Position(**d["position"]) if d["position"] else None,
                Severity(d["severity"]),
                d["message"],
                d["code"],
            )
            for d in data["diagnostics"]
        ]
        return Verdict(diagnostics, data["ok"], data.get("snapshot"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(path: Path, key: str, verdict: Verdict, inputs: list[Path]) -> None:
    """Keep a verdict for next time; a cache that cannot be written is simply not used."""
    record = {
        "key": key,
        "inputs": [[str(p.absolute()), *_input_state(p)] for p in inputs],
        "diagnostics": [d.to_dict() for d in verdict.diagnostics],
        "ok": verdict.ok,
        "snapshot": verdict.snapshot,
    }
    store_entry(_entry(path), json.dumps(record))


def _input_state(path: Path) -> list[str | None]:
    """Return where a file a module depends on leads (links followed) and the hash of what it holds.

    Both are compared before a verdict is used: an image whose link is re-pointed outside
    the module's folder leads elsewhere, even to a file with the very same bytes, so it
    is validated again and refused. A device, a pipe or a file past every input limit is
    never read (it would hang or exhaust memory); a fresh validation refuses it.
    """
    try:
        target: str | None = str(path.resolve(strict=True))
    except (OSError, RuntimeError):
        target = None
    try:
        digest: str | None = hashlib.sha256(read_regular(path, MAX_IMAGE_BYTES)).hexdigest()
    except FileProblem as exc:
        digest = f"unreadable: {exc}"
    return [target, digest]


def cache_key() -> str:
    """Return what every stored verdict must match besides its files: the toolkit's code and the working folder."""
    return f"{code_key()}|{Path.cwd()}"


def through_cache(path: Path, validate: Callable[[Path], LoadResult]) -> LoadResult:
    """Return the module file at `path` loaded: from its snapshot when a valid verdict is stored, else by `validate`.

    This wraps the loader from outside (`toolkit.module.loader.load` hands its validation in):
    no other stage sees it. A module unchanged since it was last validated (by any command)
    is read back as a `ModuleRecord` without importing the validators. A module validated
    now is kept, and handed on the same way: the same input either way, and a small one to
    give the build's worker processes (no positions of every value in the file). Only
    verdicts on modules that loaded are kept: a file with errors is checked afresh each
    time, as its author is fixing it.
    """
    key = cache_key()
    verdict = cached(path, key)
    record = _record(verdict) if verdict else None
    if verdict is not None and record is not None:
        return LoadResult(path, record, verdict.diagnostics)
    result = validate(path)
    module = result.module
    if module is None:
        return result
    verdict = Verdict(result.diagnostics, result.ok, snapshot(module) if result.ok else None)
    store(path, key, verdict, module_inputs(module, path))
    if (record := _record(verdict)) is None:  # not valid: its diagnostics say why
        return result
    return LoadResult(path, record, verdict.diagnostics)


def _record(verdict: Verdict) -> ModuleRecord | None:
    """Return the module a valid verdict's snapshot holds, or None when it has none (or a malformed one)."""
    if not verdict.ok or verdict.snapshot is None:
        return None
    try:
        return module_record(verdict.snapshot)
    except (KeyError, TypeError, ValueError):
        return None
