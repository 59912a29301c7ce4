"""Build options that commands parse before anything heavy is imported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.bundled import TEMPLATES

if TYPE_CHECKING:
    from toolkit.render.templates import RenderOptions

FORMATS = ("slides", "handout", "guide", "markdown", "pdf")
DEFAULT_FORMATS = ("slides", "handout", "guide")


def parse_clock(text: str) -> time:
    """Return a time of day from `HH:MM`, or raise ValueError with a message naming the form."""
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise ValueError(f"expected a time of day such as 09:00, got {text!r}") from None


def parse_formats(text: str) -> tuple[str, ...]:
    """Return the formats named in a comma-separated list, or raise ValueError naming the unknown ones."""
    formats = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return formats


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build depends on besides the modules."""

    out: Path = Path("output")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    start: time = time(9, 0)
    paper: str | None = None
    participants: int | None = None
    pptx_template: Path | None = None
    docx_reference: Path | None = None
    templates: Path | None = None
    jobs: int = 1
    allow_template_issues: bool = False  # build on a deck template whose text is too faint, with warnings

    def render_options(self) -> RenderOptions:
        """Return the options the templates need; a user's template folder comes before the shipped one."""
        from toolkit.render.templates import RenderOptions

        folders = (self.templates.resolve(), TEMPLATES) if self.templates else (TEMPLATES,)
        return RenderOptions(start=self.start, participants=self.participants, template_dirs=folders)
