"""A pack warns when it cannot run as written: a trim shorter than the steps, too much sensitive material
on one day, a day that ends well before its time with no reason given (issue 21)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.pack.checks import check_pack
from toolkit.pack.loader import load_pack

PROJECT = Path(__file__).parent.parent.parent
PACK = "modules/packs/p.yaml"
NOTE = "content_note:\n  text: We discuss violence.\n  safeguarding: [Have a referral list.]\n{weight}"
DEBATE_STEPS = (
    "    steps:\n"
    "      - Show the motion and form two teams.\n"
    "      - Give teams five minutes to prepare three arguments.\n"
    "      - Run the debate for ten minutes - two minutes per opening, then alternating replies.\n"
    "      - Ask observers for five minutes of feedback.\n"
)
# Line numbers in the messages below count from this text: `{extra}` stands before `modules:`.
HEAD = """\
id: p
title: Test workshop
organiser: Test organiser
venue: Test venue
dates: [2027-03-15, 2027-03-16]
participants: 20
start: "09:00"
end: "12:00"
breaks:
  - kind: coffee
    at: "10:30"
    minutes: 15
{extra}modules:
"""


def module_text(minimal_text: str, module_id: str, minutes: int = 30, note: str | None = None) -> str:
    """Return the minimal module as `module_id`, its discussion lasting `minutes - 10` (with timed steps),
    with a content note of the given weight ("" for the default) when `note` is not None."""
    text = minimal_text.replace("id: minimal", f"id: {module_id}").replace("duration: 30", f"duration: {minutes}")
    text = text.replace("    minutes: 20\n    method: plenary\n", f"    minutes: {minutes - 10}\n    method: plenary\n")
    text = text.replace("    method: plenary\n", "    method: plenary\n" + DEBATE_STEPS)
    if note is not None:
        text = text.replace("learning_objectives:", NOTE.format(weight=note) + "learning_objectives:")
    return text


@pytest.fixture
def modules(tmp_path: Path, minimal_text: str) -> Path:
    """Return tmp_path/modules with: plain (30 min), heavy-a and heavy-b (100 min, a heavy content note each),
    light (100 min, a light one)."""
    folder = tmp_path / "modules"
    (folder / "packs").mkdir(parents=True)
    for name, minutes, note in (
        ("plain", 30, None),
        ("heavy-a", 100, ""),
        ("heavy-b", 100, "  weight: heavy\n"),
        ("light", 100, "  weight: light\n"),
    ):
        (folder / f"{name}.yaml").write_text(module_text(minimal_text, name, minutes, note), encoding="utf-8")
    return folder


def diagnostics(modules: Path, entries: str, extra: str = "", head: str = HEAD) -> list[str]:
    path = modules / "packs" / "p.yaml"
    path.write_text(head.format(extra=extra) + entries, encoding="utf-8")
    loaded = load_pack(path)
    check_pack(loaded)
    return [d.format() for d in loaded.diagnostics if d.file == PACK]


def codes(said: list[str], code: str) -> list[str]:
    return [line for line in said if line.endswith(f"[{code}]")]


# --- A trim shorter than the steps -------------------------------------------------------------

SHORT = "ends_early: {1: Short test modules., 2: Short test modules.}\n"


def test_a_trim_shorter_than_the_steps_warns_at_the_trim(modules):
    said = diagnostics(modules, "  - id: plain\n    minutes:\n      discuss: 15\n", SHORT)
    assert said == [
        f'{PACK}:17:16: warning: modules[0].minutes.discuss: "discuss" of "plain" is trimmed from 20 to 15 minutes, '
        "but its steps take 5 + 10 + 5 = 20 minutes; give it 20 minutes, choose a variation that fits "
        "(`variation`), skip it, or shorten its steps in the module [pack.trim-steps]"
    ]


def test_a_trim_the_steps_fit_in_passes(modules, minimal_text):
    text = module_text(minimal_text, "plain").replace("five minutes of feedback", "a round of feedback")
    (modules / "plain.yaml").write_text(text, encoding="utf-8")
    assert diagnostics(modules, "  - id: plain\n    minutes:\n      discuss: 15\n", SHORT) == []


def test_steps_that_state_no_time_are_not_judged(modules, minimal_text):
    text = module_text(minimal_text, "plain").replace(DEBATE_STEPS, "    steps: [Ask the question., Listen.]\n")
    (modules / "plain.yaml").write_text(text, encoding="utf-8")
    assert diagnostics(modules, "  - id: plain\n    minutes:\n      discuss: 5\n", SHORT) == []


@pytest.mark.parametrize(
    ("variation", "warns"),
    [
        ("{title: A short debate, minutes: 12, steps: [Debate (8 minutes)., Feedback (4 minutes).]}", False),
        ("{title: A short debate, minutes: 12}", False),
        ("{title: A long debate, steps: [Debate (15 minutes)., Feedback (4 minutes).]}", True),
        ("Run it in pairs.", True),  # a line of text changes nothing the rule can read: the steps still run
    ],
)
def test_a_chosen_variation_is_what_runs(modules, minimal_text, variation, warns):
    text = module_text(minimal_text, "plain").replace(
        DEBATE_STEPS, DEBATE_STEPS + f"    variations:\n      - {variation}\n"
    )
    (modules / "plain.yaml").write_text(text, encoding="utf-8")
    said = diagnostics(
        modules, "  - id: plain\n    minutes:\n      discuss: 15\n    variation:\n      discuss: 1\n", SHORT
    )
    assert bool(codes(said, "pack.trim-steps")) is warns, said
    if warns and "long" in variation:
        assert "the chosen variation's steps take 15 + 4 = 19 minutes" in said[0]


# --- Sensitive material on one day -------------------------------------------------------------

LONG_DAY = HEAD.replace('end: "12:00"', 'end: "16:00"').replace(
    "    minutes: 15\n", '    minutes: 15\n  - kind: lunch\n    at: "12:30"\n    minutes: 60\n'
)


def test_two_heavy_modules_on_one_day_warn_at_the_second(modules):
    said = diagnostics(modules, "  - id: heavy-a\n  - id: heavy-b\n  - id: plain\n", SHORT, LONG_DAY)
    assert codes(said, "pack.sensitive-day") == [
        f"{PACK}:19:5: warning: modules[1]: day 1 (2027-03-15) holds 200 minutes of modules with a heavy content "
        'note ("heavy-a" 100, "heavy-b" 100), more than 180 (`sensitive_minutes_per_day`); move one to another day '
        "(`day`) with lighter modules between, or give a module that only mentions its topic "
        "`content_note.weight: light` [pack.sensitive-day]"
    ]


@pytest.mark.parametrize(
    ("entries", "extra"),
    [
        ("  - id: heavy-a\n  - id: light\n  - id: plain\n", SHORT),  # a light note does not count
        ("  - id: heavy-a\n  - id: plain\n  - id: heavy-b\n    day: 2\n", SHORT),  # on two days
        ("  - id: heavy-a\n  - id: heavy-b\n  - id: plain\n", SHORT + "sensitive_minutes_per_day: 200\n"),
    ],
)
def test_heavy_material_within_the_limit_passes(modules, entries, extra):
    assert codes(diagnostics(modules, entries, extra, LONG_DAY), "pack.sensitive-day") == []


def test_a_debrief_does_not_count_as_sensitive_material(modules):
    head = LONG_DAY
    entries = "  - id: heavy-a\n  - id: heavy-b\n    debrief: 15\n"
    assert (
        codes(diagnostics(modules, entries, SHORT + "sensitive_minutes_per_day: 200\n", head), "pack.sensitive-day")
        == []
    )


def test_a_pack_with_the_peru_and_justice_modules_on_one_day_warns(tmp_path):
    """The shipped pack put them on one day: about five hours of material on sexual violence."""
    folder = tmp_path / "modules"
    (folder / "packs").mkdir(parents=True)
    for name in ("peru-trc", "justice-reform"):
        shutil.copy(PROJECT / "modules" / f"{name}.yaml", folder)
    head = LONG_DAY.replace('end: "16:00"', 'end: "17:30"').replace(
        "dates: [2027-03-15, 2027-03-16]", "dates: [2027-03-15]"
    )
    one_day = diagnostics(folder, "  - id: peru-trc\n  - id: justice-reform\n    debrief: 15\n", "", head)
    [warning] = codes(one_day, "pack.sensitive-day")
    assert warning.startswith(f"{PACK}:18:5: warning: modules[1]: day 1 (2027-03-15) holds ")
    assert '"peru-trc"' in warning and '"justice-reform"' in warning
    two_days = head.replace("dates: [2027-03-15]", "dates: [2027-03-15, 2027-03-16]")
    apart = diagnostics(folder, "  - id: peru-trc\n  - id: justice-reform\n    day: 2\n", SHORT, two_days)
    assert codes(apart, "pack.sensitive-day") == []


# --- A day that ends early ---------------------------------------------------------------------


def test_a_day_that_ends_over_an_hour_early_warns_at_its_date(modules):
    said = diagnostics(modules, "  - id: plain\n", "ends_early: {2: Travel home.}\n")
    assert codes(said, "pack.early-end") == [
        f"{PACK}:5:9: warning: dates[0]: day 1 (2027-03-15) ends at 09:30, 150 minutes before the day's end (12:00); "
        'fill it, or say why in `ends_early` (such as `ends_early: {1: "Participants travel home"}`) [pack.early-end]'
    ]


def test_a_day_that_ends_within_the_hour_passes(modules):
    head = HEAD.replace('end: "12:00"', 'end: "10:20"').replace('at: "10:30"', 'at: "09:30"')
    said = diagnostics(modules, "  - id: plain\n", "ends_early: {2: Travel home.}\n", head)
    assert said == []  # day 1 ends at 09:30, 50 minutes before 10:20


def test_an_empty_day_says_it_has_nothing_in_it(modules):
    said = diagnostics(modules, "  - id: plain\n", "ends_early: {1: Arrival day.}\n")
    assert codes(said, "pack.early-end") == [
        f"{PACK}:5:21: warning: dates[1]: day 2 (2027-03-16) has nothing in it, 180 minutes before the day's end "
        '(12:00); fill it, or say why in `ends_early` (such as `ends_early: {2: "Participants travel home"}`) '
        "[pack.early-end]"
    ]


def test_a_stated_reason_passes(modules):
    said = diagnostics(
        modules, "  - id: plain\n  - id: heavy-a\n    day: 2\n    debrief: 15\n", "ends_early:\n  1: Travel.\n"
    )
    assert codes(said, "pack.early-end") == []


def test_a_reason_for_a_day_the_pack_has_not_is_an_error(modules):
    said = diagnostics(modules, "  - id: plain\n", "ends_early:\n  1: Travel.\n  3: Travel.\n")
    assert said == [f"{PACK}:15:6: error: ends_early.3: the pack has 2 days (dates), so there is no day 3 [pack.day]"]


# --- On the command line -----------------------------------------------------------------------


def test_pack_prints_the_warnings_and_strict_writes_nothing(modules, tmp_path):
    path = modules / "packs" / "p.yaml"
    path.write_text(HEAD.format(extra="") + "  - id: plain\n    minutes:\n      discuss: 15\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["pack", "--strict", "--out", "out", str(path)])
    assert result.exit_code == 1
    assert "[pack.trim-steps]" in result.output and "[pack.early-end]" in result.output
    assert not (tmp_path / "out" / "packs" / "p").exists()
    relaxed = CliRunner().invoke(main, ["pack", "--out", "out", str(path)])
    assert relaxed.exit_code == 0, relaxed.output
    assert (tmp_path / "out" / "packs" / "p" / "agenda.docx").is_file()
