"""The Word writer: documents written from hand-built trees, reopened with python-docx."""

from __future__ import annotations

import copy
import io
import os
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Inches
from docx_view import box_groups, box_paragraphs, fill_of

from toolkit.core.diagnostics import DiagnosticsError, Severity
from toolkit.module.loader import load_module
from toolkit.render.doctree import (
    Box,
    Document,
    Heading,
    ListBlock,
    Metadata,
    PageBreak,
    Paragraph,
    Span,
    Table,
    WriteLines,
)
from toolkit.render.templates import RenderOptions, build_guide
from toolkit.writers.docx import reference_warnings, write_document
from toolkit.writers.docx_styles import DEFAULT_REFERENCE, load_reference
from toolkit.writers.docx_tables import column_widths
from toolkit.writers.opc import RT_OFFICE_DOCUMENT, Package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
METADATA = Metadata("Gender and police reform", "fr-FR", "Police reform", ("gender", "police"))


def text(value: str, **formatting) -> tuple[Span, ...]:
    """Return one span of `value` as inlines."""
    return (Span(value, **formatting),)


def handout(*blocks) -> Document:
    """Return a document holding `blocks`."""
    return Document(METADATA, tuple(blocks))


def reopen(document: Document, **options) -> docx.document.Document:
    """Return the written document, read back by python-docx."""
    return docx.Document(io.BytesIO(write_document(document, **options).data))


def body_paragraphs(written) -> list[tuple[str, str]]:
    """Return (style name, text) of each paragraph outside tables, in order."""
    return [(p.style.name, p.text) for p in written.paragraphs]


def boxes(document) -> list[list[tuple[str, str]]]:
    """Return (style name, text) of each paragraph of each box, box by box."""
    return [box_paragraphs(group) for group in box_groups(document)]


def question_box(number: int, lines: int = 4, label: str = "") -> Box:
    """Return a question box as the handout template makes it: a bold number, the question, lines."""
    question = Paragraph((Span(f"Question {number}.", bold=True), Span(" Who reports crime, and to whom?")))
    return Box("question", (question, WriteLines(lines, text(label) if label else ())))


def test_headings_map_to_title_and_heading_styles_in_order():
    written = reopen(
        handout(
            Heading(1, text("Police reform")),
            Heading(2, text("Objectives")),
            Heading(3, text("Before the session")),
            Heading(4, text("Materials")),
            Paragraph(text("Body text.")),
        )
    )

    assert body_paragraphs(written) == [
        ("Title", "Police reform"),
        ("Heading 1", "Objectives"),
        ("Heading 2", "Before the session"),
        ("Heading 3", "Materials"),
        ("Normal", "Body text."),
    ]


def test_bold_italic_and_safe_links_become_runs_and_hyperlinks():
    paragraph = Paragraph(
        (
            Span("Bold", bold=True),
            Span(" italic", italic=True),
            Span(" DCAF", link="https://www.dcaf.ch/"),
            Span(" script", link="javascript:alert(1)"),
        )
    )
    written = reopen(handout(paragraph))

    runs = written.paragraphs[0].runs
    assert (runs[0].text, runs[0].bold, runs[0].italic) == ("Bold", True, None)
    assert (runs[1].text, runs[1].italic) == (" italic", True)
    links = written.paragraphs[0].hyperlinks
    assert [(link.text, link.address) for link in links] == [(" DCAF", "https://www.dcaf.ch/")]
    assert links[0].runs[0].style.name == "Hyperlink"
    assert written.paragraphs[0].text == "Bold italic DCAF script"
    assert "javascript" not in {rel.target_ref for rel in written.part.rels.values() if rel.is_external}


