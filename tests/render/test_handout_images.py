"""Pictures in the handout and the guide: alt text required unless decorative, marked as Office marks them."""

from __future__ import annotations

import itertools
from pathlib import Path

from docx import Document as open_docx
from PIL import Image as PillowImage

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module
from toolkit.quality.document_rules import alt_missing

IMAGES = """    handout: Read the map, then answer.
    images:
      - path: pictures/map.png
        alt: A map of the border crossing with the market east of the river
        caption: The crossing and its market
        credit: Map by B. Cartographer
        licence: CC BY-SA 4.0
      - path: pictures/border.png
        decorative: true
    questions:
      - text: Why does it matter?"""
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


def module_with_images(write_module, minimal_text: str, images: str = IMAGES) -> Path:
    path = write_module(minimal_text.replace("    questions:\n      - text: Why does it matter?", images))
    (path.parent / "pictures").mkdir(exist_ok=True)
    PillowImage.new("RGB", (800, 500), "darkgreen").save(path.parent / "pictures" / "map.png")
    PillowImage.new("RGB", (600, 40), "navy").save(path.parent / "pictures" / "border.png")
    return path


def build(path: Path, out: Path, formats=("handout", "guide", "markdown")) -> dict[str, Path]:
    result = load_module(path)
    assert result.module is not None, result.diagnostics
    report = build_modules([result], BuildOptions(out=out, formats=formats))
    assert report.diagnostics == []
    return {p.name.removeprefix("minimal-"): p for p in report.written}


def drawings(path: Path):
    document = open_docx(str(path))
    return document, [element for element in document.element.body.iter(f"{WP}docPr")]


def test_the_handout_shows_each_picture_with_its_alt_text_or_as_decorative(write_module, minimal_text, tmp_path):
    files = build(module_with_images(write_module, minimal_text), tmp_path / "out")
    document, (described, decorative) = drawings(files["handout.docx"])
    assert described.get("descr") == "A map of the border crossing with the market east of the river"
    assert decorative.get("descr") is None
    assert [mark.get("val") for mark in decorative.iter(DECORATIVE)] == ["1"]
    assert alt_missing(document) == []  # what `check` asks of a picture
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.index("Read the map, then answer.") < paragraphs.index("The crossing and its market")
    heading = paragraphs.index("Picture credits")
    assert paragraphs[heading + 1] == "The crossing and its market: Map by B. Cartographer, CC BY-SA 4.0"
    media = [part.partname for part in document.part.package.iter_parts() if "/media/" in part.partname]
    assert len(media) == 2
    extent = next(document.element.body.iter(f"{WP}extent"))
    width_cm = int(extent.get("cx")) / 360000
    assert 0 < width_cm <= 16.5  # within the A4 text width


def test_the_guide_shows_the_pictures_in_what_participants_have(write_module, minimal_text, tmp_path):
    files = build(module_with_images(write_module, minimal_text), tmp_path / "out", formats=("guide",))
    document = open_docx(str(files["facilitator-guide.docx"]))
    start = next(p for p in document.paragraphs if p.text == "What participants have")._p
    box = list(itertools.takewhile(lambda e: e.find(f"{W}pPr/{W}pBdr") is not None, [start, *start.itersiblings()]))
    assert [d.get("descr") for element in box for d in element.iter(f"{WP}docPr")] == [
        "A map of the border crossing with the market east of the river",
        None,
    ]


def test_the_markdown_names_page_pictures_relative_to_itself(write_module, minimal_text, tmp_path):
    module = module_with_images(write_module, minimal_text)
    markdown = build(module, tmp_path / "out", formats=("markdown",))["minimal.md"]
    lines = [line for line in markdown.read_text(encoding="utf-8").splitlines() if line.startswith("![")]
    assert lines[:2] == [
        "![A map of the border crossing with the market east of the river](<../../../pictures/map.png>)",
        "![](<../../../pictures/border.png>)",
    ]
    assert (markdown.parent / "../../../pictures/map.png").resolve() == (module.parent / "pictures/map.png").resolve()


def test_a_picture_without_alt_text_must_say_it_is_decorative(write_module, minimal_text):
    images = IMAGES.replace("        decorative: true\n", "")
    path = module_with_images(write_module, minimal_text, images)
    result = load_module(path)
    (problem,) = [d for d in result.diagnostics if d.code == "check.image-alt"]
    assert result.module is None
    line = path.read_text(encoding="utf-8").splitlines().index("      - path: pictures/border.png") + 1
    assert problem.position is not None and problem.position.line == line
    assert "decorative: true" in problem.message and "pictures/border.png" in problem.message


def test_a_picture_written_into_the_text_is_a_warning_saying_where_pictures_go(write_module, minimal_text):
    images = "    handout: See ![Map](map.png) below.\n    questions:\n      - text: Why does it matter?"
    result = load_module(module_with_images(write_module, minimal_text, images))
    (problem,) = [d for d in result.diagnostics if d.code == "check.text-image"]
    assert problem.severity.value == "warning"
    assert "![Map](map.png)" in problem.message and "`images`" in problem.message
