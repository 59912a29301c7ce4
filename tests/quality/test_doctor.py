"""`ssr-toolkit doctor`: what a user's template has, what the toolkit needs of it, and what is missing."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from toolkit.cli import main
from toolkit.core.diagnostics import Severity
from toolkit.quality.doctor import diagnose

TEMPLATES = Path(__file__).parents[2] / "templates"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def codes(path: Path) -> list[tuple[str, Severity]]:
    return [(finding.code, finding.severity) for finding in diagnose(path).findings]


def layout(prs: Presentation, name: str):
    return next(layout for layout in prs.slide_layouts if layout.name == name)


@pytest.mark.parametrize("name", ["deck.pptx", "reference.docx"])
def test_the_shipped_templates_are_complete(name):
    result = run("doctor", str(TEMPLATES / name))
    assert result.exit_code == 0, result.output
    assert "MISSING" not in result.output
    assert result.output.rstrip().endswith("The template has everything the toolkit needs.")


def test_the_office_2007_default_template_has_faint_subtitles_and_footers(tmp_path):
    Presentation().save(str(tmp_path / "plain.pptx"))  # python-pptx's default: grey (tx1 at 75%) subtitles, footers
    findings = diagnose(tmp_path / "plain.pptx").findings
    assert [(f.code, f.severity) for f in findings] == [("template.contrast", Severity.ERROR)] * 9 + [
        ("template.footer-narrow", Severity.WARNING)  # a 4:3 deck's footer of 2.8 in
    ]
    faint = [re.match(r'text in the (.+?) placeholder of layout "(.+?)" is #898989', f.message) for f in findings[:-1]]
    assert [match.groups() for match in faint if match] == [
        ("subtitle", "Title Slide"),
        ("slide number", "Title Slide"),  # the title slide shows no footer, only its number
        ("text", "Section Header"),
        ("footer", "Section Header"),
        ("slide number", "Section Header"),
        ("footer", "Title and Content"),
        ("slide number", "Title and Content"),
        ("footer", "Two Content"),
        ("slide number", "Two Content"),
    ]
    assert findings[0].message == (
        'text in the subtitle placeholder of layout "Title Slide" is #898989 on #FFFFFF, a contrast of 3.50:1; '
        "WCAG 2.2 AA needs 4.5:1 — the background is light, so the text must be darker: black (#000000) reaches "
        "21.00:1, #767676 (the text colour darkened just enough) 4.54:1; or make the background darker (in View > "
        "Slide Master: that placeholder's text colour, the theme colours or the background)"
    )


def test_a_renamed_content_layout_is_found_by_its_type(tmp_path):
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    layout(prs, "Title and Content").name = "Content"
    prs.save(str(tmp_path / "brand.pptx"))
    result = run("doctor", "brand.pptx")
    assert result.exit_code == 0, result.output
    assert '  Title and Content  for every content slide      ok: "Content" (found by its layout type)' in result.output


def test_a_french_deck_is_matched_and_its_suggestions_name_the_right_layout(brand_templates):
    report = diagnose(brand_templates["french"])
    rows = dict(report.sections)["layouts the toolkit uses"]
    assert [row.split("ok: ")[1] for row in rows] == [
        '"Titre" (found by its layout type)',
        '"En-tête de section" (found by its layout type)',
        '"Titre et contenu" (found by its layout type)',
        '"Deux contenus" (found by its placeholders)',
    ]
    assert [f.code for f in report.findings] == ["template.layout-matched"]


def test_the_white_on_colour_deck_passes_but_its_narrow_footer_is_said(brand_templates):
    report = diagnose(brand_templates["white-on-colour"])
    assert [(f.code, f.severity) for f in report.findings] == [("template.footer-narrow", Severity.WARNING)]
    assert report.findings[0].message.startswith('the footer of layout "Title and Content" holds about 26 characters')


def test_the_navy_deck_gets_the_errors_a_build_gives(brand_templates):
    findings = diagnose(brand_templates["navy"]).findings
    assert {f.code for f in findings} == {"template.contrast"}
    assert findings[0].message.startswith(
        'text in the title placeholder of layout "Title Slide" is #000000 on #1F2A44, a contrast of 1.47:1'
    )


def test_black_footers_on_a_navy_master_are_named_with_what_to_change(brand_templates):
    findings = diagnose(brand_templates["navy-footer"]).findings
    assert {(f.code, f.severity) for f in findings} == {("template.contrast", Severity.ERROR)}
    named = [re.match(r'text in the (.+?) placeholder of layout "(.+?)" ', f.message).groups() for f in findings]
    assert named == [
        (placeholder, layout)
        for layout in ("Section Header", "Title and Content", "Two Content")  # the title slide has neither
        for placeholder in ("footer", "slide number")
    ]
    for finding in findings:
        assert "is #000000 on #1F2A44, a contrast of 1.47:1; WCAG 2.2 AA needs 4.5:1" in finding.message
        assert "the text must be lighter: white (#FFFFFF) reaches 14.26:1" in finding.message
        assert "that placeholder's text colour" in finding.message


def test_pale_footers_on_a_white_master_are_told_to_go_darker(tmp_path):
    with zipfile.ZipFile(TEMPLATES / "deck.pptx") as source, zipfile.ZipFile(tmp_path / "pale.pptx", "w") as pale:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "ppt/slideMasters/slideMaster1.xml":
                data = data.replace(
                    b'<a:srgbClr val="595959"/>', b'<a:srgbClr val="D0D0D0"/>'
                )  # dates, footers, numbers
            pale.writestr(item, data)
    findings = diagnose(tmp_path / "pale.pptx").findings
    assert len(findings) == 6 and {f.code for f in findings} == {"template.contrast"}
    assert findings[2].message.startswith(
        'text in the footer placeholder of layout "Title and Content" is #D0D0D0 on #FFFFFF, a contrast of 1.54:1; '
        "WCAG 2.2 AA needs 4.5:1 — the background is light, so the text must be darker: black (#000000)"
    )


def test_a_template_without_content_layout_suggests_a_spare_one(tmp_path):
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    content = layout(prs, "Title and Content")
    content.name = "Content"
    content.element.attrib.pop("type")
    for shape in list(content.placeholders):
        if shape.placeholder_format.idx == 1:
            shape.element.getparent().remove(shape.element)
    prs.save(str(tmp_path / "brand.pptx"))
    result = run("doctor", "brand.pptx")
    assert result.exit_code == 1
    assert "  Title and Content  for every content slide      MISSING" in result.output
    assert 'Rename "Content" to "Title and Content"' in result.output


def test_a_removed_layout_is_named_with_what_the_file_has(tmp_path):
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    prs.slide_layouts.remove(layout(prs, "Title and Content"))
    prs.save(str(tmp_path / "brand.pptx"))
    [finding] = diagnose(tmp_path / "brand.pptx").findings
    assert finding.code == "template.layout-missing"
    assert finding.message.startswith(
        'the template has no layout named "Title and Content", which every content slide uses; '
        'it has "Title Slide", "Section Header", "Two Content". Rename a layout to match'
    )


def test_a_missing_optional_layout_names_its_stand_in(tmp_path):
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    prs.slide_layouts.remove(layout(prs, "Section Header"))
    prs.save(str(tmp_path / "brand.pptx"))
    [finding] = diagnose(tmp_path / "brand.pptx").findings
    assert (finding.code, finding.severity) == ("template.layout-fallback", Severity.WARNING)
    assert 'section slides will use "Title and Content" instead' in finding.message
    assert run("doctor", "brand.pptx").exit_code == 0


def test_a_layout_without_a_title_placeholder(tmp_path):
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    content = layout(prs, "Title and Content")
    title = next(shape for shape in content.placeholders if shape.placeholder_format.idx == 0)
    title.element.getparent().remove(title.element)
    prs.save(str(tmp_path / "brand.pptx"))
    [finding] = diagnose(tmp_path / "brand.pptx").findings
    assert (finding.code, finding.severity) == ("template.placeholder-missing", Severity.ERROR)
    assert finding.message.startswith('layout "Title and Content" has no title placeholder')


def test_a_notes_master_without_a_body(tmp_path):
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    body = next(shape for shape in prs.notes_master.placeholders if shape.placeholder_format.type == 2)
    body.element.getparent().remove(body.element)
    prs.save(str(tmp_path / "brand.pptx"))
    assert codes(tmp_path / "brand.pptx") == [("template.notes-missing", Severity.WARNING)]


def test_a_theme_whose_titles_are_too_faint(tmp_path):
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'<a:srgbClr val="0B4A57"/>', b'<a:srgbClr val="9CC3CB"/>')  # dk2: titles
    prs.save(str(tmp_path / "brand.pptx"))
    findings = diagnose(tmp_path / "brand.pptx").findings
    assert {f.code for f in findings} == {"template.contrast"}
    assert len(findings) == 4  # the title of each of the four layouts
    assert findings[2].message.startswith(
        'text in the title placeholder of layout "Title and Content" is #9CC3CB on #FFFFFF, a contrast of 1.89:1'
    )


def test_a_reference_without_heading_styles_gets_them_supplied(tmp_path):
    document = docx.Document(str(TEMPLATES / "reference.docx"))
    document.styles["Heading 2"].delete()
    document.styles["Question"].delete()
    document.save(str(tmp_path / "brand.docx"))
    result = run("doctor", "brand.docx")
    assert result.exit_code == 0, result.output
    assert "  Heading 2          paragraph  SUPPLIED: the toolkit's own, in your fonts and colours" in result.output
    assert "  Heading 1          paragraph  ok" in result.output
    assert (
        'brand.docx: warning: the reference document has no style for "Heading 2", "Question"; a build adds the '
        "toolkit's own"
    ) in result.output


def test_renamed_headings_are_found_by_outline_level(brand_templates):
    report = diagnose(brand_templates["ngo-reference"])
    rows = dict(report.sections)["styles the toolkit uses"]
    assert '  Heading 1          paragraph  ok: your "NGO Heading 1"'.strip() in [row.strip() for row in rows]
    assert [f.code for f in report.findings] == ["template.style-supplied"]


def test_a_style_mapping_to_a_style_the_reference_lacks_is_an_error(brand_templates, tmp_path):
    reference = tmp_path / "ngo.docx"
    reference.write_bytes(brand_templates["ngo-reference"].read_bytes())
    (tmp_path / "ngo.styles.yaml").write_text("Title: NGO Title\nQuestion Box: NGO Callout\n", encoding="utf-8")
    report = diagnose(reference)
    assert ("style mapping", ["Title → NGO Title", "Question Box → NGO Callout"]) in report.sections
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert [f.message for f in errors] == [
        'the style mapping gives "Question Box" to "NGO Callout", but the reference document has no table style of '
        "that name; correct the name in the mapping, or add the style (Home > Styles)"
    ]


def test_a_file_that_is_not_a_template(tmp_path):
    (tmp_path / "brand.pptx").write_text("not a zip")
    assert codes(tmp_path / "brand.pptx") == [("template.unreadable", Severity.ERROR)]
    (tmp_path / "brand.txt").write_text("text")
    result = run("doctor", "brand.txt")
    assert result.exit_code == 1
    assert "doctor reads .pptx deck templates and .docx reference documents" in result.output


def test_doctor_json(tmp_path):
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    prs.slide_layouts.remove(layout(prs, "Section Header"))
    prs.save(str(tmp_path / "brand.pptx"))
    data = json.loads(run("doctor", "--format", "json", "brand.pptx").output)
    assert data["file"] == "brand.pptx"
    assert "Section Header     for section slides           MISSING" in data["sections"]["layouts the toolkit uses"]
    assert [f["code"] for f in data["findings"]] == ["template.layout-fallback"]
