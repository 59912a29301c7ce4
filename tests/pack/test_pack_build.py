"""Build the shipped pack and check its files as a trainer would get them; the CLI; the schema."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docx.oxml.ns import qn

from toolkit import __version__
from toolkit.cli import main
from toolkit.module.yamlsafe import load_yaml_file
from toolkit.pack.model import SCHEMA_FILE, pack_schema, pack_schema_text
from toolkit.pack.pipeline import build_pack

PROJECT = Path(__file__).parents[2]
SHIPPED = PROJECT / "modules" / "packs" / "peru-trc-practitioners.yaml"
MODULE_IDS = [
    "opening-ground-rules",
    "peru-trc",
    "national-security-policy",
    "justice-reform",
    "parliamentary-oversight",
    "ssr-assessment-me",
    "closing-evaluation",
]
PACK_FILES = [
    "agenda.docx",
    "agenda.md",
    "attendance-sheet.docx",
    "evaluation-form.docx",
    "facilitator-guide.docx",
    "manifest.json",
    "materials-and-printing.docx",
    "participant-booklet.docx",
]
# The variation the shipped pack chooses for justice-reform's case study: facilitators only.
VARIATION = "For military justice staff, add a question on how military and civilian courts"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Return the folder the shipped pack was built into (built once for this file)."""
    out = tmp_path_factory.mktemp("out")
    report = build_pack(SHIPPED, out)
    assert [d.format() for d in report.diagnostics] == []
    return out / "packs" / "peru-trc-practitioners"


