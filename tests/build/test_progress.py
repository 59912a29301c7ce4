"""Progress in a terminal: a bar that names the module being built and ends at 100 %, files listed as they are made."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.build import pipeline
from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.build.progress import ProgressBar, progress_line
from toolkit.cli import main
from toolkit.cli.building import ShownProgress
from toolkit.module.loader import load_module


class FakeTerminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def screen(text: str) -> list[str]:
    """Return the lines a terminal shows after writing `text`: a carriage return goes back to column 0."""
    lines, line, column = [], [], 0
    for character in text:
        if character == "\n":
            lines.append("".join(line).rstrip())
            line, column = [], 0
        elif character == "\r":
            column = 0
        else:
            line[column : column + 1] = [character]
            column += 1
    return [*lines, "".join(line).rstrip()] if "".join(line).strip() else lines


@pytest.fixture
def modules(tmp_path, minimal_text) -> list[Path]:
    """Return three small module files."""
    paths = []
    for name in ("first", "second", "third"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(minimal_text.replace("id: minimal", f"id: {name}"))
        paths.append(path)
    return paths


def test_the_line_shows_the_count_the_percentage_and_the_module():
    assert progress_line(0, 12, "peru-trc (es)") == f"Building [{'-' * 24}] 0/12   0% peru-trc (es)"
    assert progress_line(3, 12, "police-reform (en)").endswith("] 3/12  25% police-reform (en)")
    assert progress_line(12, 12) == f"Building [{'#' * 24}] 12/12 100%"


def test_the_line_fits_a_narrow_terminal_leaving_its_last_column_free():
    assert len(progress_line(5, 12, "a-module-with-a-very-long-identifier (en)", width=50)) == 49


def test_no_bar_where_there_is_no_terminal_or_one_module():
    for stream, total in ((io.StringIO(), 3), (FakeTerminal(), 1)):
        bar = ProgressBar(total, stream)
        bar.draw(0, "first (en)")
        bar.finish(1)
        assert stream.getvalue() == ""


def test_a_terminal_sees_each_module_named_its_files_as_they_come_and_100_percent(modules, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    terminal = FakeTerminal()  # stdout and stderr both, as in a terminal
    shown = ShownProgress(3, terminal, terminal)
    results = [load_module(path) for path in modules]
    report = build_modules(results, BuildOptions(out=tmp_path / "out", jobs=1), shown)
    shown.finish()
    assert len(report.written) == 9
    raw = terminal.getvalue()
    first_file = raw.index("wrote ")
    assert raw.index("] 0/3   0% first (en)") < first_file  # named while it is built
    assert first_file < raw.index("] 2/3  66% third (en)")  # listed before the last module is built
    shown_lines = screen(raw)
    assert shown_lines == [*(f"wrote {path}" for path in report.written), f"Building [{'#' * 24}] 3/3 100%"]


def test_a_module_that_fails_after_others_were_written_keeps_its_files_and_theirs_stay(modules, tmp_path):
    (tmp_path / "modules").mkdir()
    for path in modules:
        path.rename(tmp_path / "modules" / path.name)
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--jobs", "1"]).exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "guide.md.j2").write_text('{% if module.id == "third" %}{{ module.nope }}{% endif %}')
    result = runner.invoke(main, ["build", "--jobs", "1", "--templates", "tpl"])
    assert result.exit_code == 1
    assert "wrote output/second/en/second-facilitator-guide.docx" in result.stdout
    assert "  modules/third.yaml: 1 error(s) above [template.render]" in result.output
    after = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    third = {p for p in before if "third" in p.parts}
    assert len(third) == 3 and {p: after[p] for p in third} == {p: before[p] for p in third}
    changed = {p.name for p in before if after[p] != before[p]}
    assert changed >= {"first-facilitator-guide.docx", "second-facilitator-guide.docx"}


def test_a_rename_that_fails_midway_puts_back_every_file_already_renamed(modules, tmp_path, monkeypatch):
    (tmp_path / "modules").mkdir()
    for path in modules:
        path.rename(tmp_path / "modules" / path.name)
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--jobs", "1"]).exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    real_publish = pipeline.publish
    calls = []

    def publish_then_fail(temporary, path):
        calls.append(path)
        if len(calls) == 2:  # the first module's guide: its slides are already in place
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(path))
        return real_publish(temporary, path)

    monkeypatch.setattr(pipeline, "publish", publish_then_fail)
    result = runner.invoke(main, ["build", "--jobs", "1", "--force"])
    assert result.exit_code == 1
    assert "Invalid cross-device link; check that file or folder, then run again [system.io]" in result.output
    after = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    assert after == before
