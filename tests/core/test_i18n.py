"""Interface catalogues: complete, consistent with the templates, and used by the renderer."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from toolkit.core.i18n import available_languages, catalogue_path, format_clock, is_rtl, translations

PROJECT = Path(__file__).parents[2]
POT = PROJECT / "toolkit" / "core" / "locale" / "toolkit.pot"
LANGUAGES = [lang for lang in available_languages() if lang != "en"]


def message_ids(path: Path) -> set[str]:
    with open(path, "rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_shipped_languages():
    assert available_languages() == ["en", "ar", "es", "fr"]


def test_template_catalogue_matches_the_sources(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    assert message_ids(fresh) == message_ids(POT), "run the pybabel commands in docs/translations.md"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_message_and_keeps_placeholders(language):
    with open(catalogue_path(language), "rb") as handle:
        catalog = read_po(handle)
    assert {m.id for m in catalog if m.id} == message_ids(POT)
    for message in catalog:
        if not message.id:
            continue
        assert message.string, f"{language}: {message.id!r} is not translated"
        assert sorted(re.findall(r"%\(\w+\)s", message.id)) == sorted(re.findall(r"%\(\w+\)s", message.string))


def test_translations_are_used():
    assert translations("es").gettext("Learning objectives") == "Objetivos de aprendizaje"
    assert translations("fr").gettext("Key messages") == "Messages clés"
    assert translations("en").gettext("Key messages") == "Key messages"
    assert translations("xx").gettext("Key messages") == "Key messages"


def test_clock_follows_the_catalogue():
    assert format_clock(time(13, 5), "en") == "13:05"
    assert format_clock(time(9, 0), "es") == "09:00"


def test_right_to_left_languages():
    assert is_rtl("ar") and not is_rtl("es") and not is_rtl("fr-CA")


TRANSLATED = sorted(p for p in (PROJECT / "modules").glob("*.*.yaml"))


def interface_texts(deck: Path, handout: Path, guide: Path) -> list[str]:
    """Return the texts the toolkit itself writes: headings, table headers, slide titles, note labels."""
    from docx import Document as open_docx
    from pptx import Presentation as open_pptx

    texts = []
    for path in (handout, guide):
        document = open_docx(str(path))
        texts += [p.text for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]
        for table in document.tables:
            cells = table.rows[0].cells
            # A box is a one-cell table: its label is interface text, the rest is the module's.
            texts += [cells[0].paragraphs[0].text] if len(cells) == 1 else [cell.text for cell in cells]
        texts += [p.text for p in document.sections[0].footer.paragraphs]
    for slide in open_pptx(str(deck)).slides:
        texts.append(slide.shapes.title.text_frame.text)
        notes = slide.notes_slide.notes_text_frame.text
        texts += re.findall(r"^([^:\n]{1,40}):", notes, re.M)
    return texts


@pytest.mark.parametrize("path", TRANSLATED, ids=[p.stem for p in TRANSLATED])
def test_translated_build_has_no_english_interface_text(tmp_path, path):
    from toolkit.build.pipeline import BuildOptions, build_modules
    from toolkit.module.loader import load_module

    result = load_module(path)
    report = build_modules([result], BuildOptions(out=tmp_path))
    written = {p.name.removeprefix(f"{result.module.id}-"): p for p in report.written}
    deck, handout, guide = written["slides.pptx"], written["handout.docx"], written["facilitator-guide.docx"]
    catalogue = translations(result.module.language)
    english = {
        message
        for message in message_ids(POT)
        if "%" not in message and catalogue.gettext(message) != message and len(message) > 3
    }
    found = [
        (word, text)
        for text in interface_texts(deck, handout, guide)
        for word in english
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    ]
    assert found == []


def test_arabic_outputs_are_right_to_left(tmp_path):
    import zipfile

    from toolkit.build.pipeline import BuildOptions, build_modules
    from toolkit.module.loader import load_module

    report = build_modules([load_module(PROJECT / "modules" / "intro-gender-ssr.ar.yaml")], BuildOptions(out=tmp_path))
    for path in report.written:
        with zipfile.ZipFile(path) as archive:
            if path.suffix == ".docx":
                styles = archive.read("word/styles.xml").decode()
                assert re.search(r"<w:pPrDefault><w:pPr>.*?<w:bidi/>", styles)
                assert '<w:lang w:val="ar" w:bidi="ar"/>' in styles.replace(' w:eastAsia="en-US"', "")
                assert archive.read("docProps/core.xml").decode().count("<dc:language>ar</dc:language>") == 1
                sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", archive.read("word/document.xml").decode(), re.S)
                assert sections and all("<w:bidi/>" in section for section in sections)  # the section too
            else:
                slide = archive.read("ppt/slides/slide2.xml").decode()
                paragraphs = re.findall(r"<a:pPr[^>]*>", slide)
                assert paragraphs and all('rtl="1"' in p for p in paragraphs)
                assert sum('algn="r"' in p for p in paragraphs) >= 2  # the title and body; footers keep theirs
                assert 'lang="ar' in slide


def test_adding_a_language_is_adding_a_catalogue(tmp_path, monkeypatch):
    """Follow docs/translations.md for Portuguese: a new .po file is all the toolkit needs."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from toolkit.core import i18n
    from toolkit.module.loader import load_module
    from toolkit.render.templates import RenderOptions, build_handout, environment

    locale = tmp_path / "locale"
    target = locale / "pt" / "LC_MESSAGES" / "toolkit.po"
    target.parent.mkdir(parents=True)
    catalog = Catalog(locale="pt", domain="toolkit")
    catalog.add("Learning objectives", "Objetivos de aprendizagem")
    catalog.add("Key messages", "Mensagens-chave")
    with open(target, "wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.translations.cache_clear()
    environment.cache_clear()
    assert "pt" in i18n.available_languages()
    text = (PROJECT / "tests" / "fixtures" / "minimal.yaml").read_text().replace("version:", "language: pt\nversion:")
    (tmp_path / "m.yaml").write_text(text)
    handout = build_handout(load_module(tmp_path / "m.yaml").module, RenderOptions())
    headings = [" ".join(s.text for s in b.inlines) for b in handout.blocks if type(b).__name__ == "Heading"]
    assert "Objetivos de aprendizagem" in headings and "Mensagens-chave" in headings
    i18n.translations.cache_clear()
    environment.cache_clear()


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_an_undated_source_ends_with_one_full_stop(tmp_path, language):
    """The words for "no date" ("n.d.", "s. f.") end in a full stop: the reference adds none of its own."""
    from docx import Document as open_docx

    from toolkit.build.pipeline import BuildOptions, build_modules
    from toolkit.module.loader import load_module

    text = (PROJECT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("version:", f"language: {language}\nversion:").replace("    year: 2008\n", "")
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    report = build_modules([load_module(tmp_path / "m.yaml")], BuildOptions(out=tmp_path / "out"))
    undated = translations(language).gettext("n.d.")
    for path in (p for p in report.written if p.suffix == ".docx"):
        references = [p.text for p in open_docx(str(path)).paragraphs if "A publisher" in p.text]
        assert references and all(r.endswith(f"A publisher, {undated}") for r in references), (path.name, references)


def test_left_to_right_documents_have_no_right_to_left_section(tmp_path):
    import zipfile

    from toolkit.build.pipeline import BuildOptions, build_modules
    from toolkit.module.loader import load_module

    report = build_modules([load_module(PROJECT / "modules" / "intro-gender-ssr.fr.yaml")], BuildOptions(out=tmp_path))
    documents = [path for path in report.written if path.suffix == ".docx"]
    assert documents
    for path in documents:
        with zipfile.ZipFile(path) as archive:
            assert "<w:bidi/>" not in archive.read("word/document.xml").decode()


def _positions(deck_path):
    """Return, per slide after the first, the left edges of its footer and its slide number,
    and the left edges and widths of the shapes its layout and master draw (rules, bands)."""
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    deck = Presentation(str(deck_path))
    found = []
    for slide in list(deck.slides)[1:]:
        kinds = {shape.placeholder_format.type: shape.left for shape in slide.placeholders}
        layout = slide.slide_layout
        shapes = [*layout.shapes, *layout.slide_master.shapes]
        drawn = sorted((shape.left, shape.width) for shape in shapes if not shape.is_placeholder)
        found.append((kinds.get(PP_PLACEHOLDER.FOOTER), kinds.get(PP_PLACEHOLDER.SLIDE_NUMBER), drawn))
    return deck.slide_width, found


def test_arabic_decks_are_mirrored_footer_number_and_rules_change_sides(tmp_path):
    from toolkit.build.pipeline import BuildOptions, build_modules
    from toolkit.module.loader import load_module

    decks = {}
    for name in ("intro-gender-ssr.fr.yaml", "intro-gender-ssr.ar.yaml"):
        report = build_modules([load_module(PROJECT / "modules" / name)], BuildOptions(out=tmp_path / name))
        decks[name] = next(path for path in report.written if path.suffix == ".pptx")
    width, french = _positions(decks["intro-gender-ssr.fr.yaml"])
    _, arabic = _positions(decks["intro-gender-ssr.ar.yaml"])
    assert french and arabic
    for footer, number, _ in french:
        assert footer < number  # left to right: the title at the left, the number at the right
    for footer, number, _ in arabic:
        assert footer > number
    # Every shape a layout or master draws stands where the French one's mirror image is.
    assert arabic[0][2] and arabic[0][2] == sorted((width - left - size, size) for left, size in french[0][2])
