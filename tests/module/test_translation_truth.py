"""Translations that tell the truth: untranslated text, what changed in the source, values that are not language,
and missing items by name."""

from __future__ import annotations

import base64
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.module.loader import load_module
from toolkit.module.translatable import is_language
from toolkit.module.translations import content_hash, decode_source_text, encode_source_text

SECOND_QUESTION = (
    "      - text: How might you use it in your own unit next month?\n        guidance: [A concrete step]\n"
)
# What a translator writes for each text of the source: every text field the check counts, and some it does not.
SPANISH = {
    "A small module for tests.": "Un módulo pequeño para pruebas.",
    "Explain one thing.": "Explicar una cosa.",
    "Name a second thing.": "Nombrar una segunda cosa.",
    "Apply both at work.": "Aplicar ambas en el trabajo.",
    "Say the first point slowly.": "Diga el primer punto despacio.",
    "Why does it matter?": "¿Por qué importa?",
    "Links to daily work": "Vínculos con el trabajo diario",
    "How might you use it in your own unit next month?": "¿Cómo podría usarlo en su unidad el mes próximo?",
    "A concrete step": "Un paso concreto",
}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def source(tmp_path: Path, minimal_text: str) -> Path:
    """Return modules/minimal.yaml with a second question (tmp_path is the working folder)."""
    folder = tmp_path / "modules"
    folder.mkdir()
    path = folder / "minimal.yaml"
    first = "        guidance: [Links to daily work]\n"
    path.write_text(minimal_text.replace(first, first + SECOND_QUESTION))
    return path


@pytest.fixture
def fresh(source: Path) -> Path:
    """Return the Spanish translation of `source` just as `translate` made it."""
    result = run("translate", "modules/minimal.yaml", "--lang", "es")
    assert result.exit_code == 0, result.output
    return source.with_name("minimal.es.yaml")


def translate(path: Path, keep: tuple[str, ...] = ()) -> None:
    """Translate every text of a translation file but those in `keep`, as a translator would."""
    text = path.read_text(encoding="utf-8")
    for english, spanish in SPANISH.items():
        if english not in keep:
            text = text.replace(english, spanish)
    path.write_text(text, encoding="utf-8")


def found(path: Path, code: str) -> list:
    return [d for d in load_module(path).diagnostics if d.code == code]


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- Text still identical to the source --------------------------------------------------------------


def test_a_translation_just_made_says_it_is_untranslated_with_counts_and_paths(fresh):
    result = run("validate", "modules/minimal.es.yaml")
    assert result.exit_code == 0  # a warning: a half-done translation still builds
    assert (
        "modules/minimal.es.yaml:9:10: warning: this translation is still the source's text: 7 of 7 text field(s) "
        "are as in minimal.yaml: summary, learning_objectives[1], learning_objectives[2], "
        "activities[0].slides[0].notes, activities[1].questions[0].text and 2 more; translate them (names, numbers, "
        "addresses, quotations and a few words may stay as they are and are not counted) [translation.untranslated]"
    ) in result.output
    assert run("validate", "--strict", "modules/minimal.es.yaml").exit_code == 1


def test_a_partly_translated_file_names_what_is_left(fresh):
    translate(fresh, keep=("Say the first point slowly.", "Links to daily work"))
    [warning] = found(fresh, "translation.untranslated")
    assert warning.message.startswith(
        "this translation is partly untranslated: 2 of 7 text field(s) are as in minimal.yaml: "
        "activities[0].slides[0].notes, "
        "activities[1].questions[0].guidance[0];"
    )
    assert warning.position.line == line_of(fresh, "Say the first point slowly.")


def test_a_translated_file_has_no_warning(fresh):
    translate(fresh)
    assert load_module(fresh).diagnostics == []


def test_build_and_check_say_a_translation_is_partly_untranslated(fresh):
    translate(fresh, keep=("Say the first point slowly.",))
    built = run("build", "minimal", "--lang", "es", "--format", "markdown")
    assert built.exit_code == 0, built.output
    assert (
        "modules/minimal.es.yaml:22:16: warning: this translation is partly untranslated: 1 of 7 text field(s) are "
        "as in minimal.yaml: activities[0].slides[0].notes;"
    ) in built.output
    checked = run("check", "minimal", "--lang", "es")
    assert "modules/minimal.es.yaml:22:16: warning: this translation is partly untranslated: 1 of 7" in checked.output
    assert "[translation.untranslated]" in checked.output


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("Say the first point slowly.", True),
        ("¿Por qué importa a la policía?", True),
        ("Plenary discussion", False),  # a few words: often the same in both languages
        ("15–30 participants, 2 groups", False),
        ("Truth and Reconciliation Commission of Peru", False),  # a name
        ("“Nothing about us without us”, as the movement says it", True),
        ("“Nothing about us without us, said the women of the movement”", False),  # a quotation kept as said
        ("See https://www.dcaf.ch/resources for the full text", True),
        ("https://www.dcaf.ch/gender-and-security-toolkit-long-address", False),
    ],
)
def test_what_counts_as_language_left_untranslated(text, counted):
    assert is_language(text) is counted


