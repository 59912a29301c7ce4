"""The scheduler places activities on the clock: breaks, flexible time, next days, forced days."""

from __future__ import annotations

from datetime import date

from toolkit.pack.schedule import (
    BreakSpec,
    DaySpec,
    Item,
    Problem,
    ProblemKind,
    Session,
    SlotKind,
    build_schedule,
    clock_of,
    last_item,
    long_stretches,
    longest_gap,
)


def t(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def day(number: int = 15, start: str = "09:00", end: str = "12:00", breaks: tuple[BreakSpec, ...] = ()) -> DaySpec:
    return DaySpec(date(2027, 3, number), t(start), t(end), breaks)


COFFEE = BreakSpec("coffee", t("10:30"), 15)
LUNCH = BreakSpec("lunch", t("12:30"), 60)


def session(index: int, *minutes: int, day: int | None = None) -> Session:
    return Session(index, tuple(Item(f"a{n}", m) for n, m in enumerate(minutes)), day)


def rows(plan) -> list[tuple[str, str, str]]:
    """Return (start, end, what) for each slot of a day: what is s<session>.<item>, a break kind or flexible."""
    result = []
    for slot in plan.slots:
        if slot.kind is SlotKind.ITEM:
            what = f"s{slot.session}.{slot.item}" + (f" part {slot.part}" if slot.part else "")
        else:
            what = slot.label or "flexible"
        result.append((clock_of(slot.start).strftime("%H:%M"), clock_of(slot.end).strftime("%H:%M"), what))
    return result


def test_activities_follow_each_other_and_breaks_sit_at_their_time():
    schedule = build_schedule([day(breaks=(COFFEE,))], [session(0, 60, 30, 30)])
    assert schedule.problems == ()
    assert rows(schedule.days[0]) == [
        ("09:00", "10:00", "s0.0"),
        ("10:00", "10:30", "s0.1"),
        ("10:30", "10:45", "coffee"),
        ("10:45", "11:15", "s0.2"),
    ]


def test_an_activity_never_runs_across_a_break_and_the_gap_is_flexible_time():
    schedule = build_schedule([day(breaks=(COFFEE,))], [session(0, 60, 45)])
    assert rows(schedule.days[0]) == [
        ("09:00", "10:00", "s0.0"),
        ("10:00", "10:30", "flexible"),
        ("10:30", "10:45", "coffee"),
        ("10:45", "11:30", "s0.1"),
    ]


def test_with_splitting_allowed_an_activity_continues_after_the_break():
    schedule = build_schedule([day(breaks=(COFFEE,))], [session(0, 60, 45)], split=True)
    assert rows(schedule.days[0]) == [
        ("09:00", "10:00", "s0.0"),
        ("10:00", "10:30", "s0.1 part 1"),
        ("10:30", "10:45", "coffee"),
        ("10:45", "11:00", "s0.1 part 2"),
    ]


def test_splitting_never_carries_an_activity_past_the_end_of_the_day():
    schedule = build_schedule([day(breaks=(COFFEE,)), day(16)], [session(0, 60, 140)], split=True)
    assert rows(schedule.days[0]) == [("09:00", "10:00", "s0.0")]
    assert rows(schedule.days[1]) == [("09:00", "11:20", "s0.1")]


def test_a_module_continues_on_the_next_day_between_activities():
    schedule = build_schedule([day(breaks=(COFFEE,)), day(16, breaks=(COFFEE,))], [session(0, 60, 30, 30, 60)])
    assert rows(schedule.days[0]) == [
        ("09:00", "10:00", "s0.0"),
        ("10:00", "10:30", "s0.1"),
        ("10:30", "10:45", "coffee"),
        ("10:45", "11:15", "s0.2"),
    ]
    assert rows(schedule.days[1]) == [("09:00", "10:00", "s0.3")]


def test_a_break_after_the_last_activity_of_a_day_is_left_out():
    schedule = build_schedule([day(breaks=(COFFEE,)), day(16)], [session(0, 90, 80)])
    assert rows(schedule.days[0]) == [("09:00", "10:30", "s0.0")]
    assert rows(schedule.days[1]) == [("09:00", "10:20", "s0.1")]


def test_breaks_side_by_side_are_both_placed():
    lunch = BreakSpec("lunch", t("10:45"), 45)
    schedule = build_schedule([day(breaks=(COFFEE, lunch))], [session(0, 90, 30)])
    assert rows(schedule.days[0]) == [
        ("09:00", "10:30", "s0.0"),
        ("10:30", "10:45", "coffee"),
        ("10:45", "11:30", "lunch"),
        ("11:30", "12:00", "s0.1"),
    ]


def test_a_forced_day_starts_the_module_at_the_beginning_of_that_day():
    schedule = build_schedule([day(), day(16)], [session(0, 30), session(1, 30, day=1)])
    assert rows(schedule.days[0]) == [("09:00", "09:30", "s0.0")]
    assert rows(schedule.days[1]) == [("09:00", "09:30", "s1.0")]


def test_a_forced_day_already_passed_is_a_problem():
    schedule = build_schedule([day(), day(16), day(17)], [session(0, 150, 150), session(1, 30, day=0)])
    assert schedule.problems == (Problem(ProblemKind.DAY_TAKEN, 1, None, 1),)


def test_activities_that_do_not_fit_in_the_last_day_are_an_overrun():
    schedule = build_schedule([day()], [session(0, 120), session(1, 75, 30)])
    assert schedule.problems == (Problem(ProblemKind.OVERRUN, 1, 0, 0, 105),)
    assert rows(schedule.days[0]) == [("09:00", "11:00", "s0.0")]


def test_an_activity_longer_than_any_stretch_between_breaks_is_reported_as_such():
    schedule = build_schedule([day(breaks=(COFFEE,))], [session(0, 30, 100)])
    assert schedule.problems == (Problem(ProblemKind.TOO_LONG, 0, 1, 0, 100),)


def test_longest_gap_between_breaks():
    assert longest_gap(day(breaks=(COFFEE,))) == 90
    assert longest_gap(day(start="08:00", end="17:00", breaks=(COFFEE, LUNCH))) == 210


def test_long_stretches_without_a_break_count_flexible_time():
    schedule = build_schedule([day(end="17:00", breaks=(COFFEE, LUNCH))], [session(0, 90, 60, 150)])
    assert rows(schedule.days[0]) == [
        ("09:00", "10:30", "s0.0"),
        ("10:30", "10:45", "coffee"),
        ("10:45", "11:45", "s0.1"),
        ("11:45", "12:30", "flexible"),
        ("12:30", "13:30", "lunch"),
        ("13:30", "16:00", "s0.2"),
    ]
    # 90 minutes is the limit and not over it; 60 minutes of activity and 45 of flexible time are.
    assert long_stretches(schedule.days[0]) == [(t("10:45"), t("12:30")), (t("13:30"), t("16:00"))]
    assert long_stretches(schedule.days[0], limit=150) == []


def test_last_item_of_a_day():
    schedule = build_schedule([day(), day(16)], [session(0, 30), session(1, 30, day=1)])
    assert last_item(schedule.days[0]).session == 0
    assert last_item(schedule.days[1]).session == 1
    assert last_item(build_schedule([day(), day(16)], [session(0, 30)]).days[1]) is None