def test_lists_use_list_styles_and_each_ordered_list_restarts():
    written = reopen(
        handout(
            ListBlock((text("one"), text("two"))),
            ListBlock((text("first"), text("second")), ordered=True),
            Paragraph(text("Between the lists.")),
            ListBlock((text("again"),), ordered=True),
        )
    )

    assert body_paragraphs(written) == [
        ("List Bullet", "one"),
        ("List Bullet", "two"),
        ("List Number", "first"),
        ("List Number", "second"),
        ("Normal", "Between the lists."),
        ("List Number", "again"),
    ]
    numbered = [p for p in written.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert num_ids[0] == num_ids[1] != num_ids[2]
    numbering = written.part.numbering_part.element
    for num_id in (num_ids[0], num_ids[2]):
        num = numbering.num_having_numId(num_id)
        assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"
    abstract_ids = {numbering.num_having_numId(n).abstractNumId.val for n in num_ids}
    assert len(abstract_ids) == 1


def numbering_id(paragraph) -> str | None:
    """Return the id of the numbering (bullets or numbers) a paragraph shows, from itself or its styles; "0" is none."""
    for properties in (paragraph._p.pPr, *(style.element.pPr for style in styles_of(paragraph))):
        num_id = properties.find(f"{qn('w:numPr')}/{qn('w:numId')}") if properties is not None else None
        if num_id is not None:
            return num_id.get(qn("w:val"))
    return None


def styles_of(paragraph) -> list:
    """Return a paragraph's style and the styles it is based on, nearest first."""
    found, style = [], paragraph.style
    while style is not None:
        found.append(style)
        style = style.base_style
    return found


def test_a_checklist_item_shows_one_marker_the_box():
    written = reopen(handout(ListBlock((text("Print the case"), text("Test the projector")), checklist=True)))

    assert body_paragraphs(written) == [
        ("Checklist", "\u2610\tPrint the case"),
        ("Checklist", "\u2610\tTest the projector"),
    ]
    assert [numbering_id(p) in (None, "0") for p in written.paragraphs] == [True, True]


def test_a_checklist_switches_off_the_bullets_of_its_style(tmp_path: Path):
    reference = tmp_path / "brand.docx"
    source = docx.Document(str(DEFAULT_REFERENCE))
    bullets = source.styles["List Bullet"].element.pPr.numPr
    source.styles["Checklist"].element.get_or_add_pPr().append(copy.deepcopy(bullets))
    source.save(str(reference))

    written = reopen(handout(ListBlock((text("Print the case"),), checklist=True)), reference=reference)

    assert body_paragraphs(written) == [("Checklist", "\u2610\tPrint the case")]
    assert numbering_id(written.paragraphs[0]) == "0"


def test_the_guide_checklist_has_a_box_and_no_bullet(tmp_path: Path):
    module = load_module(Path(__file__).parents[1] / "fixtures" / "minimal.yaml").module
    guide = docx.Document(io.BytesIO(write_document(build_guide(module, RenderOptions())).data))

    items = [p for p in guide.paragraphs if "participant handouts printed" in p.text]
    assert [(p.style.name, p.text[:2], numbering_id(p) in (None, "0")) for p in items] == [
        ("Checklist", "\u2610\t", True)
    ]
    assert "\u2610\u2610" not in "".join(p.text.replace("\t", "") for p in guide.paragraphs)


def test_an_ordered_list_can_go_on_from_an_earlier_number(tmp_path: Path):
    written = reopen(handout(ListBlock((text("third"), text("fourth")), ordered=True, start=3)))
    numbering = written.part.numbering_part.element
    num = numbering.num_having_numId(written.paragraphs[0]._p.pPr.numPr.numId.val)

    assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "3"
    reference = tmp_path / "plain-lists.docx"
    source = docx.Document(str(DEFAULT_REFERENCE))
    source.styles["List Number"].element.pPr.remove(source.styles["List Number"].element.pPr.numPr)
    source.save(str(reference))
    typed = reopen(handout(ListBlock((text("third"), text("fourth")), ordered=True, start=3)), reference=reference)
    assert [p.text for p in typed.paragraphs] == ["3.\tthird", "4.\tfourth"]


def keeps_with_next(paragraph) -> bool:
    """Return True when a paragraph stays on the page of the next one, set on itself or by its styles."""
    for value in (
        paragraph.paragraph_format.keep_with_next,
        *(s.paragraph_format.keep_with_next for s in styles_of(paragraph)),
    ):
        if value is not None:
            return value
    return False


def test_headings_and_labels_keep_with_what_follows_whatever_the_styles_say(tmp_path: Path):
    reference = tmp_path / "loose-headings.docx"
    source = docx.Document(str(DEFAULT_REFERENCE))
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        source.styles[name].paragraph_format.keep_with_next = False
    source.save(str(reference))
    document = handout(
        Heading(1, text("Police reform")),
        Heading(2, text("Step by step")),
        Paragraph(text("Small groups · pairs", italic=True)),
        Paragraph(text("Variations:", bold=True)),
        ListBlock((text("Run it in pairs."),)),
        Paragraph(text("By the end of this session you will be able to:")),
        ListBlock((text("Explain one thing."),)),
        Paragraph(text("Body text that ends a section.")),
        Heading(3, text("Last words")),
        Paragraph(text("The end.")),
        Paragraph(text("Nothing follows:", bold=True)),
    )

    written = reopen(document, reference=reference)

    assert [(p.text, keeps_with_next(p)) for p in written.paragraphs] == [
        ("Police reform", True),
        ("Step by step", True),
        ("Small groups · pairs", True),
        ("Variations:", True),
        ("Run it in pairs.", False),
        ("By the end of this session you will be able to:", True),
        ("Explain one thing.", False),
        ("Body text that ends a section.", False),
        ("Last words", True),
        ("The end.", False),
        ("Nothing follows:", False),
    ]


def test_a_box_label_and_a_label_inside_a_box_keep_with_what_follows():
    guidance = ListBlock(tuple(text(f"Point {n} to listen for.") for n in range(40)))
    box = Box(
        "question",
        (Paragraph(text("Facilitator note", bold=True)), Paragraph(text("Listen for:", italic=True)), guidance),
    )

    [group] = box_groups(reopen(handout(box)))

    assert [(p.text, keeps_with_next(p)) for p in group[:3]] == [
        ("Facilitator note", True),
        ("Listen for:", True),
        ("Point 0 to listen for.", False),
    ]


def test_the_guide_keeps_its_variations_label_with_the_variations():
    module = load_module(Path(__file__).parents[1] / "fixtures" / "golden" / "rich.yaml").module
    guide = docx.Document(io.BytesIO(write_document(build_guide(module, RenderOptions())).data))
    paragraphs = guide.paragraphs

    labels = [index for index, p in enumerate(paragraphs) if p.text == "Variations:"]
    assert labels and all(keeps_with_next(paragraphs[i]) and paragraphs[i + 1].text for i in labels)
    headings = [i for i, p in enumerate(paragraphs) if p.style.name.startswith(("Title", "Heading"))]
    assert headings and all(keeps_with_next(paragraphs[i]) for i in headings)
    subtitles = [paragraphs[i + 1] for i in headings if paragraphs[i + 1].text.startswith("Presentation ·")]
    assert subtitles and all(keeps_with_next(p) for p in subtitles)


def test_table_has_a_repeating_bold_header_row_and_rows_that_do_not_split():
    rows = tuple((text(f"09:{n:02d}"), text(str(n)), text(f"Activity {n}")) for n in range(15))
    written = reopen(handout(Table((text("Time"), text("Minutes"), text("Activity")), rows)))

    table = written.tables[0]
    assert table.style.name == "Toolkit Table"
    assert [cell.text for cell in table.rows[0].cells] == ["Time", "Minutes", "Activity"]
    assert [cell.text for cell in table.rows[15].cells] == ["09:14", "14", "Activity 14"]
    assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Heading"
    assert table.rows[1].cells[0].paragraphs[0].style.name == "Table Text"
    header_props = table.rows[0]._tr.trPr
    assert header_props.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])


