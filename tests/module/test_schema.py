"""The JSON Schema: equal to the model, accepts shipped modules, rejects incomplete ones."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from toolkit.module.schema_export import SCHEMA_FILE, module_schema, module_schema_text
from toolkit.module.yamlsafe import load_yaml_file

PROJECT = Path(__file__).parents[2]
SHIPPED = sorted((PROJECT / "modules").glob("*.yaml"))


def test_committed_schema_equals_the_model():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == module_schema_text(), (
        "the committed schema is stale: run `ssr-toolkit schema > toolkit/schema/module.schema.json`"
    )


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_schema_accepts_every_shipped_module(path):
    jsonschema.validate(load_yaml_file(path).data, module_schema())


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_module_names_the_schema_on_its_first_line(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../toolkit/schema/module.schema.json"


def test_schema_rejects_a_module_missing_a_required_field():
    data = load_yaml_file(PROJECT / "tests" / "fixtures" / "minimal.yaml").data
    jsonschema.validate(data, module_schema())
    del data["activities"][0]["minutes"]
    with pytest.raises(jsonschema.ValidationError, match="'minutes' is a required property"):
        jsonschema.validate(data, module_schema())
