"""The .pptx writer: decks built by hand, written, reopened with python-pptx and checked."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from toolkit.core.diagnostics import DiagnosticsError, Severity
from toolkit.render.doctree import (
    Box,
    Deck,
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
from toolkit.writers.opc import RT_OFFICE_DOCUMENT, Package
from toolkit.writers.pptx import write_deck
from toolkit.writers.pptx_fit import (
    MIN_BODY_SIZE,
    MIN_TITLE_SIZE,
    Unit,
    line_pitch,
    measure_lines,
    split_to_fit,
    text_height,
)
from toolkit.writers.pptx_layouts import DEFAULT_TEMPLATE, load_template
from toolkit.writers.pptx_xml import RT_NOTES_MASTER

LONG_ITEM = (
    "security sector institutions must consider how gender shapes the needs, priorities and experiences "
    "of women, men, girls and boys in the community"
)
METADATA = Metadata(
    title="Gender and police reform",
    language="fr-FR",
    subject="Module 3",
    keywords=("gender", "police"),
    author="Trainer Team",
)


def text(value: str, **style: object) -> tuple[Span, ...]:
    """Return one span of text."""
    return (Span(value, **style),)


def make_deck(*slides: Slide, footer: str = "Module 3: Gender and police reform") -> Deck:
    """Return a deck with the test metadata."""
    return Deck(metadata=METADATA, footer=footer, slides=slides)


def reopen(data: bytes) -> Presentation:
    """Return the written file opened with python-pptx."""
    return Presentation(io.BytesIO(data))


def titles(prs: Presentation) -> list[str]:
    """Return each slide's title text."""
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def notes(prs: Presentation) -> list[str]:
    """Return each slide's speaker notes text."""
    return [slide.notes_slide.notes_text_frame.text for slide in prs.slides]


def placeholder_text(slide: object, kind: PP_PLACEHOLDER) -> str | None:
    """Return the text of the slide's placeholder of one type, or None when it has none."""
    for placeholder in slide.placeholders:
        if placeholder.placeholder_format.type == kind:
            return placeholder.text_frame.text
    return None


@pytest.fixture
def png(tmp_path: Path) -> Path:
    """Return a 400 × 200 PNG file."""
    path = tmp_path / "photo.png"
    Image.new("RGB", (400, 200), (14, 107, 120)).save(path)
    return path


@pytest.fixture
def template_without(tmp_path: Path):
    """Return a function that saves the default template without some layouts."""

    def save(*names: str) -> Path:
        prs = Presentation(DEFAULT_TEMPLATE)
        for layout in list(prs.slide_layouts):
            if layout.name in names:
                prs.slide_layouts.remove(layout)
        path = tmp_path / "branded.pptx"
        prs.save(path)
        return path

    return save


def long_list_slide(count: int = 12) -> Slide:
    """Return a content slide with `count` long bullets and speaker notes."""
    items = tuple(text(f"Item {n}: {LONG_ITEM}") for n in range(1, count + 1))
    return Slide(
        "content", text("Why gender matters"), body=(ListBlock(items),), notes=(Paragraph(text("Ask first.")),)
    )


# --- the deck as a whole ---------------------------------------------------------------------------


def test_slides_are_16_by_9() -> None:
    prs = reopen(write_deck(make_deck(Slide("title", text("Welcome")))).data)
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Inches(7.5))


def test_default_template_has_the_four_standard_layouts() -> None:
    names = [layout.name for layout in Presentation(DEFAULT_TEMPLATE).slide_layouts]
    assert names == ["Title Slide", "Title and Content", "Section Header", "Two Content"]


def test_each_slide_uses_the_layout_named_for_it(png: Path) -> None:
    deck = make_deck(
        Slide("title", text("Welcome")),
        Slide("section", text("Part one")),
        Slide("content", text("Points"), body=(Paragraph(text("One point.")),)),
        Slide("two-content", text("Picture"), body=(Paragraph(text("Beside it.")),), picture=Picture(str(png), "x")),
    )
    prs = reopen(write_deck(deck).data)
    assert [slide.slide_layout.name for slide in prs.slides] == [
        "Title Slide",
        "Section Header",
        "Title and Content",
        "Two Content",
    ]


