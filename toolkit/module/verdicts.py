"""Remember the verdict on module files that have not changed, so `list`, `validate` and `build` answer at once.

A verdict (the module's summary, every diagnostic and a snapshot of the validated
module) is stored under the user's cache folder, keyed by the file's path. It is used
again only when the file, every file it depends on (images, a translation's source) —
both where each path leads, links followed, and what it holds —, the toolkit's own code
and data and the working folder (file names in messages are relative to it) are the
same — so the answer is the one a fresh validation would give, never a wider one. Only
the standard library is imported here: a cached answer never loads pydantic.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from toolkit.core.diagnostics import Diagnostic, Position, Severity
from toolkit.core.paths import FileProblem, read_regular
from toolkit.core.usercache import cache_folder as user_cache
from toolkit.core.usercache import code_key, store_entry
from toolkit.module.images import MAX_IMAGE_BYTES
from toolkit.module.results import LoadResult
from toolkit.module.snapshot import ModuleRecord, module_record

SUMMARY_FIELDS = ("id", "title", "language", "minutes", "themes", "file")


@dataclass(frozen=True)
class Verdict:
    """What validating one module file found: a summary when it loaded, and its diagnostics."""

    summary: dict | None
    diagnostics: list[Diagnostic]
    ok: bool
    snapshot: dict | None = None  # the validated module, for a build (toolkit.module.snapshot)


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
        return Verdict(data["summary"], diagnostics, data["ok"], data.get("snapshot"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(path: Path, key: str, verdict: Verdict, inputs: list[Path]) -> None:
    """Keep a verdict for next time; a cache that cannot be written is simply not used."""
    record = {
        "key": key,
        "inputs": [[str(p.absolute()), *_input_state(p)] for p in inputs],
        "summary": verdict.summary,
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


def judge(paths: list[Path]) -> list[Verdict]:
    """Return a verdict per module file: from the cache when unchanged, else by loading the module.

    Only verdicts on modules that loaded are kept: a file with errors is checked afresh
    each time, as its author is fixing it.
    """
    key = cache_key()
    verdicts: list[Verdict] = []
    for path in paths:
        verdict = cached(path, key)
        if verdict is None:
            verdict, _ = _validate_and_store(path, key)
        verdicts.append(verdict)
    return verdicts


def load_for_build(paths: list[Path]) -> list[LoadResult]:
    """Return each module file loaded: from its snapshot when a valid verdict is stored, else validated now.

    A build of modules that have not changed since they were last validated (by `list`,
    `validate` or a build) so never imports the validators. A module validated now is
    built from its snapshot too: the same input either way, and a small one to hand to
    the worker processes (plain data, and the positions its warnings point at).
    """
    key = cache_key()
    results = []
    for path in paths:
        verdict = cached(path, key)
        record = _record(verdict) if verdict else None
        if verdict is None or record is None:
            verdict, result = _validate_and_store(path, key)
            if (record := _record(verdict)) is None:  # not valid: its diagnostics say why
                results.append(result)
                continue
        results.append(LoadResult(path, record, verdict.diagnostics))
    return results


def _record(verdict: Verdict) -> ModuleRecord | None:
    """Return the module a valid verdict's snapshot holds, or None when it has none (or a malformed one)."""
    if not verdict.ok or verdict.snapshot is None:
        return None
    try:
        return module_record(verdict.snapshot)
    except (KeyError, TypeError, ValueError):
        return None


def _validate_and_store(path: Path, key: str) -> tuple[Verdict, LoadResult]:
    """Return the verdict on a module file validated now, and what loading it gave; keep the verdict if it loaded."""
    from toolkit.module.loader import load_module
    from toolkit.module.results import module_inputs
    from toolkit.module.snapshot import snapshot

    result = load_module(path, plain=True)
    module = result.module
    if module is None:
        return Verdict(None, result.diagnostics, False), result
    summary = dict(
        zip(
            SUMMARY_FIELDS,
            (module.id, module.title, module.language, module.duration, list(module.themes), module.file),
        )
    )
    verdict = Verdict(summary, result.diagnostics, result.ok, snapshot(module) if result.ok else None)
    store(path, key, verdict, module_inputs(module, path))
    return verdict, result
