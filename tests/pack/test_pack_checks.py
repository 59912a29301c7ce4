"""Pack files: every check reports a placed, exact message; overrides change the schedule."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.pack.checks import check_pack
from toolkit.pack.loader import load_pack
from toolkit.pack.schedule import SlotKind, clock_of

# Line numbers in the messages below count from this text.
BASE = """\
id: test-pack
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
modules:
  - id: beta
  - id: alpha
"""
PACK = "modules/packs/p.yaml"
# The test modules fill a short morning: the days end early, for a reason (pack.early-end otherwise).
SHORT_DAYS = "ends_early: {1: The test modules are short., 2: The test modules are short.}\nmodules:\n"


@pytest.fixture
def write_pack(tmp_path: Path, minimal_text: str):
    """Return a function that writes a pack file next to four small modules and returns its path.

    alpha: talk (10 min) and discuss (20 min, two variations); beta: the same with a content
    note; gamma: the same; long: talk (60 min) and discuss (20 min).
    """
    modules = tmp_path / "modules"
    (modules / "packs").mkdir(parents=True)
    alpha = minimal_text.replace("id: minimal", "id: alpha").replace(
        "    method: plenary\n", "    method: plenary\n    variations: [Run it in pairs., Run it as a debate.]\n"
    )
    note = "content_note:\n  text: We discuss violence.\n  safeguarding: [Have a referral list.]\n"
    beta = minimal_text.replace("id: minimal", "id: beta").replace(
        "learning_objectives:", note + "learning_objectives:"
    )
    long = minimal_text.replace("id: minimal", "id: long").replace("duration: 30", "duration: 80")
    long = long.replace("minutes: 10", "minutes: 60")
    for name, text in (("alpha", alpha), ("beta", beta), ("gamma", minimal_text.replace("id: minimal", "id: gamma"))):
        (modules / f"{name}.yaml").write_text(text, encoding="utf-8")
    (modules / "long.yaml").write_text(long, encoding="utf-8")

    def write(text: str) -> Path:
        path = modules / "packs" / "p.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def messages(path: Path) -> list[str]:
    loaded = load_pack(path)
    check_pack(loaded)
    return [d.format() for d in loaded.diagnostics]


def day_rows(path: Path) -> list[list[tuple[str, str, str]]]:
    """Return each day's slots as (start, end, module/activity, break kind or flexible)."""
    loaded = load_pack(path)
    schedule = check_pack(loaded)
    assert schedule is not None, [d.format() for d in loaded.diagnostics]
    by_index = {planned.index: planned.module for planned in loaded.modules}
    days = []
    for plan in schedule.days:
        rows = []
        for slot in plan.slots:
            if slot.kind is SlotKind.ITEM:
                module = by_index[slot.session]
                activity = module.activities[slot.item].id if slot.item < len(module.activities) else "debrief"
                what = f"{module.id}/{activity}"
            else:
                what = slot.label or "flexible"
            rows.append((clock_of(slot.start).strftime("%H:%M"), clock_of(slot.end).strftime("%H:%M"), what))
        days.append(rows)
    return days


def test_a_valid_pack_has_no_diagnostics_and_a_schedule(write_pack):
    path = write_pack(BASE.replace("modules:\n", SHORT_DAYS))
    assert messages(path) == []
    assert day_rows(path) == [
        [
            ("09:00", "09:10", "beta/talk"),
            ("09:10", "09:30", "beta/discuss"),
            ("09:30", "09:40", "alpha/talk"),
            ("09:40", "10:00", "alpha/discuss"),
        ],
        [],
    ]


# --- Modules -----------------------------------------------------------------------------------


def test_unknown_module_id_with_did_you_mean(write_pack):
    path = write_pack(BASE.replace("  - id: alpha", "  - id: alpah"))
    assert messages(path) == [
        f'{PACK}:15:9: error: modules[1].id: no module "alpah" in modules/; did you mean "alpha"? [pack.module]'
    ]


def test_unknown_module_id_lists_the_known_ones(write_pack):
    path = write_pack(BASE.replace("  - id: alpha", "  - id: zzz"))
    assert messages(path) == [
        f'{PACK}:15:9: error: modules[1].id: no module "zzz" in modules/; known ids: alpha, beta, gamma, long '
        "[pack.module]"
    ]


def test_module_not_available_in_the_pack_language(write_pack):
    path = write_pack(BASE.replace("participants: 20\n", "participants: 20\nlanguage: es\n"))
    assert messages(path) == [
        f'{PACK}:15:9: error: modules[0].id: module "beta" is not available in es; it is available in: en '
        "[pack.language]",
        f'{PACK}:16:9: error: modules[1].id: module "alpha" is not available in es; it is available in: en '
        "[pack.language]",
    ]