def test_two_writes_give_identical_bytes(png: Path) -> None:
    deck = make_deck(
        Slide("title", text("Welcome")),
        long_list_slide(),
        Slide("two-content", text("Picture"), picture=Picture(str(png), "A teal rectangle")),
    )
    assert write_deck(deck).data == write_deck(deck).data


def test_core_properties_come_from_metadata_with_a_fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    props = reopen(write_deck(make_deck(Slide("title", text("Welcome")))).data).core_properties
    assert (props.title, props.subject, props.language) == ("Gender and police reform", "Module 3", "fr-FR")
    assert (props.keywords, props.author, props.revision) == ("gender, police", "Trainer Team", 1)
    assert props.created == props.modified == props.last_printed == datetime(2000, 1, 1)


def test_source_date_epoch_sets_the_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    props = reopen(write_deck(make_deck(Slide("title", text("Welcome")))).data).core_properties
    assert props.created == props.modified == datetime(2023, 11, 14, 22, 13, 20)


def test_a_bad_source_date_epoch_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(DiagnosticsError) as error:
        write_deck(make_deck(Slide("title", text("Welcome"))))
    assert error.value.diagnostics[0].code == "env.source-date-epoch"


def test_every_run_carries_the_deck_language() -> None:
    data = write_deck(make_deck(Slide("title", text("Bienvenue")), long_list_slide())).data
    prs = reopen(data)
    slides = [*prs.slides, *(slide.notes_slide for slide in prs.slides)]
    languages = {r_pr.get("lang") for slide in slides for r_pr in slide.element.iter(qn("a:rPr"))}
    assert languages == {"fr-FR"}


def test_right_to_left_languages_get_right_to_left_paragraphs() -> None:
    deck = Deck(
        Metadata("مقدمة", "ar"),
        "مقدمة",
        (
            Slide(
                "content",
                text("أهداف"),
                body=(ListBlock((text("أولاً"), text("ثانياً"))),),
                notes=(Paragraph(text("ملاحظة")),),
            ),
        ),
    )
    slide = reopen(write_deck(deck).data).slides[0]
    paragraphs = [*slide.shapes.title.text_frame.paragraphs, *slide.placeholders[1].text_frame.paragraphs]
    paragraphs.append(slide.notes_slide.notes_text_frame.paragraphs[0])
    assert all((p._p.pPr.get("rtl"), p._p.pPr.get("algn")) == ("1", "r") for p in paragraphs)


def test_no_break_spaces_are_kept() -> None:
    title = "Le cadre des Nations Unies\u00a0: 1325"
    prs = reopen(write_deck(make_deck(Slide("content", text(title), body=(Paragraph(text("a\u00a0: b\n c")),)))).data)
    assert titles(prs) == [title]
    assert prs.slides[0].placeholders[1].text_frame.text == "a\u00a0: b c"


# --- titles and continuation -----------------------------------------------------------------------


def test_a_long_list_continues_on_a_slide_titled_cont() -> None:
    prs = reopen(write_deck(make_deck(long_list_slide())).data)
    assert titles(prs) == ["Why gender matters", "Why gender matters (cont.)"]
    body = [placeholder_text(slide, PP_PLACEHOLDER.OBJECT) for slide in prs.slides]
    assert "Item 1:" in body[0] and "Item 12:" in body[1]
    assert all(f"Item {n}:" in "".join(body) for n in range(1, 13))


def test_further_continuations_are_numbered_so_titles_stay_unique() -> None:
    found = titles(reopen(write_deck(make_deck(long_list_slide(40))).data))
    assert found[:3] == ["Why gender matters", "Why gender matters (cont.)", "Why gender matters (cont. 2)"]
    assert len(set(found)) == len(found)