def test_table_columns_fill_the_text_width():
    written = reopen(handout(Table((text("Time"), text("Activity")), ((text("09:00"), text("A long " * 20)),))))

    widths = [column.width for column in written.tables[0].columns]
    assert sum(widths) == pytest.approx(Cm(17), abs=Cm(0.01))
    assert widths[0] < widths[1]


def test_column_widths_give_each_column_its_longest_word_and_add_up():
    rows = ((text("Clock"), text("Materials")), (text("09:00"), text("flipchart, markers " * 10)))

    widths = column_widths(rows, 2, Cm(17))

    assert sum(widths) == Cm(17)
    assert widths[0] >= Cm(1.5)  # "Clock" fits unbroken
    assert widths[1] > widths[0]


def test_question_box_is_framed_paragraphs_with_one_answer_area_not_a_table():
    written = reopen(handout(question_box(1, lines=4, label="Your answer to question 1")))

    assert written.tables == []  # a screen reader reads the box as text, not as a one-cell table
    [group] = box_groups(written)
    assert box_paragraphs(group) == [
        ("Question", "Question 1. Who reports crime, and to whom?"),
        ("Write Line", "Your answer to question 1" + "\n\t" * 4),  # one paragraph: the label, four ruled lines
    ]
    assert group[0].runs[0].bold is True
    assert {fill_of(paragraph) for paragraph in group} == {"EAF0F8"}  # the tint of the reference's Question Box
    answer = group[1]._p
    [stop] = answer.findall(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}")
    assert stop.get(qn("w:leader")) == "underscore"  # the lines to write on are tab leaders