def relative_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def headings(path: Path) -> list[tuple[str, str]]:
    document = open_docx(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def all_text(path: Path) -> str:
    document = open_docx(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def longest_without_a_break(rows: list[list[str]]) -> int:
    """Return the longest run of minutes in an agenda day's table between its start, its breaks and its end."""

    def minute(clock: str) -> int:
        hours, minutes = clock.split(":")
        return int(hours) * 60 + int(minutes)

    spans = [
        (minute(start), minute(end), session)
        for start, end, session in ((*row[0].split("–"), row[1]) for row in rows[1:])
    ]
    longest, begin = 0, spans[0][0]
    for start, end, session in spans:
        if session in ("Coffee break", "Lunch"):
            longest, begin = max(longest, start - begin), end
    return max(longest, max(end for _, end, _ in spans) - begin)


def test_the_pack_folder_holds_every_file(built):
    module_files = [
        f"modules/{module}/{module}-{kind}"
        for module in MODULE_IDS
        for kind in ("facilitator-guide.docx", "handout.docx", "slides.pptx")
    ]
    assert relative_files(built) == sorted(PACK_FILES + module_files)
    assert built.with_suffix(".zip").is_file()


def test_agenda_puts_every_module_activity_and_break_on_the_clock(built):
    agenda = built / "agenda.docx"
    assert headings(agenda) == [
        ("Title", "Agenda"),
        ("Heading 1", "Day 1 · Monday, March 15, 2027"),
        ("Heading 1", "Day 2 · Tuesday, March 16, 2027"),
    ]
    day1, day2 = (table_rows(table) for table in open_docx(str(agenda)).tables)
    assert day1 == [
        ["Time", "Session"],
        ["09:00–09:30", "Opening: ground rules, content notes and expectations"],
        ["09:00–09:10", "How we work together"],
        ["09:10–09:15", "Content notes and support"],
        ["09:15–09:30", "Hopes, concerns and a starting self-rating"],
        ["09:30–13:00", "Truth-seeking and SSR in Peru: the Truth and Reconciliation Commission"],
        ["09:30–09:50", "Timeline presentation: from transition to 2026"],
        ["09:50–10:00", "Buzz pairs: why could the interim government move so fast?"],
        ["10:00–10:15", "Flexible time"],
        ["10:15–10:30", "Coffee break"],
        ["10:30–11:15", "Group work: who benefited, who was left out?"],
        ["11:15–11:40", "Plenary: four measures side by side"],
        ["11:40–11:50", "Coffee break"],
        ["11:50–12:10", "Briefing: gender dimensions of truth, justice and reparations"],
        ["12:10–12:25", "Small groups: redesign one rule"],
        ["12:25–12:45", "Debate: a democratic spring?"],
        ["12:45–12:55", "Reflection: lessons for SSR"],
        ["12:55–13:00", "Closing round and debrief"],
        ["13:00–14:00", "Lunch"],
        ["14:00–16:10", "National security policy-making and gender"],
        ["14:00–14:20", "Security policy: whose security?"],
        ["14:20–14:30", "Buzz pairs: who would rank our threats differently?"],
        ["14:30–15:10", "Example from the ground: Nepal and Liberia"],
        ["15:10–15:25", "Coffee break"],
        ["15:25–15:45", "Plenary: linking security policy and the 1325 action plan"],
        ["15:45–15:55", "Action points"],
        ["15:55–16:10", "Debrief and check-out"],
    ]
    assert day2[1] == ["09:00–11:00", "Justice reform and gender"]
    assert day2[5:8] == [
        ["09:35–10:15", "Examples from the ground: Liberia and Peru"],
        ["10:15–10:30", "Coffee break"],
        ["10:30–10:50", "Report-back and lessons for our institutions"],
    ], "justice reform's group work is followed by a break, not 105 minutes straight"
    assert ["11:40–11:50", "Coffee break"] in day2
    assert ["13:00–14:00", "Lunch"] in day2
    assert day2[-1] == ["16:20–16:25", "Closing round"]
    assert "Justice reform and gender" not in [row[1] for row in day1], "Peru and justice reform on different days"
    for day in (day1, day2):
        assert longest_without_a_break(day) <= 90, "adult-learning practice: a break at least every 90 minutes"
    markdown = (built / "agenda.md").read_text(encoding="utf-8")
    assert "| 10:00–10:15 | *Flexible time* |" in markdown


def test_booklet_has_cover_contents_agenda_and_every_handout(built):
    booklet = built / "participant-booklet.docx"
    found = headings(booklet)
    titles = [text for style, text in found if style == "Title"]
    assert titles[0].startswith("Truth, justice and security sector reform")
    assert len(titles) == 1 + len(MODULE_IDS)
    assert ("Heading 1", "Contents") in found and ("Heading 1", "Agenda") in found
    document = open_docx(str(booklet))
    breaks = sum(run._r.xml.count('w:type="page"') for p in document.paragraphs for run in p.runs)
    assert breaks >= len(MODULE_IDS) + 2  # after the cover, between the days, before each handout
    contents = [p.text for p in document.paragraphs if p.style.name == "List Number"][:6]
    assert contents[0] == "Opening: ground rules, content notes and expectations (day 1, 09:00)"
    assert contents[3] == "Justice reform and gender (day 2, 09:00)"
    text = all_text(booklet)
    assert VARIATION not in text, "variations are for facilitators only"
    assert "Flexible time" in text


def test_guide_has_agenda_changes_checklist_and_every_guide(built):
    guide = built / "facilitator-guide.docx"
    found = headings(guide)
    assert [text for style, text in found if style == "Title"][1:] == [
        "Opening: ground rules, content notes and expectations",
        "Truth-seeking and SSR in Peru: the Truth and Reconciliation Commission",
        "National security policy-making and gender",
        "Justice reform and gender",
        "Parliamentary oversight of the security sector and gender",
        "SSR assessment, monitoring and evaluation and gender",
        "Closing: evaluation and next steps",
    ]
    assert ("Heading 1", "What this workshop changes") in found
    day1, day2 = (table_rows(table) for table in open_docx(str(guide)).tables[:2])
    assert day1[0] == ["Time", "Min", "Session", "Method", "Notes"]
    assert ["12:25–12:45", "20", "Debate: a democratic spring?", "Debate", ""] in day1, "the debate keeps its minutes"
    assert ["11:40–11:50", "10", "Coffee break", "", ""] in day1, "the guide shows the break inside the Peru case"
    assert ["09:35–10:15", "40", "Examples from the ground: Liberia and Peru", "Case study", "Variation 2"] in day2
    text = all_text(guide)
    assert VARIATION in text
    assert "Left out: Welcome, content note and ground rules" in text
    assert "☐ Participant booklet: 24 copies to print" in text
    assert "Debrief and check-out after the module: 15 min" in text


def test_evaluation_form_rates_every_objective_and_every_session(built):
    from toolkit.module.loader import load_module

    form = built / "evaluation-form.docx"
    document = open_docx(str(form))
    tables = document.tables
    for table, module_id in zip(tables, MODULE_IDS):
        module = load_module(PROJECT / "modules" / f"{module_id}.yaml").module
        rows = table_rows(table)
        assert rows[0] == ["Learning objective", "Before", "Now"]
        assert [row[0] for row in rows[1:]] == list(module.learning_objectives)
        # Each rating is a field (python-docx reads no text in it) that shows its numbers on paper.
        shown = [["".join(t.text for t in cell._tc.iter(qn("w:t"))) for cell in row.cells] for row in table.rows]
        assert all(row[1:] == ["1 · 2 · 3 · 4 · 5"] * 2 for row in shown[1:])
    sessions = table_rows(tables[len(MODULE_IDS)])
    assert sessions[0] == ["Session", "Useful for my work", "Well run"]
    assert len(sessions) == 1 + len(MODULE_IDS)
    found = headings(form)
    assert ("Heading 1", "Your comments") in found
    assert "Please do not give your name" in all_text(form)


def test_attendance_sheet_has_a_page_and_a_line_per_participant_each_day(built):
    document = open_docx(str(built / "attendance-sheet.docx"))
    assert len(document.tables) == 2
    for table in document.tables:
        rows = table_rows(table)
        assert rows[0] == ["No.", "First and family name", "Organisation and role", "Signature"]
        assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 25)]
    assert "Day 2 · Tuesday, March 16, 2027" in all_text(built / "attendance-sheet.docx")


