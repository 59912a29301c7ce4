"""The parts of a .docx around its body: styles, paper, footer, numbering and language."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from toolkit.core.i18n import is_rtl
from toolkit.writers import opc
from toolkit.writers.docx_xml import (
    NAMESPACES,
    R_ID,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_SECTPR,
    W_STYLE_ID,
    W_T,
    W_TAB,
    W_TYPE,
    W_VAL,
    append_run,
    child,
    insert_in_order,
    qn,
)
from toolkit.writers.pptx_fit import fit_one_line
from toolkit.writers.units import Cm, Inches, Length, Pt

if TYPE_CHECKING:
    from toolkit.writers.docx_styles import Styles

RT_STYLES = f"{opc.RT_BASE}/styles"
RT_NUMBERING = f"{opc.RT_BASE}/numbering"
RT_FOOTER = f"{opc.RT_BASE}/footer"
CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CT_DOCUMENT = f"{CT_WORD}.document.main+xml"
CT_STYLES = f"{CT_WORD}.styles+xml"
CT_FOOTER = f"{CT_WORD}.footer+xml"

W_FOOTER_REFERENCE = qn("w:footerReference")
W_NUM, W_NUM_ID, W_ABSTRACT_NUM_ID = qn("w:num"), qn("w:numId"), qn("w:abstractNumId")
W_NUM_PR, W_ILVL, W_POS = qn("w:numPr"), qn("w:ilvl"), qn("w:pos")

# The children of `w:sectPr` in the schema's order, to put a new one in its place.
SECTION_ORDER = (
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)

# The namespaces Word declares on a footer, so its `mc:Ignorable` prefixes resolve; the same
# declarations python-docx's footer template had, so footers compare equal with earlier builds.
FOOTER_NAMESPACES = {
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "mo": "http://schemas.microsoft.com/office/mac/office/2008/main",
    "mv": "urn:schemas-microsoft-com:mac:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": NAMESPACES["r"],
    "v": "urn:schemas-microsoft-com:vml",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w": NAMESPACES["w"],
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpi": "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
MC_IGNORABLE = f"{{{FOOTER_NAMESPACES['mc']}}}Ignorable"


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


def main_part(package: opc.Package) -> str:
    """Return the name of a package's main document part; raise PackageError if it is not a Word document."""
    name = package.related("/", opc.RT_OFFICE_DOCUMENT)
    found = opc.content_type(package, name)
    if found != CT_DOCUMENT:
        raise opc.PackageError(f"its main part is {found or 'of no known type'}, not a Word document")
    return name


def styles_part(package: opc.Package, document_part: str) -> str:
    """Return the name of the document's styles part, adding an empty one if the document has none.

    Word always writes a styles part; without one, every style falls back to the default.
    """
    rel = package.rels(document_part).first(RT_STYLES)
    if rel is not None and not rel.external:
        return rel.target
    root = etree.Element(qn("w:styles"), nsmap={"w": NAMESPACES["w"]})
    package.put_xml("/word/styles.xml", root, CT_STYLES)
    package.rels(document_part).add(RT_STYLES, "/word/styles.xml")
    return "/word/styles.xml"


def clear_body(body: etree._Element) -> etree._Element:
    """Remove the reference's specimen content; return the final section properties, added if missing."""
    for element in list(body):
        if element.tag != W_SECTPR:
            body.remove(element)
    return child(body, "w:sectPr")


