"""The checkout a newcomer clones: nothing stray at its root."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent


def test_no_stray_module_files_at_the_repository_root():
    # Modules live in modules/ and fixtures in tests/fixtures/; a YAML file at the root is a leftover copy.
    # A hidden one is a tool's settings (.pre-commit-config.yaml), never a module.
    stray = sorted(path.name for path in ROOT.glob("*.y*ml") if path.is_file() and not path.name.startswith("."))
    assert stray == []


def _normalised(name: str) -> str:
    """Return a distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _lower_bounds() -> dict[str, str]:
    """Return each dependency of pyproject.toml (main and test extras) with its lowest allowed version."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    bounds = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", requirement)
        assert match, requirement
        name, specifiers = match.groups()
        lowest = [spec[2:].strip() for spec in specifiers.split(",") if spec.strip()[:2] in (">=", "==")]
        assert len(lowest) == 1, f"{requirement}: give one lower bound (>= or ==) so the lowest release is tested"
        bounds[_normalised(name)] = lowest[0]
    return bounds


def _pinned_in_constraints() -> dict[str, str]:
    """Return the name and version of each `name==version` line of constraints-lowest.txt."""
    pins = {}
    for line in (ROOT / "constraints-lowest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[_normalised(name)] = version
    return pins


def _release(version: str) -> tuple[int, ...]:
    """Return a release number padded to three parts, so that 1.2 and 1.2.0 compare equal."""
    parts = tuple(int(part) for part in version.split("."))
    return parts + (0,) * (3 - len(parts))


@pytest.mark.skipif(tomllib is None, reason="tomllib comes with Python 3.11")
def test_the_lowest_versions_constraints_match_the_lower_bounds_of_pyproject():
    bounds = _lower_bounds()
    pins = _pinned_in_constraints()
    assert sorted(pins) == sorted(bounds)
    assert {name: _release(version) for name, version in pins.items()} == {
        name: _release(version) for name, version in bounds.items()
    }


def test_ci_runs_the_suite_with_the_newest_and_the_lowest_releases():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "PIP_CONSTRAINT" in script and "constraints-lowest.txt" in script
    assert script.count("pip install -e '.[test]' && python -m pytest") >= 1


def test_ci_runs_the_test_command_the_readme_shows():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "pip install -e '.[test]' && python -m pytest"
    assert f"```bash\n{command}\n```" in readme
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_pre_commit_runs_ruff_ruff_format_and_mypy_as_installed():
    # Local hooks with the tools pip installed: a commit needs no network and checks what CI checks.
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    assert {hook["id"] for hook in hooks} == {"ruff", "ruff-format", "mypy"}
    assert {hook["language"] for hook in hooks} == {"system"}
