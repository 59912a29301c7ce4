"""Translated modules: they keep their source's structure and say when the source has moved on."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.diagnostics import Diagnostic, Severity
from toolkit.core.paths import check_relative_path
from toolkit.module.snapshot import module_data

if TYPE_CHECKING:  # a module the plain validator accepted (snapshot.ModuleRecord) serves as well
    from collections.abc import Callable

    from toolkit.module.results import LoadResult
    from toolkit.module.snapshot import ModuleView


def content_hash(module: ModuleView) -> str:
    """Return the hash of a module's content: comments and layout of the YAML do not change it."""
    canonical = json.dumps(module_data(module), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def structure(module: ModuleView) -> list[tuple[str, int]]:
    """Return what a translation must keep: each activity's id with its number of questions."""
    return [(activity.id, len(activity.questions)) for activity in module.activities]


def check_translation(module: ModuleView, path: Path, load_source: Callable[[Path], LoadResult]) -> list[Diagnostic]:
    """Return the problems of a translation against its source; an original module has none.

    `load_source` is the loader's own door, passed in so that this module does not import the loader back.
    """
    if module.translation is None:
        return []

    def report(
        field: tuple[str | int, ...], message: str, code: str, severity: Severity = Severity.ERROR
    ) -> Diagnostic:
        return Diagnostic(module.file, module.position(field), severity, message, code)

    source_field = ("translation", "source")
    problem = check_relative_path(module.translation.source, path.parent)
    if problem:
        return [report(source_field, f"translation.source: {problem}", "translation.source")]
    loaded = load_source(path.parent / module.translation.source)
    source = loaded.module
    if source is None:
        return [
            report(
                source_field,
                f"translation.source: {module.translation.source} has errors; fix it first (run validate on it)",
                "translation.source",
            )
        ]
    if source.translation is not None:
        return [
            report(
                source_field,
                "translation.source: the source is itself a translation; name the original",
                "translation.source",
            )
        ]
    found = []
    if source.id != module.id:
        found.append(report(("id",), f'id: a translation keeps its source\'s id "{source.id}"', "translation.id"))
    if source.language == module.language:
        found.append(
            report(("language",), f'language: the source is already in "{source.language}"', "translation.language")
        )
    found.extend(_structure_problems(module, source, report))
    current = content_hash(source)
    if current != module.translation.source_hash:
        found.append(
            report(
                ("translation", "source_hash"),
                f"translation.source_hash: {module.translation.source} has changed since this translation "
                f"was made; bring the translation up to date, then set source_hash: {current}",
                "translation.stale",
                Severity.WARNING,
            )
        )
    return found


def _structure_problems(module: ModuleView, source: ModuleView, report: Callable[..., Diagnostic]) -> list[Diagnostic]:
    found = []
    if len(module.learning_objectives) != len(source.learning_objectives):
        found.append(
            report(
                ("learning_objectives",),
                f"learning_objectives: the source has "
                f"{len(source.learning_objectives)}, this translation {len(module.learning_objectives)}",
                "translation.structure",
            )
        )
    theirs, ours = structure(source), structure(module)
    if [a for a, _ in theirs] != [a for a, _ in ours]:
        missing = [a for a, _ in theirs if a not in dict(ours)]
        extra = [a for a, _ in ours if a not in dict(theirs)]
        detail = "; ".join(
            filter(
                None,
                [
                    f"missing {', '.join(missing)}" if missing else "",
                    f"not in the source: {', '.join(extra)}" if extra else "",
                    "" if missing or extra else "the order differs",
                ],
            )
        )
        found.append(
            report(
                ("activities",),
                f"activities: the translation must keep the source's activities "
                f"({', '.join(a for a, _ in theirs)}); {detail}",
                "translation.structure",
            )
        )
        return found
    for index, ((activity, expected), (_, actual)) in enumerate(zip(theirs, ours)):
        if expected != actual:
            found.append(
                report(
                    ("activities", index, "questions"),
                    f"activities[{index}].questions: activity "
                    f'"{activity}" has {expected} question(s) in the source and {actual} here',
                    "translation.structure",
                )
            )
    return found
