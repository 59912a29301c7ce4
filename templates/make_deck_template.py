"""Build templates/deck.pptx, the default 16:9 slide template, from python-pptx's own default.

Run `python templates/make_deck_template.py`; the same python-pptx version gives the same bytes.
Every colour, size and position of the template is decided here, so the design can be
reviewed as code: Arial theme fonts, dark text on white, one teal accent, body text of
at least 18 pt and four layouts with PowerPoint's standard names (Title Slide, Section
Header, Title and Content, Two Content). The script checks text contrast before saving.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Inches, Length, Pt

OUTPUT = Path(__file__).with_name("deck.pptx")
KEEP_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Two Content")
FIXED_DATE = datetime(2000, 1, 1)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

SLIDE_WIDTH = Emu(12192000)  # 13.333 in, exactly 16:9 with 7.5 in
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.6)
CONTENT_WIDTH = Emu(SLIDE_WIDTH - 2 * MARGIN)
GUTTER = Inches(0.333)
BAND = Inches(0.3)

# One accent (teal) and its dark shade for titles; greys only where text is secondary.
PALETTE = {
    "dk1": "1F2A30",  # body text
    "lt1": "FFFFFF",  # background
    "dk2": "0B4A57",  # titles
    "lt2": "E6F0F2",  # section background
    "accent1": "0E6B78",
    "accent2": "3D4A50",
    "accent3": "5E8C94",
    "accent4": "8AA8AE",
    "accent5": "B5C9CC",
    "accent6": "595959",
    "hlink": "0E6B78",
    "folHlink": "5B3F86",
}
FOOTER_GREY = "595959"
SUBTITLE_GREY = "3D4A50"
MIN_CONTRAST = 4.5
# Text colour on the background it is shown on: every pair must reach MIN_CONTRAST.
TEXT_ON_BACKGROUND = (
    ("dk1", "lt1"),
    ("dk2", "lt1"),
    ("dk1", "lt2"),
    ("dk2", "lt2"),
    ("hlink", "lt1"),
    ("hlink", "lt2"),
    ("folHlink", "lt1"),
    ("lt1", "accent1"),  # table header row
)

DECORATIVE_EXT = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide."""

    left: Length
    top: Length
    width: Length
    height: Length

    def xfrm(self) -> str:
        """Return the box as an `a:xfrm` element."""
        return (
            f'<a:xfrm><a:off x="{int(self.left)}" y="{int(self.top)}"/>'
            f'<a:ext cx="{int(self.width)}" cy="{int(self.height)}"/></a:xfrm>'
        )