def test_notes_stay_on_the_first_slide_and_continuations_say_so() -> None:
    found = notes(reopen(write_deck(make_deck(long_list_slide())).data))
    assert found == ["Ask first.", "Continued from the previous slide."]


def test_a_numbered_list_goes_on_counting_on_the_next_slide() -> None:
    items = tuple(text(f"Step {n}: {LONG_ITEM}") for n in range(1, 13))
    prs = reopen(write_deck(make_deck(Slide("content", text("Steps"), body=(ListBlock(items, ordered=True),)))).data)
    second = prs.slides[1].placeholders[1].text_frame.paragraphs[0]
    numbering = second._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}")
    first_number = int(second.text.split(":")[0].removeprefix("Step "))
    assert numbering.get("startAt") == str(first_number)


def body_sizes(prs: Presentation) -> set[Pt]:
    """Return the font sizes of the body text on every slide."""
    return {
        run.font.size for slide in prs.slides for p in slide.placeholders[1].text_frame.paragraphs for run in p.runs
    }


def test_body_text_shrinks_before_it_splits() -> None:
    prs = reopen(write_deck(make_deck(long_list_slide(6))).data)
    assert len(prs.slides) == 1
    assert max(body_sizes(prs)) < Pt(24)


def test_body_text_never_goes_below_18_pt() -> None:
    assert min(body_sizes(reopen(write_deck(make_deck(long_list_slide(40))).data))) >= MIN_BODY_SIZE


def test_a_long_title_shrinks_but_stays_at_least_24_pt() -> None:
    title = "A very long title about the many aspects of gender and security sector reform in policing today"
    prs = reopen(write_deck(make_deck(Slide("content", text(title)))).data)
    run = prs.slides[0].shapes.title.text_frame.paragraphs[0].runs[0]
    assert MIN_TITLE_SIZE <= run.font.size < Pt(36)


def test_a_title_too_long_for_the_box_is_a_warning() -> None:
    diagnostics = write_deck(make_deck(Slide("content", text("word " * 80)))).warnings
    assert [d.code for d in diagnostics] == ["deck.title-too-long"]


def test_a_paragraph_taller_than_a_slide_is_split_between_lines() -> None:
    case = " ".join(f"Sentence {n} of the case text about a police reform programme." for n in range(80))
    prs = reopen(write_deck(make_deck(Slide("content", text("Case"), body=(Paragraph(text(case)),)))).data)
    bodies = [slide.placeholders[1].text_frame.text for slide in prs.slides]
    assert len(bodies) > 1
    assert " ".join(bodies).split() == case.split()


# --- body blocks -------------------------------------------------------------------------------------


def test_links_are_kept_only_for_web_and_mail_addresses() -> None:
    body = Paragraph(
        (
            Span("site", link="https://example.org"),
            Span(" mail", link="mailto:a@example.org"),
            Span(" script", link="javascript:alert(1)"),
        )
    )
    prs = reopen(write_deck(make_deck(Slide("content", text("Links", bold=True), body=(body,)))).data)
    runs = prs.slides[0].placeholders[1].text_frame.paragraphs[0].runs
    assert [run.hyperlink.address for run in runs] == ["https://example.org", "mailto:a@example.org", None]
    assert prs.slides[0].shapes.title.text_frame.paragraphs[0].runs[0].font.bold


def test_headings_boxes_and_lists_become_paragraphs_and_writing_lines_vanish() -> None:
    body = (
        Heading(3, text("Ask")),
        Box("question", (Paragraph(text("What changed?")),)),
        ListBlock((text("One"), text("Two")), ordered=True),
        WriteLines(4),
    )
    prs = reopen(write_deck(make_deck(Slide("content", text("Question"), body=body))).data)
    paragraphs = prs.slides[0].placeholders[1].text_frame.paragraphs
    assert [p.text for p in paragraphs] == ["Ask", "What changed?", "One", "Two"]
    assert paragraphs[0].runs[0].font.bold
    assert paragraphs[2]._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}") is not None


