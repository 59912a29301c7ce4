"""The PDF writer: handouts, guides, slides, notes pages and slide handouts, reopened with pypdf and checked for
PDF/UA-1 by two independent checkers (page-validation and pdfua)."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import page
import pdfua
import pytest
from PIL import Image
from pypdf import PdfReader

from toolkit.build.options import BuildOptions
from toolkit.build.pipeline import render_module_documents
from toolkit.module.loader import load_module
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
    WriteLines,
)
from toolkit.writers.pdf.deck import write_deck_pdf
from toolkit.writers.pdf.document import write_document_pdf
from toolkit.writers.pptx import plan_deck
from toolkit.writers.pptx_layouts import DEFAULT_TEMPLATE, load_template

PROJECT = Path(__file__).resolve().parent.parent.parent


def reopen(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(reader: PdfReader) -> str:
    """Return the text of every page, with runs of white space as one space."""
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def squashed(text: str) -> str:
    """Return text without white space: pypdf puts spaces inside words and numbers ("T iming", "201 1")."""
    return "".join(text.split())


def outline_titles(reader: PdfReader) -> list[str]:
    """Return the titles of the bookmarks, depth first."""
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def language(reader: PdfReader) -> str:
    return str(reader.trailer["/Root"]["/Lang"])


def assert_pdf_ua(data: bytes, tmp_path: Path) -> None:
    """Both independent checkers pass the file as PDF/UA-1, and the file says it is."""
    report = page.validate_pdf_bytes(data, profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    second = pdfua.validate(str(path))
    assert second.exit_code == 0, [(f.rule_id, f.message) for f in second.findings]
    assert b"pdfuaid:part" in data or b"pdfuaid" in data


def spans(value: str, **style: object) -> tuple[Span, ...]:
    return (Span(value, **style),)  # type: ignore[arg-type]


def rendered(path: Path, paper: str | None = None):
    result = load_module(path)
    assert result.module is not None, result.diagnostics
    options = BuildOptions(formats=("slides", "handout", "guide"), paper=paper)
    return result.module, render_module_documents(result.module, options)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("minimal")
    path = folder / "minimal.yaml"
    path.write_text((PROJECT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return rendered(path)


def test_a_handout_is_an_accessible_pdf_with_its_title_language_headings_and_text(minimal, tmp_path: Path) -> None:
    _, documents = minimal
    written = write_document_pdf(documents.handout, "a4")
    assert written.warnings == ()
    reader = reopen(written.data)
    assert reader.metadata.title == documents.handout.metadata.title
    assert language(reader) == "en"
    headings = [plain for block in documents.handout.blocks if isinstance(block, Heading) for plain in [block]]
    titles = outline_titles(reader)
    assert titles[0] == "Minimal module"
    assert len(titles) == len(headings)
    text = text_of(reader)
    assert "Why does it matter?" in text and "Explain one thing." in text
    assert "Say the first point slowly" not in text  # facilitator text stays out of the handout
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert_pdf_ua(written.data, tmp_path)


def test_letter_paper_and_the_guide(minimal, tmp_path: Path) -> None:
    _, documents = minimal
    written = write_document_pdf(documents.guide, "letter")
    reader = reopen(written.data)
    assert (round(reader.pages[0].mediabox.width), round(reader.pages[0].mediabox.height)) == (612, 792)
    assert "Links to daily work" in text_of(reader)  # the guide carries what to listen for
    assert_pdf_ua(written.data, tmp_path)


def test_a_table_has_a_real_header_row(tmp_path: Path) -> None:
    document = Document(
        Metadata("Tables", "en"),
        (
            Heading(1, spans("Tables")),
            Table((spans("Date"), spans("What happened")), ((spans("2003"), spans("Peace agreement")),)),
        ),
    )
    data = write_document_pdf(document).data
    assert b"/TH" in data and b"/TD" in data  # structure elements: header cells and data cells
    assert_pdf_ua(data, tmp_path)


def test_the_same_tree_gives_the_same_bytes(minimal) -> None:
    _, documents = minimal
    assert write_document_pdf(documents.handout).data == write_document_pdf(documents.handout).data
    assert write_deck_pdf(documents.deck).data == write_deck_pdf(documents.deck).data


def test_the_date_is_the_build_date_not_today(minimal, monkeypatch: pytest.MonkeyPatch) -> None:
    _, documents = minimal
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    reader = reopen(write_document_pdf(documents.handout).data)
    assert reader.metadata.creation_date.year == 2023


def test_slides_are_one_a_page_as_the_pptx_plans_them(minimal, tmp_path: Path) -> None:
    _, documents = minimal
    deck = documents.deck
    plan = plan_deck(deck, load_template(DEFAULT_TEMPLATE), [])
    written = write_deck_pdf(deck, mode="slides")
    reader = reopen(written.data)
    assert len(reader.pages) == len(plan)
    assert (round(reader.pages[0].mediabox.width), round(reader.pages[0].mediabox.height)) == (960, 540)
    for planned, pdf_page in zip(plan, reader.pages):
        title = "".join(span.text for span in planned.title)
        assert " ".join(title.split()) in " ".join((pdf_page.extract_text() or "").split())
    assert outline_titles(reader) == ["".join(span.text for span in planned.title) for planned in plan]
    assert_pdf_ua(written.data, tmp_path)


def test_notes_pages_show_each_slide_with_its_speaker_notes(minimal, tmp_path: Path) -> None:
    _, documents = minimal
    written = write_deck_pdf(documents.deck, mode="notes", paper="a4")
    reader = reopen(written.data)
    plan = plan_deck(documents.deck, load_template(DEFAULT_TEMPLATE), [])
    assert len(reader.pages) == len(plan)
    notes_page = next(p for p in reader.pages if "One thing" in (p.extract_text() or ""))
    assert "Say the first point slowly" in " ".join((notes_page.extract_text() or "").split())
    assert_pdf_ua(written.data, tmp_path)


def test_a_slide_handout_has_three_slides_a_page(minimal, tmp_path: Path) -> None:
    _, documents = minimal
    written = write_deck_pdf(documents.deck, mode="handout", paper="letter")
    reader = reopen(written.data)
    plan = plan_deck(documents.deck, load_template(DEFAULT_TEMPLATE), [])
    assert len(reader.pages) == math.ceil(len(plan) / 3)
    assert "Say the first point slowly" not in text_of(reader)  # participants get no speaker notes
    assert_pdf_ua(written.data, tmp_path)


def test_a_long_slide_continues_as_in_the_pptx(tmp_path: Path) -> None:
    bullets = ListBlock(tuple(spans(f"Point number {n} with a few more words to fill the line") for n in range(24)))
    deck = Deck(Metadata("Long", "en"), "Long", (Slide("content", spans("Many points"), (bullets,)),))
    reader = reopen(write_deck_pdf(deck).data)
    plan = plan_deck(deck, load_template(DEFAULT_TEMPLATE), [])
    assert len(plan) > 1 and len(reader.pages) == len(plan)
    assert "(cont.)" in (reader.pages[1].extract_text() or "")
    assert "Point number 23" in text_of(reader)


def test_a_picture_keeps_its_alt_text(tmp_path: Path) -> None:
    picture = tmp_path / "chart.png"
    Image.new("RGB", (400, 300), "teal").save(picture)
    slide = Slide("content", spans("A chart"), (Paragraph(spans("Look at it")),), Picture(str(picture), "Bars by year"))
    data = write_deck_pdf(Deck(Metadata("Pictures", "en"), "Pictures", (slide,))).data
    assert b"Bars by year" in data and b"/Figure" in data
    assert_pdf_ua(data, tmp_path)


def test_a_picture_without_alt_text_is_not_labelled_pdf_ua(tmp_path: Path) -> None:
    picture = tmp_path / "chart.png"
    Image.new("RGB", (40, 30), "teal").save(picture)
    from toolkit.core.diagnostics import Position
    from toolkit.render.doctree import Origin

    slide = Slide("content", spans("A chart"), (), Picture(str(picture), ""), origin=Origin("m.yaml", Position(7, 9)))
    written = write_deck_pdf(Deck(Metadata("Pictures", "en"), "Pictures", (slide,)))
    [warning] = [w for w in written.warnings if w.code.startswith("pdf.")]
    assert warning.code == "pdf.not-accessible" and "no alt text" in warning.message
    assert (warning.file, warning.position) == ("m.yaml", Position(7, 9))  # at the slide's line in the module
    assert b"pdfuaid" not in written.data
    assert len(reopen(written.data).pages) == 1


def test_boxes_lists_and_write_lines(tmp_path: Path) -> None:
    document = Document(
        Metadata("Boxes", "en"),
        (
            Heading(1, spans("Boxes")),
            Box("question", (Paragraph(spans("Question 1. Why?")), WriteLines(3))),
            ListBlock((spans("Tick me"),), checklist=True),
            ListBlock((spans("Third"), spans("Fourth")), ordered=True, start=3),
            Paragraph((Span("Read "), Span("the report", link="https://www.dcaf.ch/"))),
        ),
    )
    data = write_document_pdf(document).data
    text = text_of(reopen(data))
    assert "Question 1. Why?" in text and "☐" in text and "3." in text and "4." in text
    assert b"https://www.dcaf.ch/" in data
    assert_pdf_ua(data, tmp_path)


ARABIC = PROJECT / "modules" / "intro-gender-ssr.ar.yaml"


@pytest.mark.skipif(not ARABIC.exists(), reason="the Arabic module is not shipped")
def test_arabic_is_right_to_left_in_a_font_with_arabic_glyphs(tmp_path: Path) -> None:
    _, documents = rendered(ARABIC)
    for written in (write_document_pdf(documents.handout), write_deck_pdf(documents.deck)):
        reader = reopen(written.data)
        assert language(reader) == "ar"
        fonts = set(re.findall(rb"/BaseFont\s*/([A-Z]{6}\+)?([A-Za-z-]+)", written.data))
        assert any(b"NotoNaskhArabic" in name for _, name in fonts), fonts
        assert re.search("[\u0600-\u06ff]{3,}", text_of(reader))
        assert_pdf_ua(written.data, tmp_path)


def test_a_chart_is_written_as_its_caption_figures_and_source(tmp_path: Path) -> None:
    from toolkit.render.doctree import Chart, ChartSeries

    table = Table((spans("Year"), spans("Women (%)")), ((spans("2005"), spans("2")), (spans("2011"), spans("17"))))
    chart = Chart(
        "column",
        "Women in the police",
        ("2005", "2011"),
        (ChartSeries("Women", (2.0, 17.0)),),
        "%",
        "Women rose from 2% to 17%",
        "Figures behind this chart: Women in the police",
        table,
        "Source: Liberia National Police",
    )
    data = write_document_pdf(Document(Metadata("Charts", "en"), (Heading(1, spans("Charts")), chart))).data
    text = text_of(reopen(data))
    assert "Figures behind this chart" in text and "2011 17" in text and "Source: Liberia National Police" in text
    assert_pdf_ua(data, tmp_path)


def test_a_run_in_another_language_is_marked_with_its_language(tmp_path: Path) -> None:
    paragraph = Paragraph((Span("Read the report "), Span("Informe final", italic=True, language="es-PE"), Span(".")))
    data = write_document_pdf(
        Document(Metadata("Languages", "en-GB"), (Heading(1, spans("Languages")), paragraph))
    ).data
    reader = reopen(data)
    content = reader.pages[0].get_contents().get_data()
    assert b"/Lang(es-PE)" in content.replace(b" ", b"")  # the run's marked content says its language
    assert language(reader) == "en-GB"
    assert_pdf_ua(data, tmp_path)


def test_a_chart_and_a_diagram_on_slides_are_drawn_as_figures_with_their_alt_text(tmp_path: Path) -> None:
    from toolkit.render.doctree import Chart, ChartSeries, Diagram, DiagramItem

    table = Table((spans("Year"), spans("Women (%)")), ((spans("2005"), spans("2")),))
    chart = Chart(
        "column",
        "Women",
        ("2005", "2011"),
        (ChartSeries("Women", (2.0, 17.0)),),
        "%",
        "Columns: women were 2% of officers in 2005 and 17% in 2011",
        "Figures",
        table,
    )
    steps = tuple(DiagramItem(f"Step {n}", f"What happens at step {n}") for n in range(1, 4))
    diagram = Diagram("process", "Referral", steps, "Three steps from report to support", "Figures", table)
    deck = Deck(
        Metadata("Figures", "en"),
        "Figures",
        (Slide("content", spans("A chart"), figure=chart), Slide("content", spans("A process"), figure=diagram)),
    )
    data = write_deck_pdf(deck).data
    reader = reopen(data)
    assert len(reader.pages) == 2
    assert b"women were 2% of officers in 2005 and 17% in 2011" in data  # the Figure's alt text
    assert b"Three steps from report to support" in data
    assert data.count(b"/Figure") >= 2
    assert_pdf_ua(data, tmp_path)


def test_notes_pages_keep_the_notes_structure_and_only_slide_titles_are_bookmarks(tmp_path: Path) -> None:
    notes = (
        Paragraph((Span("Timing: ", bold=True), Span("09:20–09:30"))),
        Heading(3, spans("Do")),
        ListBlock((spans("Ask half the pairs"), spans("Collect the notes")), ordered=True),
        Table((spans("Group"), spans("Task")), ((spans("A"), spans("First question")),)),
    )
    deck = Deck(
        Metadata("Notes", "en"),
        "Notes",
        (Slide("content", spans("Buzz pairs"), (Paragraph(spans("Work in pairs")),), notes=notes),),
    )
    data = write_deck_pdf(deck, mode="notes").data
    reader = reopen(data)
    assert outline_titles(reader) == ["Buzz pairs"]
    text = squashed(text_of(reader))
    for shown in ("Timing: 09:20–09:30", "Do", "1. Ask half the pairs", "2. Collect the notes", "A First question"):
        assert squashed(shown) in text, shown
    assert b"/L" in data and b"/LI" in data and b"/TH" in data  # a real list and a table with its header
    assert_pdf_ua(data, tmp_path)


def test_pictures_on_a_page_have_alt_text_or_are_decorative_artifacts_and_show_their_caption(tmp_path: Path) -> None:
    photo, rule = tmp_path / "photo.png", tmp_path / "rule.png"
    Image.new("RGB", (800, 600), "teal").save(photo)
    Image.new("RGB", (800, 20), "grey").save(rule)
    document = Document(
        Metadata("Pictures", "en"),
        (
            Heading(1, spans("Pictures")),
            Picture(str(photo), "Officers at a community meeting", caption="A community meeting, 2011"),
            Picture(str(rule), ""),  # decorative
        ),
    )
    data = write_document_pdf(document).data
    reader = reopen(data)
    assert squashed("A community meeting, 2011") in squashed(text_of(reader))
    assert b"Officers at a community meeting" in data
    assert data.count(b"/Figure") == 1  # the decorative one is no figure: an artifact
    assert len(reader.pages[0].images) == 2
    assert_pdf_ua(data, tmp_path)


def test_a_slide_picture_keeps_room_for_its_caption_as_the_pptx_does(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (800, 600), "teal").save(photo)
    picture = Picture(str(photo), "Officers at a community meeting", caption="A community meeting in Monrovia, 2011")
    deck = Deck(Metadata("Pictures", "en"), "Pictures", (Slide("content", spans("A meeting"), picture=picture),))
    data = write_deck_pdf(deck).data
    assert squashed("A community meeting in Monrovia, 2011") in squashed(text_of(reopen(data)))
    assert_pdf_ua(data, tmp_path)
