"""The quality gate: every rule on a file that breaks it and on one that passes, shipped outputs, and the CLI."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import OxmlElement
from docx.oxml.ns import qn as w
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.cli import main
from toolkit.core.diagnostics import DiagnosticsError, Position, Severity
from toolkit.module.loader import load_module
from toolkit.quality import deck_rules, document_rules
from toolkit.quality.contrast import low_contrast
from toolkit.quality.findings import Finding
from toolkit.quality.language import inclusive_language, load_language_rules, term_pattern
from toolkit.quality.leaks import facilitator_only, is_participant_file
from toolkit.quality.run import built_files, check_file, check_outputs, said_once
from toolkit.quality.scaffold_text import scaffold_text
from toolkit.render.doctree import (
    Box,
    Deck,
    Document,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Picture,
    Slide,
    Span,
    Table,
)
from toolkit.writers.colours import apply_modifiers, contrast_ratio, relative_luminance
from toolkit.writers.docx import write_document
from toolkit.writers.pptx import write_deck

SHIPPED = sorted((Path(__file__).parents[2] / "modules").glob("*.yaml"))
DECORATIVE_EXT = (
    '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(finding.code, finding.location) for finding in findings]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# --- decks -----------------------------------------------------------------------------------------


def spans(text: str) -> tuple[Span, ...]:
    return (Span(text),)


def content(title: str, *bullets: str, picture: Picture | None = None, table: Table | None = None) -> Slide:
    body = (ListBlock(tuple(spans(b) for b in bullets)),) if bullets else ()
    body += (table,) if table else ()
    return Slide("two-content" if picture else "content", spans(title), body, picture)


def open_deck(*slides: Slide) -> Presentation:
    """Return a deck written by the project's writer, opened with python-pptx."""
    return Presentation(io.BytesIO(write_deck(Deck(Metadata("Test deck", "en"), "Test deck", slides)).data))


@pytest.fixture
def picture(tmp_path) -> Picture:
    path = tmp_path / "chart.png"
    Image.new("RGB", (400, 300), "teal").save(path)
    return Picture(str(path), "Bar chart: women are 12% of police officers in 2020, up from 8% in 2010")


@pytest.fixture
def good_deck(picture) -> Presentation:
    """A deck that passes every rule: a title slide, bullets, a picture with alt text and a table with a header."""
    table = Table((spans("Year"), spans("Event")), ((spans("2001"), spans("Truth commission created")),))
    return open_deck(
        Slide("title", spans("Test deck"), (Paragraph(spans("Police reform · 30 minutes")),)),
        content("Why it matters", "Women report more when police are diverse", "Trust grows with representation"),
        content("In numbers", "Representation is rising", picture=picture),
        content("Timeline", table=table),
    )


def body_of(prs: Presentation, number: int):
    """Return the body placeholder of slide `number` (from 1)."""
    return next(s for s in prs.slides[number - 1].placeholders if s.placeholder_format.idx == 1)


def picture_properties(prs: Presentation):
    """Return the non-visual properties (`p:cNvPr`) of the first picture in the deck."""
    return next(prs.slides[2].shapes._spTree.iter(qn("p:pic"))).find(f"{qn('p:nvPicPr')}/{qn('p:cNvPr')}")


def table_of(prs: Presentation):
    return next(shape for shape in prs.slides[3].shapes if shape.has_table)


@pytest.mark.parametrize("rule", deck_rules.DECK_RULES, ids=lambda rule: rule.__name__)
def test_a_deck_written_by_the_toolkit_passes_every_rule(good_deck, rule):
    assert rule(good_deck) == []


def test_title_missing(good_deck):
    good_deck.slides[1].shapes.title.text_frame.text = " "
    title = good_deck.slides[2].shapes.title.element
    title.getparent().remove(title)
    assert codes(deck_rules.title_missing(good_deck)) == [
        ("deck.title-missing", "slide 2"),
        ("deck.title-missing", "slide 3"),
    ]