def test_names_quotations_and_source_titles_may_stay_as_they_are(source, minimal_text):
    source.write_text(
        source.read_text()
        .replace("title: Short talk", "title: Truth and Reconciliation Commission of Peru")
        .replace(
            "  - One thing matters.", "  - One thing matters.\n  - “Nothing about us without us, as they said then”"
        )
        .replace("title: A source", "title: Gender and Security Toolkit, the complete edition of 2008")
    )
    assert run("translate", "modules/minimal.yaml", "--lang", "es").exit_code == 0
    translation = source.with_name("minimal.es.yaml")
    translate(translation)
    assert load_module(translation).diagnostics == []


def test_a_translation_marks_the_language_of_a_source_title_kept_in_the_original(fresh):
    translate(fresh)
    fresh.write_text(fresh.read_text().replace("    title: A source\n", "    title: A source\n    language: en\n"))
    assert load_module(fresh).diagnostics == []


# --- What changed in the source ---------------------------------------------------------------------------


def test_a_changed_source_shows_each_changed_field_before_and_after_at_its_line(fresh):
    translate(fresh)
    fresh.with_name("minimal.yaml").write_text(
        fresh.with_name("minimal.yaml")
        .read_text()
        .replace("Why does it matter?", "Why does it matter to police trainers?")
        .replace("Links to daily work", "Links to daily patrol work")
    )
    result = run("validate", "modules/minimal.es.yaml")
    assert result.exit_code == 0
    question = line_of(fresh, "¿Por qué importa?")
    guidance = line_of(fresh, "Vínculos con el trabajo diario")
    assert (
        f"modules/minimal.es.yaml:{question}:15: warning: activities[1].questions[0].text: changed in minimal.yaml "
        'since this translation was made: "Why does it matter?" → "Why does it matter to police trainers?"; bring '
        "the translation up to date [translation.stale]"
    ) in result.output
    assert (
        f"modules/minimal.es.yaml:{guidance}:20: warning: activities[1].questions[0].guidance[0]: changed in "
        'minimal.yaml since this translation was made: "Links to daily work" → "Links to daily patrol work"'
    ) in result.output
    assert (
        "warning: translation.source_hash: minimal.yaml has changed since this translation was made: 2 text field(s) "
        "changed (above); once the translation is up to date, run `ssr-toolkit translate modules/minimal.yaml --lang "
        "es --refresh` [translation.stale]"
    ) in result.output
    # Brought up to date and refreshed, it is quiet again; the next change is shown from there.
    fresh.write_text(fresh.read_text().replace("¿Por qué importa?", "¿Por qué importa a la policía?"))
    refreshed = run("translate", "modules/minimal.yaml", "--lang", "es", "--refresh")
    assert refreshed.exit_code == 0, refreshed.output
    assert load_module(fresh).diagnostics == []
    assert "¿Por qué importa a la policía?" in fresh.read_text()  # the translation itself is kept


def test_a_long_changed_text_is_shown_around_what_changed(fresh):
    translate(fresh)
    source = fresh.with_name("minimal.yaml")
    long = "Say the first point slowly, then ask the group what it means for the way they patrol at night."
    source.write_text(source.read_text().replace("Say the first point slowly.", long))
    assert run("translate", "modules/minimal.yaml", "--lang", "es", "--refresh").exit_code == 0
    source.write_text(source.read_text().replace("patrol at night", "patrol by day"))
    [change, _] = found(fresh, "translation.stale")
    assert change.message == (
        'activities[0].slides[0].notes: changed in minimal.yaml since this translation was made: "…for the way they '
        'patrol at night." → "…for the way they patrol by day."; bring the translation up to date'
    )


