"""`ssr-toolkit build --format pdf`: five accessible PDFs a module, without LibreOffice, the same bytes every time."""

from __future__ import annotations

import io
import math
from pathlib import Path

import page
import pdfua
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.cli import main
from toolkit.module.loader import load_module

PROJECT = Path(__file__).resolve().parent.parent.parent
SHIPPED = sorted((PROJECT / "modules").glob("*.yaml"))
PDFS = ("handout", "facilitator-guide", "slides", "notes-pages", "slide-handout")


def build(*args: str):
    return CliRunner().invoke(main, ["build", *args])


@pytest.fixture
def no_office(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH with no soffice (nor anything else): the PDFs must not need LibreOffice."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_format_pdf_writes_five_pdfs_without_office(write_module, minimal_text: str, no_office: None) -> None:
    path = write_module(minimal_text)
    result = build(str(path), "--format", "pdf", "--out", "out")
    assert result.exit_code == 0, result.output
    folder = Path("out/minimal/en")
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(
        f"minimal-{name}.pdf" for name in PDFS
    )
    for name in PDFS:
        reader = PdfReader(folder / f"minimal-{name}.pdf")
        assert reader.metadata.title and len(reader.pages) >= 1
    slides = PdfReader(folder / "minimal-slides.pdf")
    handout = PdfReader(folder / "minimal-slide-handout.pdf")
    assert len(handout.pages) == math.ceil(len(slides.pages) / 3)
    assert not list(folder.glob("*.pptx")) and not list(folder.glob("*.docx"))  # only the formats asked for


def test_two_builds_give_the_same_bytes(write_module, minimal_text: str) -> None:
    path = write_module(minimal_text)
    assert build(str(path), "--format", "pdf", "--out", "one").exit_code == 0
    assert build(str(path), "--format", "pdf", "--out", "two").exit_code == 0
    for name in PDFS:
        first = Path(f"one/minimal/en/minimal-{name}.pdf").read_bytes()
        assert first == Path(f"two/minimal/en/minimal-{name}.pdf").read_bytes(), name


def test_paper_letter_reaches_the_pdfs_but_not_the_slides(write_module, minimal_text: str) -> None:
    path = write_module(minimal_text)
    assert build(str(path), "--format", "pdf", "--paper", "letter", "--out", "out").exit_code == 0
    sizes = {
        name: tuple(round(v) for v in PdfReader(f"out/minimal/en/minimal-{name}.pdf").pages[0].mediabox[2:])
        for name in PDFS
    }
    assert sizes["handout"] == sizes["facilitator-guide"] == sizes["notes-pages"] == (612, 792)
    assert sizes["slides"] == (960, 540)


def test_pdfs_left_from_other_paper_are_named(write_module, minimal_text: str) -> None:
    path = write_module(minimal_text)
    assert build(str(path), "--format", "pdf", "--out", "out").exit_code == 0
    result = build(str(path), "--format", "handout", "--paper", "letter", "--out", "out")
    assert result.exit_code == 0
    assert "minimal-handout.pdf" in result.output and "--paper a4 (now letter)" in result.output
    assert "--format pdf" in result.output


def test_every_shipped_module_and_language_passes_both_pdf_ua_checkers(tmp_path: Path) -> None:
    results = [load_module(path) for path in SHIPPED]
    report = build_modules(results, BuildOptions(out=tmp_path / "out", formats=("pdf",)))
    errors = [d for d in report.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    pdfs = [path for path in report.written if path.suffix == ".pdf"]
    assert len(pdfs) == 5 * len(SHIPPED)
    assert any("/ar/" in str(path) for path in pdfs)
    failing = {}
    for path in pdfs:
        data = path.read_bytes()
        checked = page.validate_pdf_bytes(data, profile="ua1")
        if not checked.is_compliant:
            failing[path.name] = [f.rule_id for f in checked.failures]
        second = pdfua.validate(str(path))
        if second.exit_code != 0:
            failing[f"{path.name} (pdfua)"] = [f.rule_id for f in second.findings]
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert not failing, failing


def test_a_process_that_ran_typst_still_builds_with_worker_processes(tmp_path: Path, minimal_text: str) -> None:
    """Typst's threads do not survive a fork: workers forked after a PDF (watch after a preview) waited for ever."""
    import subprocess
    import sys

    for name in ("one", "two"):
        (tmp_path / f"{name}.yaml").write_text(minimal_text.replace("id: minimal", f"id: {name}"), encoding="utf-8")
    code = (
        "from pathlib import Path\n"
        "from toolkit.build.pipeline import BuildOptions, build_modules\n"
        "from toolkit.module.loader import load_module\n"
        "results = [load_module(Path(n + '.yaml')) for n in ('one', 'two')]\n"
        "first = build_modules(results[:1], BuildOptions(out=Path('a'), formats=('pdf',), jobs=2))\n"
        "report = build_modules(results, BuildOptions(out=Path('b'), formats=('pdf',), jobs=2))\n"
        "print(len(first.written), len(report.written))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["5", "10"]


def test_pdfs_on_a_users_templates_say_they_keep_the_toolkits_own_look(write_module, minimal_text: str) -> None:
    write_module(minimal_text)
    templates = Path(__file__).parents[2] / "templates"

    plain = build("module.yaml", "--out", "plain", "--format", "pdf")
    branded = build(
        "module.yaml", "--out", "branded", "--format", "pdf",
        "--pptx-template", str(templates / "deck.pptx"), "--docx-reference", str(templates / "reference.docx"),
    )  # fmt: skip

    assert plain.exit_code == 0 and "[pdf.own-look]" not in plain.output
    assert branded.exit_code == 0, branded.output
    said = [line for line in branded.output.splitlines() if line.endswith("[pdf.own-look]")]
    assert len(said) == 2  # once for the deck template, once for the reference document
    assert any("deck.pptx" in line and "not its colours" in line for line in said)
    assert any("reference.docx" in line and "not the reference document's" in line for line in said)