def test_materials_list_counts_copies_from_participants_and_groups(built):
    document = open_docx(str(built / "materials-and-printing.docx"))
    rows = [row for table in document.tables for row in table_rows(table)]
    assert ["Participant booklet", "24"] in rows
    assert ["Measure card table", "4", "Group work: who benefited, who was left out?"] in rows  # 24 in groups of 6
    assert ["Cards in two colours (hopes and concerns)", "48"] in rows  # two per participant
    items = [row[0] for row in rows]
    assert items.count("Evaluation form") == 1, "the closing module's evaluation form is the pack's own"


def test_module_files_follow_the_workshop_clock_and_overrides(built):
    guide = open_docx(str(built / "modules/justice-reform/justice-reform-facilitator-guide.docx"))
    plan = next(t for t in guide.tables if t.rows[0].cells[0].text == "Time")
    times = [row[0] for row in table_rows(plan)[1:]]
    assert times == ["09:00–09:05", "09:05–09:25", "09:25–09:35", "09:35–10:15", "10:30–10:50", "10:50–11:00"]
    peru = open_docx(str(built / "modules/peru-trc/peru-trc-facilitator-guide.docx"))
    plan = table_rows(next(t for t in peru.tables if t.rows[0].cells[0].text == "Time"))
    assert plan[1][2] == "Timeline presentation: from transition to 2026", "the skipped opening is left out"
    assert next(row[:2] for row in plan if row[2] == "Debate: a democratic spring?") == ["12:25–12:45", "20"]