def test_a_checklist_shows_its_box_and_no_bullet_on_the_slide_and_in_the_notes() -> None:
    checklist = ListBlock((text("Print the case"),), checklist=True)
    prs = reopen(write_deck(make_deck(Slide("content", text("Before"), body=(checklist,), notes=(checklist,)))).data)
    (paragraph,) = prs.slides[0].placeholders[1].text_frame.paragraphs
    assert paragraph.text == "\u2610 Print the case"
    assert paragraph._p.find(f"{qn('a:pPr')}/{qn('a:buNone')}") is not None
    assert notes(prs) == ["\u2610 Print the case"]


def test_a_small_table_becomes_a_table_with_a_header_row() -> None:
    table = Table((text("Step"), text("Minutes")), ((text("Opening"), text("10")), (text("Debrief"), text("15"))))
    prs = reopen(write_deck(make_deck(Slide("content", text("Plan"), body=(table,)))).data)
    frames = [shape for shape in prs.slides[0].shapes if shape.has_table]
    assert len(frames) == 1
    grid = frames[0].table
    assert grid.first_row
    assert [[cell.text for cell in row.cells] for row in grid.rows] == [
        ["Step", "Minutes"],
        ["Opening", "10"],
        ["Debrief", "15"],
    ]


def test_a_big_table_becomes_one_line_per_row() -> None:
    rows = tuple((text(f"Row {n}"), text(str(n))) for n in range(20))
    table = Table((text("Name"), text("Value")), rows)
    prs = reopen(write_deck(make_deck(Slide("content", text("Values"), body=(table,)))).data)
    assert not any(shape.has_table for slide in prs.slides for shape in slide.shapes)
    lines = [p.text for slide in prs.slides for p in slide.placeholders[1].text_frame.paragraphs]
    assert lines[0] == "Name: Row 0; Value: 0" and len(lines) == 20


def test_unused_placeholders_are_removed() -> None:
    prs = reopen(write_deck(make_deck(Slide("title", text("Welcome")), Slide("two-content", text("Alone")))).data)
    kinds = [[ph.placeholder_format.type for ph in slide.placeholders] for slide in prs.slides]
    assert kinds[0] == [PP_PLACEHOLDER.CENTER_TITLE]
    assert PP_PLACEHOLDER.OBJECT not in kinds[1]


# --- pictures --------------------------------------------------------------------------------------


