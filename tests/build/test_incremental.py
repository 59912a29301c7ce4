"""Incremental and parallel builds: skip what has not changed, and never change what is built."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.build.incremental import STATE_FILE
from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.cli import main
from toolkit.module.loader import load_module

PROJECT = Path(__file__).parents[2]


@pytest.fixture
def project(tmp_path, minimal_text) -> Path:
    """Return a folder with two small modules under modules/."""
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "first.yaml").write_text(minimal_text.replace("id: minimal", "id: first"))
    (tmp_path / "modules" / "second.yaml").write_text(minimal_text.replace("id: minimal", "id: second"))
    return tmp_path


def build(*args: str):
    result = CliRunner().invoke(main, ["build", "--jobs", "1", *args])
    assert result.exit_code == 0, result.output
    return result


def written(result) -> list[str]:
    return sorted(Path(line.split()[1]).name for line in result.stdout.splitlines() if line.startswith("wrote "))


def test_nothing_changed_means_nothing_rebuilt(project):
    assert len(written(build())) == 6
    again = build()
    assert written(again) == []
    assert "Nothing to do: 2 module(s) up to date" in again.output


def test_a_changed_module_rebuilds_only_itself(project):
    build()
    module = project / "modules" / "first.yaml"
    module.write_text(module.read_text().replace("First point", "Changed point"))
    result = build()
    assert written(result) == ["first-facilitator-guide.docx", "first-handout.docx", "first-slides.pptx"]
    assert "1 unchanged module(s) skipped" in result.output


def test_a_changed_image_rebuilds_its_module(project):
    from PIL import Image

    Image.new("RGB", (40, 20), "white").save(project / "modules" / "chart.png")
    module = project / "modules" / "first.yaml"
    module.write_text(
        module.read_text().replace(
            "notes: Say", "image:\n          path: chart.png\n          alt: A chart\n        notes: Say"
        )
    )
    build()
    Image.new("RGB", (40, 20), "black").save(project / "modules" / "chart.png")
    assert written(build()) == ["first-facilitator-guide.docx", "first-handout.docx", "first-slides.pptx"]


def test_changed_options_or_templates_rebuild_everything(project):
    build()
    assert len(written(build("--start", "13:00"))) == 6
    (project / "tpl").mkdir()
    (project / "tpl" / "handout.md.j2").write_text("# {{ module.title }}\n")
    assert len(written(build("--start", "13:00", "--templates", "tpl"))) == 6
    (project / "tpl" / "handout.md.j2").write_text("# {{ module.title }}\n\nChanged.\n")
    assert len(written(build("--start", "13:00", "--templates", "tpl"))) == 6


def test_force_and_missing_outputs_rebuild(project):
    build()
    assert len(written(build("--force"))) == 6
    (project / "output" / "second" / "en" / "second-handout.docx").unlink()
    assert written(build()) == ["second-facilitator-guide.docx", "second-handout.docx", "second-slides.pptx"]


def test_a_hand_edited_output_is_rebuilt(project):
    build()
    deck = project / "output" / "first" / "en" / "first-slides.pptx"
    deck.write_bytes(b"edited by hand")
    assert "first-slides.pptx" in written(build())
    assert deck.read_bytes() != b"edited by hand"


def test_parallel_build_is_identical_to_serial(tmp_path):
    results = [load_module(p) for p in sorted((PROJECT / "modules").glob("*.yaml"))[:4]]
    digests = []
    for jobs in (1, 2):
        report = build_modules(results, BuildOptions(out=tmp_path / str(jobs), jobs=jobs))
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in report.written})
    assert digests[0] == digests[1]
    assert len(digests[0]) == 12


def test_parallel_build_with_a_failing_module_writes_nothing(tmp_path, minimal_text):
    (tmp_path / "one.yaml").write_text(minimal_text.replace("id: minimal", "id: one"))
    (tmp_path / "two.yaml").write_text(minimal_text.replace("id: minimal", "id: two"))
    broken_template = tmp_path / "tpl"
    broken_template.mkdir()
    (broken_template / "guide.md.j2").write_text("{{ module.nope }}")
    from toolkit.render import templates as render

    render.environment.cache_clear()
    results = [load_module(tmp_path / "one.yaml"), load_module(tmp_path / "two.yaml")]
    options = BuildOptions(out=tmp_path / "out", jobs=2, templates=broken_template)
    report = build_modules(results, options)
    assert report.written == []
    assert {d.code for d in report.diagnostics} == {"template.render"}
    assert not (tmp_path / "out").exists()


def _state_names(state: dict) -> list[str]:
    """Return every file name a state file records: modules, their folders, inputs and outputs."""
    names = []
    for module, record in state["modules"].items():
        names += [module, record["folder"], *record["inputs"], *record["outputs"]]
    return names


def test_the_state_names_files_relative_to_the_output_folder(project):
    build()
    text = (project / "output" / STATE_FILE).read_text()
    assert str(project) not in text
    names = _state_names(json.loads(text))
    assert "../modules/first.yaml" in names
    assert not [name for name in names if Path(name).is_absolute()]


def test_a_moved_project_is_still_up_to_date_and_builds_the_same_bytes(project, tmp_path_factory, monkeypatch):
    build()
    moved = tmp_path_factory.mktemp("elsewhere") / "project"
    shutil.copytree(project, moved)
    shutil.rmtree(project)  # nothing may still point at the old place
    monkeypatch.chdir(moved)
    assert "Nothing to do: 2 module(s) up to date" in build().output
    before = {p.relative_to(moved): p.read_bytes() for p in (moved / "output").rglob("*") if p.is_file()}
    assert len(written(build("--force"))) == 6
    after = {p.relative_to(moved): p.read_bytes() for p in (moved / "output").rglob("*") if p.is_file()}
    assert after == before


def test_a_state_file_with_absolute_names_is_stale_not_an_error(project):
    build()
    state_file = project / "output" / STATE_FILE
    state = json.loads(state_file.read_text())

    def absolute(name: str) -> str:
        return str((project / "output" / name).resolve())

    old_format = {  # as the toolkit wrote it before: unnumbered, every file by its absolute path
        absolute(module): {
            "key": record["key"],
            "folder": absolute(record["folder"]),
            "inputs": {absolute(name): digest for name, digest in record["inputs"].items()},
            "outputs": {absolute(name): digest for name, digest in record["outputs"].items()},
        }
        for module, record in state["modules"].items()
    }
    state_file.write_text(json.dumps(old_format))
    assert len(written(build())) == 6
    assert json.loads(state_file.read_text()) == state