def test_title_duplicate_names_the_first_slide_with_it():
    prs = open_deck(content("Same title", "one"), content("Other", "two"), content("Same title", "three"))
    [finding] = deck_rules.title_duplicate(prs)
    assert finding.location == "slide 3"
    assert finding.message.startswith('the title "Same title" is also the title of slide 1; make titles unique')


def test_continuation_slides_have_unique_titles_and_text_that_fits():
    prs = open_deck(
        content("Long list", *[f"Point number {n} of a list far too long for one slide" for n in range(30)])
    )
    assert len(prs.slides) > 1
    assert deck_rules.title_duplicate(prs) == []
    assert deck_rules.text_overflow(prs) == []


def test_reading_order_puts_the_title_first(good_deck):
    tree = good_deck.slides[1].shapes._spTree
    title = good_deck.slides[1].shapes.title.element
    tree.remove(title)
    tree.append(title)
    [finding] = deck_rules.reading_order(good_deck)
    assert finding.location == "slide 2"
    assert finding.message.startswith('screen readers read "Content Placeholder 2" before the title')


def test_a_decorative_shape_before_the_title_is_not_read(good_deck):
    slide = good_deck.slides[1]
    band = slide.shapes.add_shape(1, 0, 0, Inches(1), Inches(1))
    band.text_frame.text = "Band"
    band._element.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").append(etree.fromstring(DECORATIVE_EXT))
    tree = slide.shapes._spTree
    tree.remove(band._element)
    tree.insert(2, band._element)
    assert deck_rules.reading_order(good_deck) == []


def test_alt_missing_unless_decorative(good_deck):
    properties = picture_properties(good_deck)
    properties.set("descr", "")
    [finding] = deck_rules.alt_missing(good_deck)
    assert (finding.code, finding.location, finding.severity) == ("deck.alt-missing", "slide 3", Severity.ERROR)
    properties.append(etree.fromstring(DECORATIVE_EXT))
    assert deck_rules.alt_missing(good_deck) == []


@pytest.mark.parametrize("alt", ["chart.png", "IMG_2041.JPG", "C:\\Users\\me\\Pictures\\photo 3.jpeg"])
def test_alt_filename(good_deck, alt):
    picture_properties(good_deck).set("descr", alt)
    assert codes(deck_rules.alt_filename(good_deck)) == [("deck.alt-filename", "slide 3")]


def test_contrast_ratio_follows_wcag():
    assert relative_luminance("FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_tints_and_shades_lighten_and_darken():
    tint = etree.fromstring('<c xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:tint val="0"/></c>')
    assert apply_modifiers("0E6B78", tint) == "FFFFFF"
    shade = etree.fromstring(
        '<c xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:shade val="0"/></c>'
    )
    assert apply_modifiers("0E6B78", shade) == "000000"


def test_contrast_of_text_coloured_on_the_slide(good_deck):
    run = body_of(good_deck, 2).text_frame.paragraphs[0].runs[0]
    run.font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    [finding] = low_contrast(good_deck)
    assert finding.location == "slide 2"
    assert finding.message.startswith('text in "Content Placeholder 2" is #AAAAAA on #FFFFFF, a contrast of 2.32:1')


def test_contrast_of_the_theme(good_deck):
    theme = good_deck.slide_master.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'<a:srgbClr val="1F2A30"/>', b'<a:srgbClr val="C0C0C0"/>')  # dk1: body text
    findings = low_contrast(good_deck)
    assert {f.location for f in findings} == {"slide 2", "slide 3", "slide 4"}
    assert all(" is #C0C0C0 on #" in f.message for f in findings)


def test_contrast_of_a_table_header_comes_from_the_table_style(good_deck):
    theme = good_deck.slide_master.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'<a:srgbClr val="0E6B78"/>', b'<a:srgbClr val="9FD8DF"/>', 1)  # accent1
    [finding] = low_contrast(good_deck)
    assert finding.location == "slide 4"
    assert 'text in "Table' in finding.message and "row 1" in finding.message
    assert "#FFFFFF on #9FD8DF" in finding.message