def set_paper(section: etree._Element, paper: str) -> Length:
    """Give the section the paper size `paper` ("a4" or "letter") and its margins; return the text width."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r}; expected one of {', '.join(PAPERS)}")
    size = PAPERS[paper]
    page = _section_child(section, "w:pgSz")
    page.set(qn("w:w"), str(size.width.twips))
    page.set(qn("w:h"), str(size.height.twips))
    margins = _section_child(section, "w:pgMar")
    for side in ("left", "right", "top", "bottom"):
        margins.set(qn(f"w:{side}"), str(size.margin.twips))
    margins.set(qn("w:footer"), str(FOOTER_DISTANCE.twips))
    return Length(size.width - 2 * size.margin)


def set_section_direction(section: etree._Element, right_to_left: bool) -> None:
    """Make the section right-to-left (`w:bidi`) for a right-to-left language, else leave it as the reference has it.

    Paragraphs are right-to-left through the style defaults; the section's own direction
    also puts the gutter, page-number side and columns where a right-to-left reader expects.
    """
    if right_to_left:
        _section_child(section, "w:bidi")


def _section_child(section: etree._Element, tag: str) -> etree._Element:
    """Return the `tag` child of a `w:sectPr`, added in the schema's place when there is none."""
    found = section.find(qn(tag))
    if found is None:
        found = section.makeelement(qn(tag), {})
        insert_in_order(section, found, SECTION_ORDER[SECTION_ORDER.index(tag) + 1 :])
    return found


def write_footer(
    package: opc.Package, document_part: str, section: etree._Element, title: str, styles: Styles, width: Length
) -> None:
    """Replace the section's footer with the title, then "page / pages" at the right margin.

    The page number has no word before it, so it reads the same in every language.
    """
    footer = _footer(package, document_part, section)
    del footer[:]
    paragraph = etree.SubElement(footer, W_P)
    properties = etree.SubElement(paragraph, W_PPR)
    style_id = styles.id("Footer")
    if style_id is not None:
        etree.SubElement(properties, W_PSTYLE).set(W_VAL, style_id)
    _right_tab_only(properties, styles["Footer"], width)
    if title:
        append_run(paragraph, footer_title(title, styles["Footer"], width))
    append_run(paragraph, "\t")
    _add_field(paragraph, "PAGE")
    append_run(paragraph, " / ")
    _add_field(paragraph, "NUMPAGES")


FOOTER_SIZE = Pt(10)  # the shipped reference's footer, for a Footer style that gives no size
PAGE_NUMBER_CHARACTERS = 12  # "123 / 123" and the gap before it, in average characters
# Fonts as wide as the bundled Liberation Sans the text is measured with, or narrower; a
# footer in another font (Verdana, Tahoma, DejaVu Sans: up to a fifth wider) gets a fifth
# less room, so it stays on one line however the font is substituted.
MEASURED_FONTS = {"liberation sans", "arial", "helvetica", "arimo", "calibri", "carlito", "aptos"}
OTHER_FONT_ROOM = 0.8


def footer_title(title: str, style: etree._Element | None, width: Length) -> str:
    """Return the title as it fits on the footer's line before the page number: whole, or shortened with "…".

    A long title ("Recherche de la vérité … — guide de l'animateur") would otherwise wrap the
    footer onto a second line. A title "module — kind of document" keeps its kind and
    shortens the module's title. Measured with the bundled Liberation Sans, as slide text is.
    """
    size_value = _inherited(style, "w:sz")
    size = Pt(int(size_value) / 2) if size_value and size_value.isdigit() else FOOTER_SIZE
    font = _inherited(style, "w:rFonts", qn("w:ascii"))
    room = width - size * PAGE_NUMBER_CHARACTERS // 2  # an average character is about half its size wide
    room = Length(room if font is None or font.lower() in MEASURED_FONTS else room * OTHER_FONT_ROOM)
    fitted = fit_one_line(title, size, room)
    module_title, dash, kind = title.rpartition(" — ")
    if fitted == title or not dash:
        return fitted
    # Shorten the module's title, not what the document is ("— facilitator guide").
    words = module_title.split(" ")
    for count in range(len(words) - 1, 0, -1):
        shortened = " ".join(words[:count]).rstrip(" ,;:–—-") + "\u2026" + dash + kind
        if fit_one_line(shortened, size, room) == shortened:
            return shortened
    return fitted


