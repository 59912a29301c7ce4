"""Every shipped module built on brand templates made the way organisations make them (issue 16).

Either the output keeps every role (real headings, question boxes with lines, shaded table
headers, readable contrast, one title size per layout, a one-line footer) or the build
names what is wrong and how to fix it. The templates come from tests/fixtures/make_brand_templates.py.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from unicodedata import normalize

import docx
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.cli import main
from toolkit.core.diagnostics import Severity
from toolkit.module.loader import load_module
from toolkit.quality.contrast import low_contrast
from toolkit.quality.document_rules import check_document, heading_missing, question_space

SHIPPED = sorted((Path(__file__).parents[2] / "modules").glob("*.yaml"))
POLICE = str(Path(__file__).parents[2] / "modules" / "police-reform.yaml")
SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build_on(out: Path, **options) -> tuple[list, dict[str, Path]]:
    """Build every valid shipped module with `options` into `out`; return the diagnostics and the folders by id."""
    results = [load_module(path) for path in SHIPPED]
    valid = [result for result in results if result.module is not None]
    assert len(valid) >= len(SHIPPED) // 2, "most shipped modules are valid (one being edited may not be)"
    report = build_modules(valid, BuildOptions(out=out, jobs=2, **options))
    folders = {f"{r.module.id}.{r.module.language}": out / r.module.id / r.module.language for r in valid}
    return report.diagnostics, folders


@pytest.fixture(scope="module")
def ngo_documents(brand_templates, tmp_path_factory) -> dict[str, Path]:
    """Return every shipped module's handout and guide built on the NGO reference document."""
    out = tmp_path_factory.mktemp("ngo")
    diagnostics, folders = build_on(out, formats=("handout", "guide"), docx_reference=brand_templates["ngo-reference"])
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    return folders


@pytest.fixture(scope="module", params=["white-on-colour", "french"])
def brand_decks(request, brand_templates, tmp_path_factory) -> tuple[str, dict[str, Path], list]:
    """Return the name of a deck template that can work, every shipped module's deck built on it, and the warnings."""
    out = tmp_path_factory.mktemp(request.param)
    diagnostics, folders = build_on(out, formats=("slides",), pptx_template=brand_templates[request.param])
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    return request.param, folders, diagnostics


def documents(folders: dict[str, Path]) -> list[Path]:
    """Return every .docx in the module folders."""
    return sorted(path for folder in folders.values() for path in folder.glob("*.docx"))


def test_headings_are_real_headings_on_the_ngo_reference(ngo_documents):
    for path in documents(ngo_documents):
        document = docx.Document(str(path))
        assert heading_missing(document) == [], path.name
        levels = {s.style_id: s for s in document.styles}
        named = [p for p in document.paragraphs if p.style.name.startswith("NGO Heading")]
        assert named, f"{path.name}: the organisation's own heading styles are used"
        assert all(p.style.style_id in levels for p in named)


def test_question_boxes_keep_their_lines_on_the_ngo_reference(ngo_documents):
    handouts = [path for path in documents(ngo_documents) if path.name.endswith("-handout.docx")]
    lines = 0
    for path in handouts:
        document = docx.Document(str(path))
        assert question_space(document) == [], path.name
        lines += sum(p.style.name == "Write Line" and "\t" in p.text for p in document.paragraphs)
    assert lines > 20


def test_table_header_rows_are_shaded_on_the_ngo_reference(ngo_documents):
    guide = next(path for path in documents(ngo_documents) if path.name.startswith("peru-trc-facilitator"))
    document = docx.Document(str(guide))
    table_style = next(s for s in document.styles if s.name == "Toolkit Table")
    shading = table_style.element.find(f"{W}tblStylePr[@{W}type='firstRow']/{W}tcPr/{W}shd")
    assert shading is not None and shading.get(f"{W}fill") not in (None, "auto", "FFFFFF")
    assert any(t.style.name == "Toolkit Table" for t in document.tables)


def test_supplied_styles_take_the_brands_heading_font_and_colour(ngo_documents):
    handout = next(path for path in documents(ngo_documents) if path.name == "police-reform-handout.docx")
    document = docx.Document(str(handout))
    title = document.styles["Title"]
    assert title.font.name == "Georgia"
    assert str(title.font.color.rgb) == "5B1A4E"