def test_a_new_activity_in_the_source_does_not_make_the_later_ones_changed(fresh):
    translate(fresh)
    source = fresh.with_name("minimal.yaml")
    warm_up = "  - id: warm-up\n    title: Warm-up round\n    minutes: 5\n    method: plenary\n"
    source.write_text(
        source.read_text().replace("duration: 30", "duration: 35").replace("activities:\n", "activities:\n" + warm_up)
    )
    diagnostics = load_module(fresh).diagnostics
    stale = [d.message for d in diagnostics if d.code == "translation.stale"]
    assert stale[0] == (
        'activities[0].title: changed in minimal.yaml since this translation was made: new text "Warm-up round"; '
        "bring the translation up to date"
    )
    assert len(stale) == 2  # that field, then the summary: talk and discuss did not change
    assert [d.code for d in diagnostics if d.severity.value == "error"] == [
        "translation.fixed",
        "translation.structure",
    ]


def test_an_old_translation_without_a_copy_of_the_source_validates_and_says_it_cannot_show_changes(fresh):
    translate(fresh)
    text = fresh.read_text()
    old = text[: text.index("  source_text:")]  # as translations were written before they kept the source's text
    fresh.write_text(old)
    assert load_module(fresh).diagnostics == []  # unchanged source: nothing to say
    source = fresh.with_name("minimal.yaml")
    source.write_text(source.read_text().replace("Why does it matter?", "Why does this matter?"))
    [stale] = found(fresh, "translation.stale")
    assert "it keeps no copy of the source's text (made before translations kept one), so what changed cannot be " in (
        stale.message
    )
    assert "git log -p minimal.yaml" in stale.message
    # --refresh gives it one, and keeps the rest of the file as it was.
    assert run("translate", "modules/minimal.yaml", "--lang", "es", "--refresh").exit_code == 0
    assert fresh.read_text().startswith(old[: old.index("# Written by")])
    assert load_module(fresh).module.translation.source_text


def test_an_edited_copy_of_the_source_is_said_not_a_crash(fresh):
    translate(fresh)
    lines = fresh.read_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("    - "))
    lines[first] = "    - AAAA" + lines[first][10:]
    fresh.write_text("\n".join(lines) + "\n")
    source = fresh.with_name("minimal.yaml")
    source.write_text(source.read_text().replace("Why does it matter?", "Why does this matter?"))
    [stale] = found(fresh, "translation.stale")
    assert "its copy of the source's text (translation.source_text) cannot be read: it was edited" in stale.message


def test_the_copy_of_the_source_reads_back_and_is_compact(fresh):
    module = load_module(fresh.with_name("minimal.yaml")).module
    kept = decode_source_text(encode_source_text(module))
    assert kept[("activities", "#discuss", "questions", 0, "text")] == "Why does it matter?"
    assert ("activities", "#talk", "minutes") not in kept  # only language is kept
    assert decode_source_text(["eJx="]) is None


def test_a_copy_edited_into_a_compression_bomb_is_refused_quickly():
    bomb = base64.b64encode(zlib.compress(b"[" + b" " * 50_000_000 + b"]", 9)).decode()
    lines = [bomb[start : start + 76] for start in range(0, len(bomb), 76)]
    assert len(lines) < 1000
    assert decode_source_text(lines) is None


def test_the_hash_is_the_content_as_written_not_its_layout(source):
    before = content_hash(source)
    source.write_text(
        source.read_text().replace("[First point, Second point]", "\n          - First point\n          - Second point")
        + "# a comment\n"
    )
    assert content_hash(source) == before
    source.write_text(source.read_text().replace("First point", "First point, slowly"))
    assert content_hash(source) != before


# --- Values that are not language --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "changed", "column", "expected"),
    [
        ("    minutes: 10\n", "    minutes: 15\n", 14, "activities[0].minutes: 15 here but 10 in the source"),
        (
            "    method: plenary\n",
            "    method: small-groups\n",
            13,
            "activities[1].method: small-groups here but plenary",
        ),
        (
            "    method: plenary\n",
            "    method: plenary\n    groups: 4\n",
            13,
            "activities[1].groups: 4 here but none in",
        ),
        ("    year: 2008\n", "    year: 2009\n", 11, "sources[0].year: 2009 here but 2008 in the source"),
    ],
)
def test_a_value_that_is_not_language_must_equal_the_source_at_its_line(fresh, english, changed, column, expected):
    translate(fresh)
    fresh.write_text(fresh.read_text().replace(english, changed, 1))
    result = run("validate", "modules/minimal.es.yaml")
    assert result.exit_code == 1
    line = line_of(fresh, changed.strip().splitlines()[-1])
    errors = found(fresh, "translation.fixed")
    assert [(d.position.line, d.position.column) for d in errors] == [(line, column)]
    assert expected in errors[0].message
    assert f"modules/minimal.es.yaml:{line}:{column}: error: {expected}" in result.output


