"""Nothing outside gets in through templates, pictures, caches or Office packages (issue 22, serious findings)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import render
from toolkit.cli import main

SECRET = "TOP-SECRET-CONTENT-OUTSIDE"


@pytest.fixture
def project(tmp_path, minimal_text) -> Path:
    """Return a folder with modules/minimal.yaml, a template folder tpl/ and a secret file outside both."""
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    (tmp_path / "tpl").mkdir()
    (tmp_path / "secret.txt").write_text(f"# {SECRET}\n")
    render.environment.cache_clear()
    render._bytecode_cache.cache_clear()
    yield tmp_path
    render.environment.cache_clear()
    render._bytecode_cache.cache_clear()


def build(*arguments: str):
    """Return the result of `ssr-toolkit build minimal` with these arguments, run in-process."""
    return CliRunner().invoke(main, ["build", "minimal", "--force", *arguments])


def assert_refused(result, *words: str) -> None:
    """Assert a build failed cleanly (exit 1, no traceback), said each word, leaked nothing and wrote nothing."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    for word in words:
        assert word in result.output
    assert not Path("output").exists()


# --- finding 1: links in a user's template folder ---------------------------------------------------


def test_a_template_that_is_a_link_out_of_its_folder_is_refused(project):
    (project / "tpl" / "handout.md.j2").symlink_to(project / "secret.txt")
    assert_refused(build("--templates", "tpl"), "handout.md.j2", "leads outside the template folder", "link")


def test_an_included_link_out_of_the_folder_is_refused(project):
    (project / "tpl" / "handout.md.j2").write_text('{% include "evil.j2" %}')
    (project / "tpl" / "evil.j2").symlink_to(project / "secret.txt")
    assert_refused(build("--templates", "tpl"), "evil.j2", "leads outside the template folder")


def test_a_link_to_a_folder_outside_is_refused(project):
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "passwd").write_text(SECRET)
    (project / "tpl" / "sub").symlink_to(project / "elsewhere", target_is_directory=True)
    (project / "tpl" / "handout.md.j2").write_text('{% include "sub/passwd" %}')
    assert_refused(build("--templates", "tpl"), "sub/passwd", "leads outside the template folder")


def test_a_link_inside_the_template_folder_is_followed(project):
    (project / "tpl" / "mine.j2").write_text("# Our own handout\n")
    (project / "tpl" / "handout.md.j2").symlink_to("mine.j2")
    assert build("--templates", "tpl", "--format", "handout").exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_a_template_is_refused_without_waiting(project):
    os.mkfifo(project / "tpl" / "handout.md.j2")
    assert_refused(build("--templates", "tpl"), "not a regular file")


def test_a_template_past_the_size_limit_is_refused_before_it_is_read(project, monkeypatch):
    monkeypatch.setattr(render, "MAX_TEMPLATE_BYTES", 1000)
    (project / "tpl" / "handout.md.j2").write_text("x" * 1001)
    assert_refused(build("--templates", "tpl"), "the limit is 1,000 bytes")


def test_the_compiled_template_cache_lets_no_link_through(project, module_for_render):
    """A template compiled and cached, then replaced by a link to a file with the same text, is refused."""
    (project / "secret.txt").write_text("# Same text\n")
    template = project / "tpl" / "handout.md.j2"
    template.write_text("# Same text\n")
    options = render.RenderOptions(template_dirs=((project / "tpl").resolve(), *render.RenderOptions().template_dirs))
    render.build_handout(module_for_render, options)  # compiled and kept in the caches
    template.unlink()
    template.symlink_to(project / "secret.txt")
    with pytest.raises(render.DiagnosticsError, match="leads outside the template folder"):
        render.build_handout(module_for_render, options)  # the same process: its in-memory cache
    render.environment.cache_clear()
    with pytest.raises(render.DiagnosticsError, match="leads outside the template folder"):
        render.build_handout(module_for_render, options)  # a new process: the compiled-template cache


@pytest.fixture
def module_for_render(project):
    from toolkit.loader import load_module

    return load_module(project / "modules" / "minimal.yaml").module