def test_every_ngo_document_passes_check(ngo_documents):
    for path in documents(ngo_documents):
        codes = {f.code for f in check_document(docx.Document(str(path)))}
        assert not codes & {"doc.heading-missing", "doc.question-no-space", "doc.heading-skip"}, path.name


def title_sizes(deck: Presentation) -> dict[str, list[float]]:
    """Return the title sizes of a deck's slides, by layout."""
    sizes: dict[str, list[float]] = defaultdict(list)
    for slide in deck.slides:
        runs = slide.shapes.title.text_frame.paragraphs[0].runs if slide.shapes.title is not None else []
        if runs and runs[0].font.size is not None:
            sizes[slide.slide_layout.name].append(runs[0].font.size.pt)
    return sizes


def test_one_title_size_per_layout_across_each_deck(brand_decks):
    _, folders, _ = brand_decks
    for folder in folders.values():
        for path in folder.glob("*.pptx"):
            for layout, sizes in title_sizes(Presentation(str(path))).items():
                common, count = Counter(sizes).most_common(1)[0]
                assert common == max(sizes), f"{path.name} {layout}: only titles that need it are smaller"
                assert count >= 0.8 * len(sizes), f"{path.name} {layout}: {sorted(sizes)}"


def test_the_title_slide_title_is_never_smaller_than_its_subtitle(brand_decks):
    _, folders, _ = brand_decks
    for folder in folders.values():
        for path in folder.glob("*.pptx"):
            first = Presentation(str(path)).slides[0]
            sizes = {
                shape.placeholder_format.type: shape.text_frame.paragraphs[0].runs[0].font.size.pt
                for shape in first.placeholders
                if shape.text_frame.paragraphs[0].runs
            }
            assert sizes[PP_PLACEHOLDER.CENTER_TITLE] >= sizes.get(PP_PLACEHOLDER.SUBTITLE, 0), path.name


def test_the_footer_is_one_line_or_shortened_with_a_warning(brand_decks):
    name, folders, diagnostics = brand_decks
    shortened = {d.file for d in diagnostics if d.code == "deck.footer-shortened"}
    for folder in folders.values():
        for path in folder.glob("*.pptx"):
            deck = Presentation(str(path))
            footers = {s.text for slide in deck.slides for s in slide.placeholders if s.placeholder_format.type == 15}
            assert len(footers) == 1, path.name
            if next(iter(footers)).endswith("\u2026"):
                assert shortened, f"{path.name}: a shortened footer is said"
    if name == "white-on-colour":
        assert shortened  # its footer is 2.5 in wide: the longer module titles are shortened


def test_the_french_deck_builds_with_a_note_of_the_layouts_used(brand_decks):
    name, folders, diagnostics = brand_decks
    if name != "french":
        pytest.skip("the note is about the French deck")
    notes = {d.message for d in diagnostics if d.code == "template.layout-matched"}
    assert len(notes) == 1
    assert '"Titre et contenu" for Title and Content (by its layout type)' in next(iter(notes))
    deck = Presentation(str(folders["police-reform.en"] / "police-reform-slides.pptx"))
    used = {slide.slide_layout.name for slide in deck.slides}
    assert {"Titre", "Titre et contenu"} <= used <= {"Titre", "Titre et contenu", "En-tête de section", "Deux contenus"}


def test_the_navy_deck_stops_the_build_naming_the_layout_and_what_to_change(brand_templates, tmp_path):
    result = CliRunner().invoke(
        main, ["build", POLICE, "--out", "out", "--pptx-template", str(brand_templates["navy"])]
    )
    assert result.exit_code == 1
    assert (
        'error: text in the title placeholder of layout "Title and Content" is #000000 on #1F2A44, a contrast of '
        "1.47:1; WCAG 2.2 AA needs 4.5:1 — the background is dark, so the text must be lighter: white (#FFFFFF) "
        "reaches 14.26:1"
    ) in result.output
    assert "or build anyway with --allow-template-issues [template.contrast]" in result.output
    assert not Path("out/police-reform").exists()


