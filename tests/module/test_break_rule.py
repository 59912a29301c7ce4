"""A module says where its breaks fall (`break_after`); more than 90 minutes without one warns (check.no-break)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pptx import Presentation

from toolkit.build.pipeline import BuildOptions, build_modules, output_path
from toolkit.cli import main
from toolkit.module.loader import load, load_module
from toolkit.render.doctree import Table, plain_text
from toolkit.render.templates import RenderOptions, build_guide

ACTIVITY = """  - id: {id}
    title: {title}
    minutes: {minutes}
    method: plenary
{extra}"""


def module_text(minimal_text: str, activities: list[tuple[int, int | None]]) -> str:
    """Return the minimal module with plenary activities of these minutes, each with its break after (or none)."""
    head, tail = minimal_text.split("activities:\n")
    tail = tail[tail.index("sources:") :]
    body = "".join(
        ACTIVITY.format(
            id=f"part-{n}",
            title=f"Part {n}",
            minutes=minutes,
            extra=f"    break_after: {pause}\n" if pause else "",
        )
        for n, (minutes, pause) in enumerate(activities, start=1)
    )
    total = sum(minutes for minutes, _ in activities)
    return head.replace("duration: 30", f"duration: {total}") + "activities:\n" + body + tail


def no_break(path: Path) -> list:
    return [d for d in load_module(path).diagnostics if d.code == "check.no-break"]


def test_two_hours_without_a_break_warn_at_the_first_activity(write_module, minimal_text):
    path = write_module(module_text(minimal_text, [(30, None), (40, None), (20, None), (30, None)]))
    [warning] = no_break(path)
    assert warning.severity.value == "warning"
    assert warning.position.line == load_module(path).module.position(("activities", 0)).line == 14
    assert warning.message == (
        'activities[0]: the activities from "part-1" to "part-4" run 120 minutes without a break, longer than 90; '
        'add `break_after: 15` to an activity near the middle, such as "part-2"'
    )


def test_a_break_in_the_middle_passes(write_module, minimal_text):
    path = write_module(module_text(minimal_text, [(30, None), (40, 15), (20, None), (30, None)]))
    assert load_module(path).ok
    assert no_break(path) == []


def test_ninety_minutes_exactly_pass(write_module, minimal_text):
    assert no_break(write_module(module_text(minimal_text, [(45, None), (45, None)]))) == []


def test_each_stretch_between_breaks_is_judged(write_module, minimal_text):
    path = write_module(module_text(minimal_text, [(60, 15), (50, None), (50, None)]))
    [warning] = no_break(path)
    assert warning.message.startswith('activities[1]: the activities from "part-2" to "part-3" run 100 minutes')


def test_one_long_activity_is_told_to_split(write_module, minimal_text):
    [warning] = no_break(write_module(module_text(minimal_text, [(100, None)])))
    assert 'the activity "part-1" runs 100 minutes' in warning.message
    assert "split it into two activities" in warning.message


def test_validate_prints_it_and_strict_fails(write_module, minimal_text):
    write_module(module_text(minimal_text, [(60, None), (60, None)]))
    result = CliRunner().invoke(main, ["validate", "module.yaml"])
    assert result.exit_code == 0
    assert "module.yaml:14:5: warning: activities[0]: the activities from" in result.output
    assert "[check.no-break]" in result.output
    assert CliRunner().invoke(main, ["validate", "--strict", "module.yaml"]).exit_code == 1


@pytest.mark.parametrize("pause", [0, 4, 61])
def test_a_break_is_five_to_sixty_minutes(write_module, minimal_text, pause):
    text = module_text(minimal_text, [(30, None), (30, None)])
    text = text.replace("    method: plenary\n", f"    method: plenary\n    break_after: {pause}\n", 1)
    result = load_module(write_module(text))
    assert not result.ok
    [error] = result.diagnostics
    assert error.message.startswith("activities[0].break_after:")
    assert error.position.line == 18


def test_the_guide_plan_shows_the_break_and_later_times_move_on(write_module, minimal_text):
    module = load_module(write_module(module_text(minimal_text, [(30, None), (40, 15), (20, None)]))).module
    guide = build_guide(module, RenderOptions(start=time(9, 0)))
    plan = [b for b in guide.blocks if isinstance(b, Table)][1]
    assert [[plain_text(c) for c in row][:3] for row in plan.rows] == [
        ["09:00–09:30", "30", "Part 1"],
        ["09:30–10:10", "40", "Part 2"],
        ["10:10–10:25", "15", "Break"],
        ["10:25–10:45", "20", "Part 3"],
    ]


def test_the_built_guide_and_deck_show_the_break(write_module, minimal_text, tmp_path):
    path = write_module(module_text(minimal_text, [(30, None), (40, 15), (20, None)]))
    result = load(path)
    report = build_modules([result], BuildOptions(out=tmp_path / "out"))
    assert not [d for d in report.diagnostics if d.severity.value == "error"]
    guide = docx.Document(str(output_path(result.module, tmp_path / "out", "guide")))
    rows = [[cell.text for cell in row.cells][:3] for table in guide.tables for row in table.rows]
    assert ["10:10–10:25", "15", "Break"] in rows
    assert ["10:25–10:45", "20", "Part 3"] in rows
    deck = Presentation(str(output_path(result.module, tmp_path / "out", "slides")))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert "10:10–10:25 Break" in notes
    assert "10:25–10:45 Part 3 (Plenary discussion)" in notes


def test_a_spanish_guide_names_the_break_in_spanish(write_module, minimal_text):
    text = module_text(minimal_text, [(30, 15), (20, None)]).replace("version:", "language: es\nversion:")
    module = load_module(write_module(text)).module
    guide = build_guide(module, RenderOptions(start=time(9, 0)))
    plan = [b for b in guide.blocks if isinstance(b, Table)][1]
    assert [plain_text(c) for c in plan.rows[1]][2] == "Pausa"
