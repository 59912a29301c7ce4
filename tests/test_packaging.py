"""The wheel: what `pip install .` (without -e) puts on a machine builds a module with no source checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from pptx import Presentation

PROJECT = Path(__file__).parent.parent
# What building the wheel reads: the package, the templates beside it, the project's metadata.
SOURCES = ("pyproject.toml", "README.md", "toolkit", "templates")


def build_wheel(folder: Path) -> Path:
    """Return a wheel built offline from a copy of the project (so the checkout gets no build/ folder)."""
    source = folder / "source"
    source.mkdir()
    for name in SOURCES:
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(PROJECT / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(source)]
    run = subprocess.run([*command, "-w", str(folder / "dist")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    [wheel] = (folder / "dist").glob("*.whl")
    return wheel


def test_the_wheel_carries_the_templates_and_builds_a_module_without_the_checkout(tmp_path, minimal_text):
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for bundled in (
        "toolkit/templates/slides.md.j2",
        "toolkit/templates/handout.md.j2",
        "toolkit/templates/guide.md.j2",
        "toolkit/templates/deck.pptx",
        "toolkit/templates/reference.docx",
        "toolkit/templates/new-module.yaml",
        "toolkit/templates/pack/agenda.md.j2",
        "toolkit/templates/fonts/LiberationSans-Regular.ttf",
        "toolkit/module/data/themes.yaml",
        "toolkit/quality/data/inclusive-language/es.yaml",
        "toolkit/schema/module.schema.json",
        "toolkit/core/locale/es/LC_MESSAGES/toolkit.po",
    ):
        assert bundled in names

    installed = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(installed)
    work = tmp_path / "work"
    work.mkdir()
    (work / "m.yaml").write_text(minimal_text, encoding="utf-8")
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(installed)!r})\n"
        "import toolkit\n"
        f"assert toolkit.__file__.startswith({str(installed)!r}), toolkit.__file__\n"
        "from toolkit.cli.main import main\n"
        "main(['build', 'm.yaml', '--out', 'out', '--jobs', '1'])\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    out = work / "out" / "minimal" / "en"
    assert {path.name for path in out.iterdir()} == {
        "minimal-slides.pptx",
        "minimal-handout.docx",
        "minimal-facilitator-guide.docx",
    }
    deck = Presentation(str(out / "minimal-slides.pptx"))
    assert any("Minimal module" in shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)


def test_the_wheel_carries_the_pdf_templates_and_fonts_and_makes_pdfs_without_the_checkout(tmp_path, minimal_text):
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for bundled in (
        "toolkit/writers/pdf/common.typ",
        "toolkit/writers/pdf/document.typ",
        "toolkit/writers/pdf/deck.typ",
        "toolkit/templates/fonts/LiberationSans-Italic.ttf",
        "toolkit/templates/fonts/NotoNaskhArabic-Regular.ttf",
        "toolkit/templates/fonts/LICENSE-NotoNaskhArabic.txt",
        "toolkit/templates/fonts/LICENSE-LiberationSans.txt",
    ):
        assert bundled in names
    installed = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(installed)
    work = tmp_path / "work"
    work.mkdir()
    (work / "m.yaml").write_text(minimal_text, encoding="utf-8")
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(installed)!r})\n"
        "from toolkit.cli.main import main\n"
        "main(['build', 'm.yaml', '--out', 'out', '--jobs', '1', '--format', 'pdf'])\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    made = sorted(path.name for path in (work / "out" / "minimal" / "en").glob("*.pdf"))
    assert made == sorted(
        f"minimal-{name}.pdf" for name in ("handout", "facilitator-guide", "slides", "notes-pages", "slide-handout")
    )
