"""Shared fixtures: a minimal valid module and a helper to write variants of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


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
    """Run every test from its temporary folder, so file names in messages are short and stable."""
    monkeypatch.chdir(tmp_path)