def test_a_module_with_errors_reports_them_and_stops_the_pack(write_pack, tmp_path):
    path = write_pack(BASE)
    broken = tmp_path / "modules" / "alpha.yaml"
    broken.write_text(broken.read_text().replace("duration: 30", "duration: 31"))
    found = messages(path)
    assert len(found) == 1 and found[0].startswith("modules/alpha.yaml:5:11: error: duration: the activities add up")
    assert load_pack(path).pack is not None and check_pack(load_pack(path)) is None


def test_a_module_listed_twice(write_pack):
    path = write_pack(BASE + "  - id: beta\n")
    assert messages(path) == [
        f'{PACK}:16:9: error: modules[2].id: "beta" is already modules[0]; a module runs once in a pack '
        "[pack.duplicate-module]"
    ]


# --- Days and breaks ---------------------------------------------------------------------------


def test_the_days_overrun(write_pack):
    text = BASE.replace("dates: [2027-03-15, 2027-03-16]", "dates: [2027-03-15]") + "  - id: long\n"
    assert messages(write_pack(text)) == [
        f'{PACK}:16:5: error: modules[2]: the days overrun: from activity "discuss" of "long" on, 20 minutes of '
        "activities do not fit before 12:00 on the last day (2027-03-15); add a day, end later, or trim or skip "
        "activities [pack.overrun]"
    ]


def test_an_activity_longer_than_any_stretch_between_breaks(write_pack):
    text = BASE.replace('end: "12:00"', 'end: "11:00"').replace('at: "10:30"', 'at: "09:50"')
    text = text.replace("  - id: beta\n  - id: alpha\n", "  - id: long\n")
    assert messages(write_pack(text)) == [
        f'{PACK}:14:5: error: modules[0]: activity "talk" of "long" lasts 60 minutes, longer than any stretch '
        "between breaks (55 minutes); trim it (`minutes`), move a break, or set `split_activities: true` "
        "[pack.too-long]"
    ]


def test_overlapping_breaks(write_pack):
    text = BASE.replace("    minutes: 15\n", '    minutes: 15\n  - kind: lunch\n    at: "10:40"\n    minutes: 30\n')
    assert messages(write_pack(text)) == [
        f"{PACK}:13:5: error: breaks[1]: the lunch break 10:40–11:10 overlaps breaks[0] (coffee 10:30–10:45); "
        "move one of them [pack.break-overlap]"
    ]


def test_a_break_outside_the_day(write_pack):
    assert messages(write_pack(BASE.replace('at: "10:30"', 'at: "11:50"'))) == [
        f"{PACK}:10:5: error: breaks[0]: the coffee break 11:50–12:05 ends after the day ends (12:00) [pack.break]"
    ]
    assert messages(write_pack(BASE.replace('at: "10:30"', 'at: "08:30"'))) == [
        f"{PACK}:10:5: error: breaks[0]: the coffee break 08:30–08:45 starts before the day starts (09:00) [pack.break]"
    ]


def test_a_break_running_past_midnight_is_reported_not_a_crash(write_pack):
    assert messages(write_pack(BASE.replace('at: "10:30"', 'at: "23:50"').replace("minutes: 15", "minutes: 20"))) == [
        f"{PACK}:10:5: error: breaks[0]: the coffee break 23:50–00:10 the next day ends after the day ends (12:00) "
        "[pack.break]"
    ]


def test_a_day_that_ends_before_it_starts(write_pack):
    assert messages(write_pack(BASE.replace('end: "12:00"', 'end: "08:00"'))) == [
        f"{PACK}:8:6: error: end: the day ends at 08:00, not after it starts at 09:00 [pack.day]"
    ]


def test_dates_out_of_order(write_pack):
    assert messages(write_pack(BASE.replace("2027-03-15, 2027-03-16", "2027-03-16, 2027-03-15"))) == [
        f"{PACK}:5:21: error: dates[1]: 2027-03-15 is not after dates[0] (2027-03-16); list the days in order, "
        "each once [pack.dates]"
    ]


def test_a_date_that_does_not_exist(write_pack):
    assert messages(write_pack(BASE.replace("2027-03-15,", "2027-02-30,"))) == [
        f'{PACK}:5:9: error: dates[0]: expected a date that exists: February 2027 has 28 days, got "2027-02-30" '
        "[schema.date]"
    ]


