"""Warnings that a workshop cannot run as its pack file says: steps longer than a trimmed activity,
too much sensitive material on one day, a day that ends well before its time with no reason given."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from toolkit.core.diagnostics import Diagnostic, Severity, field_path
from toolkit.module.model import Activity, Variation
from toolkit.module.step_times import steps_minutes
from toolkit.module.yamlsafe import FieldPath
from toolkit.pack.loader import PackModule
from toolkit.pack.model import Pack
from toolkit.pack.schedule import DayPlan, Schedule, SlotKind, last_item

# A day that ends more than an hour early leaves participants, venue and interpreters waiting for nothing.
EARLY_END_MINUTES = 60


def _warning(pack: Pack, path: FieldPath, message: str, code: str) -> Diagnostic:
    return Diagnostic(pack.file, pack.position(path), Severity.WARNING, f"{field_path(path)}: {message}", code)


def _hhmm(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def feasibility_warnings(pack: Pack, modules: Sequence[PackModule], schedule: Schedule) -> Iterator[Diagnostic]:
    """Yield every warning of this file's rules, for a pack whose schedule fits."""
    yield from trimmed_steps(pack, modules)
    yield from sensitive_days(pack, modules, schedule)
    yield from early_days(pack, schedule)


def _steps_run(activity: Activity, variation: Variation | str | None) -> tuple[int, str] | None:
    """Return how long the steps that will be run say they take, and how that was read; None when they do not say.

    A chosen variation with its own steps (or minutes) is what runs; else the activity's steps.
    """
    if isinstance(variation, Variation) and (variation.steps or variation.minutes):
        stated = steps_minutes(variation.steps)
        if stated is None:
            return (variation.minutes, "the chosen variation takes") if variation.minutes else None
        return stated[0], f"the chosen variation's steps take {' + '.join(map(str, stated[1]))} ="
    stated = steps_minutes(activity.steps)
    if stated is None:
        return None
    return stated[0], f"its steps take {' + '.join(map(str, stated[1]))} ="


def trimmed_steps(pack: Pack, modules: Sequence[PackModule]) -> Iterator[Diagnostic]:
    """Yield a warning for each trimmed activity whose steps (or chosen variation) say they take longer."""
    for planned in modules:
        activities = {activity.id: activity for activity in planned.module.activities}
        for activity_id in planned.trimmed:
            activity = activities[activity_id]
            number = planned.entry.variation.get(activity_id)
            variation = activity.variations[number - 1] if number else None
            run = _steps_run(activity, variation)
            if run is None or run[0] <= activity.minutes:
                continue
            minutes, how = run
            own = planned.trimmed[activity_id]
            yield _warning(
                pack,
                ("modules", planned.index, "minutes", activity_id),
                f'"{activity_id}" of "{planned.module.id}" is trimmed from {own} to {activity.minutes} minutes, '
                f"but {how} {minutes} minutes; give it {minutes} minutes, choose a variation that fits "
                f"(`variation`), skip it, or shorten its steps in the module",
                "pack.trim-steps",
            )


def sensitive_days(pack: Pack, modules: Sequence[PackModule], schedule: Schedule) -> Iterator[Diagnostic]:
    """Yield a warning for each day whose modules with a heavy content note add up past the pack's limit.

    Activities count, debriefs do not; the warning stands at the module that takes the day past the limit.
    """
    by_index = {planned.index: planned for planned in modules}
    limit = pack.sensitive_minutes_per_day
    for number, plan in enumerate(schedule.days):
        minutes: dict[int, int] = {}
        crossing: int | None = None
        for slot in plan.slots:
            if slot.kind is not SlotKind.ITEM or slot.session is None:
                continue
            planned = by_index[slot.session]
            note = planned.module.content_note
            if note is None or note.weight != "heavy" or slot.item == len(planned.module.activities):
                continue  # a debrief closes the material rather than adding to it
            minutes[slot.session] = minutes.get(slot.session, 0) + slot.minutes
            if crossing is None and sum(minutes.values()) > limit:
                crossing = slot.session
        if crossing is None:
            continue
        listing = ", ".join(f'"{by_index[index].module.id}" {count}' for index, count in minutes.items())
        yield _warning(
            pack,
            ("modules", crossing),
            f"day {number + 1} ({plan.day.date}) holds {sum(minutes.values())} minutes of modules with a heavy "
            f"content note ({listing}), more than {limit} (`sensitive_minutes_per_day`); move one to another day "
            "(`day`) with lighter modules between, or give a module that only mentions its topic "
            "`content_note.weight: light`",
            "pack.sensitive-day",
        )


def _ends_at(plan: DayPlan) -> int:
    """Return the minute a day's last activity ends; its start when nothing runs on it."""
    last = last_item(plan)
    return last.end if last is not None else plan.day.start


def early_days(pack: Pack, schedule: Schedule) -> Iterator[Diagnostic]:
    """Yield a warning for each day that ends more than an hour before the pack's `end` with no reason given."""
    for number, plan in enumerate(schedule.days):
        ends = _ends_at(plan)
        early = plan.day.end - ends
        if early <= EARLY_END_MINUTES or number + 1 in pack.ends_early:
            continue
        what = "has nothing in it" if last_item(plan) is None else f"ends at {_hhmm(ends)}"
        yield _warning(
            pack,
            ("dates", number),
            f"day {number + 1} ({plan.day.date}) {what}, {early} minutes before the day's end "
            f"({_hhmm(plan.day.end)}); fill it, or say why in `ends_early` "
            f'(such as `ends_early: {{{number + 1}: "Participants travel home"}}`)',
            "pack.early-end",
        )