def test_the_navy_deck_builds_with_warnings_when_allowed(brand_templates, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "build",
            POLICE,
            "--out",
            "out",
            "--format",
            "slides",
            "--allow-template-issues",
            "--pptx-template",
            str(brand_templates["navy"]),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "warning: text in the title placeholder of layout" in result.output
    assert Path("out/police-reform/en/police-reform-slides.pptx").is_file()


def test_black_footers_on_a_navy_master_stop_the_build_naming_the_placeholder(brand_templates, tmp_path):
    template = str(brand_templates["navy-footer"])
    result = CliRunner().invoke(
        main, ["build", POLICE, "--out", "out", "--format", "slides", "--pptx-template", template]
    )
    assert result.exit_code == 1
    for placeholder in ("footer", "slide number"):
        assert (
            f'error: text in the {placeholder} placeholder of layout "Title and Content" is #000000 on #1F2A44, a '
            "contrast of 1.47:1; WCAG 2.2 AA needs 4.5:1 — the background is dark, so the text must be lighter"
        ) in result.output
    assert "title placeholder" not in result.output and "content placeholder" not in result.output
    assert not Path("out/police-reform").exists()


def test_check_finds_only_the_footers_too_faint_on_the_navy_footer_deck(brand_templates, tmp_path):
    template = str(brand_templates["navy-footer"])
    built = CliRunner().invoke(
        main,
        ["build", POLICE, "--out", "out", "--format", "slides", "--allow-template-issues", "--pptx-template", template],
    )
    assert built.exit_code == 0, built.output
    deck = Presentation("out/police-reform/en/police-reform-slides.pptx")
    findings = low_contrast(deck)
    shown = sum(1 for slide in deck.slides for shape in slide.placeholders if shape.placeholder_format.type in (13, 15))
    assert len(findings) == shown > 10  # every footer and slide number, and nothing else
    assert all(
        re.match(r'text in "(Footer|Slide Number) Placeholder \d+" is #000000 on #1F2A44', f.message) for f in findings
    )


def test_templates_export_writes_files_doctor_passes(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["templates", "export", "brand"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("brand").iterdir()) == ["deck.pptx", "reference.docx", "reference.styles.yaml"]
    for name in ("deck.pptx", "reference.docx"):
        doctor = runner.invoke(main, ["doctor", f"brand/{name}"])
        assert doctor.exit_code == 0 and "The template has everything the toolkit needs." in doctor.output
    again = runner.invoke(main, ["templates", "export", "brand"])
    assert again.exit_code == 1
    assert "already there; choose another folder, or add --force to replace them [templates.exists]" in again.output


def test_a_style_mapping_beside_the_reference_is_used(brand_templates, tmp_path):
    reference = tmp_path / "ngo.docx"
    reference.write_bytes(brand_templates["ngo-reference"].read_bytes())
    (tmp_path / "ngo.styles.yaml").write_text("Title: NGO Title\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", POLICE, "--out", "out", "--format", "handout", "--docx-reference", str(reference)]
    )
    assert result.exit_code == 0, result.output
    document = docx.Document("out/police-reform/en/police-reform-handout.docx")
    assert document.paragraphs[0].style.name == "NGO Title"


# --- LibreOffice lays the brand outputs out: nothing off the page, each footer on one line in its box ----------

# A subset of the shipped modules that stresses footers: the longest title (shortened on narrow footers),
# right to left (mirrored footer), a short title, a diagram, a chart.
RENDERED_MODULES = (
    "peru-trc.fr",
    "intro-gender-ssr.ar",
    "police-reform",
    "ssr-assessment-me",
    "parliamentary-oversight",
)
RENDERED_DECKS = ("navy", "navy-footer", "white-on-colour", "french")  # dark masters, 4:3, localised layout names
# The 4:3 deck with its narrow footer over a band is the one most likely to go wrong: every shipped deck on it.
RENDERED_ON = {template: RENDERED_MODULES for template in RENDERED_DECKS} | {
    "white-on-colour": tuple(path.stem for path in SHIPPED)
}
RENDERED_DOCUMENTS = ("peru-trc.fr", "intro-gender-ssr.ar", "police-reform")  # on the renamed-styles reference
EMU_PER_POINT = 12700
SLACK = 1.5  # points: LibreOffice's glyph boxes may pass a text box's edge by a hair


@dataclass(frozen=True)
class Word:
    """A word LibreOffice drew, as pdftotext -bbox reports it, in points from the page's top left."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Page:
    """A PDF page: its size in points and the words on it."""

    width: float
    height: float
    words: tuple[Word, ...]


def pdf_pages(pdf: Path) -> list[Page]:
    """Return the pages of a PDF with the position of every word (NFKC, so "…" reads "..." on both sides)."""
    listing = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for width, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', listing, re.S):
        words = re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', body
        )
        pages.append(
            Page(
                float(width),
                float(height),
                tuple(Word(normalize("NFKC", html.unescape(text)), *map(float, box)) for *box, text in words),
            )
        )
    return pages


def letters(words: list[str]) -> list[str]:
    """Return each word's letters in order of code point, the words sorted: pdftotext gives Arabic words in
    visual order, reversed and with ligatures apart, so only which letters each word has can be compared."""
    return sorted("".join(sorted(word)) for word in words)


def words_off_the_page(page: Page) -> list[Word]:
    """Return the words drawn (partly) outside the page."""
    return [
        w
        for w in page.words
        if w.left < -0.5 or w.top < -0.5 or w.right > page.width + 0.5 or w.bottom > page.height + 0.5
    ]


def footer_problems(pptx: Path, pdf: Path) -> list[str]:
    """Return what is wrong with the footers and slide numbers of a deck as LibreOffice drew it, one line each.

    For every footer and slide-number placeholder on a slide, the words drawn across its box's width,
    from a box's height above it to a box's height below (where a wrapped line would land), must be
    its text, all on one line, inside the box. No word may be drawn off the slide.
    """
    deck = Presentation(str(pptx))
    pages = pdf_pages(pdf)
    if len(pages) != len(deck.slides):
        return [f"{len(pages)} pages for {len(deck.slides)} slides"]
    problems = []
    for number, (slide, page) in enumerate(zip(deck.slides, pages), start=1):
        problems += [f"slide {number}: {w.text!r} is off the slide" for w in words_off_the_page(page)]
        scale = page.width / (deck.slide_width / EMU_PER_POINT)
        for shape in slide.placeholders:
            if shape.placeholder_format.type not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                continue
            left, top = shape.left / EMU_PER_POINT * scale, shape.top / EMU_PER_POINT * scale
            right, bottom = left + shape.width / EMU_PER_POINT * scale, top + shape.height / EMU_PER_POINT * scale
            drawn = [
                w
                for w in page.words
                if left - SLACK <= (w.left + w.right) / 2 <= right + SLACK
                and 2 * top - bottom <= (w.top + w.bottom) / 2 <= 2 * bottom - top
            ]
            where = f"slide {number} {shape.name}"
            texts = [w.text for w in drawn]
            if letters(texts) != letters(normalize("NFKC", shape.text_frame.text).split()):
                problems.append(f"{where}: drew {texts}, not {shape.text_frame.text!r}")
            if len({round(w.top) for w in drawn}) > 1:
                problems.append(f"{where}: on {len({round(w.top) for w in drawn})} lines")
            outside = [
                w.text
                for w in drawn
                if w.left < left - SLACK or w.right > right + SLACK or w.top < top - SLACK or w.bottom > bottom + SLACK
            ]
            if outside:
                problems.append(f"{where}: {outside} outside its box")
    return problems


def spoil_footers(deck: Path, text: str) -> Path:
    """Return a copy of a deck whose footers say `text` whole: what a writer that did not fit footers would make."""
    prs = Presentation(str(deck))
    for slide in prs.slides:
        for shape in slide.placeholders:
            if shape.placeholder_format.type == PP_PLACEHOLDER.FOOTER:
                shape.text_frame.paragraphs[0].runs[0].text = text
    spoilt = deck.with_name(f"spoilt-{deck.name}")
    prs.save(str(spoilt))
    return spoilt


@pytest.fixture(scope="module")
def rendered(brand_templates, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Return, by "template/language-file", each output built on a brand template and the PDF LibreOffice made of it.

    Decks of RENDERED_ON's modules on each deck template (the navy ones with their template issues allowed),
    handouts and guides of RENDERED_DOCUMENTS on the renamed-styles reference, and one deck whose footers
    were not fitted, converted in one LibreOffice run.
    """
    if not (SOFFICE and PDFTOTEXT):
        pytest.skip("LibreOffice and poppler-utils are not installed")
    out = tmp_path_factory.mktemp("rendered")
    outputs: dict[str, Path] = {}
    for template in RENDERED_DECKS:
        options = {"pptx_template": brand_templates[template], "allow_template_issues": template.startswith("navy")}
        outputs |= built(out / template, template, RENDERED_ON[template], ("slides",), options)
    outputs |= built(
        out / "ngo",
        "ngo-reference",
        RENDERED_DOCUMENTS,
        ("handout", "guide"),
        {"docx_reference": brand_templates["ngo-reference"]},
    )
    peru = outputs["white-on-colour/fr-peru-trc-slides.pptx"]
    outputs["spoilt/fr-peru-trc-slides.pptx"] = spoil_footers(
        peru, load_module(module_path("peru-trc.fr")).module.title
    )
    staging, pdfs = out / "staging", out / "pdf"
    staging.mkdir()
    for key, path in outputs.items():
        shutil.copy(path, staging / key.replace("/", "--"))
    profile = out / "profile"
    command = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(pdfs), *sorted(str(path) for path in staging.iterdir())],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(profile)},
    )
    return {key: (path, pdfs / f"{Path(key.replace('/', '--')).stem}.pdf") for key, path in outputs.items()}