TITLE_BOX = Box(MARGIN, Inches(0.35), CONTENT_WIDTH, Inches(1.3))
INSETS = (Inches(0.1), Inches(0.05), Inches(0.1), Inches(0.05))  # left, top, right, bottom: PowerPoint's
TEXT_LEFT = Emu(MARGIN + INSETS[0])  # where text starts inside a box at the margin; rules line up with it
TITLE_RULE = Box(TEXT_LEFT, Inches(1.72), Inches(1.0), Inches(0.06))
BODY_BOX = Box(MARGIN, Inches(1.95), CONTENT_WIDTH, Inches(4.65))
HALF_WIDTH = Emu((CONTENT_WIDTH - GUTTER) // 2)
LEFT_BOX = Box(MARGIN, BODY_BOX.top, HALF_WIDTH, BODY_BOX.height)
RIGHT_BOX = Box(Emu(MARGIN + HALF_WIDTH + GUTTER), BODY_BOX.top, HALF_WIDTH, BODY_BOX.height)
FOOTER_TOP = Inches(6.85)
FOOTER_BOX = Box(MARGIN, FOOTER_TOP, Inches(9.5), Inches(0.4))
NUMBER_BOX = Box(Emu(SLIDE_WIDTH - MARGIN - Inches(1.5)), FOOTER_TOP, Inches(1.5), Inches(0.4))
DATE_BOX = Box(Inches(10.2), FOOTER_TOP, Inches(1.0), Inches(0.4))
TOP_BAND = Box(Emu(0), Emu(0), SLIDE_WIDTH, Inches(0.1))
SIDE_BAND = Box(Emu(0), Emu(0), BAND, SLIDE_HEIGHT)
HERO_LEFT = Inches(1.0)
HERO_WIDTH = Emu(SLIDE_WIDTH - HERO_LEFT - MARGIN)


def relative_luminance(hex_colour: str) -> float:
    """Return the WCAG relative luminance of an RRGGBB colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two RRGGBB colours (1 to 21)."""
    light, dark = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def check_contrast() -> None:
    """Raise SystemExit when a text colour is too faint on its background."""
    pairs = [(PALETTE[fg], PALETTE[bg]) for fg, bg in TEXT_ON_BACKGROUND]
    pairs += [(FOOTER_GREY, PALETTE["lt1"]), (FOOTER_GREY, PALETTE["lt2"]), (SUBTITLE_GREY, PALETTE["lt1"])]
    for foreground, background in pairs:
        ratio = contrast(foreground, background)
        if ratio < MIN_CONTRAST:
            raise SystemExit(f"contrast of {foreground} on {background} is {ratio:.2f}, below {MIN_CONTRAST}")


def solid(colour: str) -> str:
    """Return a solid fill of a scheme colour name or an RRGGBB value."""
    if colour in PALETTE or colour in ("tx1", "tx2", "bg1", "bg2"):
        return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def run_props(size: Length, colour: str, bold: bool = False, fonts: str = "mn") -> str:
    """Return an `a:defRPr` with size, colour and theme fonts (mj = headings, mn = body)."""
    bold_attr = ' b="1"' if bold else ""
    return (
        f'<a:defRPr sz="{round(size.pt * 100)}"{bold_attr} kern="1200">{solid(colour)}'
        f'<a:latin typeface="+{fonts}-lt"/><a:ea typeface="+{fonts}-ea"/><a:cs typeface="+{fonts}-cs"/></a:defRPr>'
    )


def level(n: int, inner: str, **attrs: str) -> str:
    """Return an `a:lvlNpPr` paragraph style with the given attributes and children."""
    text = " ".join(f'{key}="{value}"' for key, value in attrs.items())
    return f"<a:lvl{n}pPr {text}>{inner}</a:lvl{n}pPr>"


def body_levels(first_size: Length) -> str:
    """Return bulleted paragraph styles for levels 1 to 9; none is smaller than 18 pt."""
    indent = Inches(0.35)
    sizes = [first_size, Pt(20)] + [Pt(18)] * 7
    chars = ["\u2022", "\u2013"] * 5
    levels = []
    for n, (size, char) in enumerate(zip(sizes, chars), start=1):
        inner = (
            f'<a:spcBef><a:spcPts val="{round(size.pt * 45)}"/></a:spcBef>'
            f'<a:buClr><a:schemeClr val="accent1"/></a:buClr><a:buFont typeface="Arial"/>'
            f'<a:buChar char="{char}"/>{run_props(size, "tx1")}'
        )
        levels.append(level(n, inner, marL=str(int(indent * n)), indent=str(-int(indent)), algn="l", rtl="0"))
    return "".join(levels)


def plain_level(size: Length, colour: str, bold: bool = False, align: str = "l") -> str:
    """Return a level-1 style without bullets."""
    inner = f'<a:spcBef><a:spcPts val="0"/></a:spcBef><a:buNone/>{run_props(size, colour, bold, "mn")}'
    return level(1, inner, marL="0", indent="0", algn=align)


def title_level(size: Length) -> str:
    """Return the level-1 title style: left-aligned, bold, in the dark accent."""
    inner = f'<a:spcBef><a:spcPts val="0"/></a:spcBef><a:buNone/>{run_props(size, "tx2", True, "mj")}'
    return level(1, inner, algn="l", rtl="0")


def placeholder(
    shape_id: int, name: str, ph: str, box: Box | None, lst_style: str = "", body: str = "<a:bodyPr/>"
) -> str:
    """Return a placeholder `p:sp`; without a box it inherits its position from the master."""
    sp_pr = f"<p:spPr>{box.xfrm()}</p:spPr>" if box else "<p:spPr/>"
    return (
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>{sp_pr}'
        f'<p:txBody>{body}<a:lstStyle>{lst_style}</a:lstStyle><a:p><a:endParaRPr lang="en-GB"/></a:p>'
        f"</p:txBody></p:sp>"
    )


def slide_number_placeholder(
    shape_id: int, idx: int, box: Box | None, lst_style: str = "", body: str = "<a:bodyPr/>"
) -> str:
    """Return a slide-number placeholder whose text is the slide number field."""
    sp_pr = f"<p:spPr>{box.xfrm()}</p:spPr>" if box else "<p:spPr/>"
    return (
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Slide Number Placeholder"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldNum" sz="quarter" idx="{idx}"/>'
        f"</p:nvPr></p:nvSpPr>{sp_pr}<p:txBody>{body}<a:lstStyle>{lst_style}</a:lstStyle>"
        f'<a:p><a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum"><a:rPr lang="en-GB"/>'
        f'<a:t>‹#›</a:t></a:fld><a:endParaRPr lang="en-GB"/></a:p></p:txBody></p:sp>'
    )


def rectangle(shape_id: int, name: str, box: Box, colour: str = "accent1") -> str:
    """Return a decorative filled rectangle without outline, marked decorative for screen readers."""
    return (
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}">{DECORATIVE_EXT}'
        f'</p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{box.xfrm()}'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{solid(colour)}<a:ln><a:noFill/></a:ln></p:spPr>'
        f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="en-GB"/></a:p>'
        f"</p:txBody></p:sp>"
    )


