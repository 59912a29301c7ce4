"""`ssr-toolkit exercises`: DCAF's spreadsheet directory of exercises, for every activity of the curriculum."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core.paths import find_module_files
from toolkit.module.loader import load_module

PROJECT = Path(__file__).resolve().parents[2]
FIXTURE = PROJECT / "tests" / "fixtures" / "dcaf-police-exercise.yaml"
HEADINGS = [
    "Module",
    "Module id",
    "Language",
    "Main theme",
    "Other themes",
    "No.",
    "Exercise",
    "Exercise type (DCAF)",
    "Method",
    "Audience",
    "Minutes",
    "Grouping",
    "Sensitive topic",
    "Objectives served",
]
SOFFICE = shutil.which("soffice")


def shipped_sources() -> list:
    """Return every shipped module that is not a translation (`<id>.yaml`, not `<id>.<lang>.yaml`), validated."""
    modules = [load_module(p).module for p in find_module_files([PROJECT / "modules"]) if p.name.count(".") == 1]
    assert None not in modules
    return modules


@pytest.fixture(scope="module")
def directory(tmp_path_factory) -> Path:
    """Return the folder the directory of every shipped module (and the DCAF fixture) was written into."""
    out = tmp_path_factory.mktemp("directory")
    result = CliRunner().invoke(main, ["exercises", str(PROJECT / "modules"), str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def sheet_rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)["Exercises"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_workbook_lists_every_shipped_activity_with_filters_on_every_column(directory):
    workbook = openpyxl.load_workbook(directory / "exercise-directory.xlsx")
    sheet = workbook["Exercises"]
    rows = sheet_rows(directory / "exercise-directory.xlsx")
    assert rows[0] == HEADINGS
    expected = {
        (module.id, number, activity.title, activity.minutes)
        for module in shipped_sources()
        for number, activity in enumerate(module.activities, 1)
    }
    listed = {(row[1], row[5], row[6], row[10]) for row in rows[1:]}
    assert expected <= listed
    assert len(rows) - 1 == len(expected) + 1  # and the fixture's one activity, no translation twice
    assert sheet.auto_filter.ref == f"A1:N{len(rows)}"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["N"].width > sheet.column_dimensions["C"].width  # objectives get room
    assert all(isinstance(row[10], int) for row in rows[1:])  # minutes are numbers, to filter "30 or less"


def test_a_trainer_finds_the_dcaf_exercise_by_type_grouping_and_audience(directory):
    rows = [dict(zip(HEADINGS, row)) for row in sheet_rows(directory / "exercise-directory.xlsx")[1:]]
    (dcaf,) = [row for row in rows if row["Module id"] == "dcaf-police-exercise"]
    assert dcaf["Exercise type (DCAF)"] == "Conceptual"
    assert dcaf["Method"] == "Small groups"
    assert dcaf["Grouping"] == "4 groups"
    assert dcaf["Audience"] == "Policy staff and operational programme staff"  # the activity's own, not the module's
    assert dcaf["Main theme"] == "Police reform and gender"
    assert dcaf["Objectives served"].startswith("1. Name practical benefits")
    border = [row for row in rows if row["Main theme"] == "Border management and gender" and row["Minutes"] <= 30]
    assert border, "a filter on theme and minutes finds the short border management exercises"
    sensitive = {row["Module id"] for row in rows if row["Sensitive topic"] == "yes"}
    assert "peru-trc" in sensitive and "dcaf-police-exercise" not in sensitive


def test_the_markdown_table_has_the_same_rows(directory):
    lines = (directory / "exercise-directory.md").read_text(encoding="utf-8").splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == "| " + " | ".join(HEADINGS) + " |"
    assert len(table) - 2 == len(sheet_rows(directory / "exercise-directory.xlsx")) - 1
    assert any("| Conceptual | Small groups |" in line for line in table)


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice, with Calc) is not installed; .ci/run installs it")
def test_libreoffice_opens_the_workbook_with_every_row(directory, tmp_path):
    profile, target = tmp_path / "profile", tmp_path / "csv"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(target),
            str(directory / "exercise-directory.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    converted = target / "exercise-directory.csv"
    assert converted.is_file(), "LibreOffice Calc could not open the workbook (is libreoffice-calc installed?)"
    read = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    expected = [
        ["" if value is None else str(value) for value in row]
        for row in sheet_rows(directory / "exercise-directory.xlsx")
    ]
    assert read == expected


def test_the_same_modules_give_the_same_bytes(tmp_path):
    runner = CliRunner()
    for out in ("a", "b"):
        assert runner.invoke(main, ["exercises", str(FIXTURE), "--out", str(tmp_path / out)]).exit_code == 0
    for name in ("exercise-directory.xlsx", "exercise-directory.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_module_text_stays_text_in_the_table(tmp_path, write_module):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "title: Operational aspects of gender-responsive policing",
        'title: "Effective | representative: =SUM(A1) <b>"',
    )
    path = write_module(text, "piped.yaml")
    assert CliRunner().invoke(main, ["exercises", str(path), "--out", str(tmp_path / "out")]).exit_code == 0
    markdown = (tmp_path / "out" / "exercise-directory.md").read_text(encoding="utf-8")
    row = next(line for line in markdown.splitlines() if "SUM" in line)
    assert "Effective \\| representative: =SUM(A1) \\<b\\>" in row
    assert row.count(" | ") == len(HEADINGS) - 1
    cell = sheet_rows(tmp_path / "out" / "exercise-directory.xlsx")[1][6]
    assert cell == "Effective | representative: =SUM(A1) <b>"  # a string, never a formula


def test_an_invalid_module_writes_nothing(tmp_path, write_module):
    broken = write_module(FIXTURE.read_text(encoding="utf-8").replace("minutes: 50", "minutes: fifty"), "broken.yaml")
    result = CliRunner().invoke(main, ["exercises", str(FIXTURE), str(broken), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "broken.yaml:" in result.output and "nothing was written" in result.output
    assert not (tmp_path / "out").exists()