def test_answer_lines_outside_a_box_are_one_paragraph_too():
    written = reopen(handout(WriteLines(3, text("Your comments"))))

    [answer] = [p for p in written.paragraphs if p.style.name == "Write Line"]
    assert answer.text == "Your comments" + "\n\t" * 3
    borders = answer._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    assert [edge.get(qn("w:val")) for edge in borders] == ["nil", "nil"]  # no rule under the last tab leader


def test_a_bold_first_line_is_the_box_label_and_boxes_keep_their_kind():
    safeguarding = Box(
        "safeguarding",
        (
            Paragraph(text("Safeguarding", bold=True)),
            Paragraph(text("Nobody has to share personal stories.")),
            ListBlock((text("Agree ground rules"),)),
        ),
    )
    example = Box("example", (Heading(3, text("Example from the ground")), Paragraph(text("In Peru…"))))
    written = reopen(handout(safeguarding, example))

    first, second = box_groups(written)
    assert box_paragraphs(first) == [
        ("Box Label", "Safeguarding"),
        ("Safeguarding", "Nobody has to share personal stories."),
        ("List Bullet", "Agree ground rules"),
    ]
    assert {fill_of(paragraph) for paragraph in first} == {"FBECEC"}  # the Safeguarding Box's tint
    assert box_paragraphs(second) == [("Box Label", "Example from the ground"), ("Box Text", "In Peru…")]
    assert {fill_of(paragraph) for paragraph in second} == {"EDF5EC"}


def test_consecutive_boxes_stay_two_frames_without_an_empty_paragraph():
    written = reopen(handout(question_box(1), question_box(2), Heading(2, text("Next"))))

    assert len(box_groups(written)) == 2  # their borders differ, so Word and LibreOffice draw two frames
    assert [p.text for p in written.paragraphs if not p.text] == []


def test_short_boxes_stay_on_one_page_and_long_ones_may_split():
    long_text = Paragraph(text("Long safeguarding guidance. " * 40))
    written = reopen(handout(question_box(1), Box("safeguarding", (long_text,) * 10)))

    short, long = box_groups(written)
    assert all(keeps_with_next(p) for p in short[:-1]) and not keeps_with_next(short[-1])
    assert all(p.paragraph_format.keep_together for p in short)
    assert not any(keeps_with_next(p) for p in long[1:])  # a long box may split between its paragraphs