def footer_styles(align: str) -> str:
    """Return the footer text style: 12 pt grey, which still reaches 4.5:1 on both backgrounds."""
    return plain_level(Pt(12), FOOTER_GREY, align=align)


def replace_shapes(sp_tree: etree._Element, shapes: list[str]) -> None:
    """Replace every shape of a shape tree with `shapes`, keeping its group properties."""
    for child in list(sp_tree):
        if child.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr")):
            sp_tree.remove(child)
    for xml in shapes:
        sp_tree.append(parse_xml(xml))


def body_pr(anchor: str, autofit: bool = True) -> str:
    """Return an `a:bodyPr` with PowerPoint's default insets, the text anchor and shrink-on-overflow."""
    fit = "<a:normAutofit/>" if autofit else ""
    insets = " ".join(f'{side}Ins="{int(value)}"' for side, value in zip("ltrb", INSETS))
    return f'<a:bodyPr vert="horz" {insets} rtlCol="0" anchor="{anchor}">{fit}</a:bodyPr>'


def master_shapes() -> list[str]:
    """Return the master's shapes: a top accent band, a rule under the title and the placeholders."""
    small = body_pr("ctr", autofit=False)
    return [
        rectangle(10, "Accent Band", TOP_BAND),
        rectangle(11, "Title Rule", TITLE_RULE),
        placeholder(2, "Title Placeholder", '<p:ph type="title"/>', TITLE_BOX, body=body_pr("b")),
        placeholder(3, "Text Placeholder", '<p:ph type="body" idx="1"/>', BODY_BOX, body=body_pr("t")),
        placeholder(4, "Date Placeholder", '<p:ph type="dt" sz="half" idx="2"/>', DATE_BOX, footer_styles("r"), small),
        placeholder(
            5, "Footer Placeholder", '<p:ph type="ftr" sz="quarter" idx="3"/>', FOOTER_BOX, footer_styles("l"), small
        ),
        slide_number_placeholder(6, 4, NUMBER_BOX, footer_styles("r"), small),
    ]


def text_styles() -> str:
    """Return the master's `p:txStyles`: 36 pt bold titles, 24 pt bulleted body, 18 pt other text."""
    other = "".join(
        level(n, run_props(Pt(18), "tx1"), marL=str(int(Inches(0.5) * (n - 1))), algn="l") for n in range(1, 10)
    )
    return (
        f"<p:txStyles {nsdecls('a', 'p')}><p:titleStyle>{title_level(Pt(36))}</p:titleStyle>"
        f"<p:bodyStyle>{body_levels(Pt(24))}</p:bodyStyle>"
        f'<p:otherStyle><a:defPPr><a:defRPr lang="en-GB"/></a:defPPr>{other}</p:otherStyle></p:txStyles>'
    )