def module_path(name: str) -> Path:
    """Return the file of a shipped module named as "id.language" ("police-reform" for English)."""
    return Path(__file__).parents[2] / "modules" / f"{name}.yaml"


def built(
    out: Path, template: str, modules: tuple[str, ...], formats: tuple[str, ...], options: dict
) -> dict[str, Path]:
    """Build `modules` in `formats` with `options` into `out`; return the files written by "template/language-file"."""
    results = [load_module(module_path(name)) for name in modules]
    assert sum(result.module is not None for result in results) >= len(modules) - 1, "one being edited may not be valid"
    report = build_modules([r for r in results if r.module], BuildOptions(out=out, jobs=2, formats=formats, **options))
    assert [d for d in report.diagnostics if d.severity is Severity.ERROR] == []
    files = sorted(path for path in out.rglob("*") if path.suffix in (".pptx", ".docx"))
    return {f"{template}/{path.parent.name}-{path.name}": path for path in files}


@pytest.mark.parametrize("template", RENDERED_DECKS)
def test_libreoffice_draws_each_footer_on_one_line_in_its_box_and_nothing_off_the_slide(rendered, template):
    decks = {key: paths for key, paths in rendered.items() if key.startswith(f"{template}/")}
    assert len(decks) >= len(RENDERED_ON[template]) - 1  # a shipped module being edited may not be valid
    for key, (pptx, pdf) in decks.items():
        assert footer_problems(pptx, pdf) == [], key
        footers = [
            s for slide in Presentation(str(pptx)).slides for s in slide.placeholders if s.placeholder_format.type == 15
        ]
        assert len(footers) >= 10, f"{key}: the slides have footers to check"


