"""Translations: one file per language, linked to the source, checked for drift."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.module.loader import load_module


@pytest.fixture
def translated(tmp_path, minimal_text) -> Path:
    """Return a modules/ folder with minimal.yaml and its Spanish translation scaffold."""
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "minimal.yaml").write_text(minimal_text, encoding="utf-8")
    result = CliRunner().invoke(main, ["translate", "modules/minimal.yaml", "--lang", "es"])
    assert result.exit_code == 0, result.output
    return folder / "minimal.es.yaml"


def codes(path: Path) -> list[str]:
    """Return the codes of a translation's diagnostics but the untranslated warning every fresh scaffold has."""
    return [d.code for d in load_module(path).diagnostics if d.code != "translation.untranslated"]


def test_translate_scaffold_is_a_valid_linked_translation_that_says_it_is_untranslated(translated):
    result = load_module(translated)
    module = result.module
    assert module.language == "es"
    assert module.translation.source == "minimal.yaml"
    assert result.ok and [d.code for d in result.diagnostics] == ["translation.untranslated"]
    assert "# yaml-language-server" in translated.read_text().splitlines()[0]


def test_translate_refuses_to_overwrite(translated):
    before = translated.read_bytes()
    result = CliRunner().invoke(main, ["translate", "modules/minimal.yaml", "--lang", "es"])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert translated.read_bytes() == before


def test_changed_source_makes_the_translation_stale(translated):
    source = translated.with_name("minimal.yaml")
    source.write_text(source.read_text().replace("Why does it matter?", "Why does this matter?"))
    result = load_module(translated)
    assert codes(translated) == ["translation.stale", "translation.stale"]  # the field, then how to mark it done
    assert result.ok  # stale is a warning: the translation still builds
    assert "translate modules/minimal.yaml --lang es --refresh" in result.diagnostics[-1].message
    strict = CliRunner().invoke(main, ["validate", "--strict", str(translated)])
    assert strict.exit_code == 1


def test_comment_only_changes_do_not_make_it_stale(translated):
    source = translated.with_name("minimal.yaml")
    source.write_text(source.read_text() + "# a comment\n")
    assert codes(translated) == []


def test_missing_question_is_an_error(translated):
    text = translated.read_text()
    translated.write_text(
        text.replace("    questions:\n      - text: Why does it matter?\n        guidance: [Links to daily work]\n", "")
    )
    found = [d for d in load_module(translated).diagnostics if d.code != "translation.untranslated"]
    assert [d.code for d in found] == ["translation.structure"]
    assert found[0].message == (
        'activities[1].questions: question 1, "Why does it matter?", is missing (the source has 1, this translation '
        "none); add its translation"
    )


def test_renamed_activity_is_an_error(translated):
    translated.write_text(translated.read_text().replace("id: discuss", "id: debate"))
    found = [d for d in load_module(translated).diagnostics if d.code != "translation.untranslated"]
    assert [d.code for d in found] == ["translation.structure"]
    assert found[0].message == (
        'activities: the translation must keep the source\'s activities; activity 2 of the source, "discuss" '
        '("Discussion"), is missing; this translation\'s activity 2, "debate", is not in the source'
    )


def test_translation_must_keep_the_id(translated):
    translated.write_text(translated.read_text().replace("id: minimal", "id: minimo"))
    assert "translation.id" in codes(translated)


def test_source_outside_the_folder_is_refused(translated):
    translated.write_text(translated.read_text().replace("source: minimal.yaml", "source: ../minimal.yaml"))
    assert codes(translated) == ["translation.source"]


def test_build_lang_picks_the_translation(translated, tmp_path):
    result = CliRunner().invoke(main, ["build", "minimal", "--lang", "es", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "minimal" / "es" / "minimal.md").is_file()
    assert not (tmp_path / "output" / "minimal" / "en").exists()


def test_build_lang_not_available_names_the_languages(translated):
    result = CliRunner().invoke(main, ["build", "minimal", "--lang", "fr"])
    assert result.exit_code == 2
    assert "module 'minimal' is not available in fr; it is in: en, es" in result.output


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("xx", '"xx" is not a language code Babel knows; write an ISO 639 code such as en, es, fr, ar or fr-CA'),
        ("fr-XX", '"fr-XX" is not a language and region Babel knows; write "fr", or a region Babel knows for it'),
    ],
)
def test_translate_refuses_a_language_babel_does_not_know(translated, language, expected):
    result = run("translate", "modules/minimal.yaml", "--lang", language)
    assert result.exit_code == 2
    assert "--lang" in result.output
    assert expected in result.output
    assert not (translated.parent / f"minimal.{language}.yaml").exists()


def test_validate_refuses_a_language_babel_does_not_know_at_its_line(translated):
    translated.write_text(translated.read_text().replace("language: es\n", "language: xx\n"))
    result = run("validate", str(translated))
    assert result.exit_code == 1
    assert (
        'modules/minimal.es.yaml:4:11: error: language: "xx" is not a language code Babel knows; write an ISO 639 '
        "code such as en, es, fr, ar or fr-CA [check.language]" in result.output
    )
    # The build stops with the same message, not with an internal error.
    built = run("build", str(translated))
    assert built.exit_code == 1, built.output
    assert "[check.language]" in built.output and "internal error" not in built.output


def test_a_language_without_interface_strings_builds_in_english_and_says_so_once(tmp_path, minimal_text):
    folder = tmp_path / "modules"
    folder.mkdir()
    for name in ("minimal", "second"):
        (folder / f"{name}.yaml").write_text(minimal_text.replace("id: minimal", f"id: {name}"), encoding="utf-8")
        assert run("translate", f"modules/{name}.yaml", "--lang", "de").exit_code == 0
    result = run("build", "--lang", "de", "--format", "markdown")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "[build.interface-language]" in line]
    assert warnings == [
        'modules/minimal.de.yaml: warning: language: the toolkit has no interface strings in "de" (it has '
        'en, ar, es, fr), so the headings and labels of 2 module(s) are in English; to have them in "de", add a '
        'catalogue (docs/translations.md, "Adding a language") [build.interface-language]'
    ]
    assert "Learning objectives" in (tmp_path / "output" / "minimal" / "de" / "minimal.md").read_text()
