"""Build every shipped module and check the files as a trainer would get them."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from pptx import Presentation as open_pptx
from pptx.util import Emu

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.cli import main
from toolkit.core.i18n import translations
from toolkit.module.loader import load_module
from toolkit.module.model import Module
from toolkit.quality.leaks import facilitator_only
from toolkit.render import templates as render

PROJECT = Path(__file__).parents[2]
SHIPPED = sorted((PROJECT / "modules").glob("*.yaml"))


def files_of(module: Module, folder: Path) -> tuple[Path, Path, Path]:
    return (
        folder / f"{module.id}-slides.pptx",
        folder / f"{module.id}-handout.docx",
        folder / f"{module.id}-facilitator-guide.docx",
    )


def slide_texts(path: Path) -> list[tuple[str, str, str]]:
    """Return (title, visible text, notes) for each slide of a deck."""
    rows = []
    for slide in open_pptx(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        visible = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        rows.append((title, visible, notes))
    return rows


def docx_text(path: Path) -> str:
    document = open_docx(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return normalise("\n".join(parts))


def normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_deck_has_titles_notes_and_16_9(built, path):
    module = load_module(path).module
    deck, _, _ = files_of(*built[f"{module.id}.{module.language}"])
    presentation = open_pptx(str(deck))
    assert (presentation.slide_width, presentation.slide_height) == (Emu(12192000), Emu(6858000))
    rows = slide_texts(deck)
    titles = [title for title, _, _ in rows]
    assert titles[0] == module.title
    _ = translations(module.language).gettext
    assert _("Learning objectives") in titles and _("Key messages") in titles
    assert len(titles) == len(set(titles)), "slide titles are unique"
    assert all(notes.strip() for _, _, notes in rows), "every slide has speaker notes"
    for activity in module.activities:
        for slide in activity.slides:
            assert slide.title in titles
        if activity.questions:
            assert any(t.startswith(_("Discuss: %(title)s") % {"title": activity.title}) for t in titles)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_no_facilitator_text_reaches_participants(built, path):
    module = load_module(path).module
    deck, handout, _ = files_of(*built[f"{module.id}.{module.language}"])
    participant_text = docx_text(handout) + "\n" + normalise(" ".join(v for _, v, _ in slide_texts(deck)))
    leaks = [text for text in facilitator_only(module) if text in participant_text]
    assert leaks == []


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_guidance_is_in_the_guide_and_the_notes(built, path):
    module = load_module(path).module
    deck, _, guide = files_of(*built[f"{module.id}.{module.language}"])
    guide_text = docx_text(guide)
    notes = normalise(" ".join(n for _, _, n in slide_texts(deck)))
    for text in facilitator_only(module):
        assert text in guide_text or text in notes, text


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_handout_structure(built, path):
    module = load_module(path).module
    _, handout, _ = files_of(*built[f"{module.id}.{module.language}"])
    document = open_docx(str(handout))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert headings[0] == module.title
    _ = translations(module.language).gettext
    assert {_("Learning objectives"), _("Key messages"), _("Further reading")} <= set(headings)
    text = docx_text(handout)
    questions = [q for a in module.activities for q in a.questions]
    for number, question in enumerate(questions, start=1):
        label = _("Question %(n)s.") % {"n": number}
        assert normalise(f"{label} {question.text}").replace("*", "") in text.replace("*", "")
    assert document.core_properties.language == module.language
    assert document.core_properties.title.startswith(module.title[:40])


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_guide_session_plan_has_clock_times(built, path):
    module = load_module(path).module
    _, _, guide = files_of(*built[f"{module.id}.{module.language}"])
    document = open_docx(str(guide))
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == translations(module.language).gettext("Time"))
    rows = [[cell.text for cell in row.cells] for row in plan.rows[1:]]
    pause = translations(module.language).gettext("Break")
    breaks = [int(row[1]) for row in rows if row[2] == pause]  # a module's `break_after`, in the plan as a row
    assert breaks == [a.break_after for a in module.activities if a.break_after]
    rows = [row for row in rows if row[2] != pause]
    assert [row[2] for row in rows] == [a.title for a in module.activities]
    assert [int(row[1]) for row in rows] == [a.minutes for a in module.activities]
    assert rows[0][0].startswith("09:00–")
    end_minutes = 9 * 60 + module.duration + sum(a.break_after or 0 for a in module.activities[:-1])
    assert rows[-1][0].endswith(f"–{end_minutes // 60 % 24:02d}:{end_minutes % 60:02d}")


def test_two_builds_give_identical_bytes(tmp_path, minimal_text):
    (tmp_path / "m.yaml").write_text(minimal_text)
    digests = []
    for run in ("a", "b"):
        report = build_modules([load_module(tmp_path / "m.yaml")], BuildOptions(out=tmp_path / run))
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in report.written})
    assert digests[0] == digests[1]
    assert len(digests[0]) == 3


def test_invalid_module_writes_nothing_and_keeps_earlier_outputs(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    good = tmp_path / "modules" / "minimal.yaml"
    good.write_text(minimal_text)
    assert CliRunner().invoke(main, ["build", "minimal"]).exit_code == 0
    output = tmp_path / "output" / "minimal" / "en" / "minimal-slides.pptx"
    before = output.read_bytes()
    good.write_text(minimal_text.replace("First point", "Changed point").replace("duration: 30", "duration: 31"))
    result = CliRunner().invoke(main, ["build", "minimal"])
    assert result.exit_code == 1
    assert "[check.minutes]" in result.output
    assert "Nothing was written." in result.output
    assert output.read_bytes() == before
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".")]


def test_build_writes_where_the_readme_says(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    result = CliRunner().invoke(main, ["build", "--format", "slides,handout,guide,markdown"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "output" / "minimal" / "en"
    assert sorted(p.name for p in folder.iterdir()) == [
        "minimal-facilitator-guide.docx",
        "minimal-handout.docx",
        "minimal-slides.pptx",
        "minimal.md",
    ]


def test_letter_paper(tmp_path, minimal_text):
    (tmp_path / "m.yaml").write_text(minimal_text)
    report = build_modules(
        [load_module(tmp_path / "m.yaml")], BuildOptions(out=tmp_path, paper="letter", formats=("handout",))
    )
    section = open_docx(str(report.written[0])).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (8.5, 11.0)


# --- A real client: LibreOffice opens every file and lays it out without overflow -----------------

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="session")
def pdfs(built, tmp_path_factory) -> dict[Path, Path]:
    """Return every built file converted to PDF by LibreOffice in one batch."""
    if not (SOFFICE and PDFTOTEXT):
        pytest.skip("LibreOffice (soffice) and poppler-utils (pdftotext) are not installed; .ci/run installs them")
    sources = [f for module, folder in built.values() for f in files_of(module, folder)]
    # Translations share file names, so each file is converted under a name with its language.
    staging = tmp_path_factory.mktemp("staging")
    staged = {}
    for source in sources:
        link = staging / f"{source.parent.name}-{source.name}"
        link.symlink_to(source)
        staged[source] = link
    target = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target),
            *map(str, staged.values()),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env={**os.environ, "HOME": str(profile)},
    )
    return {source: target / (link.stem + ".pdf") for source, link in staged.items()}


def page_words(pdf: Path) -> list[tuple[float, float, float, float, float, float]]:
    """Return (page width, page height, xMin, yMin, xMax, yMax) for every word of a PDF."""
    html = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for box in re.finditer(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)"', page.group(3)):
            words.append((width, height, *map(float, box.groups())))
    return words


def test_libreoffice_opens_every_file_with_no_text_off_the_page(pdfs):
    for source, pdf in pdfs.items():
        assert pdf.is_file(), f"LibreOffice could not convert {source.name}"
        words = page_words(pdf)
        assert words, f"{source.name}: no text in the PDF"
        outside = [w for w in words if w[2] < 0 or w[3] < 0 or w[4] > w[0] + 0.5 or w[5] > w[1] + 0.5]
        assert outside == [], f"{source.name}: text outside the page"


def test_decks_have_one_page_per_slide(pdfs):
    for source, pdf in pdfs.items():
        if source.suffix == ".pptx":
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
            assert pages == len(open_pptx(str(source)).slides), source.name


@pytest.mark.parametrize(("language", "inches"), [("en", (8.27, 11.69)), ("en-US", (8.5, 11.0)), ("es", (8.27, 11.69))])
def test_paper_follows_the_language_unless_asked(tmp_path, minimal_text, language, inches):
    (tmp_path / "m.yaml").write_text(minimal_text.replace("version:", f"language: {language}\nversion:"))
    report = build_modules([load_module(tmp_path / "m.yaml")], BuildOptions(out=tmp_path, formats=("handout",)))
    section = open_docx(str(report.written[0])).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == inches


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_module_failing_late_keeps_its_own_files_and_the_earlier_module_is_written(tmp_path, minimal_text, jobs):
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "a.yaml").write_text(minimal_text.replace("id: minimal", "id: aaa"))
    (modules / "b.yaml").write_text(minimal_text.replace("id: minimal", "id: zzz"))
    assert CliRunner().invoke(main, ["build", "--jobs", jobs]).exit_code == 0
    first = tmp_path / "output" / "aaa" / "en" / "aaa-handout.docx"
    last = tmp_path / "output" / "zzz" / "en" / "zzz-handout.docx"
    before, last_before = first.read_bytes(), last.read_bytes()
    templates = tmp_path / "tpl"
    templates.mkdir()
    # Renders for module "aaa", fails for "zzz": only the second module breaks.
    failing_for_zzz = '# {{ module.title }}\n{% if module.id == "zzz" %}{{ nowhere }}{% endif %}\n'
    (templates / "handout.md.j2").write_text(failing_for_zzz)
    render.environment.cache_clear()
    result = CliRunner().invoke(main, ["build", "--force", "--jobs", jobs, "--templates", "tpl"])
    assert result.exit_code == 1, result.output
    assert "template handout.md.j2 failed for module zzz" in result.output
    assert first.read_bytes() != before  # built with the new template
    assert last.read_bytes() == last_before  # the module that failed keeps the files it had
    assert not [p for p in (tmp_path / "output").rglob(".*.tmp")]
    render.environment.cache_clear()
