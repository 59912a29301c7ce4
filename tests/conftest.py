"""Shared fixtures: a minimal valid module, a helper to write variants of it, and every shipped module built once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module
from toolkit.module.model import Module

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
SHIPPED = sorted((PROJECT / "modules").glob("*.yaml"))


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, tuple[Module, Path]]:
    """Return every shipped module with the folder its three files were built into (built once)."""
    out = tmp_path_factory.mktemp("built")
    results = [load_module(path) for path in SHIPPED]
    report = build_modules(results, BuildOptions(out=out))
    assert not [d for d in report.diagnostics if d.severity.value == "error"]
    return {
        f"{r.module.id}.{r.module.language}": (r.module, out / r.module.id / r.module.language)
        for r in results
        if r.module
    }


@pytest.fixture
def minimal_text() -> str:
    """Return the text of a minimal valid module."""
    return MINIMAL


@pytest.fixture
def write_module(tmp_path: Path) -> Callable[[str | bytes, str], Path]:
    """Return a function that writes module text (or bytes) to a file in a temporary folder."""

    def write(content: str | bytes, name: str = "module.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from its temporary folder, with its own cache, so no test sees another's state."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --update-golden: rewrite the golden files from the current output (look at the pages first)."""
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Return True when the run should rewrite golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


SMALL_PACK = (
    "id: small\ntitle: Small\norganiser: Us\nvenue: Here\ndates: [2027-03-15]\nparticipants: 10\n"
    'start: "09:00"\nend: "10:30"\nmodules:\n  - id: alpha\n  - id: beta\n'
)


@pytest.fixture
def small_pack_text() -> str:
    """Return the text of the small pack: one day, modules alpha and beta."""
    return SMALL_PACK


@pytest.fixture
def small_pack(tmp_path: Path, minimal_text: str) -> Path:
    """Return a one-day pack of two small modules, written in tmp_path/modules/packs/ (tmp_path is the cwd)."""
    modules = tmp_path / "modules"
    (modules / "packs").mkdir(parents=True)
    for name in ("alpha", "beta"):
        (modules / f"{name}.yaml").write_text(minimal_text.replace("id: minimal", f"id: {name}"), encoding="utf-8")
    path = modules / "packs" / "small.yaml"
    path.write_text(SMALL_PACK, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def brand_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return the brand templates of tests/fixtures/make_brand_templates.py, made once into a temporary folder.

    Keys: ngo-reference (.docx), navy, navy-footer, white-on-colour, french (.pptx).
    """
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_brand_templates", FIXTURES / "make_brand_templates.py")
    assert spec is not None and spec.loader is not None
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    return maker.make_all(tmp_path_factory.mktemp("brand"))
