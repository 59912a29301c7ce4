"""Source titles in another language than their module's say which (issue 20, language of parts).

Screen readers read a title in the voice of the language it is marked with: a Spanish report in
an English handout, or an English title in an Arabic one, must carry its own `language`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

MODULES = sorted((Path(__file__).parents[2] / "modules").glob("*.yaml"))
# Words common in Spanish titles and rare in English and French ones.
SPANISH_WORDS = re.compile(r"\b(del|las|los|el|y|para|por|con|sobre|según|verdad|víctimas|ley)\b", re.I)
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _sources(path: Path) -> tuple[str, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data.get("language", "en"), data.get("sources", [])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_spanish_titles_outside_spanish_modules_say_they_are_spanish(path):
    language, sources = _sources(path)
    if language == "es":
        pytest.skip("a Spanish module: its Spanish titles are in its own language")
    unmarked = [s["id"] for s in sources if len(SPANISH_WORDS.findall(s["title"])) >= 2 and not s.get("language")]
    assert unmarked == []


@pytest.mark.parametrize("path", [p for p in MODULES if _sources(p)[0] == "ar"], ids=lambda p: p.stem)
def test_titles_in_latin_script_in_an_arabic_module_say_their_language(path):
    _, sources = _sources(path)
    latin = [s for s in sources if LATIN_WORD.search(s["title"]) and not ARABIC_SCRIPT.search(s["title"])]
    assert latin and [s["id"] for s in latin if not s.get("language")] == []
