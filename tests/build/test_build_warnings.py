"""Warnings reach the user: said at build time at the module's line; --strict fails on them and writes nothing."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner
from PIL import Image as PILImage
from pptx import Presentation

from toolkit.cli import main
from toolkit.core.bundled import TEMPLATES
from toolkit.core.diagnostics import Position
from toolkit.module.loader import load_module
from toolkit.quality.deck_rules import title_duplicate
from toolkit.render.doctree import Deck, Metadata, Origin, Picture, Slide, Span, repeated_titles
from toolkit.render.templates import RenderOptions, build_deck, build_handout
from toolkit.writers.pptx import write_deck

SHIPPED = sorted((Path(__file__).parents[2] / "modules").glob("*.yaml"))
LONG_TITLE = " ".join(["Gender and security sector reform in practice"] * 7)[:300]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def place(text: str, line_text: str, value: str, occurrence: int = 1) -> str:
    """Return `line:column` of `value` on the `occurrence`-th line that contains `line_text`."""
    found = [number for number, line in enumerate(text.splitlines(), start=1) if line_text in line]
    line = text.splitlines()[found[occurrence - 1] - 1]
    return f"{found[occurrence - 1]}:{line.index(value) + 1}"


def duplicate_titles(minimal: str) -> str:
    """Return the minimal module with a second slide titled as the first one."""
    return minimal.replace(
        "        notes: Say the first point slowly.\n",
        "        notes: Say the first point slowly.\n      - title: One thing\n        bullets: [Third point]\n",
    )


def outputs(folder: Path) -> list[Path]:
    """Return the documents under a folder (none when it does not exist)."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".pptx", ".docx", ".md")) if folder.exists() else []


def test_duplicate_slide_titles_warn_at_the_second_slide_line_and_build(write_module, minimal_text):
    text = duplicate_titles(minimal_text)
    write_module(text)

    result = run("build", "module.yaml", "--out", "out")

    assert result.exit_code == 0, result.output
    where = place(text, "- title: One thing", "One thing", occurrence=2)
    assert f'module.yaml:{where}: warning: two slides have the title "One thing"' in result.output
    assert "[deck.title-duplicate]" in result.output
    assert len(outputs(Path("out"))) == 3


def test_a_300_character_module_title_is_shortened_in_the_footer_with_a_warning_at_its_line(write_module, minimal_text):
    text = minimal_text.replace("title: Minimal module", f"title: {LONG_TITLE}")
    write_module(text)

    result = run("build", "module.yaml", "--out", "out")

    assert result.exit_code == 0, result.output
    where = place(text, "title: Gender", "Gender")
    assert f"module.yaml:{where}: warning: the module title" in result.output
    assert "is too long for one line of the footer of layout" in result.output
    assert "[deck.footer-shortened]" in result.output
    deck = Presentation("out/minimal/en/minimal-slides.pptx")
    footers = [s.text for slide in deck.slides for s in slide.placeholders if s.placeholder_format.type == 15]
    assert footers and all(text.endswith("\u2026") and LONG_TITLE.startswith(text[:-1]) for text in footers)


def test_a_300_character_slide_title_warns_at_its_line(write_module, minimal_text):
    text = minimal_text.replace("      - title: One thing", f"      - title: {LONG_TITLE}")
    write_module(text)

    result = run("build", "module.yaml", "--out", "out", "--format", "slides")

    assert result.exit_code == 0, result.output
    where = place(text, "- title: Gender", "Gender")
    assert f"module.yaml:{where}: warning: the slide title" in result.output
    assert "[deck.title-too-long]" in result.output


def test_strict_fails_on_a_warning_and_writes_nothing(write_module, minimal_text):
    write_module(duplicate_titles(minimal_text), "duplicate.yaml")
    write_module(minimal_text.replace("id: minimal", "id: clean"), "clean.yaml")

    result = run("build", "clean.yaml", "duplicate.yaml", "--out", "out", "--strict", "--jobs", "1")

    assert result.exit_code == 1
    assert "duplicate.yaml:" in result.output and "[deck.title-duplicate]" in result.output
    assert "Nothing was written: --strict counts each warning above as an error." in result.output
    assert "wrote " not in result.output
    assert outputs(Path("out")) == []


def test_strict_fails_on_a_long_title_and_writes_nothing(write_module, minimal_text):
    write_module(minimal_text.replace("title: Minimal module", f"title: {LONG_TITLE}"))

    result = run("build", "module.yaml", "--out", "out", "--strict")

    assert result.exit_code == 1
    assert "[deck.footer-shortened]" in result.output
    assert outputs(Path("out")) == []


