"""Build `templates/reference.docx`, the default reference document whose styles the Word writer uses.

Run `python templates/make_reference_docx.py`: the output is byte-identical on every run.

Designers can restyle the result in Word or LibreOffice and pass it with `--docx-reference`; the
writer looks styles up by name only, so names must stay as they are here. The body holds one
specimen paragraph per style so a designer sees every style on screen; the writer discards it.

Colours were chosen for contrast on white (and on each box's tint): text 1A1A1A 17:1, accent
1F3864 12:1, links 1B5797 7.3:1, footer 595959 7:1.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Length, Pt, RGBColor

OUTPUT = Path(__file__).with_name("reference.docx")
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans
TEXT = RGBColor(0x1A, 0x1A, 0x1A)
ACCENT = RGBColor(0x1F, 0x38, 0x64)
LINK = RGBColor(0x1B, 0x57, 0x97)
MUTED = RGBColor(0x59, 0x59, 0x59)
BODY_SIZE = Pt(11)
NO_SPACE = Pt(0)
PARAGRAPH_GAP = Pt(8)
RULE = "8C8C8C"  # write lines and table borders: visible, but lighter than text
LIST_INDENT = Cm(0.63)  # where a list item's text starts; its marker hangs to the left of it

# Styles the writer needs; everything else from python-docx's default template is dropped so the
# style gallery a designer sees is short.
KEPT_STYLES = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Title",
    "heading 1",
    "heading 2",
    "heading 3",
    "List Paragraph",
    "List Bullet",
    "List Number",
    "Table Grid",
    "footer",
    "caption",
    "Strong",
    "Emphasis",
}


@dataclass(frozen=True)
class ParagraphLook:
    """How one paragraph style looks: sizes in points, spacing before and after."""

    size: Length = BODY_SIZE
    bold: bool = False
    color: RGBColor = TEXT
    before: Length = NO_SPACE
    after: Length = PARAGRAPH_GAP
    keep_with_next: bool = False
    outline_level: int | None = None
    hanging: Length | None = None  # a hanging indent with a tab stop, for a marker the writer types


@dataclass(frozen=True)
class BoxLook:
    """How one kind of box looks: the table style name, its tint and the colour of its left bar."""

    name: str
    tint: str
    bar: str


PARAGRAPH_LOOKS: dict[str, ParagraphLook] = {
    "Normal": ParagraphLook(),
    "Title": ParagraphLook(Pt(24), True, ACCENT, Pt(0), Pt(14), True),
    "Heading 1": ParagraphLook(Pt(16), True, ACCENT, Pt(20), Pt(6), True, 0),
    "Heading 2": ParagraphLook(Pt(13), True, ACCENT, Pt(14), Pt(4), True, 1),
    "Heading 3": ParagraphLook(Pt(11.5), True, TEXT, Pt(10), Pt(3), True, 2),
    "List Bullet": ParagraphLook(after=Pt(4)),
    "List Number": ParagraphLook(after=Pt(4)),
    "Checklist": ParagraphLook(after=Pt(4), hanging=LIST_INDENT),
    "Question": ParagraphLook(after=Pt(6)),
    "Box Text": ParagraphLook(after=Pt(6)),
    "Safeguarding": ParagraphLook(after=Pt(6)),
    "Content Note": ParagraphLook(after=Pt(6)),
    # Nothing smaller than 11 pt but the footer (10 pt): box labels and tables read as easily as the text.
    "Box Label": ParagraphLook(Pt(11), True, ACCENT, Pt(0), Pt(4)),
    "Table Heading": ParagraphLook(Pt(11), True, TEXT, Pt(0), Pt(0), True),
    "Table Text": ParagraphLook(Pt(11), False, TEXT, Pt(0), Pt(0)),
    # A table's title, kept with its table; Word lists captions and screen readers read them with the table.
    "Caption": ParagraphLook(Pt(11), True, TEXT, Pt(6), Pt(4), True),
    "Footer": ParagraphLook(Pt(10), False, MUTED, Pt(0), Pt(0)),
}

BOX_LOOKS = (
    BoxLook("Question Box", "EAF0F8", "1F3864"),
    BoxLook("Note Box", "F2F2F2", "595959"),
    BoxLook("Example Box", "EDF5EC", "2E6B30"),
    BoxLook("Safeguarding Box", "FBECEC", "A4262C"),
    BoxLook("Content Note Box", "FFF5D9", "7A5600"),
)

SPECIMEN = (
    ("Title", "Reference document"),
    ("Normal", "Body text (Normal). The writer discards this body and keeps only the styles."),
    ("Heading 1", "Heading 1: a section"),
    ("Heading 2", "Heading 2: a subsection"),
    ("Heading 3", "Heading 3: a minor heading"),
    ("List Bullet", "List Bullet"),
    ("List Number", "List Number"),
    ("Checklist", "\u2610\tChecklist: the writer types the box to tick"),
    ("Box Label", "Box Label: the first line of every box"),
    ("Question", "Question: text inside a question box"),
    ("Box Text", "Box Text: text inside a note or example box"),
    ("Safeguarding", "Safeguarding: text inside a safeguarding box"),
    ("Content Note", "Content Note: text inside a content note box"),
    ("Write Line", ""),
    ("Caption", "Caption: the title of the table below it"),
    ("Table Heading", "Table Heading"),
    ("Table Text", "Table Text"),
)


def main() -> None:
    """Write the reference document next to this script."""
    OUTPUT.write_bytes(build())
    sys.stdout.write(f"wrote {OUTPUT}\n")


def build() -> bytes:
    """Return the bytes of the reference document."""
    document = docx.Document()
    _drop_unused_styles(document)
    _set_defaults(document)
    _set_numbering(document)
    for name, look in PARAGRAPH_LOOKS.items():
        _apply_look(_paragraph_style(document, name), look)
    _add_write_line_style(document)
    _add_hyperlink_style(document)
    _add_table_style(document)
    for look in BOX_LOOKS:
        _add_box_style(document, look)
    _set_page(document)
    _set_word_2013_layout(document)
    _write_specimen(document)
    _set_properties(document)
    _drop_unneeded_parts(document)
    return _fixed_zip(document)


def _drop_unused_styles(document) -> None:
    """Remove every style not in KEPT_STYLES; latent style entries stay so Word keeps its built-ins.

    The links from kept paragraph styles to their dropped "… Char" twins go too.
    """
    root = document.styles.element
    for style in root.findall(qn("w:style")):
        if style.find(qn("w:name")).get(qn("w:val")) not in KEPT_STYLES:
            root.remove(style)
        for link in style.findall(qn("w:link")):
            style.remove(link)


def _set_defaults(document) -> None:
    """Make Arial 11 pt the document default, replacing the theme fonts of the default template."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )


def _set_numbering(document) -> None:
    """Replace the default numbering with one bullet and one decimal list, linked to the list styles.

    numId 1 is bullets and numId 2 is numbers; the writer restarts numbering by adding a new
    numId that points at the same abstract list.
    """
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    numbering.append(_abstract_list(0, "bullet", "\u2022", "ListBullet"))
    numbering.append(_abstract_list(1, "decimal", "%1.", "ListNumber"))
    for num_id, abstract_id in ((1, 0), (2, 1)):
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
        )
    for name, num_id in (("List Bullet", 1), ("List Number", 2)):
        document.styles[name].element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num_id


def _abstract_list(abstract_id: int, number_format: str, text: str, style_id: str):
    """Return a one-level `w:abstractNum` whose marker hangs in a 0.63 cm indent."""
    indent = LIST_INDENT.twips
    font = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:hint="default"/></w:rPr>'
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="5A5A00{abstract_id:02X}"/><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:pStyle w:val="{style_id}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr>'
        f"{font if number_format == 'bullet' else ''}</w:lvl></w:abstractNum>"
    )


def _paragraph_style(document, name: str):
    """Return the paragraph style called `name`, created on Normal when the template lacks it."""
    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.quick_style = True
        return style


def _apply_look(style, look: ParagraphLook) -> None:
    """Replace a paragraph style's formatting with `look`, keeping its numbering."""
    _clear_formatting(style)
    style.font.size = look.size
    style.font.bold = look.bold
    style.font.color.rgb = look.color
    fmt = style.paragraph_format
    fmt.space_before = look.before
    fmt.space_after = look.after
    fmt.line_spacing = 1.15 if look.size <= Pt(12) else 1.0
    fmt.keep_with_next = look.keep_with_next
    fmt.widow_control = True
    if look.hanging is not None:
        fmt.left_indent = look.hanging
        fmt.first_line_indent = -look.hanging
        fmt.tab_stops.add_tab_stop(look.hanging)
    if look.outline_level is not None:
        style.element.pPr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{look.outline_level}"/>'))


def _clear_formatting(style) -> None:
    """Remove a style's run properties and every paragraph property except its numbering."""
    element = style.element
    if element.rPr is not None:
        element.remove(element.rPr)
    if element.pPr is not None:
        for child in list(element.pPr):
            if child.tag != qn("w:numPr"):
                element.pPr.remove(child)


def _add_write_line_style(document) -> None:
    """Add "Write Line": an empty ruled line about 9 mm high for handwriting.

    Word joins neighbouring paragraphs with equal borders into one group and draws only the
    outer borders, so the rule is given both as the bottom and as the between border.
    """
    style = _paragraph_style(document, "Write Line")
    _clear_formatting(style)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(26)
    rule = f'w:val="single" w:sz="4" w:space="1" w:color="{RULE}"'
    style.element.pPr.insert(0, parse_xml(f"<w:pBdr {nsdecls('w')}><w:bottom {rule}/><w:between {rule}/></w:pBdr>"))