def footer_placeholders(first_id: int) -> list[str]:
    """Return a layout's footer and slide-number placeholders, placed where the master puts them."""
    return [
        placeholder(first_id, "Footer Placeholder", '<p:ph type="ftr" sz="quarter" idx="11"/>', None),
        slide_number_placeholder(first_id + 1, 12, None),
    ]


def title_slide_shapes() -> list[str]:
    """Return the title slide: a side accent band, a large title, a rule and a subtitle."""
    title = Box(HERO_LEFT, Inches(1.5), HERO_WIDTH, Inches(2.75))
    rule = Box(Emu(HERO_LEFT + INSETS[0]), Inches(4.42), Inches(1.2), Inches(0.08))
    subtitle = Box(HERO_LEFT, Inches(4.7), HERO_WIDTH, Inches(1.9))
    return [
        rectangle(10, "Accent Band", SIDE_BAND),
        rectangle(11, "Title Rule", rule),
        placeholder(2, "Title", '<p:ph type="ctrTitle"/>', title, title_level(Pt(44)), '<a:bodyPr anchor="b"/>'),
        placeholder(
            3,
            "Subtitle",
            '<p:ph type="subTitle" idx="1"/>',
            subtitle,
            plain_level(Pt(24), SUBTITLE_GREY),
            '<a:bodyPr anchor="t"/>',
        ),
    ]


def section_shapes() -> list[str]:
    """Return the section header: tinted background, side band, large title and a short intro."""
    title = Box(HERO_LEFT, Inches(1.6), HERO_WIDTH, Inches(2.6))
    rule = Box(Emu(HERO_LEFT + INSETS[0]), Inches(4.37), Inches(1.2), Inches(0.08))
    body = Box(HERO_LEFT, Inches(4.65), HERO_WIDTH, Inches(1.9))
    return [
        rectangle(10, "Accent Band", SIDE_BAND),
        rectangle(11, "Title Rule", rule),
        placeholder(2, "Title", '<p:ph type="title"/>', title, title_level(Pt(40)), '<a:bodyPr anchor="b"/>'),
        placeholder(3, "Text Placeholder", '<p:ph type="body" idx="1"/>', body, plain_level(Pt(24), "tx1")),
        *footer_placeholders(4),
    ]


def content_shapes() -> list[str]:
    """Return Title and Content: everything placed by the master."""
    return [
        placeholder(2, "Title", '<p:ph type="title"/>', None),
        placeholder(3, "Content Placeholder", '<p:ph idx="1"/>', None),
        *footer_placeholders(4),
    ]


def two_content_shapes() -> list[str]:
    """Return Two Content: body on the left, a second content area (picture or text) on the right."""
    size = level(1, run_props(Pt(22), "tx1"))
    return [
        placeholder(2, "Title", '<p:ph type="title"/>', None),
        placeholder(3, "Content Placeholder Left", '<p:ph sz="half" idx="1"/>', LEFT_BOX, size),
        placeholder(4, "Content Placeholder Right", '<p:ph sz="half" idx="2"/>', RIGHT_BOX, size),
        *footer_placeholders(5),
    ]


def hide_master_shapes(layout_element: etree._Element) -> None:
    """Make a layout show its own decoration instead of the master's band and rule."""
    layout_element.set("showMasterSp", "0")


def set_background(layout_element: etree._Element, scheme_colour: str) -> None:
    """Give a layout a solid background of a scheme colour."""
    c_sld = layout_element.find(qn("p:cSld"))
    for old in c_sld.findall(qn("p:bg")):
        c_sld.remove(old)
    background = parse_xml(f"<p:bg {nsdecls('a', 'p')}><p:bgPr>{solid(scheme_colour)}<a:effectLst/></p:bgPr></p:bg>")
    c_sld.insert(0, background)