def _inherited(style: etree._Element | None, tag: str, attribute: str = W_VAL) -> str | None:
    """Return a run property's value as a paragraph style gives it: its own, its `basedOn` styles', or the defaults'.

    None when none of them gives it (a theme font, which the reference's theme names, counts as none).
    """
    root = style.getparent() if style is not None else None
    if style is None or root is None:
        return None
    seen: set[str] = set()
    current: etree._Element | None = style
    while current is not None and current.get(W_STYLE_ID) not in seen:
        seen.add(current.get(W_STYLE_ID, ""))
        found = current.find(f"{qn('w:rPr')}/{qn(tag)}")
        if found is not None and found.get(attribute):
            return found.get(attribute)
        based_on = current.find(qn("w:basedOn"))
        parent_id = based_on.get(W_VAL) if based_on is not None else None
        current = next((s for s in root.iterchildren(qn("w:style")) if s.get(W_STYLE_ID) == parent_id), None)
    found = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn(tag)}")
    return found.get(attribute) if found is not None else None


def _footer(package: opc.Package, document_part: str, section: etree._Element) -> etree._Element:
    """Return the root of the section's default footer, adding a footer part when it has none."""
    relationships = package.rels(document_part)
    reference = next((r for r in section.iterchildren(W_FOOTER_REFERENCE) if r.get(W_TYPE) == "default"), None)
    rel = relationships.by_id(reference.get(R_ID, "")) if reference is not None else None
    if rel is not None and not rel.external and package.has(rel.target):
        return package.xml(rel.target)
    name = next(f"/word/footer{n}.xml" for n in itertools.count(1) if not package.has(f"/word/footer{n}.xml"))
    root = etree.Element(qn("w:ftr"), {MC_IGNORABLE: "w14 wp14"}, nsmap=FOOTER_NAMESPACES)
    package.put_xml(name, root, CT_FOOTER)
    if reference is None:  # else it pointed nowhere, and now points at the new part
        reference = section.makeelement(W_FOOTER_REFERENCE, {W_TYPE: "default"})
        insert_in_order(section, reference, SECTION_ORDER[2:])
    reference.set(R_ID, relationships.add(RT_FOOTER, name))
    return root


def _right_tab_only(properties: etree._Element, style: etree._Element | None, width: Length) -> None:
    """Give a paragraph one right-aligned tab stop at `width`, clearing the tab stops of its style.

    Word's own footer style has a centre tab that would catch the page number half way.
    Stops are written in order of position, as Word keeps them.
    """
    stops = [(position, "clear") for position in _tab_positions(style)] + [(width.twips, "right")]
    tabs = etree.SubElement(properties, qn("w:tabs"))
    for position, alignment in sorted(stops, key=lambda stop: stop[0]):
        etree.SubElement(tabs, W_TAB, {W_POS: str(position), W_VAL: alignment})


def _tab_positions(style: etree._Element | None) -> list[int]:
    """Return the positions in twips of a paragraph style's tab stops; ones not in plain twips are left out."""
    tabs = style.find(f"{W_PPR}/{qn('w:tabs')}") if style is not None else None
    positions = []
    for tab in tabs.iterchildren(W_TAB) if tabs is not None else ():
        try:
            positions.append(round(float(tab.get(W_POS, ""))))
        except ValueError:
            continue  # a measure with a unit ("2cm"), which Word itself never writes
    return positions


def _add_field(paragraph: etree._Element, instruction: str) -> None:
    """Append a simple field; its shown value "1" stands until the application updates it."""
    field = etree.SubElement(paragraph, qn("w:fldSimple"), {qn("w:instr"): f" {instruction} "})
    etree.SubElement(etree.SubElement(field, W_R), W_T).text = "1"


