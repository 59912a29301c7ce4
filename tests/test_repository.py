"""The checkout a newcomer clones: nothing stray at its root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_stray_module_files_at_the_repository_root():
    # Modules live in modules/ and fixtures in tests/fixtures/; a YAML file at the root is a leftover copy.
    stray = sorted(path.name for path in ROOT.glob("*.y*ml") if path.is_file())
    assert stray == []
