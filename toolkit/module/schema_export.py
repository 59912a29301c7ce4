"""The JSON Schema of the module format, for editors and other tools."""

from __future__ import annotations

import json

from toolkit.core.bundled import PACKAGE
from toolkit.module.model import Module

SCHEMA_FILE = PACKAGE / "schema" / "module.schema.json"
SCHEMA_ID = "https://github.com/gender-ssr-toolkit/toolkit/schema/module.schema.json"


def module_schema() -> dict[str, object]:
    """Return the JSON Schema (draft 2020-12) that the module model accepts."""
    schema = Module.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def module_schema_text() -> str:
    """Return the schema as the text committed in `toolkit/schema/module.schema.json`."""
    return json.dumps(module_schema(), indent=2, ensure_ascii=False) + "\n"
