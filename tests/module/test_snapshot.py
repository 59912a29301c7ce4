"""Snapshots: a module read back from the cache renders to exactly the bytes the validated module does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.build.pipeline import BuildOptions, render_module
from toolkit.module.loader import load_module
from toolkit.module.snapshot import module_record, snapshot

PROJECT = Path(__file__).parents[2]
MODULES = [*sorted((PROJECT / "modules").glob("*.yaml")), PROJECT / "tests" / "fixtures" / "golden" / "rich.yaml"]


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_snapshot_renders_exactly_like_its_module(path: Path, tmp_path: Path) -> None:
    module = load_module(path).module
    assert module is not None
    record = module_record(json.loads(json.dumps(snapshot(module))))  # as the cache stores it
    options = BuildOptions(out=tmp_path, formats=("slides", "handout", "guide", "markdown"))
    expected = [(output.path, output.data) for output in render_module(module, options)]
    assert [(output.path, output.data) for output in render_module(record, options)] == expected


def test_a_snapshot_keeps_the_position_of_the_id(write_module, minimal_text) -> None:
    module = load_module(write_module(minimal_text)).module
    record = module_record(snapshot(module))
    assert record.position(("id",)) == module.position(("id",))
    assert record.file == module.file
    assert record.source_by_id().keys() == module.source_by_id().keys()