def test_a_date_in_another_form(write_pack):
    assert messages(write_pack(BASE.replace("2027-03-15,", "15/03/2027,"))) == [
        f'{PACK}:5:9: error: dates[0]: expected a date written YYYY-MM-DD, such as 2027-03-15, got "15/03/2027" '
        "[schema.date]"
    ]


def test_a_time_in_another_form(write_pack):
    assert messages(write_pack(BASE.replace('start: "09:00"', 'start: "9am"'))) == [
        f'{PACK}:7:8: error: start: expected a time of day written HH:MM, such as 09:00, got "9am" [schema.time]'
    ]


def test_unknown_key_with_did_you_mean_and_all_errors_at_once(write_pack):
    text = BASE.replace("participants: 20", "paricipants: 20").replace('at: "10:30"', 'at: "25:00"')
    assert messages(write_pack(text)) == [
        f"{PACK}:1:1: error: participants: required field is missing; add `participants:` [schema.missing]",
        f'{PACK}:6:1: error: paricipants: unknown field "paricipants"; did you mean `participants`? '
        "[schema.extra_forbidden]",
        f'{PACK}:11:9: error: breaks[0].at: expected a time of day between 00:00 and 23:59, got "25:00" [schema.time]',
    ]


def test_a_pack_that_is_not_a_mapping(write_pack):
    assert messages(write_pack("- id: alpha\n")) == [
        f"{PACK}:1:1: error: a pack is a mapping of fields (`id: …`, `title: …`, `modules: …`) [yaml.top-level]"
    ]


def test_a_missing_pack_file(tmp_path):
    assert messages(tmp_path / "nothere.yaml") == [
        "nothere.yaml: error: cannot read the file: No such file or directory [file.unreadable]"
    ]


# --- Per-module overrides ----------------------------------------------------------------------