def test_small_body_text(good_deck):
    body_of(good_deck, 2).text_frame.paragraphs[1].runs[0].font.size = Pt(14)
    [finding] = deck_rules.small_text(good_deck)
    assert finding.location == "slide 2"
    assert finding.message.startswith('text in "Content Placeholder 2" is 14 pt; body text on a slide should be')


def test_small_table_text(good_deck):
    cell = table_of(good_deck).table.cell(1, 1)
    cell.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    assert codes(deck_rules.small_text(good_deck)) == [("deck.text-size", "slide 4")]


def test_text_overflowing_its_box(good_deck):
    frame = body_of(good_deck, 2).text_frame
    for _ in range(12):
        frame.add_paragraph().text = "Another long point that the writer would have moved to a continuation slide"
    [finding] = deck_rules.text_overflow(good_deck)
    assert finding.location == "slide 2"
    assert re.fullmatch(
        r'the text of "Content Placeholder 2" is estimated at 1\d\d% of its box\'s height and will overflow; '
        r"shorten it or continue it on a new slide",
        finding.message,
    )


def test_a_box_that_grows_with_its_text_does_not_overflow(good_deck):
    box = good_deck.slides[1].shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(0.5))
    box.text_frame.text = "A long text " * 40
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    assert codes(deck_rules.text_overflow(good_deck)) == [("deck.text-overflow", "slide 2")]
    box.text_frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT
    assert deck_rules.text_overflow(good_deck) == []


def test_table_running_off_the_slide(good_deck):
    table_of(good_deck).table.rows[1].height = Inches(7)
    [finding] = deck_rules.text_overflow(good_deck)
    assert finding.location == "slide 4"
    assert "is estimated to run past the bottom of the slide" in finding.message


def test_table_header(good_deck):
    table_of(good_deck).table.first_row = False
    [finding] = deck_rules.table_header(good_deck)
    assert finding.location == "slide 4"
    assert "has no header row" in finding.message


def test_findings_are_sorted_by_slide(good_deck):
    good_deck.slides[3].shapes.title.text_frame.text = ""
    body_of(good_deck, 2).text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    assert codes(deck_rules.check_deck(good_deck)) == [("deck.text-size", "slide 2"), ("deck.title-missing", "slide 4")]


# --- documents --------------------------------------------------------------------------------------


@pytest.fixture
def good_document(tmp_path, picture) -> docx.Document:
    """A handout written by the project's writer, plus a picture with alt text: it passes every rule."""
    table = Table((spans("Year"), spans("Event")), ((spans("2001"), spans("Truth commission created")),))
    blocks = (
        Heading(1, spans("Handout")),
        Heading(2, spans("Learning objectives")),
        Heading(3, spans("First")),
        Paragraph(spans("Text.")),
        Heading(2, spans("Timeline")),
        table,
        Box("question", (Paragraph((Span("Question 1.", bold=True),)), Paragraph(spans("Why?")))),
    )
    document = docx.Document(io.BytesIO(write_document(Document(Metadata("Handout", "en"), blocks)).data))
    document.add_picture(picture.path, width=Inches(2))
    docx_picture_properties(document).set("descr", picture.alt)
    return document


def docx_picture_properties(document: docx.Document):
    return next(
        document.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    )


@pytest.mark.parametrize("rule", document_rules.DOCUMENT_RULES, ids=lambda rule: rule.__name__)
def test_a_document_written_by_the_toolkit_passes_every_rule(good_document, rule):
    assert rule(good_document) == []


def test_document_title_missing(good_document):
    good_document.core_properties.title = ""
    [finding] = document_rules.title_missing(good_document)
    assert (finding.code, finding.location) == ("doc.title-missing", None)


def test_document_language_missing(good_document):
    good_document.core_properties.language = ""
    assert codes(document_rules.language_missing(good_document)) == [("doc.language-missing", None)]