def _add_hyperlink_style(document) -> None:
    """Add the "Hyperlink" character style: underlined, in a link colour with 7:1 contrast."""
    style = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    style.base_style = document.styles["Default Paragraph Font"]
    style.font.color.rgb = LINK
    style.font.underline = True


def _add_table_style(document) -> None:
    """Add "Toolkit Table": light rules, roomy cells and a tinted header row with a strong rule."""
    style = document.styles.add_style("Toolkit Table", WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Normal Table"]
    rule = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    borders = "".join(f"<w:{edge} {rule}/>" for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    style.element.append(
        parse_xml(
            f"<w:tblPr {nsdecls('w')}><w:tblBorders>{borders}</w:tblBorders>"
            f"{_cell_margins(Cm(0.08), Cm(0.19), Cm(0.08), Cm(0.19))}</w:tblPr>"
        )
    )
    style.element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr>'
            f'<w:tcBorders><w:bottom w:val="single" w:sz="12" w:space="0" w:color="{ACCENT}"/></w:tcBorders>'
            '<w:shd w:val="clear" w:color="auto" w:fill="DCE4F0"/></w:tcPr></w:tblStylePr>'
        )
    )


def _add_box_style(document, look: BoxLook) -> None:
    """Add a one-cell box table style: a tinted cell with a thick bar on its left edge."""
    style = document.styles.add_style(look.name, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Normal Table"]
    bar = f'<w:left w:val="single" w:sz="24" w:space="0" w:color="{look.bar}"/>'
    style.element.append(
        parse_xml(
            f"<w:tblPr {nsdecls('w')}><w:tblBorders>{bar}</w:tblBorders>"
            f"{_cell_margins(Cm(0.25), Cm(0.4), Cm(0.2), Cm(0.3))}</w:tblPr>"
        )
    )
    style.element.append(
        parse_xml(
            f"<w:tcPr {nsdecls('w')}><w:tcBorders>{bar}</w:tcBorders>"
            f'<w:shd w:val="clear" w:color="auto" w:fill="{look.tint}"/></w:tcPr>'
        )
    )


def _cell_margins(top: Length, left: Length, bottom: Length, right: Length) -> str:
    """Return a `w:tblCellMar` element as XML text."""
    sides = (("top", top), ("left", left), ("bottom", bottom), ("right", right))
    return "<w:tblCellMar>" + "".join(f'<w:{s} w:w="{v.twips}" w:type="dxa"/>' for s, v in sides) + "</w:tblCellMar>"


def _set_page(document) -> None:
    """Make the page A4 with 2 cm margins; the writer sets the paper per document."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.header_distance = section.footer_distance = Cm(1)


def _set_word_2013_layout(document) -> None:
    """Lay out as Word 2013 and later do, where a table's border, not its text, lines up with the margin."""
    settings = document.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _write_specimen(document) -> None:
    """Write one paragraph per style and a small table, so a designer can see every style."""
    for name, text in SPECIMEN:
        document.add_paragraph(text, style=name)
    table = document.add_table(rows=2, cols=2, style="Toolkit Table")
    for row, style in zip(table.rows, ("Table Heading", "Table Text")):
        for cell in row.cells:
            cell.paragraphs[0].text = style
            cell.paragraphs[0].style = style
    for look in BOX_LOOKS:
        document.add_paragraph()
        document.add_table(rows=1, cols=1, style=look.name).cell(0, 0).paragraphs[0].text = look.name


def _set_properties(document) -> None:
    """Give the reference fixed document properties so every run writes the same bytes."""
    props = document.core_properties
    props.title = "Reference document for the Gender & SSR training toolkit"
    props.author = props.last_modified_by = "Gender & SSR training toolkit"
    props.comments = "Styles for the Word writer; looked up by name."
    props.revision = 1
    props.created = props.modified = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _drop_unneeded_parts(document) -> None:
    """Drop parts of python-docx's default template that every output would otherwise carry.

    The thumbnail shows a blank page, not the document; stylesWithEffects (430 kB) is a Word 2010
    duplicate of the styles that later versions ignore; customXml holds an empty bibliography.
    """
    unneeded = {RT.THUMBNAIL, RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
    for rels in (document.part.package.rels, document.part.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in unneeded]:
            del rels[r_id]


def _fixed_zip(document) -> bytes:
    """Return the saved document re-zipped with fixed timestamps."""
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), source.read(name), zipfile.ZIP_DEFLATED)
    return out.getvalue()


if __name__ == "__main__":
    main()
