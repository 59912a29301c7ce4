"""The parts of a .docx around its body: paper, footer, numbering, language and document properties."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Length
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph as DocxParagraph

from toolkit.doctree import Metadata
from toolkit.i18n import is_rtl
from toolkit.writers.docx_styles import Styles
from toolkit.writers.properties import fill_core_properties


@dataclass(frozen=True)
class Paper:
    """A paper size and the margin kept on every side of it."""

    width: Length
    height: Length
    margin: Length


PAPERS = {
    "a4": Paper(Cm(21), Cm(29.7), Cm(2)),
    "letter": Paper(Inches(8.5), Inches(11), Inches(0.8)),
}
FOOTER_DISTANCE = Cm(1)


def clear_body(document: DocxDocument) -> None:
    """Remove the reference's specimen content, keeping the final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def set_paper(document: DocxDocument, paper: str) -> Length:
    """Give every section the paper size `paper` ("a4" or "letter") and its margins; return the text width."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r}; expected one of {', '.join(PAPERS)}")
    size = PAPERS[paper]
    for section in document.sections:
        section.page_width, section.page_height = size.width, size.height
        section.left_margin = section.right_margin = size.margin
        section.top_margin = section.bottom_margin = size.margin
        section.footer_distance = FOOTER_DISTANCE
    return Length(size.width - 2 * size.margin)


def write_footer(document: DocxDocument, title: str, styles: Styles, width: Length) -> None:
    """Replace every section's footer with the title, then "page / pages" at the right margin.

    The page number has no word before it, so it reads the same in every language.
    """
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        for child in list(footer._element):  # python-docx has no API to empty a footer
            footer._element.remove(child)
        paragraph = footer.add_paragraph(title)
        paragraph._p.style = styles.id("Footer")  # by id: the style objects belong to the cached reference
        _right_tab_only(paragraph, styles["Footer"], width)
        paragraph.add_run("\t")
        _add_field(paragraph, "PAGE")
        paragraph.add_run(" / ")
        _add_field(paragraph, "NUMPAGES")


def _right_tab_only(paragraph: DocxParagraph, style: BaseStyle | None, width: Length) -> None:
    """Give `paragraph` one right-aligned tab stop at `width`, clearing the tab stops of its style.

    Word's own footer style has a centre tab that would catch the page number half way.
    """
    tab_stops = paragraph.paragraph_format.tab_stops
    for stop in style.paragraph_format.tab_stops if style is not None else ():
        tab_stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _add_field(paragraph: DocxParagraph, instruction: str) -> None:
    """Append a simple field; its shown value "1" stands until the application updates it."""
    field = OxmlElement("w:fldSimple", {qn("w:instr"): f" {instruction} "})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def restart_numbering(document: DocxDocument, style: BaseStyle | None) -> int | None:
    """Return the id of a new numbering that restarts the list of `style` at 1, or None if it has no list.

    Paragraphs of one numbering count on across the whole document; each ordered list gets its
    own numbering that points at the style's list definition and starts again at 1.
    """
    num_pr = _style_numbering(style)
    if num_pr is None or num_pr.numId is None:
        return None
    numbering = document.part.numbering_part.element
    try:
        abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    except KeyError:
        return None
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def use_numbering(paragraph: DocxParagraph, num_id: int) -> None:
    """Make `paragraph` an item of the numbering `num_id`, at the top level."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def has_numbering(style: BaseStyle | None) -> bool:
    """Return True when `style` itself puts a bullet or number before its paragraphs."""
    return _style_numbering(style) is not None


def _style_numbering(style: BaseStyle | None):
    """Return the `w:numPr` of a paragraph style, or None."""
    p_pr = style.element.pPr if style is not None else None
    return p_pr.numPr if p_pr is not None else None


def set_properties(document: DocxDocument, metadata: Metadata) -> None:
    """Record the metadata in the core properties and the language in the style defaults.

    Dates come from SOURCE_DATE_EPOCH (or a fixed date), so the same input gives the same file.
    """
    fill_core_properties(document.core_properties, metadata)
    _set_default_language(document, metadata.language)


def _set_default_language(document: DocxDocument, language: str) -> None:
    """Set `w:lang` in the style defaults, so spelling and hyphenation use the document's language.

    For a right-to-left language every paragraph becomes right-to-left (`w:bidi`), and runs
    are marked as complex-script text in that language, so Word and LibreOffice shape and
    order Arabic script and align paragraphs on the right.
    """
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults", first=True)
    run_properties = _child(_child(defaults, "w:rPrDefault", first=True), "w:rPr")
    lang = _child(run_properties, "w:lang")
    lang.set(qn("w:val"), language)
    if is_rtl(language):
        lang.set(qn("w:bidi"), language)
        lang.addprevious(OxmlElement("w:rtl"))  # the schema orders w:rtl just before w:lang
        paragraph_properties = _child(_child(defaults, "w:pPrDefault"), "w:pPr")
        _insert_in_order(paragraph_properties, OxmlElement("w:bidi"), _AFTER_BIDI)
        _complex_script_like_latin(styles)


def _complex_script_like_latin(styles) -> None:
    """Give Arabic-script text the size and weight each style gives Latin text.

    Word and LibreOffice size and embolden right-to-left script with `w:szCs` and `w:bCs`,
    which reference documents rarely set: without this, headings come out as body text.
    """
    for run_properties in styles.iter(qn("w:rPr")):
        for latin, complex_script in (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs")):
            source = run_properties.find(qn(latin))
            if source is not None and run_properties.find(qn(complex_script)) is None:
                copy = OxmlElement(complex_script)
                for name, value in source.attrib.items():
                    copy.set(name, value)
                source.addnext(copy)  # the schema places each complex-script twin right after its Latin one


# Paragraph properties that the schema places after `w:bidi`.
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:outlineLvl",
    "w:rPr",
)


def _insert_in_order(parent, element, followers: tuple[str, ...]) -> None:
    """Insert `element` before the first child named in `followers`, or last when there is none."""
    for child in parent:
        if child.tag in {qn(tag) for tag in followers}:
            child.addprevious(element)
            return
    parent.append(element)


def _child(parent, tag: str, first: bool = False):
    """Return the `tag` child of `parent`, adding it (first or last) when there is none."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        if first:
            parent.insert(0, child)
        else:
            parent.append(child)
    return child
