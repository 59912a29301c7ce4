"""The nine gender-SSR themes, defined once in `toolkit/module/data/themes.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import IO, TYPE_CHECKING

from toolkit.core.bundled import PACKAGE
from toolkit.module.yamlsafe import load_yaml_file, parse_yaml

if TYPE_CHECKING:
    from collections.abc import Iterator

THEMES_FILE = PACKAGE / "module" / "data" / "themes.yaml"


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


def extract_themes(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield the theme titles of `themes.yaml` for the catalogue (a Babel extractor; see babel.cfg)."""
    document = parse_yaml(fileobj.read().decode("utf-8"), "themes.yaml")
    assert isinstance(document.data, list)
    for index, theme in enumerate(document.data):
        position = document.values[(index, "title")]
        yield position.line, "_", theme["title"], []
