"""Checks of a pack as a whole: its days and breaks, then its schedule; every problem placed at its line."""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.core.diagnostics import Diagnostic, Severity, field_path
from toolkit.module.yamlsafe import FieldPath
from toolkit.pack.feasibility import feasibility_warnings
from toolkit.pack.loader import LoadedPack, PackModule
from toolkit.pack.model import Pack
from toolkit.pack.schedule import (
    BreakSpec,
    DaySpec,
    Item,
    Problem,
    ProblemKind,
    Schedule,
    Session,
    build_schedule,
    last_item,
    long_stretches,
    longest_gap,
    minute_of,
)

DEBRIEF = "debrief"


def _report(pack: Pack, path: FieldPath, message: str, code: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(pack.file, pack.position(path), severity, f"{field_path(path)}: {message}", code)


def _hhmm(minute: int) -> str:
    """Return a minute of the day as HH:MM; one at or past midnight (a break that runs over) says so."""
    hours, minutes = divmod(minute, 60)
    text = f"{hours % 24:02d}:{minutes:02d}"
    return text if hours < 24 else f"{text} the next day"


def day_specs(pack: Pack) -> list[DaySpec]:
    """Return the pack's days for the scheduler: the same hours and breaks every day, breaks in time order."""
    breaks = tuple(
        sorted((BreakSpec(b.kind.value, minute_of(b.at), b.minutes) for b in pack.breaks), key=lambda b: b.start)
    )
    return [DaySpec(day, minute_of(pack.start), minute_of(pack.end), breaks) for day in pack.dates]


def sessions(modules: list[PackModule]) -> list[Session]:
    """Return the modules for the scheduler: their activities in order, then any debrief."""
    result = []
    for planned in modules:
        items = [Item(activity.id, activity.minutes) for activity in planned.module.activities]
        if planned.entry.debrief:
            items.append(Item(DEBRIEF, planned.entry.debrief))
        day = planned.entry.day - 1 if planned.entry.day else None
        result.append(Session(planned.index, tuple(items), day))
    return result


def check_days(pack: Pack) -> Iterator[Diagnostic]:
    """Yield an error for days out of order, a day that ends before it starts, and breaks that do not fit."""
    for index in range(1, len(pack.dates)):
        if pack.dates[index] <= pack.dates[index - 1]:
            yield _report(
                pack,
                ("dates", index),
                f"{pack.dates[index]} is not after dates[{index - 1}] ({pack.dates[index - 1]}); "
                "list the days in order, each once",
                "pack.dates",
            )
    start, end = minute_of(pack.start), minute_of(pack.end)
    if end <= start:
        yield _report(
            pack, ("end",), f"the day ends at {_hhmm(end)}, not after it starts at {_hhmm(start)}", "pack.day"
        )
        return
    for index, brk in enumerate(pack.breaks):
        begin = minute_of(brk.at)
        span = f"the {brk.kind.value} break {_hhmm(begin)}–{_hhmm(begin + brk.minutes)}"
        if begin < start:
            yield _report(
                pack, ("breaks", index), f"{span} starts before the day starts ({_hhmm(start)})", "pack.break"
            )
        elif begin + brk.minutes > end:
            yield _report(pack, ("breaks", index), f"{span} ends after the day ends ({_hhmm(end)})", "pack.break")
        for other_index, other in enumerate(pack.breaks[:index]):
            other_begin = minute_of(other.at)
            if begin < other_begin + other.minutes and other_begin < begin + brk.minutes:
                other_span = f"{other.kind.value} {_hhmm(other_begin)}–{_hhmm(other_begin + other.minutes)}"
                yield _report(
                    pack,
                    ("breaks", index),
                    f"{span} overlaps breaks[{other_index}] ({other_span}); move one of them",
                    "pack.break-overlap",
                )


def check_entries(pack: Pack) -> Iterator[Diagnostic]:
    """Yield an error for a module listed twice and for a `day` (or an `ends_early` day) the pack does not have."""
    seen: dict[str, int] = {}
    for index, entry in enumerate(pack.modules):
        if entry.id in seen:
            yield _report(
                pack,
                ("modules", index, "id"),
                f'"{entry.id}" is already modules[{seen[entry.id]}]; a module runs once in a pack',
                "pack.duplicate-module",
            )
        seen.setdefault(entry.id, index)
        if entry.day is not None and entry.day > len(pack.dates):
            days = len(pack.dates)
            yield _report(
                pack,
                ("modules", index, "day"),
                f"the pack has {days} day{'s' if days != 1 else ''} (dates), so there is no day {entry.day}",
                "pack.day",
            )
    for day in pack.ends_early:
        if day > len(pack.dates):
            days = len(pack.dates)
            yield _report(
                pack,
                ("ends_early", str(day)),  # the YAML reader keeps mapping keys as text
                f"the pack has {days} day{'s' if days != 1 else ''} (dates), so there is no day {day}",
                "pack.day",
            )


def schedule_problems(pack: Pack, modules: list[PackModule], schedule: Schedule) -> Iterator[Diagnostic]:
    """Yield an error for each problem the scheduler met, placed at the module entry it concerns."""
    by_index = {planned.index: planned for planned in modules}
    for problem in schedule.problems:
        yield _problem_diagnostic(pack, by_index[problem.session], problem)


def _problem_diagnostic(pack: Pack, planned: PackModule, problem: Problem) -> Diagnostic:
    """Return the error for one scheduling problem."""
    module = planned.module
    base: FieldPath = ("modules", planned.index)
    if problem.kind is ProblemKind.DAY_TAKEN:
        message = (
            f'"{module.id}" is set to start on day {planned.entry.day}, but the modules before it run into '
            f"day {problem.day + 1}; remove `day` or move modules to other days"
        )
        return _report(pack, (*base, "day"), message, "pack.day")
    item = _item_name(planned, problem.item)
    if problem.kind is ProblemKind.TOO_LONG:
        longest = max(longest_gap(day) for day in day_specs(pack))
        message = (
            f'{item} of "{module.id}" lasts {problem.minutes} minutes, longer than any stretch between breaks '
            f"({longest} minutes); trim it (`minutes`), move a break, or set `split_activities: true`"
        )
        return _report(pack, base, message, "pack.too-long")
    last = pack.dates[-1]
    message = (
        f'the days overrun: from {item} of "{module.id}" on, {problem.minutes} minutes of activities do not fit '
        f"before {pack.end.strftime('%H:%M')} on the last day ({last}); "
        "add a day, end later, or trim or skip activities"
    )
    return _report(pack, base, message, "pack.overrun")


def _item_name(planned: PackModule, item: int | None) -> str:
    """Return how messages name an item of a module: its activity id, or the debrief."""
    activities = planned.module.activities
    if item is not None and item < len(activities):
        return f'activity "{activities[item].id}"'
    return "the debrief"


def schedule_warnings(pack: Pack, modules: list[PackModule], schedule: Schedule) -> Iterator[Diagnostic]:
    """Yield a warning for each day that runs over 90 minutes without a break, or ends on a sensitive module."""
    by_index = {planned.index: planned for planned in modules}
    for number, plan in enumerate(schedule.days):
        for start, end in long_stretches(plan):
            yield _report(
                pack,
                ("dates", number),
                f"day {number + 1} ({plan.day.date}) runs {end - start} minutes without a break, "
                f"{_hhmm(start)}–{_hhmm(end)}; add a break",
                "pack.no-break",
                Severity.WARNING,
            )
        slot = last_item(plan)
        if slot is None or slot.session is None:
            continue
        planned = by_index[slot.session]
        count = len(planned.module.activities)
        is_debrief = slot.item == count  # sessions() puts a debrief after the activities
        closes_itself = planned.entry.debrief == 0 and slot.item == count - 1
        if planned.module.content_note and not is_debrief and not closes_itself:
            yield _report(
                pack,
                ("modules", planned.index),
                f'"{planned.module.id}" has a content note and ends day {number + 1} at {_hhmm(slot.end)}; end the day '
                "with a lighter module or a debrief (`debrief: 15` after the module, or `debrief: 0` if it closes "
                "the day safely itself)",
                "pack.sensitive-last",
                Severity.WARNING,
            )


def check_pack(loaded: LoadedPack) -> Schedule | None:
    """Add every check's diagnostics to `loaded`, in file order; return the schedule when everything fits.

    The schedule is only built once the pack and its modules are free of errors.
    """
    pack = loaded.pack
    if pack is None:
        return None
    loaded.diagnostics.extend(check_days(pack))
    loaded.diagnostics.extend(check_entries(pack))
    schedule = None
    if loaded.ok:
        schedule = build_schedule(day_specs(pack), sessions(loaded.modules), pack.split_activities)
        loaded.diagnostics.extend(schedule_problems(pack, loaded.modules, schedule))
        loaded.diagnostics.extend(schedule_warnings(pack, loaded.modules, schedule))
        if not schedule.problems:
            loaded.diagnostics.extend(feasibility_warnings(pack, loaded.modules, schedule))
    loaded.diagnostics.sort(key=lambda d: _file_order(d, pack.file))
    return schedule if schedule is not None and not schedule.problems else None


def _file_order(diagnostic: Diagnostic, first: str) -> tuple[bool, str, int, int]:
    """Return a sort key: the file `first`, then the others by name; in each file by line and column."""
    line, column = (diagnostic.position.line, diagnostic.position.column) if diagnostic.position else (0, 0)
    return (diagnostic.file != first, diagnostic.file, line, column)