def test_the_footer_check_sees_a_footer_that_wraps(rendered):
    pptx, pdf = rendered["spoilt/fr-peru-trc-slides.pptx"]
    problems = footer_problems(pptx, pdf)
    assert any("lines" in problem for problem in problems), problems  # the 2.5 in footer of the 4:3 deck wraps
    assert any("outside its box" in problem for problem in problems)


def test_libreoffice_draws_the_ngo_documents_inside_the_page_with_their_footers(rendered):
    documents = {key: paths for key, paths in rendered.items() if key.startswith("ngo-reference/")}
    assert len(documents) == 2 * len(RENDERED_DOCUMENTS)
    for key, (source, pdf) in documents.items():
        pages = pdf_pages(pdf)
        title = docx.Document(str(source)).sections[0].footer.paragraphs[0].text.split("\t")[0]
        for number, page in enumerate(pages, start=1):
            assert words_off_the_page(page) == [], f"{key} page {number}"
            # The footer is the lowest line: the title (shortened to fit) and "page / pages", in any order of
            # drawing (right to left, or the fields drawn last); a wrapped footer puts part of the title above.
            lowest = max(page.words, key=lambda w: w.bottom)
            middle, height = (lowest.top + lowest.bottom) / 2, lowest.bottom - lowest.top
            line = [w.text for w in page.words if abs((w.top + w.bottom) / 2 - middle) < height / 2]
            expected = [*normalize("NFKC", title).split(), str(number), "/", str(len(pages))]
            # Letters, not words: pdftotext may split an Arabic word at a mark (the shadda of "الميسّر").
            assert sorted("".join(line)) == sorted("".join(expected)), f"{key} page {number}: {line}, not {title!r}"