def test_a_picture_gets_its_alt_text_and_keeps_its_shape(png: Path) -> None:
    slide = Slide("two-content", text("Picture"), body=(Paragraph(text("Text.")),), picture=Picture(str(png), "A map"))
    prs = reopen(write_deck(make_deck(slide)).data)
    pictures = [shape for shape in prs.slides[0].shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    picture = pictures[0]
    assert picture._element.nvPicPr.cNvPr.get("descr") == "A map"
    assert picture.width / picture.height == pytest.approx(2.0, rel=0.01)
    right = prs.slides[0].slide_layout.placeholders[2]
    assert right.left <= picture.left and picture.left + picture.width <= right.left + right.width
    assert picture.top + picture.height <= right.top + right.height


def test_without_two_content_the_picture_goes_right_of_a_narrowed_body(png: Path, template_without) -> None:
    template = template_without("Two Content")
    slide = Slide("two-content", text("Picture"), body=(Paragraph(text("Text.")),), picture=Picture(str(png), "A map"))
    written_deck = write_deck(make_deck(slide), template)
    prs = reopen(written_deck.data)
    assert [(d.code, d.severity) for d in written_deck.warnings] == [("template.layout-fallback", Severity.WARNING)]
    written = prs.slides[0]
    assert written.slide_layout.name == "Title and Content"
    body = written.placeholders[1]
    picture = next(shape for shape in written.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert body.left + body.width <= picture.left


def test_an_unreadable_picture_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    slide = Slide("two-content", text("Picture"), picture=Picture(str(broken), "x"))
    with pytest.raises(DiagnosticsError) as error:
        write_deck(make_deck(slide))
    assert (error.value.diagnostics[0].file, error.value.diagnostics[0].code) == (str(broken), "deck.image-unreadable")


# --- footer, slide number and notes ----------------------------------------------------------------


def test_footer_and_slide_number_on_every_slide_but_the_title_slide() -> None:
    prs = reopen(
        write_deck(make_deck(Slide("title", text("Welcome")), Slide("section", text("Part")), long_list_slide())).data
    )
    footers = [placeholder_text(slide, PP_PLACEHOLDER.FOOTER) for slide in prs.slides]
    numbers = [placeholder_text(slide, PP_PLACEHOLDER.SLIDE_NUMBER) for slide in prs.slides]
    assert footers == [None] + ["Module 3: Gender and police reform"] * 3
    assert numbers == [None, "2", "3", "4"]
    field = prs.slides[1].element.find(f".//{qn('a:fld')}")
    assert field.get("type") == "slidenum"


def test_every_slide_has_readable_notes() -> None:
    slide_notes = (
        Heading(2, text("Timing")),
        Paragraph(text("Ten minutes.")),
        ListBlock((text("Ask"), text("Listen"))),
        ListBlock((text("First"), text("Second")), ordered=True),
        Paragraph((Span("See "), Span("the guide", link="https://example.org/guide"))),
    )
    deck = make_deck(Slide("title", text("Welcome")), Slide("content", text("Plan"), notes=slide_notes))
    found = notes(reopen(write_deck(deck).data))
    assert found[0] == ""
    assert found[1].split("\n") == [
        "TIMING",
        "Ten minutes.",
        "• Ask",
        "• Listen",
        "1. First",
        "2. Second",
        "See the guide (https://example.org/guide)",
    ]


def test_many_slides_get_distinct_notes_parts() -> None:
    deck = make_deck(*(Slide("content", text(f"Slide {n}"), notes=(Paragraph(text(f"Note {n}")),)) for n in range(60)))
    prs = reopen(write_deck(deck).data)
    part_names = {str(slide.notes_slide.part.partname) for slide in prs.slides}
    assert len(part_names) == 60
    assert notes(prs)[59] == "Note 59"


# --- templates ---------------------------------------------------------------------------------------


def test_a_template_without_title_and_content_is_an_error_listing_its_layouts(template_without) -> None:
    template = template_without("Title and Content")
    with pytest.raises(DiagnosticsError) as error:
        write_deck(make_deck(Slide("title", text("Welcome"))), template)
    (diagnostic,) = error.value.diagnostics
    assert (diagnostic.file, diagnostic.position, diagnostic.code) == (str(template), None, "template.layout-missing")
    assert '"Title and Content"' in diagnostic.message
    assert '"Title Slide", "Section Header", "Two Content"' in diagnostic.message


def test_a_file_that_is_not_a_pptx_is_an_error(tmp_path: Path) -> None:
    template = tmp_path / "deck.pptx"
    template.write_text("hello")
    with pytest.raises(DiagnosticsError) as error:
        write_deck(make_deck(), template)
    assert error.value.diagnostics[0].code == "template.unreadable"


def test_an_unknown_layout_name_is_an_error() -> None:
    with pytest.raises(DiagnosticsError) as error:
        write_deck(make_deck(Slide("comparison", text("Two sides"))))
    assert "comparison" in error.value.diagnostics[0].message


def test_a_template_s_own_slides_are_left_out(tmp_path: Path) -> None:
    prs = Presentation(DEFAULT_TEMPLATE)
    leftover = prs.slides.add_slide(prs.slide_layouts[1])
    leftover.shapes.title.text_frame.text = "Company overview"
    leftover.notes_slide.notes_text_frame.text = "Old notes"
    template = tmp_path / "with-slides.pptx"
    prs.save(template)
    data = write_deck(make_deck(Slide("title", text("Welcome")), Slide("content", text("Plan"))), template).data
    assert titles(reopen(data)) == ["Welcome", "Plan"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert not any(
            b"Company overview" in archive.read(name) or b"Old notes" in archive.read(name) for name in names
        )
    assert sorted(n for n in names if n.startswith("ppt/slides/slide")) == [
        "ppt/slides/slide1.xml",
        "ppt/slides/slide2.xml",
    ]


def test_a_template_without_a_notes_master_still_gets_speaker_notes(tmp_path: Path) -> None:
    package = Package.read(DEFAULT_TEMPLATE.read_bytes())
    presentation = package.related("/", RT_OFFICE_DOCUMENT)
    relationships = package.rels(presentation)
    notes_master = relationships.first(RT_NOTES_MASTER)
    relationships.remove(notes_master.rid)
    root = package.xml(presentation)
    for listing in root.findall(qn("p:notesMasterIdLst")):
        root.remove(listing)
    package.drop(notes_master.target)
    template = tmp_path / "no-notes-master.pptx"
    template.write_bytes(package.to_bytes())
    assert RT_NOTES_MASTER not in {rel.reltype for rel in Presentation(template).part.rels.values()}
    deck = make_deck(Slide("content", text("Plan"), notes=(Paragraph(text("Ask first.")),)))
    assert notes(reopen(write_deck(deck, template).data)) == ["Ask first."]


def test_a_template_is_parsed_once_until_its_content_changes(template_without) -> None:
    template = template_without()
    first = load_template(template)
    assert load_template(template) is first
    prs = Presentation(template)
    prs.slide_layouts[0].name = "Changed"
    prs.save(template)
    assert load_template(template) is not first


# --- fitting -----------------------------------------------------------------------------------------


def test_measure_lines_wraps_at_the_width() -> None:
    words = text("gender " * 30)
    assert measure_lines(text("Gender"), Pt(24), Inches(4)) == 1
    assert measure_lines(words, Pt(24), Inches(4)) > measure_lines(words, Pt(24), Inches(8))
    assert measure_lines(words, Pt(18), Inches(4)) < measure_lines(words, Pt(28), Inches(4))


def test_measure_lines_breaks_a_long_address() -> None:
    address = text("https://www.example.org/sites/default/files/publications/documents/toolkit-tool-2.pdf")
    assert measure_lines(address, Pt(24), Inches(3)) >= 3


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 60), st.sampled_from(["plain", "bullet", "number", "heading"])),
        min_size=1,
        max_size=25,
    )
)
def test_split_to_fit_keeps_every_word_and_each_chunk_fits(shape: list[tuple[int, str]]) -> None:
    units = [Unit(text(" ".join(f"w{n}x{i}" for i in range(length))), kind) for n, (length, kind) in enumerate(shape)]
    width, height = Inches(11.9), Inches(4.5)
    chunks = split_to_fit(units, width, height, Pt(24))
    assert all(text_height(chunk.units, chunk.size, width) <= height for chunk in chunks)
    assert all(MIN_BODY_SIZE <= chunk.size <= Pt(24) for chunk in chunks)
    words = [word for chunk in chunks for unit in chunk.units for span in unit.spans for word in span.text.split()]
    assert words == [word for unit in units for span in unit.spans for word in span.text.split()]


def test_a_line_is_1_2_em() -> None:
    assert line_pitch(Pt(20)) == Pt(24)


def test_default_template_body_sizes_are_at_least_18_pt() -> None:
    spec = load_template(DEFAULT_TEMPLATE)
    assert all(layout.body.size >= MIN_BODY_SIZE for layout in spec.layouts.values())
    assert spec.layouts["content"].title.size == Pt(36)
