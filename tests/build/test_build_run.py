"""The one build: `build`, `watch` and `check` call `build.run.run_build`, which prints nothing and says what it did."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.build.options import BuildOptions
from toolkit.build.progress import BuildListener
from toolkit.build.run import Outcome, run_build
from toolkit.cli import main
from toolkit.module.model import Module
from toolkit.module.snapshot import ModuleView


@pytest.fixture
def modules(tmp_path: Path, minimal_text: str) -> list[Path]:
    """Return two small module files under modules/."""
    (tmp_path / "modules").mkdir()
    paths = []
    for name in ("first", "second"):
        path = tmp_path / "modules" / f"{name}.yaml"
        path.write_text(minimal_text.replace("id: minimal", f"id: {name}"), encoding="utf-8")
        paths.append(path)
    return paths


class Heard(BuildListener):
    """Remember what the build told its listener."""

    def __init__(self) -> None:
        self.heard: list[str] = []

    def starting(self, total: int) -> None:
        self.heard.append(f"starting {total}")

    def building(self, module: ModuleView) -> None:
        self.heard.append(f"building {module.id}")

    def built(self, module: ModuleView, paths: list[Path]) -> None:
        self.heard.append(f"built {module.id} {len(paths)}")


def test_a_build_says_what_it_wrote_then_that_nothing_changed(modules, tmp_path, capsys):
    options = BuildOptions(out=tmp_path / "out", formats=("markdown",))
    listener = Heard()
    first = run_build(modules, options, listener=listener)
    assert first.outcome is Outcome.BUILT and first.succeeded
    assert first.written == [tmp_path / "out" / name / "en" / f"{name}.md" for name in ("first", "second")]
    assert first.skipped == 0 and first.diagnostics == []
    assert listener.heard == ["starting 2", "building first", "built first 1", "building second", "built second 1"]
    again = run_build(modules, options, listener=Heard())
    assert again.outcome is Outcome.UP_TO_DATE and again.succeeded
    assert (again.skipped, again.written, again.results) == (2, [], [])
    assert capsys.readouterr() == ("", "")  # the command line prints, the build does not


def test_a_module_with_errors_is_not_built_and_the_others_are(modules, tmp_path):
    modules[1].write_text(modules[1].read_text().replace("duration: 30", "duration: thirty"))
    run = run_build(modules, BuildOptions(out=tmp_path / "out"), force=True)
    assert run.outcome is Outcome.INCOMPLETE and not run.succeeded
    assert [path.parent.parent.name for path in run.written] == ["first"] * 3
    assert [d.code for d in run.not_built[modules[1]]] == ["schema.int_parsing"]
    assert not (tmp_path / "out" / "second").exists()


def test_when_every_module_has_errors_nothing_is_written(modules, tmp_path):
    for module in modules:
        module.write_text(module.read_text().replace("duration: 30", "duration: thirty"))
    run = run_build(modules, BuildOptions(out=tmp_path / "out"), force=True)
    assert run.outcome is Outcome.NOTHING_WRITTEN and not run.succeeded
    assert run.written == [] and list(run.not_built) == modules
    assert not (tmp_path / "out").exists()


def test_the_build_can_load_each_module_as_the_model(modules, tmp_path):
    run = run_build(modules[:1], BuildOptions(out=tmp_path / "out", formats=("markdown",)), model=True)
    assert [type(result.module) for result in run.results] == [Module]


def test_check_out_records_its_build_as_build_does(modules, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["check", "first", "--out", "built"]).exit_code == 0
    result = runner.invoke(main, ["build", "first", "--out", "built", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "Nothing to do: 1 module(s) up to date in built/ (--force rebuilds them)." in result.output