def test_heading_levels_never_skip():
    document = docx.Document()
    document.add_heading("Session", 1)
    document.add_paragraph("Text")
    document.add_heading("Detail", 3)
    document.add_heading("Next", 2)
    [finding] = document_rules.heading_skip(document)
    assert finding.location == "paragraph 3"
    assert finding.message == 'heading "Detail" is a Heading 3 after Heading 1; use Heading 2 so the outline has no gap'


def test_a_document_that_starts_below_heading_1_skips():
    document = docx.Document()
    document.add_heading("Section", 2)
    assert codes(document_rules.heading_skip(document)) == [("doc.heading-skip", "paragraph 1")]


def test_an_outline_level_on_the_paragraph_makes_a_heading():
    document = docx.Document()
    document.add_heading("Session", 1)
    paragraph = document.add_paragraph("Looks like text")
    outline = OxmlElement("w:outlineLvl", {w("w:val"): "3"})  # Heading 4
    paragraph._p.get_or_add_pPr().append(outline)
    assert codes(document_rules.heading_skip(document)) == [("doc.heading-skip", "paragraph 2")]


def test_document_table_header(good_document):
    table = good_document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    good_document.add_table(rows=1, cols=1).cell(0, 0).text = "A framed note needs no header"
    [finding] = document_rules.table_header(good_document)
    assert finding.location == f"table {len(good_document.tables) - 1}"
    assert finding.message.startswith('the table starting "Name" has no header row')


def test_document_alt_missing_unless_decorative(good_document):
    properties = docx_picture_properties(good_document)
    del properties.attrib["descr"]
    [finding] = document_rules.alt_missing(good_document)
    assert finding.code == "doc.alt-missing"
    assert finding.location.startswith("paragraph ")
    properties.append(etree.fromstring(DECORATIVE_EXT))
    assert document_rules.alt_missing(good_document) == []


def test_document_alt_filename(good_document):
    docx_picture_properties(good_document).set("descr", "chart.png")
    assert [f.code for f in document_rules.alt_filename(good_document)] == ["doc.alt-filename"]


# --- the leak rule ----------------------------------------------------------------------------------


@pytest.fixture
def minimal_build(tmp_path, minimal_text):
    """Return the minimal module and its three built files."""
    path = tmp_path / "module.yaml"
    path.write_text(minimal_text, encoding="utf-8")
    result = load_module(path)
    build_modules([result], BuildOptions(out=tmp_path / "out"))
    return result.module, built_files(result.module, tmp_path / "out")


def test_facilitator_only_text_of_a_module(minimal_build):
    module, _ = minimal_build
    assert facilitator_only(module) == ["Say the first point slowly.", "Links to daily work"]


def test_built_files_do_not_leak(minimal_build):
    module, files = minimal_build
    assert [path.name for path in files if is_participant_file(path)] == ["minimal-slides.pptx", "minimal-handout.docx"]
    assert [f for path in files for f in check_file(path, module)] == []


def test_guidance_in_a_handout_is_a_leak(minimal_build):
    module, (_, handout, _) = minimal_build
    document = docx.Document(str(handout))
    document.add_paragraph("Listen for: Links to daily work.")
    document.save(str(handout))
    [finding] = check_file(handout, module)
    assert finding.code == "leak.facilitator-text"
    assert finding.location == f"paragraph {len(list(document.element.body.iter(w('w:p'))))}"
    assert finding.message == (
        'facilitator-only text "Links to daily work" (activities[1].questions[0].guidance[0], module.yaml:28:20) '
        "is in this participant file; keep it to the speaker notes and the facilitator guide "
        "(check the templates that put it here)"
    )


def test_speaker_notes_shown_on_a_slide_are_a_leak(minimal_build):
    module, (deck, _, _) = minimal_build
    prs = Presentation(str(deck))
    prs.slides[3].shapes.add_textbox(
        Inches(1), Inches(5), Inches(6), Inches(1)
    ).text_frame.text = "Say the first point slowly."
    prs.save(str(deck))
    assert codes(check_file(deck, module)) == [("leak.facilitator-text", "slide 4")]