def test_manifest_lists_every_file_with_its_hash_and_the_version(built):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["toolkit_version"] == __version__
    assert manifest["pack"] == "peru-trc-practitioners"
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert sorted(listed) == [name for name in relative_files(built) if name != "manifest.json"]
    for name, entry in listed.items():
        data = (built / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
        assert entry["bytes"] == len(data)


def test_the_zip_holds_the_same_files(built):
    with zipfile.ZipFile(built.with_suffix(".zip")) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names == [f"peru-trc-practitioners/{name}" for name in relative_files(built)]
        for name in names:
            assert archive.read(name) == (built.parent / name).read_bytes(), name


def test_two_builds_give_identical_zip_bytes(built, tmp_path):
    report = build_pack(SHIPPED, tmp_path)
    assert report.written[-1].read_bytes() == built.with_suffix(".zip").read_bytes()


# --- Small packs: what is written, and when nothing is --------------------------------------------


def test_an_invalid_pack_writes_nothing_and_keeps_earlier_outputs(small_pack, tmp_path):
    assert build_pack(small_pack).written
    agenda = tmp_path / "output" / "packs" / "small" / "agenda.docx"
    before = agenda.read_bytes()
    small_pack.write_text(small_pack.read_text().replace("Small", "Changed").replace("10:30", "09:45"))
    report = build_pack(small_pack)
    assert report.written == []
    assert [d.code for d in report.diagnostics] == ["pack.overrun"]
    assert agenda.read_bytes() == before
    assert not [p for p in agenda.parent.rglob(".*")]
    assert sorted(p.name for p in agenda.parent.parent.iterdir()) == ["small", "small.zip"]


def test_files_a_pack_no_longer_makes_are_removed(small_pack, tmp_path):
    build_pack(small_pack)
    folder = tmp_path / "output" / "packs" / "small"
    assert (folder / "modules" / "beta" / "beta-slides.pptx").is_file()
    small_pack.write_text(small_pack.read_text().replace("  - id: beta\n", ""))
    build_pack(small_pack)
    assert not (folder / "modules" / "beta" / "beta-slides.pptx").exists()
    assert (folder / "modules" / "alpha" / "alpha-slides.pptx").is_file()
    with zipfile.ZipFile(folder.with_suffix(".zip")) as archive:  # the zip and the folder hold the same files
        assert archive.namelist() == [f"small/{name}" for name in relative_files(folder)]
    assert sorted(p.name for p in folder.parent.iterdir()) == ["small", "small.zip"]  # nothing staged is left


def test_a_pack_builds_its_modules_with_the_users_templates(small_pack, tmp_path):
    from toolkit.core.bundled import TEMPLATES

    mine = tmp_path / "mine"
    mine.mkdir()
    shipped = (TEMPLATES / "guide.md.j2").read_text(encoding="utf-8")
    (mine / "guide.md.j2").write_text("Our own guide.\n\n" + shipped, encoding="utf-8")
    report = build_pack(small_pack, tmp_path / "out", templates=mine)
    assert [d.format() for d in report.diagnostics] == []
    folder = tmp_path / "out" / "packs" / "small"
    assert all_text(folder / "facilitator-guide.docx").count("Our own guide.") == 2  # alpha's and beta's
    assert "Our own guide." in all_text(folder / "modules" / "beta" / "beta-facilitator-guide.docx")
    assert "Our own guide." not in all_text(folder / "participant-booklet.docx")
    assert report.written[-1] == folder.with_suffix(".zip")


def test_strict_turns_warnings_into_errors(small_pack):
    beta = small_pack.parent.parent / "beta.yaml"
    note = "content_note:\n  text: Hard topics.\n  safeguarding: [Have a referral list.]\n"
    beta.write_text(beta.read_text().replace("learning_objectives:", note + "learning_objectives:"))
    report = build_pack(small_pack, strict=True)
    assert [d.code for d in report.diagnostics] == ["pack.sensitive-last"]
    assert report.written == []
    assert build_pack(small_pack).written


def test_a_pack_in_spanish(tmp_path):
    modules = tmp_path / "modules"
    (modules / "packs").mkdir(parents=True)
    for name in ("peru-trc.yaml", "peru-trc.es.yaml"):
        shutil.copy(PROJECT / "modules" / name, modules / name)
    path = modules / "packs" / "lima.yaml"
    path.write_text(
        "id: lima\ntitle: Taller\norganiser: Nosotros\nvenue: Lima\ndates: [2027-03-15]\nlanguage: es\n"
        'participants: 20\nstart: "09:00"\nend: "13:00"\nbreaks:\n  - kind: coffee\n    at: "10:25"\n'
        '    minutes: 20\n  - kind: coffee\n    at: "11:30"\n    minutes: 10\n'
        "modules:\n  - id: peru-trc\n    debrief: 0\n",
        encoding="utf-8",
    )
    report = build_pack(path, tmp_path / "out")
    assert [d.format() for d in report.diagnostics] == []
    folder = tmp_path / "out" / "packs" / "lima"
    assert headings(folder / "agenda.docx")[:2] == [
        ("Title", "Programa"),
        ("Heading 1", "Día 1 · lunes, 15 de marzo de 2027"),
    ]
    assert "Pausa para el café" in all_text(folder / "agenda.docx")


# --- The command line ------------------------------------------------------------------------------


def test_pack_command_help_has_an_example():
    result = CliRunner().invoke(main, ["pack", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_pack_command_builds_and_reports(small_pack):
    result = CliRunner().invoke(main, ["pack", "modules/packs/small.yaml"])
    assert result.exit_code == 0, result.output
    assert "wrote 14 file(s) to output/packs/small/ and output/packs/small.zip" in result.output


def test_pack_command_strict_exits_1_on_warnings(small_pack):
    small_pack.write_text(small_pack.read_text().replace('end: "10:30"', 'end: "12:30"'))
    beta = small_pack.parent.parent / "beta.yaml"
    beta.write_text(beta.read_text().replace("duration: 30", "duration: 150").replace("minutes: 20", "minutes: 140"))
    result = CliRunner().invoke(main, ["pack", "--strict", "modules/packs/small.yaml"])
    assert result.exit_code == 1
    assert "warning: dates[0]: day 1 (2027-03-15) runs 180 minutes without a break, 09:00–12:00" in result.output
    assert "Nothing was written." in result.output
    assert CliRunner().invoke(main, ["pack", "modules/packs/small.yaml"]).exit_code == 0


def test_pack_command_exits_1_with_placed_errors(small_pack):
    small_pack.write_text(small_pack.read_text().replace("  - id: beta", "  - id: bta"))
    result = CliRunner().invoke(main, ["pack", "modules/packs/small.yaml"])
    assert result.exit_code == 1
    assert 'modules/packs/small.yaml:11:9: error: modules[1].id: no module "bta" in modules/; did you mean "beta"?' in (
        result.output
    )
    assert "Nothing was written." in result.output


# --- The schema ------------------------------------------------------------------------------------


def test_committed_pack_schema_equals_the_model():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == pack_schema_text(), (
        'the committed schema is stale: run python -c "from toolkit.pack.model import pack_schema_text; '
        "print(pack_schema_text(), end='')\" > toolkit/schema/pack.schema.json"
    )


@pytest.mark.parametrize("path", sorted((PROJECT / "modules" / "packs").glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_packs_name_the_schema_and_pass_it(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../../toolkit/schema/pack.schema.json"
    )
    jsonschema.validate(load_yaml_file(path).data, pack_schema())
    assert not build_pack(path, Path("out"), strict=True).diagnostics


# --- A real client: LibreOffice lays out the workshop's own documents ------------------------------

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


def test_libreoffice_lays_out_the_agenda_a_day_a_page_with_nothing_off_the_page(built, tmp_path):
    if not (SOFFICE and PDFTOTEXT):
        pytest.skip("LibreOffice (soffice) and poppler-utils (pdftotext) are not installed; .ci/run installs them")
    names = ["agenda", "evaluation-form", "attendance-sheet", "materials-and-printing"]
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path)]
        + [str(built / f"{name}.docx") for name in names],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    for name in names:
        html = subprocess.run(
            [PDFTOTEXT, "-bbox", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
        for width, height, words in pages:
            for box in re.finditer(r'xMax="([\d.-]+)" yMax="([\d.-]+)"', words):
                assert float(box.group(1)) <= float(width) + 0.5 and float(box.group(2)) <= float(height) + 0.5, name
        if name == "agenda":
            assert len(pages) == 2
            assert [re.findall(r">(Monday|Tuesday),<", words) for _, _, words in pages] == [["Monday"], ["Tuesday"]]


def test_agenda_marks_split_activities_and_modules_continued_the_next_day(small_pack, tmp_path):
    text = small_pack.read_text().replace("dates: [2027-03-15]", "dates: [2027-03-15, 2027-03-16]")
    text = text.replace(
        'end: "10:30"',
        'end: "10:00"\nsplit_activities: true\nbreaks:\n  - kind: coffee\n    at: "09:15"\n    minutes: 15',
    )
    small_pack.write_text(text)
    report = build_pack(small_pack)
    assert report.diagnostics == []
    markdown = (tmp_path / "output" / "packs" / "small" / "agenda.md").read_text(encoding="utf-8")
    assert "| 09:10–09:15 | Discussion (part 1) |\n| 09:15–09:30 | *Coffee break* |\n" in markdown
    assert "| 09:30–09:45 | Discussion (part 2) |" in markdown
    assert "| 09:00–09:35 | **Minimal module (continued)** |\n| 09:00–09:15 | Discussion (part 1) |" in markdown
