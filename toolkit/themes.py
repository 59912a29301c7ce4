"""The nine gender-SSR themes, defined once in `toolkit/data/themes.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from toolkit.yamlsafe import load_yaml_file

THEMES_FILE = Path(__file__).parent / "data" / "themes.yaml"


@dataclass(frozen=True)
class Theme:
    """One gender-SSR theme: a stable id and its title."""

    id: str
    title: str


@cache
def all_themes() -> dict[str, Theme]:
    """Return the themes keyed by id, in the order of the data file."""
    data = load_yaml_file(THEMES_FILE).data
    assert isinstance(data, list)
    return {entry["id"]: Theme(entry["id"], entry["title"]) for entry in data}