def build_layouts(prs: Presentation) -> None:
    """Keep the four layouts the writer uses and draw each one."""
    for layout in list(prs.slide_layouts):
        if layout.name not in KEEP_LAYOUTS:
            prs.slide_layouts.remove(layout)
    designs = {
        "Title Slide": title_slide_shapes,
        "Section Header": section_shapes,
        "Title and Content": content_shapes,
        "Two Content": two_content_shapes,
    }
    for layout in prs.slide_layouts:
        replace_shapes(layout.shapes._spTree, designs[layout.name]())
    by_name = {layout.name: layout.element for layout in prs.slide_layouts}
    hide_master_shapes(by_name["Title Slide"])
    hide_master_shapes(by_name["Section Header"])
    set_background(by_name["Section Header"], "bg2")


def build_master(prs: Presentation) -> None:
    """Draw the master: shapes, text styles and a white background."""
    master = prs.slide_master.element
    replace_shapes(prs.slide_master.shapes._spTree, master_shapes())
    old_styles = master.find(qn("p:txStyles"))
    master.replace(old_styles, parse_xml(text_styles()))


def edit_theme(part_blob: bytes, name: str) -> bytes:
    """Return a theme with our name, palette and Arial for headings and body."""
    theme = etree.fromstring(part_blob)
    theme.set("name", name)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = theme.find(f"{a}themeElements/{a}clrScheme")
    scheme.set("name", name)
    for slot, value in PALETTE.items():
        element = scheme.find(f"{a}{slot}")
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, f"{a}srgbClr", val=value)
    fonts = theme.find(f"{a}themeElements/{a}fontScheme")
    fonts.set("name", name)
    for kind in ("majorFont", "minorFont"):
        fonts.find(f"{a}{kind}/{a}latin").set("typeface", "Arial")
    return etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_themes(prs: Presentation) -> None:
    """Apply the palette and fonts to the slide theme, and Arial to the notes theme."""
    slide_theme = prs.slide_master.part.part_related_by(RT.THEME)
    slide_theme._blob = edit_theme(slide_theme.blob, "SSR Toolkit")
    notes_theme = prs.notes_master.part.part_related_by(RT.THEME)
    notes_theme._blob = edit_theme(notes_theme.blob, "SSR Toolkit Notes")


def drop_relationships(source: object, reltype: str) -> None:
    """Drop every relationship of one type from a part or the package, and so the parts it points to."""
    rels = source._rels
    for rel_id in [r.rId for r in rels.values() if r.reltype == reltype]:
        rels.pop(rel_id)


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>Gender &amp; SSR training toolkit</Application>"
    b"<PresentationFormat>Custom</PresentationFormat></Properties>"
)


def clean_package(prs: Presentation) -> None:
    """Drop what would mislead in a template: a 4:3 thumbnail, Mac printer settings, old authorship."""
    package = prs.part.package
    drop_relationships(package, RT.THUMBNAIL)
    drop_relationships(prs.part, RT.PRINTER_SETTINGS)
    app = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    app._blob = APP_XML
    props = prs.core_properties
    props.title = "Gender & SSR training toolkit: deck template"
    props.author = "Gender & SSR training toolkit"
    props.last_modified_by = "Gender & SSR training toolkit"
    props.comments = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_DATE


def set_size(prs: Presentation) -> None:
    """Make the slides 16:9 at 13.333 × 7.5 inches, PowerPoint's widescreen size."""
    prs.slide_width = SLIDE_WIDTH
    prs.slide_height = SLIDE_HEIGHT
    size = prs.part._element.find(qn("p:sldSz"))
    size.attrib.pop("type", None)  # "screen4x3" would be a lie; widescreen has no type


def fixed_zip(data: bytes) -> bytes:
    """Return the zip archive with every entry dated ZIP_DATE, so two runs give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return out.getvalue()


def build() -> bytes:
    """Return the bytes of the finished template."""
    check_contrast()
    prs = Presentation()
    set_size(prs)
    build_layouts(prs)
    build_master(prs)
    build_themes(prs)
    clean_package(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    return fixed_zip(buffer.getvalue())


def main() -> None:
    """Write templates/deck.pptx."""
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
