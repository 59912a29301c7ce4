"""Pictures as trainers use them: the caption under the picture, credit and licence on a "Picture credits"
slide and in the handout, and the Markdown export names each picture relative to the .md file."""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from PIL import Image as PillowImage
from pptx import Presentation as open_pptx
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module

MARGINS = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)
PICTURE = """        image:
          path: pictures/patrol.png
          alt: Two officers talking with market traders
          caption: A community patrol in a market
          credit: Photo by A. Trainer
          licence: CC BY 4.0
        notes: Say the first point slowly."""


def module_with_picture(write_module, minimal_text: str, image: str = PICTURE) -> Path:
    path = write_module(minimal_text.replace("        notes: Say the first point slowly.", image))
    (path.parent / "pictures").mkdir(exist_ok=True)
    PillowImage.new("RGB", (40, 30), "navy").save(path.parent / "pictures" / "patrol.png")
    return path


def build(path: Path, out: Path, formats=("slides", "handout", "markdown")) -> dict[str, Path]:
    result = load_module(path)
    assert result.module is not None, result.diagnostics
    report = build_modules([result], BuildOptions(out=out, formats=formats))
    return {p.name.removeprefix("minimal-"): p for p in report.written}


def slide_texts(deck: Path) -> dict[str, list[str]]:
    slides = {}
    for slide in open_pptx(str(deck)).slides:
        texts = [
            shape.text_frame.text
            for shape in slide.placeholders
            if shape.placeholder_format.idx != 0 and shape.placeholder_format.type not in MARGINS
        ]
        slides[slide.shapes.title.text] = "\n".join(texts).splitlines()
    return slides


def test_credit_and_licence_are_on_a_picture_credits_slide_and_in_the_handout(write_module, minimal_text, tmp_path):
    files = build(module_with_picture(write_module, minimal_text), tmp_path / "out")
    credit = "A community patrol in a market: Photo by A. Trainer, CC BY 4.0"
    slides = slide_texts(files["slides.pptx"])
    assert slides["Picture credits"] == [credit]
    assert list(slides).index("Picture credits") == list(slides).index("Sources") - 1
    paragraphs = [p.text for p in open_docx(str(files["handout.docx"])).paragraphs]
    heading = paragraphs.index("Picture credits")
    assert paragraphs[heading + 1] == credit
    assert paragraphs.index("Further reading") > heading


def test_a_picture_without_caption_is_credited_by_its_alt_text(write_module, minimal_text, tmp_path):
    image = PICTURE.replace("          caption: A community patrol in a market\n", "").replace(
        "          licence: CC BY 4.0\n", ""
    )
    files = build(module_with_picture(write_module, minimal_text, image), tmp_path / "out", formats=("slides",))
    assert slide_texts(files["slides.pptx"])["Picture credits"] == [
        "Two officers talking with market traders: Photo by A. Trainer"
    ]


def test_no_credits_no_credits_slide(write_module, minimal_text, tmp_path):
    image = PICTURE.replace("          credit: Photo by A. Trainer\n", "").replace("          licence: CC BY 4.0\n", "")
    files = build(module_with_picture(write_module, minimal_text, image), tmp_path / "out")
    assert "Picture credits" not in slide_texts(files["slides.pptx"])
    assert "Picture credits" not in [p.text for p in open_docx(str(files["handout.docx"])).paragraphs]


def test_the_markdown_names_the_picture_relative_to_itself(write_module, minimal_text, tmp_path):
    module = module_with_picture(write_module, minimal_text)
    markdown = build(module, tmp_path / "out", formats=("markdown",))["minimal.md"]
    line = next(line for line in markdown.read_text(encoding="utf-8").splitlines() if line.startswith("!["))
    target = line.split("](<", 1)[1].split(">", 1)[0]
    assert not Path(target).is_absolute() and "\\" not in target
    assert (markdown.parent / target).resolve() == (module.parent / "pictures" / "patrol.png").resolve()


def picture_and_caption(deck: Path):
    slide = next(s for s in open_pptx(str(deck)).slides if s.shapes.title.text == "One thing")
    (picture,) = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    captions = [shape for shape in slide.shapes if shape.name.startswith("Caption")]
    return slide, picture, captions


def test_the_caption_is_shown_under_the_picture(write_module, minimal_text, tmp_path):
    files = build(module_with_picture(write_module, minimal_text), tmp_path / "out", formats=("slides",))
    _slide, picture, (caption,) = picture_and_caption(files["slides.pptx"])
    assert caption.text_frame.text == "A community patrol in a market"
    assert picture.top + picture.height <= caption.top
    assert caption.top + caption.height <= open_pptx(str(files["slides.pptx"])).slide_height
    sizes = {run.font.size.pt for paragraph in caption.text_frame.paragraphs for run in paragraph.runs}
    assert sizes == {18.0}  # body-sized: `check` asks for 18 pt on slides
    assert picture._element.xpath("./p:nvPicPr/p:cNvPr/@descr") == ["Two officers talking with market traders"]


def test_a_caption_with_quotes_and_ampersands_reads_as_written(write_module, minimal_text, tmp_path):
    odd = 'The "night patrol" & the day \\ shift &amp; more'
    image = PICTURE.replace("caption: A community patrol in a market", f"caption: '{odd}'")
    module = module_with_picture(write_module, minimal_text, image)
    files = build(module, tmp_path / "out", formats=("slides", "markdown"))
    _slide, _picture, (caption,) = picture_and_caption(files["slides.pptx"])
    assert caption.text_frame.text == odd
    markdown = files["minimal.md"].read_text(encoding="utf-8")
    assert '"The \\"night patrol\\" \\& the day \\\\ shift \\&amp; more")' in markdown


def test_no_caption_no_caption_box(write_module, minimal_text, tmp_path):
    image = PICTURE.replace("          caption: A community patrol in a market\n", "")
    files = build(module_with_picture(write_module, minimal_text, image), tmp_path / "out", formats=("slides",))
    assert picture_and_caption(files["slides.pptx"])[2] == []