def test_a_changed_minutes_in_a_translation_is_an_error_at_its_line(fresh):
    translate(fresh)
    fresh.write_text(fresh.read_text().replace("minutes: 20", "minutes: 25").replace("duration: 30", "duration: 35"))
    result = run("validate", "modules/minimal.es.yaml")
    assert result.exit_code == 1
    line = line_of(fresh, "minutes: 25")
    assert (
        f"modules/minimal.es.yaml:{line}:14: error: activities[1].minutes: 25 here but 20 in the source; a translation "
        "keeps the source's values that are not language (minutes, methods, groups, ids, numbers, paths, addresses): "
        "write minutes: 20 [translation.fixed]"
    ) in result.output
    assert "duration: 35 here but 30 in the source" in result.output
    assert run("build", "minimal", "--lang", "es").exit_code == 1


# --- Items missing or added --------------------------------------------------------------------------------


def test_a_missing_question_is_named_by_its_position_and_text(fresh):
    translate(fresh)
    second = "      - text: ¿Cómo podría usarlo en su unidad el mes próximo?\n        guidance: [Un paso concreto]\n"
    fresh.write_text(fresh.read_text().replace(second, ""))
    [error] = [d for d in load_module(fresh).diagnostics if d.severity.value == "error"]
    assert error.code == "translation.structure"
    assert error.message == (
        'activities[1].questions: question 2, "How might you use it in your own unit next month?", is missing (the '
        "source has 2, this translation 1); add its translation"
    )
    assert error.position.line == line_of(fresh, "¿Por qué importa?")  # the list, where it starts


def test_the_question_left_out_is_found_in_an_untranslated_copy(fresh):
    first = "      - text: Why does it matter?\n        guidance: [Links to daily work]\n"
    fresh.write_text(fresh.read_text().replace(first, ""))
    [error] = [d for d in load_module(fresh).diagnostics if d.severity.value == "error"]
    assert error.message.startswith('activities[1].questions: question 1, "Why does it matter?", is missing')


def test_an_added_question_is_named_too(fresh):
    translate(fresh)
    extra = "      - text: ¿Y en su comisaría?\n"
    last = "        guidance: [Un paso concreto]\n"
    fresh.write_text(fresh.read_text().replace(last, last + extra))
    [error] = [d for d in load_module(fresh).diagnostics if d.severity.value == "error"]
    assert error.message == (
        'activities[1].questions: question 3 here, "¿Y en su comisaría?", is not in the source (the source has 2, '
        "this translation 3); remove it, or add it to the source first"
    )


def test_a_bullet_may_be_added_for_the_readers_but_a_missing_one_is_said(fresh):
    translate(fresh)
    fresh.write_text(fresh.read_text().replace("[First point, Second point]", "[First point, Second point, Tercero]"))
    assert load_module(fresh).diagnostics == []
    fresh.write_text(fresh.read_text().replace("[First point, Second point, Tercero]", "[First point]"))
    [warning] = load_module(fresh).diagnostics
    assert (warning.code, warning.severity.value) == ("translation.items", "warning")
    assert warning.message.startswith('activities[0].slides[0].bullets: bullet 2, "Second point", is missing')


def test_the_shipped_translations_are_translated_and_keep_their_sources_values():
    project = Path(__file__).resolve().parents[2] / "modules"
    for path in sorted(project.glob("*.*.yaml")):
        result = load_module(path)
        assert result.ok, [d.format() for d in result.diagnostics]
        kept = {"translation.stale"}  # a source edited since: said, and refreshed by the curriculum's owners
        assert [d.format() for d in result.diagnostics if d.code not in kept] == []


def test_refresh_needs_a_translation_to_refresh(source):
    result = run("translate", "modules/minimal.yaml", "--lang", "es", "--refresh")
    assert result.exit_code == 1
    assert "modules/minimal.es.yaml does not exist; start it with: ssr-toolkit translate modules/minimal.yaml" in (
        result.output
    )
    source.with_name("minimal.es.yaml").write_text(source.read_text().replace("language: en", "language: es"))
    result = run("translate", "modules/minimal.yaml", "--lang", "es", "--refresh")
    assert result.exit_code == 1
    assert "has no `translation:` block: it is not a translation of modules/minimal.yaml" in result.output
