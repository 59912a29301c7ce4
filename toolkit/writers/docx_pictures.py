"""Pictures in a Word document: an inline drawing (`w:drawing/wp:inline`) with its alt text or a decorative mark."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.module.images import image_format
from toolkit.render.doctree import Picture
from toolkit.writers.units import Cm, Emu, Length

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Office marks a decorative picture with this extension of its properties (Office 2019 and later).
DECORATIVE_EXTENSION = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
FORMATS = ("PNG", "JPEG", "GIF")  # what Word and LibreOffice both show
MAX_HEIGHT = Cm(9)  # about a third of a page: a picture illustrates the text, it does not replace it
PIXELS_PER_INCH = 96  # a picture is never drawn larger than it is on screen
EMU_PER_INCH = 914400


@dataclass(frozen=True)
class PictureFile:
    """A picture's bytes, format (as Pillow names it) and size in pixels."""

    data: bytes
    kind: str
    width: int
    height: int


def read_picture(picture: Picture) -> PictureFile:
    """Return a picture's file; raise DiagnosticsError naming it when a page cannot show it."""
    try:
        data = Path(picture.path).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            (width, height), kind = image.size, image_format(image.format)
    except OSError as exc:
        raise _error(picture, f"cannot read the image: {exc}") from exc
    if kind not in FORMATS:
        raise _error(picture, f"{kind} images cannot go in a document; use PNG, JPEG or GIF")
    return PictureFile(data, str(kind), width, height)


def _error(picture: Picture, message: str) -> DiagnosticsError:
    return DiagnosticsError([Diagnostic(picture.path, None, Severity.ERROR, message, "doc.image-unreadable")])


def drawn_size(file: PictureFile, width: Length) -> tuple[Length, Length]:
    """Return the width and height a picture is drawn at: its own size, made smaller to fit `width` and MAX_HEIGHT."""
    natural_width = file.width * EMU_PER_INCH / PIXELS_PER_INCH
    natural_height = file.height * EMU_PER_INCH / PIXELS_PER_INCH
    scale = min(1.0, width / natural_width, MAX_HEIGHT / natural_height)
    return Emu(round(natural_width * scale)), Emu(round(natural_height * scale))


def inline_drawing(run: etree._Element, rid: str, shape_id: int, picture: Picture, size: tuple[Length, Length]) -> None:
    """Append to `run` a `w:drawing` showing the image related as `rid`, with its alt text or a decorative mark."""
    width, height = (str(int(length)) for length in size)
    drawing = etree.SubElement(run, f"{{{W}}}drawing")
    inline = etree.SubElement(drawing, f"{{{WP}}}inline", distT="0", distB="0", distL="0", distR="0", nsmap={"wp": WP})
    etree.SubElement(inline, f"{{{WP}}}extent", cx=width, cy=height)
    etree.SubElement(inline, f"{{{WP}}}effectExtent", l="0", t="0", r="0", b="0")
    name = f"Picture {shape_id}"
    properties = etree.SubElement(inline, f"{{{WP}}}docPr", id=str(shape_id), name=name)
    if picture.decorative:
        extensions = etree.SubElement(properties, f"{{{A}}}extLst", nsmap={"a": A})
        extension = etree.SubElement(extensions, f"{{{A}}}ext", uri=DECORATIVE_EXTENSION)
        etree.SubElement(extension, f"{{{DECORATIVE}}}decorative", val="1", nsmap={"adec": DECORATIVE})
    else:
        properties.set("descr", picture.alt)
    frame = etree.SubElement(inline, f"{{{WP}}}cNvGraphicFramePr")
    etree.SubElement(frame, f"{{{A}}}graphicFrameLocks", noChangeAspect="1", nsmap={"a": A})
    graphic = etree.SubElement(inline, f"{{{A}}}graphic", nsmap={"a": A})
    data = etree.SubElement(graphic, f"{{{A}}}graphicData", uri=PIC)
    pic = etree.SubElement(data, f"{{{PIC}}}pic", nsmap={"pic": PIC})
    non_visual = etree.SubElement(pic, f"{{{PIC}}}nvPicPr")
    etree.SubElement(non_visual, f"{{{PIC}}}cNvPr", id="0", name=name)
    etree.SubElement(non_visual, f"{{{PIC}}}cNvPicPr")
    fill = etree.SubElement(pic, f"{{{PIC}}}blipFill")
    etree.SubElement(fill, f"{{{A}}}blip", {f"{{{R}}}embed": rid}, nsmap={"r": R})
    etree.SubElement(etree.SubElement(fill, f"{{{A}}}stretch"), f"{{{A}}}fillRect")
    shape = etree.SubElement(pic, f"{{{PIC}}}spPr")
    transform = etree.SubElement(shape, f"{{{A}}}xfrm")
    etree.SubElement(transform, f"{{{A}}}off", x="0", y="0")
    etree.SubElement(transform, f"{{{A}}}ext", cx=width, cy=height)
    etree.SubElement(etree.SubElement(shape, f"{{{A}}}prstGeom", prst="rect"), f"{{{A}}}avLst")
