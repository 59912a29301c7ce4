"""The pack's evaluation form and attendance sheet can be filled in on screen and on paper (issue 20, part 4).

Each is reopened as Word opens it: its headings are in the navigation (an outline level), its
fields are content controls with a title a screen reader announces, and its tables are named.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from toolkit.pack.pipeline import build_pack
from toolkit.quality.document_rules import check_document

# The order ECMA-376 gives the children of w:sdtPr that the writer uses.
SDT_PROPERTY_ORDER = ["alias", "tag", "id", "showingPlcHdr", "dropDownList", "text"]
PRINT_ONLY = ("circle", "empty box", "write a number")


@pytest.fixture
def forms(small_pack: Path, tmp_path: Path) -> Path:
    """Return the folder of the small pack, built."""
    assert build_pack(small_pack).written
    return tmp_path / "output" / "packs" / "small"


def _controls(path: Path) -> list[etree._Element]:
    return list(open_docx(path).element.body.iter(qn("w:sdt")))


def _property(control: etree._Element, name: str) -> str | None:
    element = control.find(f"{qn('w:sdtPr')}/{qn(f'w:{name}')}")
    return None if element is None else element.get(qn("w:val"), "")


def _outline(document, paragraph) -> int | None:
    """Return the navigation-pane level of a paragraph's style (0 for Heading 1), None for text."""
    style = paragraph.style
    while style is not None:
        level = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if level is not None:
            return int(level.get(qn("w:val")))
        if style.name.lower().startswith("heading "):
            return int(style.name.split()[1]) - 1
        style = style.base_style
    return None


def test_every_rating_of_the_evaluation_form_is_a_labelled_drop_down_of_1_to_5(forms):
    path = forms / "evaluation-form.docx"
    controls = _controls(path)
    document = open_docx(path)
    objectives = sum(1 for row in document.tables[0].rows[1:])
    assert len(controls) >= 2 * objectives + 2 * 2 + 3  # before and now, two sessions, three statements
    for control in controls:
        properties = control.find(qn("w:sdtPr"))
        names = [etree.QName(element).localname for element in properties]
        assert names == [name for name in SDT_PROPERTY_ORDER if name in names]  # Word rejects another order
        assert names[:4] == ["alias", "tag", "id", "showingPlcHdr"] and "dropDownList" in names
        items = properties.find(qn("w:dropDownList")).findall(qn("w:listItem"))
        assert [item.get(qn("w:value")) for item in items] == ["1", "2", "3", "4", "5"]
        # On paper the field shows the five numbers to mark.
        assert "".join(t.text for t in control.find(qn("w:sdtContent")).iter(qn("w:t"))) == "1 · 2 · 3 · 4 · 5"
    ids = [_property(control, "id") for control in controls]
    assert len(set(ids)) == len(ids)
    aliases = [_property(control, "alias") for control in controls]
    first_objective = document.tables[0].rows[1].cells[0].text
    assert f"Before: {first_objective}" in aliases and f"Now: {first_objective}" in aliases
    assert "Rating: I felt safe and respected." in aliases
    assert all(aliases) and all(_property(control, "tag") for control in controls)


def test_the_evaluation_form_has_headings_in_the_navigation_and_words_for_paper_and_screen(forms):
    document = open_docx(forms / "evaluation-form.docx")
    headings = {p.text: _outline(document, p) for p in document.paragraphs if _outline(document, p) is not None}
    assert headings["Evaluation form"] == 0 and headings["What you can do"] == 0
    text = " ".join(p.text for p in document.paragraphs).lower()
    assert not any(words in text for words in PRINT_ONLY)
    assert "on screen" in text and "on paper" in text
    # Every table is named for a screen reader: its title and its columns.
    for table in document.tables:
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblCaption")).get(qn("w:val"))
        assert properties.find(qn("w:tblDescription")).get(qn("w:val")).startswith(table.rows[0].cells[0].text)


def test_the_attendance_sheet_has_a_heading_a_header_row_and_a_field_in_every_cell_to_fill(forms, small_pack_text):
    path = forms / "attendance-sheet.docx"
    document = open_docx(path)
    [heading] = [p for p in document.paragraphs if p.text.startswith("Attendance sheet")]
    assert _outline(document, heading) == 0
    [table] = document.tables
    header = table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert header is not None
    assert [cell.text for cell in table.rows[0].cells] == [
        "No.",
        "First and family name",
        "Organisation and role",
        "Signature",
    ]
    controls = _controls(path)
    assert len(controls) == 3 * 10  # ten participants, three cells each
    aliases = [_property(control, "alias") for control in controls]
    assert aliases[:3] == ["First and family name: 1", "Organisation and role: 1", "Signature: 1"]
    assert all(control.find(f"{qn('w:sdtPr')}/{qn('w:text')}") is not None for control in controls)
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")).startswith("Attendance sheet")


def test_the_forms_pass_check_with_no_warning(forms):
    for name in ("evaluation-form.docx", "attendance-sheet.docx", "agenda.docx"):
        assert check_document(open_docx(forms / name)) == [], name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_forms_with_their_fields_to_fill_in(forms, tmp_path):
    """LibreOffice reads the ratings as drop-down content controls and the attendance cells as input fields."""
    names = ("evaluation-form.docx", "attendance-sheet.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "odt"]
        + ["--outdir", str(tmp_path)]
        + [str(forms / name) for name in names],
        check=True,
        capture_output=True,
        timeout=300,
    )
    evaluation, attendance = (
        zipfile.ZipFile(tmp_path / name.replace(".docx", ".odt")).read("content.xml").decode() for name in names
    )
    ratings = len(_controls(forms / "evaluation-form.docx"))
    assert evaluation.count("<loext:content-control") == ratings
    assert evaluation.count('loext:display-text="5"') == ratings
    assert attendance.count("<text:text-input") == 3 * 10
