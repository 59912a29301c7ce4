"""One door to a module: every command loads through `toolkit.module.loader.load`, and the record reads as the model."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel
from typing_extensions import get_protocol_members

from toolkit.cli import main
from toolkit.module import loader
from toolkit.module.model import Module
from toolkit.module.snapshot import ModuleRecord, ModuleView, module_record, snapshot

PROJECT = Path(__file__).parents[2]
RICH = PROJECT / "tests" / "fixtures" / "golden" / "rich.yaml"


@pytest.fixture
def project(tmp_path: Path, small_pack: Path) -> Path:
    """Return a working folder (the cwd) with modules/alpha.yaml, modules/beta.yaml and a pack of both."""
    return tmp_path


@pytest.fixture
def door(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Return the files loaded through the door; validating a module anywhere else fails the test."""
    through: list[Path] = []
    depth = [0]
    real_load, real_validate = loader.load, loader.load_module

    def load(path: Path, **options: Any) -> Any:
        through.append(Path(path).resolve())
        depth[0] += 1
        try:
            return real_load(path, **options)
        finally:
            depth[0] -= 1

    def load_module(path: Path, **options: Any) -> Any:
        assert depth[0], f"{path} was validated without going through the door"
        return real_validate(path, **options)

    monkeypatch.setattr(loader, "load", load)
    monkeypatch.setattr(loader, "load_module", load_module)
    return through


COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "modules/alpha.yaml"],
    "list": ["list", "modules/alpha.yaml"],
    "build": ["build", "alpha", "--jobs", "1", "--format", "markdown"],
    "build --check": ["build", "alpha", "--jobs", "1", "--check"],
    "check": ["check", "modules/alpha.yaml"],
    "pack": ["pack", "modules/packs/small.yaml"],
    "translate": ["translate", "modules/alpha.yaml", "--lang", "es"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_loads_modules_through_the_one_door(project: Path, door: list[Path], command: str) -> None:
    result = CliRunner().invoke(main, COMMANDS[command])
    assert result.exit_code == 0, result.output
    assert (project / "modules" / "alpha.yaml").resolve() in door


def test_a_translation_s_source_is_loaded_through_the_door(project: Path, door: list[Path]) -> None:
    assert CliRunner().invoke(main, ["translate", "modules/alpha.yaml", "--lang", "es"]).exit_code == 0
    door.clear()
    assert CliRunner().invoke(main, ["validate", "modules/alpha.es.yaml"]).exit_code == 0
    assert door == [(project / "modules" / p).resolve() for p in ("alpha.es.yaml", "alpha.yaml")]


def test_the_door_hides_the_cache_a_module_read_again_is_the_same(project: Path) -> None:
    path = project / "modules" / "alpha.yaml"
    first, again = loader.load(path), loader.load(path)
    assert first == again
    assert isinstance(again.module, ModuleRecord)
    full = loader.load(path, model=True)
    assert isinstance(full.module, Module)
    assert snapshot(full.module)["data"] == snapshot(again.module)["data"]


# --- the record reads as the model: a field renamed in one is caught in the other ----------------------


def test_the_view_and_the_record_name_every_field_of_the_model() -> None:
    fields = set(Module.model_fields)
    assert fields <= get_protocol_members(ModuleView)
    assert fields <= set(ModuleRecord.__annotations__)
    assert {name for name in ModuleRecord.__annotations__ if not name.startswith("_")} - {"file"} == fields
    assert {name for name in get_protocol_members(ModuleView) if not name.startswith("_")} - {
        "file",
        "position",
        "source_by_id",
    } == fields


def _same_fields(model: BaseModel, record: Any, where: str) -> list[str]:
    """Return where a record lacks a field of the model it was made from, or has one the model has not."""
    problems = []
    names = set(type(model).model_fields)
    own = {name for name in vars(record) if not name.startswith("_")} - {"file"}
    if own != names:
        problems.append(f"{where}: record {sorted(own ^ names)}")
    for name in names & own:
        value, kept = getattr(model, name), getattr(record, name)
        if isinstance(value, BaseModel):
            problems += _same_fields(value, kept, f"{where}.{name}")
        elif isinstance(value, list):
            for index, (item, kept_item) in enumerate(zip(value, kept)):
                if isinstance(item, BaseModel):
                    problems += _same_fields(item, kept_item, f"{where}.{name}[{index}]")
    return problems


def test_a_record_has_every_field_of_the_model_at_every_depth() -> None:
    module = loader.load(RICH, model=True).module
    assert isinstance(module, Module)
    assert _same_fields(module, module_record(snapshot(module)), "module") == []


MYPY_CHECK = """
from toolkit.module.snapshot import ModuleRecord, ModuleView


class Stale(ModuleRecord):  # a record whose field no longer has the model's type
    duration: str  # type: ignore[assignment]


def fresh(record: ModuleRecord) -> ModuleView:
    return record


def stale(record: Stale) -> ModuleView:
    return record
"""


def test_mypy_refuses_a_record_that_does_not_match_the_model(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    checked = tmp_path / "stale_record.py"
    checked.write_text(MYPY_CHECK, encoding="utf-8")
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run
    found = run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--config-file", str(PROJECT / "pyproject.toml"), checked],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 1, found.stdout + found.stderr
    errors = [line for line in found.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1, found.stdout  # the record as it is passes; the stale one does not
    assert "stale_record.py:14:" in errors[0]
    assert 'duration: expected "int", got "str"' in found.stdout


# --- said once: link safety and field positions ----------------------------------------------------------

TOOLKIT = PROJECT / "toolkit"


@pytest.mark.parametrize(
    ("address", "safe"),
    [
        ("https://www.dcaf.ch/", True),
        ("HTTPS://www.dcaf.ch/", True),
        (" mailto:info@dcaf.ch", True),
        ("http://example.org/a", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("/etc/passwd", False),
        ("", False),
        (None, False),
    ],
)
def test_one_rule_decides_which_links_a_document_keeps(address: str | None, safe: bool) -> None:
    from toolkit.core.links import is_safe_link
    from toolkit.render.mdtree import parse_blocks

    assert is_safe_link(address) is safe
    if address:
        [paragraph] = parse_blocks(f"[here](<{address.strip()}>)")
        assert [span.link for span in paragraph.inlines] == [address.strip() if safe else None]


def test_the_reader_and_the_writers_use_the_one_link_rule() -> None:
    from toolkit.core import links
    from toolkit.render import mdtree
    from toolkit.writers import docx, pptx

    assert mdtree.is_safe_link is docx.is_safe_link is pptx.is_safe_link is links.is_safe_link
    schemes = [
        path.relative_to(TOOLKIT).as_posix()
        for path in TOOLKIT.rglob("*.py")
        if "LINK_SCHEMES" in path.read_text(encoding="utf-8")
    ]
    assert schemes == ["core/links.py"]


def test_a_field_s_position_is_looked_up_in_one_place() -> None:
    # Walking a field path up to its nearest parent with a known position: core.diagnostics.nearest_position.
    walks = [
        path.relative_to(TOOLKIT).as_posix()
        for path in TOOLKIT.rglob("*.py")
        if re.search(r"while \w+ not in [\w.]+ and \w+:", path.read_text(encoding="utf-8"))
    ]
    assert walks == ["core/diagnostics.py"]
