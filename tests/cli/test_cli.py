"""The command line: exit codes, messages and files, through Click's CliRunner."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import __version__
from toolkit.cli import main
from toolkit.cli.main import ToolkitGroup


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"ssr-toolkit, version {__version__}"


def test_every_command_help_has_an_example():
    for command in ("validate", "list", "schema", "new", "build"):
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "Example" in result.output, command


def test_validate_valid_module_exits_0(write_module, minimal_text):
    write_module(minimal_text)
    result = run("validate", "module.yaml")
    assert result.exit_code == 0
    assert "1 module(s) checked: 1 valid, 0 invalid, 0 warning(s)." in result.output


def test_validate_invalid_module_exits_1_with_position(write_module, minimal_text):
    write_module(minimal_text.replace("minutes: 20", "minutes: twenty"))
    result = run("validate", "module.yaml")
    assert result.exit_code == 1
    assert "module.yaml:24:14: error: activities[1].minutes: expected a whole number" in result.output


def test_validate_strict_fails_on_warnings(write_module, minimal_text):
    write_module(minimal_text.replace("        guidance: [Links to daily work]\n", ""))
    assert run("validate", "module.yaml").exit_code == 0
    assert run("validate", "--strict", "module.yaml").exit_code == 1


def test_validate_json_format(write_module, minimal_text):
    write_module(minimal_text.replace("duration: 30", "duration: 31"))
    result = CliRunner().invoke(main, ["validate", "--format", "json", "module.yaml"])
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert data[0]["code"] == "check.minutes"
    assert data[0]["position"] == {"line": 5, "column": 11}
    assert data[0]["severity"] == "error"


def test_validate_defaults_to_modules_folder(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    result = run("validate")
    assert result.exit_code == 0
    assert "1 module(s) checked" in result.output


def test_validate_without_modules_folder_is_a_usage_error():
    result = run("validate")
    assert result.exit_code == 2
    assert "no modules/ folder here" in result.output


def test_list_shows_id_language_minutes_and_themes(write_module, minimal_text):
    write_module(minimal_text)
    result = run("list", "module.yaml")
    assert result.exit_code == 0
    assert result.output.split() == ["minimal", "en", "30", "min", "Minimal", "module", "[police-reform]"]
    rows = json.loads(run("list", "--json", "module.yaml").output)
    assert rows == [
        {
            "id": "minimal",
            "title": "Minimal module",
            "language": "en",
            "minutes": 30,
            "themes": ["police-reform"],
            "file": "module.yaml",
        }
    ]


def test_list_shows_each_source_before_its_translations(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    for language in ("fr", "ar"):
        assert run("translate", "modules/minimal.yaml", "--lang", language).exit_code == 0
    result = run("list")
    assert result.exit_code == 0
    assert [line.split()[:2] for line in result.output.splitlines()] == [
        ["minimal", "en"],
        ["minimal", "ar"],
        ["minimal", "fr"],
    ]
    rows = json.loads(run("list", "--json").output)
    assert [row["file"] for row in rows] == [
        "modules/minimal.yaml",
        "modules/minimal.ar.yaml",
        "modules/minimal.fr.yaml",
    ]


def test_schema_prints_the_committed_schema():
    committed = (Path(__file__).parents[2] / "toolkit" / "schema" / "module.schema.json").read_text()
    assert run("schema").output == committed


def test_new_creates_a_valid_module_and_refuses_to_overwrite():
    created = run("new", "prison-inspections", "--title", "No: inspections")
    assert created.exit_code == 0
    path = Path("modules/prison-inspections.yaml")
    assert path.is_file()
    assert run("validate", "--strict", str(path)).exit_code == 0
    rows = json.loads(run("list", "--json", str(path)).output)
    assert rows[0]["title"] == "No: inspections"
    before = path.read_bytes()
    again = run("new", "prison-inspections")
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert path.read_bytes() == before


def test_new_rejects_a_bad_id():
    result = run("new", "../evil")
    assert result.exit_code == 2
    assert "is not a module id" in result.output
    assert not Path("modules").exists()


def test_new_refuses_an_id_validate_refuses_before_writing_anything():
    result = run("new", "con")
    assert result.exit_code == 2
    # Click quotes the parameter's name in some releases and not in others.
    assert "MODULE_ID" in result.output
    assert '"con" is a device name on Windows and cannot name the output folder; choose another id\n' in result.output
    assert not Path("modules").exists()


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "toolkit", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_help_list_and_validate_do_not_import_office_libraries(write_module, minimal_text):
    path = write_module(minimal_text)
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from toolkit.cli import main\n"
        f"for args in (['--help'], ['list', {str(path)!r}], ['validate', {str(path)!r}]):\n"
        "    CliRunner().invoke(main, args)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'docx', 'jinja2', 'lxml'))\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_reader_that_goes_away_ends_the_command_quietly():
    # `ssr-toolkit list | head -1`: the pipe closes before the list is written.
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "list"],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()
    with process.stderr:
        stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "internal error" not in stderr and "Traceback" not in stderr


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "output/x/x-slides.pptx"),
            "error: output/x/x-slides.pptx: No space left on device; free some space on that disk, or build into "
            "another folder with --out [system.disk-full]",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "output"),
            "error: output: Read-only file system; the folder is read-only: build into another folder with --out "
            "[system.read-only]",
        ),
        (
            MemoryError(),
            "error: the toolkit ran out of memory; a module, image or template may be far larger than usual "
            "(docs/security.md lists the limits) [system.memory]",
        ),
    ],
)
def test_a_full_disk_a_read_only_folder_or_no_memory_is_said_not_an_internal_error(error, expected):
    group = ToolkitGroup()

    @group.command()
    def fail():
        raise error

    result = CliRunner().invoke(group, ["fail"])
    assert result.exit_code == 1
    assert result.output.strip() == expected
