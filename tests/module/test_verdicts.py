"""Cached verdicts: the same answer as a fresh validation, renewed when anything it depends on changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main
from toolkit.module.loader import load
from toolkit.module.snapshot import ModuleRecord
from toolkit.module.verdicts import cache_folder, cache_key, cached


def validate(*args: str):
    return CliRunner().invoke(main, ["validate", *args])


def test_cached_verdict_equals_a_fresh_one(write_module, minimal_text):
    path = write_module(minimal_text.replace("        guidance: [Links to daily work]\n", ""))
    fresh = load(path)
    assert list(cache_folder().iterdir())
    again = load(path)
    assert again == fresh
    assert [d.code for d in again.diagnostics] == ["check.guidance"]


def test_a_changed_file_is_validated_again(write_module, minimal_text):
    path = write_module(minimal_text)
    assert validate(str(path)).exit_code == 0
    path.write_text(minimal_text.replace("minutes: 20", "minutes: 25"))
    result = validate(str(path))
    assert result.exit_code == 1
    assert "[check.minutes]" in result.output


def test_invalid_files_are_not_cached(write_module, minimal_text):
    path = write_module(minimal_text.replace("minutes: 20", "minutes: twenty"))
    assert validate(str(path)).exit_code == 1
    assert not cache_folder().exists() or not list(cache_folder().iterdir())


def test_a_changed_translation_source_renews_the_verdict(tmp_path, minimal_text):
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "minimal.yaml").write_text(minimal_text)
    assert CliRunner().invoke(main, ["translate", "modules/minimal.yaml", "--lang", "es"]).exit_code == 0
    first = validate("modules/minimal.es.yaml")
    assert first.exit_code == 0 and "[translation.stale]" not in first.output
    source = folder / "minimal.yaml"
    source.write_text(source.read_text().replace("Why does it matter?", "Why does this matter?"))
    result = validate("modules/minimal.es.yaml")
    assert "[translation.stale]" in result.output


def exit_code_and_pydantic(folder: Path, *args: str) -> list[str]:
    """Return the exit code of a command run in a fresh process in `folder`, and whether it imported pydantic."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from toolkit.cli.main import main\n"
        f"result = CliRunner().invoke(main, {list(args)!r})\n"
        "print(result.exit_code, 'pydantic' in sys.modules)\n"
    )
    env = {"XDG_CACHE_HOME": str(folder / ".cache"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True)
    return run.stdout.split() or [run.stderr]


def test_a_cached_validate_does_not_import_pydantic(tmp_path, minimal_text):
    (tmp_path / "m.yaml").write_text(minimal_text)
    assert exit_code_and_pydantic(tmp_path, "validate", "m.yaml") == ["0", "True"]
    assert exit_code_and_pydantic(tmp_path, "validate", "m.yaml") == ["0", "False"]
    assert Path(tmp_path / ".cache" / "ssr-toolkit" / "verdicts").is_dir()


def test_validating_a_changed_module_does_not_import_pydantic_once_the_schema_is_kept(tmp_path, minimal_text):
    (tmp_path / "m.yaml").write_text(minimal_text)
    assert exit_code_and_pydantic(tmp_path, "validate", "m.yaml") == ["0", "True"]  # keeps the plain schema
    (tmp_path / "m.yaml").write_text(minimal_text.replace("title: Minimal module", "title: Edited module"))
    assert exit_code_and_pydantic(tmp_path, "validate", "m.yaml") == ["0", "False"]
    (tmp_path / "m.yaml").write_text(minimal_text.replace("duration: 30", "duration: thirty"))
    assert exit_code_and_pydantic(tmp_path, "validate", "m.yaml") == ["1", "True"]  # errors are explained by the model


def test_a_build_of_unchanged_validated_modules_does_not_import_pydantic(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "m.yaml").write_text(minimal_text)
    deck = tmp_path / "output" / "minimal" / "en" / "minimal-slides.pptx"
    assert exit_code_and_pydantic(tmp_path, "build", "--force", "--jobs", "1") == ["0", "True"]
    built = deck.read_bytes()
    assert exit_code_and_pydantic(tmp_path, "build", "--force", "--jobs", "1") == ["0", "False"]
    assert deck.read_bytes() == built


def test_a_build_from_a_cached_verdict_reports_its_warnings(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "m.yaml").write_text(minimal_text.replace("        guidance: [Links to daily work]\n", ""))
    assert validate("modules/m.yaml").exit_code == 0  # stores the verdict
    result = load(Path("modules/m.yaml"))
    assert isinstance(result.module, ModuleRecord)
    assert [d.code for d in result.diagnostics] == ["check.guidance"]


def test_a_malformed_snapshot_is_validated_again(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    path = Path("modules/m.yaml")
    path.write_text(minimal_text)
    assert validate(str(path)).exit_code == 0
    [entry] = cache_folder().iterdir()
    stored = json.loads(entry.read_text())
    stored["snapshot"] = {"data": "not a mapping"}
    entry.write_text(json.dumps(stored))
    result = load(path)
    assert result.ok
    assert isinstance(result.module, ModuleRecord)
    assert json.loads(entry.read_text())["snapshot"]["data"]["id"] == "minimal"  # validated again and stored


def test_verdicts_from_another_working_folder_are_not_used(tmp_path, minimal_text, monkeypatch):
    path = (tmp_path / "m.yaml").resolve()
    path.write_text(minimal_text)
    load(path)
    assert cached(path, cache_key()) is not None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # file names in messages are relative to the working folder
    assert cached(path, cache_key()) is None
