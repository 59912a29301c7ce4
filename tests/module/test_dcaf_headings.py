"""DCAF's exercise headings as fields: type, an activity's audience, groups, variations with their own minutes."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from toolkit.module.loader import load_module
from toolkit.module.model import ExerciseType, Module, Variation
from toolkit.module.plain_validator import keep
from toolkit.module.schema_export import module_schema
from toolkit.module.snapshot import ModuleRecord, module_data
from toolkit.module.yamlsafe import load_yaml_file

FIXTURE = Path(__file__).parents[1] / "fixtures" / "dcaf-police-exercise.yaml"


def test_the_dcaf_police_exercise_is_written_with_no_workaround():
    result = load_module(FIXTURE)
    assert result.diagnostics == []
    activity = result.module.activities[0]
    assert activity.type is ExerciseType.CONCEPTUAL
    assert activity.audience == "Policy staff and operational programme staff"
    assert (activity.minutes, activity.groups, activity.group_size) == (50, 4, None)
    assert result.module.participants == "15–30"
    plain, shorter = activity.variations
    assert plain.startswith("Run it with two groups")
    assert shorter == Variation(
        title="A shorter version",
        minutes=30,
        steps=["Give each group only the first question.", "Report back in three minutes each."],
    )
    jsonschema.validate(load_yaml_file(FIXTURE).data, module_schema())


def test_the_fast_validator_reads_the_new_fields_as_the_model_does():
    full = load_module(FIXTURE)
    keep(Module)  # as a first validation does: the schema pydantic-core then runs alone
    plain = load_module(FIXTURE, plain=True)
    assert isinstance(plain.module, ModuleRecord)
    assert module_data(plain.module) == full.module.model_dump(mode="json")
    assert plain.module.activities[0].variations[1].minutes == 30


@pytest.mark.parametrize("word", ["practical", "Conceptual", "role play"])
def test_an_exercise_type_dcaf_does_not_use_is_refused_with_the_words_it_knows(write_module, word):
    text = FIXTURE.read_text(encoding="utf-8").replace("type: conceptual", f"type: {word}")
    result = load_module(write_module(text))
    assert result.module is None
    (problem,) = result.diagnostics
    assert problem.code.startswith("schema.")
    assert "activities[0].type" in problem.message and "conceptual" in problem.message
    assert problem.position is not None and problem.position.line == 25


def test_group_size_and_groups_together_is_an_error_at_the_groups_line(write_module):
    text = FIXTURE.read_text(encoding="utf-8").replace("    groups: 4\n", "    groups: 4\n    group_size: 6\n")
    result = load_module(write_module(text))
    (problem,) = [d for d in result.diagnostics if d.code == "check.grouping"]
    assert problem.severity.value == "error"
    assert problem.position is not None and problem.position.line == 29
    assert "keep one of the two" in problem.message


@pytest.mark.parametrize("groups", ["1", "0", "51"])
def test_groups_is_at_least_two(write_module, groups):
    text = FIXTURE.read_text(encoding="utf-8").replace("    groups: 4\n", f"    groups: {groups}\n")
    result = load_module(write_module(text))
    assert result.module is None
    assert any("activities[0].groups" in d.message for d in result.diagnostics)


def test_a_variation_needs_a_title(write_module):
    text = FIXTURE.read_text(encoding="utf-8").replace("      - title: A shorter version\n", "      - \n")
    text = text.replace("      - \n        minutes: 30", "      - minutes: 30")
    result = load_module(write_module(text))
    assert result.module is None
    assert any("variations[1]" in d.message for d in result.diagnostics)


def test_structured_variations_are_facilitator_only_text():
    from toolkit.quality.leaks import facilitator_texts

    module = load_module(FIXTURE).module
    paths = {item.path for item in facilitator_texts(module)}
    assert ("activities", 0, "variations", 0) in paths
    assert ("activities", 0, "variations", 1, "steps", 1) in paths