def test_overrides_trim_and_skip_activities(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    skip: [talk]\n    minutes:\n      discuss: 15\n")
    assert day_rows(write_pack(text))[0][-1:] == [("09:30", "09:45", "alpha/discuss")]


def test_override_naming_an_unknown_activity(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    minutes:\n      tallk: 5\n")
    assert messages(write_pack(text)) == [
        f'{PACK}:17:7: error: modules[1].minutes.tallk: "alpha" has no activity "tallk"; its activities: talk, '
        "discuss [pack.override]"
    ]


def test_skip_naming_an_unknown_activity(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    skip: [tlk]\n")
    assert messages(write_pack(text)) == [
        f'{PACK}:16:12: error: modules[1].skip[0]: "alpha" has no activity "tlk"; its activities: talk, discuss '
        "[pack.override]"
    ]


def test_skipping_every_activity(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    skip: [talk, discuss]\n")
    assert messages(write_pack(text)) == [
        f'{PACK}:16:11: error: modules[1].skip: every activity of "alpha" is skipped; leave the module out '
        "instead [pack.override]"
    ]


def test_trimming_can_only_shorten(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    minutes:\n      talk: 15\n")
    assert messages(write_pack(text)) == [
        f"{PACK}:17:13: error: modules[1].minutes.talk: 15 minutes is more than the activity's own 10; trimming "
        "can only shorten it [pack.override]"
    ]
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    minutes:\n      talk: 0\n")
    assert messages(write_pack(text)) == [
        f"{PACK}:17:13: error: modules[1].minutes.talk: expected a number of at least 1, got the number 0 "
        "[schema.greater_than_equal]"
    ]


def test_trimming_and_skipping_the_same_activity(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    skip: [talk]\n    minutes:\n      talk: 5\n")
    assert messages(write_pack(text)) == [
        f"{PACK}:18:7: error: modules[1].minutes.talk: the activity is also skipped; keep one of the two "
        "[pack.override]"
    ]


def test_variation_numbers_count_the_activity_variations(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    variation:\n      discuss: 3\n      talk: 1\n")
    assert messages(write_pack(text)) == [
        f"{PACK}:17:16: error: modules[1].variation.discuss: the activity has 2 variations, so there is no "
        "variation 3 [pack.override]",
        f"{PACK}:18:13: error: modules[1].variation.talk: the activity has no variations, so there is no "
        "variation 1 [pack.override]",
    ]


def test_a_day_the_pack_does_not_have(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    day: 3\n")
    assert messages(write_pack(text)) == [
        f"{PACK}:16:10: error: modules[1].day: the pack has 2 days (dates), so there is no day 3 [pack.day]"
    ]


def test_a_forced_day_starts_the_module_on_that_day(write_pack):
    text = BASE.replace("  - id: alpha\n", "  - id: alpha\n    day: 2\n")
    assert day_rows(write_pack(text))[1] == [("09:00", "09:10", "alpha/talk"), ("09:10", "09:30", "alpha/discuss")]


def test_a_forced_day_that_earlier_modules_already_run_into(write_pack):
    text = BASE.replace('end: "12:00"', 'end: "10:30"').replace("breaks:\n  - kind: coffee\n", "")
    text = text.replace('    at: "10:30"\n    minutes: 15\n', "")
    text = text.replace("  - id: beta\n  - id: alpha\n", "  - id: long\n  - id: gamma\n  - id: alpha\n    day: 1\n")
    assert messages(write_pack(text)) == [
        f'{PACK}:13:10: error: modules[2].day: "alpha" is set to start on day 1, but the modules before it run '
        "into day 2; remove `day` or move modules to other days [pack.day]"
    ]


# --- Warnings ----------------------------------------------------------------------------------


def test_warning_for_a_day_without_a_break_for_over_two_hours(write_pack):
    text = BASE.replace("breaks:\n  - kind: coffee\n", "").replace('    at: "10:30"\n    minutes: 15\n', "")
    text = text.replace("  - id: beta\n", "  - id: long\n  - id: beta\n").replace("modules:\n", SHORT_DAYS)
    assert messages(write_pack(text)) == [
        f"{PACK}:5:9: warning: dates[0]: day 1 (2027-03-15) runs 140 minutes without a break, 09:00–11:20; "
        "add a break [pack.no-break]"
    ]


def test_warning_for_a_day_without_a_break_for_over_ninety_minutes(write_pack):
    # Adult-learning practice is a break at least every 90 minutes: 110 minutes warn, though under two hours.
    text = BASE.replace("breaks:\n  - kind: coffee\n", "").replace('    at: "10:30"\n    minutes: 15\n', "")
    text = text.replace("  - id: beta\n  - id: alpha\n", "  - id: long\n  - id: gamma\n").replace(
        "modules:\n", SHORT_DAYS
    )
    assert messages(write_pack(text)) == [
        f"{PACK}:5:9: warning: dates[0]: day 1 (2027-03-15) runs 110 minutes without a break, 09:00–10:50; "
        "add a break [pack.no-break]"
    ]


def test_ninety_minutes_without_a_break_is_the_limit_not_over_it(write_pack):
    text = BASE.replace("breaks:\n  - kind: coffee\n", "").replace('    at: "10:30"\n    minutes: 15\n', "")
    text = text.replace("  - id: beta\n  - id: alpha\n", "  - id: alpha\n  - id: beta\n  - id: gamma\n")
    assert messages(write_pack(text.replace("modules:\n", SHORT_DAYS))) == []


def test_warning_for_a_sensitive_module_last_in_a_day(write_pack):
    text = BASE.replace("  - id: beta\n  - id: alpha\n", "  - id: alpha\n  - id: beta\n")
    assert messages(write_pack(text.replace("modules:\n", SHORT_DAYS))) == [
        f'{PACK}:16:5: warning: modules[1]: "beta" has a content note and ends day 1 at 10:00; end the day with '
        "a lighter module or a debrief (`debrief: 15` after the module, or `debrief: 0` if it closes the day "
        "safely itself) [pack.sensitive-last]"
    ]


def test_a_debrief_after_a_sensitive_module_ends_the_day_instead(write_pack):
    text = BASE.replace("  - id: beta\n  - id: alpha\n", "  - id: alpha\n  - id: beta\n    debrief: 10\n")
    path = write_pack(text.replace("modules:\n", SHORT_DAYS))
    assert messages(path) == []
    assert day_rows(path)[0][-1] == ("10:00", "10:10", "beta/debrief")


def test_debrief_zero_says_the_module_closes_the_day_itself(write_pack):
    text = BASE.replace("  - id: beta\n  - id: alpha\n", "  - id: alpha\n  - id: beta\n    debrief: 0\n")
    assert messages(write_pack(text.replace("modules:\n", SHORT_DAYS))) == []


@pytest.mark.parametrize("device", ["con", "nul", "com1", "lpt9", "aux", "prn"])
def test_a_pack_id_that_is_a_windows_device_name_is_refused(write_pack, device):
    """The rule module ids follow (issue 22): `con` cannot name a folder or a zip on Windows."""
    said = messages(write_pack(BASE.replace("id: test-pack", f"id: {device}")))
    assert said == [
        f'{PACK}:1:5: error: id: "{device}" is a device name on Windows and cannot name the pack\'s folder and zip; '
        f'choose another id, got "{device}" [schema.reserved_id]'
    ]
