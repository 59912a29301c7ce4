"""Build options that commands parse before anything heavy is imported."""

from __future__ import annotations

from datetime import datetime, time

FORMATS = ("slides", "handout", "guide", "markdown")
DEFAULT_FORMATS = ("slides", "handout", "guide")
PAPER_SIZES = ("a4", "letter")


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
