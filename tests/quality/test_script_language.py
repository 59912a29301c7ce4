"""The language-of-parts rule (issue 20): words in a script their marked language does not use."""

from __future__ import annotations

import io

import docx
import pytest
from pptx import Presentation

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module
from toolkit.quality.script_language import deck_language_of_parts, document_language_of_parts, mismarked


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Innovations for Successful Societies", "ar", True),
        ("قرار مجلس الأمن 1325", "ar", False),
        ("تقرير DCAF السنوي", "ar", False),  # an acronym in an Arabic sentence is normal
        ("UN Women", "ar", False),  # one word of three letters or more is not enough to judge
        ("Informe final", "en", False),  # Spanish or English: the script cannot tell
        ("مقدمة", "en", True),
        ("مقدمة", "ar", False),
    ],
)
def test_mismarked_judges_by_script(text, language, expected):
    assert mismarked(text, language) is expected


def _build(write_module, text, tmp_path):
    report = build_modules([load_module(write_module(text))], BuildOptions(out=tmp_path / "out"))
    return {path.suffix: path for path in report.written if "guide" not in path.name}


@pytest.mark.parametrize("marked", [False, True])
def test_an_english_source_in_an_arabic_module_is_found_unless_it_says_its_language(
    write_module, minimal_text, tmp_path, marked
):
    text = minimal_text.replace("id: minimal\n", "id: minimal\nlanguage: ar\n")
    text = text.replace("title: A source", "title: Building an Inclusive Police Service")
    if marked:
        text = text.replace("    url: https://www.dcaf.ch/\n", "    url: https://www.dcaf.ch/\n    language: en\n")
    files = _build(write_module, text, tmp_path)

    document = docx.Document(str(files[".docx"]))
    deck = Presentation(io.BytesIO(files[".pptx"].read_bytes()))
    # The rest of this test module is English text declared Arabic, and is found too; the source is the point.
    found = [
        f for f in document_language_of_parts(document) + deck_language_of_parts(deck) if "Police Serv" in f.message
    ]
    assert {f.code for f in found} <= {"lang.unmarked"}
    assert bool(found) is not marked
