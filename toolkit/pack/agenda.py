"""The workshop on the clock as the templates show it: agenda rows, session plans, contents, changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from toolkit.module.model import Activity, Method
from toolkit.pack.loader import PackModule
from toolkit.pack.schedule import Schedule, Slot, SlotKind, clock_of
from toolkit.render.plan import PlanRow, first_questions


@dataclass(frozen=True)
class AgendaRow:
    """One row of a day's agenda: a module heading, an activity, a debrief, a break or flexible time.

    `kind` is module, activity, debrief, break or flexible; the templates name breaks, debriefs
    and flexible time in the pack's language. Facilitator-only details (the number of the variation
    chosen, the minutes before trimming, the titles of activities left out) are for the
    facilitators' agenda, never the participants'.
    """

    kind: str
    start: time
    end: time
    title: str = ""
    method: Method | None = None
    break_kind: str = ""
    part: int = 0
    continued: bool = False
    trimmed_from: int | None = None
    variation: int | None = None
    skipped: tuple[str, ...] = ()

    @property
    def minutes(self) -> int:
        """Return how long the row lasts."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@dataclass(frozen=True)
class AgendaDay:
    """One day of the agenda: its number (from 1), date and rows."""

    number: int
    date: date
    rows: tuple[AgendaRow, ...]


@dataclass(frozen=True)
class ContentsEntry:
    """A module in the booklet's contents: its title and when it starts."""

    title: str
    day: int
    start: time


def _item_of(planned: PackModule, slot: Slot) -> Activity | None:
    """Return the activity a slot holds, or None for a debrief."""
    activities = planned.module.activities
    return activities[slot.item] if slot.item is not None and slot.item < len(activities) else None


def agenda_days(schedule: Schedule, modules: list[PackModule]) -> list[AgendaDay]:
    """Return the agenda of every day: a module row before each module's first activity of the day."""
    by_index = {planned.index: planned for planned in modules}
    seen: set[int] = set()
    days = []
    for number, plan in enumerate(schedule.days, start=1):
        rows: list[AgendaRow] = []
        current: int | None = None
        for slot in plan.slots:
            if slot.kind is SlotKind.ITEM and slot.session is not None and slot.session != current:
                current = slot.session
                rows.append(_module_row(by_index[current], plan.slots, current, current in seen))
                seen.add(current)
            rows.append(_slot_row(slot, by_index))
        if rows:
            days.append(AgendaDay(number, plan.day.date, tuple(rows)))
    return days


def _module_row(planned: PackModule, slots: tuple[Slot, ...], session: int, continued: bool) -> AgendaRow:
    """Return the heading row of a module on one day, spanning its first to its last slot of the day."""
    own = [slot for slot in slots if slot.session == session]
    return AgendaRow(
        "module",
        clock_of(own[0].start),
        clock_of(own[-1].end),
        planned.module.title,
        continued=continued,
        skipped=() if continued else planned.skipped,
    )


def _slot_row(slot: Slot, by_index: dict[int, PackModule]) -> AgendaRow:
    """Return the agenda row of one slot."""
    start, end = clock_of(slot.start), clock_of(slot.end)
    if slot.kind is SlotKind.BREAK:
        return AgendaRow("break", start, end, break_kind=slot.label)
    if slot.kind is SlotKind.FLEXIBLE or slot.session is None:
        return AgendaRow("flexible", start, end)
    planned = by_index[slot.session]
    activity = _item_of(planned, slot)
    if activity is None:
        return AgendaRow("debrief", start, end)
    return AgendaRow(
        "activity",
        start,
        end,
        activity.title,
        activity.method,
        part=slot.part,
        trimmed_from=planned.trimmed.get(activity.id),
        variation=planned.entry.variation.get(activity.id),
    )


def session_plans(schedule: Schedule, modules: list[PackModule]) -> dict[int, list[PlanRow]]:
    """Return each module's session plan on the workshop's clock: when each activity starts and ends."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for plan in schedule.days:
        for slot in plan.slots:
            if slot.kind is SlotKind.ITEM and slot.session is not None and slot.item is not None:
                first = spans.get((slot.session, slot.item), (slot.start, slot.end))[0]
                spans[(slot.session, slot.item)] = (first, slot.end)
    plans: dict[int, list[PlanRow]] = {}
    for planned in modules:
        rows, elapsed = [], 0
        firsts = first_questions(planned.module.activities)
        for number, activity in enumerate(planned.module.activities, start=1):
            start, end = spans[(planned.index, number - 1)]
            rows.append(PlanRow(number, activity, clock_of(start), clock_of(end), elapsed, firsts[number - 1]))
            elapsed += activity.minutes
        plans[planned.index] = rows
    return plans


def contents(days: list[AgendaDay]) -> list[ContentsEntry]:
    """Return the modules in the order they run, with the day and time each starts."""
    return [
        ContentsEntry(row.title, day.number, row.start)
        for day in days
        for row in day.rows
        if row.kind == "module" and not row.continued
    ]


def start_days(schedule: Schedule) -> dict[tuple[int, int], int]:
    """Return the day (from 1) each item starts on, by session and item index."""
    result: dict[tuple[int, int], int] = {}
    for number, plan in enumerate(schedule.days, start=1):
        for slot in plan.slots:
            if slot.kind is SlotKind.ITEM and slot.session is not None and slot.item is not None:
                result.setdefault((slot.session, slot.item), number)
    return result


@dataclass(frozen=True)
class Trim:
    """An activity run shorter than written: its title, the minutes run and its own minutes."""

    activity: str
    minutes: int
    own: int


@dataclass(frozen=True)
class Variation:
    """The variation of an activity chosen for the workshop: its number (from 1) and text."""

    activity: str
    number: int
    text: str


@dataclass(frozen=True)
class ModuleChanges:
    """What the workshop changes in one module; facilitators only."""

    module: str
    skipped: tuple[str, ...]
    trimmed: tuple[Trim, ...]
    variations: tuple[Variation, ...]
    debrief: int


def module_changes(modules: list[PackModule]) -> list[ModuleChanges]:
    """Return the changes of every module the workshop changes: activities left out, trimmed or varied, debriefs."""
    result = []
    for planned in modules:
        activities = planned.module.activities
        trims = tuple(Trim(a.title, a.minutes, planned.trimmed[a.id]) for a in activities if a.id in planned.trimmed)
        variations = tuple(
            Variation(a.title, planned.entry.variation[a.id], planned.variations[a.id])
            for a in activities
            if a.id in planned.variations
        )
        debrief = planned.entry.debrief or 0
        if planned.skipped or trims or variations or debrief:
            result.append(ModuleChanges(planned.module.title, planned.skipped, trims, variations, debrief))
    return result
