"""The language-of-parts rule: text in one script marked as a language written in another.

A screen reader picks its voice from the language a run is marked with. English words marked
Arabic are read by an Arabic voice (and laid out right to left); Arabic words marked English
are not read at all by some voices. Whether "Informe final" is Spanish or English cannot be
told from its letters, but the script can: Latin letters under a right-to-left language, or
Arabic letters under a left-to-right one, are a run whose own language was not said.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.oxml.ns import qn as docx_qn
from pptx.oxml.ns import qn as pptx_qn
from pptx.presentation import Presentation

from toolkit.core.diagnostics import quote
from toolkit.core.i18n import is_rtl
from toolkit.quality.findings import Finding, warning

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
RIGHT_TO_LEFT_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # Hebrew, Arabic and their forms
CODE = "lang.unmarked"


def mismarked(text: str, language: str) -> bool:
    """Return True when `text` is written in a script its `language` does not use.

    Latin text counts from two words of three letters ("UN", "1325" and one acronym in an
    Arabic sentence are normal); a run that mixes both scripts is left alone.
    """
    has_rtl = bool(RIGHT_TO_LEFT_SCRIPT.search(text))
    latin_words = len(LATIN_WORD.findall(text))
    if is_rtl(language):
        return latin_words >= 2 and not has_rtl
    return has_rtl and latin_words == 0


def document_language_of_parts(document: Document) -> list[Finding]:
    """Return a warning for each paragraph of a Word document with a run in a script its language does not use."""
    default = _document_language(document)
    findings = []
    for number, paragraph in enumerate(document.element.body.iter(docx_qn("w:p")), start=1):
        for run in paragraph.iter(docx_qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(docx_qn("w:t")))
            marked = run.find(f"{docx_qn('w:rPr')}/{docx_qn('w:lang')}")
            language = marked.get(docx_qn("w:val"), default) if marked is not None else default
            if text.strip() and mismarked(text, language):
                findings.append(_finding(f"paragraph {number}", text, language))
                break
    return findings


def deck_language_of_parts(prs: Presentation) -> list[Finding]:
    """Return a warning for each slide paragraph with a run in a script its language does not use."""
    default = _deck_language(prs)
    findings = []
    for number, slide in enumerate(prs.slides, start=1):
        for run in slide.element.iter(pptx_qn("a:r")):
            text = "".join(t.text or "" for t in run.iter(pptx_qn("a:t")))
            properties = run.find(pptx_qn("a:rPr"))
            language = (properties.get("lang") if properties is not None else None) or default
            if text.strip() and mismarked(text, language):
                findings.append(_finding(f"slide {number}", text, language))
    return findings


def _finding(location: str, text: str, language: str) -> Finding:
    message = (
        f"the words {quote(text.strip()[:60])} are marked as {language}, a language written in another script, "
        "so a screen reader reads them in the wrong voice; give the source or quotation its own language "
        "(`language:` on a source, `[words]{lang=en}` in module text)"
    )
    return warning(CODE, location, message)


def _document_language(document: Document) -> str:
    """Return the language of a Word document's style defaults, else of its properties, else English."""
    lang = document.styles.element.find(
        f"{docx_qn('w:docDefaults')}/{docx_qn('w:rPrDefault')}/{docx_qn('w:rPr')}/{docx_qn('w:lang')}"
    )
    return (lang.get(docx_qn("w:val")) if lang is not None else None) or document.core_properties.language or "en"


def _deck_language(prs: Presentation) -> str:
    """Return the language of a deck's default text style, else English."""
    default = prs.part._element.find(f"{pptx_qn('p:defaultTextStyle')}/{pptx_qn('a:defPPr')}/{pptx_qn('a:defRPr')}")
    return (default.get("lang") if default is not None else None) or "en"