def restart_numbering(
    package: opc.Package, document_part: str, style: etree._Element | None, start: int = 1
) -> int | None:
    """Return the id of a new numbering that restarts the list of `style` at `start`, or None if it has no list.

    Paragraphs of one numbering count on across the whole document; each ordered list gets its
    own numbering that points at the style's list definition and starts again (at 1, or where
    an earlier list stopped).
    """
    num_pr = _style_numbering(style)
    style_num = num_pr.find(W_NUM_ID) if num_pr is not None else None
    rel = package.rels(document_part).first(RT_NUMBERING)
    if style_num is None or rel is None or rel.external:
        return None
    numbering = package.xml(rel.target)
    nums = list(numbering.iterchildren(W_NUM))
    num = next((n for n in nums if n.get(W_NUM_ID) == style_num.get(W_VAL)), None)
    abstract = num.find(W_ABSTRACT_NUM_ID) if num is not None else None
    if abstract is None:
        return None
    taken = {int(value) for n in nums if (value := n.get(W_NUM_ID, "")).isdigit()}
    num_id = next(number for number in itertools.count(1) if number not in taken)
    new = numbering.makeelement(W_NUM, {W_NUM_ID: str(num_id)})
    etree.SubElement(new, W_ABSTRACT_NUM_ID, {W_VAL: abstract.get(W_VAL, "")})
    override = etree.SubElement(new, qn("w:lvlOverride"), {W_ILVL: "0"})
    etree.SubElement(override, qn("w:startOverride"), {W_VAL: str(start)})
    insert_in_order(numbering, new, ("w:numIdMacAtCleanup",))
    return num_id


def use_numbering(paragraph: etree._Element, num_id: int) -> None:
    """Make `paragraph` an item of the numbering `num_id`, at the top level.

    A new paragraph has at most a style in its properties, and `w:numPr` comes right after it.
    """
    num_pr = etree.SubElement(opc.first_child(paragraph, W_PPR), W_NUM_PR)
    etree.SubElement(num_pr, W_ILVL, {W_VAL: "0"})
    etree.SubElement(num_pr, W_NUM_ID, {W_VAL: str(num_id)})


def has_numbering(style: etree._Element | None) -> bool:
    """Return True when `style` itself puts a bullet or number before its paragraphs."""
    return _style_numbering(style) is not None


def _style_numbering(style: etree._Element | None) -> etree._Element | None:
    """Return the `w:numPr` of a paragraph style, or None."""
    p_pr = style.find(W_PPR) if style is not None else None
    return p_pr.find(W_NUM_PR) if p_pr is not None else None


def set_default_language(styles: etree._Element, language: str) -> None:
    """Set `w:lang` in the style defaults, so spelling and hyphenation use the document's language.

    For a right-to-left language every paragraph becomes right-to-left (`w:bidi`), and runs
    are marked as complex-script text in that language, so Word and LibreOffice shape and
    order Arabic script and align paragraphs on the right.
    """
    defaults = child(styles, "w:docDefaults", first=True)
    run_properties = child(child(defaults, "w:rPrDefault", first=True), "w:rPr")
    lang = child(run_properties, "w:lang")
    lang.set(W_VAL, language)
    if is_rtl(language):
        lang.set(qn("w:bidi"), language)
        lang.addprevious(lang.makeelement(qn("w:rtl"), {}))  # the schema orders w:rtl just before w:lang
        paragraph_defaults = child(child(defaults, "w:pPrDefault"), "w:pPr")
        insert_in_order(paragraph_defaults, paragraph_defaults.makeelement(qn("w:bidi"), {}), _AFTER_BIDI)
        _complex_script_like_latin(styles)


def _complex_script_like_latin(styles: etree._Element) -> None:
    """Give Arabic-script text the size and weight each style gives Latin text.

    Word and LibreOffice size and embolden right-to-left script with `w:szCs` and `w:bCs`,
    which reference documents rarely set: without this, headings come out as body text.
    """
    pairs = [
        (qn(latin), qn(complex_script))
        for latin, complex_script in (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs"))
    ]
    for run_properties in styles.iter(qn("w:rPr")):
        for latin, complex_script in pairs:
            source = run_properties.find(latin)
            if source is not None and run_properties.find(complex_script) is None:
                # The schema places each complex-script twin right after its Latin one.
                source.addnext(source.makeelement(complex_script, dict(source.attrib)))  # type: ignore[misc]  # lxml-stubs: str | bytes; lxml gives str


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