def test_the_facilitator_guide_may_hold_facilitator_text(minimal_build):
    module, (_, _, guide) = minimal_build
    assert not is_participant_file(guide)
    assert check_file(guide, module) == []


# --- inclusive language -----------------------------------------------------------------------------


def test_term_patterns_are_whole_words_with_optional_letters():
    pattern = re.compile(rf"(?<!\w)(?:{term_pattern('prostitute(s)')})(?!\w)", re.IGNORECASE)
    assert pattern.search("Prostitutes") and pattern.search("a prostitute.")
    assert not pattern.search("prostitution")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Plan the manpower of each unit.", '"manpower" — consider staff, personnel or workforce.'),
        ("The Chairman opens the hearing.", '"Chairman" — consider chair or chairperson.'),
        ("Ten policemen and women", '"policemen" — consider police officers.'),
        ("Support for rape\n  victims", '"rape victims" — consider survivor(s) of rape'),
        ("The victims of sexual violence", '"victims of sexual violence" — consider survivor(s)'),
        ("for all mankind", '"mankind" — consider humanity or humankind.'),
    ],
)
def test_inclusive_language_finds_listed_terms(write_module, minimal_text, text, found):
    path = write_module(minimal_text.replace("summary: A small module for tests.", f"summary: {json.dumps(text)}"))
    [finding] = inclusive_language(load_module(path).module, load_language_rules())
    assert (finding.code, finding.severity, finding.position) == (
        "language.inclusive",
        Severity.WARNING,
        Position(8, 10),
    )
    assert finding.format().startswith(f"module.yaml:8:10: warning: summary: {found}")


@pytest.mark.parametrize(
    "text",
    [
        "Women and men serve; the chair and the chairperson agree.",
        "Victim-survivors and survivors of rape are supported.",
        "Unmanned posts; sportsmanship; workmanship; a woman's view.",
        "The exploitation of prostitution is a crime.",
    ],
)
def test_inclusive_language_keeps_false_positives_low(write_module, minimal_text, text):
    path = write_module(minimal_text.replace("summary: A small module for tests.", f"summary: {json.dumps(text)}"))
    assert inclusive_language(load_module(path).module, load_language_rules()) == []


def test_sources_and_other_languages_are_not_checked(write_module, minimal_text):
    source_title = minimal_text.replace("title: A source", "title: Report of the Chairman")
    assert inclusive_language(load_module(write_module(source_title)).module, load_language_rules()) == []
    spanish = minimal_text.replace("version:", "language: es\nversion:").replace("tests.", "tests, manpower.")
    assert inclusive_language(load_module(write_module(spanish)).module, load_language_rules()) == []


@pytest.mark.parametrize(
    ("language", "text", "found"),
    [
        ("es", "Apoyo a víctimas de violencia sexual.", '"víctimas de violencia sexual" — consider sobreviviente(s)'),
        ("es-PE", "La Declaración de los Derechos del Hombre.", '"Derechos del Hombre" — consider derechos humanos.'),
        ("fr", "Les droits de l’homme sont universels.", '"droits de l’homme" — consider droits humains'),
        ("fr", "Les hommes de troupe et les officiers.", '"hommes de troupe" — consider militaires du rang.'),
    ],
)
def test_spanish_and_french_modules_have_their_own_lists(write_module, minimal_text, language, text, found):
    module_text = minimal_text.replace("version:", f"language: {language}\nversion:")
    path = write_module(module_text.replace("summary: A small module for tests.", f"summary: {json.dumps(text)}"))
    [finding] = inclusive_language(load_module(path).module, load_language_rules())
    assert finding.format().startswith(f"module.yaml:9:10: warning: summary: {found}")


def test_a_list_applies_only_to_its_own_language(write_module, minimal_text):
    french_terms_in_english = "The droits de l'homme and prostituées."
    path = write_module(minimal_text.replace("A small module for tests.", json.dumps(french_terms_in_english)))
    assert inclusive_language(load_module(path).module, load_language_rules()) == []


