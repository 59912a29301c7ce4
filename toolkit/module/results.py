"""What loading a module file gave, in a form the build can use without importing the model's validators."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.diagnostics import Diagnostic, has_errors

if TYPE_CHECKING:
    from toolkit.module.snapshot import ModuleView


@dataclass
class LoadResult:
    """What loading one file gave: a module when it is valid, and every diagnostic found.

    The module is a validated `Module`, or a `ModuleRecord` of one validated earlier and
    unchanged since: both read the same to the templates and writers.
    """

    path: Path
    module: ModuleView | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when the module loaded with no errors."""
        return self.module is not None and not has_errors(self.diagnostics)


def module_inputs(module: ModuleView, path: Path) -> list[Path]:
    """Return every file a module's output is built from: the module, its images, a translation's source."""
    folder = path.parent
    images = [folder / slide.image.path for a in module.activities for slide in a.slides if slide.image]
    source = [folder / module.translation.source] if module.translation else []
    return [path, *images, *source]
