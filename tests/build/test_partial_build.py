"""A broken module does not block the others: `build` writes every valid module, lists the rest, exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from toolkit.build.options import BuildOptions
from toolkit.build.run import Outcome, run_build
from toolkit.cli import main

NAMES = ("alpha", "beta", "gamma")
QUESTION = "    questions:\n      - text: Why does it matter?\n        guidance: [Links to daily work]\n"


@pytest.fixture
def project(tmp_path: Path, minimal_text: str) -> Path:
    """Return modules/ with three small modules and a Spanish translation of the first (tmp_path is the cwd)."""
    folder = tmp_path / "modules"
    folder.mkdir()
    for name in NAMES:
        (folder / f"{name}.yaml").write_text(minimal_text.replace("id: minimal", f"id: {name}"), encoding="utf-8")
    assert CliRunner().invoke(main, ["translate", "modules/alpha.yaml", "--lang", "es"]).exit_code == 0
    return folder


def build(*args: str):
    return CliRunner().invoke(main, ["build", "--jobs", "1", *args])


def half_translated(path: Path) -> None:
    """Make a translator's half-done file: some text translated, a question deleted by mistake."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Short talk", "title: Charla breve").replace("Say the first point", "Diga el primero")
    path.write_text(text.replace(QUESTION, ""), encoding="utf-8")


def files(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_half_done_translation_does_not_stop_the_other_modules(project, tmp_path):
    half_translated(project / "alpha.es.yaml")
    result = build()
    assert result.exit_code == 1, result.output
    out = tmp_path / "output"
    for name in NAMES:  # every valid module: its three files, readable
        deck = Presentation(str(out / name / "en" / f"{name}-slides.pptx"))
        assert deck.slides[0].shapes.title.text_frame.text == "Minimal module"
        handout = Document(str(out / name / "en" / f"{name}-handout.docx"))
        assert "Explain one thing." in [p.text for p in handout.paragraphs]
        assert (out / name / "en" / f"{name}-facilitator-guide.docx").is_file()
    assert not (out / "alpha" / "es").exists()
    assert "modules/alpha.es.yaml:" in result.output and "error: activities[1].questions" in result.output
    assert "9 file(s) from 3 module(s) in output/" in result.output
    assert "Not built: 1 module(s) with errors; their earlier files, if any, are as they were:" in result.output
    assert "  modules/alpha.es.yaml: 1 error(s) above [translation.structure]" in result.output


def test_a_broken_modules_earlier_files_stay_as_they_were(project, tmp_path):
    assert build().exit_code == 0
    out = tmp_path / "output"
    before = files(out / "alpha" / "es")
    assert len(before) == 3
    half_translated(project / "alpha.es.yaml")
    beta = project / "beta.yaml"
    beta.write_text(beta.read_text().replace("title: Minimal module", "title: Beta module"))
    result = build()
    assert result.exit_code == 1
    assert files(out / "alpha" / "es") == before  # not rebuilt, not removed, nothing half-written beside them
    deck = Presentation(str(out / "beta" / "en" / "beta-slides.pptx"))
    assert deck.slides[0].shapes.title.text_frame.text == "Beta module"
    assert "3 file(s) from 1 module(s) in output/; 2 unchanged module(s) skipped" in result.output
    # A module that was not built is not up to date: fixed, it is built the next time, alone.
    fixed = project / "alpha.es.yaml"
    fixed.write_text(fixed.read_text().replace("method: plenary\n", f"method: plenary\n{QUESTION}"))
    again = build()
    assert again.exit_code == 0, again.output
    assert "3 file(s) from 1 module(s) in output/; 3 unchanged module(s) skipped" in again.output
    deck = Presentation(str(out / "alpha" / "es" / "alpha-slides.pptx"))
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide]
    assert any("Diga el primero slowly." in text for text in notes)


def test_a_module_a_template_fails_on_is_listed_and_the_others_are_written(project, tmp_path):
    assert build().exit_code == 0
    out = tmp_path / "output"
    before = files(out / "gamma")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "guide.md.j2").write_text('{% if module.id == "gamma" %}{{ module.nope }}{% endif %}Guide')
    run = run_build(sorted(project.glob("*.yaml")), BuildOptions(out=out, jobs=2, templates=tmp_path / "tpl"))
    assert run.outcome is Outcome.INCOMPLETE and not run.succeeded
    assert list(run.not_built) == [project / "gamma.yaml"]
    assert [d.code for d in run.not_built[project / "gamma.yaml"]] == ["template.render"]
    assert sorted(path.parent.parent.name for path in run.written) == ["alpha"] * 6 + ["beta"] * 3
    assert files(out / "gamma") == before


def test_strict_still_writes_nothing_when_one_module_is_broken(project, tmp_path):
    half_translated(project / "alpha.es.yaml")
    result = build("--strict")
    assert result.exit_code == 1
    assert "Nothing was written." in result.output
    assert not (tmp_path / "output").exists()


def test_when_every_module_is_broken_nothing_is_written(project, tmp_path):
    half_translated(project / "alpha.es.yaml")
    result = build("alpha", "--lang", "es")
    assert result.exit_code == 1
    assert "Nothing was written." in result.output
    assert "  modules/alpha.es.yaml: 1 error(s) above [translation.structure]" in result.output
    assert not (tmp_path / "output").exists()


def test_a_pack_still_needs_every_module_valid(small_pack, tmp_path):
    beta = tmp_path / "modules" / "beta.yaml"
    beta.write_text(beta.read_text().replace("duration: 30", "duration: thirty"))
    result = CliRunner().invoke(main, ["pack", "modules/packs/small.yaml"])
    assert result.exit_code == 1
    assert "Nothing was written." in result.output
    assert not (tmp_path / "output").exists()


def test_watch_goes_on_building_the_valid_modules_while_one_is_broken(project, tmp_path, capsys):
    from toolkit.cli.building import build_once
    from toolkit.cli.watching import watch_and_build

    paths = sorted(project.glob("*.yaml"))
    options = BuildOptions(out=tmp_path / "output", jobs=1, formats=("markdown",))
    translation = tmp_path / "output" / "alpha" / "es" / "alpha.md"
    beta = project / "beta.yaml"

    def saves():
        half_translated(project / "alpha.es.yaml")
        beta.write_text(beta.read_text().replace("title: Minimal module", "title: Beta module"))
        yield {(2, str(project / "alpha.es.yaml")), (2, str(beta))}

    watch_and_build(lambda: build_once(paths, options, force=False), [project], options.out, saves())
    assert translation.read_text().startswith("# Minimal module")  # the first build's, kept as it was
    assert (tmp_path / "output" / "beta" / "en" / "beta.md").read_text().startswith("# Beta module")
    messages = capsys.readouterr().err
    assert "  modules/alpha.es.yaml: 1 error(s) above [translation.structure]" in messages
    assert messages.rstrip().endswith("Stopped watching.")