def test_page_break_starts_a_new_page():
    written = reopen(handout(Paragraph(text("One")), PageBreak(), Paragraph(text("Two"))))

    breaks = written.element.body.findall(".//" + qn("w:br"))
    assert [b.get(qn("w:type")) for b in breaks] == ["page"]
    assert written.paragraphs[-1].text == "Two"


@pytest.mark.parametrize(
    ("paper", "width", "height", "margin"),
    [
        ("a4", Cm(21), Cm(29.7), Cm(2)),
        ("letter", Inches(8.5), Inches(11), Inches(0.8)),
    ],
)
def test_paper_sets_page_size_and_margins(paper, width, height, margin):
    section = reopen(handout(Paragraph(text("x"))), paper=paper).sections[0]

    # Word stores lengths in twentieths of a point, so centimetres round slightly.
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin, section.top_margin)
    assert [round(size.cm, 2) for size in sizes] == [round(size.cm, 2) for size in (width, height, *[margin] * 3)]


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="unknown paper size 'a5'"):
        write_document(handout(), paper="a5")


def test_footer_shows_the_title_and_page_number_fields():
    footer = reopen(handout(Paragraph(text("x")))).sections[0].footer

    paragraph = footer.paragraphs[0]
    assert paragraph.text.startswith("Gender and police reform\t")
    instructions = [f.get(qn("w:instr")).strip() for f in paragraph._p.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_long_title_is_shortened_in_the_footer_and_keeps_the_kind_of_document(paper):
    long_title = "Recherche de la vérité et RSS au Pérou : la Commission de la vérité et de la réconciliation"
    document = Document(replace(METADATA, title=f"{long_title} — guide de l’animateur"), (Paragraph(text("x")),))
    footer = reopen(document, paper=paper).sections[0].footer.paragraphs[0].text

    shown = footer.split("\t")[0]
    assert shown.endswith("… — guide de l’animateur")
    module_part = shown.removesuffix("… — guide de l’animateur")
    assert long_title.startswith(module_part) and len(module_part) < len(long_title)


def test_a_title_that_fits_stays_whole_in_the_footer():
    title = "Gender and police reform — facilitator guide"
    footer = reopen(Document(replace(METADATA, title=title), ())).sections[0].footer.paragraphs[0].text
    assert footer.startswith(f"{title}\t")


def test_core_properties_and_language_come_from_metadata(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    written = reopen(handout(Paragraph(text("x"))))

    props = written.core_properties
    assert (props.title, props.subject, props.language) == ("Gender and police reform", "Police reform", "fr-FR")
    assert (props.keywords, props.author, props.revision) == ("gender, police", "Gender & SSR training toolkit", 1)
    assert props.created == props.modified == props.last_printed
    assert props.created.timestamp() == 1_700_000_000
    assert props.comments == ""
    default_lang = written.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert default_lang.get(qn("w:val")) == "fr-FR"


def test_dates_default_to_2000_without_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    props = reopen(handout()).core_properties

    assert props.created.isoformat() == "2000-01-01T00:00:00+00:00"


def test_two_writes_give_identical_bytes():
    document = handout(Heading(1, text("T")), question_box(1), ListBlock((text("a"),), ordered=True))

    assert write_document(document).data == write_document(document).data


def test_the_shipped_reference_has_every_style():
    assert reference_warnings(None) == ()


def test_a_reference_without_question_style_gets_the_toolkits_own(tmp_path: Path):
    reference = tmp_path / "brand.docx"
    source = docx.Document(str(DEFAULT_REFERENCE))
    source.styles["Question"].element.getparent().remove(source.styles["Question"].element)
    source.save(str(reference))

    written = reopen(handout(question_box(1)), reference=reference)

    assert boxes(written)[0][0] == ("Question", "Question 1. Who reports crime, and to whom?")
    assert reference_warnings(reference) == ()


def test_a_style_named_for_another_kind_stops_the_build(tmp_path: Path):
    reference = tmp_path / "brand.docx"
    source = docx.Document(str(DEFAULT_REFERENCE))
    source.styles["Question"].element.getparent().remove(source.styles["Question"].element)
    source.styles.add_style("Question", WD_STYLE_TYPE.CHARACTER)
    source.save(str(reference))

    with pytest.raises(DiagnosticsError) as raised:
        write_document(handout(question_box(1)), reference)

    (problem,) = raised.value.diagnostics
    assert (problem.code, problem.severity) == ("template.style-missing", Severity.ERROR)
    assert problem.message.startswith(
        'the reference document has a character style named "Question", where the toolkit needs a paragraph style'
    )


def test_a_list_style_without_numbering_gets_typed_numbers(tmp_path: Path):
    reference = tmp_path / "plain-lists.docx"
    source = docx.Document(str(DEFAULT_REFERENCE))
    style = source.styles["List Number"].element
    style.pPr.remove(style.pPr.numPr)
    source.save(str(reference))

    written = docx.Document(
        io.BytesIO(write_document(handout(ListBlock((text("a"), text("b")), ordered=True)), reference).data)
    )

    assert [p.text for p in written.paragraphs] == ["1.\ta", "2.\tb"]


def test_an_edited_reference_is_read_again(tmp_path: Path):
    reference = tmp_path / "brand.docx"
    source = docx.Document(str(DEFAULT_REFERENCE))
    source.save(str(reference))
    assert load_reference(reference).styles.supplied == ()

    source.styles["Write Line"].element.getparent().remove(source.styles["Write Line"].element)
    source.save(str(reference))
    stat = reference.stat()
    os.utime(reference, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    assert load_reference(reference).styles.supplied == ("Write Line",)


def test_a_plain_word_document_works_as_reference():
    reference = Path(docx.__file__).parent / "templates" / "default.docx"  # no toolkit styles at all

    written = reopen(handout(Heading(1, text("T")), question_box(1)), reference=reference)

    [group] = box_groups(written)
    assert len({fill_of(paragraph) for paragraph in group} - {None}) == 1  # the Question Box supplied, tinted
    assert len(load_reference(reference).styles.supplied) == 16
    footer_tabs = written.sections[0].footer.paragraphs[0].paragraph_format.tab_stops
    right_stops = [stop for stop in footer_tabs if stop.alignment == WD_TAB_ALIGNMENT.RIGHT]
    assert [round(stop.position.cm, 1) for stop in right_stops] == [17.0]  # the style's own stops are cleared


def test_a_table_without_cells_is_left_out():
    written = reopen(handout(Table((), ()), Paragraph(text("After"))))

    assert written.tables == []
    assert body_paragraphs(written) == [("Normal", "After")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a zip at all", "not a zip file"),
        (b"PK\x05\x06" + b"\x00" * 18, "no [Content_Types].xml"),
    ],
)
def test_a_reference_that_is_not_a_word_file_is_a_clear_error(tmp_path: Path, content: bytes, expected: str):
    reference = tmp_path / "brand.docx"
    reference.write_bytes(content)
    with pytest.raises(DiagnosticsError) as error:
        write_document(handout(Paragraph(text("x"))), reference)
    (diagnostic,) = error.value.diagnostics
    assert (diagnostic.file, diagnostic.code) == (str(reference.resolve()), "template.unreadable")
    assert diagnostic.message.startswith("not a Word (.docx) file") and expected in diagnostic.message


def test_a_reference_without_a_numbering_part_still_writes_lists(tmp_path: Path):
    package = Package.read(DEFAULT_REFERENCE.read_bytes())
    document = package.related("/", RT_OFFICE_DOCUMENT)
    numbering = next(rel for rel in package.rels(document).items if rel.target.endswith("/numbering.xml"))
    package.rels(document).remove(numbering.rid)
    package.drop(numbering.target)
    reference = tmp_path / "no-numbering.docx"
    reference.write_bytes(package.to_bytes())
    written = docx.Document(
        io.BytesIO(write_document(handout(ListBlock((text("first"), text("second")), ordered=True)), reference).data)
    )
    assert [p.text for p in written.paragraphs] == ["first", "second"]