def test_strict_after_a_lenient_build_still_fails(write_module, minimal_text):
    write_module(duplicate_titles(minimal_text))
    assert run("build", "module.yaml", "--out", "out").exit_code == 0

    result = run("build", "module.yaml", "--out", "out", "--strict")

    assert result.exit_code == 1
    assert "[deck.title-duplicate]" in result.output


def test_a_build_from_the_cache_names_the_same_line(write_module, minimal_text):
    text = duplicate_titles(minimal_text)
    write_module(text)
    where = place(text, "- title: One thing", "One thing", occurrence=2)

    first = run("build", "module.yaml", "--out", "out")
    again = run("build", "module.yaml", "--out", "out", "--force")

    assert f"module.yaml:{where}: warning:" in first.output
    assert f"module.yaml:{where}: warning:" in again.output


def test_the_shipped_modules_build_with_no_warnings():
    result = run("build", *map(str, SHIPPED), "--out", "out", "--strict")

    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


def test_a_missing_style_in_the_users_reference_is_supplied_without_a_warning(write_module, minimal_text, tmp_path):
    reference = tmp_path / "brand.docx"
    source = docx.Document(str(TEMPLATES / "reference.docx"))
    source.styles["Question"].element.getparent().remove(source.styles["Question"].element)
    source.save(str(reference))
    write_module(minimal_text)

    result = run("build", "module.yaml", "--out", "out", "--docx-reference", str(reference), "--strict")

    assert result.exit_code == 0, result.output
    handout = docx.Document("out/minimal/en/minimal-handout.docx")
    assert "Question" in {p.style.name for p in handout.paragraphs}


def test_a_missing_layout_in_the_users_template_is_said(write_module, minimal_text, tmp_path):
    template = tmp_path / "brand.pptx"
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    for layout in list(prs.slide_layouts):
        if layout.name == "Section Header":
            prs.slide_layouts.remove(layout)
    prs.save(str(template))
    write_module(minimal_text)

    result = run("build", "module.yaml", "--out", "out", "--pptx-template", str(template), "--format", "slides")

    assert result.exit_code == 0, result.output
    assert '"Section Header"; using "Title and Content" instead' in result.output
    assert "[template.layout-fallback]" in result.output


def test_the_writer_and_check_find_the_same_duplicates(write_module, minimal_text, tmp_path):
    text = duplicate_titles(minimal_text).replace(
        "      - title: One thing\n        bullets: [Third", "      - title: one THING\n        bullets: [Third"
    )
    module = load_module(write_module(text)).module
    assert module is not None

    written = write_deck(build_deck(module, RenderOptions()))
    found = title_duplicate(Presentation(str(_save(tmp_path / "deck.pptx", written.data))))

    assert [w.code for w in written.warnings] == ["deck.title-duplicate"]
    assert [f.location for f in found] == ["slide 4"]
    assert repeated_titles(["A", " a ", "", "", "B"]) == [(1, 0)]


def test_slides_headings_and_questions_carry_their_module_position(write_module, minimal_text):
    module = load_module(write_module(minimal_text)).module
    assert module is not None
    options = RenderOptions()

    slides = {slide.title[0].text: slide.origin for slide in build_deck(module, options).slides}
    questions = [block for block in build_handout(module, options).blocks if getattr(block, "kind", "") == "question"]

    assert slides["One thing"] is not None and slides["One thing"].file == "module.yaml"
    assert slides["One thing"].position is not None
    assert f"{slides['One thing'].position.line}:{slides['One thing'].position.column}" == place(
        minimal_text, "- title: One thing", "One thing"
    )
    assert questions[0].origin.position.line == int(place(minimal_text, "- text: Why", "Why").split(":")[0])


def _save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_the_deck_writer_warns_at_the_slide_origin_where_check_would_find_an_error(tmp_path):
    png = tmp_path / "map.png"
    PILImage.new("RGB", (4, 3)).save(png)
    origin = Origin("modules/x.yaml", Position(12, 5))
    slides = (
        Slide("content", (), origin=origin),
        Slide("two-content", (Span("A map"),), picture=Picture(str(png), " "), origin=origin),
    )

    written = write_deck(Deck(Metadata("Deck", "en"), "Deck", slides))

    assert [w.format().split(": warning: ")[0] for w in written.warnings] == ["modules/x.yaml:12:5"] * 2
    assert [w.code for w in written.warnings] == ["deck.title-missing", "deck.alt-missing"]