def test_the_shipped_lists_each_name_their_language():
    rules = load_language_rules()
    assert sorted(rule_list.language for rule_list in rules.lists) == ["en", "es", "fr"]
    assert all(rule_list.rules for rule_list in rules.lists)


def test_every_broken_list_is_reported_at_once(tmp_path):
    (tmp_path / "a.yaml").write_text("terms:\n  - term: x\n    sugestion: y\n")
    (tmp_path / "b.yaml").write_text("language: english\nterms:\n  - term: x\n    suggestion: y\n")
    with pytest.raises(DiagnosticsError) as raised:
        load_language_rules([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    assert sorted({d.file for d in raised.value.diagnostics}) == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]


# --- the shipped curriculum -------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_outputs_pass_check(built, path):
    module = load_module(path).module
    _, folder = built[f"{module.id}.{module.language}"]
    report = check_outputs([(module, built_files(module, folder.parent.parent))], load_language_rules())
    assert len(report.files) == 3
    assert [f.format() for f in report.findings if f.severity is Severity.ERROR] == []


# --- the command line -------------------------------------------------------------------------------


def test_check_and_doctor_help_have_examples():
    for command in ("check", "doctor"):
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "Example" in result.output, command


def test_check_builds_and_checks_a_module(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    result = run("check", "minimal")
    assert result.exit_code == 0, result.output
    assert "3 file(s) checked: 0 error(s), 0 warning(s)." in result.output
    assert not (tmp_path / "output").exists()


def test_check_keeps_its_build_with_out(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    assert run("check", "minimal", "--out", "built").exit_code == 0
    assert (tmp_path / "built" / "minimal" / "en" / "minimal-slides.pptx").is_file()


def test_check_a_broken_file_prints_file_slide_rule_and_fix(tmp_path, good_deck):
    good_deck.slides[1].shapes.title.text_frame.text = ""
    good_deck.save(str(tmp_path / "deck.pptx"))
    result = run("check", "deck.pptx")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "deck.pptx: slide 2: error: the slide has no title; give it one "
        "(it may be placed off the slide if it must not show) [deck.title-missing]"
    )
    assert "1 file(s) checked: 1 error(s), 0 warning(s)." in result.output


def test_check_a_folder_of_built_files_checks_every_deck_and_document_in_it(tmp_path, good_deck):
    (tmp_path / "output" / "m" / "en").mkdir(parents=True)
    good_deck.save(str(tmp_path / "output" / "m" / "en" / "m-slides.pptx"))
    good_deck.slides[1].shapes.title.text_frame.text = ""
    good_deck.save(str(tmp_path / "output" / "m" / "en" / "broken-slides.pptx"))
    result = run("check", "output")
    assert result.exit_code == 1
    assert "broken-slides.pptx: slide 2: error: the slide has no title" in result.output
    assert "2 file(s) checked: 1 error(s), 0 warning(s)." in result.output


def test_check_a_folder_with_nothing_to_check_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("check", "empty")
    assert result.exit_code == 2
    assert "empty holds no modules and no .pptx or .docx files" in result.output


def test_a_title_without_a_text_body_is_a_missing_title_not_a_crash(tmp_path, good_deck):
    title = good_deck.slides[1].shapes.title.element
    title.remove(title.find(qn("p:txBody")))  # the body is optional in the file format
    good_deck.save(str(tmp_path / "deck.pptx"))
    result = run("check", "deck.pptx")
    assert result.exit_code == 1
    assert "deck.pptx: slide 2: error: the slide has no title" in result.output


def test_a_deck_without_a_slide_size_is_checked_without_crashing(tmp_path, good_deck):
    size = good_deck.part._element.find(qn("p:sldSz"))
    size.getparent().remove(size)  # optional in the file format
    good_deck.save(str(tmp_path / "deck.pptx"))
    result = run("check", "deck.pptx")
    assert result.exit_code == 0, result.output
    assert "1 file(s) checked: 0 error(s)" in result.output


def test_check_json(tmp_path, good_deck):
    good_deck.slides[1].shapes.title.text_frame.text = ""
    good_deck.save(str(tmp_path / "deck.pptx"))
    result = CliRunner().invoke(main, ["check", "--format", "json", "deck.pptx"])
    [finding] = json.loads(result.stdout)
    assert result.exit_code == 1
    assert finding["code"] == "deck.title-missing"
    assert finding["location"] == "slide 2"
    assert finding["file"] == "deck.pptx"
    assert finding["severity"] == "error"


def test_check_warnings_pass_unless_strict(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text.replace("for tests.", "for tests of manpower."))
    result = run("check", "minimal")
    assert result.exit_code == 0
    assert 'modules/minimal.yaml:8:10: warning: summary: "manpower"' in result.output
    assert run("check", "--strict", "minimal").exit_code == 1


def test_check_with_own_language_rules(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    (tmp_path / "rules.yaml").write_text("terms:\n  - term: small module\n    suggestion: short session\n")
    result = run("check", "minimal", "--language-rules", "rules.yaml")
    assert 'warning: summary: "small module" — consider short session. [language.inclusive]' in result.output
    (tmp_path / "es.yaml").write_text("language: es\nterms:\n  - term: módulo\n    suggestion: sesión\n")
    both = run("check", "minimal", "--language-rules", "rules.yaml", "--language-rules", "es.yaml")
    assert both.output.count("[language.inclusive]") == 1  # the Spanish list leaves an English module alone
    (tmp_path / "bad.yaml").write_text("terms:\n  - term: x\n    sugestion: y\n")
    bad = run("check", "minimal", "--language-rules", "bad.yaml")
    assert bad.exit_code == 1
    assert "bad.yaml:3:5: error:" in bad.output


def test_check_files_against_their_module(minimal_build):
    _, (_, handout, _) = minimal_build
    document = docx.Document(str(handout))
    document.add_paragraph("Links to daily work")
    document.save(str(handout))
    assert run("check", str(handout)).exit_code == 0  # without the module the leak cannot be seen
    result = run("check", str(handout), "--module", "module.yaml")
    assert result.exit_code == 1
    assert "[leak.facilitator-text]" in result.output


def test_check_a_file_that_is_not_office(tmp_path):
    (tmp_path / "deck.pptx").write_text("not a zip")
    result = run("check", "deck.pptx")
    assert result.exit_code == 1
    assert "deck.pptx: error: cannot open it as a PowerPoint (.pptx) file" in result.output
    assert run("check", "missing.docx").exit_code == 2


def test_build_check_runs_check_after_building(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    result = run("build", "minimal", "--check")
    assert result.exit_code == 0, result.output
    assert "3 file(s) checked: 0 error(s), 0 warning(s)." in result.output


def test_build_check_fails_on_an_error(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "modules" / "chart.png")
    image = "        image: {path: chart.png, alt: chart.png}\n"
    (tmp_path / "modules" / "minimal.yaml").write_text(
        minimal_text.replace("        notes: Say the first point slowly.\n", image + "        notes: Say it slowly.\n")
    )
    result = run("build", "minimal", "--check")
    assert result.exit_code == 1
    assert (
        "output/minimal/en/minimal-slides.pptx: slide 3: error: the alt text of picture" in result.output
        and "[deck.alt-filename]" in result.output
    )
    assert run("build", "minimal", "--check").exit_code == 1, "an up-to-date build is checked too"


def test_check_warns_about_text_left_from_the_scaffold():
    assert run("new", "prison-inspections").exit_code == 0
    result = run("check", "prison-inspections")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.endswith("[module.scaffold-text]")]
    assert len(lines) == 27
    assert (
        'modules/prison-inspections.yaml:120:12: warning: sources[0].title: "Title of the publication" is left from '
        "the scaffold; replace it with this module's own text [module.scaffold-text]" in lines
    )
    assert (
        'modules/prison-inspections.yaml:123:10: warning: sources[0].url: "https://example.org/" is left from the '
        "scaffold; give the source's real address, or remove `url` [module.scaffold-text]" in lines
    )
    assert "3 file(s) checked: 0 error(s), 27 warning(s)." in result.output
    assert run("check", "--strict", "prison-inspections").exit_code == 1


def test_a_filled_in_scaffold_field_is_no_longer_reported():
    assert run("new", "prison-inspections").exit_code == 0
    path = Path("modules/prison-inspections.yaml")
    path.write_text(path.read_text().replace("title: Title of the publication", "title: Prison inspections"))
    found = [f.message for f in scaffold_text(load_module(path).module)]
    assert len(found) == 26
    assert not [message for message in found if message.startswith("sources[0].title")]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_shipped_module_is_taken_for_scaffold_text(path):
    assert scaffold_text(load_module(path).module) == []


def _two_slides_titled_alike(minimal: str) -> str:
    return minimal.replace(
        "        notes: Say the first point slowly.\n",
        "        notes: Say the first point slowly.\n      - title: One thing\n        bullets: [Third point]\n",
    )


@pytest.mark.parametrize("out", [None, "out"])
def test_check_says_a_duplicate_title_once_at_the_module_line_as_an_error(write_module, minimal_text, out):
    text = _two_slides_titled_alike(minimal_text)
    write_module(text)
    line = [n for n, row in enumerate(text.splitlines(), 1) if "- title: One thing" in row][1]

    result = CliRunner().invoke(main, ["check", "module.yaml", *(["--out", out] if out else [])])

    assert result.exit_code == 1, result.output
    said = [row for row in result.output.splitlines() if "[deck.title-duplicate]" in row]
    assert len(said) == 1, result.output
    assert said[0].startswith(f"module.yaml:{line}:") and ": error: " in said[0]
    assert "1 error(s), 0 warning(s)" in result.output


def test_check_keeps_both_when_the_file_rule_finds_more_than_the_build():
    placed = [Finding("m.yaml", Position(3, 1), Severity.WARNING, "two slides…", "deck.title-duplicate")]
    found = [
        Finding("m/en/m-slides.pptx", None, Severity.ERROR, "dup", "deck.title-duplicate", f"slide {n}") for n in (3, 5)
    ]

    kept = said_once(placed, found, {"m/en/m-slides.pptx": "m.yaml"})

    assert kept == placed + found


def test_a_one_cell_table_is_a_layout_table_warning(good_document):
    assert document_rules.layout_table(good_document) == []  # boxes are framed paragraphs
    good_document.add_table(rows=1, cols=1).cell(0, 0).text = "A framed note"
    [finding] = document_rules.layout_table(good_document)
    assert (finding.code, finding.severity) == ("doc.layout-table", Severity.WARNING)
    assert finding.location == f"table {len(good_document.tables)}" and '"A framed note"' in finding.message


def test_three_empty_paragraphs_in_a_row_are_a_warning_two_are_not(good_document):
    assert document_rules.empty_runs(good_document) == []
    good_document.add_paragraph("Write here:")
    for _ in range(2):
        good_document.add_paragraph()
    assert document_rules.empty_runs(good_document) == []
    good_document.add_paragraph()
    [finding] = document_rules.empty_runs(good_document)
    assert finding.code == "doc.empty-paragraphs" and finding.message.startswith("3 empty paragraphs in a row")


def test_a_question_whose_answer_area_draws_no_lines_is_an_error(good_document):
    assert document_rules.question_space(good_document) == []  # the built handout's answer areas have leaders
    question = good_document.add_paragraph()
    question.add_run("Question 9.").bold = True
    question.add_run(" Why?")
    good_document.add_paragraph("Your answer").add_run().add_tab()
    [finding] = document_rules.question_space(good_document)
    assert finding.code == "doc.question-no-space" and '"Question 9. Why?"' in finding.message
