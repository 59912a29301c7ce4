"""User templates: honoured, sandboxed, bounded in time and output, errors placed in the template."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from toolkit.build.pipeline import BuildOptions
from toolkit.cli import main
from toolkit.core import limits
from toolkit.core.diagnostics import DiagnosticsError
from toolkit.module.loader import load_module
from toolkit.render import templates as render
from toolkit.render.doctree import Heading, plain_text
from toolkit.render.templates import build_handout


@pytest.fixture
def module(write_module, minimal_text):
    return load_module(write_module(minimal_text.replace("Why does it matter?", "Is {{ 7*7 }} literal?"))).module


def handout_with(tmp_path, module, source: str):
    folder = tmp_path / "my-templates"
    folder.mkdir(exist_ok=True)
    (folder / "handout.md.j2").write_text(source)
    render.environment.cache_clear()
    return build_handout(module, BuildOptions(templates=folder).render_options())


def test_user_template_replaces_the_shipped_one(tmp_path, module):
    handout = handout_with(tmp_path, module, "# {{ module.title }}\n\n## Our own section\n")
    assert [plain_text(b.inlines) for b in handout.blocks if isinstance(b, Heading)] == [
        "Minimal module",
        "Our own section",
    ]


def test_module_text_is_never_template_source(tmp_path, module):
    handout = handout_with(
        tmp_path,
        module,
        "{% for a in module.activities %}{% for q in a.questions %}{{ q.text }}{% endfor %}{% endfor %}",
    )
    assert plain_text(handout.blocks[0].inlines) == "Is {{ 7*7 }} literal?"


def test_sandbox_blocks_python_internals(tmp_path, module):
    with pytest.raises(DiagnosticsError) as caught:
        handout_with(tmp_path, module, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.code == "template.render"
    assert "__class__" in diagnostic.message


def test_endless_loop_stops_at_the_time_limit(tmp_path, module, monkeypatch):
    monkeypatch.setattr(render, "MAX_RENDER_SECONDS", 0.5)
    source = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    with pytest.raises(DiagnosticsError) as caught:
        handout_with(tmp_path, module, source)
    assert "rendering took longer than the limit of 0.5 seconds" in caught.value.diagnostics[0].message


def test_huge_output_stops_at_the_size_limit(tmp_path, module, monkeypatch):
    monkeypatch.setattr(limits, "MAX_RENDER_CHARS", 10_000)
    with pytest.raises(DiagnosticsError) as caught:
        handout_with(tmp_path, module, "{% for i in range(100000) %}xxxxxxxxxx{% endfor %}")
    assert "the template produced more than 10,000 characters" in caught.value.diagnostics[0].message


def test_template_error_is_placed_at_its_line(tmp_path, module):
    with pytest.raises(DiagnosticsError) as caught:
        handout_with(tmp_path, module, "# ok\n\n{{ module.no_such_field }}\n")
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.file.endswith("my-templates/handout.md.j2")
    assert diagnostic.position.line == 3
    assert "no_such_field" in diagnostic.message


def test_build_with_a_broken_user_template_writes_nothing(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "guide.md.j2").write_text("{% if %}")
    render.environment.cache_clear()
    result = CliRunner().invoke(main, ["build", "minimal", "--templates", "tpl"])
    assert result.exit_code == 1
    assert "tpl/guide.md.j2:1:1: error: template guide.md.j2 failed for module minimal" in result.output
    assert not (tmp_path / "output").exists()


def _fresh_template_caches() -> None:
    """Forget environments and the compiled-template cache, as a new process would."""
    render.environment.cache_clear()
    render._bytecode_cache.cache_clear()


def test_compiled_templates_are_kept_and_used_by_the_next_run(tmp_path, module, monkeypatch):
    _fresh_template_caches()
    first = build_handout(module, render.RenderOptions())
    entries = list((tmp_path / ".cache" / "ssr-toolkit" / "templates").rglob("__jinja2_*.cache"))
    assert len(entries) == 1
    _fresh_template_caches()

    def no_compiling(*args, **kwargs):
        raise AssertionError("the template was compiled again")

    monkeypatch.setattr(render.SandboxedEnvironment, "compile", no_compiling)
    assert build_handout(module, render.RenderOptions()) == first


def test_a_changed_template_is_compiled_again_despite_the_cache(tmp_path, module):
    assert "First" in plain_text(handout_with(tmp_path, module, "# First\n").blocks[0].inlines)
    render._bytecode_cache.cache_clear()
    assert "Second" in plain_text(handout_with(tmp_path, module, "# Second\n").blocks[0].inlines)


def test_a_cache_folder_that_cannot_be_made_is_not_used(tmp_path, module, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    _fresh_template_caches()
    assert render._bytecode_cache() is None
    assert build_handout(module, render.RenderOptions()).blocks
    _fresh_template_caches()


@pytest.mark.parametrize("keep_bytes", [0, 12, 40])
def test_a_truncated_compiled_template_is_compiled_again(tmp_path, module, keep_bytes):
    # A cache entry cut short (a full disk, a killed run): the template is compiled again, never exit 70.
    _fresh_template_caches()
    first = build_handout(module, render.RenderOptions())
    [entry] = list((tmp_path / ".cache" / "ssr-toolkit" / "templates").rglob("__jinja2_*.cache"))
    entry.write_bytes(entry.read_bytes()[:keep_bytes])
    _fresh_template_caches()
    assert build_handout(module, render.RenderOptions()) == first
    _fresh_template_caches()


@pytest.mark.parametrize("expression", ["{{ 'lecture' | method }}", "{{ 'hourly' | per }}", "{{ 'x' | time }}"])
def test_a_user_template_giving_our_filters_a_bad_value_is_a_placed_error(tmp_path, module, expression):
    with pytest.raises(DiagnosticsError) as raised:
        handout_with(tmp_path, module, "# Title\n\n" + expression + "\n")
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.code == "template.render"
    assert diagnostic.format().startswith(f"{tmp_path / 'my-templates' / 'handout.md.j2'}:3:1: error: template")
